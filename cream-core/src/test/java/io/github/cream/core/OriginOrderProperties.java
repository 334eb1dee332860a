package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Origin;
import java.nio.file.Path;
import java.util.Comparator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link Origin}'s order: the file's text, then the byte offset, then the line; a shared path instance or not. */
class OriginOrderProperties {

  private static final String[] FILES = {"/a/x.jsonl", "/a/x.jsonl2", "/a/y.jsonl", "/b", "/a/\u00e9.jsonl"};
  private static final Path SHARED = Path.of(FILES[0]);

  private static final Comparator<Origin> REFERENCE =
      Comparator.comparing((Origin o) -> o.file().toString())
          .thenComparingLong(Origin::byteOffset)
          .thenComparingLong(Origin::line);

  private static Origin origin(int file, int line, int offset) {
    Path p = file < 0 ? SHARED : Path.of(FILES[file]); // the first file both as one shared instance and as copies
    return new Origin(p, line, offset);
  }

  @Property(tries = 2000)
  void ordersAsTheFileTextThenOffsetThenLine(
      @ForAll @IntRange(min = -1, max = 4) int fa, @ForAll @IntRange(min = 1, max = 3) int la,
      @ForAll @IntRange(min = 0, max = 2) int oa,
      @ForAll @IntRange(min = -1, max = 4) int fb, @ForAll @IntRange(min = 1, max = 3) int lb,
      @ForAll @IntRange(min = 0, max = 2) int ob) {
    Origin a = origin(fa, la, oa);
    Origin b = origin(fb, lb, ob);
    assertEquals(Integer.signum(REFERENCE.compare(a, b)), Integer.signum(a.compareTo(b)));
    assertEquals(-Integer.signum(a.compareTo(b)), Integer.signum(b.compareTo(a)));
  }
}
