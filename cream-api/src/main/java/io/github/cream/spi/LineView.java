package io.github.cream.spi;

import io.github.cream.api.Origin;
import java.nio.file.Path;

/**
 * One complete line of a log file, as the engine hands it to a {@link LineParser}: the bytes
 * {@code buffer()[start(), start() + length())}, without the line terminator.
 *
 * <p>A view is only valid during the call it is passed to; the engine reuses its buffer afterwards. Parse the
 * bytes in place (for example {@code jsonFactory.createParser(buffer(), start(), length())}) and keep no
 * reference to them.
 */
public interface LineView {

  /**
   * The buffer holding the line. Do not modify it and do not keep it.
   *
   * @return the engine's buffer
   */
  byte[] buffer();

  /**
   * Where the line starts in {@link #buffer()}.
   *
   * @return the index of its first byte
   */
  int start();

  /**
   * The line's length in bytes, without {@code \n} or {@code \r\n}.
   *
   * @return the length
   */
  int length();

  /**
   * The line's 1-based number in its file.
   *
   * @return the line number
   */
  long number();

  /**
   * The offset in the file of the line's first byte.
   *
   * @return the byte offset
   */
  long byteOffset();

  /**
   * The file the line belongs to.
   *
   * @return the file
   */
  Path file();

  /**
   * Where this line is, for {@link io.github.cream.api.UsageRecord#origin()}.
   *
   * @return the origin
   */
  default Origin origin() {
    return new Origin(file(), number(), byteOffset());
  }

  /**
   * Whether the line contains a byte sequence; the cheap test behind {@link LineParser#wants(LineView)}.
   *
   * @param needle the bytes, for example from {@link Bytes#ascii(String)}
   * @return true if found
   */
  default boolean contains(byte[] needle) {
    return Bytes.contains(buffer(), start(), start() + length(), needle);
  }
}
