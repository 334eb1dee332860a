package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameAnswer;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An engine kept between index-only scans of one named file (a status line's transcript) whose appended lines
 * repeat calls already counted (the next lines of streamed responses, better or worse copies, copies of calls other
 * sessions' files hold, other tiers and variants), add new calls and new sessions: every answer equals a full scan's,
 * whether the index is saved in between or not.
 */
class StreamedAppendProperties {

  /** One line: which session (0-3), minute, output tokens, key (0-5), variant (0-1), tier (0-1). */
  record Line(int session, int minute, int out, int key, int variant, int tier) {
    String text() {
      String t = "2026-11-21T18:" + (minute < 10 ? "0" : "") + minute + ":00Z";
      return Lines.keyed("s" + session, t, out, "k" + key, "v" + variant, tier) + "\n";
    }
  }

  /** An append to a file (0 is the named one) and whether the scan after it may save the index. */
  record Step(int file, List<Line> lines, boolean save) {}

  @Provide
  Arbitrary<Line> lines() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 59),
        Arbitraries.integers().between(1, 60), Arbitraries.integers().between(0, 5),
        Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 1)).as(Line::new);
  }

  @Provide
  Arbitrary<List<Line>> history() {
    return lines().list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.frequency(net.jqwik.api.Tuple.of(6, 0), net.jqwik.api.Tuple.of(1, 1)),
        lines().list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false)).as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 120)
  void everyAnswerEqualsAFullScan(
      @ForAll("history") List<Line> named, @ForAll("history") List<Line> other, @ForAll("steps") List<Step> steps)
      throws IOException {
    Path home = Files.createTempDirectory("cream-streamed-prop");
    try {
      Path[] files = {home.resolve(".fake/p/a.jsonl"), home.resolve(".fake/q/b.jsonl")};
      for (Path f : files) {
        Files.createDirectories(f.getParent());
      }
      write(files[0], named);
      write(files[1], other);
      cream(home).build().scan();
      Cream kept = cream(home).build();
      for (Step s : steps) {
        write(files[s.file()], s.lines());
        if (s.file() != 0) {
          assertSameAnswer(full(home), kept.scan()); // another file changed: a normal scan catches up
          continue;
        }
        IndexedScan r = kept.scanFromIndex(List.of(files[0]), s.save() ? Duration.ZERO : Duration.ofHours(1));
        assertSameAnswer(full(home), r.snapshot());
      }
      assertSameAnswer(full(home), cream(home).build().scan());
    } finally {
      TestFiles.deleteTree(home);
    }
  }

  private static void write(Path file, List<Line> lines) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines) {
      sb.append(l.text());
    }
    Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
