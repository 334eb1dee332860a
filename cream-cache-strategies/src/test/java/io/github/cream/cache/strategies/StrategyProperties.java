package io.github.cream.cache.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.cache.strategies.Fixtures.FakeHistory;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.GapObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

/** Whatever the history, every strategy answers, and its answer is consistent with itself and with time. */
class StrategyProperties {

  private static final List<CacheStrategy> STRATEGIES =
      List.of(
          new AnthropicEphemeralStrategy(),
          new OpenAiPromptCacheStrategy(),
          new EmpiricalDropoffStrategy(),
          new UnknownStrategy());

  private static final List<String> PROVIDER_MODELS =
      List.of(
          "anthropic|claude-opus-4-6",
          "anthropic|claude-sonnet-4-5-20250929",
          "amazon-bedrock|us.anthropic.claude-haiku-4-5-20251001-v1:0",
          "openrouter|anthropic/claude-sonnet-4.5",
          "openai|gpt-5",
          "openai|gpt-4o",
          "openai|gpt-5.5",
          "openai|gpt-5.6",
          "azure|gpt-5",
          "openai-codex|gpt-5-codex",
          "google|gemini-2.5-pro",
          "deepseek|deepseek-chat",
          "openrouter|openai/gpt-5");

  private static final List<Optional<ModelPrice>> PRICES =
      List.of(
          Optional.empty(),
          Optional.of(Fixtures.OPUS_PRICE),
          Optional.of(Fixtures.GPT5_PRICE),
          Optional.of(Fixtures.GPT56_PRICE));

  private record Spec(long gapMillis, String providerModel, TokenCounts tokens, boolean subagent) {}

  @Property(tries = 400)
  void verdictsNeverThrowAndAreConsistent(
      @ForAll("histories") FakeHistory history,
      @ForAll @LongRange(min = -3_600_000L, max = 100_000_000L) long nowOffsetMillis) {
    Instant now = Fixtures.T0.plusMillis(nowOffsetMillis);
    for (CacheStrategy s : STRATEGIES) {
      CacheVerdict v = s.evaluate(history, now);
      assertEquals(s.id(), v.strategy());
      v.expiresAt()
          .ifPresent(
              e ->
                  v.lastActivity()
                      .ifPresent(l -> assertFalse(e.isBefore(l), s.id() + ": expires before its last activity")));
      if (v.state() == CacheState.WARM) {
        assertTrue(v.expiresAt().isPresent(), s.id() + ": warm without an expiry");
        assertTrue(now.isBefore(v.expiresAt().get()), s.id() + ": warm at or after its expiry");
      }
      if (v.state() == CacheState.COLD && v.expiresAt().isPresent()) {
        assertFalse(now.isBefore(v.expiresAt().get()), s.id() + ": cold before its expiry");
      }
      if (v.state() == CacheState.UNKNOWN) {
        assertEquals(Confidence.NONE, v.confidence(), s.id());
      } else {
        assertTrue(v.confidence() != Confidence.NONE, s.id() + ": a verdict without confidence");
      }
      assertFalse(v.notes().isEmpty(), s.id() + ": no note");
      if (v.resumeCostWarm().isPresent() && v.resumeCostCold().isPresent()) {
        // every test price reads cheaper than it writes or inputs
        assertTrue(v.resumeCostWarm().get().compareTo(v.resumeCostCold().get()) <= 0, s.id());
      }
    }
  }

  @Property(tries = 200)
  void aCacheThatIsColdStaysColdAsTimePasses(
      @ForAll("histories") FakeHistory history,
      @ForAll @LongRange(min = -3_600_000L, max = 100_000_000L) long earlier,
      @ForAll @LongRange(min = 0L, max = 7_200_000L) long later) {
    Instant t1 = Fixtures.T0.plusMillis(earlier);
    Instant t2 = t1.plusMillis(later);
    for (CacheStrategy s : STRATEGIES) {
      CacheVerdict v1 = s.evaluate(history, t1);
      CacheVerdict v2 = s.evaluate(history, t2);
      assertEquals(v1.state() == CacheState.UNKNOWN, v2.state() == CacheState.UNKNOWN, s.id());
      if (v2.state() == CacheState.WARM) {
        assertEquals(CacheState.WARM, v1.state(), s.id() + ": warm again after being cold");
      }
      assertEquals(v1.expiresAt(), v2.expiresAt(), s.id());
    }
  }

  @Provide
  Arbitrary<FakeHistory> histories() {
    Arbitrary<Long> gaps =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.longs().between(0, 300_000)),
            Tuple.of(3, Arbitraries.longs().between(0, 3_600_000)),
            Tuple.of(1, Arbitraries.longs().between(0, 90_000_000)));
    Arbitrary<Long> counts =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(0L)), Tuple.of(3, Arbitraries.longs().between(1, 300_000)));
    Arbitrary<Spec> specs =
        Combinators.combine(
                gaps,
                Arbitraries.of(PROVIDER_MODELS),
                counts,
                counts,
                counts,
                counts,
                Arbitraries.of(true, false, false, false))
            .as((g, pm, in, read, w5, w1, sub) -> new Spec(g, pm, TokenCounts.of(in, read, w5, w1, 50), sub));
    Arbitrary<GapObservation> observations =
        Combinators.combine(gaps, counts, counts, counts)
            .as((g, read, write, prompt) -> new GapObservation(Duration.ofMillis(g), read, write, prompt));
    return Combinators.combine(
            specs.list().ofMaxSize(12),
            Arbitraries.of("claude", "codex", "pi", "openclaw"),
            Arbitraries.of(PRICES),
            observations.list().ofMaxSize(60),
            Arbitraries.of(true, true, true, false))
        .as(StrategyProperties::history);
  }

  private static FakeHistory history(
      List<Spec> specs,
      String source,
      Optional<ModelPrice> price,
      List<GapObservation> observations,
      boolean modelOfLastCall) {
    List<UsageRecord> calls = new ArrayList<>();
    Instant t = Fixtures.T0.minus(Duration.ofHours(30));
    for (Spec s : specs) {
      t = t.plusMillis(s.gapMillis());
      String[] pm = s.providerModel().split("\\|");
      RecordFlag[] flags = s.subagent() ? new RecordFlag[] {RecordFlag.SUBAGENT} : new RecordFlag[0];
      calls.add(Fixtures.call(pm[0], pm[1], t, s.tokens(), flags));
    }
    FakeHistory h = Fixtures.history(source, calls.toArray(new UsageRecord[0])).withObservations(observations);
    if (price.isPresent()) {
      h = h.withPrice(price.get());
    }
    return modelOfLastCall ? h : h.withModel("openrouter", "some/other-model");
  }
}
