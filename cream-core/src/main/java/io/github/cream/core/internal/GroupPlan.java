package io.github.cream.core.internal;

import io.github.cream.api.UsageRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which files of an index state belong together, for a call that repeats one already counted: files are joined when
 * they hold calls of the same session or records of the same deduplication group, as {@link RecordGroups} joins
 * them, and the plan also says which group each session and each deduplication group lies in. With it a scan that
 * finds an appended line repeating a counted call (the next line of a streamed response) combines again only the
 * files of that call's group, instead of every call of the history.
 *
 * <p>Made for one map of entries (compared by identity: an index state's entries are immutable) by reading every
 * entry's records once, keeping none of them; kept by the engine while its index state stays the same. Hashes are
 * compared on their high bits only: two keys of equal high bits only put two files in one group, which is safe.
 */
final class GroupPlan {

  private static final int INDEX_BITS = RecordGroups.INDEX_BITS;
  private static final long MASK = -1L << INDEX_BITS;

  private final Map<IndexEntry.Key, IndexEntry> basis;
  private final Map<IndexEntry.Key, Integer> rootOf;
  private final List<List<IndexEntry.Key>> members;
  private final Map<SessionRef, Integer> sessions;
  private final long[] hashes; // sorted: (hash & MASK) | group root

  private GroupPlan(Map<IndexEntry.Key, IndexEntry> basis, Map<IndexEntry.Key, Integer> rootOf,
      List<List<IndexEntry.Key>> members, Map<SessionRef, Integer> sessions, long[] hashes) {
    this.basis = basis;
    this.rootOf = rootOf;
    this.members = members;
    this.sessions = sessions;
    this.hashes = hashes;
  }

  /**
   * The plan of some entries, or null when they are too many for it or a record cannot be read.
   *
   * @param basis every entry whose records count (existing and retained files)
   * @return the plan, or null
   */
  static GroupPlan of(Map<IndexEntry.Key, IndexEntry> basis) {
    List<IndexEntry> entries = new ArrayList<>(basis.values());
    int n = entries.size();
    long keyed = 0;
    for (IndexEntry e : entries) {
      keyed += e.records().size();
    }
    if (n >= (1 << INDEX_BITS) || keyed >= Integer.MAX_VALUE - 8) {
      return null;
    }
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    Map<SessionRef, Integer> sessions = new HashMap<>();
    long[] pairs = new long[(int) keyed];
    int k = 0;
    for (int i = 0; i < n; i++) {
      List<UsageRecord> records = read(entries.get(i));
      if (records == null) {
        return null;
      }
      for (UsageRecord r : records) {
        Integer other = sessions.putIfAbsent(new SessionRef(r.source(), r.sessionId()), i);
        if (other != null) {
          RecordGroups.union(parent, other, i);
        }
        if (r.dedupKey().isPresent()) {
          if (k >= pairs.length) {
            return null; // more records than the entries said: never expected
          }
          pairs[k++] = (DedupGroups.hash(r.source(), r.dedupKey().get()) & MASK) | i;
        }
      }
    }
    Arrays.sort(pairs, 0, k);
    for (int j = 1; j < k; j++) {
      if ((pairs[j] & MASK) == (pairs[j - 1] & MASK)) {
        RecordGroups.union(parent, (int) (pairs[j - 1] & ~MASK), (int) (pairs[j] & ~MASK));
      }
    }
    Map<IndexEntry.Key, Integer> rootOf = new HashMap<>(n * 2);
    List<List<IndexEntry.Key>> members = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      members.add(null);
    }
    for (int i = 0; i < n; i++) {
      int r = RecordGroups.find(parent, i);
      IndexEntry.Key key = entries.get(i).key();
      rootOf.put(key, r);
      if (members.get(r) == null) {
        members.set(r, new ArrayList<>(1));
      }
      members.get(r).add(key);
    }
    sessions.replaceAll((s, i) -> RecordGroups.find(parent, i));
    long[] hashes = Arrays.copyOf(pairs, k);
    for (int j = 0; j < k; j++) {
      hashes[j] = (hashes[j] & MASK) | RecordGroups.find(parent, (int) (hashes[j] & ~MASK));
    }
    Arrays.sort(hashes);
    return new GroupPlan(basis, rootOf, members, sessions, hashes);
  }

  /** An entry's records, read once; null when they cannot be read (a damaged section). */
  static List<UsageRecord> read(IndexEntry e) {
    if (e.records() instanceof RecordSection rs) {
      if (rs.lost()) {
        return null;
      }
      return rs.readOnce();
    }
    return e.records();
  }

  /**
   * Whether this plan was made for exactly these entries.
   *
   * @param entries the entries
   * @return true when every entry is the very one the plan read
   */
  boolean isFor(Map<IndexEntry.Key, IndexEntry> entries) {
    if (entries.size() != basis.size()) {
      return false;
    }
    for (Map.Entry<IndexEntry.Key, IndexEntry> e : entries.entrySet()) {
      if (basis.get(e.getKey()) != e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The group of an entry.
   *
   * @param key the entry's key
   * @return the group, or -1 when the plan does not know the entry
   */
  int groupOf(IndexEntry.Key key) {
    Integer r = rootOf.get(key);
    return r == null ? -1 : r;
  }

  /**
   * The group that holds a session's calls.
   *
   * @param s the session
   * @return the group, or -1 when no entry holds the session
   */
  int groupOf(SessionRef s) {
    Integer r = sessions.get(s);
    return r == null ? -1 : r;
  }

  /**
   * The group that holds records of a deduplication group.
   *
   * @param hash the deduplication group's hash ({@link DedupGroups#hash})
   * @return the group, or -1 when no entry holds such a record
   */
  int groupOf(long hash) {
    long h = hash & MASK;
    int lo = 0;
    int hi = hashes.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long m = hashes[mid] & MASK;
      if (m < h) {
        lo = mid + 1;
      } else if (m > h) {
        hi = mid - 1;
      } else {
        return (int) (hashes[mid] & ~MASK);
      }
    }
    return -1;
  }

  /**
   * The entries of a group.
   *
   * @param group the group
   * @return their keys
   */
  List<IndexEntry.Key> members(int group) {
    List<IndexEntry.Key> m = group >= 0 && group < members.size() ? members.get(group) : null;
    return m == null ? List.of() : m;
  }
}
