package io.github.cream.core.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

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

  /**
   * What the scan that saved a state found, in a few numbers: a later scan that finds the same files with the same
   * identities under the same roots knows, without decoding one entry, that no file changed and that the saved
   * answer is its answer (see {@link Engine}).
   *
   * @param found the sum of {@link #part} over the files the scan found, as their entries name them
   * @param foundCount how many files it found
   * @param context a digest of the sources' roots and the home directory it found them under ({@link #context})
   * @param usedPart the fingerprint part of the entries its answer was combined from, found and retained
   * @param usedCount how many entries that is
   */
  public record Census(long found, int foundCount, long context, long usedPart, int usedCount) {

    /**
     * Equal numbers; a record's own equality written out (that one makes classes at run time on first use).
     *
     * @param o another object
     * @return whether every number is equal
     */
    @Override
    public boolean equals(Object o) {
      return o == this
          || o instanceof Census c && found == c.found && foundCount == c.foundCount && context == c.context
              && usedPart == c.usedPart && usedCount == c.usedCount;
    }

    /**
     * The numbers' hash codes combined in declaration order, as a record's own.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
      int h = Long.hashCode(found);
      h = 31 * h + foundCount;
      h = 31 * h + Long.hashCode(context);
      h = 31 * h + Long.hashCode(usedPart);
      return 31 * h + usedCount;
    }

    /**
     * One file's share of {@link #found}: its source, its path's stored text and its identity, mixed (64-bit). The
     * texts count by their {@link String#hashCode} and length, the hash a JVM computes fastest before it has compiled
     * much (a new process hashes every path it found): a path renamed to another of the same hash and length with its
     * identity kept would go unnoticed until the file next changes, and a scan that notices a rename counts the file
     * as a log gone and a new one, the same calls, so either way nothing is counted that the logs do not hold.
     *
     * @param sourceId the source
     * @param path the path's stored text
     * @param id the identity
     * @return the share
     */
    static long part(String sourceId, String path, FileIdentity id) {
      long h = IndexEntry.mix((long) sourceId.hashCode() << 32 ^ (path.hashCode() & 0xFFFF_FFFFL));
      h = IndexEntry.mix(h ^ path.length());
      h = IndexEntry.mix(h ^ id.size());
      h = IndexEntry.mix(h ^ id.mtimeNanos());
      String key = id.fileKey();
      return IndexEntry.mix(h ^ (key == null ? 0 : key.hashCode() ^ (long) key.length() << 32));
    }

    /**
     * A digest of where the files were looked for: each source's roots (in the sources' order of ids) and the home
     * directory. Entries outside the roots are neither found nor retained, and entries under another home may be
     * adopted: a scan with other roots or another home may use other entries.
     *
     * @param rootsBySource the roots by source id
     * @param home the home directory, or null
     * @return the digest
     */
    static long context(Map<String, java.util.List<java.nio.file.Path>> rootsBySource, java.nio.file.Path home) {
      long h = DedupGroups.fnv(DedupGroups.FNV_BASIS, home == null ? "" : home.toString());
      for (Map.Entry<String, java.util.List<java.nio.file.Path>> e
          : new java.util.TreeMap<>(rootsBySource).entrySet()) {
        h = IndexEntry.mix(DedupGroups.fnv(h, e.getKey()));
        for (java.nio.file.Path root : e.getValue()) {
          h = IndexEntry.mix(DedupGroups.fnv(h, root.toString()) ^ 1);
        }
      }
      return h;
    }
  }

  /**
   * The entries of a state read from the index, and the sum of their fingerprint parts.
   *
   * @param entries the entries by key, not to be changed afterwards
   * @param part the sum of {@link IndexEntry#fingerprintPart}{@code (false)} over them
   * @param problem why the entries could not be decoded (none then), or null
   * @param tooLarge whether that is because they do not fit the heap (else they are inconsistent)
   */
  record Decoded(HashMap<IndexEntry.Key, IndexEntry> entries, long part, String problem, boolean tooLarge,
      EncodedDirectory encoded) {

    /**
     * Entries that could not be decoded.
     *
     * @param problem why
     * @param tooLarge whether they do not fit the heap
     * @return none, and why
     */
    static Decoded none(String problem, boolean tooLarge) {
      return new Decoded(new HashMap<>(), 0, Objects.requireNonNull(problem, "problem"), tooLarge, null);
    }
  }

  private final int size;
  private final Lazy<Map<IndexEntry.Key, IndexEntry>> entries;
  private final Map<String, String> sourceHints;
  private final Stored stored;
  private final Census census;
  private volatile String problem; // why deferred entries could not be decoded, once known
  private volatile boolean tooLarge;
  private volatile EncodedDirectory encoded; // the directory the entries were decoded from, once they are
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
    this(entries, sourceHints, stored, null);
  }

  /**
   * A state with the combined answer of its entries and the census of the scan that combined it.
   *
   * @param entries the entries by key
   * @param sourceHints the source hints by source id
   * @param stored the combined answer, or null
   * @param census what the scan found, or null
   */
  public IndexState(Map<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints, Stored stored,
      Census census) {
    this(new HashMap<>(Objects.requireNonNull(entries, "entries")), sourceHints, stored, census, true);
  }

  private IndexState(HashMap<IndexEntry.Key, IndexEntry> own, Map<String, String> sourceHints, Stored stored,
      Census census, boolean owned) {
    this.size = own.size();
    this.entries = Lazy.done(Collections.unmodifiableMap(own));
    this.sourceHints = Map.copyOf(sourceHints);
    this.stored = stored;
    this.census = census;
  }

  private IndexState(int size, Supplier<Decoded> decode, Map<String, String> sourceHints, Stored stored,
      Census census) {
    this.size = size;
    this.sourceHints = Map.copyOf(sourceHints);
    this.stored = stored;
    this.census = census;
    this.entries = Lazy.of(() -> {
      Decoded d;
      try {
        d = decode.get();
      } catch (OutOfMemoryError e) { // NOPMD: what was decoded so far is garbage once the supplier is left
        d = Decoded.none("more entries than this heap could decode", true);
      }
      problem = d.problem();
      tooLarge = d.tooLarge();
      encoded = d.encoded();
      entriesPart = d.part();
      entriesPartKnown = true;
      return Collections.unmodifiableMap(d.entries());
    });
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
    return new IndexState(entries, sourceHints, stored, null, true);
  }

  /**
   * {@link #adopting(HashMap, Map, Stored)} with the entries' fingerprint part already summed (by the threads that
   * decoded them, beside the walk, instead of by the scan after it).
   *
   * @param entriesPart the sum of {@link IndexEntry#fingerprintPart}{@code (false)} over the entries
   */
  static IndexState adopting(HashMap<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints,
      Stored stored, long entriesPart) {
    IndexState s = new IndexState(entries, sourceHints, stored, null, true);
    s.entriesPart = entriesPart;
    s.entriesPartKnown = true;
    return s;
  }

  /**
   * {@link #adopting(HashMap, Map, Stored, long)} of entries decoded from a directory, kept for the next save.
   *
   * @param decoded the entries, their fingerprint part and the directory they were decoded from
   * @param sourceHints the source hints by source id
   * @param stored the combined answer, or null
   * @return the state
   */
  static IndexState adopting(Decoded decoded, Map<String, String> sourceHints, Stored stored) {
    IndexState s = adopting(decoded.entries(), sourceHints, stored, decoded.part());
    s.encoded = decoded.encoded();
    return s;
  }

  /**
   * The directory this state's entries were decoded from, when they were (else null): a save of entries most of
   * which are those instances copies their bytes from it.
   *
   * @return the directory, or null
   */
  EncodedDirectory encoded() {
    return encoded;
  }

  /**
   * A state read from the index whose entries are decoded when first asked for: a scan that finds its census
   * unchanged needs none of them.
   *
   * @param size how many entries there are
   * @param decode decodes them (once; it may use more than one thread)
   * @param sourceHints the source hints by source id
   * @param stored the combined answer, or null
   * @param census the census of the scan that saved it
   * @return the state
   */
  static IndexState deferred(int size, Supplier<Decoded> decode, Map<String, String> sourceHints, Stored stored,
      Census census) {
    return new IndexState(size, Objects.requireNonNull(decode, "decode"), sourceHints, stored, census);
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
      Map<IndexEntry.Key, IndexEntry> all = entries.get(); // decoding them knows the sum too
      if (entriesPartKnown) {
        return entriesPart;
      }
      entriesPart = Engine.entriesPart(all, Set.of());
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
   * The census of the scan that saved the state.
   *
   * @return the census, or null when none was saved (an index written before there was one, or by another way)
   */
  public Census census() {
    return census;
  }

  /**
   * Why the entries read from the index could not be decoded when they were first asked for (their directory's
   * checksum held, so only a faulty writer can cause it): the state then has none.
   *
   * @return the reason, or null
   */
  String problem() {
    return problem;
  }

  /**
   * The entries decoded now, if they were deferred: why they could not be, or null when they are.
   *
   * @return the reason, or null
   */
  String undecodable() {
    entries.get();
    return problem;
  }

  /**
   * Whether the entries could not be decoded because they do not fit the heap (not because they are inconsistent).
   *
   * @return true then
   */
  boolean tooLarge() {
    return tooLarge;
  }

  /**
   * Whether the entries are decoded (always, but for a state read from the index that no one asked yet).
   *
   * @return true when they are
   */
  boolean decoded() {
    return entries.isDone();
  }

  /**
   * One file's entry.
   *
   * @param key the source and path
   * @return the entry, or null
   */
  public IndexEntry get(IndexEntry.Key key) {
    return entries.get().get(key);
  }

  /**
   * Every entry.
   *
   * @return the entries
   */
  public Collection<IndexEntry> entries() {
    return entries.get().values();
  }

  /**
   * The entries by key.
   *
   * @return an unmodifiable map
   */
  public Map<IndexEntry.Key, IndexEntry> entryMap() {
    return entries.get();
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
    return entries.isDone() ? entries.get().size() : size;
  }
}
