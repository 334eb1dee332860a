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
 * line per scan; {@code hold <home>} holds the index lock until its standard input closes.
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
    int rounds = Integer.parseInt(args[2]);
    for (int i = 0; i < rounds; i++) {
      UsageSnapshot s = IndexFixtures.cream(home).build().scan();
      boolean indexProblem =
          s.diagnostics().stream().anyMatch(d -> d.code().equals("cream.index.corrupt")
              || d.code().equals("cream.index.unreadable") || d.code().equals("cream.index.unwritable"));
      System.out.println(s.totals().tokens().input() + " " + s.records().size() + " " + indexProblem);
    }
  }
}
