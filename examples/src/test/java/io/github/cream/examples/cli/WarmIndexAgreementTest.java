package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.Result;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command prints exactly the same from a warm scan index (which sums reports and blocks from the index's cells
 * and reads single calls a group of files at a time, or only the files of one session) as from a scan with every
 * call in memory ({@code --no-index}): on the real public logs of {@code real-2} in the shared fixtures (resumed
 * Claude sessions whose calls are copied between files, Codex sub-agents, OpenClaw backups), and on a generated
 * history of the test agent. Skips the real logs when the fixtures are absent.
 */
class WarmIndexAgreementTest {

  @TempDir Path home;

  private static final List<List<String>> COMMANDS = List.of(
      List.of("blocks", "--json"), List.of("blocks"), List.of("blocks", "--active", "--json"),
      List.of("cache", "--json"), List.of("cache"), List.of("cache", "--last", "3", "--json"),
      List.of("cache", "--active", "--json"), List.of("session", "--json"), List.of("session"),
      List.of("daily", "--by", "project", "--json"), List.of("weekly", "--by", "project", "--json"),
      List.of("monthly", "--json"));

  @Test
  void realLogsWarmEqualsInMemory() throws IOException {
    Path real = SharedFixtures.require("real-2");
    SharedFixtures.require("real-2/claude");
    copyTree(real.resolve("claude"), home.resolve(".claude/projects"));
    copyTree(real.resolve("codex/sessions"), home.resolve(".codex/sessions"));
    copyTree(real.resolve("openclaw/agents/main/sessions"), home.resolve(".openclaw/agents/main/sessions"));
    agree(new CliHarness(home, Instant.parse("2026-12-01T00:00:00Z")));
  }

  @Test
  void generatedHistoryWarmEqualsInMemory() throws IOException {
    Path dir = home.resolve(".testagent");
    java.util.Random rnd = new java.util.Random(7);
    Instant t = CliHarness.NOW.minusSeconds(40 * 3600);
    List<List<String>> files = new ArrayList<>();
    for (int f = 0; f < 5; f++) {
      files.add(new ArrayList<>());
    }
    for (int i = 0; i < 300; i++) {
      t = t.plusSeconds(rnd.nextInt(8) == 0 ? 3600 + rnd.nextInt(9000) : rnd.nextInt(200));
      if (t.isAfter(CliHarness.NOW)) {
        break;
      }
      String session = "s" + rnd.nextInt(7);
      boolean m1 = rnd.nextBoolean();
      String line = "{\"s\":\"" + session + "\",\"t\":\"" + t + "\",\"m\":\"" + (m1 ? "m1" : "m2")
          + "\",\"p\":\"" + (m1 ? "prov" : "other") + "\",\"in\":" + (10 + rnd.nextInt(90)) + ",\"cr\":"
          + (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(5000)) + ",\"w5\":" + rnd.nextInt(400) + ",\"out\":"
          + (1 + rnd.nextInt(50)) + ",\"cwd\":\"/w/p" + rnd.nextInt(3) + "\"}";
      files.get(rnd.nextInt(files.size())).add(line);
      if (rnd.nextInt(5) == 0) { // copied into another file, as a resumed session copies its history
        files.get(rnd.nextInt(files.size())).add(line);
      }
    }
    for (int f = 0; f < files.size(); f++) {
      if (!files.get(f).isEmpty()) {
        CliHarness.write(dir.resolve("f" + f + ".jsonl"), files.get(f).toArray(String[]::new));
      }
    }
    agree(new CliHarness(home).with(CliHarness.testEngine()));
  }

  private void agree(CliHarness cli) {
    Result first = cli.run("daily", "--json");
    assertEquals(0, first.status(), first.err());
    List<List<String>> commands = new ArrayList<>(COMMANDS);
    Result sessions = cli.run("session", "--json", "--no-index");
    for (String line : sessions.out().split("\n")) {
      String l = line.strip();
      if (l.startsWith("\"sessionId\": \"") && commands.size() < COMMANDS.size() + 6) {
        String id = l.substring("\"sessionId\": \"".length(), l.indexOf('"', "\"sessionId\": \"".length()));
        commands.add(List.of("session", id, "--json"));
        commands.add(List.of("session", id));
      }
    }
    assertTrue(commands.size() > COMMANDS.size(), "some sessions");
    for (List<String> c : commands) {
      List<String> cold = new ArrayList<>(c);
      cold.add("--no-index");
      Result memory = cli.run(cold.toArray(String[]::new));
      Result warm = cli.run(c.toArray(String[]::new));
      assertEquals(memory.status(), warm.status(), String.join(" ", c) + ": " + warm.err());
      assertEquals(sameScan(memory.out()), sameScan(warm.out()), String.join(" ", c));
    }
  }

  /** The output without what only says how much this run read (a warm run reads no log). */
  private static String sameScan(String out) {
    return out.replaceAll("\"(linesRead|bytesRead|filesRead)\": \\d+", "\"$1\": 0");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(from)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Path target = to.resolve(from.relativize(f).toString());
      Files.createDirectories(target.getParent());
      Files.copy(f, target);
    }
  }
}
