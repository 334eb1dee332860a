package io.github.cream.otel;

import static io.github.cream.otel.MetricNames.CACHE_TTL;
import static io.github.cream.otel.MetricNames.COST_PROVENANCE;
import static io.github.cream.otel.MetricNames.MODEL;
import static io.github.cream.otel.MetricNames.PERIOD;
import static io.github.cream.otel.MetricNames.PROVIDER;
import static io.github.cream.otel.MetricNames.SOURCE;
import static io.github.cream.otel.MetricNames.TYPE;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.SessionCache;
import io.github.cream.core.UsageSnapshot;
import io.opentelemetry.api.common.Attributes;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of every instrument for one snapshot at one instant: a pure function of the snapshot, so that all
 * instruments of one collection agree, and so that it is tested without an SDK.
 */
final class Measurements {

  /** Attribute values longer than this (a model id from a hostile log, say) are cut. */
  static final int MAX_VALUE_LENGTH = 256;

  /** A point of a long-valued instrument. */
  record LongPoint(Attributes attributes, long value) {}

  /** A point of a double-valued instrument. */
  record DoublePoint(Attributes attributes, double value) {}

  final List<LongPoint> tokens = new ArrayList<>();
  final List<LongPoint> reasoning = new ArrayList<>();
  final List<LongPoint> calls = new ArrayList<>();
  final List<DoublePoint> cost = new ArrayList<>();
  final List<LongPoint> sessions = new ArrayList<>();
  final List<DoublePoint> currentPeriod = new ArrayList<>();
  final List<LongPoint> warmSessions = new ArrayList<>();
  final List<DoublePoint> nextExpiry = new ArrayList<>();

  private Measurements() {}

  /** A (source, provider, model) and, where it matters, a cost provenance or a period; ordered for stable output. */
  private record Key(String source, String provider, String model, String extra) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = source.compareTo(o.source);
      c = c != 0 ? c : provider.compareTo(o.provider);
      c = c != 0 ? c : model.compareTo(o.model);
      return c != 0 ? c : extra.compareTo(o.extra);
    }

    Key without() {
      return new Key(source, provider, model, "");
    }
  }

  /**
   * Computes every instrument's points.
   *
   * @param snapshot the usage
   * @param now the instant cache states and the current periods are judged at
   * @param zone the zone of days, weeks and months
   * @param firstDay the day weeks start on
   * @return the points
   */
  static Measurements of(UsageSnapshot snapshot, Instant now, ZoneId zone, DayOfWeek firstDay) {
    Measurements m = new Measurements();
    LocalDate today = now.atZone(zone).toLocalDate();
    Instant day = today.atStartOfDay(zone).toInstant();
    Instant week = today.with(TemporalAdjusters.previousOrSame(firstDay)).atStartOfDay(zone).toInstant();
    Instant month = today.withDayOfMonth(1).atStartOfDay(zone).toInstant();

    Map<Key, UsageTotals> byProvenance = new TreeMap<>();
    Map<Key, Long> periods = new TreeMap<>();
    // every call, a group of the index's files at a time: sums, so the order does not matter
    snapshot.forEachBatch(batch -> batch.forEach(p -> {
      UsageRecord r = p.record();
      String provenance = p.cost().provenance().name().toLowerCase(Locale.ROOT);
      byProvenance.merge(key(r, provenance), UsageTotals.of(r.tokens(), p.cost()), UsageTotals::plus);
      Instant t = r.timestamp();
      long nanos = p.cost().amount().nanos();
      if (!t.isBefore(month)) {
        periods.merge(key(r, "month"), nanos, Measurements::add);
      }
      if (!t.isBefore(week)) {
        periods.merge(key(r, "week"), nanos, Measurements::add);
      }
      if (!t.isBefore(day)) {
        periods.merge(key(r, "day"), nanos, Measurements::add);
      }
    }));

    Map<Key, TokenCounts> tokens = new TreeMap<>();
    byProvenance.forEach((k, totals) -> {
      tokens.merge(k.without(), totals.tokens(), TokenCounts::plus);
      Attributes a = Attributes.of(SOURCE, k.source, PROVIDER, k.provider, MODEL, k.model, COST_PROVENANCE, k.extra);
      m.calls.add(new LongPoint(a, totals.calls()));
      m.cost.add(new DoublePoint(a, usd(totals.cost().nanos())));
    });
    tokens.forEach((k, t) -> {
      m.tokens.add(new LongPoint(tokens(k, "input"), t.input()));
      m.tokens.add(new LongPoint(tokens(k, "output"), t.output()));
      m.tokens.add(new LongPoint(tokens(k, "cacheRead"), t.cacheRead()));
      m.tokens.add(new LongPoint(tokens(k, "cacheCreation").toBuilder().put(CACHE_TTL, "5m").build(),
          t.cacheWrite5m()));
      m.tokens.add(new LongPoint(tokens(k, "cacheCreation").toBuilder().put(CACHE_TTL, "1h").build(),
          t.cacheWrite1h()));
      m.reasoning.add(new LongPoint(Attributes.of(SOURCE, k.source, PROVIDER, k.provider, MODEL, k.model),
          t.reasoning()));
    });
    periods.forEach((k, nanos) -> m.currentPeriod.add(new DoublePoint(
        Attributes.of(SOURCE, k.source, PROVIDER, k.provider, MODEL, k.model, PERIOD, k.extra), usd(nanos))));

    Map<String, Long> sessions = new TreeMap<>();
    for (SessionSummary s : snapshot.sessions()) {
      sessions.merge(cut(s.source()), 1L, Long::sum);
    }
    sessions.forEach((source, n) -> m.sessions.add(new LongPoint(Attributes.of(SOURCE, source), n)));

    Map<List<String>, Long> warm = new TreeMap<>(Measurements::compareLists);
    Map<String, Instant> expiry = new TreeMap<>();
    for (SessionCache c : snapshot.cacheStates(now)) {
      String source = cut(c.session().source());
      CacheVerdict v = c.verdict();
      boolean isWarm = v.state() == CacheState.WARM;
      warm.merge(List.of(source, cut(c.provider())), isWarm ? 1L : 0L, Long::sum);
      if (isWarm && v.expiresAt().isPresent()) {
        expiry.merge(source, v.expiresAt().get(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    warm.forEach((k, n) -> m.warmSessions.add(new LongPoint(Attributes.of(SOURCE, k.get(0), PROVIDER, k.get(1)), n)));
    expiry.forEach((source, at) -> m.nextExpiry.add(new DoublePoint(Attributes.of(SOURCE, source),
        at.getEpochSecond() + at.getNano() / 1e9)));
    return m;
  }

  private static Key key(UsageRecord r, String extra) {
    return new Key(cut(r.source()), cut(r.provider()), cut(r.model()), extra);
  }

  private static Attributes tokens(Key k, String type) {
    return Attributes.of(SOURCE, k.source, PROVIDER, k.provider, MODEL, k.model, TYPE, type);
  }

  /**
   * Nano-dollars as dollars: the double nearest the exact amount (a division of two exact doubles is correctly
   * rounded), exact to the nano-dollar up to 2^53 nano-dollars, about nine million dollars.
   */
  static double usd(long nanos) {
    return nanos / 1e9;
  }

  /** Sums nano-dollars, saturating as {@code Money} does. */
  private static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  /** The value, or its first {@value #MAX_VALUE_LENGTH} characters (never half a surrogate pair). */
  static String cut(String value) {
    if (value.length() <= MAX_VALUE_LENGTH) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_LENGTH - 1)) ? MAX_VALUE_LENGTH - 1 : MAX_VALUE_LENGTH;
    return value.substring(0, end);
  }

  private static int compareLists(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
