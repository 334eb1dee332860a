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
    Reducer reducer = new Reducer(records.size());
    for (UsageRecord r : records) {
      if (r.dedupKey().isEmpty()) {
        kept.add(r);
      } else {
        reducer.add(r, r.timestamp());
      }
    }
    long survivors = reducer.survivors(kept);
    return new Result(kept, reducer.keyed() - survivors);
  }

  /**
   * The rule applied in steps: keyed records (or the survivors of an earlier reduction of some of them, each with the
   * earliest time of the records it beat) go in, one survivor per (group, lowest tier, variant) comes out with the
   * earliest time among the records it stands for. Reducing parts of a set and then the parts' survivors together
   * gives what reducing the whole set gives: a record above its part's lowest tier is above the whole's, and the best
   * of bests is the best. Not thread-safe.
   */
  static final class Reducer {
    // one map per source (a handful), keyed by the group itself: no key object per record
    private final Map<String, Map<String, Group>> bySource = new HashMap<>();
    private final List<Group> order = new ArrayList<>();
    private final int expected;
    private long keyed;
    private String lastSource;
    private Map<String, Group> groups;
    // the previous record's key (the same instance: a streamed message's lines share one) and where it went
    private DedupKey lastKey;
    private Variant lastVariant; // null when that key's tier was above its group's: such a record does not count

    Reducer(int expected) {
      this.expected = expected;
    }

    /**
     * Adds a keyed record.
     *
     * @param r the record, with a dedup key
     * @param earliest the earliest time it stands for (its own, unless it survived an earlier reduction)
     */
    void add(UsageRecord r, Instant earliest) {
      keyed++;
      DedupKey k = r.dedupKey().get();
      Variant v;
      if (k == lastKey && r.source().equals(lastSource)) {
        // the key of the record before, whose group and variant no other record changed since
        v = lastVariant;
        if (v == null) {
          return;
        }
      } else {
        v = variant(r.source(), k);
        lastKey = k;
        lastVariant = v;
        if (v == null) {
          return;
        }
      }
      if (v.best == null || preferred(r, v.best) < 0) {
        v.best = r;
      }
      if (v.earliest == null || earliest.isBefore(v.earliest)) {
        v.earliest = earliest;
      }
    }

    /** The variant a keyed record goes to, or null when its tier is above its group's (it does not count). */
    private Variant variant(String source, DedupKey k) {
      if (!source.equals(lastSource)) {
        lastSource = source;
        groups = bySource.computeIfAbsent(lastSource, x -> new HashMap<>(Math.max(16, expected)));
      }
      Group g = groups.get(k.group());
      if (g == null) {
        g = new Group();
        groups.put(k.group(), g);
        order.add(g);
      }
      if (k.tier() > g.tier) {
        return null;
      }
      if (k.tier() < g.tier) {
        g.tier = k.tier();
        g.clear();
      }
      return g.variant(k.variant());
    }

    /**
     * How many records were added.
     *
     * @return the count
     */
    long keyed() {
      return keyed;
    }

    /**
     * The survivors, each dated at the earliest time it stands for.
     *
     * @param out where they go, in the order their groups were first seen
     * @return how many
     */
    long survivors(List<UsageRecord> out) {
      long n = 0;
      for (Group g : order) {
        for (Variant v = g.variants; v != null; v = v.next) {
          n++;
          out.add(v.best.timestamp().equals(v.earliest) ? v.best : v.best.withTimestamp(v.earliest));
        }
      }
      return n;
    }

    /**
     * The survivors as they are, with the earliest time each stands for apart: to be reduced again with others.
     *
     * @param best where the survivors go, undated
     * @param earliest where the earliest time of each goes
     */
    void candidates(List<UsageRecord> best, List<Instant> earliest) {
      for (Group g : order) {
        for (Variant v = g.variants; v != null; v = v.next) {
          best.add(v.best);
          earliest.add(v.earliest);
        }
      }
    }
  }
}
