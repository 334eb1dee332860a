package io.github.cream.core.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The scan index's content: one {@link IndexEntry} per file ever read (files that disappeared included), and per
 * source a hint of the code that read them (a different hint means the source changed, so its files are read
 * again). Immutable.
 */
public final class IndexState {

  /** An index that knows nothing. */
  public static final IndexState EMPTY = new IndexState(Map.of(), Map.of());

  /**
   * The combined answer of the scan that saved the state: valid for a later scan whose files and configuration
   * give the same fingerprint, which then needs no per-call record at all.
   *
   * @param fingerprint what the answer was computed from (see the engine)
   * @param rollup the counted calls folded into cells
   * @param recordsRead records before deduplication
   * @param duplicatesDropped copies removed
   * @param unpricedCalls calls without a price
   * @param retainedCalls counted calls of files that no longer exist
   * @param malformedLines malformed lines of the existing files
   * @param diagnostics the combination's problems
   * @param groups the deduplication groups of every keyed record, or null when unknown
   * @param enrichedCalls counted calls with an enrichment
   */
  public record Stored(
      long fingerprint,
      Rollup rollup,
      long recordsRead,
      long duplicatesDropped,
      long unpricedCalls,
      long retainedCalls,
      long malformedLines,
      java.util.List<io.github.cream.api.Diagnostic> diagnostics,
      DedupGroups groups,
      long enrichedCalls) {

    /**
     * Copies the list.
     *
     * @param fingerprint fingerprint
     * @param rollup cells
     * @param recordsRead records read
     * @param duplicatesDropped copies removed
     * @param unpricedCalls unpriced calls
     * @param retainedCalls retained calls
     * @param malformedLines malformed lines
     * @param diagnostics problems
     * @param groups deduplication groups, or null
     * @param enrichedCalls enriched calls
     */
    public Stored {
      Objects.requireNonNull(rollup, "rollup");
      diagnostics = java.util.List.copyOf(diagnostics);
    }
  }

  private final Map<IndexEntry.Key, IndexEntry> entries;
  private final Map<String, String> sourceHints;
  private final Stored stored;
  private long entriesPart; // the sum of the entries' fingerprint parts, none retained, once known
  private volatile boolean entriesPartKnown;

  /**
   * A state.
   *
   * @param entries the entries by key
   * @param sourceHints the source hints by source id
   */
  public IndexState(Map<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints) {
    this(entries, sourceHints, null);
  }

  /**
   * A state with the combined answer of its entries.
   *
   * @param entries the entries by key
   * @param sourceHints the source hints by source id
   * @param stored the combined answer, or null
   */
  public IndexState(Map<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints, Stored stored) {
    this(new HashMap<>(Objects.requireNonNull(entries, "entries")), sourceHints, stored, true);
  }

  private IndexState(HashMap<IndexEntry.Key, IndexEntry> own, Map<String, String> sourceHints, Stored stored,
      boolean owned) {
    this.entries = Collections.unmodifiableMap(own);
    this.sourceHints = Map.copyOf(sourceHints);
    this.stored = stored;
  }

  /**
   * A state that takes over a map no one else holds, without copying it (a decoded index's, of every file).
   *
   * @param entries the entries by key, not to be changed by the caller afterwards
   * @param sourceHints the source hints by source id
   * @param stored the combined answer, or null
   * @return the state
   */
  static IndexState adopting(HashMap<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints,
      Stored stored) {
    return new IndexState(entries, sourceHints, stored, true);
  }

  /**
   * {@link #adopting(HashMap, Map, Stored)} with the entries' fingerprint part already summed (by the threads that
   * decoded them, beside the walk, instead of by the scan after it).
   *
   * @param entriesPart the sum of {@link IndexEntry#fingerprintPart}{@code (false)} over the entries
   */
  static IndexState adopting(HashMap<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints,
      Stored stored, long entriesPart) {
    IndexState s = new IndexState(entries, sourceHints, stored, true);
    s.entriesPart = entriesPart;
    s.entriesPartKnown = true;
    return s;
  }

  /**
   * The sum of every entry's {@link IndexEntry#fingerprintPart}, none retained: what a scan that uses exactly these
   * entries fingerprints them by. Summed once per state (states are immutable).
   *
   * @return the sum
   */
  long entriesPart() {
    if (!entriesPartKnown) {
      // racy but idempotent: every thread sums the same value; the flag is written after it
      entriesPart = Engine.entriesPart(entries, Set.of());
      entriesPartKnown = true;
    }
    return entriesPart;
  }

  /**
   * The combined answer saved with the entries.
   *
   * @return the answer, or null when none was saved
   */
  public Stored stored() {
    return stored;
  }

  /**
   * One file's entry.
   *
   * @param key the source and path
   * @return the entry, or null
   */
  public IndexEntry get(IndexEntry.Key key) {
    return entries.get(key);
  }

  /**
   * Every entry.
   *
   * @return the entries
   */
  public Collection<IndexEntry> entries() {
    return entries.values();
  }

  /**
   * The entries by key.
   *
   * @return an unmodifiable map
   */
  public Map<IndexEntry.Key, IndexEntry> entryMap() {
    return entries;
  }

  /**
   * The hint of the code that last read a source's files.
   *
   * @return hints by source id
   */
  public Map<String, String> sourceHints() {
    return sourceHints;
  }

  /**
   * How many entries.
   *
   * @return the number of files known
   */
  public int size() {
    return entries.size();
  }
}
