package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.internal.CacheEvaluator;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {

  /** Warm for exactly ten minutes after the last call, for one provider, at a given priority. */
  static class TenMinutes implements CacheStrategy {
    private final String id;
    private final String provider;
    private final int priority;

    TenMinutes(String id, String provider, int priority) {
      this.id = id;
      this.provider = provider;
      this.priority = priority;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public OptionalInt supports(String p, String model) {
      return p.equals(provider) ? OptionalInt.of(priority) : OptionalInt.empty();
    }

    @Override
    public CacheVerdict evaluate(CacheHistory history, Instant now) {
      UsageRecord last = history.calls().get(history.calls().size() - 1);
      Instant expires = last.timestamp().plus(Duration.ofMinutes(10));
      return CacheVerdict.builder(id, now.isBefore(expires) ? CacheState.WARM : CacheState.COLD)
          .lastActivity(last.timestamp())
          .expiresAt(expires)
          .confidence(Confidence.HIGH)
          .cachedPrefixTokens(last.tokens().prompt())
          .note(history.observations().size() + " observations")
          .build();
    }
  }

  @TempDir Path home;

  private UsageSnapshot scan(String lines, CacheStrategy... strategies) throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    Files.writeString(root.resolve("a.jsonl"), lines);
    Cream.Builder b =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
            .discoverProviders(false)
            .bundledPrices(false)
            .source(new FakeSource())
            .price(
                ModelPrice.builder("m").provider("prov").input("10").output("10").cacheRead("1")
                    .cacheWrite5m("12.5").cacheWrite1h("20").build());
    for (CacheStrategy s : strategies) {
      b.cacheStrategy(s);
    }
    return b.build().scan();
  }

  private static String call(String session, String provider, String time, long in, long read, long write) {
    return "{\"s\":\"" + session + "\",\"p\":\"" + provider + "\",\"t\":\"" + time + "\",\"in\":" + in + ",\"cr\":"
        + read + ",\"w5\":" + write + "}\n";
  }

  @Test
  void theHighestPriorityStrategyWinsAndIsKeyedOnTheProvider() throws IOException {
    UsageSnapshot s =
        scan(
            call("a", "prov", "2026-11-20T10:00:00Z", 10, 0, 1000) + call("a", "prov", "2026-11-20T10:05:00Z", 10, 1000, 0),
            new TenMinutes("builtin", "prov", 100),
            new TenMinutes("plugin", "prov", 150),
            new TenMinutes("other", "elsewhere", 500));
    SessionCache c = s.cacheState("fake", "a", Instant.parse("2026-11-20T10:14:59Z")).orElseThrow();
    assertEquals("plugin", c.verdict().strategy());
    assertEquals(CacheState.WARM, c.verdict().state());
    assertEquals("1 observations", c.verdict().notes().get(0));
    assertEquals(
        CacheState.COLD,
        s.cacheState("fake", "a", Instant.parse("2026-11-20T10:15:00Z")).orElseThrow().verdict().state());
  }

  @Test
  void unsupportedProvidersGetAnHonestUnknownAndRoutersANote() throws IOException {
    UsageSnapshot s =
        scan(
            call("a", "mystery", "2026-11-20T10:00:00Z", 10, 0, 0)
                + call("b", "openrouter", "2026-11-20T10:00:00Z", 10, 0, 0),
            new TenMinutes("or", "openrouter", 50));
    List<SessionCache> all = s.cacheStates(Instant.parse("2026-11-20T10:01:00Z"));
    assertEquals(2, all.size());
    SessionCache a = all.stream().filter(c -> c.session().sessionId().equals("a")).findFirst().orElseThrow();
    assertEquals(CacheState.UNKNOWN, a.verdict().state());
    assertEquals(CacheEvaluator.FALLBACK_ID, a.verdict().strategy());
    SessionCache b = all.stream().filter(c -> c.session().sessionId().equals("b")).findFirst().orElseThrow();
    assertTrue(b.verdict().notes().contains(CacheEvaluator.ROUTER_NOTE));
  }

  @Test
  void aFailingStrategyGivesUnknownNotAnException() throws IOException {
    CacheStrategy failing =
        new TenMinutes("failing", "prov", 100) {
          @Override
          public CacheVerdict evaluate(CacheHistory history, Instant now) {
            throw new IllegalStateException("bug");
          }
        };
    UsageSnapshot s = scan(call("a", "prov", "2026-11-20T10:00:00Z", 10, 0, 0), failing);
    CacheVerdict v = s.cacheState("fake", "a", Instant.parse("2026-11-20T10:01:00Z")).orElseThrow().verdict();
    assertEquals(CacheState.UNKNOWN, v.state());
    assertEquals("failing", v.strategy());
  }

  @Test
  void efficiencyCountsSavingsAndUnreadWrites() throws IOException {
    // write 1000 (read by the next call), write 500 (next call reads nothing), write 200 (last, now cold)
    UsageSnapshot s =
        scan(
            call("a", "prov", "2026-11-20T10:00:00Z", 100, 0, 1000)
                + call("a", "prov", "2026-11-20T10:01:00Z", 100, 1000, 500)
                + call("a", "prov", "2026-11-20T10:02:00Z", 100, 0, 200),
            new TenMinutes("t", "prov", 100));
    CacheEfficiency e = s.cacheEfficiency(Instant.parse("2026-11-20T11:00:00Z"));
    assertEquals(300 + 1000 + 1700, e.promptTokens());
    assertEquals(1000, e.cacheReadTokens());
    assertEquals(1000.0 / 3000.0, e.hitRatio(), 1e-12);
    // 1000 reads at $1 instead of $10 per million: $0.009 saved
    assertEquals(Money.ofUsd("0.009"), e.saved());
    assertEquals(700, e.expiredWriteTokens());
    assertEquals(Money.ofUsd("0.00875"), e.expiredWrites());
    // while the last write is still warm it is not counted as unread
    assertEquals(500, s.cacheEfficiency(Instant.parse("2026-11-20T10:05:00Z")).expiredWriteTokens());
  }
}
