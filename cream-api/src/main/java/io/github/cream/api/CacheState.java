package io.github.cream.api;

/** Whether a session's prompt cache is still held by the provider. */
public enum CacheState {
  /** The cached prefix is still there: resuming now reads it at the cache-read price. */
  WARM,
  /** The cache has expired, or never held anything: resuming writes the prefix again. */
  COLD,
  /** The rules or the evidence do not allow an honest answer. */
  UNKNOWN
}
