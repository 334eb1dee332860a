package io.github.cream.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Byte searches for the cheap pre-filters of {@link LineParser#wants(LineView)}: finding out whether a line can
 * matter at all costs a scan of its bytes, without decoding it or parsing it as JSON.
 *
 * <pre>{@code
 * private static final byte[] USAGE = Bytes.ascii("\"usage\"");
 * public boolean wants(LineView line) { return line.contains(USAGE); }
 * }</pre>
 */
public final class Bytes {

  private Bytes() {}

  /**
   * The bytes of an ASCII string, to use as a needle.
   *
   * @param text ASCII text
   * @return its bytes
   * @throws IllegalArgumentException if {@code text} is empty or not ASCII
   */
  public static byte[] ascii(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("needle must not be empty");
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        throw new IllegalArgumentException("needle must be ASCII");
      }
    }
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The first position of {@code needle} in {@code buffer[from, to)}.
   *
   * @param buffer the bytes to search
   * @param from first index searched, inclusive
   * @param to last index searched, exclusive
   * @param needle what to find, non-empty
   * @return the index of its first byte, or -1
   */
  public static int indexOf(byte[] buffer, int from, int to, byte[] needle) {
    Objects.checkFromToIndex(from, to, buffer.length);
    int n = needle.length;
    if (n == 0) {
      throw new IllegalArgumentException("needle must not be empty");
    }
    byte first = needle[0];
    int last = to - n;
    for (int i = from; i <= last; i++) {
      i = find(buffer, i, last + 1, first);
      if (i < 0) {
        return -1;
      }
      int j = 1;
      while (j < n && buffer[i + j] == needle[j]) {
        j++;
      }
      if (j == n) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first position of a byte in {@code buffer[from, to)}, eight bytes at a time.
   *
   * @param buffer the bytes to search
   * @param from first index searched, inclusive
   * @param to last index searched, exclusive
   * @param value the byte to find
   * @return its index, or -1
   */
  public static int indexOf(byte[] buffer, int from, int to, byte value) {
    Objects.checkFromToIndex(from, to, buffer.length);
    return find(buffer, from, to, value);
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * The search of {@link #indexOf(byte[], int, int, byte)} without the bounds check: a zero-byte test on each
   * little-endian word XOR the repeated byte; the lowest flagged byte is the first match (a borrow can only flag
   * bytes above a real match). The scan's inner loop: every byte of every file goes through it.
   */
  private static int find(byte[] buffer, int from, int to, byte value) {
    long pattern = (value & 0xffL) * LOW_BITS;
    int i = from;
    for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
      long x = (long) LONGS.get(buffer, i) ^ pattern;
      long found = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buffer[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether {@code needle} occurs in {@code buffer[from, to)}.
   *
   * @param buffer the bytes to search
   * @param from first index searched, inclusive
   * @param to last index searched, exclusive
   * @param needle what to find, non-empty
   * @return true if found
   */
  public static boolean contains(byte[] buffer, int from, int to, byte[] needle) {
    return indexOf(buffer, from, to, needle) >= 0;
  }
}
