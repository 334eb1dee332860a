package io.github.cream.cache.strategies;

import static io.github.cream.cache.strategies.Fixtures.GPT56_PRICE;
import static io.github.cream.cache.strategies.Fixtures.GPT5_PRICE;
import static io.github.cream.cache.strategies.Fixtures.T0;
import static io.github.cream.cache.strategies.Fixtures.at;
import static io.github.cream.cache.strategies.Fixtures.call;
import static io.github.cream.cache.strategies.Fixtures.gpt;
import static io.github.cream.cache.strategies.Fixtures.history;
import static io.github.cream.cache.strategies.Fixtures.min;
import static io.github.cream.cache.strategies.Fixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.Money;
import io.github.cream.api.UsageRecord;
import io.github.cream.cache.strategies.OpenAiPromptCacheStrategy.Retention;
import io.github.cream.spi.CacheHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiPromptCacheStrategyTest {

  /** Idle time counts from 30 s before the logged time of the last call. */
  private static final Instant START = T0.minusSeconds(30);

  private final OpenAiPromptCacheStrategy strategy = new OpenAiPromptCacheStrategy();

  private static boolean hasNote(CacheVerdict v, String fragment) {
    return v.notes().stream().anyMatch(n -> n.contains(fragment));
  }

  private CacheVerdict judge(String provider, String model, Duration idleFromStart) {
    UsageRecord c = call(provider, model, T0, tokens(2_000, 50_000, 0, 0));
    return strategy.evaluate(history("codex", c), START.plus(idleFromStart));
  }

  @Nested
  class Supports {

    @ParameterizedTest
    @CsvSource({
      "openai, gpt-5",
      "openai, gpt-5.1-codex-max",
      "openai, gpt-4o-2024-08-06",
      "openai, o3-mini",
      "openai, o4-mini",
      "openai, o1",
      "openai, codex-mini-latest",
      "openai, ft:gpt-4o-mini:acme::abc123",
      "azure, gpt-4.1",
      "azure-openai-responses, gpt-5.2",
      "openai-codex, gpt-5.3-codex",
      "openai, chatgpt-4o-latest"
    })
    void claimsOpenAiModelsOnOpenAiAndAzure(String provider, String model) {
      assertEquals(OptionalInt.of(100), strategy.supports(provider, model));
    }

    @ParameterizedTest
    @CsvSource({
      "openrouter, openai/gpt-5",
      "github-copilot, gpt-5",
      "openai, gpt-oss-120b",
      "openai, text-embedding-3-large",
      "azure, claude-opus-4-6",
      "anthropic, claude-opus-4-6",
      "groq, openai/gpt-oss-20b"
    })
    void leavesEverythingElseAlone(String provider, String model) {
      assertEquals(OptionalInt.empty(), strategy.supports(provider, model));
    }

    @Test
    void toleratesNulls() {
      assertEquals(OptionalInt.empty(), strategy.supports(null, null));
      assertEquals("openai-prompt-cache", strategy.id());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "openai, gpt-5.6, THIRTY_MINUTES",
    "openai, gpt-5.6-codex, THIRTY_MINUTES",
    "openai, gpt-6, THIRTY_MINUTES",
    "azure, gpt-5.10-mini, THIRTY_MINUTES",
    "openai, gpt-5.5, EXTENDED_ONLY",
    "openai, gpt-5.5-pro, EXTENDED_ONLY",
    "openai-codex, gpt-5.5, EXTENDED_ONLY",
    "openai, gpt-5, EXTENDED_BY_DEFAULT",
    "openai, gpt-5-2025-08-07, EXTENDED_BY_DEFAULT",
    "openai, gpt-5.1-codex-max, EXTENDED_BY_DEFAULT",
    "openai, gpt-4.1, EXTENDED_BY_DEFAULT",
    "openai, gpt-5.4, EXTENDED_BY_DEFAULT",
    "azure, gpt-5, IN_MEMORY",
    "openai-codex, gpt-5-codex, IN_MEMORY",
    "openai, gpt-5-mini, IN_MEMORY",
    "openai, gpt-4.1-mini, IN_MEMORY",
    "openai, gpt-4o, IN_MEMORY",
    "openai, o3, IN_MEMORY",
    "openai, codex-mini-latest, IN_MEMORY"
  })
  void retentionByModelGeneration(String provider, String model, Retention expected) {
    assertEquals(expected, OpenAiPromptCacheStrategy.retentionOf(provider, model));
  }

  @Nested
  class InMemoryBands {

    @Test
    void underFiveMinutesIsWarmWithMediumConfidence() {
      CacheVerdict v = judge("openai", "gpt-4o", min(5).minusMillis(1));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
      assertEquals(Optional.of(min(10)), v.ttl());
      assertEquals(Optional.of(START.plus(min(10))), v.expiresAt());
      assertEquals(Optional.of(T0), v.lastActivity());
    }

    @Test
    void fiveToTenMinutesIsWarmWithLowConfidence() {
      CacheVerdict v = judge("openai", "gpt-4o", min(5));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Confidence.LOW, v.confidence());
      assertEquals(CacheState.WARM, judge("openai", "gpt-4o", min(10).minusMillis(1)).state());
    }

    @Test
    void tenMinutesToAnHourIsCold() {
      CacheVerdict v = judge("openai", "gpt-4o", min(10));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
    }

    @Test
    void afterAnHourItIsCertainlyCold() {
      CacheVerdict v = judge("openai", "gpt-4o", min(60));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.HIGH, v.confidence());
    }

    @Test
    void azureDefaultsExtendedModelsToInMemory() {
      CacheVerdict v = judge("azure", "gpt-5", min(20));
      assertEquals(CacheState.COLD, v.state());
      assertTrue(hasNote(v, "Azure defaults"));
    }

    @Test
    void theChatGptBackendIsAssumedInMemory() {
      CacheVerdict v = judge("openai-codex", "gpt-5-codex", min(7));
      assertEquals(Confidence.LOW, v.confidence());
      assertTrue(hasNote(v, "ChatGPT backend"));
    }
  }

  @Nested
  class ExtendedRetention {

    @Test
    void extendedByDefaultModelsAreWarmForThirtyMinutesWithFallingConfidence() {
      assertEquals(Confidence.MEDIUM, judge("openai", "gpt-5", min(4)).confidence());
      CacheVerdict v = judge("openai", "gpt-5", min(20));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Confidence.LOW, v.confidence());
      assertEquals(Optional.of(min(30)), v.ttl());
      assertTrue(hasNote(v, "Zero Data Retention"));
    }

    @Test
    void extendedByDefaultModelsAreColdButUnsureUntilADayPasses() {
      CacheVerdict v = judge("openai", "gpt-5", min(30));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.LOW, v.confidence());
      CacheVerdict day = judge("openai", "gpt-5", Duration.ofHours(24));
      assertEquals(CacheState.COLD, day.state());
      assertEquals(Confidence.HIGH, day.confidence());
    }

    @Test
    void gpt55HasOnlyExtendedRetention() {
      CacheVerdict v = judge("openai", "gpt-5.5", min(29));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
      CacheVerdict later = judge("openai", "gpt-5.5", min(31));
      assertEquals(CacheState.COLD, later.state());
      assertEquals(Confidence.LOW, later.confidence());
    }

    @Test
    void gpt56KeepsThirtyMinutesAfterTheLastUse() {
      CacheVerdict warm = judge("openai", "gpt-5.6", min(30).minusMillis(1));
      assertEquals(CacheState.WARM, warm.state());
      assertEquals(Confidence.HIGH, warm.confidence());
      CacheVerdict cold = judge("openai", "gpt-5.6", min(30));
      assertEquals(CacheState.COLD, cold.state());
      assertEquals(Confidence.MEDIUM, cold.confidence());
      assertEquals(Optional.of(START.plus(min(30))), cold.expiresAt());
    }
  }

  @Nested
  class PrefixAndCost {

    @Test
    void warmReadsThePrefixAtTheCachedPriceColdPaysInput() {
      // prompt 2,000 + 50,000 = 52,000 tokens, a multiple of 128 already? 52,000 = 406 * 128 + 32
      CacheHistory h =
          history("codex", gpt("gpt-5", Duration.ZERO, tokens(2_000, 50_000, 0, 0))).withPrice(GPT5_PRICE);
      CacheVerdict v = strategy.evaluate(h, at(min(1)));
      assertEquals(51_968, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ofUsd("0.006496")), v.resumeCostWarm());
      assertEquals(Optional.of(Money.ofUsd("0.06496")), v.resumeCostCold());
    }

    @Test
    void gpt56PaysTheWritePriceWhenCold() {
      CacheHistory h =
          history("codex", gpt("gpt-5.6", Duration.ZERO, tokens(2_000, 48_000, 0, 0))).withPrice(GPT56_PRICE);
      CacheVerdict v = strategy.evaluate(h, at(min(1)));
      assertEquals(50_000, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ofUsd("0.02")), v.resumeCostWarm());
      assertEquals(Optional.of(Money.ofUsd("0.25")), v.resumeCostCold());
      assertTrue(hasNote(v, "bills cache writes"));
    }

    @Test
    void loggedWritesMeanTheModelBillsThem() {
      CacheHistory h =
          history("pi", gpt("gpt-4o", Duration.ZERO, tokens(0, 40_000, 10_000, 0))).withPrice(GPT5_PRICE);
      CacheVerdict v = strategy.evaluate(h, at(min(1)));
      assertTrue(hasNote(v, "bills cache writes"));
    }

    @Test
    void aPromptUnder1024TokensCachesNothing() {
      CacheHistory h = history("codex", gpt("gpt-5", Duration.ZERO, tokens(1_023, 0, 0, 0))).withPrice(GPT5_PRICE);
      CacheVerdict v = strategy.evaluate(h, at(min(1)));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.HIGH, v.confidence());
      assertEquals(0, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ZERO), v.resumeCostCold());
      assertTrue(hasNote(v, "1023 tokens"));
    }

    @Test
    void noPriceNoCosts() {
      CacheVerdict v = strategy.evaluate(history("codex", gpt("gpt-5", Duration.ZERO, tokens(5_000, 0, 0, 0))), T0);
      assertEquals(Optional.empty(), v.resumeCostWarm());
      assertTrue(hasNote(v, "no price"));
    }
  }

  @Test
  void aSessionThatNeverReadsTheCacheIsAtMostLow() {
    CacheHistory h =
        history(
            "pi",
            gpt("gpt-4o", Duration.ZERO, tokens(5_000, 0, 0, 0)),
            gpt("gpt-4o", Duration.ofSeconds(20), tokens(6_000, 0, 0, 0)),
            gpt("gpt-4o", Duration.ofSeconds(40), tokens(7_000, 0, 0, 0)));
    CacheVerdict v = strategy.evaluate(h, at(min(1)));
    assertEquals(CacheState.WARM, v.state());
    assertEquals(Confidence.LOW, v.confidence());
    assertTrue(hasNote(v, "None of the session's 2 later calls"));
  }

  @Test
  void oddHistoriesAreUnknown() {
    assertEquals(CacheState.UNKNOWN, strategy.evaluate(history("codex"), T0).state());
    assertEquals(CacheState.UNKNOWN, strategy.evaluate(null, T0).state());
    assertEquals(
        CacheState.UNKNOWN,
        strategy.evaluate(history("codex", gpt("gpt-5", Duration.ZERO, tokens(5_000, 0, 0, 0))), null).state());
  }
}
