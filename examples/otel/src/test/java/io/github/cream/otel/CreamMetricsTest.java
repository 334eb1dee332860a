package io.github.cream.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.Environment;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instruments through the SDK's in-memory reader: exact totals, cumulative, and the gauges at a fixed clock. */
class CreamMetricsTest {

  /** Wednesday, 2026-03-04 12:00 UTC: a minute after the last call. */
  static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");

  /**
   * Three agents, three cost provenances: recorded (alpha's), calculated (a bundled price) and unpriced; calls in
   * February, last week, this week (from Monday 2026-03-02) and today.
   */
  static final Map<String, List<String>> HISTORY = Map.of(
      "alpha", List.of(
          "2026-02-20T10:00:00Z|a1|anthropic|claude-sonnet-4-5|100|2000|300|0|400|0|0.125",
          "2026-03-01T10:00:00Z|a1|anthropic|claude-sonnet-4-5|10|3000|0|500|40|0|0.0375",
          "2026-03-04T11:59:00Z|a2|anthropic|claude-sonnet-4-5|7|0|900|0|55|0|0.000001"),
      "beta", List.of(
          "2026-03-02T09:00:00Z|b1|openai|gpt-5|1000|5000|0|0|800|300|-",
          "2026-03-04T08:00:00Z|b1|openai|gpt-5|500|6000|0|0|200|100|-",
          "2026-03-04T08:30:00Z|b2|acme|mystery-model|50|0|0|0|5|0|-"),
      "gamma", List.of());

  @TempDir Path home;
  UsageSnapshot snapshot;

  /** Warm for exactly ten minutes after a session's last call. */
  static final class TenMinutes implements CacheStrategy {
    @Override
    public String id() {
      return "ten-minutes";
    }

    @Override
    public OptionalInt supports(String provider, String model) {
      return OptionalInt.of(1);
    }

    @Override
    public CacheVerdict evaluate(CacheHistory history, Instant now) {
      UsageRecord last = history.calls().get(history.calls().size() - 1);
      Instant expires = last.timestamp().plus(Duration.ofMinutes(10));
      return CacheVerdict.builder(id(), now.isBefore(expires) ? CacheState.WARM : CacheState.COLD)
          .lastActivity(last.timestamp()).expiresAt(expires).confidence(Confidence.HIGH).build();
    }
  }

  @BeforeEach
  void scan() throws IOException {
    Cream.Builder b = Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC)))
        .discoverProviders(false).noIndex().cacheStrategy(new TenMinutes());
    for (Map.Entry<String, List<String>> e : HISTORY.entrySet()) {
      Path dir = Files.createDirectories(home.resolve("." + e.getKey()));
      Files.write(dir.resolve("log.jsonl"), e.getValue());
      b.source(new LineSource(e.getKey()));
    }
    snapshot = b.build().scan();
    assertEquals(6, snapshot.totals().calls());
  }

  private Collection<MetricData> collect(UsageSnapshot s) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      CreamMetrics.builder(() -> s).clock(Clock.fixed(NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC)
          .register(provider.get("test"));
      return reader.collectAllMetrics();
    }
  }

  private static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  private static Map<Attributes, Long> longs(Collection<MetricData> all, String name) {
    Map<Attributes, Long> out = new HashMap<>();
    MetricData m = metric(all, name);
    Collection<LongPointData> points =
        m.getType() == MetricDataType.LONG_SUM ? m.getLongSumData().getPoints() : m.getLongGaugeData().getPoints();
    points.forEach(p -> out.put(p.getAttributes(), p.getValue()));
    return out;
  }

  private static Map<Attributes, Double> doubles(Collection<MetricData> all, String name) {
    Map<Attributes, Double> out = new HashMap<>();
    MetricData m = metric(all, name);
    Collection<DoublePointData> points = m.getType() == MetricDataType.DOUBLE_SUM
        ? m.getDoubleSumData().getPoints() : m.getDoubleGaugeData().getPoints();
    points.forEach(p -> out.put(p.getAttributes(), p.getValue()));
    return out;
  }

  private static long sum(Map<Attributes, Long> points) {
    return points.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Dollars back to nano-dollars: exact, because each point is the double nearest its nano-dollar amount. */
  private static long nanos(double usd) {
    return Math.round(usd * 1e9);
  }

  @Test
  void countersAddUpToTheSnapshotsExactTotals() {
    Collection<MetricData> all = collect(snapshot);
    UsageTotals t = snapshot.totals();
    Map<Attributes, Long> tokens = longs(all, MetricNames.TOKEN_USAGE);
    assertEquals(t.tokens().total(), sum(tokens), "the types add up to the total tokens");
    assertEquals(t.tokens().reasoning(), sum(longs(all, MetricNames.TOKEN_REASONING)));
    assertEquals(t.calls(), sum(longs(all, MetricNames.CALL_COUNT)));
    long cost = doubles(all, MetricNames.COST_USAGE).values().stream().mapToLong(CreamMetricsTest::nanos).sum();
    assertEquals(t.cost().nanos(), cost);

    Attributes sonnet = Attributes.of(MetricNames.SOURCE, "alpha", MetricNames.PROVIDER, "anthropic",
        MetricNames.MODEL, "claude-sonnet-4-5");
    assertEquals(117L, tokens.get(with(sonnet, MetricNames.TYPE, "input")));
    assertEquals(495L, tokens.get(with(sonnet, MetricNames.TYPE, "output")));
    assertEquals(5000L, tokens.get(with(sonnet, MetricNames.TYPE, "cacheRead")));
    assertEquals(1200L, tokens.get(with(with(sonnet, MetricNames.TYPE, "cacheCreation"), MetricNames.CACHE_TTL, "5m")));
    assertEquals(500L, tokens.get(with(with(sonnet, MetricNames.TYPE, "cacheCreation"), MetricNames.CACHE_TTL, "1h")));
    assertEquals(0.162501, doubles(all, MetricNames.COST_USAGE)
        .get(with(sonnet, MetricNames.COST_PROVENANCE, "recorded")));
    assertEquals(3L, longs(all, MetricNames.CALL_COUNT).get(with(sonnet, MetricNames.COST_PROVENANCE, "recorded")));

    Attributes mystery = Attributes.of(MetricNames.SOURCE, "beta", MetricNames.PROVIDER, "acme",
        MetricNames.MODEL, "mystery-model", MetricNames.COST_PROVENANCE, "unpriced");
    assertEquals(0.0, doubles(all, MetricNames.COST_USAGE).get(mystery), "an unpriced call adds zero");
    assertEquals(1L, longs(all, MetricNames.CALL_COUNT).get(mystery), "and is counted as unpriced");
    Attributes gpt = Attributes.of(MetricNames.SOURCE, "beta", MetricNames.PROVIDER, "openai",
        MetricNames.MODEL, "gpt-5", MetricNames.COST_PROVENANCE, "calculated");
    assertTrue(doubles(all, MetricNames.COST_USAGE).get(gpt) > 0, "a bundled price");
    assertEquals(Map.of(Attributes.of(MetricNames.SOURCE, "alpha"), 2L, Attributes.of(MetricNames.SOURCE, "beta"), 2L),
        longs(all, MetricNames.SESSION_COUNT));
  }

  @Test
  void countersAreCumulativeAndTheSameAtEveryCollection() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      CreamMetrics.builder(() -> snapshot).clock(Clock.fixed(NOW, ZoneOffset.UTC)).register(provider.get("test"));
      Collection<MetricData> first = reader.collectAllMetrics();
      Collection<MetricData> second = reader.collectAllMetrics();
      assertEquals(AggregationTemporality.CUMULATIVE,
          metric(first, MetricNames.COST_USAGE).getDoubleSumData().getAggregationTemporality());
      assertTrue(metric(first, MetricNames.TOKEN_USAGE).getLongSumData().isMonotonic());
      assertEquals(longs(first, MetricNames.TOKEN_USAGE), longs(second, MetricNames.TOKEN_USAGE));
      assertEquals(doubles(first, MetricNames.COST_USAGE), doubles(second, MetricNames.COST_USAGE));
    }
    // a second process publishing the same logs publishes the same totals, never a sum of both
    assertEquals(longs(collect(snapshot), MetricNames.CALL_COUNT), longs(collect(snapshot), MetricNames.CALL_COUNT));
  }

  @Test
  void theCurrentPeriodsCountEachCallByItsOwnTime() {
    Map<Attributes, Double> period = doubles(collect(snapshot), MetricNames.COST_CURRENT_PERIOD);
    Attributes sonnet = Attributes.of(MetricNames.SOURCE, "alpha", MetricNames.PROVIDER, "anthropic",
        MetricNames.MODEL, "claude-sonnet-4-5");
    assertEquals(0.000001, period.get(with(sonnet, MetricNames.PERIOD, "day")));
    assertEquals(0.000001, period.get(with(sonnet, MetricNames.PERIOD, "week")), "the week starts on Monday 03-02");
    assertEquals(0.037501, period.get(with(sonnet, MetricNames.PERIOD, "month")));
    assertFalse(period.containsKey(Attributes.of(MetricNames.SOURCE, "alpha", MetricNames.PROVIDER, "anthropic",
        MetricNames.MODEL, "claude-sonnet-4-5", MetricNames.PERIOD, "year")));

    // weeks starting on Sunday: Sunday 03-01 is this week
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      CreamMetrics.builder(() -> snapshot).clock(Clock.fixed(NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC)
          .firstDayOfWeek(DayOfWeek.SUNDAY).register(provider.get("test"));
      assertEquals(0.037501, doubles(reader.collectAllMetrics(), MetricNames.COST_CURRENT_PERIOD)
          .get(with(sonnet, MetricNames.PERIOD, "week")));
    }
  }

  @Test
  void cacheGaugesSayWhichSessionsAreWarmAndWhenTheFirstExpires() {
    Collection<MetricData> all = collect(snapshot);
    Map<Attributes, Long> warm = longs(all, MetricNames.CACHE_WARM_SESSIONS);
    assertEquals(1L, warm.get(Attributes.of(MetricNames.SOURCE, "alpha", MetricNames.PROVIDER, "anthropic")));
    assertEquals(0L, warm.get(Attributes.of(MetricNames.SOURCE, "beta", MetricNames.PROVIDER, "openai")));
    Map<Attributes, Double> expiry = doubles(all, MetricNames.CACHE_NEXT_EXPIRY);
    assertEquals(Map.of(Attributes.of(MetricNames.SOURCE, "alpha"),
        (double) Instant.parse("2026-03-04T12:09:00Z").getEpochSecond()), expiry, "no point for beta: nothing warm");
  }

  @Test
  void nothingIsPublishedWithoutASnapshotOrAfterClose() {
    AtomicReference<UsageSnapshot> latest = new AtomicReference<>();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      CreamMetrics metrics = CreamMetrics.builder(latest::get).register(provider.get("test"));
      assertTrue(reader.collectAllMetrics().isEmpty());
      latest.set(snapshot);
      assertFalse(reader.collectAllMetrics().isEmpty());
      metrics.close();
      assertTrue(reader.collectAllMetrics().isEmpty());
    }
    // without an SDK: nothing to do, nothing fails
    CreamMetrics.builder(() -> snapshot).register(OpenTelemetry.noop()).close();
  }

  @Test
  void longAttributeValuesAreCut() {
    String model = "m".repeat(Measurements.MAX_VALUE_LENGTH - 1) + "\ud83d\ude00" + "x".repeat(1000);
    assertEquals(Measurements.MAX_VALUE_LENGTH - 1, Measurements.cut(model).length(), "never half a pair");
    assertEquals("short", Measurements.cut("short"));
  }

  private static Attributes with(Attributes a, AttributeKey<String> key, String value) {
    return a.toBuilder().put(key, value).build();
  }
}
