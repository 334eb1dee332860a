package io.github.cream.api;

/** Facts about a {@link UsageRecord} that reports may want to show or filter on. */
public enum RecordFlag {
  /** Made by a subagent, sidechain or spawned thread rather than the main conversation. */
  SUBAGENT,
  /** The log did not say which model answered; the model is the source's documented fallback. */
  FALLBACK_MODEL,
  /** The call was aborted or ended in an error, but the provider still billed the tokens it reports. */
  ABORTED,
  /**
   * The log gave the call's cache writes without saying whether they were 5-minute or 1-hour writes; they are
   * counted (and priced) as 5-minute writes, and cache verdicts are less certain.
   */
  CACHE_WRITE_UNSPLIT
}
