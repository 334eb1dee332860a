package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cream-statusline}, the launcher's bash client, against a statusline server running in this JVM: served
 * lines equal the command's own; whatever the server refuses, and a missing server, go to a JVM of their own
 * ({@code cream} in the launcher's folder, a stand-in here that echoes what it got) with standard input passed on
 * byte for byte; a missing server is started (a stand-in {@code java} records how) on a warm-up request.
 */
@DisabledOnOs(OS.WINDOWS)
class StatuslineClientTest {

  private static final Path CLIENT = Path.of("src/main/launcher/cream-statusline").toAbsolutePath();

  @TempDir Path tmp;
  private final StatuslineServerTest h = new StatuslineServerTest();
  private StatuslineServer server;
  private Thread serving;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(has("bash", "--version") && StatuslineServerTest.hasMkfifo(), "bash and mkfifo");
    h.tmp = tmp;
    h.history();
    // the stand-ins: `cream` (a JVM of its own) and `java` (the server's start)
    script(h.launcher.resolve("cream"), "#!/bin/sh\nprintf 'alone:%s\\n' \"$*\"\nprintf 'env:%s\\n' "
        + "\"$CREAM_STATUSLINE_SERVER\"\ncat\nexit 3\n");
    script(tmp.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + tmp.resolve("java.args") + "\"\n");
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (server != null) {
      server.stop("test");
      serving.interrupt();
    }
  }

  private static void script(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
  }

  private static boolean has(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void startServer() throws IOException {
    server = h.server(h.env());
    assertTrue(server.prepare());
    server.open();
    serving = new Thread(() -> {
      try {
        server.serve();
      } catch (IOException e) {
        // stopped
      }
    }, "test-statusline-server");
    serving.setDaemon(true);
    serving.start();
  }

  private record Ran(int status, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  /** Runs the client as the launcher does, with the test's environment (plus some) and standard input. */
  private Ran client(Map<String, String> extra, byte[] stdin, boolean closeInput, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", CLIENT.toString(), h.launcher.toString(),
        tmp.resolve("java").toString(), "statusline"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(h.env());
    pb.environment().putAll(extra);
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
      in.flush();
      if (!closeInput) {
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the client waited for input it does not read");
      }
    }
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Ran(p.exitValue(), out, err);
  }

  private String alone(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "statusline";
    System.arraycopy(args, 0, all, 1, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      new Main(b -> b.parallelism(1))
          .stdin(new ByteArrayInputStream(h.input().getBytes(StandardCharsets.UTF_8)))
          .execute(all, o, System.err, Environment.of(h.env(), Clock.fixed(StatuslineServerTest.NOW,
              ZoneOffset.UTC)));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theServerAnswersWhatTheCommandPrintsAlone() throws Exception {
    startServer();
    byte[] input = h.input().getBytes(StandardCharsets.UTF_8);
    Ran r = client(Map.of(), input, true, "--no-color", "--timezone", "UTC");
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    assertFalse(r.text().contains("alone:"), r.text());
    assertEquals(alone("--no-color", "--timezone", "UTC"), r.text());
    // a colour line, and a bad option's fallback: still the command's own output
    assertEquals(alone("--timezone=UTC"), client(Map.of(), input, true, "--timezone=UTC").text());
    assertEquals(alone("--bogus"), client(Map.of(), input, true, "--bogus").text());
    // nothing left behind but the server's own files (it removes a request's once the answer is written)
    boolean clean = false;
    for (int i = 0; i < 100 && !clean; i++) {
      try (var files = Files.list(h.dir)) {
        clean = files.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("q.") || n.startsWith("r."));
      }
      if (!clean) {
        Thread.sleep(20);
      }
    }
    assertTrue(clean);
  }

  @Test
  void aSessionGivenOnTheCommandLineLeavesStandardInputUnread() throws Exception {
    startServer();
    Ran r = client(Map.of(), new byte[0], false, "--no-color", "--timezone", "UTC", "--session",
        StatuslineServerTest.SESSION.substring(0, 8));
    assertEquals(0, r.status(), r.err());
    assertFalse(r.text().contains("alone:"), r.text());
    assertEquals(alone("--no-color", "--timezone", "UTC", "--session", StatuslineServerTest.SESSION.substring(0, 8)),
        r.text());
  }

  @Test
  void whatTheServerRefusesRunsAloneWithTheSameInput() throws Exception {
    startServer();
    byte[] input = h.input().getBytes(StandardCharsets.UTF_8);
    Ran r = client(Map.of("CREAM_CLASSPATH", "/elsewhere.jar"), input, true, "--no-color");
    assertEquals(3, r.status());
    assertEquals("alone:statusline --no-color\nenv:off\n" + h.input(), r.text());
  }

  @Test
  void inputWithANulByteRunsAloneWithTheBytesUpToIt() throws Exception {
    startServer();
    byte[] input = "{\"a\":1}\0tail".getBytes(StandardCharsets.UTF_8);
    Ran r = client(Map.of(), input, true);
    assertEquals(3, r.status());
    byte[] head = "alone:statusline\nenv:off\n{\"a\":1}\0".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(head, r.out());
  }

  @Test
  void withoutAServerOneIsStartedOnAWarmUpRequestAndThisRunIsAnsweredAlone() throws Exception {
    byte[] input = h.input().getBytes(StandardCharsets.UTF_8);
    Ran r = client(Map.of(), input, true, "--no-color");
    assertEquals(3, r.status());
    assertEquals("alone:statusline --no-color\nenv:off\n" + h.input(), r.text());
    Path args = tmp.resolve("java.args");
    for (int i = 0; i < 100 && !Files.exists(args); i++) {
      Thread.sleep(50); // the start is in the background
    }
    List<String> started = Files.readAllLines(args);
    assertEquals(List.of("io.github.cream.examples.cli.StatuslineServer", h.dir.toString()),
        started.subList(started.size() - 2, started.size()));
    assertTrue(started.contains("-cp") && started.contains(h.launcher.resolve("cream.jar").toString()), started.toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(h.dir)));
    StatuslineRequest warm = StatuslineRequest.parse(Files.readAllBytes(h.dir.resolve(StatuslineServer.WARMUP)),
        StandardCharsets.UTF_8);
    assertEquals(List.of("statusline", "--no-color"), warm.args());
    assertEquals(Optional.of(h.input()), warm.stdin().map(b -> new String(b, StandardCharsets.UTF_8)));
    assertEquals(h.env().get("HOME"), warm.env().get("HOME"));
    assertFalse(warm.env().containsKey("_"));
  }
}
