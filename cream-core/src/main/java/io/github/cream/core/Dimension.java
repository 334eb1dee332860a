package io.github.cream.core;

/** What {@link UsageSnapshot#by(Dimension)} groups calls by. */
public enum Dimension {
  /** The source id. */
  SOURCE,
  /** The provider id. */
  PROVIDER,
  /** The model id. */
  MODEL,
  /** The working directory (calls without one are grouped under an empty key). */
  PROJECT,
  /** The session, as {@code source/sessionId}. */
  SESSION,
  /**
   * Who served the call: the upstream provider an enrichment named for a routed call, else the call's provider
   * (see {@link PricedRecord#servedBy()}).
   */
  UPSTREAM_PROVIDER
}
