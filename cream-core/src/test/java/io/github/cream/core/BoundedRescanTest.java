package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.append;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rescan that must combine every call again (a changed file whose calls may be copies of calls of other files)
 * folds the calls of the files that did not change one file at a time, as a first scan that spilled does: a heap
 * that cannot hold the history's calls decoded still reports the history exactly, from its index.
 */
class BoundedRescanTest {

  private static final int FILES = 400;
  private static final int CALLS = 150;
  /** A heap that holds the index's directory and one file's calls at a time, not 60,000 calls decoded at once. */
  private static final String HEAP = System.getProperty("heap", "-Xmx48m");

  @TempDir Path home;

  private static String time(int i) {
    return "2026-11-" + (10 + i % 10) + "T" + (10 + i % 12) + ":" + (10 + i % 50) + ":00Z";
  }

  private static String call(int file, int i) {
    return Lines.keyed("s" + file, time(i), 10 + i, "m" + file + "-" + i, "r", 0);
  }

  @Test
  void aCopiedCallInAHistoryLargerThanTheHeapIsCombinedOneFileAtATime() throws Exception {
    Path root = Files.createDirectories(home.resolve(".fake"));
    for (int f = 0; f < FILES; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < CALLS; i++) {
        sb.append(call(f, i)).append('\n');
      }
      append(root.resolve("p" + (f % 10) + "/l" + f + ".jsonl"), sb.toString());
    }
    cream(home).build().scan(); // the index, saved by a process with room to spare

    // a copy of another file's call: its group is not new, so every call is combined again
    append(root.resolve("p0/l0.jsonl"), call(1, 3) + "\n");
    UsageSnapshot whole = full(home);
    assertEquals(1, whole.stats().duplicatesDropped());
    assertEquals(expected(whole), child("totals"),
        "the rescan in a small heap: exact, from the index, nothing refused");

    append(root.resolve("p1/l1.jsonl"), call(2, 4) + "\n"); // and again, from the index that rescan saved
    assertEquals(expected(full(home)), child("totals"));
  }

  /** What the child prints for a scan that gave this one's answer, found changes, and had the same diagnostics. */
  private static String expected(UsageSnapshot whole) {
    return IndexChild.totals(whole) + " 0 "
        + String.join(",", whole.diagnostics().stream().map(d -> d.code()).sorted().toList());
  }

  private String child(String mode) throws Exception {
    ProcessBuilder pb = IndexConcurrencyTest.childProcess(mode, home.toString());
    pb.command().add(1, HEAP);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.lines().count() == 1, out);
    return out;
  }
}
