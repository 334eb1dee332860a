package io.github.cream.cache.strategies;

import io.github.cream.api.ModelPrice;
import io.github.cream.api.Origin;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.GapObservation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Hand-built calls, prices and histories for the strategy tests. No clocks, no files. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final String OPUS = "claude-opus-4-6";
  static final String SONNET = "claude-sonnet-4-5-20250929";

  private static final AtomicLong LINE = new AtomicLong(1);

  private Fixtures() {}

  /** Opus 4.6 list prices, $/MTok (claude-codex-ccusage.md section 4.1). */
  static final ModelPrice OPUS_PRICE =
      ModelPrice.builder(OPUS)
          .provider("anthropic")
          .input("5")
          .output("25")
          .cacheRead("0.5")
          .cacheWrite5m("6.25")
          .cacheWrite1h("10")
          .build();

  /** gpt-5 list prices; no write fee, so the write prices equal the input price. */
  static final ModelPrice GPT5_PRICE =
      ModelPrice.builder("gpt-5")
          .provider("openai")
          .input("1.25")
          .output("10")
          .cacheRead("0.125")
          .cacheWrite5m("1.25")
          .cacheWrite1h("1.25")
          .build();

  /** An illustrative GPT-5.6 price with the 1.25x write fee. */
  static final ModelPrice GPT56_PRICE =
      ModelPrice.builder("gpt-5.6")
          .provider("openai")
          .input("4")
          .output("30")
          .cacheRead("0.4")
          .cacheWrite5m("5")
          .cacheWrite1h("5")
          .build();

  static Instant at(Duration d) {
    return T0.plus(d);
  }

  static Duration min(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  static Duration sec(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  /** Tokens: input, cache read, 5-minute write, 1-hour write; output 100. */
  static TokenCounts tokens(long input, long read, long write5m, long write1h) {
    return TokenCounts.of(input, read, write5m, write1h, 100);
  }

  static UsageRecord call(String provider, String model, Instant at, TokenCounts tokens, RecordFlag... flags) {
    return UsageRecord.builder()
        .source("test")
        .provider(provider)
        .model(model)
        .sessionId("s1")
        .timestamp(at)
        .tokens(tokens)
        .flags(Arrays.asList(flags))
        .origin(new Origin(Path.of("session.jsonl"), LINE.getAndIncrement(), 0))
        .build();
  }

  static UsageRecord opus(Duration after, TokenCounts tokens, RecordFlag... flags) {
    return call("anthropic", OPUS, at(after), tokens, flags);
  }

  static UsageRecord gpt(String model, Duration after, TokenCounts tokens) {
    return call("openai", model, at(after), tokens);
  }

  static GapObservation obs(Duration gap, long read, long prompt) {
    return new GapObservation(gap, read, 0, prompt);
  }

  /** A history whose provider and model are those of its last call. */
  static FakeHistory history(String source, UsageRecord... calls) {
    UsageRecord last = calls.length == 0 ? null : calls[calls.length - 1];
    return new FakeHistory(
        source,
        "s1",
        last == null ? "anthropic" : last.provider(),
        last == null ? OPUS : last.model(),
        List.of(calls),
        Optional.empty(),
        List.of());
  }

  /** An immutable {@link CacheHistory} with wither methods. */
  record FakeHistory(
      String source,
      String sessionId,
      String provider,
      String model,
      List<UsageRecord> calls,
      Optional<ModelPrice> price,
      List<GapObservation> observations)
      implements CacheHistory {

    FakeHistory withPrice(ModelPrice p) {
      return new FakeHistory(source, sessionId, provider, model, calls, Optional.of(p), observations);
    }

    FakeHistory withModel(String provider, String model) {
      return new FakeHistory(source, sessionId, provider, model, calls, price, observations);
    }

    FakeHistory withObservations(List<GapObservation> list) {
      return new FakeHistory(source, sessionId, provider, model, calls, price, new ArrayList<>(list));
    }
  }
}
