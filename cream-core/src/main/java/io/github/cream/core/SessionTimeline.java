package io.github.cream.core;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a session cost what it did: its messages in order, each call's tokens, cost and cache reads and writes, and
 * the idle gaps of the main conversation, each with the prompt-cache verdict at its end — whether the wait let the
 * cache expire, so that the next call wrote the whole prompt again. Made by {@link UsageSnapshot#timeline}.
 *
 * @param session the session's facts and totals
 * @param cache the session's cache verdict at {@link #now()}, if it has calls
 * @param now the instant the verdict is given at
 * @param messages the messages, in order, with their calls' usage and cost
 * @param gaps the idle gaps, in order
 * @param diagnostics what could not be shown (see {@link SessionMessages})
 */
public record SessionTimeline(
    SessionSummary session,
    Optional<SessionCache> cache,
    Instant now,
    List<PricedMessage> messages,
    List<IdleGap> gaps,
    List<Diagnostic> diagnostics) {

  /** The shortest wait between two messages of the main conversation that counts as an idle gap. */
  public static final Duration MIN_IDLE = Duration.ofMinutes(1);

  /**
   * Validates and copies the components.
   *
   * @param session the session
   * @param cache its verdict now
   * @param now the instant of the verdict
   * @param messages the messages
   * @param gaps the idle gaps
   * @param diagnostics diagnostics
   */
  public SessionTimeline {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(now, "now");
    messages = List.copyOf(messages);
    gaps = List.copyOf(gaps);
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * The totals of the calls the messages carry; the session's totals when every call was found on a message.
   *
   * @return the totals
   */
  public UsageTotals totals() {
    return PricedMessage.totals(messages);
  }

  /**
   * A wait of at least {@link #MIN_IDLE} between two consecutive timestamped messages of the main conversation
   * (subagents' messages do not end a gap: the parent's cache ages while it waits for them; the lines of one
   * streamed response do not make one either: the model was still writing), and the state of the session's prompt
   * cache when the wait ended. Tool runs count: the cache ages while a tool works.
   *
   * <p>The verdict is the session's cache strategy judging the calls made before the gap ended, at the moment the
   * next call was made (the first call at or after the gap's end; the gap's end when none followed): exactly the
   * question "was the cache still warm for that call?". {@link #cacheExpired()} says whether the wait let a cache
   * that held something expire.
   *
   * @param before the index in {@link #messages()} of the message that ended the gap
   * @param from the last message's time before the gap
   * @param to the time of the message that ended it
   * @param cache the verdict when the next call was made, if the session had calls before the gap
   */
  public record IdleGap(int before, Instant from, Instant to, Optional<CacheVerdict> cache) {

    /**
     * Validates the components.
     *
     * @param before index of the message after the gap
     * @param from start
     * @param to end
     * @param cache verdict at the next call
     */
    public IdleGap {
      if (before < 0) {
        throw new IllegalArgumentException("before must not be negative, was " + before);
      }
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(cache, "cache");
    }

    /**
     * How long the conversation was idle.
     *
     * @return the wait
     */
    public Duration idle() {
      return Duration.between(from, to);
    }

    /**
     * Whether a cache that held a prefix was cold by the next call: the wait outlived its lifetime.
     *
     * @return true when the verdict is cold and the cache had held tokens
     */
    public boolean cacheExpired() {
      return cache.map(v -> v.state() == CacheState.COLD && v.cachedPrefixTokens() > 0).orElse(false);
    }
  }
}
