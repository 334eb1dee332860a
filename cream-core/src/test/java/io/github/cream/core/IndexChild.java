package io.github.cream.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A second process for {@link IndexConcurrencyTest}: {@code scan <home> <rounds>} scans repeatedly and prints one
 * line per scan; {@code hold <home>} holds the index lock until its standard input closes; {@code churn <home>
 * <rounds>} appends to logs and scans, to be killed at any instant; {@code report <home>} scans once and prints
 * what it found; {@code totals <home>} scans once and prints its totals (see {@link #totals}), never asking for
 * single calls.
 */
public final class IndexChild {

  private IndexChild() {}

  /**
   * Runs the child.
   *
   * @param args the mode and its arguments
   * @throws Exception on failure, which the parent sees as a non-zero exit
   */
  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[1]);
    if (args[0].equals("hold")) {
      Path dir = Files.createDirectories(home.resolve(".cache/cream"));
      try (FileChannel ch = FileChannel.open(dir.resolve("scan-index.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        System.out.println(lock.isValid() ? "locked" : "not locked");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
          // wait for the parent to close our input
        }
      }
      return;
    }
    if (args[0].equals("report")) {
      // one scan: its input tokens, calls, whether it found nothing changed, and its diagnostics' codes
      Cream cream = IndexFixtures.cream(home).build();
      UsageSnapshot s = cream.scan();
      System.out.println(s.totals().tokens().input() + " " + s.records().size() + " " + cream.unchangedScans() + " "
          + String.join(",", s.diagnostics().stream().map(d -> d.code()).sorted().toList()));
      return;
    }
    if (args[0].equals("totals")) {
      // one scan, no view of single calls: its totals, duplicates dropped, whether it found nothing changed, codes
      Cream cream = IndexFixtures.cream(home).build();
      UsageSnapshot s = cream.scan();
      System.out.println(totals(s) + " " + cream.unchangedScans() + " "
          + String.join(",", s.diagnostics().stream().map(d -> d.code()).sorted().toList()));
      return;
    }
    int rounds = Integer.parseInt(args[2]);
    if (args[0].equals("churn")) {
      // appends a call to one of the logs, then scans (saving the index), until killed
      Path root = home.resolve(".fake");
      for (int i = 0; i < rounds; i++) {
        Path log = root.resolve("churn-" + (i % 5) + ".jsonl");
        Files.writeString(log, Lines.call("c" + (i % 5), "2026-11-20T10:00:00Z", 1, 1) + "\n",
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        IndexFixtures.cream(home).build().scan();
        System.out.println(i);
        System.out.flush();
      }
      return;
    }
    for (int i = 0; i < rounds; i++) {
      UsageSnapshot s = IndexFixtures.cream(home).build().scan();
      boolean indexProblem =
          s.diagnostics().stream().anyMatch(d -> d.code().equals("cream.index.corrupt")
              || d.code().equals("cream.index.unreadable") || d.code().equals("cream.index.unwritable"));
      System.out.println(s.totals().tokens().input() + " " + s.records().size() + " " + indexProblem);
    }
  }

  /**
   * A scan's totals as one line: input and output tokens, cost, calls counted, duplicates dropped.
   *
   * @param s the scan
   * @return the line
   */
  static String totals(UsageSnapshot s) {
    return s.totals().tokens().input() + " " + s.totals().tokens().output() + " " + s.totals().cost() + " "
        + s.totals().calls() + " " + s.stats().duplicatesDropped();
  }
}
