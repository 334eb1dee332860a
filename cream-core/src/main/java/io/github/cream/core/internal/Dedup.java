package io.github.cream.core.internal;

import io.github.cream.api.DedupKey;
import io.github.cream.api.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@link DedupKey} rule over every record of a scan. The result depends only on the set of records,
 * never on the order they arrive in, so parallel and incremental scans give identical results.
 */
public final class Dedup {

  private Dedup() {}

  /** Most tokens first, then most output, then the earliest origin. */
  static final Comparator<UsageRecord> PREFERRED =
      Comparator.comparingLong((UsageRecord r) -> r.tokens().total()).reversed()
          .thenComparing(Comparator.comparingLong((UsageRecord r) -> r.tokens().output()).reversed())
          .thenComparing(UsageRecord::origin);

  /** The outcome: the records that count, and how many copies were dropped. */
  public record Result(List<UsageRecord> kept, long dropped) {}

  private static final class Variant {
    UsageRecord best;
    Instant earliest;
  }

  private static final class Group {
    int tier = Integer.MAX_VALUE;
    final Map<String, Variant> variants = new HashMap<>();
  }

  /**
   * Keeps one record per call.
   *
   * @param records every record of the scan, from every file and source
   * @return the records that count, in no particular order
   */
  public static Result apply(Collection<UsageRecord> records) {
    List<UsageRecord> kept = new ArrayList<>(records.size());
    Map<String, Group> groups = new HashMap<>();
    long keyed = 0;
    for (UsageRecord r : records) {
      if (r.dedupKey().isEmpty()) {
        kept.add(r);
        continue;
      }
      keyed++;
      DedupKey k = r.dedupKey().get();
      Group g = groups.computeIfAbsent(r.source() + '\u0000' + k.group(), x -> new Group());
      if (k.tier() > g.tier) {
        continue;
      }
      if (k.tier() < g.tier) {
        g.tier = k.tier();
        g.variants.clear();
      }
      Variant v = g.variants.computeIfAbsent(k.variant(), x -> new Variant());
      if (v.best == null || PREFERRED.compare(r, v.best) < 0) {
        v.best = r;
      }
      if (v.earliest == null || r.timestamp().isBefore(v.earliest)) {
        v.earliest = r.timestamp();
      }
    }
    long survivors = 0;
    for (Group g : groups.values()) {
      for (Variant v : g.variants.values()) {
        survivors++;
        kept.add(v.best.timestamp().equals(v.earliest) ? v.best : v.best.withTimestamp(v.earliest));
      }
    }
    return new Result(kept, keyed - survivors);
  }
}
