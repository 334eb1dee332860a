package io.github.cream.core.internal;

import io.github.cream.api.DedupKey;
import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;

/**
 * The deduplication groups of every keyed record the index holds, as sorted 64-bit hashes: a call appended since the
 * last scan whose group is not among them cannot be a copy of an indexed call, so it is added to the saved answer
 * without reading any other call. A hash collision only makes a scan combine everything again. Kept in the index as
 * its own checksummed part, read only by a scan that appends.
 */
public final class DedupGroups {

  private final Path file;
  private final long writeId;
  private final long offset;
  private final int length;
  private final int crc;
  private volatile long[] hashes;

  private DedupGroups(long[] hashes, Path file, long writeId, long offset, int length, int crc) {
    this.hashes = hashes;
    this.file = file;
    this.writeId = writeId;
    this.offset = offset;
    this.length = length;
    this.crc = crc;
  }

  /**
   * Groups known already.
   *
   * @param sortedDistinct the hashes, sorted, without repeats
   * @return the groups
   */
  static DedupGroups of(long[] sortedDistinct) {
    return new DedupGroups(sortedDistinct, null, 0, 0, 0, 0);
  }

  /**
   * Groups kept in an index file, read when first asked for.
   *
   * @param file the index file
   * @param writeId its generation
   * @param offset where the part starts
   * @param length its length
   * @param crc its CRC32C
   * @return the groups
   */
  static DedupGroups stored(Path file, long writeId, long offset, int length, int crc) {
    return new DedupGroups(null, file, writeId, offset, length, crc);
  }

  /**
   * The groups of records.
   *
   * @param records the records
   * @return their groups
   */
  static DedupGroups of(Collection<? extends UsageRecord> records) {
    long[] h = new long[records.size()];
    int n = 0;
    for (UsageRecord r : records) {
      if (r.dedupKey().isPresent()) {
        h[n++] = hash(r.source(), r.dedupKey().get());
      }
    }
    return of(sortedDistinct(h, n));
  }

  /**
   * The hash of a record's group.
   *
   * @param source the record's source
   * @param key its key
   * @return the hash
   */
  static long hash(String source, DedupKey key) {
    long h = 0xcbf29ce484222325L;
    h = fnv(h, source);
    h = (h ^ 0x1F) * 0x100000001b3L;
    h = fnv(h, key.group());
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  private static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  private static long[] sortedDistinct(long[] h, int n) {
    Arrays.sort(h, 0, n);
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (w == 0 || h[w - 1] != h[i]) {
        h[w++] = h[i];
      }
    }
    return Arrays.copyOf(h, w);
  }

  /**
   * The hashes.
   *
   * @return sorted, distinct
   * @throws IOException if they cannot be read back from the index
   */
  long[] hashes() throws IOException {
    long[] h = hashes;
    if (h == null) {
      synchronized (this) {
        h = hashes;
        if (h == null) {
          byte[] b = RecordSection.readChecked(file, writeId, offset, length, crc);
          if (b.length % 8 != 0) {
            throw new IOException("the deduplication groups of the scan index are damaged");
          }
          h = new long[b.length / 8];
          ByteBuffer.wrap(b).asLongBuffer().get(h);
          for (int i = 1; i < h.length; i++) {
            if (h[i - 1] >= h[i]) {
              throw new IOException("the deduplication groups of the scan index are damaged");
            }
          }
          hashes = h;
        }
      }
    }
    return h;
  }

  /**
   * Whether a group is among these.
   *
   * @param hash the group's hash
   * @return true when present
   * @throws IOException if the groups cannot be read back
   */
  boolean contains(long hash) throws IOException {
    return Arrays.binarySearch(hashes(), hash) >= 0;
  }

  /**
   * These groups and more.
   *
   * @param more the hashes to add
   * @param n how many of them
   * @return the union
   * @throws IOException if these cannot be read back
   */
  DedupGroups plus(long[] more, int n) throws IOException {
    long[] a = hashes();
    long[] all = Arrays.copyOf(a, a.length + n);
    System.arraycopy(more, 0, all, a.length, n);
    return of(sortedDistinct(all, all.length));
  }

  /**
   * The bytes to store.
   *
   * @return big-endian hashes
   * @throws IOException if they cannot be read back
   */
  byte[] bytes() throws IOException {
    long[] h = hashes();
    ByteBuffer bb = ByteBuffer.allocate(h.length * 8);
    bb.asLongBuffer().put(h);
    return bb.array();
  }
}
