package io.github.cream.examples.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry SDK costs only {@code cream export}: in a fresh JVM, the other commands load none of its classes
 * (nor the export's, nor cream-otel's), as the JVM's own class-loading log shows.
 */
class ExportLoadingTest {

  private static final List<String> EXPORT_ONLY = List.of(" io.opentelemetry.", " io.github.cream.otel.",
      " io.github.cream.examples.export.", " okhttp3.", " io.prometheus.", " kotlin.");

  @TempDir Path dir;

  private String classesLoaded(String... args) throws Exception {
    Path log = dir.resolve("classes-" + args[0] + ".log");
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out-" + args[0] + ".txt").toFile());
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("the child CLI did not finish");
    }
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("out-" + args[0] + ".txt")));
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Test
  void theOtherCommandsNeverLoadTheSdk() throws Exception {
    for (String[] command : new String[][] {{"daily", "--demo"}, {"cache", "--demo"}, {"--help"}}) {
      String loaded = classesLoaded(command);
      assertTrue(loaded.contains(" io.github.cream.examples.cli.Main "), "the log lists the classes: " + command[0]);
      for (String prefix : EXPORT_ONLY) {
        assertTrue(!loaded.contains(prefix), command[0] + " loaded" + prefix + "*");
      }
    }
    // the control: the export command does load them
    String export = classesLoaded("export", "otlp", "--help");
    assertTrue(export.contains(" io.github.cream.examples.export.ExportCommand "), "the export's classes");
  }
}
