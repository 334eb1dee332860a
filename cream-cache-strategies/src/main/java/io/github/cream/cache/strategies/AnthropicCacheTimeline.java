package io.github.cream.cache.strategies;

import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A replay of one Anthropic prompt cache through a session's calls: which call found the cache cold, which lifetime
 * was in force after each call, and which cache writes expired before anything read them.
 *
 * <p>The rules replayed (Anthropic prompt-caching guide, https://platform.claude.com/docs/en/build-with-claude/prompt-caching,
 * as summarised in research peers.md section 3 and claude-codex-ccusage.md sections 1.4 and 6):
 * <ul>
 *   <li>An entry lives 5 minutes, or 1 hour when written with {@code ttl: "1h"}; the log tells them apart by the
 *       {@code cache_creation} split, which cream keeps as {@link TokenCounts#cacheWrite5m()} and
 *       {@link TokenCounts#cacheWrite1h()}.
 *   <li>Every call that reads or writes the cache refreshes it ("refreshed for no additional cost each time the
 *       cached content is used"); a call that does neither leaves it alone.
 *   <li>The <em>live prefix</em> is the run of cache-touching calls since the cache was last found cold: a call
 *       that comes at or after the expiry in force starts a new one. The lifetime of the live prefix is 1 hour as soon
 *       as any call in it wrote for 1 hour (1-hour entries precede 5-minute ones in a prompt, so the head of the
 *       prefix survives), 5 minutes otherwise.
 * </ul>
 * The replay works on the logged timestamps as they are; it does not widen or narrow lifetimes for the gap between
 * a request's start and its logged time (the strategy does that when it judges "now"). It assumes every call it is
 * given shares one cache: give it the calls of one model and one conversation, oldest first, as
 * {@link AnthropicEphemeralStrategy} does. A call that fails to read a prefix that should still be warm (a changed
 * prompt, a different region) is not treated as the end of the cache; the log does not tell the two apart.
 *
 * <p>This class is public for the engine's later use (its package is not exported, so it is no API yet): the TTL in
 * force after any prefix of a history is {@code AnthropicCacheTimeline.replay(calls.subList(0, k)).ttlInForce()}.
 */
public final class AnthropicCacheTimeline {

  /** The default ephemeral lifetime. */
  public static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** The extended lifetime of a {@code ttl: "1h"} write. */
  public static final Duration ONE_HOUR = Duration.ofHours(1);

  private final List<Touch> touches;
  private final int liveStart;
  private final boolean live1h;
  private final boolean live5m;

  private AnthropicCacheTimeline(List<Touch> touches, int liveStart, boolean live1h, boolean live5m) {
    this.touches = List.copyOf(touches);
    this.liveStart = liveStart;
    this.live1h = live1h;
    this.live5m = live5m;
  }

  /**
   * One call that read or wrote the cache, and the cache's state right after it.
   *
   * @param call the call
   * @param coldStart whether the call found no live prefix (the first touch, or one at or after the expiry)
   * @param ttl the lifetime in force after the call
   * @param expiresAt when the cache expires if nothing touches it again: the call's logged time plus {@code ttl}
   */
  public record Touch(UsageRecord call, boolean coldStart, Duration ttl, Instant expiresAt) {

    /**
     * Validates the components.
     *
     * @param call the call
     * @param coldStart whether the call started a live prefix
     * @param ttl the lifetime in force after it
     * @param expiresAt the expiry after it
     */
    public Touch {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  /**
   * Replays the calls of one cache.
   *
   * @param calls the calls, oldest first (calls out of order are taken in the order given); nulls are skipped
   * @return the timeline
   */
  public static AnthropicCacheTimeline replay(List<UsageRecord> calls) {
    Objects.requireNonNull(calls, "calls");
    List<Touch> touches = new ArrayList<>();
    int liveStart = -1;
    boolean has1h = false;
    boolean has5m = false;
    Instant last = null;
    Instant expires = null;
    for (UsageRecord c : calls) {
      if (c == null || !touchesCache(c.tokens())) {
        continue;
      }
      Instant t = c.timestamp();
      boolean cold = expires == null || !t.isBefore(expires);
      if (cold) {
        liveStart = touches.size();
        has1h = false;
        has5m = false;
      }
      has1h |= c.tokens().cacheWrite1h() > 0;
      has5m |= c.tokens().cacheWrite5m() > 0;
      Duration ttl = has1h ? ONE_HOUR : FIVE_MINUTES;
      // a call dated before the latest touch (out of order) cannot move the refresh point backwards
      last = last == null || t.isAfter(last) ? t : last;
      expires = last.plus(ttl);
      touches.add(new Touch(c, cold, ttl, expires));
    }
    return new AnthropicCacheTimeline(touches, liveStart, has1h, has5m);
  }

  /**
   * Whether a call read or wrote the cache, which refreshes it.
   *
   * @param tokens the call's tokens
   * @return true when it read or wrote
   */
  public static boolean touchesCache(TokenCounts tokens) {
    return tokens.cacheRead() > 0 || tokens.cacheWrite() > 0;
  }

  /**
   * Every call that touched the cache, in order.
   *
   * @return the touches
   */
  public List<Touch> touches() {
    return touches;
  }

  /**
   * The touches since the cache was last found cold.
   *
   * @return the live prefix, empty when nothing touched the cache
   */
  public List<Touch> livePrefix() {
    return liveStart < 0 ? List.of() : touches.subList(liveStart, touches.size());
  }

  /**
   * The latest touch.
   *
   * @return the last call that read or wrote the cache, if any
   */
  public Optional<Touch> lastTouch() {
    return touches.isEmpty() ? Optional.empty() : Optional.of(touches.get(touches.size() - 1));
  }

  /**
   * The lifetime in force after the last call.
   *
   * @return 1 hour or 5 minutes, empty when nothing touched the cache
   */
  public Optional<Duration> ttlInForce() {
    return lastTouch().map(Touch::ttl);
  }

  /**
   * Whether a call of the live prefix wrote for 1 hour.
   *
   * @return true if so
   */
  public boolean liveHas1hWrite() {
    return live1h;
  }

  /**
   * Whether a call of the live prefix wrote for 5 minutes (or wrote without a known split, which counts as 5 minutes).
   *
   * @return true if so
   */
  public boolean liveHas5mWrite() {
    return live5m;
  }

  /**
   * How often the cache was found cold: the first touch, and every touch after an expiry.
   *
   * @return the number of cold starts
   */
  public int coldStarts() {
    int n = 0;
    for (Touch t : touches) {
      n += t.coldStart() ? 1 : 0;
    }
    return n;
  }

  /**
   * The cache writes nothing read before they expired: a write is read when the next touch continues the live
   * prefix and reads the cache; it expired unread when the next touch found the cache cold or did not read, or when
   * there is no next touch and {@code now} is at or after its expiry. Writes still within their lifetime are not
   * counted. Priced with the model's cache-write prices, this is the money spent on writes that expired unread.
   *
   * @param now the instant to judge the last write at
   * @return the expired writes, 5-minute and 1-hour apart; other counts are zero
   */
  public TokenCounts expiredUnreadWrites(Instant now) {
    Objects.requireNonNull(now, "now");
    long w5 = 0;
    long w1 = 0;
    for (int i = 0; i < touches.size(); i++) {
      Touch t = touches.get(i);
      TokenCounts tok = t.call().tokens();
      if (tok.cacheWrite() == 0) {
        continue;
      }
      boolean wasted;
      if (i + 1 < touches.size()) {
        Touch next = touches.get(i + 1);
        wasted = next.coldStart() || next.call().tokens().cacheRead() == 0;
      } else {
        wasted = !now.isBefore(t.expiresAt());
      }
      if (wasted) {
        w5 = saturatingAdd(w5, tok.cacheWrite5m());
        w1 = saturatingAdd(w1, tok.cacheWrite1h());
      }
    }
    return TokenCounts.of(0, 0, w5, w1, 0);
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
