package io.github.cream.otel;

import io.github.cream.core.UsageSnapshot;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.BatchCallback;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Publishes a {@link UsageSnapshot}'s exact totals as OpenTelemetry metrics: asynchronous counters of tokens, calls,
 * cost and sessions, and gauges of the current period's cost, of warm prompt caches and of the next cache expiry (see
 * {@link MetricNames} for names, units and attributes).
 *
 * <pre>{@code
 * Cream cream = Cream.builder().build();
 * AtomicReference<UsageSnapshot> latest = new AtomicReference<>(cream.scan());
 * Watch watch = cream.watch(update -> latest.set(update.snapshot()));     // follow the logs
 * CreamMetrics metrics = CreamMetrics.builder(latest::get).register(openTelemetry);
 * }</pre>
 *
 * <p>Counters are totals over the whole history the snapshot holds, observed on every collection: the same figure
 * whoever observes it and however often, so they must be exported with <b>cumulative</b> temporality (OTLP's
 * default, and the only one Prometheus knows). Then restarting the exporter, exporting on a schedule, or from two
 * processes reading the same logs never counts a call twice, and a failed export loses nothing: the next one carries
 * the totals. A counter never goes down unless history is forgotten on purpose (the logs deleted with no scan
 * index, or {@code forgetMissingFiles}).
 *
 * <p>This class depends on the OpenTelemetry API only, as OpenTelemetry's guidance for libraries says: the
 * application brings the SDK, its exporters and the resource ({@code service.name}, {@code host.name}, {@code
 * user.id}). With no SDK, registering costs nothing and publishes nothing. Thread-safe; all instruments of one
 * collection are computed from one snapshot, in one callback.
 */
public final class CreamMetrics implements AutoCloseable {

  /** The instrumentation scope's name. */
  public static final String SCOPE = "io.github.cream";

  private final BatchCallback callback;

  private CreamMetrics(BatchCallback callback) {
    this.callback = callback;
  }

  /**
   * A builder publishing the snapshots a supplier gives.
   *
   * @param snapshots called once per collection; the latest snapshot, or null while there is none (then nothing is
   *     published)
   * @return the builder
   */
  public static Builder builder(Supplier<UsageSnapshot> snapshots) {
    return new Builder(snapshots);
  }

  /** Stops publishing: the instruments report nothing from then on. */
  @Override
  public void close() {
    callback.close();
  }

  /** Configures and registers {@link CreamMetrics}. Not thread-safe. */
  public static final class Builder {
    private final Supplier<UsageSnapshot> snapshots;
    private Clock clock = Clock.systemUTC();
    private ZoneId zone = ZoneId.systemDefault();
    private DayOfWeek firstDayOfWeek = DayOfWeek.MONDAY;

    private Builder(Supplier<UsageSnapshot> snapshots) {
      this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    }

    /**
     * The clock that says when "now" is: prompt caches are judged, and the current day, week and month chosen, at
     * each collection's instant. Default: the system clock.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The zone days, weeks and months of {@link MetricNames#COST_CURRENT_PERIOD} are counted in. Default: the
     * system's zone.
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      this.zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /**
     * The day weeks start on. Default: Monday.
     *
     * @param value the day
     * @return this builder
     */
    public Builder firstDayOfWeek(DayOfWeek value) {
      this.firstDayOfWeek = Objects.requireNonNull(value, "firstDayOfWeek");
      return this;
    }

    /**
     * Registers the instruments with the meter of scope {@value CreamMetrics#SCOPE}.
     *
     * @param openTelemetry the application's OpenTelemetry (an SDK, or {@link OpenTelemetry#noop()})
     * @return the registration; close it to stop publishing
     */
    public CreamMetrics register(OpenTelemetry openTelemetry) {
      Objects.requireNonNull(openTelemetry, "openTelemetry");
      return register(openTelemetry.getMeter(SCOPE));
    }

    /**
     * Registers the instruments with a meter.
     *
     * @param meter the meter
     * @return the registration; close it to stop publishing
     */
    public CreamMetrics register(Meter meter) {
      Objects.requireNonNull(meter, "meter");
      ObservableLongMeasurement tokens = meter.counterBuilder(MetricNames.TOKEN_USAGE)
          .setUnit(MetricNames.TOKENS)
          .setDescription("Tokens of the counted model calls, by type; the types add up to the total tokens")
          .buildObserver();
      ObservableLongMeasurement reasoning = meter.counterBuilder(MetricNames.TOKEN_REASONING)
          .setUnit(MetricNames.TOKENS)
          .setDescription("The output tokens spent on reasoning (already counted in token usage type output)")
          .buildObserver();
      ObservableLongMeasurement calls = meter.counterBuilder(MetricNames.CALL_COUNT)
          .setUnit(MetricNames.CALLS)
          .setDescription("Billed model calls, each counted once")
          .buildObserver();
      ObservableDoubleMeasurement cost = meter.counterBuilder(MetricNames.COST_USAGE)
          .ofDoubles()
          .setUnit(MetricNames.USD)
          .setDescription("Cost of the model calls in US dollars (unpriced calls add zero)")
          .buildObserver();
      ObservableLongMeasurement sessions = meter.counterBuilder(MetricNames.SESSION_COUNT)
          .setUnit(MetricNames.SESSIONS)
          .setDescription("Agent sessions")
          .buildObserver();
      ObservableDoubleMeasurement period = meter.gaugeBuilder(MetricNames.COST_CURRENT_PERIOD)
          .setUnit(MetricNames.USD)
          .setDescription("Cost in US dollars of the calls made in the current day, week and month")
          .buildObserver();
      ObservableLongMeasurement warm = meter.gaugeBuilder(MetricNames.CACHE_WARM_SESSIONS)
          .ofLongs()
          .setUnit(MetricNames.SESSIONS)
          .setDescription("Sessions whose prompt cache is warm now")
          .buildObserver();
      ObservableDoubleMeasurement expiry = meter.gaugeBuilder(MetricNames.CACHE_NEXT_EXPIRY)
          .setUnit(MetricNames.SECONDS)
          .setDescription("When the first warm prompt cache expires, in seconds since the epoch")
          .buildObserver();
      Clock c = clock;
      ZoneId z = zone;
      DayOfWeek first = firstDayOfWeek;
      Runnable observe = () -> {
        UsageSnapshot snapshot = snapshots.get();
        if (snapshot == null) {
          return;
        }
        Measurements m = Measurements.of(snapshot, c.instant(), z, first);
        record(tokens, m.tokens);
        record(reasoning, m.reasoning);
        record(calls, m.calls);
        recordDoubles(cost, m.cost);
        record(sessions, m.sessions);
        recordDoubles(period, m.currentPeriod);
        record(warm, m.warmSessions);
        recordDoubles(expiry, m.nextExpiry);
      };
      return new CreamMetrics(
          meter.batchCallback(observe, tokens, reasoning, calls, cost, sessions, period, warm, expiry));
    }

    private static void record(ObservableLongMeasurement instrument, List<Measurements.LongPoint> points) {
      for (Measurements.LongPoint p : points) {
        instrument.record(p.value(), p.attributes());
      }
    }

    private static void recordDoubles(ObservableDoubleMeasurement instrument, List<Measurements.DoublePoint> points) {
      for (Measurements.DoublePoint p : points) {
        instrument.record(p.value(), p.attributes());
      }
    }
  }
}
