package io.github.cream.core;

import io.github.cream.api.Money;
import java.util.Objects;

/**
 * How well prompt caching worked over a set of calls.
 *
 * @param promptTokens every prompt token: uncached input, cache reads and cache writes
 * @param cacheReadTokens prompt tokens read from the cache
 * @param hitRatio {@code cacheReadTokens / promptTokens}, 0 when there were no prompts
 * @param saved what the cache reads saved: their cost as uncached input minus their cost as reads, for calls whose
 *     model has a price
 * @param expiredWriteTokens cache writes that nothing read: the session's next call on the same model did not
 *     read the cache, or there was no next call and the cache has gone cold
 * @param expiredWrites what those writes cost
 */
public record CacheEfficiency(
    long promptTokens, long cacheReadTokens, double hitRatio, Money saved, long expiredWriteTokens,
    Money expiredWrites) {

  /**
   * Validates the components.
   *
   * @param promptTokens prompt tokens
   * @param cacheReadTokens cache reads
   * @param hitRatio read share
   * @param saved money saved
   * @param expiredWriteTokens unread writes
   * @param expiredWrites their cost
   */
  public CacheEfficiency {
    Objects.requireNonNull(saved, "saved");
    Objects.requireNonNull(expiredWrites, "expiredWrites");
    if (!(hitRatio >= 0 && hitRatio <= 1)) {
      throw new IllegalArgumentException("hitRatio must be between 0 and 1, was " + hitRatio);
    }
  }
}
