package io.github.cream.api;

import java.nio.file.Path;
import java.util.Comparator;
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

  private static final Comparator<Origin> ORDER =
      Comparator.comparing((Origin o) -> o.file().toString())
          .thenComparingLong(Origin::byteOffset)
          .thenComparingLong(Origin::line);

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
    return ORDER.compare(this, other);
  }
}
