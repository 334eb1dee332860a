package io.github.cream.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One call seen from the cache's side: how long the conversation had been idle before it, and what the call read
 * from and wrote to the cache. A strategy that learns lifetimes from history uses many of these.
 *
 * @param idleGap time since the previous call of the same session
 * @param cacheReadTokens tokens the call read from the cache
 * @param cacheWriteTokens tokens the call wrote to the cache
 * @param promptTokens the call's whole prompt: input, cache reads and cache writes
 */
public record GapObservation(Duration idleGap, long cacheReadTokens, long cacheWriteTokens, long promptTokens) {

  /**
   * Validates the components.
   *
   * @param idleGap idle time before the call
   * @param cacheReadTokens cache reads
   * @param cacheWriteTokens cache writes
   * @param promptTokens prompt size
   */
  public GapObservation {
    Objects.requireNonNull(idleGap, "idleGap");
    if (idleGap.isNegative() || cacheReadTokens < 0 || cacheWriteTokens < 0 || promptTokens < 0) {
      throw new IllegalArgumentException("gap and token counts must not be negative");
    }
  }

  /**
   * Whether the call read anything from the cache.
   *
   * @return true when it did
   */
  public boolean hit() {
    return cacheReadTokens > 0;
  }
}
