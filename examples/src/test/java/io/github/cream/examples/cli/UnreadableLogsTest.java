package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Logs that are there but cannot be read are said so in text mode, never hidden behind {@code --json} and never
 * replaced by the demo: an OpenClaw SQLite store without a SQLite driver on the class path (the CLI runs in a child
 * JVM whose class path lacks the driver), and an agent's folder without read permission (as root, where
 * permissions do not bind, the CLI runs as {@code nobody} through {@code setpriv}, as the hostile-input suite does).
 */
class UnreadableLogsTest {

  private static final String NOW = "2026-03-03T01:00:00Z";

  @TempDir Path home;

  // --- an OpenClaw store without its driver -------------------------------------------------------------------------

  /** An OpenClaw SQLite store where OpenClaw keeps it, with the transcript table (the driver of this JVM writes it). */
  private Path store() throws SQLException, IOException {
    Path db = home.resolve(".openclaw/agents/main/agent/openclaw-agent.sqlite");
    Files.createDirectories(db.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE transcript_events (session_id TEXT NOT NULL, seq INTEGER NOT NULL,"
          + " event_json TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (session_id, seq))");
    }
    return db;
  }

  /** Runs the CLI in a child JVM whose class path is this one's without the SQLite driver; stderr into stdout. */
  private String withoutDriver(String... args) throws IOException, InterruptedException {
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!Path.of(e).getFileName().toString().startsWith("sqlite-jdbc")) {
        cp.add(e);
      }
    }
    assertTrue(cp.size() < System.getProperty("java.class.path").split(File.pathSeparator).length,
        "the test class path holds the driver it leaves out");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", String.join(File.pathSeparator, cp), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", "/usr/bin:/bin");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child CLI finished");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void anOpenClawStoreWithoutTheDriverIsNamedAfterTheTable() throws Exception {
    store();
    Agents.OPENCLAW.transcript(1).good(1, 2, 3).write(home);
    String out = withoutDriver("daily", "--now", NOW, "--timezone", "UTC", "--no-index");
    int table = out.indexOf("Total ");
    int warning = out.indexOf("[openclaw.store.driver-missing]");
    assertTrue(table >= 0 && warning > table, "the table, then the problem:\n" + out);
    String line = out.substring(out.lastIndexOf('\n', warning) + 1, out.indexOf('\n', warning));
    assertTrue(line.startsWith("cream: warning: "), line);
    assertTrue(line.contains("org.xerial:sqlite-jdbc"), "names the artifact to add: " + line);
    assertTrue(line.contains("openclaw-agent.sqlite"), "names the store: " + line);
    assertFalse(out.contains("demo"), out);
  }

  @Test
  void aStoreAloneWithoutTheDriverIsReportedNotReplacedByTheDemo() throws Exception {
    store();
    String out = withoutDriver("daily", "--now", NOW, "--timezone", "UTC", "--no-index");
    assertTrue(out.contains("[openclaw.store.driver-missing]") && out.contains("org.xerial:sqlite-jdbc"), out);
    assertFalse(out.contains("demo"), "a store that is there is never replaced by the demo:\n" + out);
  }

  // --- an agent's folder without read permission --------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Agents.class)
  void anUnreadableAgentFolderIsReportedNotReplacedByTheDemo(Agents a) throws Exception {
    Path root = a.root(home);
    Files.createDirectories(root);
    Files.setPosixFilePermissions(root, Set.of());
    Scans.Run r;
    if (!Files.isReadable(root)) {
      r = Scans.cli(home, "daily", "--now", NOW, "--no-index");
    } else {
      // root reads everything: the CLI runs again in a child JVM as the unprivileged user, where it is denied
      Assumptions.assumeTrue(AsNobody.available(), "running as root without setpriv: cannot drop privileges");
      r = AsNobody.cli(home, "daily", "--now", NOW, "--no-index");
    }
    assertEquals(0, r.status(), r.err());
    assertFalse(r.out().contains("demo") || r.err().contains("demo"), "no demo for logs that are there:\n" + r.out()
        + r.err());
    assertTrue(r.err().lines().anyMatch(l -> l.startsWith("cream: warning: ") || l.startsWith("cream: error: ")),
        "the problem is shown in text mode:\n" + r.err());
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------")); // for the clean-up
  }
}
