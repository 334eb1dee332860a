package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A scan that puts each file's records in the index's data file as soon as the file is read, and then deduplicates
 * and folds them one file at a time, gives exactly what the scan that holds every record in memory gives: on random
 * histories whose calls are copied across files (other tiers, other variants, other times and token counts), before
 * and after files are deleted, rewritten and added.
 */
class SpillProperties {

  private static final ZoneId ZONE = ZoneId.of("America/New_York");

  @Provide
  Arbitrary<String> line() {
    Arbitrary<Integer> session = Arbitraries.integers().between(0, 3);
    Arbitrary<String> time =
        Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 59))
            .as((h, s) -> "2026-11-" + (19 + h) + "T" + (h % 2 == 0 ? "03" : "22") + ":00:" + (s < 10 ? "0" : "") + s
                + "Z");
    Arbitrary<String> keyed =
        Combinators.combine(
                session, time, Arbitraries.integers().between(1, 40), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 1))
            .as((s, t, out, k, v, tier) -> Lines.keyed("s" + s, t, out, "msg" + k, "req" + v, tier));
    Arbitrary<String> plain =
        Combinators.combine(session, time, Arbitraries.integers().between(0, 300))
            .as((s, t, n) -> Lines.call("s" + s, t, n, n / 3));
    Arbitrary<String> garbage = Arbitraries.of("{\"t\":", "{\"t\":\"bad time\"}", "", "not json");
    return Arbitraries.frequencyOf(Tuple.of(8, keyed), Tuple.of(3, plain), Tuple.of(1, garbage));
  }

  @Provide
  Arbitrary<List<List<String>>> files() {
    return line().list().ofMaxSize(12).list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<Set<Integer>> some() {
    return Arbitraries.integers().between(0, 5).set().ofMaxSize(3);
  }

  @Property(tries = 150)
  void spilledScansEqualInMemoryScans(
      @ForAll("files") List<List<String>> files, @ForAll("some") Set<Integer> deleted,
      @ForAll("some") Set<Integer> rewritten, @ForAll("files") List<List<String>> other) throws IOException {
    Path home = Files.createTempDirectory("cream-spill-prop");
    try {
      Path root = Files.createDirectories(home.resolve(".fake"));
      for (int i = 0; i < files.size(); i++) {
        write(root, i, files.get(i), 0);
      }
      Path spilledIndex = home.resolve("spilled");
      Path memoryIndex = home.resolve("memory");
      Cream spilling = cream(home).indexDirectory(spilledIndex).spillAbove(0).parallelism(2).build();
      Cream inMemory = cream(home).indexDirectory(memoryIndex).build();

      UsageSnapshot cold = spilling.scan();
      assertTrue(Files.exists(spilledIndex.resolve("scan-index-v2.bin")));
      assertEquals(1, dataFiles(spilledIndex), "the spill file is the index's data file: nothing copied");
      assertSame(full(home), cold);
      assertSame(inMemory.scan(), cold);
      // a fresh process on the index the spilled scan saved: the saved answer, then the records from the sections
      assertSame(full(home), cream(home).indexDirectory(spilledIndex).build().scan());

      // most files change: some deleted (their records kept from the index), some rewritten, new ones added
      for (int i : deleted) {
        if (i < files.size()) {
          Files.delete(root.resolve("f" + i + ".jsonl"));
        }
      }
      for (int i : rewritten) {
        if (i < files.size() && !deleted.contains(i) && i < other.size()) {
          write(root, i, other.get(i), 1);
        }
      }
      for (int i = 0; i < other.size(); i++) {
        write(root, 10 + i, other.get(i), 1);
      }
      UsageSnapshot again = spilling.scan();
      assertSame(inMemory.scan(), again);
      assertEquals(1, dataFiles(spilledIndex), "a later spill appends to the data file");
      assertSame(inMemory.scan(), cream(home).indexDirectory(spilledIndex).spillAbove(0).build().scan());

      // forgotten deleted files: exactly a full scan again
      spilling.forgetMissingFiles();
      assertSame(full(home), cream(home).indexDirectory(spilledIndex).spillAbove(0).build().scan());
    } finally {
      TestFiles.deleteTree(home);
    }
  }

  private static long dataFiles(Path index) throws IOException {
    try (Stream<Path> s = Files.list(index)) {
      return s.filter(p -> p.getFileName().toString().startsWith("scan-index-v2.data-")).count();
    }
  }

  private static void write(Path root, int i, List<String> lines, int phase) throws IOException {
    Path file = root.resolve("d" + (i % 2)).resolve("f" + i + ".jsonl");
    if (i < 10) {
      file = root.resolve("f" + i + ".jsonl");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T12:00:00Z").plusSeconds(phase)));
  }

  /** Everything a report can show, and the counters. */
  private static void assertSame(UsageSnapshot expected, UsageSnapshot actual) {
    assertEquals(expected.daily(ZoneOffset.UTC), actual.daily(ZoneOffset.UTC), "days");
    assertEquals(expected.daily(ZONE), actual.daily(ZONE), "days elsewhere");
    for (Dimension d : Dimension.values()) {
      assertEquals(expected.by(d), actual.by(d), "by " + d);
    }
    assertEquals(expected.stats().retainedFromMissingFiles(), actual.stats().retainedFromMissingFiles(), "retained");
    assertSameResult(expected, actual);
  }
}
