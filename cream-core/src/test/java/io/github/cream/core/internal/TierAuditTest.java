package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Cost;
import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One representative call per tier rule of the bundled price table (docs/prices.md lists the rules and their
 * sources), priced through the engine's pricer at an instant, with the exact nano-dollar cost pinned.
 */
class TierAuditTest {

  @TempDir Path dir;

  private static Pricer pricer(Path overrides) {
    Prices prices = Prices.load(true, overrides, false, List.of(), new ArrayList<>());
    return new Pricer(prices, CostMode.AUTO);
  }

  private static Pricer pricer() {
    return pricer(Path.of("/nonexistent/cream/prices.json"));
  }

  private static UsageRecord call(String provider, String model, String at, TokenCounts t, String tier) {
    return UsageRecord.builder().source("codex").provider(provider).model(model).sessionId("s")
        .timestamp(Instant.parse(at)).tokens(t).serviceTier(tier)
        .origin(new Origin(Path.of("/f.jsonl"), 1, 0)).build();
  }

  private static TokenCounts tokens(long input, long cacheRead, long write5m, long write1h, long output) {
    return TokenCounts.of(input, cacheRead, write5m, write1h, output);
  }

  @ParameterizedTest(name = "{1} {2} at {3} ({4} in, {5} read, {6} 5m, {7} 1h, {8} out) costs {9}")
  @CsvSource({
    // Anthropic prompt cache: 5-minute writes 1.25x input, 1-hour writes 2x, hits 0.1x
    // (100K tokens: a million would be a long-context request on Sonnet 4.5)
    "anthropic, claude-sonnet-4-5, standard, 2026-01-01T00:00:00Z, 0, 0, 100000, 0, 0, 375000000",
    "anthropic, claude-sonnet-4-5, standard, 2026-01-01T00:00:00Z, 0, 0, 0, 100000, 0, 600000000",
    "anthropic, claude-sonnet-4-5, standard, 2026-01-01T00:00:00Z, 0, 100000, 0, 0, 0, 30000000",
    "anthropic, claude-sonnet-4-5, standard, 2026-01-01T00:00:00Z, 0, 0, 0, 1000000, 0, 12000000000",
    // Claude Haiku 3 predates the standard multipliers: 5-minute writes $0.30 (1.2x), hits $0.03
    "anthropic, claude-3-haiku, standard, 2026-01-01T00:00:00Z, 0, 0, 1000000, 0, 0, 300000000",
    "anthropic, claude-3-haiku, standard, 2026-01-01T00:00:00Z, 0, 0, 0, 1000000, 0, 500000000",
    // generations differ by model, not by date: Haiku 3.5 $0.80 vs Haiku 4.5 $1; Opus 4.1 $15 / $75 vs 4.5 $5 / $25
    "anthropic, claude-3-5-haiku, standard, 2026-01-01T00:00:00Z, 1000000, 0, 0, 0, 0, 800000000",
    "anthropic, claude-haiku-4-5, standard, 2026-01-01T00:00:00Z, 1000000, 0, 0, 0, 0, 1000000000",
    "anthropic, claude-opus-4-1, standard, 2026-01-01T00:00:00Z, 1000000, 0, 0, 0, 1000000, 90000000000",
    "anthropic, claude-opus-4-5, standard, 2026-01-01T00:00:00Z, 1000000, 0, 0, 0, 1000000, 30000000000",
    // Sonnet 4.5: the whole request at the long-context rates above 200K prompt tokens, cache reads counted
    "anthropic, claude-sonnet-4-5, standard, 2026-01-01T00:00:00Z, 100000, 100000, 0, 0, 0, 330000000",
    "anthropic, claude-sonnet-4-5, standard, 2026-01-01T00:00:00Z, 100000, 100001, 0, 0, 0, 660000600",
    // Opus 4.6: $10 / $37.50 above 200K until the 1M context went GA at standard prices on 2026-03-13
    "anthropic, claude-opus-4-6, standard, 2026-03-12T23:59:59.999999999Z, 200000, 0, 0, 0, 1000, 1025000000",
    "anthropic, claude-opus-4-6, standard, 2026-03-12T23:59:59.999999999Z, 200001, 0, 0, 0, 1000, 2037510000",
    "anthropic, claude-opus-4-6, standard, 2026-03-13T00:00:00Z, 200001, 0, 0, 0, 1000, 1025005000",
    // ... and its fast mode (6x) on top: $60 / $225 above 200K before the GA
    "anthropic, claude-opus-4-6, fast, 2026-03-12T23:59:59.999999999Z, 200001, 0, 0, 0, 1000, 12225060000",
    "anthropic, claude-opus-4-6, fast, 2026-03-13T00:00:00Z, 200001, 0, 0, 0, 1000, 6150030000",
    // Sonnet 4.6: $6 / $22.50 above 200K before the GA, $3 / $15 after
    "anthropic, claude-sonnet-4-6, standard, 2026-03-12T23:59:59.999999999Z, 200001, 0, 0, 0, 1000, 1222506000",
    "anthropic, claude-sonnet-4-6, standard, 2026-03-13T00:00:00Z, 200001, 0, 0, 0, 1000, 615003000",
    // Anthropic batch: half of every price
    "anthropic, claude-opus-4-5, batch, 2026-01-01T00:00:00Z, 10000, 0, 0, 0, 1000, 37500000",
    // OpenAI o3: $10 / $2.50 / $40 until the cut of 2025-06-10, $2 / $0.50 / $8 after
    "openai, o3, standard, 2025-06-09T23:59:59.999999999Z, 10000, 0, 0, 0, 1000, 140000000",
    "openai, o3, standard, 2025-06-10T00:00:00Z, 10000, 0, 0, 0, 1000, 28000000",
    "openai, o3, standard, 2025-06-09T23:59:59.999999999Z, 0, 1000000, 0, 0, 0, 2500000000",
    // OpenAI priority, at OpenAI's published priority prices: o3 $3.50 / $14, GPT-4.1 $3.50 / $0.875 / $14,
    // GPT-4o $4.25 / $17, GPT-5 mini $0.45 / $3.60, GPT-5 $2.50 / $20
    "openai, o3, priority, 2025-07-01T00:00:00Z, 10000, 0, 0, 0, 1000, 49000000",
    "openai, gpt-4.1, priority, 2026-01-01T00:00:00Z, 10000, 10000, 0, 0, 1000, 57750000",
    "openai, gpt-4o, priority, 2026-01-01T00:00:00Z, 10000, 0, 0, 0, 1000, 59500000",
    "openai, gpt-5-mini, priority, 2026-01-01T00:00:00Z, 10000, 0, 0, 0, 1000, 8100000",
    "openai, gpt-5, priority, 2026-01-01T00:00:00Z, 128000, 0, 0, 0, 1000, 340000000",
    "openai, gpt-5, standard, 2026-01-01T00:00:00Z, 128001, 0, 0, 0, 1000, 170001250",
    // OpenAI flex: Batch API rates, half
    "openai, gpt-5, flex, 2026-01-01T00:00:00Z, 10000, 0, 0, 0, 1000, 11250000",
    // GPT-5.6 Sol fast mode: 2x at every prompt length ($16 / $60 above 272K)
    "openai, gpt-5.6-sol, fast, 2026-09-01T00:00:00Z, 300000, 0, 0, 0, 1000, 4860000000",
    "openai, gpt-5.6-sol, priority, 2026-09-01T00:00:00Z, 300000, 0, 0, 0, 1000, 4860000000",
    // Codex fast mode on GPT-5.5: 2.5x the standard rate, long context included
    "openai, gpt-5.5, fast, 2026-09-01T00:00:00Z, 300000, 0, 0, 0, 1000, 7612500000",
    // Gemini 2.5 Pro: $2.50 / $0.25 / $15 above 200K prompt tokens; batch half
    "google, gemini-2.5-pro, standard, 2026-01-01T00:00:00Z, 100000, 100001, 0, 0, 1000, 290000250",
    "google, gemini-2.5-pro, batch, 2026-01-01T00:00:00Z, 100000, 100001, 0, 0, 1000, 145000125",
    "google, gemini-2.5-pro, standard, 2026-01-01T00:00:00Z, 100000, 100000, 0, 0, 1000, 147500000",
    // MiniMax: one cache-write price for both durations
    "minimax, MiniMax-M2.1, standard, 2026-01-01T00:00:00Z, 0, 0, 1000000, 0, 0, 375000000",
    "minimax, MiniMax-M2.1, standard, 2026-01-01T00:00:00Z, 0, 0, 0, 1000000, 0, 375000000",
  })
  void eachTierRuleIsPricedExactly(String provider, String model, String tier, String at, long input, long read,
      long write5m, long write1h, long output, long nanos) {
    Pricer p = pricer();
    Cost c = p.cost(call(provider, model, at, tokens(input, read, write5m, write1h, output), tier));
    assertEquals(CostProvenance.CALCULATED, c.provenance(), model + " " + tier);
    assertEquals(Money.ofNanos(nanos), c.amount());
    assertEquals(0, p.unpricedCalls());
    Diagnostics d = new Diagnostics();
    p.report(d);
    assertEquals(List.of(), d.toList());
  }

  @Test
  void priorityAbovePublishedPromptLengthIsUnpricedWithACountedWarning() {
    Pricer p = pricer();
    // OpenAI's priority prices exclude long context (requests estimated at >128K prompt tokens)
    Cost over = p.cost(call("openai", "gpt-5", "2026-01-01T00:00:00Z", tokens(100_000, 28_001, 0, 0, 10), "priority"));
    Cost over2 = p.cost(call("openai", "gpt-5.5", "2026-09-01T00:00:00Z", tokens(300_000, 0, 0, 0, 10), "priority"));
    Cost at = p.cost(call("openai", "gpt-5", "2026-01-01T00:00:00Z", tokens(100_000, 28_000, 0, 0, 0), "priority"));
    assertEquals(CostProvenance.UNPRICED, over.provenance());
    assertEquals(CostProvenance.UNPRICED, over2.provenance());
    assertEquals(Money.ofNanos(100_000 * 2_500 + 28_000 * 250), at.amount());
    assertEquals(2, p.unpricedCalls());
    Diagnostics d = new Diagnostics();
    p.report(d);
    List<Diagnostic> ds = d.toList();
    assertEquals(2, ds.size(), ds.toString());
    for (Diagnostic x : ds) {
      assertEquals("cream.price.tier-undecidable", x.code());
      assertEquals(Severity.WARNING, x.severity());
      assertEquals(1, x.count());
      assertTrue(x.message().contains("service tier 'priority'"), x.message());
    }
  }

  @Test
  void aServiceTierWithoutAPublishedMultiplierIsUnpricedNotPricedAtStandard() {
    Pricer p = pricer();
    TokenCounts t = tokens(10_000, 0, 0, 0, 1_000);
    // OpenAI publishes no priority price for gpt-5.3-codex; Claude Sonnet 4.5 has no fast mode
    assertEquals(CostProvenance.UNPRICED, p.cost(call("openai", "gpt-5.3-codex", "2026-03-01T00:00:00Z", t,
        "priority")).provenance());
    assertEquals(CostProvenance.UNPRICED, p.cost(call("openai", "gpt-5.3-codex", "2026-03-02T00:00:00Z", t,
        "priority")).provenance());
    assertEquals(CostProvenance.UNPRICED, p.cost(call("anthropic", "claude-sonnet-4-5", "2026-03-01T00:00:00Z", t,
        "fast")).provenance());
    assertEquals(Money.ofNanos(31_500_000),
        p.cost(call("openai", "gpt-5.3-codex", "2026-03-01T00:00:00Z", t, null)).amount());
    assertEquals(3, p.unpricedCalls());
    Diagnostics d = new Diagnostics();
    p.report(d);
    List<Diagnostic> ds = d.toList();
    assertEquals(2, ds.size(), ds.toString());
    assertTrue(ds.stream().allMatch(x -> x.code().equals("cream.price.unknown-tier")
        && x.severity() == Severity.WARNING), ds.toString());
    assertEquals(List.of(1L, 2L), ds.stream().map(Diagnostic::count).sorted().toList());
  }

  @Test
  void anOverrideCanPublishATiersPromptLimit() throws IOException {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"models\": {\"gpt-5\": {\"tierPromptLimits\": {\"priority\": 272000}},"
        + " \"gpt-4.1\": {\"tierPromptLimits\": {\"priority\": -1}}}}", StandardCharsets.UTF_8);
    Pricer p = pricer(f);
    Cost c = p.cost(call("openai", "gpt-5", "2026-01-01T00:00:00Z", tokens(200_000, 0, 0, 0, 0), "priority"));
    assertEquals(Money.ofNanos(500_000_000), c.amount());
    // the bad entry is skipped whole: gpt-4.1 keeps the bundled 128K limit
    Cost old = p.cost(call("openai", "gpt-4.1", "2026-01-01T00:00:00Z", tokens(200_000, 0, 0, 0, 0), "priority"));
    assertEquals(CostProvenance.UNPRICED, old.provenance());
  }
}
