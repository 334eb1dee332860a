package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sections of the files a scan reads are written to the index's data file while the scan goes on (the records
 * staying in memory), and the save then writes only the head: the index is the same as one saved whole, sections
 * written before a scan fails are never referred to, and a scan without an index writes nothing.
 */
class SectionWriteAheadTest {

  @TempDir Path home;

  private Path dir() {
    return home.resolve(".cache/cream");
  }

  private void writeLogs(String prefix, int files, int linesEach) throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    for (int f = 0; f < files; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < linesEach; i++) {
        sb.append(Lines.keyed(prefix + f, "2026-11-20T10:00:" + (10 + i % 40) + "Z", 5 + i, "m" + (f % 3) + "-" + i,
                "r", 0))
            .append('\n');
      }
      Files.writeString(root.resolve(prefix + f + ".jsonl"), sb.toString());
    }
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.getFileName().toString().startsWith("scan-index-v2.data-")).sorted().toList();
    }
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** A scan after every log was deleted: every record must come from the index's sections. */
  private UsageSnapshot fromSectionsOnly() throws IOException {
    try (Stream<Path> s = Files.list(home.resolve(".fake"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    UsageSnapshot s = cream(home).build().scan();
    assertTrue(s.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")
        && d.severity() != Severity.INFO), () -> s.diagnostics().toString());
    return s;
  }

  @Test
  void aColdScanLeavesOneDataFileWhoseSectionsAFreshProcessReads() throws IOException {
    writeLogs("a", 24, 20);
    UsageSnapshot cold = cream(home).parallelism(2).build().scan();
    assertSameResult(full(home), cold);
    assertEquals(1, dataFiles().size(), "the sections written ahead are the index's");
    UsageSnapshot warm = cream(home).build().scan();
    assertEquals(0, warm.stats().filesRead());
    assertTrue(warm.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
    assertSameResult(full(home), warm);

    UsageSnapshot retained = fromSectionsOnly();
    assertEquals(cold.records(), retained.records());
    assertEquals(cold.totals(), retained.totals());
  }

  @Test
  void aLargelyChangedScanAppendsItsSectionsToTheDataFile() throws IOException {
    writeLogs("a", 12, 20);
    Cream same = cream(home).parallelism(2).build();
    same.scan();
    // most files change: new ones, and appended ones (their sections hold the earlier records too)
    writeLogs("b", 12, 30);
    try (Stream<Path> s = Files.list(home.resolve(".fake"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("a")).toList()) {
        Files.writeString(p, Lines.call("x", "2026-11-20T12:00:00Z", 3, 1) + "\n", StandardOpenOption.APPEND);
      }
    }
    UsageSnapshot changed = same.scan();
    assertSameResult(full(home), changed);
    assertEquals(1, dataFiles().size());
    Files.writeString(home.resolve(".fake/c.jsonl"), Lines.call("y", "2026-11-20T13:00:00Z", 4, 1) + "\n");
    UsageSnapshot again = same.scan(); // the same process, its sections placed by the last scan
    assertSameResult(full(home), again);

    UsageSnapshot retained = fromSectionsOnly();
    assertEquals(again.records(), retained.records());
    assertEquals(again.totals(), retained.totals());
  }

  @Test
  void bytesAfterTheLastSectionTheHeadNamesAreHarmless() throws IOException {
    writeLogs("a", 6, 10);
    cream(home).build().scan();
    Path data = dataFiles().get(0);
    Files.write(data, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, StandardOpenOption.APPEND); // an orphan tail
    UsageSnapshot s = cream(home).build().scan();
    assertEquals(0, s.stats().filesRead());
    assertTrue(s.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
    assertSameResult(full(home), s);
    assertEquals(full(home).records(), s.records());
  }

  /** A source whose parser fails beyond recovery on one file, which fails the scan. */
  static final class Failing extends FakeSource {
    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      if (file.file().getFileName().toString().startsWith("boom")) {
        throw new AssertionError("the scan fails here");
      }
      return super.openParser(file, resume);
    }
  }

  @Test
  void aScanThatFailsLeavesTheSavedIndexAsItWasAndItsSectionsUnreferred() throws IOException {
    writeLogs("a", 6, 10);
    cream(home).build().scan();
    Path index = dir().resolve("scan-index-v2.bin");
    byte[] head = Files.readAllBytes(index);
    Path data = dataFiles().get(0);
    byte[] saved = Files.readAllBytes(data);
    writeLogs("b", 30, 20);
    Files.writeString(home.resolve(".fake/boom.jsonl"), Lines.call("s", "2026-11-20T10:00:00Z", 1, 1) + "\n");
    Cream failing = Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(IndexFixtures.NOW, ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new Failing())
        .parallelism(2)
        .build();
    assertThrows(RuntimeException.class, failing::scan);
    assertArrayEquals(head, Files.readAllBytes(index), "the head is as it was");
    byte[] after = Files.readAllBytes(data);
    assertArrayEquals(saved, Arrays.copyOf(after, saved.length), "what the head names is as it was");

    Files.delete(home.resolve(".fake/boom.jsonl"));
    UsageSnapshot s = cream(home).parallelism(2).build().scan(); // the lock was released
    assertTrue(s.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
    assertSameResult(full(home), s);
    UsageSnapshot fresh = cream(home).build().scan();
    assertEquals(0, fresh.stats().filesRead());
    assertSameResult(full(home), fresh);
  }

  @Test
  void aScanWithoutTheIndexWritesNothing() throws IOException {
    writeLogs("a", 8, 10);
    UsageSnapshot s = cream(home).noIndex().parallelism(2).build().scan();
    assertSameResult(full(home), s);
    assertFalse(Files.exists(home.resolve(".cache")), "no index directory, no data file");
  }

  @Test
  void aScanOfAnIndexThatCannotBeWrittenWritesNothing() throws IOException {
    writeLogs("a", 4, 10);
    cream(home).build().scan();
    List<String> before = names();
    byte[] data = Files.readAllBytes(dataFiles().get(0));
    writeLogs("b", 8, 10);
    try (var ch = java.nio.channels.FileChannel.open(dir().resolve("scan-index.lock"), StandardOpenOption.WRITE);
        var lock = ch.lock()) {
      UsageSnapshot s = cream(home).indexLockTimeout(java.time.Duration.ZERO).parallelism(2).build().scan();
      assertTrue(s.diagnostics().stream().anyMatch(d -> d.code().equals("cream.index.busy")));
      assertSameResult(full(home), s);
      assertTrue(lock.isValid());
    }
    assertEquals(before, names(), "no file was added");
    assertArrayEquals(data, Files.readAllBytes(dataFiles().get(0)), "nothing was appended");
  }
}
