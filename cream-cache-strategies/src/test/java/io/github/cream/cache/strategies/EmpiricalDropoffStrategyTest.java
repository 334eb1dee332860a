package io.github.cream.cache.strategies;

import static io.github.cream.cache.strategies.Fixtures.T0;
import static io.github.cream.cache.strategies.Fixtures.at;
import static io.github.cream.cache.strategies.Fixtures.call;
import static io.github.cream.cache.strategies.Fixtures.history;
import static io.github.cream.cache.strategies.Fixtures.min;
import static io.github.cream.cache.strategies.Fixtures.obs;
import static io.github.cream.cache.strategies.Fixtures.sec;
import static io.github.cream.cache.strategies.Fixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Money;
import io.github.cream.cache.strategies.Fixtures.FakeHistory;
import io.github.cream.spi.GapObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmpiricalDropoffStrategyTest {

  private static final ModelPrice FLASH =
      ModelPrice.builder("gemini-2.5-flash")
          .provider("google")
          .input("0.3")
          .output("2.5")
          .cacheRead("0.03")
          .cacheWrite5m("0.3")
          .cacheWrite1h("0.3")
          .build();

  private final EmpiricalDropoffStrategy strategy = new EmpiricalDropoffStrategy();

  private static boolean hasNote(CacheVerdict v, String fragment) {
    return v.notes().stream().anyMatch(n -> n.contains(fragment));
  }

  /** {@code hits} hits at gaps 10 s, 20 s, ... up to {@code longestHit}; {@code misses} misses from {@code firstMiss}. */
  static List<GapObservation> separated(int hits, Duration longestHit, int misses, Duration firstMiss) {
    List<GapObservation> out = new ArrayList<>();
    for (int i = 0; i < hits; i++) {
      Duration gap = longestHit.multipliedBy(i + 1).dividedBy(hits);
      out.add(obs(gap, 40_000, 50_000));
    }
    for (int i = 0; i < misses; i++) {
      out.add(obs(firstMiss.plus(min(i)), 0, 50_000));
    }
    return out;
  }

  private static FakeHistory session(List<GapObservation> observations) {
    return history("pi", call("google", "gemini-2.5-flash", T0, tokens(2_000, 48_000, 0, 0)))
        .withObservations(observations);
  }

  @Nested
  class Supports {

    @ParameterizedTest
    @CsvSource({
      "google, gemini-2.5-pro",
      "google-vertex, gemini-2.5-flash",
      "deepseek, deepseek-chat",
      "xai, grok-4",
      "mistral, devstral-medium",
      "openrouter, google/gemini-2.5-pro",
      "openrouter, openai/gpt-5",
      "vercel-ai-gateway, deepseek/deepseek-v3.2",
      "openai, gpt-oss-120b",
      "github-copilot, gpt-5",
      "amazon-bedrock, amazon.nova-pro-v1:0"
    })
    void claimsEveryProviderWithoutAPublishedRule(String provider, String model) {
      assertEquals(OptionalInt.of(50), strategy.supports(provider, model));
    }

    @ParameterizedTest
    @CsvSource({
      "anthropic, claude-opus-4-6",
      "openrouter, anthropic/claude-sonnet-4.5",
      "openai, gpt-5",
      "azure, gpt-4o"
    })
    void leavesPublishedRulesToTheirStrategies(String provider, String model) {
      assertEquals(OptionalInt.empty(), strategy.supports(provider, model));
    }

    @Test
    void nullsAreAnotherProvider() {
      assertEquals(OptionalInt.of(50), strategy.supports(null, null));
      assertEquals("empirical-dropoff", strategy.id());
    }
  }

  @Nested
  class NotEnough {

    @Test
    void tooFewSamplesGiveAnUnknownVerdictWithTheCounts() {
      CacheVerdict v = strategy.evaluate(session(separated(3, min(4), 2, min(10))), at(min(1)));
      assertEquals(CacheState.UNKNOWN, v.state());
      assertEquals(Confidence.NONE, v.confidence());
      assertEquals(Optional.of(T0), v.lastActivity());
      assertEquals(Optional.empty(), v.expiresAt());
      assertTrue(hasNote(v, "Of the 5 usable samples"), v.notes().toString());
      assertTrue(hasNote(v, "3 hit below and 2 missed above"), v.notes().toString());
      assertTrue(hasNote(v, "at least 5 of each"), v.notes().toString());
    }

    @Test
    void noSamplesAtAll() {
      CacheVerdict v = strategy.evaluate(session(List.of()), at(min(1)));
      assertEquals(CacheState.UNKNOWN, v.state());
      assertTrue(hasNote(v, "Of the 0 usable samples"));
    }

    @Test
    void onlyHitsTeachNoLifetime() {
      CacheVerdict v = strategy.evaluate(session(separated(40, min(50), 0, min(60))), at(min(1)));
      assertEquals(CacheState.UNKNOWN, v.state());
    }

    @Test
    void contradictorySamplesAreUnknown() {
      List<GapObservation> list = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        list.add(obs(min(i + 1), i % 2 == 0 ? 40_000 : 0, 50_000));
      }
      CacheVerdict v = strategy.evaluate(session(list), at(min(1)));
      assertEquals(CacheState.UNKNOWN, v.state());
      assertTrue(hasNote(v, "contradict each other"), v.notes().toString());
    }
  }

  @Nested
  class Learned {

    @Test
    void theLearnedLifetimeIsTheLongestGapThatStillHit() {
      CacheVerdict v = strategy.evaluate(session(separated(10, min(4), 10, min(10))), at(min(3)));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Optional.of(min(4)), v.ttl());
      assertEquals(Optional.of(at(min(4))), v.expiresAt());
      assertEquals(Confidence.LOW, v.confidence());
      assertTrue(hasNote(v, "up to 4m and was gone after 10m or more"), v.notes().toString());
    }

    @Test
    void warmOneMillisecondBeforeTheLearnedExpiryColdAtIt() {
      FakeHistory h = session(separated(10, min(4), 10, min(10)));
      assertEquals(CacheState.WARM, strategy.evaluate(h, at(min(4)).minusMillis(1)).state());
      assertEquals(CacheState.COLD, strategy.evaluate(h, at(min(4))).state());
    }

    @Test
    void betweenTheLongestHitAndTheShortestMissTheHistoryHasNoEvidence() {
      FakeHistory h = session(separated(30, min(4), 30, min(6)));
      CacheVerdict gap = strategy.evaluate(h, at(min(5)));
      assertEquals(CacheState.COLD, gap.state());
      assertEquals(Confidence.LOW, gap.confidence());
      assertTrue(hasNote(gap, "no evidence"));
      CacheVerdict beyond = strategy.evaluate(h, at(min(7)));
      assertEquals(CacheState.COLD, beyond.state());
      assertEquals(Confidence.MEDIUM, beyond.confidence());
    }

    @Test
    void strongEvidenceGivesMediumConfidence() {
      CacheVerdict v = strategy.evaluate(session(separated(30, min(4), 30, min(6))), at(min(2)));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
    }

    @Test
    void aWideBracketStaysLow() {
      // hits up to 4 min, misses only from 2 h: the lifetime could be anything in between
      CacheVerdict v = strategy.evaluate(session(separated(30, min(4), 30, min(120))), at(min(2)));
      assertEquals(Confidence.LOW, v.confidence());
    }

    @Test
    void aFewOutliersDoNotMoveTheLifetime() {
      List<GapObservation> list = new ArrayList<>(separated(20, min(4), 20, min(8)));
      list.add(obs(sec(30), 0, 50_000)); // a rewritten prompt missed after 30 s
      list.add(obs(min(90), 45_000, 50_000)); // a lucky hit after 90 min
      CacheVerdict v = strategy.evaluate(session(list), at(min(1)));
      assertEquals(Optional.of(min(4)), v.ttl());
      assertTrue(hasNote(v, "2 of the calls disagree"), v.notes().toString());
    }

    @Test
    void readingOnlyASharedHeadIsAMiss() {
      List<GapObservation> list = new ArrayList<>(separated(10, min(4), 0, min(0)));
      for (int i = 0; i < 10; i++) {
        list.add(obs(min(10 + i), 8_000, 50_000)); // the shared system prompt, not the conversation
      }
      CacheVerdict v = strategy.evaluate(session(list), at(min(1)));
      assertEquals(Optional.of(min(4)), v.ttl());
    }

    @Test
    void missesOfPromptsTooSmallToCacheAreIgnored() {
      List<GapObservation> list = new ArrayList<>(separated(10, min(4), 10, min(10)));
      for (int i = 0; i < 20; i++) {
        list.add(obs(sec(5 + i), 0, 300)); // below anything that ever hit
      }
      CacheVerdict v = strategy.evaluate(session(list), at(min(1)));
      assertEquals(Optional.of(min(4)), v.ttl());
      assertTrue(hasNote(v, "Learned from 20 calls"), v.notes().toString());
    }
  }

  @Nested
  class PrefixAndCost {

    @Test
    void implicitCachingCachesTheWholePromptAndChargesNoWrite() {
      FakeHistory h = session(separated(10, min(4), 10, min(10))).withPrice(FLASH);
      CacheVerdict v = strategy.evaluate(h, at(min(1)));
      assertEquals(50_000, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ofUsd("0.0015")), v.resumeCostWarm());
      assertEquals(Optional.of(Money.ofUsd("0.015")), v.resumeCostCold());
    }

    @Test
    void explicitWritesLimitThePrefixToWhatWasCached() {
      FakeHistory h =
          history("pi", call("openrouter", "qwen/qwen3-coder", T0, tokens(5_000, 30_000, 10_000, 0)))
              .withPrice(FLASH);
      CacheVerdict v = strategy.evaluate(h, at(min(1)));
      assertEquals(40_000, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ofUsd("0.012")), v.resumeCostCold());
      assertFalse(v.resumeCostWarm().isEmpty());
    }
  }

  @Test
  void oddHistoriesAreUnknown() {
    assertEquals(CacheState.UNKNOWN, strategy.evaluate(history("pi"), T0).state());
    assertEquals(CacheState.UNKNOWN, strategy.evaluate(null, T0).state());
    assertEquals(CacheState.UNKNOWN, strategy.evaluate(session(List.of()), null).state());
  }
}
