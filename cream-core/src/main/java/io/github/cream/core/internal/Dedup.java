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

  /**
   * Most tokens first, then most output, then the earliest timestamp (the original of a call copied into a resumed
   * session, re-stamped there, keeps it), then the earliest origin.
   */
  static final Comparator<UsageRecord> PREFERRED =
      Comparator.comparingLong((UsageRecord r) -> r.tokens().total()).reversed()
          .thenComparing(Comparator.comparingLong((UsageRecord r) -> r.tokens().output()).reversed())
          .thenComparing(UsageRecord::timestamp)
          .thenComparing(UsageRecord::origin);

  /** {@link #PREFERRED} written out: a comparator chain costs a fresh process more than the rest of the loop. */
  private static int preferred(UsageRecord a, UsageRecord b) {
    int c = Long.compare(b.tokens().total(), a.tokens().total());
    if (c == 0) {
      c = Long.compare(b.tokens().output(), a.tokens().output());
    }
    if (c == 0) {
      c = a.timestamp().compareTo(b.timestamp());
    }
    return c != 0 ? c : a.origin().compareTo(b.origin());
  }

  /** The outcome: the records that count, and how many copies were dropped. */
  public record Result(List<UsageRecord> kept, long dropped) {}

  /** The best record of one (group, tier, variant), and the earliest time of the records it beat. */
  private static final class Variant {
    final String name;
    UsageRecord best;
    Instant earliest;
    Variant next; // the group's other variants: most groups have one, so no map per group

    Variant(String name) {
      this.name = name;
    }
  }

  private static final class Group {
    int tier = Integer.MAX_VALUE;
    Variant variants;
    int count;
    Map<String, Variant> byName; // only for groups with many variants

    Variant variant(String name) {
      if (byName != null) {
        return byName.computeIfAbsent(name, this::add);
      }
      for (Variant v = variants; v != null; v = v.next) {
        if (v.name.equals(name)) {
          return v;
        }
      }
      Variant v = add(name);
      if (count > 8) {
        byName = new HashMap<>();
        for (Variant x = variants; x != null; x = x.next) {
          byName.put(x.name, x);
        }
      }
      return v;
    }

    private Variant add(String name) {
      Variant v = new Variant(name);
      v.next = variants;
      variants = v;
      count++;
      return v;
    }

    void clear() {
      variants = null;
      byName = null;
      count = 0;
    }
  }

  /**
   * Keeps one record per call.
   *
   * @param records every record of the scan, from every file and source
   * @return the records that count, in no particular order
   */
  public static Result apply(Collection<UsageRecord> records) {
    List<UsageRecord> kept = new ArrayList<>(records.size());
    // one map per source (a handful), keyed by the group itself: no key object per record
    Map<String, Map<String, Group>> bySource = new HashMap<>();
    List<Group> order = new ArrayList<>();
    long keyed = 0;
    String lastSource = null;
    Map<String, Group> groups = null;
    for (UsageRecord r : records) {
      if (r.dedupKey().isEmpty()) {
        kept.add(r);
        continue;
      }
      keyed++;
      DedupKey k = r.dedupKey().get();
      if (!r.source().equals(lastSource)) {
        lastSource = r.source();
        groups = bySource.computeIfAbsent(lastSource, x -> new HashMap<>(Math.max(16, records.size())));
      }
      Group g = groups.get(k.group());
      if (g == null) {
        g = new Group();
        groups.put(k.group(), g);
        order.add(g);
      }
      if (k.tier() > g.tier) {
        continue;
      }
      if (k.tier() < g.tier) {
        g.tier = k.tier();
        g.clear();
      }
      Variant v = g.variant(k.variant());
      if (v.best == null || preferred(r, v.best) < 0) {
        v.best = r;
      }
      if (v.earliest == null || r.timestamp().isBefore(v.earliest)) {
        v.earliest = r.timestamp();
      }
    }
    long survivors = 0;
    for (Group g : order) {
      for (Variant v = g.variants; v != null; v = v.next) {
        survivors++;
        kept.add(v.best.timestamp().equals(v.earliest) ? v.best : v.best.withTimestamp(v.earliest));
      }
    }
    return new Result(kept, keyed - survivors);
  }
}
