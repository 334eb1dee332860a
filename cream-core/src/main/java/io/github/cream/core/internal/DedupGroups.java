package io.github.cream.core.internal;

import io.github.cream.api.DedupKey;
import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The deduplication groups of every keyed record the index holds, as sorted 64-bit hashes: a call appended since the
 * last scan whose group is not among them cannot be a copy of an indexed call, so it is added to the saved answer
 * without reading any other call. A hash collision only makes a scan combine everything again.
 *
 * <p>Kept in the index's data file as a few checksummed parts, each sorted (the groups of one save's new calls are
 * one more part; a save merges them into one when there are many), read only by a scan that appends.
 */
public final class DedupGroups {

  /** How many parts are kept before a save merges them. */
  static final int MAX_PARTS = 8;

  /**
   * One stored part.
   *
   * @param file the data file
   * @param offset where it starts
   * @param length its length
   * @param crc its CRC32C
   */
  record Part(Path file, long offset, int length, int crc) {}

  private final List<Part> parts;
  private final long[] extra;
  private final long[][] loaded;

  private DedupGroups(List<Part> parts, long[] extra, long[][] loaded) {
    this.parts = List.copyOf(parts);
    this.extra = extra;
    this.loaded = loaded;
  }

  /**
   * Groups known already.
   *
   * @param sortedDistinct the hashes, sorted, without repeats
   * @return the groups
   */
  static DedupGroups of(long[] sortedDistinct) {
    return new DedupGroups(List.of(), sortedDistinct, new long[0][]);
  }

  /**
   * Groups kept in the index, read when first asked for.
   *
   * @param parts the parts
   * @return the groups
   */
  static DedupGroups stored(List<Part> parts) {
    return new DedupGroups(parts, new long[0], new long[parts.size()][]);
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
    DedupKey lastKey = null; // a streamed message's lines share one key: hashed once
    String lastSource = null;
    long last = 0;
    for (UsageRecord r : records) {
      if (r.dedupKey().isPresent()) {
        DedupKey k = r.dedupKey().get();
        if (k != lastKey || !r.source().equals(lastSource)) {
          last = hash(r.source(), k);
          lastKey = k;
          lastSource = r.source();
          h[n++] = last; // once per run of the same key: fewer to sort
        }
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
    return mixed(fnv(ofSource(source), key.group()));
  }

  /**
   * {@link #hash} of a source and a key's group that is a string of a table, without making the string when its bytes
   * are ASCII (each byte is then its character).
   */
  static long hash(String source, IndexCodec.StringTable table, int group) {
    return mixed(table.fnv(ofSource(source), group));
  }

  /** FNV-1a's 64-bit offset basis. */
  static final long FNV_BASIS = 0xcbf29ce484222325L;

  /** FNV-1a's 64-bit prime. */
  static final long FNV_PRIME = 0x100000001b3L;

  /** The first part of {@link #hash}: the source, then a separator. */
  private static long ofSource(String source) {
    return (fnv(FNV_BASIS, source) ^ 0x1F) * FNV_PRIME;
  }

  /** The last part of {@link #hash}: the FNV-1a state spread over every bit. */
  static long mixed(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  static long fnv(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  static long[] sortedDistinct(long[] h, int n) {
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
   * The stored parts.
   *
   * @return the parts
   */
  List<Part> parts() {
    return parts;
  }

  /**
   * The hashes not stored yet.
   *
   * @return sorted, distinct
   */
  long[] extra() {
    return extra;
  }

  private long[] part(int i) throws IOException {
    synchronized (loaded) {
      long[] h = loaded[i];
      if (h == null) {
        Part p = parts.get(i);
        h = decode(RecordSection.readData(p.file(), p.offset(), p.length(), p.crc()));
        loaded[i] = h;
      }
      return h;
    }
  }

  /**
   * Reads a stored part's bytes back.
   *
   * @param b the bytes
   * @return the hashes
   * @throws IOException if they are not sorted 64-bit hashes
   */
  static long[] decode(byte[] b) throws IOException {
    if (b.length % 8 != 0) {
      throw new IOException("the deduplication groups of the scan index are damaged");
    }
    long[] h = new long[b.length / 8];
    ByteBuffer.wrap(b).asLongBuffer().get(h);
    for (int i = 1; i < h.length; i++) {
      if (h[i - 1] >= h[i]) {
        throw new IOException("the deduplication groups of the scan index are damaged");
      }
    }
    return h;
  }

  /**
   * The bytes of sorted hashes, to store.
   *
   * @param h the hashes
   * @return big-endian
   */
  static byte[] encode(long[] h) {
    ByteBuffer bb = ByteBuffer.allocate(h.length * 8);
    bb.asLongBuffer().put(h);
    return bb.array();
  }

  /**
   * Every hash.
   *
   * @return sorted, distinct
   * @throws IOException if a part cannot be read back
   */
  long[] hashes() throws IOException {
    List<long[]> all = new ArrayList<>();
    int size = extra.length;
    for (int i = 0; i < parts.size(); i++) {
      long[] p = part(i);
      all.add(p);
      size += p.length;
    }
    long[] out = Arrays.copyOf(extra, size);
    int at = extra.length;
    for (long[] p : all) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return sortedDistinct(out, out.length);
  }

  /**
   * Whether a group is among these.
   *
   * @param hash the group's hash
   * @return true when present
   * @throws IOException if a part cannot be read back
   */
  boolean contains(long hash) throws IOException {
    if (Arrays.binarySearch(extra, hash) >= 0) {
      return true;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (Arrays.binarySearch(part(i), hash) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * These groups and more.
   *
   * @param more the hashes to add
   * @param n how many of them
   * @return the union
   */
  DedupGroups plus(long[] more, int n) {
    long[] all = Arrays.copyOf(extra, extra.length + n);
    System.arraycopy(more, 0, all, extra.length, n);
    return new DedupGroups(parts, sortedDistinct(all, all.length), loaded);
  }
}
