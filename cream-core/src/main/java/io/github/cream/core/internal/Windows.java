package io.github.cream.core.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The two windows of a file that the scan index fingerprints to notice a file rewritten in place: the head (the
 * first {@value #SIZE} bytes, or fewer when fewer were consumed) and the tail (the last {@value #SIZE} bytes before
 * the consumed offset). Both only ever cover bytes that were already there at the last scan, so an append leaves
 * them unchanged and a rewrite almost surely changes one of them.
 *
 * <p>The {@link FileScanner} fills the windows from the very bytes it frames, so the fingerprints always describe
 * the content the records were read from, even if the file changes while it is read. Not thread-safe.
 */
public final class Windows {

  /** The size of each window. */
  public static final int SIZE = 4096;

  private final byte[] head = new byte[SIZE];
  private int headFilled;
  private final Ring tail = new Ring();
  private Ring pending;
  private byte[] scratch;
  private boolean tailValid = true;

  /** Empty windows, for a file read from its start. */
  public Windows() {}

  /**
   * Empties the windows for another file read from its start (a scanner reuses one instance from file to file).
   *
   * @return these windows
   */
  public Windows reset() {
    headFilled = 0;
    tail.clear();
    if (pending != null) {
      pending.clear();
    }
    tailValid = true;
    return this;
  }

  /** The last bytes fed to it. */
  private static final class Ring {
    final byte[] bytes = new byte[SIZE];
    int length;
    int next;

    void feed(byte[] b, int off, int n) {
      if (n >= SIZE) {
        System.arraycopy(b, off + n - SIZE, bytes, 0, SIZE);
        length = SIZE;
        next = 0;
        return;
      }
      for (int i = 0; i < n; ) {
        int chunk = Math.min(n - i, SIZE - next);
        System.arraycopy(b, off + i, bytes, next, chunk);
        next = (next + chunk) % SIZE;
        i += chunk;
      }
      length = Math.min(SIZE, length + n);
    }

    void feed(Ring other) {
      byte[] ordered = other.ordered();
      feed(ordered, 0, ordered.length);
    }

    byte[] ordered() {
      byte[] out = new byte[length];
      copyOrdered(out);
      return out;
    }

    /** Copies the bytes, oldest first, to the start of {@code out}; returns how many. */
    int copyOrdered(byte[] out) {
      int start = (next - length + SIZE) % SIZE;
      int first = Math.min(length, SIZE - start);
      System.arraycopy(bytes, start, out, 0, first);
      System.arraycopy(bytes, 0, out, first, length - first);
      return length;
    }

    void clear() {
      length = 0;
      next = 0;
    }
  }

  /**
   * Reads the windows of a file as they were at an earlier consumed offset, to check them against stored
   * fingerprints before resuming.
   *
   * @param file the file
   * @param consumed the consumed offset of the earlier scan
   * @return the windows, ready to continue from {@code consumed}
   * @throws IOException if the file cannot be read or is shorter than {@code consumed}
   */
  public static Windows readAt(Path file, long consumed) throws IOException {
    Windows w = new Windows();
    int headLen = (int) Math.min(SIZE, consumed);
    int tailLen = (int) Math.min(SIZE, consumed);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] h = readFully(ch, 0, headLen);
      System.arraycopy(h, 0, w.head, 0, headLen);
      w.headFilled = headLen;
      byte[] t = consumed - tailLen == 0 ? h : readFully(ch, consumed - tailLen, tailLen);
      w.tail.feed(t, 0, tailLen);
    }
    return w;
  }

  /**
   * How many bytes {@link #readAt} reads for a consumed offset.
   *
   * @param consumed the consumed offset
   * @return the bytes read
   */
  public static long readCost(long consumed) {
    long n = Math.min(SIZE, consumed);
    return consumed <= SIZE ? n : 2 * n;
  }

  private static byte[] readFully(FileChannel ch, long position, int n) throws IOException {
    byte[] out = new byte[n];
    ChannelIo.readFully(ch, out, 0, n, position, "the file is shorter than it was");
    return out;
  }

  /**
   * Bytes read from the file at an offset, whether or not they end up consumed: the head takes those below
   * {@value #SIZE}.
   *
   * @param fileOffset the offset of {@code b[off]} in the file
   * @param b the buffer
   * @param off where the bytes start
   * @param n how many
   */
  void read(long fileOffset, byte[] b, int off, int n) {
    if (fileOffset >= SIZE || fileOffset > headFilled || n <= 0) {
      return;
    }
    int at = (int) fileOffset;
    int skip = headFilled - at;
    int count = Math.min(n - skip, SIZE - headFilled);
    if (count > 0) {
      System.arraycopy(b, off + skip, head, headFilled, count);
      headFilled += count;
    }
  }

  /**
   * Bytes now consumed (complete lines), in file order.
   *
   * @param b the buffer
   * @param off where they start
   * @param n how many
   */
  void consumed(byte[] b, int off, int n) {
    if (n > 0) {
      tail.feed(b, off, n);
    }
  }

  /**
   * Bytes of a line too long to keep, dropped before its end was found: they become consumed only if the line
   * ends.
   *
   * @param b the buffer
   * @param off where they start
   * @param n how many
   */
  void dropped(byte[] b, int off, int n) {
    if (n > 0) {
      if (pending == null) {
        pending = new Ring();
      }
      pending.feed(b, off, n);
    }
  }

  /** The too-long line whose bytes were {@linkplain #dropped dropped} has ended: they are consumed. */
  void droppedLineEnded() {
    if (pending != null) {
      tail.feed(pending);
      pending.clear();
    }
  }

  /** Marks the tail fingerprint unknown (a reader that cannot follow the bytes). */
  void invalidateTail() {
    tailValid = false;
  }

  /**
   * The head fingerprint for a consumed offset.
   *
   * @param consumed the offset after the last complete line
   * @return the fingerprint of the first {@code min(SIZE, consumed)} bytes
   */
  public long headHash(long consumed) {
    int n = (int) Math.min(Math.min(SIZE, consumed), headFilled);
    return hash(head, 0, n);
  }

  /**
   * Whether the tail fingerprint is known.
   *
   * @return false when the bytes before the consumed offset could not be followed
   */
  public boolean tailValid() {
    return tailValid;
  }

  /**
   * The tail fingerprint.
   *
   * @return the fingerprint of the last {@code min(SIZE, consumed)} consumed bytes
   */
  public long tailHash() {
    if (scratch == null) {
      scratch = new byte[SIZE];
    }
    return hash(scratch, 0, tail.copyOrdered(scratch));
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * A 64-bit fingerprint of some bytes and their length: each eight-byte word folded in with a multiply and a
   * shift, then the SplitMix64 finaliser. It detects rewrites, not attackers (whoever can rewrite a transcript can
   * write any record anyway); a cryptographic digest cost more than the rest of an unchanged file's check.
   *
   * @param b the bytes
   * @param off where they start
   * @param n how many
   * @return the fingerprint
   */
  static long hash(byte[] b, int off, int n) {
    long h = 0x9E3779B97F4A7C15L ^ n;
    int i = off;
    int end = off + n;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      h = (h ^ (long) LONGS.get(b, i)) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    long last = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      last |= (b[i] & 0xffL) << shift;
    }
    h = (h ^ last) * 0x94D049BB133111EBL;
    h ^= h >>> 30;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 27;
    h *= 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }
}
