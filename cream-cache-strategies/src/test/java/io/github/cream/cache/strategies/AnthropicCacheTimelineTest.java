package io.github.cream.cache.strategies;

import static io.github.cream.cache.strategies.Fixtures.T0;
import static io.github.cream.cache.strategies.Fixtures.at;
import static io.github.cream.cache.strategies.Fixtures.min;
import static io.github.cream.cache.strategies.Fixtures.opus;
import static io.github.cream.cache.strategies.Fixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnthropicCacheTimelineTest {

  @Test
  void anEmptyOrUntouchedHistoryHasNoLivePrefix() {
    AnthropicCacheTimeline t = AnthropicCacheTimeline.replay(List.of(opus(Duration.ZERO, tokens(500, 0, 0, 0))));
    assertTrue(t.touches().isEmpty());
    assertTrue(t.livePrefix().isEmpty());
    assertEquals(Optional.empty(), t.ttlInForce());
    assertEquals(0, t.coldStarts());
    assertEquals(TokenCounts.ZERO, t.expiredUnreadWrites(at(min(100))));
  }

  @Test
  void theTtlInForceAfterEachPrefixOfTheHistory() {
    List<UsageRecord> calls =
        List.of(
            opus(Duration.ZERO, tokens(3, 0, 10_000, 0)),
            opus(min(2), tokens(3, 10_000, 0, 5_000)),
            opus(min(30), tokens(3, 15_000, 1_000, 0)),
            opus(min(200), tokens(3, 0, 16_000, 0)));
    assertEquals(Optional.of(min(5)), AnthropicCacheTimeline.replay(calls.subList(0, 1)).ttlInForce());
    assertEquals(Optional.of(min(60)), AnthropicCacheTimeline.replay(calls.subList(0, 2)).ttlInForce());
    AnthropicCacheTimeline three = AnthropicCacheTimeline.replay(calls.subList(0, 3));
    assertEquals(Optional.of(min(60)), three.ttlInForce());
    assertTrue(three.liveHas1hWrite());
    assertTrue(three.liveHas5mWrite());
    assertEquals(3, three.livePrefix().size());
    AnthropicCacheTimeline all = AnthropicCacheTimeline.replay(calls);
    assertEquals(Optional.of(min(5)), all.ttlInForce());
    assertFalse(all.liveHas1hWrite());
    assertEquals(2, all.coldStarts());
    assertEquals(1, all.livePrefix().size());
    assertEquals(at(min(205)), all.lastTouch().orElseThrow().expiresAt());
  }

  @Test
  void aTouchExactlyAtTheExpiryFindsTheCacheCold() {
    AnthropicCacheTimeline t =
        AnthropicCacheTimeline.replay(
            List.of(opus(Duration.ZERO, tokens(3, 0, 10_000, 0)), opus(min(5), tokens(3, 10_000, 0, 0))));
    assertTrue(t.touches().get(1).coldStart());
    AnthropicCacheTimeline justBefore =
        AnthropicCacheTimeline.replay(
            List.of(
                opus(Duration.ZERO, tokens(3, 0, 10_000, 0)),
                opus(min(5).minusMillis(1), tokens(3, 10_000, 0, 0))));
    assertFalse(justBefore.touches().get(1).coldStart());
  }

  @Test
  void writesThatExpiredUnreadAreCountedByLifetime() {
    List<UsageRecord> calls =
        List.of(
            opus(Duration.ZERO, tokens(3, 0, 0, 20_000)), // read by the next call: used
            opus(min(10), tokens(3, 20_000, 0, 4_000)), // next call comes after 1 h: expired unread
            opus(min(100), tokens(3, 0, 24_000, 0)), // the next call does not read: unread
            opus(min(101), tokens(3, 0, 0, 0)), // touches nothing, ignored
            opus(min(102), tokens(3, 0, 25_000, 0))); // last write, pending until T0 + 107 min
    AnthropicCacheTimeline t = AnthropicCacheTimeline.replay(calls);
    assertEquals(TokenCounts.of(0, 0, 24_000, 4_000, 0), t.expiredUnreadWrites(at(min(106))));
    assertEquals(TokenCounts.of(0, 0, 49_000, 4_000, 0), t.expiredUnreadWrites(at(min(107))));
    assertEquals(T0, t.touches().get(0).call().timestamp());
  }
}
