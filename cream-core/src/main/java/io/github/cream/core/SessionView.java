package io.github.cream.core;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.SessionSummary;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a session browser: the session's facts and totals, its prompt-cache verdict at an instant, and what
 * its source can do (whether it can be opened to its messages, say).
 *
 * @param session the facts (title, working directory, category, parent, models) and the totals of its calls
 * @param cache the cache verdict, for a session with calls
 * @param capabilities what the session's source can do
 */
public record SessionView(SessionSummary session, Optional<SessionCache> cache, SourceCapabilities capabilities) {

  /**
   * Validates the components.
   *
   * @param session the session
   * @param cache its verdict
   * @param capabilities its source's capabilities
   */
  public SessionView {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(capabilities, "capabilities");
  }

  /**
   * The verdict alone.
   *
   * @return the cache verdict, for a session with calls
   */
  public Optional<CacheVerdict> verdict() {
    return cache.map(SessionCache::verdict);
  }
}
