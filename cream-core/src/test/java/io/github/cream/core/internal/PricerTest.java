package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Cost;
import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pricer: dated prices, prompt-length tiers it cannot decide, service tiers. */
class PricerTest {

  private static Pricer pricer() {
    Prices prices = Prices.load(true, Path.of("/nonexistent/cream/prices.json"), false, List.of(), new java.util.ArrayList<>());
    return new Pricer(prices, CostMode.AUTO);
  }

  private static UsageRecord call(String model, String at, TokenCounts t, String tier) {
    return UsageRecord.builder().source("codex").provider("openai").model(model).sessionId("s")
        .timestamp(Instant.parse(at)).tokens(t).serviceTier(tier)
        .origin(new io.github.cream.api.Origin(Path.of("/f.jsonl"), 1, 0)).build();
  }

  @Test
  void callsArePricedAtThePriceOfTheirInstant() {
    Pricer p = pricer();
    TokenCounts t = TokenCounts.of(10_000, 0, 0, 0, 1_000);
    assertEquals(Money.ofNanos(16_000_000), p.cost(call("gpt-5.6-luna", "2026-07-29T23:59:59.999Z", t, null)).amount());
    assertEquals(Money.ofNanos(3_200_000), p.cost(call("gpt-5.6-luna", "2026-07-30T00:00:00Z", t, null)).amount());
    assertEquals(0, p.unpricedCalls());
  }

  @Test
  void aPromptAboveEveryPublishedTierIsUnpricedWithADiagnostic() {
    Pricer p = pricer();
    Cost c = p.cost(call("qwen3-max", "2026-09-01T00:00:00Z", TokenCounts.of(252_001, 0, 0, 0, 10), null));
    assertEquals(CostProvenance.UNPRICED, c.provenance());
    Cost ok = p.cost(call("qwen3-max", "2026-09-01T00:00:00Z", TokenCounts.of(252_000, 0, 0, 0, 10), null));
    assertEquals(Money.ofNanos(756_150_000), ok.amount());
    assertEquals(1, p.unpricedCalls());
    Diagnostics d = new Diagnostics();
    p.report(d);
    List<Diagnostic> ds = d.toList();
    assertEquals(1, ds.size(), ds.toString());
    assertEquals("cream.price.tier-undecidable", ds.get(0).code());
    assertEquals(1, ds.get(0).count());
  }

  @Test
  void aCallBeforeAModelsFirstPriceIsUnpricedWithADiagnostic() {
    Pricer p = pricer();
    Cost c = p.cost(call("claude-haiku-5-5", "2026-10-06T23:59:59Z", TokenCounts.of(1, 0, 0, 0, 1), null));
    assertEquals(CostProvenance.UNPRICED, c.provenance());
    assertEquals(1, p.unpricedCalls());
    Diagnostics d = new Diagnostics();
    p.report(d);
    assertEquals("cream.price.not-yet-valid", d.toList().get(0).code());
    assertTrue(d.toList().get(0).message().contains("2026-10-07T00:00:00Z"), d.toList().toString());
  }

  @Test
  void priorityAndFlexCallsArePricedWithOpenAisMultipliersInTheirPeriod() {
    Pricer p = pricer();
    TokenCounts t = TokenCounts.of(10_000, 0, 0, 0, 1_000);
    // gpt-5.6-sol: launch $5 / $30 before 2026-08-21, $4 / $20 after; priority 2x, flex 0.5x
    assertEquals(Money.ofNanos(160_000_000), p.cost(call("gpt-5.6-sol", "2026-08-20T23:59:59Z", t, "priority")).amount());
    assertEquals(Money.ofNanos(120_000_000), p.cost(call("gpt-5.6-sol", "2026-08-21T00:00:00Z", t, "priority")).amount());
    assertEquals(Money.ofNanos(30_000_000), p.cost(call("gpt-5.6-sol", "2026-08-21T00:00:00Z", t, "flex")).amount());
    assertEquals(Money.ofNanos(60_000_000), p.cost(call("gpt-5.6-sol", "2026-08-21T00:00:00Z", t, null)).amount());
  }
}
