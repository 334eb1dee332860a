package io.github.cream.spi;

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
      if (buffer[i] != first) {
        continue;
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
