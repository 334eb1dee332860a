package io.github.cream.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * The bytes of {@link DirectoryListings}: a magic, a version, the count, each directory (its path, key, modification
 * time, when it was listed, its names), and a CRC32C of all before it. Lengths are big-endian 32-bit numbers before
 * each text; times are 64-bit.
 *
 * <p>Read listings stay in their bytes: a directory's listing is decoded when a walk asks for it (on the thread that
 * walks it), found through a table of the hashes of the directories' paths, so reading the file makes one object per
 * file, not one per name.
 */
final class ListingsCodec {

  private static final byte[] MAGIC = "CREAMLST".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private ListingsCodec() {}

  /**
   * Encodes listings as they are written: through a buffer of its own, the checksum taken on the way, never the
   * whole encoding in memory.
   *
   * @param listings the listings
   * @param to where the bytes go (not closed)
   * @return how many bytes were written
   * @throws IOException if writing fails
   */
  static long encode(DirectoryListings listings, java.io.OutputStream to) throws IOException {
    Out out = new Out(to);
    out.write(MAGIC, 0, MAGIC.length);
    out.u32(VERSION);
    out.u32(listings.size());
    IOException[] failed = {null};
    listings.forEach((directory, l) -> {
      if (failed[0] == null) {
        try {
          out.text(directory);
          out.text(l.key() == null ? "" : l.key());
          out.u64(l.mtimeNanos());
          out.u64(l.listedAtNanos());
          out.u32(l.names().length);
          for (String n : l.names()) {
            out.text(n);
          }
        } catch (IOException e) {
          failed[0] = e;
        }
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
    out.flush(); // every byte so far in the checksum
    out.u32((int) out.crc.getValue());
    out.flush();
    return out.written;
  }

  /** A buffer in front of a stream, with the checksum of what went through it. */
  private static final class Out {
    private final java.io.OutputStream to;
    private final byte[] buf = new byte[1 << 16];
    private int count;
    final CRC32C crc = new CRC32C();
    long written;

    Out(java.io.OutputStream to) {
      this.to = to;
    }

    void write(byte[] b, int off, int len) throws IOException {
      if (len > buf.length - count) {
        flush();
        if (len > buf.length) {
          crc.update(b, off, len);
          to.write(b, off, len);
          written += len;
          return;
        }
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    /** Four bytes, big-endian, straight into the buffer. */
    void u32(int v) throws IOException {
      if (buf.length - count < 4) {
        flush();
      }
      buf[count] = (byte) (v >>> 24);
      buf[count + 1] = (byte) (v >>> 16);
      buf[count + 2] = (byte) (v >>> 8);
      buf[count + 3] = (byte) v;
      count += 4;
    }

    void u64(long v) throws IOException {
      u32((int) (v >>> 32));
      u32((int) v);
    }

    /** A text: its UTF-8 length, then its bytes. */
    void text(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u32(b.length);
      write(b, 0, b.length);
    }

    /** Hands what is buffered on, adding it to the checksum. */
    void flush() throws IOException {
      crc.update(buf, 0, count);
      to.write(buf, 0, count);
      written += count;
      count = 0;
    }
  }

  /**
   * Reads listings written by {@link #encode}: their structure is checked whole, each listing decoded when asked for.
   *
   * @param b the bytes (kept)
   * @return the listings
   * @throws IOException if they are not listings of this version, or are damaged
   */
  static DirectoryListings decode(byte[] b) throws IOException {
    if (b.length < MAGIC.length + 12 || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("not a file of directory listings");
    }
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    if ((int) crc.getValue() != new Reader(b, b.length - 4, b.length).u32()) {
      throw new IOException("the directory listings fail their checksum");
    }
    Reader in = new Reader(b, MAGIC.length, b.length - 4);
    if (in.u32() != VERSION) {
      throw new IOException("directory listings of another version");
    }
    int n = in.count();
    Encoded table = new Encoded(b, n);
    for (int i = 0; i < n; i++) {
      table.add(i, in); // a call per directory: compiled, where a loop body is interpreted
    }
    if (in.pos != in.end) {
      throw new IOException("the directory listings have trailing bytes");
    }
    return new DirectoryListings(table);
  }

  /**
   * Listings in their bytes, found by the hash of a directory's path: {@link String#hashCode} of its text (plain ASCII,
   * each byte is then its character), which the walk's path text keeps once computed.
   */
  private static final class Encoded implements DirectoryListings.Table {
    private final byte[] b;
    private final int[] records; // where each directory's record starts, in file order
    private final HashSlots byHash; // record numbers by their path's hash

    Encoded(byte[] b, int n) {
      this.b = b;
      this.records = new int[n];
      this.byHash = new HashSlots(n);
    }

    /** Checks record {@code i}'s structure, from where {@code in} is, and files it under its path's hash. */
    void add(int i, Reader in) throws IOException {
      records[i] = in.pos;
      int len = in.count();
      int h = 0; // String.hashCode over the bytes: plain ASCII, each byte is then its character
      for (int p = in.pos, end = in.pos + len; p < end; p++) {
        byte c = b[p];
        if (c < 0) {
          throw new IOException("the directory listings hold a path that is not plain ASCII");
        }
        h = 31 * h + c;
      }
      in.pos += len;
      in.skip(in.count()); // key
      in.u64(); // modification time
      in.u64(); // listed at
      int names = in.count();
      for (int j = 0; j < names; j++) {
        in.skip(in.count());
      }
      byHash.put(h, i);
    }

    @Override
    public int size() {
      return records.length;
    }

    @Override
    public DirectoryListings.Listing get(String directory) {
      int at = find(directory);
      return at < 0 ? null : listing(at, null);
    }

    @Override
    public DirectoryListings.Listing describing(String directory, String key, long mtimeNanos) {
      int at = find(directory);
      if (at < 0) {
        return null;
      }
      // the key and time compared in the bytes: only the listing of an unchanged directory is decoded
      int p = at + 4 + directory.length();
      int keyLength = u32(p);
      boolean sameKey = key == null ? keyLength == 0 : ascii(p + 4, keyLength, key);
      return sameKey && u64(p + 4 + keyLength) == mtimeNanos ? listing(at, key) : null;
    }

    /** Where the directory's record starts, or -1. */
    private int find(String directory) {
      int h = directory.hashCode(); // a path that is not plain ASCII is never found
      for (int s = byHash.first(h); s >= 0; s = byHash.next(s, h)) {
        int at = records[byHash.place(s)];
        if (names(at, directory)) {
          return at;
        }
      }
      return -1;
    }

    private int u32(int p) {
      return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    private long u64(int p) {
      return (long) u32(p) << 32 | (u32(p + 4) & 0xffffffffL);
    }

    /** Whether {@code n} bytes at {@code p} are the text's characters (every record was checked whole when read). */
    private boolean ascii(int p, int n, String text) {
      if (n != text.length()) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (b[p + i] != text.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    /** Whether the record at {@code at} is the directory's. */
    private boolean names(int at, String directory) {
      return ascii(at + 4, u32(at), directory);
    }

    /**
     * The listing of the record at {@code at}; null when a name in it could not be an entry's (a forged file).
     *
     * @param key the key the record holds, when the caller compared it (else it is decoded)
     */
    private DirectoryListings.Listing listing(int at, String key) {
      try {
        Reader in = new Reader(b, at, b.length - 4);
        in.skip(in.count()); // the directory
        String k;
        if (key != null) {
          in.skip(in.count());
          k = key;
        } else {
          k = in.text();
        }
        long mtime = in.u64();
        long listedAt = in.u64();
        String[] names = new String[in.count()];
        for (int j = 0; j < names.length; j++) {
          names[j] = name(in.text());
        }
        return new DirectoryListings.Listing(k.isEmpty() ? null : k, mtime, listedAt, names);
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public void forEach(BiConsumer<String, DirectoryListings.Listing> action) {
      for (int at : records) {
        DirectoryListings.Listing l = listing(at, null);
        if (l != null) {
          action.accept(new String(b, at + 4, u32(at), StandardCharsets.US_ASCII), l);
        }
      }
    }
  }

  /** A name that can only be one entry of a directory: never empty, a separator, NUL, "." or "..". */
  private static String name(String n) throws IOException {
    if (n.isEmpty() || n.indexOf('/') >= 0 || n.indexOf('\\') >= 0 || n.indexOf('\0') >= 0 || n.equals(".")
        || n.equals("..")) {
      throw new IOException("the directory listings hold an impossible name");
    }
    return n;
  }

  /** Reads what {@link #encode} wrote, every length checked against the bytes left. */
  private static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    int u32() throws IOException {
      if (end - pos < 4) {
        throw new IOException("the directory listings are truncated");
      }
      int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    long u64() throws IOException {
      return (long) u32() << 32 | (u32() & 0xffffffffL);
    }

    /** A length or count: never more than the bytes left. */
    int count() throws IOException {
      int n = u32();
      if (n < 0 || n > end - pos) {
        throw new IOException("the directory listings are inconsistent");
      }
      return n;
    }

    void skip(int n) {
      pos += n; // n came from count(): within the bytes
    }

    String text() throws IOException {
      int n = count();
      String s = new String(b, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
