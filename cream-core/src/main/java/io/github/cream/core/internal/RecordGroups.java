package io.github.cream.core.internal;

import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The counted calls of a scan read a group of files at a time, for views that need single calls but not all of them
 * at once (cache verdicts, a session's timeline): memory bounded by the largest group, not by the history.
 *
 * <p>Files are grouped so that nothing one group's result depends on lies in another: two files are in the same
 * group when they hold calls of the same session, or records of the same deduplication group (a call copied into a
 * resumed session or a subagent's file). Deduplicating and pricing a group's records alone therefore gives exactly
 * the calls the whole scan counts for it, and every session's calls lie in one group. The grouping compares hashes:
 * two distinct keys of equal hash only put two files in one group, which changes nothing but its size.
 *
 * <p>Finding the groups reads every file's records once, keeping none; each group's are read again when it is
 * handed over. Thread-safe.
 */
public final class RecordGroups {

  /** How many records small groups handed over together may hold. */
  static final int BATCH_RECORDS = 10_000;

  /** Reads an entry's records for one pass, without keeping them. */
  @FunctionalInterface
  public interface Reader {
    /**
     * The records.
     *
     * @param e the entry
     * @param reads the pass's open data file (a pass over many entries reads their sections through one)
     * @return its records, in file order (empty when they cannot be read)
     */
    List<UsageRecord> read(IndexEntry e, SectionReads reads);

    /**
     * What an entry's groups are found from, record by record in file order, without keeping anything. By default
     * from {@link #read}; a reader may give them without making the records.
     *
     * @param e the entry
     * @param keys receives them
     * @param reads the pass's open data file
     */
    default void keys(IndexEntry e, Keys keys, SectionReads reads) {
      keysOf(read(e, reads), keys);
    }
  }

  /** Receives what groups are found from, one record at a time, in file order. */
  public interface Keys {
    /**
     * A record's source and session.
     *
     * @param source the record's source id
     * @param session its session id
     */
    void record(String source, String session);

    /**
     * The record's deduplication group, when it has a key: {@link DedupGroups#hash} of its source and key.
     *
     * @param hash the hash
     */
    void dedup(long hash);
  }

  /**
   * Gives records' keys.
   *
   * @param records the records, in file order
   * @param keys receives their keys
   */
  static void keysOf(List<UsageRecord> records, Keys keys) {
    for (UsageRecord r : records) {
      keys.record(r.source(), r.sessionId());
      if (r.dedupKey().isPresent()) {
        keys.dedup(DedupGroups.hash(r.source(), r.dedupKey().get()));
      }
    }
  }

  /** Deduplicates and prices the records of whole groups: the calls they count, oldest first. */
  @FunctionalInterface
  public interface Combiner {
    /**
     * The calls.
     *
     * @param records every record of some whole groups
     * @return the counted calls, priced, in time order
     */
    List<PricedRecord> combine(List<UsageRecord> records);
  }

  /** The groups: each entry's group (its lowest entry index), and each session's. */
  private record Plan(int[] root, Map<SessionRef, Integer> sessions) {}

  private final Lazy<List<IndexEntry>> entries;
  private final Reader reader;
  private final Combiner combiner;
  private final int batchRecords;
  private volatile Plan plan;

  /**
   * Groups over entries.
   *
   * @param entries every entry whose records count (existing files, then retained ones)
   * @param reader reads an entry's records once
   * @param combiner deduplicates and prices records
   */
  public RecordGroups(List<IndexEntry> entries, Reader reader, Combiner combiner) {
    this(entries, reader, combiner, BATCH_RECORDS);
  }

  RecordGroups(List<IndexEntry> entries, Reader reader, Combiner combiner, int batchRecords) {
    this(fixed(entries), reader, combiner, batchRecords);
  }

  private static java.util.function.Supplier<List<IndexEntry>> fixed(List<IndexEntry> entries) {
    List<IndexEntry> copy = List.copyOf(entries);
    return () -> copy;
  }

  /**
   * Groups over entries listed when the groups are first asked for (an unchanged scan's, decoded only then).
   *
   * @param entries lists every entry whose records count (existing files, then retained ones)
   * @param reader reads an entry's records
   * @param combiner deduplicates, prices and orders the records of whole groups
   */
  RecordGroups(java.util.function.Supplier<List<IndexEntry>> entries, Reader reader, Combiner combiner) {
    this(entries, reader, combiner, BATCH_RECORDS);
  }

  private RecordGroups(java.util.function.Supplier<List<IndexEntry>> entries, Reader reader, Combiner combiner,
      int batchRecords) {
    this.entries = Lazy.of(() -> List.copyOf(entries.get()));
    this.reader = reader;
    this.combiner = combiner;
    this.batchRecords = batchRecords;
  }

  /**
   * Hands over the counted calls of every group, a few small groups together, each batch in time order.
   *
   * @param action receives each batch; a session's calls are all in one batch
   */
  public void forEach(Consumer<List<PricedRecord>> action) {
    int[] root = plan().root();
    Map<Integer, List<Integer>> members = new HashMap<>();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < root.length; i++) {
      List<Integer> m = members.get(root[i]);
      if (m == null) {
        m = new ArrayList<>();
        members.put(root[i], m);
        order.add(root[i]);
      }
      m.add(i);
    }
    List<Integer> batch = new ArrayList<>();
    long size = 0;
    for (Integer r : order) {
      List<Integer> m = members.get(r);
      long n = 0;
      for (int i : m) {
        n += entries.get().get(i).records().size();
      }
      if (!batch.isEmpty() && size + n > batchRecords) {
        action.accept(read(batch));
        batch.clear();
        size = 0;
      }
      batch.addAll(m);
      size += n;
    }
    if (!batch.isEmpty()) {
      action.accept(read(batch));
    }
  }

  /**
   * The counted calls of the group that holds a session: the session's calls and those of the sessions it shares
   * files or calls with.
   *
   * @param session the session
   * @return the group's calls in time order; empty when no file holds the session
   */
  public List<PricedRecord> groupOf(SessionRef session) {
    Plan p = plan();
    Integer r = p.sessions().get(session);
    if (r == null) {
      return List.of();
    }
    List<Integer> m = new ArrayList<>();
    for (int i = 0; i < p.root().length; i++) {
      if (p.root()[i] == r) {
        m.add(i);
      }
    }
    return read(m);
  }

  private List<PricedRecord> read(List<Integer> members) {
    List<UsageRecord> all = new ArrayList<>();
    try (SectionReads reads = new SectionReads()) {
      for (int i : members) {
        all.addAll(reader.read(entries.get().get(i), reads));
      }
    }
    return combiner.combine(all);
  }

  private Plan plan() {
    Plan p = plan;
    if (p == null) {
      synchronized (this) {
        p = plan;
        if (p == null) {
          p = group();
          plan = p;
        }
      }
    }
    return p;
  }

  /** The low bits of a packed (hash, entry) pair that hold the entry; more entries than this make one group of all. */
  static final int INDEX_BITS = 24;

  private Plan group() {
    int n = entries.get().size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    Map<SessionRef, Integer> sessions = new HashMap<>();
    long keyed = 0;
    for (IndexEntry e : entries.get()) {
      keyed += e.records().size();
    }
    boolean packable = n < (1 << INDEX_BITS) && keyed < Integer.MAX_VALUE - 8;
    long[] pairs = new long[packable ? (int) keyed : 0];
    int[] k = {0};
    try (SectionReads reads = new SectionReads()) {
      for (int i = 0; i < n; i++) {
        int entry = i;
        reader.keys(entries.get().get(i), new Keys() {
          private String lastSource;
          private String lastSession;

          @Override
          public void record(String source, String session) {
            if (!session.equals(lastSession) || !source.equals(lastSource)) {
              lastSource = source;
              lastSession = session;
              Integer other = sessions.putIfAbsent(new SessionRef(source, session), entry);
              if (other != null) {
                union(parent, other, entry);
              }
            }
          }

          @Override
          public void dedup(long h) {
            if (!packable) {
              union(parent, 0, entry);
            } else if (k[0] < pairs.length) {
              pairs[k[0]++] = (h & (-1L << INDEX_BITS)) | entry;
            } else {
              union(parent, 0, entry); // more records than the entries said: never expected, always safe
            }
          }
        }, reads);
      }
    }
    Arrays.sort(pairs, 0, k[0]);
    long mask = -1L << INDEX_BITS;
    int lowBits = (1 << INDEX_BITS) - 1;
    for (int j = 1; j < k[0]; j++) {
      if ((pairs[j] & mask) == (pairs[j - 1] & mask)) {
        union(parent, (int) (pairs[j - 1] & lowBits), (int) (pairs[j] & lowBits));
      }
    }
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = find(parent, i);
    }
    sessions.replaceAll((s, i) -> root[i]);
    return new Plan(root, sessions);
  }

  /** The root of an entry's group in a union-find forest. */
  static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Joins two groups; the lower index stays the root, so a group's root is its first entry. */
  static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra < rb) {
      parent[rb] = ra;
    } else if (rb < ra) {
      parent[ra] = rb;
    }
  }
}
