package io.github.cream.core.internal;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data file of the scan index (a new one, or the index's own, after what it holds) that a scan which reads many
 * files puts each file's records in as soon as the file is read, so that the heap holds the records of the files being read, not of every file: the entry then
 * refers to its section, as an entry loaded from the index does, and the save that ends the scan leaves the
 * sections where they are (the data file becomes the index's). Each section's deduplication groups are kept
 * beside it (sorted 64-bit hashes, see {@link DedupGroups#hash}) for the combination that follows. A scan that keeps
 * the records in memory has its {@link SectionWriter} {@linkplain #place place} their sections here too, so that
 * the save need not encode them.
 *
 * <p>Thread-safe: the files of a scan are read on a pool. A file that cannot be written (a full disk) makes
 * {@link #put} fail; the caller then keeps that file's records in memory.
 */
final class SpillFile implements AutoCloseable {

  private final Path path;
  private final FileChannel channel;
  private final Map<RecordSection, long[]> groups = new IdentityHashMap<>();
  private long end;
  private boolean failed;

  private SpillFile(Path path, FileChannel channel, long end) {
    this.path = path;
    this.channel = channel;
    this.end = end;
  }

  /**
   * Creates a data file, with the prefix every data file of the index starts with.
   *
   * @param path where; must not exist
   * @return the file, open to append
   * @throws IOException if it cannot be created
   */
  static SpillFile create(Path path) throws IOException {
    FileChannel ch = SafeFiles.openToWrite(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
    try {
      ByteBuffer prefix = ByteBuffer.allocate(IndexCodec.PREFIX);
      prefix.put(DiskIndex.DATA_MAGIC).putInt(IndexCodec.VERSION).putInt(0).flip();
      long at = 0;
      while (prefix.hasRemaining()) {
        at += ch.write(prefix, at);
      }
      return new SpillFile(path, ch, at);
    } catch (IOException | RuntimeException e) {
      ch.close();
      java.nio.file.Files.deleteIfExists(path);
      throw e;
    }
  }

  /**
   * Opens a data file of the index to append sections after those it holds.
   *
   * @param path the data file
   * @return the file, open to append
   * @throws IOException if it cannot be opened
   */
  static SpillFile append(Path path) throws IOException {
    FileChannel ch = SafeFiles.openToWrite(path, Set.of(StandardOpenOption.WRITE));
    try {
      long size = ch.size();
      if (size < IndexCodec.PREFIX) {
        throw new IOException("not a data file of the scan index");
      }
      return new SpillFile(path, ch, size);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * The data file.
   *
   * @return its path
   */
  Path path() {
    return path;
  }

  /**
   * Writes one file's records as a section.
   *
   * @param records the records, in file order
   * @param sourceId the entry's source
   * @param file the entry's file
   * @return the section, not decoded
   * @throws IOException if writing fails (then this file takes no more sections)
   */
  RecordSection put(List<UsageRecord> records, String sourceId, Path file) throws IOException {
    byte[] section = IndexCodec.encodeSection(records, sourceId, file);
    long[] seconds = RecordSection.seconds(records);
    long[] g = groupsOf(records);
    int crc = IndexCodec.crc(section, 0, section.length);
    long at = append(section);
    RecordSection s = RecordSection.inData(
        path, at, section.length, crc, records.size(), seconds[0], seconds[1], sourceId, file);
    synchronized (groups) {
      groups.put(s, g);
    }
    return s;
  }

  /**
   * Writes the section of records a scan keeps in memory (see {@link RecordSection#pending}) and places it there.
   *
   * @param section the section, not placed yet
   * @param records its records
   * @param sourceId the entry's source
   * @param file the entry's file
   * @throws IOException if writing fails (then the section stays where it was, and this file takes no more)
   */
  void place(RecordSection section, List<UsageRecord> records, String sourceId, Path file) throws IOException {
    byte[] bytes = IndexCodec.encodeSection(records, sourceId, file);
    int crc = IndexCodec.crc(bytes, 0, bytes.length);
    section.placed(path, append(bytes), bytes.length, crc);
  }

  /** Appends a section's bytes; returns where they start. */
  private synchronized long append(byte[] section) throws IOException {
    if (failed) {
      throw new IOException("the spill file failed before");
    }
    long at = end;
    long pos = at;
    try {
      pos += ChannelIo.write(channel, section, 0, section.length, at);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
    end = pos;
    return at;
  }

  /**
   * The deduplication groups of a section this file holds.
   *
   * @param s a section
   * @return its groups' hashes, sorted and distinct, or null when the section is not one of this file's
   */
  long[] groups(RecordSection s) {
    synchronized (groups) {
      return groups.get(s);
    }
  }

  /**
   * The deduplication groups of records.
   *
   * @param records the records
   * @return the hashes of their groups, sorted and distinct
   */
  static long[] groupsOf(List<UsageRecord> records) {
    long[] h = new long[records.size()];
    int n = 0;
    for (UsageRecord r : records) {
      if (r.dedupKey().isPresent()) {
        h[n++] = DedupGroups.hash(r.source(), r.dedupKey().get());
      }
    }
    return DedupGroups.sortedDistinct(h, n);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // the sections were written or reported failing already
    }
  }
}
