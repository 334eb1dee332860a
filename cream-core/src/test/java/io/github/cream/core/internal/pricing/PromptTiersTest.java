package io.github.cream.core.internal.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.TokenCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Prompt-length tiers, priced per call, on both sides of every threshold of the bundled table. */
class PromptTiersTest {

  private static final PriceTable TABLE = PriceTable.bundled();

  @ParameterizedTest(name = "{0} with a {1}-token prompt and 1,000 output tokens costs {2} nano-dollars")
  @CsvSource({
    // Claude Sonnet 4.5 and 4: the whole request at $6 / $22.50 above 200K
    "claude-sonnet-4-5, 200000, 615000000",
    "claude-sonnet-4-5, 200001, 1222506000",
    "claude-sonnet-4, 200000, 615000000",
    "claude-sonnet-4, 200001, 1222506000",
    // Claude Haiku 5.5: $0.10 / $0.50 up to 100K, $0.50 / $2.50 above
    "claude-haiku-5-5, 100000, 10500000",
    "claude-haiku-5-5, 100001, 52500500",
    // Gemini 2.5 Pro: $1.25 / $10 up to 200K, $2.50 / $15 above
    "gemini-2.5-pro, 200000, 260000000",
    "gemini-2.5-pro, 200001, 515002500",
    // GPT-5.4 and GPT-5.6 Sol (today's price): 2x input, 1.5x output above 272K
    "gpt-5.4, 272000, 695000000",
    "gpt-5.4, 272001, 1382505000",
    "gpt-5.6-sol, 272000, 1108000000",
    "gpt-5.6-sol, 272001, 2206008000",
    // qwen3-max: three bands, $1.2 / $6 up to 32K, $2.4 / $12 up to 128K, $3 / $15 up to 252K
    "qwen3-max, 32000, 44400000",
    "qwen3-max, 32001, 88802400",
    "qwen3-max, 128000, 319200000",
    "qwen3-max, 128001, 399003000",
    "qwen3-max, 252000, 771000000",
  })
  void eachCallIsPricedAtItsPromptLengthTier(String model, long prompt, long nanos) {
    ModelPrice p = TABLE.find(null, model).orElseThrow();
    TokenCounts t = TokenCounts.of(prompt, 0, 0, 0, 1_000);
    assertTrue(p.covers(t));
    assertEquals(Money.ofNanos(nanos), p.cost(t));
  }

  @Test
  void theTierCountsCacheReadsAndWritesAsPrompt() {
    ModelPrice qwen = TABLE.find(null, "qwen3-max").orElseThrow();
    // 20,000 input + 12,001 cache reads = 32,001 prompt tokens: the second band for every token
    TokenCounts t = TokenCounts.of(20_000, 12_001, 0, 0, 0);
    assertEquals(Money.ofNanos(20_000 * 2_400 + 12_001 * 480), qwen.cost(t));
  }

  @Test
  void aPromptAboveTheLastPublishedBandIsNotCovered() {
    ModelPrice qwen = TABLE.find(null, "qwen3-max").orElseThrow();
    assertEquals(252_000, qwen.promptLimit().getAsLong());
    assertFalse(qwen.covers(TokenCounts.of(252_001, 0, 0, 0, 0)));
    assertFalse(qwen.covers(TokenCounts.of(200_000, 52_001, 0, 0, 0)));
    // a model without a limit covers every prompt
    assertTrue(TABLE.find(null, "claude-opus-4-6").orElseThrow().covers(TokenCounts.of(5_000_000, 0, 0, 0, 0)));
  }

  @Test
  void aServiceTierScalesEveryBand() {
    ModelPrice sol = TABLE.find(null, "gpt-5.6-sol").orElseThrow();
    ModelPrice priority = sol.times(TABLE.tierMultiplier(sol, "priority").orElseThrow());
    assertEquals(Money.ofNanos(2_216_000_000L), priority.cost(TokenCounts.of(272_000, 0, 0, 0, 1_000)));
    assertEquals(Money.ofNanos(4_412_016_000L), priority.cost(TokenCounts.of(272_001, 0, 0, 0, 1_000)));
    ModelPrice qwen = TABLE.find(null, "qwen3-max").orElseThrow().times(new java.math.BigDecimal("0.5"));
    assertEquals(Money.ofNanos(385_500_000), qwen.cost(TokenCounts.of(252_000, 0, 0, 0, 1_000)));
    assertEquals(252_000, qwen.promptLimit().getAsLong());
  }
}
