package io.github.cream.core.internal.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.TokenCounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prices that changed over time: each call at the price valid at its timestamp, checked at the exact boundaries. */
class DatedPricesTest {

  private static final PriceTable TABLE = PriceTable.bundled();
  private static final Instant NANO = Instant.EPOCH.plusNanos(1);

  @TempDir Path dir;

  private static Money cost(String model, String at, TokenCounts t) {
    return TABLE.find(null, model, Instant.parse(at)).orElseThrow().cost(t);
  }

  private static String justBefore(String at) {
    return Instant.parse(at).minusNanos(1).toString();
  }

  @Test
  void sonnet55CacheReadsCostTwiceAsMuchBeforeTheCutOf20261007() {
    TokenCounts t = TokenCounts.of(1_000, 1_000_000, 0, 0, 100);
    String cut = "2026-10-07T00:00:00Z";
    assertEquals("2026-10-06T23:59:59.999999999Z", justBefore(cut));
    assertEquals(Money.ofNanos(203_000_000), cost("claude-sonnet-5-5", justBefore(cut), t)); // $0.20 reads
    assertEquals(Money.ofNanos(103_000_000), cost("claude-sonnet-5-5", cut, t)); // $0.10 reads
    assertEquals(Money.ofNanos(203_000_000), cost("claude-sonnet-5-5-20260901", "2026-09-01T12:00:00Z", t));
    // no timestamp: today's price
    assertEquals(Money.ofNanos(103_000_000), TABLE.find(null, "claude-sonnet-5-5").orElseThrow().cost(t));
  }

  @Test
  void gpt56SolLaunchPriceUntilThePromotionOf20260821LongContextToo() {
    String promo = "2026-08-21T00:00:00Z";
    TokenCounts small = TokenCounts.of(10_000, 0, 0, 0, 1_000);
    TokenCounts large = TokenCounts.of(300_000, 0, 0, 0, 1_000);
    assertEquals(Money.ofNanos(80_000_000), cost("gpt-5.6-sol", justBefore(promo), small)); // $5 / $30
    assertEquals(Money.ofNanos(60_000_000), cost("gpt-5.6-sol", promo, small)); // $4 / $20
    assertEquals(Money.ofNanos(3_045_000_000L), cost("gpt-5.6-sol", justBefore(promo), large)); // $10 / $45
    assertEquals(Money.ofNanos(2_430_000_000L), cost("gpt-5.6-sol", promo, large)); // $8 / $30
    // the alias follows the same history
    assertEquals(Money.ofNanos(80_000_000), cost("gpt-5.6", "2026-07-09T00:00:00Z", small));
    // a cache write of the launch period was 1.25x the launch input price
    assertEquals(Money.ofUsd("0.625"), cost("gpt-5.6-sol", justBefore(promo), TokenCounts.of(0, 0, 100_000, 0, 0)));
    assertEquals(Money.ofUsd("0.5"), cost("gpt-5.6-sol", promo, TokenCounts.of(0, 0, 100_000, 0, 0)));
  }

  @Test
  void gpt56LunaAndTerraBeforeAndAfterTheCutOf20260730() {
    String cut = "2026-07-30T00:00:00Z";
    TokenCounts t = TokenCounts.of(10_000, 0, 0, 0, 1_000);
    assertEquals(Money.ofNanos(16_000_000), cost("gpt-5.6-luna", justBefore(cut), t)); // $1 / $6
    assertEquals(Money.ofNanos(3_200_000), cost("gpt-5.6-luna", cut, t)); // $0.20 / $1.20
    assertEquals(Money.ofNanos(40_000_000), cost("gpt-5.6-terra", justBefore(cut), t)); // $2.50 / $15
    assertEquals(Money.ofNanos(32_000_000), cost("gpt-5.6-terra", cut, t)); // $2 / $12
  }

  @Test
  void aModelWithAFirstDateHasNoPriceBeforeIt() {
    TokenCounts t = TokenCounts.of(1_000, 0, 0, 0, 1_000);
    assertTrue(TABLE.find(null, "claude-haiku-5-5", Instant.parse(justBefore("2026-10-07T00:00:00Z"))).isEmpty());
    assertEquals(Money.ofNanos(600_000), cost("claude-haiku-5-5", "2026-10-07T00:00:00Z", t));
    assertTrue(TABLE.find(null, "claude-haiku-5-5", NANO).isEmpty());
  }

  @Test
  void aDatedOverrideKeepsTheBundledHistoryBeforeItsDate() throws IOException {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"models\": {\"claude-sonnet-5-5\": {\"validFrom\": \"2026-12-01\", \"cacheRead\": \"0.05\"}}}",
        StandardCharsets.UTF_8);
    PriceTable.OverrideResult r = TABLE.withOverrideFile(f);
    assertEquals(List.<Diagnostic>of(), r.diagnostics());
    TokenCounts t = TokenCounts.of(0, 1_000_000, 0, 0, 0);
    PriceTable mine = r.table();
    assertEquals(Money.ofNanos(200_000_000), mine.find(null, "claude-sonnet-5-5",
        Instant.parse("2026-10-06T23:59:59.999999999Z")).orElseThrow().cost(t));
    assertEquals(Money.ofNanos(100_000_000), mine.find(null, "claude-sonnet-5-5",
        Instant.parse("2026-11-30T23:59:59.999999999Z")).orElseThrow().cost(t));
    assertEquals(Money.ofNanos(50_000_000), mine.find(null, "claude-sonnet-5-5",
        Instant.parse("2026-12-01T00:00:00Z")).orElseThrow().cost(t));
    assertEquals(3, mine.history(null, "claude-sonnet-5-5").orElseThrow().size());
  }

  @Test
  void anOverrideCanCarryItsOwnEarlierPricesAndAnUndatedOneAppliesAtEveryDate() throws IOException {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"models\": {"
        + "\"gpt-5\": {\"output\": \"12\", \"earlier\": [{\"until\": \"2026-03-01T12:00:00Z\", \"output\": \"11\"}]},"
        + "\"gpt-5.6-luna\": {\"input\": \"0.3\"}}}", StandardCharsets.UTF_8);
    PriceTable.OverrideResult r = TABLE.withOverrideFile(f);
    assertEquals(List.<Diagnostic>of(), r.diagnostics());
    TokenCounts out = TokenCounts.of(0, 0, 0, 0, 1_000_000);
    assertEquals(Money.ofUsd("11"), r.table().find(null, "gpt-5", Instant.parse("2026-03-01T11:59:59.999Z"))
        .orElseThrow().cost(out));
    assertEquals(Money.ofUsd("12"), r.table().find(null, "gpt-5", Instant.parse("2026-03-01T12:00:00Z"))
        .orElseThrow().cost(out));
    // an undated override replaces the bundled history: the luna launch price is gone
    TokenCounts in = TokenCounts.of(100_000, 0, 0, 0, 0);
    assertEquals(Money.ofUsd("0.03"), r.table().find(null, "gpt-5.6-luna", Instant.parse("2026-07-10T00:00:00Z"))
        .orElseThrow().cost(in));
  }

  @Test
  void badDatesAreEntryProblems() throws IOException {
    for (String bad : List.of(
        "{\"validFrom\": \"yesterday\"}",
        "{\"validFrom\": \"1999-12-31\"}",
        "{\"earlier\": []}",
        "{\"earlier\": [{\"output\": \"1\"}]}",
        "{\"earlier\": [{\"until\": \"2026-03-01\"}, {\"until\": \"2026-03-01\"}]}",
        "{\"validFrom\": \"2026-03-01\", \"earlier\": [{\"until\": \"2026-02-01\"}]}")) {
      Path f = dir.resolve("bad.json");
      Files.writeString(f, "{\"models\": {\"gpt-5\": " + bad + "}}", StandardCharsets.UTF_8);
      PriceTable.OverrideResult r = TABLE.withOverrideFile(f);
      assertEquals(1, r.diagnostics().size(), bad + " -> " + r.diagnostics());
      assertEquals(PriceTable.CODE_OVERRIDE_ENTRY_INVALID, r.diagnostics().get(0).code(), bad);
      assertEquals(TABLE.find(null, "gpt-5"), r.table().find(null, "gpt-5"), bad);
    }
  }
}
