package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The training run of the class-data sharing archive the build makes next to the jar ({@code cream.jsa}, used by the
 * {@code cream} launcher): the commands people run, on the demo history, once without a scan index and once with
 * it, so that the archive holds the classes of both the first scan and the common no-change rescan. Run by the
 * build only; prints nothing.
 */
final class CdsTraining {

  private CdsTraining() {}

  /**
   * Runs the commands.
   *
   * @param args ignored
   * @throws IOException if the demo history cannot be written
   */
  public static void main(String[] args) throws IOException {
    PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    try (Demo demo = Demo.extract()) {
      Environment env =
          Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC));
      String[][] commands = {
        {"daily", "--json"}, {"daily", "--json"}, {"daily"}, {"monthly", "--json", "--source", "claude"},
        {"session"}, {"blocks"}, {"cache"}, {"weekly", "--json"}, {"sources"}
      };
      for (String[] command : commands) {
        Main.run(command, none, none, env);
      }
    }
  }
}
