package io.github.cream.core.internal;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * One file's records as the scan index keeps them: a checksummed section of the index file, decoded when first
 * asked for. Its size is known without decoding; reading a single record decodes the whole section once.
 *
 * <p>The section belongs to one generation of the index (its write id). When the index was replaced since (by
 * another process), the previous generation is tried, which is the replaced file. A section that cannot be read
 * or fails its checksum reads as no records, and {@link #lost()} says so: the caller reports the loss.
 *
 * <p>A section of a file a scan just read holds its records from the start and lies in no file until it is written
 * (see {@link #pending}); it is then {@linkplain #placed placed} where it was written.
 */
public final class RecordSection extends AbstractList<UsageRecord> implements RandomAccess {

  private final int count;
  private final long firstSecond;
  private final long lastSecond;
  private final String sourceId;
  private final LazyPath entryFile;
  private volatile int crc;
  private volatile int length;
  private volatile Path file;
  private volatile boolean data; // in an append-only data file: no generation to check
  private volatile long writeId;
  private volatile long offset;
  private volatile List<UsageRecord> records;
  private volatile boolean lost;
  // the spill file that wrote this section, and the deduplication groups of its records (see SpillFile#groups)
  private SpillFile spilledBy;
  private long[] spilledGroups;

  /**
   * A section.
   *
   * @param file the index file
   * @param writeId the write id of the generation it belongs to
   * @param offset where the section starts
   * @param length its length
   * @param crc its CRC32C
   * @param count how many records it holds
   * @param firstSecond the earliest record's epoch second (0 when none)
   * @param lastSecond the latest record's epoch second (0 when none)
   * @param sourceId the entry's source
   * @param entryFile the entry's file
   */
  RecordSection(
      Path file, long writeId, long offset, int length, int crc, int count, long firstSecond, long lastSecond,
      String sourceId, Path entryFile) {
    this(file, writeId, offset, length, crc, count, firstSecond, lastSecond, sourceId, LazyPath.of(entryFile));
  }

  /** A section whose entry's path is made when its records are first read. */
  RecordSection(
      Path file, long writeId, long offset, int length, int crc, int count, long firstSecond, long lastSecond,
      String sourceId, LazyPath entryFile) {
    this.file = file;
    this.writeId = writeId;
    this.offset = offset;
    this.length = length;
    this.crc = crc;
    this.count = count;
    this.firstSecond = firstSecond;
    this.lastSecond = lastSecond;
    this.sourceId = sourceId;
    this.entryFile = entryFile;
  }

  @Override
  public int size() {
    List<UsageRecord> r = records;
    return r != null ? r.size() : count;
  }

  @Override
  public UsageRecord get(int index) {
    return materialized().get(index);
  }

  @Override
  public java.util.Iterator<UsageRecord> iterator() {
    return materialized().iterator();
  }

  @Override
  public Object[] toArray() {
    return materialized().toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    return materialized().toArray(a);
  }

  /**
   * Whether the records were decoded.
   *
   * @return true once decoded (or found lost)
   */
  public boolean isMaterialized() {
    return records != null;
  }

  /**
   * Whether the section could not be read: its records are missing.
   *
   * @return true when lost
   */
  public boolean lost() {
    materialized();
    return lost;
  }

  /**
   * The number of records the index says the section holds, decoded or not.
   *
   * @return the count
   */
  public int storedCount() {
    return count;
  }

  /**
   * The earliest record's second.
   *
   * @return epoch second
   */
  public long firstSecond() {
    return firstSecond;
  }

  /**
   * The latest record's second.
   *
   * @return epoch second
   */
  public long lastSecond() {
    return lastSecond;
  }

  /**
   * The section's bytes, checked against their checksum, for copying into the next generation as they are.
   *
   * @return the bytes, or null when the section cannot be read or is damaged
   */
  byte[] rawBytes() {
    try {
      return read(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Says which spill file wrote this section and its records' groups; once, by that file, before it is shared. */
  void spilled(SpillFile by, long[] groups) {
    spilledBy = by;
    spilledGroups = groups;
  }

  /** The groups {@link #spilled} gave, when {@code by} wrote this section; else null. */
  long[] spilledGroups(SpillFile by) {
    return spilledBy == by ? spilledGroups : null;
  }

  /**
   * A section in a data file of the index.
   *
   * @param dataFile the data file
   * @param offset where the section starts
   * @param length its length
   * @param crc its CRC32C
   * @param count how many records it holds
   * @param firstSecond the earliest record's epoch second
   * @param lastSecond the latest record's epoch second
   * @param sourceId the entry's source
   * @param entryFile the entry's file
   * @return the section
   */
  static RecordSection inData(
      Path dataFile, long offset, int length, int crc, int count, long firstSecond, long lastSecond,
      String sourceId, Path entryFile) {
    return inData(dataFile, offset, length, crc, count, firstSecond, lastSecond, sourceId, LazyPath.of(entryFile));
  }

  /** {@link #inData(Path, long, int, int, int, long, long, String, Path)} with the entry's path made when needed. */
  static RecordSection inData(
      Path dataFile, long offset, int length, int crc, int count, long firstSecond, long lastSecond,
      String sourceId, LazyPath entryFile) {
    RecordSection s =
        new RecordSection(dataFile, 0, offset, length, crc, count, firstSecond, lastSecond, sourceId, entryFile);
    s.data = true;
    return s;
  }

  /**
   * The records of a file just read, kept in memory, whose section is not written yet: a {@link SectionWriter} writes
   * it while the scan goes on and {@linkplain #placed places} it, and until then the section is in no file (a save
   * encodes it from the records).
   *
   * @param records the records, in file order
   * @param sourceId the entry's source
   * @param entryFile the entry's file
   * @return the section, decoded already
   */
  static RecordSection pending(List<UsageRecord> records, String sourceId, Path entryFile) {
    long[] seconds = seconds(records);
    RecordSection s =
        new RecordSection(null, 0, 0, 0, 0, records.size(), seconds[0], seconds[1], sourceId, entryFile);
    s.records = records;
    return s;
  }

  /**
   * The first and last second of some records' times, as a section stores them.
   *
   * @param records the records
   * @return {first, last} epoch seconds; 0 for none
   */
  static long[] seconds(List<UsageRecord> records) {
    long first = 0;
    long last = 0;
    for (UsageRecord r : records) {
      long sec = r.timestamp().getEpochSecond();
      first = first == 0 || sec < first ? sec : first;
      last = Math.max(last, sec);
    }
    return new long[] {first, last};
  }

  /**
   * The data file the section lies in.
   *
   * @return the data file, or null when the section is in an index file
   */
  synchronized Path dataFile() {
    return data ? file : null;
  }

  /**
   * Whether the section is kept in a data file, and which.
   *
   * @param dataFile a data file
   * @return true when the section lies in it
   */
  synchronized boolean in(Path dataFile) {
    return data && (file == dataFile || file.equals(dataFile));
  }

  /**
   * Where the section starts in its file.
   *
   * @return the offset
   */
  synchronized long offset() {
    return offset;
  }

  /**
   * The section's length.
   *
   * @return bytes
   */
  synchronized int length() {
    return length;
  }

  /**
   * The section's checksum.
   *
   * @return CRC32C
   */
  synchronized int crc() {
    return crc;
  }

  /**
   * Points the section at where its bytes were written in a data file (encoded again from its records, they may
   * differ from the bytes it was read from).
   *
   * @param dataFile the data file
   * @param newOffset where the section starts
   * @param newLength its length
   * @param newCrc its CRC32C
   */
  void placed(Path dataFile, long newOffset, int newLength, int newCrc) {
    synchronized (this) {
      this.file = dataFile;
      this.data = true;
      this.writeId = 0;
      this.offset = newOffset;
      this.length = newLength;
      this.crc = newCrc;
    }
  }

  /**
   * Lets go of the records of a section {@linkplain #placed placed} in a data file: a pass that needs them reads them
   * from there, as it does for a section loaded from the index.
   */
  void release() {
    synchronized (this) {
      if (data && file != null) {
        records = null;
      }
    }
  }

  /**
   * Points the section at its copy in a new generation of the index.
   *
   * @param newFile the index file
   * @param newWriteId the new generation's write id
   * @param newOffset where the copy starts
   */
  void moved(Path newFile, long newWriteId, long newOffset) {
    synchronized (this) {
      this.file = newFile;
      this.writeId = newWriteId;
      this.offset = newOffset;
    }
  }

  /**
   * The records, decoded for one pass without being kept: a scan that folds every section once holds one at a time.
   * A section decoded already gives its records as they are.
   *
   * @param reads the pass's open data file, or null to open it for this section
   * @return the records, or null when the section cannot be read or is damaged (then {@link #lost()} says so)
   */
  List<UsageRecord> decodeOnce(SectionReads reads) {
    List<UsageRecord> r = readOnce(reads);
    if (r != null) {
      return r;
    }
    materialized(); // fails again (or failed before), and is known lost from now on
    return lost ? null : records;
  }

  /**
   * The records for one pass over them, without keeping them: the decoded list when the section was decoded
   * already, else a fresh decoding the section does not hold on to (a view that reads every section in turn keeps
   * one in memory at a time).
   *
   * @return the records, or null when the section cannot be read (it is not marked lost: a later full read does
   *     that and reports it)
   */
  List<UsageRecord> readOnce() {
    return readOnce(null);
  }

  /**
   * {@link #readOnce()} within a pass that reads many sections.
   *
   * @param reads the pass's open data file, or null to open it for this section
   * @return the records, or null when the section cannot be read
   */
  List<UsageRecord> readOnce(SectionReads reads) {
    List<UsageRecord> r = records;
    if (r != null) {
      return lost ? null : r;
    }
    try {
      return IndexCodec.decodeSection(read(reads), count, sourceId, entryFile.get());
    } catch (IOException | RuntimeException | IndexCodec.CorruptIndexException e) {
      return null;
    }
  }

  /**
   * Gives the keys of the records (see {@link RecordGroups.Keys}) for one pass, without making or keeping them.
   *
   * @param keys receives them
   * @param reads the pass's open data file, or null to open it for this section
   * @return false when the section cannot be read (some keys may have been given already; nothing is marked lost)
   */
  boolean keysOnce(RecordGroups.Keys keys, SectionReads reads) {
    List<UsageRecord> r = records;
    if (r != null) {
      if (lost) {
        return false;
      }
      RecordGroups.keysOf(r, keys);
      return true;
    }
    try {
      IndexCodec.sectionKeys(read(reads), count, sourceId, keys);
      return true;
    } catch (IOException | RuntimeException | IndexCodec.CorruptIndexException e) {
      return false;
    }
  }

  private List<UsageRecord> materialized() {
    List<UsageRecord> r = records;
    if (r == null) {
      synchronized (this) {
        r = records;
        if (r == null) {
          try {
            r = IndexCodec.decodeSection(read(null), count, sourceId, entryFile.get());
          } catch (IOException | RuntimeException | IndexCodec.CorruptIndexException e) {
            lost = true;
            r = List.of();
          }
          records = r;
        }
      }
    }
    return r;
  }

  private byte[] read(SectionReads reads) throws IOException {
    Path f;
    long id;
    long at;
    int n;
    int c;
    boolean inData;
    synchronized (this) {
      f = file;
      id = writeId;
      at = offset;
      n = length;
      c = crc;
      inData = data;
    }
    if (f == null) {
      throw new IOException("the section is not written yet");
    }
    if (!inData) {
      return readChecked(f, id, at, n, c);
    }
    return reads != null ? reads.read(f, at, n, c) : readData(f, at, n, c);
  }

  /**
   * Reads a checksummed part of an append-only data file of the index.
   *
   * @param f the data file
   * @param at where the part starts
   * @param length its length
   * @param crc its CRC32C
   * @return the bytes
   * @throws IOException if the file is gone or the part is damaged
   */
  static byte[] readData(Path f, long at, int length, int crc) throws IOException {
    try (FileChannel ch = SafeFiles.openToRead(f)) {
      return readPart(ch, at, length, crc);
    }
  }

  static byte[] readPart(FileChannel ch, long at, int length, int crc) throws IOException {
    byte[] b = new byte[length];
    ChannelIo.readFully(ch, b, 0, length, at, "the scan index is shorter than its directory says");
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(b, 0, b.length);
    if ((int) c.getValue() != crc) {
      throw new IOException("a section of the scan index fails its checksum");
    }
    return b;
  }

  /**
   * Reads a checksummed part of a generation of the index: from the index file, else from the previous generation
   * when the index was replaced since.
   *
   * @param f the index file
   * @param id the generation's write id
   * @param at where the part starts
   * @param length its length
   * @param crc its CRC32C
   * @return the bytes
   * @throws IOException if the generation is gone or the part is damaged
   */
  static byte[] readChecked(Path f, long id, long at, int length, int crc) throws IOException {
    IOException failure = null;
    for (Path candidate : new Path[] {f, f.resolveSibling(f.getFileName() + DiskIndex.PREVIOUS_SUFFIX)}) {
      try (FileChannel ch = SafeFiles.openToRead(candidate)) {
        if (IndexCodec.writeIdOf(ch) != id) {
          continue;
        }
        byte[] b = readPart(ch, at, length, crc);
        return b;
      } catch (IOException e) {
        failure = e;
      }
    }
    throw failure != null ? failure : new IOException("the scan index generation of a section is gone");
  }
}
