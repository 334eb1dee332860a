package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.ResumeState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the scan index knows of one file: its identity when it was last read, where reading stopped, the parser's
 * state there, and everything the file produced up to that point.
 */
public final class IndexEntry {

  // a class, not a record, only so that the key is computed once: a no-change rescan asks for every entry's key
  // several times, and the stored text of a path takes a pass over its characters

  private final String sourceId;
  private final LazyPath file;
  private final FileIdentity identity;
  private final boolean store;
  private final long consumedOffset;
  private final long linesEnd;
  private final long headHash;
  private final long tailHash;
  private final boolean tailKnown;
  private final Object state; // a ResumeState, its encoding in the index (EncodedState), or null
  private final long malformedLines;
  private final List<UsageRecord> records;
  private final Lazy<Tail> tail;
  private Key key; // computed when first asked for (racy but idempotent: a key is a value)
  // the directory this entry was decoded from and its place there, set once before the entry is shared (see
  // EncodedDirectory: a save copies the bytes of an entry still as it was decoded)
  private EncodedDirectory decodedFrom;
  private int decodedAt = -1;

  /**
   * Validates and copies the components.
   *
   * @param sourceId source
   * @param file file
   * @param identity identity
   * @param store store flag
   * @param consumedOffset consumed offset
   * @param linesEnd last line
   * @param headHash head fingerprint
   * @param tailHash tail fingerprint
   * @param tailKnown tail fingerprint known
   * @param state parser state or null
   * @param malformedLines malformed lines
   * @param records records
   * @param facts facts
   * @param diagnostics diagnostics
   */
  public IndexEntry(
      String sourceId,
      Path file,
      FileIdentity identity,
      boolean store,
      long consumedOffset,
      long linesEnd,
      long headHash,
      long tailHash,
      boolean tailKnown,
      ResumeState state,
      long malformedLines,
      List<UsageRecord> records,
      List<SessionFacts> facts,
      List<Diagnostic> diagnostics) {
    this(null, sourceId, file, identity, store, consumedOffset, linesEnd, headHash, tailHash, tailKnown, state,
        malformedLines, records, facts, diagnostics);
  }

  /**
   * An entry whose key is already known (the index stores the path's text: it need not be computed again).
   *
   * @param key the key of {@code sourceId} and {@code file}, or null to compute it when asked
   */
  IndexEntry(
      Key key,
      String sourceId,
      Path file,
      FileIdentity identity,
      boolean store,
      long consumedOffset,
      long linesEnd,
      long headHash,
      long tailHash,
      boolean tailKnown,
      ResumeState state,
      long malformedLines,
      List<UsageRecord> records,
      List<SessionFacts> facts,
      List<Diagnostic> diagnostics) {
    this(key, sourceId, LazyPath.of(file), identity, store, consumedOffset, linesEnd, headHash, tailHash, tailKnown,
        (Object) state, malformedLines, records, Lazy.done(new Tail(facts, diagnostics)));
  }

  /**
   * An entry read from the index: its path made when first asked for, its facts and problems decoded when first
   * asked for (a no-change scan needs neither).
   *
   * @param key the key of {@code sourceId} and {@code file}, or null to compute it when asked
   * @param state the parser's state as the index holds it, decoded when first asked for, or null
   * @param tail the facts and problems
   */
  IndexEntry(
      Key key,
      String sourceId,
      LazyPath file,
      FileIdentity identity,
      boolean store,
      long consumedOffset,
      long linesEnd,
      long headHash,
      long tailHash,
      boolean tailKnown,
      EncodedState state,
      long malformedLines,
      List<UsageRecord> records,
      Lazy<Tail> tail) {
    this(key, sourceId, file, identity, store, consumedOffset, linesEnd, headHash, tailHash, tailKnown, (Object) state,
        malformedLines, records, tail);
  }

  private IndexEntry(
      Key key,
      String sourceId,
      LazyPath file,
      FileIdentity identity,
      boolean store,
      long consumedOffset,
      long linesEnd,
      long headHash,
      long tailHash,
      boolean tailKnown,
      Object state,
      long malformedLines,
      List<UsageRecord> records,
      Lazy<Tail> tail) {
    this.sourceId = Objects.requireNonNull(sourceId, "sourceId");
    this.file = Objects.requireNonNull(file, "file");
    this.identity = Objects.requireNonNull(identity, "identity");
    this.store = store;
    this.consumedOffset = consumedOffset;
    this.linesEnd = linesEnd;
    this.headHash = headHash;
    this.tailHash = tailHash;
    this.tailKnown = tailKnown;
    this.state = state;
    this.malformedLines = malformedLines;
    this.records = records instanceof RecordSection ? records : List.copyOf(records); // a section stays unread
    this.tail = Objects.requireNonNull(tail, "tail");
    this.key = key;
  }

  /**
   * An entry's facts and problems, the last part of its place in the index's directory.
   *
   * @param facts the file's latest facts per session
   * @param diagnostics the file's folded problems
   */
  record Tail(List<SessionFacts> facts, List<Diagnostic> diagnostics) {
    Tail {
      facts = List.copyOf(facts);
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /**
   * The source that read the file.
   *
   * @return the source id
   */
  public String sourceId() {
    return sourceId;
  }

  /**
   * The file.
   *
   * @return the absolute, normalized path
   */
  public Path file() {
    return file.get();
  }

  /** The file's path as the index stores it, without making the path. */
  LazyPath lazyFile() {
    return file;
  }

  /**
   * Size, modification time and file key, taken before the file was last read.
   *
   * @return the identity
   */
  public FileIdentity identity() {
    return identity;
  }

  /**
   * Whether the file is an {@link io.github.cream.spi.EntryStore} read by positions, not bytes.
   *
   * @return the store flag
   */
  public boolean store() {
    return store;
  }

  /**
   * The offset just after the last complete line (for stores: the last position plus one).
   *
   * @return the consumed offset
   */
  public long consumedOffset() {
    return consumedOffset;
  }

  /**
   * The number of the last complete line.
   *
   * @return the last line
   */
  public long linesEnd() {
    return linesEnd;
  }

  /**
   * Fingerprint of the first {@code min(4096, consumedOffset)} bytes (unused for stores).
   *
   * @return the head fingerprint
   */
  public long headHash() {
    return headHash;
  }

  /**
   * Fingerprint of the last {@code min(4096, consumedOffset)} bytes before {@code consumedOffset}.
   *
   * @return the tail fingerprint
   */
  public long tailHash() {
    return tailHash;
  }

  /**
   * Whether {@link #tailHash} could be taken.
   *
   * @return true when known
   */
  public boolean tailKnown() {
    return tailKnown;
  }

  /**
   * The parser's state at {@link #consumedOffset}.
   *
   * @return the state, or null when the file must be read again from the start
   */
  public ResumeState state() {
    Object s = state;
    return s instanceof EncodedState e ? ResumeState.of(e.bytes()) : (ResumeState) s;
  }

  /**
   * Whether the file can be read on from {@link #consumedOffset} ({@link #state} is not null), without decoding the
   * state.
   *
   * @return true when there is a state
   */
  public boolean resumable() {
    return state != null;
  }

  /**
   * The encoded {@link #state}, as the index stores it.
   *
   * @return the bytes, or null when there is no state
   */
  byte[] stateBytes() {
    Object s = state;
    return s == null ? null : s instanceof EncodedState e ? e.bytes() : ((ResumeState) s).bytes();
  }

  /**
   * A parser's state where the index's directory holds it: copied out only when an append needs it, so a scan that
   * finds no change copies no state (on 50,000 files, about 20 MB less to allocate).
   *
   * @param b the directory's bytes
   * @param from where the state starts
   * @param length its length
   */
  record EncodedState(byte[] b, int from, int length) {
    byte[] bytes() {
      return java.util.Arrays.copyOfRange(b, from, from + length);
    }
  }

  /**
   * Lines a parser could not fully use, in the whole file so far.
   *
   * @return the malformed lines
   */
  public long malformedLines() {
    return malformedLines;
  }

  /**
   * The records, in file order, before deduplication.
   *
   * @return the records
   */
  public List<UsageRecord> records() {
    return records;
  }

  /**
   * This entry with other records in its place (a section they were written to): the same key, file, state, facts
   * and problems, none of them decoded or made again to be copied.
   *
   * @param other the records
   * @return the entry
   */
  IndexEntry withRecords(List<UsageRecord> other) {
    return new IndexEntry(key(), sourceId, file, identity, store, consumedOffset, linesEnd, headHash, tailHash,
        tailKnown, state, malformedLines, other, tail);
  }

  /**
   * The file's latest facts per session.
   *
   * @return the facts
   */
  public List<SessionFacts> facts() {
    return tail.get().facts();
  }

  /**
   * The file's folded problems.
   *
   * @return the diagnostics
   */
  public List<Diagnostic> diagnostics() {
    return tail.get().diagnostics();
  }

  /**
   * This entry's part of the fingerprint that ties a saved answer to the entries it was combined from: its file and
   * how far it was read. Parts of several entries are added, so the sum does not depend on their order.
   *
   * @param retained whether the entry is kept for a file that no longer exists
   * @return the part
   */
  long fingerprintPart(boolean retained) {
    long h = key().sourceId().hashCode() * 0x9E3779B97F4A7C15L + key().path().hashCode();
    h = mix(h ^ consumedOffset());
    h = mix(h ^ linesEnd());
    h = mix(h ^ records().size());
    h = mix(h ^ identity().size());
    h = mix(h ^ identity().mtimeNanos());
    h = mix(h ^ malformedLines());
    return mix(h ^ (retained ? 1 : 2));
  }

  /**
   * Records the directory this entry was decoded from and its place there: once, by the decoder, before the entry is
   * shared.
   */
  void decodedFrom(EncodedDirectory directory, int at) {
    decodedFrom = directory;
    decodedAt = at;
  }

  /** This entry's place in a directory it was decoded from, or -1 when it was not decoded from that one. */
  int placeIn(EncodedDirectory directory) {
    return decodedFrom == directory ? decodedAt : -1;
  }

  /** A 64-bit mixing function (SplitMix64's finalizer). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The key of this entry.
   *
   * @return source and path
   */
  public Key key() {
    Key k = key;
    if (k == null) {
      k = new Key(sourceId, file.text());
      key = k;
    }
    return k;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof IndexEntry e
        && store == e.store
        && consumedOffset == e.consumedOffset
        && linesEnd == e.linesEnd
        && headHash == e.headHash
        && tailHash == e.tailHash
        && tailKnown == e.tailKnown
        && malformedLines == e.malformedLines
        && sourceId.equals(e.sourceId)
        && file().equals(e.file())
        && identity.equals(e.identity)
        && Objects.equals(state(), e.state())
        && records.equals(e.records)
        && facts().equals(e.facts())
        && diagnostics().equals(e.diagnostics());
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceId, file(), identity, store, consumedOffset, linesEnd, headHash, tailHash, tailKnown,
        state(), malformedLines, records, facts(), diagnostics());
  }

  @Override
  public String toString() {
    return "IndexEntry[sourceId=" + sourceId + ", file=" + file() + ", identity=" + identity + ", store=" + store
        + ", consumedOffset=" + consumedOffset + ", linesEnd=" + linesEnd + ", headHash=" + headHash
        + ", tailHash=" + tailHash + ", tailKnown=" + tailKnown + ", state=" + state + ", malformedLines="
        + malformedLines + ", records=" + records + ", facts=" + facts() + ", diagnostics=" + diagnostics() + "]";
  }

  /**
   * An entry's key: the source and the file's path (the absolute path in its stored form, {@link StoredPath#text}:
   * two non-ASCII names that read alike in the process's locale stay two keys).
   */
  public static final class Key {

    // a class, not a record, so that its hash is computed once: a rescan puts every file's key in several maps

    private final String sourceId;
    private final String path;
    private int hash;

    /**
     * A key.
     *
     * @param sourceId the source id
     * @param path the absolute path in its stored form
     */
    public Key(String sourceId, String path) {
      this.sourceId = sourceId;
      this.path = path;
    }

    /**
     * The key of a file.
     *
     * @param sourceId the source id
     * @param file the absolute path
     * @return the key
     */
    public static Key of(String sourceId, Path file) {
      return new Key(sourceId, StoredPath.text(file));
    }

    /**
     * The source.
     *
     * @return the source id
     */
    public String sourceId() {
      return sourceId;
    }

    /**
     * The path.
     *
     * @return the absolute path in its stored form
     */
    public String path() {
      return path;
    }

    @Override
    public boolean equals(Object o) {
      return this == o
          || (o instanceof Key k && Objects.equals(path, k.path) && Objects.equals(sourceId, k.sourceId));
    }

    @Override
    public int hashCode() {
      int h = hash;
      if (h == 0) {
        h = 31 * Objects.hashCode(sourceId) + Objects.hashCode(path);
        hash = h;
      }
      return h;
    }

    @Override
    public String toString() {
      return "Key[sourceId=" + sourceId + ", path=" + path + "]";
    }
  }
}
