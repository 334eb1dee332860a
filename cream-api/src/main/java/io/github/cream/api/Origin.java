package io.github.cream.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a record was read: a file and the line in it.
 *
 * <p>Origins are ordered by file path and then by byte offset. The engine uses that order to break ties
 * deterministically, so results never depend on which thread finished first.
 *
 * @param file the file
 * @param line 1-based line number
 * @param byteOffset offset in bytes of the start of the line
 */
public record Origin(Path file, long line, long byteOffset) implements Comparable<Origin> {

  /**
   * Validates the components.
   *
   * @param file the file
   * @param line 1-based line number
   * @param byteOffset byte offset of the line
   */
  public Origin {
    Objects.requireNonNull(file, "file");
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1-based, was " + line);
    }
    if (byteOffset < 0) {
      throw new IllegalArgumentException("byteOffset must not be negative, was " + byteOffset);
    }
  }

  @Override
  public int compareTo(Origin other) {
    // by the file's text (not compared again for the same path instance: the lines of one file share it), then
    // byte offset, then line
    if (file != other.file) {
      int c = file.toString().compareTo(other.file.toString());
      if (c != 0) {
        return c;
      }
    }
    int c = Long.compare(byteOffset, other.byteOffset);
    return c != 0 ? c : Long.compare(line, other.line);
  }
}
