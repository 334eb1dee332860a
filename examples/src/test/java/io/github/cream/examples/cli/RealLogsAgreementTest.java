package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.examples.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real public logs of {@code real-2} in the shared fixtures (Claude Code with resumed sessions, Codex with
 * counter restarts and a mirrored /review sub-agent, OpenClaw with checkpoints and transcript-repair backups), laid
 * out as a home: every (day, agent, model) row of {@code cream daily --json} and every session's calls in
 * {@code cream session --json} equal what {@code benchmarks/count_real_logs.py} counts independently of cream.
 * Skips when the fixtures or {@code python3} are absent.
 */
class RealLogsAgreementTest {

  private static final Path SCRIPT = Path.of("benchmarks", "count_real_logs.py");

  @TempDir Path home;

  private static Path realLogs() {
    String base = System.getProperty("cream.fixtures");
    assumeTrue(base != null, "cream.fixtures is not set");
    Path real = Path.of(base, "real-2");
    assumeTrue(Files.isDirectory(real.resolve("claude")) && Files.isDirectory(real.resolve("codex/sessions"))
        && Files.isDirectory(real.resolve("openclaw/agents/main/sessions")), "real-2 fixtures are not available");
    return real;
  }

  private static boolean hasPython() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
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

  /** Runs the independent count against a cream document; returns its exit status and output. */
  private String compare(String mode, String creamJson) throws IOException, InterruptedException {
    Path doc = home.resolve("cream-" + mode + ".json");
    Files.writeString(doc, creamJson, StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), home.toString(), mode, doc.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the script finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void everyDayAgentModelAndSessionAgreesWithTheIndependentCount() throws Exception {
    Path real = realLogs();
    assumeTrue(Files.isRegularFile(SCRIPT) && hasPython(), "python3 is not available");
    copyTree(real.resolve("claude"), home.resolve(".claude/projects"));
    copyTree(real.resolve("codex/sessions"), home.resolve(".codex/sessions"));
    copyTree(real.resolve("openclaw/agents/main/sessions"), home.resolve(".openclaw/agents/main/sessions"));
    CliHarness cli = new CliHarness(home, Instant.parse("2026-12-01T00:00:00Z"));

    Result daily = cli.run("daily", "--json", "--timezone", "UTC");
    assertEquals(0, daily.status(), daily.err());
    String rows = compare("--compare", daily.out());
    assertTrue(rows.contains("16 rows counted independently, 16 from cream, 0 differ"), rows);

    Result sessions = cli.run("session", "--json", "--timezone", "UTC");
    assertEquals(0, sessions.status(), sessions.err());
    String per = compare("--compare-sessions", sessions.out());
    assertTrue(per.contains("12 sessions counted independently, 12 from cream, 0 differ"), per);
  }
}
