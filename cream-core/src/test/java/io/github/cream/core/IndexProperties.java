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
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The scan index's central promise: whatever happens to the files between scans (appends cut at any byte, mid-line
 * included; rewrites in place; replacement by rename; truncation), a scan through the index gives exactly what a
 * full scan without it gives; files that disappear keep counting until forgotten.
 */
class IndexProperties {

  /** What happens to a file at some phase. */
  enum Change {
    /** It only grows. */
    GROW,
    /** Rewritten in place with other content (same inode, a later modification time). */
    REWRITE,
    /** Replaced by another file renamed over it (a new inode). */
    REPLACE,
    /** Truncated to a prefix of what it was, then grows with other content. */
    TRUNCATE
  }

  /**
   * One file's history.
   *
   * @param lines its content, one entry per line
   * @param other the content it changes to
   * @param change what happens at {@code changeAt}
   * @param changeAt the phase of the change
   * @param cuts per phase, how much of the content exists, in thousandths (the last phase always has it all)
   * @param newline whether the content ends with a newline once complete
   */
  record FileHistory(
      List<String> lines, List<String> other, Change change, int changeAt, List<Integer> cuts, boolean newline) {

    String content(List<String> ls) {
      return String.join("\n", ls) + (newline && !ls.isEmpty() ? "\n" : "");
    }

    /**
     * The file's bytes at each phase: a growing prefix of {@code lines} (cut anywhere, mid-line included; a later
     * cut may also be shorter), then from {@code changeAt} on a growing prefix of {@code other}, rewritten or
     * renamed over it, or kept behind a truncated half of what was there. The last phase has everything.
     */
    List<byte[]> phases(int n) {
      byte[] a = content(lines).getBytes(StandardCharsets.UTF_8);
      byte[] b = content(other).getBytes(StandardCharsets.UTF_8);
      List<byte[]> out = new ArrayList<>();
      byte[] kept = null;
      for (int phase = 0; phase < n; phase++) {
        int cut = phase == n - 1 ? 1000 : cuts.get(Math.min(phase, cuts.size() - 1));
        if (change == Change.GROW || phase < changeAt) {
          out.add(prefix(a, cut));
        } else if (change == Change.TRUNCATE) {
          if (kept == null) {
            kept = prefix(phase == 0 ? a : out.get(phase - 1), 500);
          }
          byte[] grown = prefix(b, cut);
          byte[] c = java.util.Arrays.copyOf(kept, kept.length + grown.length);
          System.arraycopy(grown, 0, c, kept.length, grown.length);
          out.add(c);
        } else {
          out.add(prefix(b, cut));
        }
      }
      return out;
    }

    static byte[] prefix(byte[] b, int permille) {
      return java.util.Arrays.copyOf(b, (int) ((long) b.length * permille / 1000));
    }
  }

  @Provide
  Arbitrary<String> line() {
    Arbitrary<Integer> second = Arbitraries.integers().between(0, 59);
    Arbitrary<Integer> session = Arbitraries.integers().between(0, 3);
    Arbitrary<String> plain =
        Combinators.combine(session, second, Arbitraries.integers().between(0, 500))
            .as((s, sec, n) -> Lines.call("s" + s, time(sec), n, n / 3));
    Arbitrary<String> keyed =
        Combinators.combine(
                session, second, Arbitraries.integers().between(1, 400), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 1))
            .as((s, sec, out, k, v, tier) -> Lines.keyed("s" + s, time(sec), out, "msg" + k, "req" + v, tier));
    Arbitrary<String> facts =
        Combinators.combine(session, second, Arbitraries.strings().alpha().ofMaxLength(8))
            .as((s, sec, t) -> "{\"s\":\"s" + s + "\",\"t\":\"" + time(sec) + "\",\"in\":2,\"title\":\"T" + t
                + "\",\"cwd\":\"/w/p" + s + "\",\"prompt\":\"" + "x".repeat(sec * 7) + "\"}");
    Arbitrary<String> garbage =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30).map(x -> x.replace('\n', ' ')),
            Arbitraries.just("{\"t\":"),
            Arbitraries.just("{\"t\":\"bad time\"}"),
            Arbitraries.just(""),
            Arbitraries.just("\r"));
    return Arbitraries.frequencyOf(
        Tuple.of(4, plain), Tuple.of(4, keyed), Tuple.of(2, facts), Tuple.of(2, garbage));
  }

  private static String time(int second) {
    return "2026-11-20T10:00:" + (second < 10 ? "0" : "") + second + "Z";
  }

  @Provide
  Arbitrary<FileHistory> file() {
    Arbitrary<List<String>> lines = line().list().ofMaxSize(10);
    Arbitrary<List<Integer>> cuts = Arbitraries.integers().between(0, 1000).list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(
            lines, lines, Arbitraries.of(Change.class), Arbitraries.integers().between(1, 3), cuts,
            Arbitraries.of(true, true, true, false))
        .as(FileHistory::new);
  }

  @Property(tries = 120)
  void incrementalScansEqualFullScansAtEveryPhase(
      @ForAll("files") List<FileHistory> files) throws IOException {
    Path home = Files.createTempDirectory("cream-index-prop");
    try {
      Path root = Files.createDirectories(home.resolve(".fake"));
      int phases = 4;
      Cream indexed = cream(home).parallelism(2).build();
      byte[][] written = new byte[files.size()][];
      List<List<byte[]>> contents = files.stream().map(f -> f.phases(phases)).toList();
      for (int phase = 0; phase < phases; phase++) {
        for (int i = 0; i < files.size(); i++) {
          FileHistory f = files.get(i);
          byte[] content = contents.get(i).get(phase);
          if (written[i] != null && java.util.Arrays.equals(written[i], content)) {
            continue; // untouched: its metadata stays the same
          }
          Path file = root.resolve("d" + (i % 2)).resolve("f" + i + ".jsonl");
          Files.createDirectories(file.getParent());
          boolean changing = f.change() != Change.GROW && phase == f.changeAt();
          if (changing && f.change() == Change.REPLACE) {
            Path tmp = file.resolveSibling("f" + i + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          } else {
            Files.write(file, content);
          }
          // the clock moves on between phases, as it does between an agent's writes
          Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T12:00:00Z").plusSeconds(phase)));
          written[i] = content;
        }
        UsageSnapshot incremental = indexed.scan();
        assertSameResult(full(home), incremental);
        // a new process on the index as saved: nothing changed since, so the saved answer, no entry decoded
        Cream fresh = cream(home).parallelism(2).build();
        assertSameResult(full(home), fresh.scan());
        assertEquals(1, fresh.unchangedScans());
      }
      // and once more with nothing changed: nothing is read
      UsageSnapshot again = indexed.scan();
      assertEquals(0, again.stats().filesRead());
      assertEquals(0, again.stats().bytesRead());
      assertSameResult(full(home), again);
    } finally {
      TestFiles.deleteTree(home);
    }
  }

  @Provide
  Arbitrary<List<FileHistory>> files() {
    return file().list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 60)
  void deletedFilesKeepCountingUntilForgotten(
      @ForAll("files") List<FileHistory> files, @ForAll("deletions") Set<Integer> deleted) throws IOException {
    Path home = Files.createTempDirectory("cream-index-prop");
    try {
      Path root = Files.createDirectories(home.resolve(".fake"));
      List<Path> paths = writeComplete(root, files);
      Cream indexed = cream(home).build();
      UsageSnapshot before = indexed.scan();
      Set<Path> gone = new HashSet<>();
      for (int i : deleted) {
        if (i < paths.size()) {
          Files.delete(paths.get(i));
          gone.add(paths.get(i));
        }
      }
      UsageSnapshot after = indexed.scan();
      assertEquals(before.records(), after.records(), "deleting files keeps every record");
      assertEquals(before.totals(), after.totals());
      long fromGone = before.records().stream().filter(p -> gone.contains(p.record().origin().file())).count();
      assertEquals(fromGone, after.stats().retainedFromMissingFiles());
      assertEquals(0, after.stats().bytesRead());
      boolean retainedDiagnostic = after.diagnostics().stream().anyMatch(d -> d.code().equals("cream.index.retained"));
      assertEquals(!gone.isEmpty(), retainedDiagnostic);
      // a fresh instance on the same index sees the same history
      assertEquals(before.totals(), cream(home).build().scan().totals());

      assertEquals(gone.size(), indexed.forgetMissingFiles());
      UsageSnapshot forgotten = indexed.scan();
      assertSameResult(full(home), forgotten);
      assertEquals(0, forgotten.stats().retainedFromMissingFiles());
      assertTrue(forgotten.diagnostics().stream().noneMatch(d -> d.code().equals("cream.index.retained")));
    } finally {
      TestFiles.deleteTree(home);
    }
  }

  @Property(tries = 60)
  void aDamagedIndexFallsBackToThePreviousGenerationAndLosesNothing(
      @ForAll("files") List<FileHistory> files, @ForAll("deletions") Set<Integer> deleted,
      @ForAll @IntRange(min = 0, max = 1_000_000) int offset, @ForAll boolean truncate) throws IOException {
    Path home = Files.createTempDirectory("cream-index-prop");
    try {
      Path root = Files.createDirectories(home.resolve(".fake"));
      List<Path> paths = writeComplete(root, files);
      cream(home).build().scan(); // generation 1
      for (int i : deleted) {
        if (i < paths.size()) {
          Files.delete(paths.get(i));
        }
      }
      // an appended file, so that generation 2 is written and generation 1 kept
      Files.writeString(root.resolve("new.jsonl"), Lines.call("s9", "2026-11-20T10:00:00Z", 7, 1) + "\n");
      UsageSnapshot reference = cream(home).build().scan(); // generation 2
      List<PricedRecord> referenceRecords = reference.records(); // read before the damage
      Path index = home.resolve(".cache/cream/scan-index-v2.bin");
      byte[] b = Files.readAllBytes(index);
      int at = offset % b.length;
      long directory = java.nio.ByteBuffer.wrap(b).getLong(b.length - 32);
      if (!truncate && at >= 16 && at < directory) {
        // a file's record section: found when that section is read; the saved answer still counts it
        b[at] ^= (byte) (1 + offset % 255);
        Files.write(index, b);
        UsageSnapshot s = cream(home).build().scan();
        assertEquals(reference.totals(), s.totals(), "the saved answer is whole");
        assertEquals(reference.sessions(), s.sessions());
        return;
      }
      if (truncate) {
        b = java.util.Arrays.copyOf(b, at);
      } else {
        b[at] ^= (byte) (1 + offset % 255);
      }
      Files.write(index, b);

      UsageSnapshot s = cream(home).build().scan();
      assertTrue(s.diagnostics().stream().anyMatch(
          d -> d.code().equals("cream.index.corrupt") && d.message().contains("previous generation")),
          "the damage is reported and the previous generation used");
      assertEquals(referenceRecords, s.records(), "nothing is lost, nothing counted twice");
      assertEquals(reference.totals(), s.totals());
      assertEquals(reference.stats().retainedFromMissingFiles(), s.stats().retainedFromMissingFiles());
      UsageSnapshot next = cream(home).build().scan();
      assertTrue(next.diagnostics().stream().noneMatch(d -> d.code().equals("cream.index.corrupt")));
      assertEquals(referenceRecords, next.records());
    } finally {
      TestFiles.deleteTree(home);
    }
  }

  /** Writes each file's complete first content as {@code f<i>.jsonl}. */
  private static List<Path> writeComplete(Path root, List<FileHistory> files) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = root.resolve("f" + i + ".jsonl");
      FileHistory f = files.get(i);
      Files.writeString(file, f.content(f.lines()), StandardCharsets.UTF_8);
      paths.add(file);
    }
    return paths;
  }

  @Provide
  Arbitrary<Set<Integer>> deletions() {
    return Arbitraries.integers().between(0, 3).set().ofMaxSize(4);
  }
}
