package io.github.cream.api;

/** How far a {@link CacheVerdict} can be trusted. */
public enum Confidence {
  /** Follows from a published rule and the log's own evidence (Anthropic's TTLs and cache-write splits). */
  HIGH,
  /** Follows from a published rule with a range, or from enough of the user's own history. */
  MEDIUM,
  /** A best guess: the rule is vague, the provider may reroute, or the evidence is thin. */
  LOW,
  /** Nothing is known. */
  NONE
}
