package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build runs the archive's training without failing the build when it fails (a JVM that cannot make an archive
 * still builds the jar): so a training that breaks is caught here, not by a slower launcher.
 */
class CdsTrainingTest {

  @Test
  void theTrainingRunsEveryCommandAndLeavesNoHistoryBehind() throws IOException {
    long before = trainingHomes();
    CdsTraining.main(new String[0]);
    assertEquals(before, trainingHomes(), "the many-file history is deleted");
  }

  private static long trainingHomes() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("cream-training-")).count();
    }
  }
}
