package io.github.cream.core.internal;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A data file of the scan index (a new one, or the index's own, after what it holds) that a scan which reads many
 * files puts each file's records in as soon as the file is read, so that the heap holds the records of the files
 * being read, not of every file: the entry then refers to its section, as an entry loaded from the index does, and
 * the save that ends the scan leaves the sections where they are (the data file becomes the index's). Each
 * section's deduplication groups are kept beside it (sorted 64-bit hashes, see {@link DedupGroups#hash}) for the
 * combination that follows. A scan that keeps the records in memory has its {@link SectionWriter}
 * {@linkplain #place place} their sections here too, so that the save need not encode them.
 *
 * <p>Sections put are gathered and written together (see {@link #flush}); until then each holds its records.
 *
 * <p>Thread-safe: the files of a scan are read on a pool. A write that fails (a full disk) leaves the sections it
 * held with their records, and makes every later {@link #put} fail; the caller then keeps that file's records in
 * memory.
 */
final class SpillFile implements AutoCloseable {

  private final Path path;
  private final FileChannel channel;
  private long end;
  private boolean failed;
  private final List<RecordSection> written = new ArrayList<>(); // they let go of their groups when this closes
  /** How many bytes of sections are gathered before they are written. */
  private static final int BUFFER = 1 << 18;
  private byte[] buffer = new byte[BUFFER];
  private int buffered;
  private final List<Queued> queued = new ArrayList<>(); // in the buffer's order, from end - buffered on

  /** A section in the buffer: its bytes' length and checksum. */
  private record Queued(RecordSection section, int length, int crc) {}

  /**
   * A data file open to append (tests give one that cannot be written).
   *
   * @param path the file
   * @param channel open on it
   * @param end where the next section goes
   */
  SpillFile(Path path, FileChannel channel, long end) {
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
    long[] g = groupsOf(records);
    int crc = IndexCodec.crc(section, 0, section.length);
    RecordSection s = RecordSection.pending(records, sourceId, file); // holds its records until it is written
    s.spilled(this, g); // kept by the section: no map of 50,000 sections by identity
    synchronized (this) {
      if (failed) {
        throw new IOException("the spill file failed before");
      }
      written.add(s);
      if (buffered + section.length > buffer.length && buffered > 0) {
        flushLocked();
      }
      if (section.length > buffer.length) {
        buffer = new byte[section.length];
      }
      System.arraycopy(section, 0, buffer, buffered, section.length);
      queued.add(new Queued(s, section.length, crc));
      buffered += section.length;
      end += section.length;
    }
    return s;
  }

  /**
   * Writes the sections put since the last write, with one system call: a first scan of 50,000 small files put
   * them one write each before. Until then a section holds its records in memory (it reads as it would from the
   * file); once written it is placed there and lets go of them. A write that fails leaves those sections holding
   * their records (the save encodes them) and this file taking no more. Called when the files are read, and by
   * anything that then writes to the data file itself (the save appends after what this file wrote).
   */
  synchronized void flush() {
    flushLocked();
  }

  private void flushLocked() {
    if (buffered == 0) {
      return;
    }
    long at = end - buffered;
    try {
      ChannelIo.write(channel, buffer, 0, buffered, at);
    } catch (IOException | RuntimeException e) {
      failed = true; // the sections queued keep their records: nothing is lost, the save encodes them
      end = at;
      queued.clear();
      buffered = 0;
      return;
    }
    long offset = at;
    for (Queued q : queued) {
      q.section().placed(path, offset, q.length(), q.crc());
      q.section().release();
      offset += q.length();
    }
    queued.clear();
    buffered = 0;
    if (buffer.length > BUFFER) {
      buffer = new byte[BUFFER]; // one huge section does not keep its buffer
    }
  }

  /** A section kept in memory, to be written and placed (see {@link #placeAll}). */
  interface Placement {
    /**
     * The section.
     *
     * @return it, not placed yet
     */
    RecordSection section();

    /**
     * The section's records.
     *
     * @return them, in file order
     */
    List<UsageRecord> records();

    /**
     * The entry's source.
     *
     * @return its id
     */
    String sourceId();

    /**
     * The entry's file.
     *
     * @return it
     */
    Path file();
  }

  /**
   * Writes the sections of records a scan keeps in memory (see {@link RecordSection#pending}) and places them there,
   * appended with one write: one lock and one system call for many small sections, not one each.
   *
   * @param items the sections and what goes in them
   * @throws IOException if writing fails (then every one of them stays where it was, and this file takes no more)
   */
  void placeAll(List<? extends Placement> items) throws IOException {
    byte[][] encoded = new byte[items.size()][];
    int total = 0;
    for (int i = 0; i < encoded.length; i++) {
      Placement p = items.get(i);
      encoded[i] = IndexCodec.encodeSection(p.records(), p.sourceId(), p.file());
      total = Math.addExact(total, encoded[i].length);
    }
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] b : encoded) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    long base = append(all);
    long offset = base;
    for (int i = 0; i < encoded.length; i++) {
      byte[] b = encoded[i];
      items.get(i).section().placed(path, offset, b.length, IndexCodec.crc(b, 0, b.length));
      offset += b.length;
    }
  }

  /** Appends a section's bytes; returns where they start. */
  private synchronized long append(byte[] section) throws IOException {
    flushLocked(); // the sections put before these come first
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
    return s.spilledGroups(this);
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

  /**
   * Flushes what was written so far to the disk, ahead of the save, which then flushes only what it adds (the save
   * flushes the data file before the head that names its sections in any case). A failure is left to the save.
   */
  void force() {
    flush();
    try {
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      // the save forces the file again, and reports what fails then
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      for (RecordSection s : written) {
        s.spilled(null, null); // only this scan's combination asks for them
      }
      written.clear();
    }
    try {
      channel.close();
    } catch (IOException e) {
      // the sections were written or reported failing already
    }
  }
}
