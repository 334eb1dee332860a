package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the class-data sharing archive the build makes next to the jar ({@code cream.jsa}, used by the
 * {@code cream} launcher): the commands people run, on the demo history, once without a scan index and once with
 * it, so that the archive holds the classes of both the first scan and the common no-change rescan (the command
 * lines read without picocli, and one read by picocli), then the status line as Claude Code runs it (before and
 * after its transcript grew), and a first scan and a rescan of a history of many small files. Run by the build only;
 * prints nothing.
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
    // what Main.main does before a command: the plug-in path and the standard output it writes to
    PrintStream none = StandardOutput.over(OutputStream.nullOutputStream(), StandardCharsets.UTF_8);
    try (Demo demo = Demo.extract()) {
      Environment env =
          Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC));
      PluginPath.loader(Environment.system(), CdsTraining.class.getClassLoader());
      String[][] commands = {
        {"daily", "--json"}, {"daily", "--json"}, {}, {"daily"}, {"monthly", "--json", "--source", "claude"},
        {"session"}, {"blocks"}, {"cache"}, {"weekly", "--json"}, {"sources"},
        // read by picocli (a repeated option): the classes of its path, those that an archive can hold
        {"daily", "--json", "--json"}
      };
      for (String[] command : commands) {
        Main.run(command, none, none, env);
      }
      statusline(demo.home(), none, env);
    }
    manyFiles(none);
  }

  /** Files enough for the steps a large history shares among threads (the index decoded by three, say). */
  static final int MANY_FILES = 4_200;

  /**
   * A first scan and a rescan of a history of {@link #MANY_FILES} small transcripts: the demo has too few files to
   * take the ways a large history takes (decoding the index on three threads, looking files up on two), and the
   * archive then lacked their classes, which a warm report of 5,000 files made at run time (~15 ms).
   */
  private static void manyFiles(PrintStream none) throws IOException {
    Path home = Files.createTempDirectory("cream-training-");
    try {
      for (int i = 0; i < MANY_FILES; i++) {
        Path f = home.resolve(".claude/projects/-home-dev-p" + (i % 40)).resolve("s" + i + ".jsonl");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"type\":\"assistant\",\"sessionId\":\"s" + i + "\",\"timestamp\":\""
            + Demo.NOW.minusSeconds(60L * i) + "\",\"requestId\":\"req_" + i + "\",\"uuid\":\"u" + i
            + "\",\"message\":{\"id\":\"msg_" + i + "\",\"model\":\"claude-sonnet-4-5\",\"role\":\"assistant\","
            + "\"content\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}}\n", StandardCharsets.UTF_8);
      }
      Environment env = Environment.of(Map.of("HOME", home.toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC));
      Main.run(new String[] {"daily", "--json"}, none, none, env);
      Main.run(new String[] {"daily", "--json"}, none, none, env);
    } finally {
      Demo.delete(home);
    }
  }

  /** {@code cream statusline} with Claude Code's input naming a transcript of the demo, then again once it grew. */
  private static void statusline(Path home, PrintStream none, Environment env) throws IOException {
    Path transcript;
    try (Stream<Path> files = Files.walk(home.resolve(".claude"))) {
      transcript = files.filter(p -> p.toString().endsWith(".jsonl")).sorted().findFirst().orElse(null);
    }
    if (transcript == null) {
      return;
    }
    String name = transcript.getFileName().toString();
    String input = "{\"session_id\":\"" + name.substring(0, name.length() - ".jsonl".length())
        + "\",\"transcript_path\":\"" + transcript.toString().replace("\\", "\\\\")
        + "\",\"model\":{\"id\":\"claude-sonnet-4-5\",\"display_name\":\"Sonnet 4.5\"},"
        + "\"cost\":{\"total_cost_usd\":1.0}}";
    String session = name.substring(0, name.length() - ".jsonl".length());
    for (int i = 0; i < 2; i++) {
      new Main(b -> {}).stdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
          .execute(new String[] {"statusline", "--no-color"}, none, none, env);
      // one new call, as the agent appends between two refreshes: the second run reads only it
      Files.writeString(transcript, "{\"type\":\"assistant\",\"sessionId\":\"" + session
          + "\",\"timestamp\":\"" + Demo.NOW.minusSeconds(60) + "\",\"requestId\":\"req_training_" + i
          + "\",\"uuid\":\"training-" + i + "\",\"message\":{\"id\":\"msg_training_" + i
          + "\",\"model\":\"claude-sonnet-4-5\",\"role\":\"assistant\",\"content\":[],\"usage\":"
          + "{\"input_tokens\":10,\"cache_read_input_tokens\":2000,\"cache_creation_input_tokens\":50,"
          + "\"output_tokens\":20}}}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
  }
}
