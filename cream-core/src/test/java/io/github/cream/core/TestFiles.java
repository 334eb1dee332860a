package io.github.cream.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Special files for the tests that need them, and the removal of what a test made. */
public final class TestFiles {

  private TestFiles() {}

  /**
   * Makes a named pipe with the system's {@code mkfifo}.
   *
   * @param p where
   * @return false where there is no {@code mkfifo} or it failed
   */
  public static boolean mkfifo(Path p) {
    try {
      return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Removes a directory and everything below it (links removed, never followed); what cannot be removed is left.
   *
   * @param dir the directory; nothing happens when it does not exist
   * @throws IOException if the tree cannot be listed
   */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
