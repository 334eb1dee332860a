package io.github.cream.cache.strategies;

import static io.github.cream.cache.strategies.Fixtures.OPUS;
import static io.github.cream.cache.strategies.Fixtures.OPUS_PRICE;
import static io.github.cream.cache.strategies.Fixtures.SONNET;
import static io.github.cream.cache.strategies.Fixtures.T0;
import static io.github.cream.cache.strategies.Fixtures.at;
import static io.github.cream.cache.strategies.Fixtures.call;
import static io.github.cream.cache.strategies.Fixtures.history;
import static io.github.cream.cache.strategies.Fixtures.min;
import static io.github.cream.cache.strategies.Fixtures.opus;
import static io.github.cream.cache.strategies.Fixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Money;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.GapObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicEphemeralStrategyTest {

  private static final Duration ALLOWANCE = Duration.ofSeconds(30);
  private final AnthropicEphemeralStrategy strategy = new AnthropicEphemeralStrategy();

  private CacheVerdict judge(CacheHistory h, Instant now) {
    return strategy.evaluate(h, now);
  }

  private static boolean hasNote(CacheVerdict v, String fragment) {
    return v.notes().stream().anyMatch(n -> n.contains(fragment));
  }

  @Nested
  class Supports {

    @ParameterizedTest
    @CsvSource({
      "anthropic, claude-opus-4-6",
      "anthropic, some-future-model",
      "amazon-bedrock, us.anthropic.claude-opus-4-6-v1",
      "amazon-bedrock, anthropic.claude-3-5-sonnet-20240620-v1:0",
      "google-vertex, claude-opus-4-1@20250805",
      "vertex, claude-sonnet-4-5@20250929",
      "openrouter, anthropic/claude-sonnet-4.5",
      "vercel-ai-gateway, anthropic/claude-haiku-4.5",
      "github-copilot, claude-sonnet-4",
      "azure, claude-opus-4-6"
    })
    void claimsClaudeEverywhereAndAnythingOnTheClaudeApi(String provider, String model) {
      assertEquals(OptionalInt.of(100), strategy.supports(provider, model));
    }

    @ParameterizedTest
    @CsvSource({
      "amazon-bedrock, amazon.nova-pro-v1:0",
      "google-vertex, gemini-2.5-pro",
      "openai, gpt-5",
      "openrouter, openai/gpt-5",
      "deepseek, deepseek-chat",
      "mistral, claudette-7b"
    })
    void leavesOtherModelsAlone(String provider, String model) {
      assertEquals(OptionalInt.empty(), strategy.supports(provider, model));
    }

    @Test
    void toleratesNulls() {
      assertEquals(OptionalInt.empty(), strategy.supports(null, null));
      assertEquals("anthropic-ephemeral", strategy.id());
    }
  }

  @Nested
  class Expiry {

    @Test
    void fiveMinuteWriteIsWarmOneMillisecondBeforeAndColdExactlyAtExpiry() {
      UsageRecord c = opus(Duration.ZERO, tokens(3, 0, 20_000, 0));
      CacheHistory h = history("claude", c);
      Instant expires = T0.plus(min(5)).minus(ALLOWANCE);

      CacheVerdict before = judge(h, expires.minusMillis(1));
      assertEquals(CacheState.WARM, before.state());
      assertEquals(Optional.of(expires), before.expiresAt());
      assertEquals(Optional.of(min(5)), before.ttl());
      assertEquals(Optional.of(T0), before.lastActivity());
      assertEquals(Confidence.HIGH, before.confidence());

      CacheVerdict atExpiry = judge(h, expires);
      assertEquals(CacheState.COLD, atExpiry.state());
      assertEquals(Optional.of(expires), atExpiry.expiresAt());
    }

    @Test
    void oneHourWriteLastsAnHour() {
      CacheHistory h = history("claude", opus(Duration.ZERO, tokens(3, 0, 0, 30_000)));
      Instant expires = T0.plus(min(60)).minus(ALLOWANCE);

      CacheVerdict mid = judge(h, at(min(30)));
      assertEquals(CacheState.WARM, mid.state());
      assertEquals(Confidence.HIGH, mid.confidence());
      assertEquals(Optional.of(min(60)), mid.ttl());
      assertEquals(CacheState.WARM, judge(h, expires.minusMillis(1)).state());
      assertEquals(CacheState.COLD, judge(h, expires).state());
      assertEquals(Confidence.HIGH, judge(h, at(min(61))).confidence());
    }

    @Test
    void aReadRefreshesTheLifetime() {
      CacheHistory h =
          history(
              "claude", opus(Duration.ZERO, tokens(3, 0, 20_000, 0)), opus(min(4), tokens(3, 20_000, 0, 0)));
      CacheVerdict v = judge(h, at(min(8)));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Optional.of(at(min(4))), v.lastActivity());
      assertEquals(Optional.of(at(min(9)).minus(ALLOWANCE)), v.expiresAt());
      assertEquals(20_000, v.cachedPrefixTokens());
    }

    @Test
    void aCallThatNeitherReadsNorWritesDoesNotRefresh() {
      CacheHistory h =
          history("claude", opus(Duration.ZERO, tokens(3, 0, 20_000, 0)), opus(min(4), tokens(900, 0, 0, 0)));
      CacheVerdict v = judge(h, at(min(6)));
      assertEquals(Optional.of(T0), v.lastActivity());
      assertEquals(CacheState.COLD, v.state());
    }

    @Test
    void inTheAllowanceAfterTheAnnouncedExpiryTheColdVerdictIsOnlyMedium() {
      CacheHistory h = history("claude", opus(Duration.ZERO, tokens(3, 0, 20_000, 0)));
      CacheVerdict v = judge(h, at(min(5)).minusSeconds(10));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
      assertTrue(hasNote(v, "30s longer"));
      assertEquals(Confidence.HIGH, judge(h, at(min(5))).confidence());
    }

    @Test
    void aCallDatedAfterNowIsWarmWithANote() {
      CacheHistory h = history("claude", opus(min(10), tokens(3, 0, 20_000, 0)));
      CacheVerdict v = judge(h, T0);
      assertEquals(CacheState.WARM, v.state());
      assertTrue(hasNote(v, "dated after"));
    }
  }

  @Nested
  class LivePrefix {

    @Test
    void aOneHourWriteEarlierInTheLivePrefixKeepsOneHour() {
      CacheHistory h =
          history(
              "claude",
              opus(Duration.ZERO, tokens(3, 0, 0, 30_000)),
              opus(min(10), tokens(3, 30_000, 2_000, 0)),
              opus(min(20), tokens(3, 32_000, 0, 0)));
      CacheVerdict v = judge(h, at(min(50)));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Optional.of(min(60)), v.ttl());
      assertEquals(Optional.of(at(min(80)).minus(ALLOWANCE)), v.expiresAt());
      // past 5 minutes the 5-minute part of a mixed prefix is gone: warm, but only medium
      assertEquals(Confidence.MEDIUM, v.confidence());
      assertTrue(hasNote(v, "mixes 1-hour and 5-minute"));
      assertEquals(Confidence.HIGH, judge(h, at(min(22))).confidence());
    }

    @Test
    void aCacheThatWentColdDropsTheEarlierOneHourWrite() {
      CacheHistory h =
          history(
              "claude", opus(Duration.ZERO, tokens(3, 0, 0, 30_000)), opus(min(120), tokens(3, 0, 31_000, 0)));
      CacheVerdict v = judge(h, at(min(126)));
      assertEquals(Optional.of(min(5)), v.ttl());
      assertEquals(CacheState.COLD, v.state());
    }

    @Test
    void aModelChangeResets() {
      CacheHistory h =
          history(
              "claude",
              opus(Duration.ZERO, tokens(3, 0, 0, 30_000)),
              call("anthropic", SONNET, at(min(1)), tokens(3, 0, 25_000, 0)));
      CacheVerdict v = judge(h, at(min(3)));
      assertEquals(Optional.of(min(5)), v.ttl());
      assertEquals(Optional.of(at(min(1))), v.lastActivity());
      assertEquals(25_000, v.cachedPrefixTokens());
      assertEquals(CacheState.COLD, judge(h, at(min(7))).state());
    }

    @Test
    void callsOfAnotherModelNeitherRefreshNorEndTheCurrentModelsCache() {
      CacheHistory h =
          history(
              "claude",
              opus(Duration.ZERO, tokens(3, 0, 0, 30_000)),
              call("anthropic", SONNET, at(min(1)), tokens(3, 0, 25_000, 0)),
              opus(min(2), tokens(3, 30_000, 0, 0)));
      CacheVerdict v = judge(h, at(min(40)));
      assertEquals(Optional.of(min(60)), v.ttl());
      assertEquals(Optional.of(at(min(2))), v.lastActivity());
      assertEquals(CacheState.WARM, v.state());
    }

    @Test
    void subagentCallsAreLeftOutWhenTheMainConversationHasCalls() {
      CacheHistory h =
          history(
              "claude",
              opus(Duration.ZERO, tokens(3, 0, 0, 30_000)),
              opus(min(10), tokens(3, 0, 8_000, 0), RecordFlag.SUBAGENT));
      CacheVerdict v = judge(h, at(min(12)));
      assertEquals(Optional.of(T0), v.lastActivity());
      assertEquals(Optional.of(min(60)), v.ttl());
      assertEquals(30_000, v.cachedPrefixTokens());
    }

    @Test
    void aSessionOfSubagentCallsOnlyIsJudgedOnThem() {
      CacheHistory h = history("claude", opus(Duration.ZERO, tokens(3, 0, 8_000, 0), RecordFlag.SUBAGENT));
      CacheVerdict v = judge(h, at(min(1)));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(8_000, v.cachedPrefixTokens());
    }
  }

  @Nested
  class Evidence {

    @Test
    void aSessionWithNoCacheActivityIsColdWithMediumConfidence() {
      CacheHistory h =
          history("claude", opus(Duration.ZERO, tokens(9_000, 0, 0, 0)), opus(min(1), tokens(9_500, 0, 0, 0)))
              .withPrice(OPUS_PRICE);
      CacheVerdict v = judge(h, at(min(2)));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
      assertEquals(0, v.cachedPrefixTokens());
      assertEquals(Optional.empty(), v.expiresAt());
      assertEquals(Optional.empty(), v.lastActivity());
      assertEquals(Optional.of(Money.ZERO), v.resumeCostWarm());
      assertEquals(Optional.of(Money.ZERO), v.resumeCostCold());
      assertTrue(hasNote(v, "caching was not requested"));
    }

    @Test
    void promptsUnderTheModelsMinimumNeverCache() {
      CacheHistory h =
          history("claude", opus(Duration.ZERO, tokens(3_000, 0, 0, 0)), opus(min(1), tokens(4_095, 0, 0, 0)));
      CacheVerdict v = judge(h, at(min(2)));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.HIGH, v.confidence());
      assertTrue(hasNote(v, "4096-token minimum"));
      assertTrue(hasNote(v, "4095 tokens"));
    }

    @Test
    void aPromptAtTheMinimumIsNotBelowIt() {
      CacheHistory h = history("claude", opus(Duration.ZERO, tokens(4_096, 0, 0, 0)));
      assertEquals(Confidence.MEDIUM, judge(h, at(min(1))).confidence());
    }

    @Test
    void untypedWritesAssumeFiveMinutesAndSayWhereThatMatters() {
      CacheHistory h =
          history("pi", opus(Duration.ZERO, tokens(3, 0, 20_000, 0), RecordFlag.CACHE_WRITE_UNSPLIT));
      CacheVerdict early = judge(h, at(min(3)));
      assertEquals(CacheState.WARM, early.state());
      assertEquals(Confidence.HIGH, early.confidence());
      assertTrue(hasNote(early, "does not say whether"));

      CacheVerdict between = judge(h, at(min(10)));
      assertEquals(CacheState.COLD, between.state());
      assertEquals(Confidence.MEDIUM, between.confidence());

      CacheVerdict late = judge(h, at(min(61)));
      assertEquals(CacheState.COLD, late.state());
      assertEquals(Confidence.HIGH, late.confidence());
    }

    @Test
    void aOneHourWriteAnywhereInTheSessionShowsTheLogSplitsWrites() {
      CacheHistory h =
          history(
              "pi",
              opus(Duration.ZERO, tokens(3, 0, 0, 20_000), RecordFlag.CACHE_WRITE_UNSPLIT),
              opus(min(90), tokens(3, 0, 21_000, 0), RecordFlag.CACHE_WRITE_UNSPLIT));
      CacheVerdict v = judge(h, at(min(100)));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.HIGH, v.confidence());
    }

    @Test
    void aLivePrefixThatOnlyReadHasAnUnknownLifetime() {
      CacheHistory h = history("claude", opus(Duration.ZERO, tokens(3, 20_000, 0, 0)));
      CacheVerdict v = judge(h, at(min(20)));
      assertEquals(CacheState.COLD, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
      assertTrue(hasNote(v, "lifetime of what it read is not known"));
    }

    @Test
    void aResoldClaudeIsAtMostMedium() {
      UsageRecord c = call("openrouter", "anthropic/claude-sonnet-4.5", T0, tokens(3, 0, 0, 20_000));
      CacheVerdict v = judge(history("pi", c), at(min(1)));
      assertEquals(CacheState.WARM, v.state());
      assertEquals(Confidence.MEDIUM, v.confidence());
      assertTrue(hasNote(v, "resells"));
    }

    @Test
    void bedrockIsNative() {
      UsageRecord c = call("amazon-bedrock", "us.anthropic.claude-opus-4-6-v1", T0, tokens(3, 0, 0, 20_000));
      assertEquals(Confidence.HIGH, judge(history("openclaw", c), at(min(1))).confidence());
    }
  }

  @Nested
  class ResumeCost {

    @Test
    void warmReadsThePrefixColdRewritesItAtTheOneHourPrice() {
      CacheHistory h =
          history(
                  "claude",
                  opus(Duration.ZERO, tokens(3, 0, 0, 40_000)),
                  opus(min(2), tokens(5, 40_000, 0, 60_000)))
              .withPrice(OPUS_PRICE);
      CacheVerdict v = judge(h, at(min(3)));
      assertEquals(100_000, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ofUsd("0.05")), v.resumeCostWarm());
      assertEquals(Optional.of(Money.ofUsd("1.00")), v.resumeCostCold());
    }

    @Test
    void aFiveMinutePrefixIsRewrittenAtTheFiveMinutePrice() {
      CacheHistory h = history("claude", opus(Duration.ZERO, tokens(3, 60_000, 40_000, 0))).withPrice(OPUS_PRICE);
      CacheVerdict v = judge(h, at(min(1)));
      assertEquals(100_000, v.cachedPrefixTokens());
      assertEquals(Optional.of(Money.ofUsd("0.05")), v.resumeCostWarm());
      assertEquals(Optional.of(Money.ofUsd("0.625")), v.resumeCostCold());
    }

    @Test
    void withoutAPriceTheCostsAreMissingAndANoteSaysWhy() {
      CacheVerdict v = judge(history("claude", opus(Duration.ZERO, tokens(3, 0, 0, 40_000))), at(min(1)));
      assertEquals(Optional.empty(), v.resumeCostWarm());
      assertEquals(Optional.empty(), v.resumeCostCold());
      assertTrue(hasNote(v, "no price"));
    }
  }

  @Nested
  class OddHistories {

    @Test
    void anEmptyHistoryIsUnknown() {
      CacheVerdict v = judge(history("claude"), T0);
      assertEquals(CacheState.UNKNOWN, v.state());
      assertEquals(Confidence.NONE, v.confidence());
      assertFalse(v.notes().isEmpty());
    }

    @Test
    void aMissingInstantIsUnknown() {
      CacheVerdict v = judge(history("claude", opus(Duration.ZERO, tokens(3, 0, 20_000, 0))), null);
      assertEquals(CacheState.UNKNOWN, v.state());
    }

    @Test
    void aHistoryThatAnswersNullsOrThrowsIsUnknown() {
      CacheHistory nulls =
          new CacheHistory() {
            @Override
            public String source() {
              return null;
            }

            @Override
            public String sessionId() {
              return null;
            }

            @Override
            public String provider() {
              return null;
            }

            @Override
            public String model() {
              return null;
            }

            @Override
            public List<UsageRecord> calls() {
              return null;
            }

            @Override
            public Optional<ModelPrice> price() {
              return null;
            }

            @Override
            public List<GapObservation> observations() {
              throw new IllegalStateException("broken");
            }
          };
      assertEquals(CacheState.UNKNOWN, judge(nulls, T0).state());
      assertEquals(CacheState.UNKNOWN, judge(null, T0).state());
    }

    @Test
    void aHistoryNamingAModelNoCallHasFallsBackToTheLatestCall() {
      CacheHistory h =
          history("claude", opus(Duration.ZERO, tokens(3, 0, 20_000, 0))).withModel("anthropic", "claude-x");
      CacheVerdict v = judge(h, at(min(1)));
      assertEquals(CacheState.WARM, v.state());
    }
  }

  @Test
  void theCacheOfTheModelInTheVerdictIsTheOneRecordedWithTheSameProvider() {
    // the same model through Bedrock is another cache
    CacheHistory h =
        history(
            "claude",
            opus(Duration.ZERO, tokens(3, 0, 0, 30_000)),
            call("amazon-bedrock", OPUS, at(min(1)), tokens(3, 0, 10_000, 0)));
    CacheVerdict v = judge(h, at(min(2)));
    assertEquals(Optional.of(min(5)), v.ttl());
    assertEquals(OPUS, h.model());
  }
}
