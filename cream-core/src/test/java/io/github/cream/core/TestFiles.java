package io.github.cream.core;

import java.io.IOException;
import java.nio.file.Path;

/** Special files for the tests that need them. */
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
}
