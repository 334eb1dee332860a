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
 *
 * @param sourceId the source that read it
 * @param file the file (absolute, normalized)
 * @param identity size, modification time and file key, taken before the file was last read
 * @param store whether the file is an {@link io.github.cream.spi.EntryStore} read by positions, not bytes
 * @param consumedOffset the offset just after the last complete line (for stores: the last position plus one)
 * @param linesEnd the number of the last complete line
 * @param headHash fingerprint of the first {@code min(4096, consumedOffset)} bytes (unused for stores)
 * @param tailHash fingerprint of the last {@code min(4096, consumedOffset)} bytes before {@code consumedOffset}
 * @param tailKnown whether {@code tailHash} could be taken
 * @param state the parser's state at {@code consumedOffset}, or null when the file must be read again from the start
 * @param malformedLines lines a parser could not fully use, in the whole file so far
 * @param records the records, in file order, before deduplication
 * @param facts the file's latest facts per session
 * @param diagnostics the file's folded problems
 */
public record IndexEntry(
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
  public IndexEntry {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(identity, "identity");
    records = records instanceof RecordSection ? records : List.copyOf(records); // a section stays unread
    facts = List.copyOf(facts);
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * The key of this entry.
   *
   * @return source and path
   */
  public Key key() {
    return Key.of(sourceId, file);
  }

  /**
   * An entry's key: the source and the file's path.
   *
   * @param sourceId the source id
   * @param path the absolute path in its stored form ({@link StoredPath#text}): two non-ASCII names that read
   *     alike in the process's locale stay two keys
   */
  public record Key(String sourceId, String path) {

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

    // written out: a record's generated equals and hashCode are linked at their first call, which in a fresh
    // process (every CLI command) cost more than the lookups of a no-change rescan themselves

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Objects.equals(path, k.path) && Objects.equals(sourceId, k.sourceId);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(sourceId) + Objects.hashCode(path);
    }
  }
}
