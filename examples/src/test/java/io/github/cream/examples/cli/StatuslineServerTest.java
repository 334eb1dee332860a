package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statusline server answers exactly what {@code cream statusline} prints in a process of its own (warm, after
 * the transcript grew, with engines kept between requests), refuses what it cannot answer that way, and keeps to
 * its directory: only this user's, one server at a time, no link or regular file taken for a pipe.
 */
@DisabledOnOs(OS.WINDOWS)
class StatuslineServerTest {

  static final String SESSION = "5e55105e-0000-4000-8000-000000000001";
  static final Instant NOW = Instant.parse("2026-03-03T00:47:00Z");

  @TempDir Path tmp;
  Path home;
  Path dir;
  Path launcher;
  Path transcript;

  @BeforeEach
  void history() throws IOException {
    home = tmp.resolve("home");
    dir = tmp.resolve("cache/cream/statusline");
    launcher = Files.createDirectories(tmp.resolve("launcher"));
    Files.writeString(launcher.resolve("cream.jar"), "a jar", StandardCharsets.UTF_8);
    transcript = home.resolve(".claude/projects/-home-me-app/" + SESSION + ".jsonl");
    CliHarness.write(transcript,
        "{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + SESSION + "\",\"message\":{\"role\":"
            + "\"user\",\"content\":\"fix the tests\"},\"uuid\":\"u1\",\"timestamp\":\"2026-03-03T00:39:00Z\"}",
        call(1, "2026-03-03T00:40:00Z"),
        call(2, "2026-03-03T00:45:00Z"));
  }

  static String call(int k, String at) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/home/me/app\",\"sessionId\":\"" + SESSION
        + "\",\"type\":\"assistant\",\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_" + k
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
        + "\"usage\":{\"input_tokens\":100,\"cache_creation_input_tokens\":500,\"cache_read_input_tokens\":20000,"
        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":500,\"ephemeral_1h_input_tokens\":0},"
        + "\"output_tokens\":300}},\"requestId\":\"req_" + k + "\",\"uuid\":\"a" + k + "\",\"timestamp\":\"" + at
        + "\"}";
  }

  String input() {
    return "{\"session_id\":\"" + SESSION + "\",\"transcript_path\":\"" + transcript + "\",\"cwd\":\"/home/me/app\","
        + "\"model\":{\"id\":\"claude-sonnet-4-5-20250929\",\"display_name\":\"Sonnet 4.5\"}}";
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    env.put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
    return env;
  }

  StatuslineServer server(Map<String, String> startEnv) {
    return new StatuslineServer(dir, startEnv, b -> b.parallelism(1), Clock.fixed(NOW, ZoneOffset.UTC),
        Optional.of(launcher.resolve("cream.jar")));
  }

  /** A request as the launcher's client writes it. */
  static byte[] request(Path launcher, Path cwd, List<String> args, Map<String, String> env, String stdin) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    List<String> fields = new ArrayList<>(List.of(StatuslineRequest.MAGIC, launcher.toString(), cwd.toString(),
        Integer.toString(args.size())));
    fields.addAll(args);
    env.forEach((k, v) -> fields.add(k + "=" + v));
    fields.add("");
    fields.add(stdin == null ? "-" : "+");
    for (String f : fields) {
      b.writeBytes(f.getBytes(StandardCharsets.UTF_8));
      b.write(0);
    }
    if (stdin != null) {
      b.writeBytes(stdin.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  byte[] request(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("statusline"));
    all.addAll(List.of(args));
    return request(launcher, tmp, all, env, input());
  }

  /** What the same command prints in a process of its own. */
  String alone(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "statusline";
    System.arraycopy(args, 0, all, 1, args.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      status = new Main(b -> b.parallelism(1))
          .stdin(new ByteArrayInputStream(input().getBytes(StandardCharsets.UTF_8)))
          .execute(all, o, System.err, Environment.of(env, Clock.fixed(NOW, ZoneOffset.UTC)));
    }
    assertEquals(0, status);
    return out.toString(StandardCharsets.UTF_8);
  }

  static String answered(byte[] answer) {
    String s = new String(answer, StandardCharsets.UTF_8);
    String[] parts = s.split("\u0000", -1);
    assertEquals(4, parts.length, s);
    assertEquals("0", parts[0], s);
    assertEquals("", parts[2], s);
    return parts[1];
  }

  static boolean refused(byte[] answer) {
    return answer.length == 4 && answer[0] == 'F' && answer[1] == 0 && answer[2] == 0 && answer[3] == 0;
  }

  @Test
  void answersWhatTheCommandPrintsAloneAndKeepsItsEngineWhileTheTranscriptGrows() throws IOException {
    StatuslineServer server = server(env());
    String[] args = {"--no-color", "--timezone", "UTC", "--timeout=60000"};
    String first = answered(server.answer(request(env(), args)));
    assertTrue(first.startsWith("Sonnet 4.5 | session $"), first);
    assertEquals(alone(env(), args), first);
    assertEquals(1, server.engines().size());

    Path index = tmp.resolve("cache/cream/scan-index-v2.bin");
    assertTrue(Files.isRegularFile(index));
    byte[] saved = Files.readAllBytes(index);
    Files.writeString(transcript, call(3, "2026-03-03T00:46:00Z") + "\n", StandardOpenOption.APPEND);
    String grown = answered(server.answer(request(env(), args)));
    assertFalse(grown.equals(first), grown);
    assertArrayEquals(saved, Files.readAllBytes(index), "within the save interval the index is not written");
    Files.writeString(transcript, call(4, "2026-03-03T00:46:30Z") + "\n", StandardOpenOption.APPEND);
    String again = answered(server.answer(request(env(), args)));
    assertFalse(again.equals(grown), again);
    assertArrayEquals(saved, Files.readAllBytes(index));
    server.engines().saveDue(Duration.ofHours(1));
    assertArrayEquals(saved, Files.readAllBytes(index), "not due yet");
    server.engines().saveDue(Duration.ZERO); // what the server does after an answer, every 30 seconds
    assertFalse(java.util.Arrays.equals(saved, Files.readAllBytes(index)), "saved after the answer");
    assertEquals(alone(env(), args), again, "yet the answer has every call");
    assertEquals(1, server.engines().size());
  }

  @Test
  void anotherEnvironmentGetsAnEngineOfItsOwn() {
    StatuslineServer server = server(env());
    Map<String, String> other = env();
    other.put("NO_COLOR", "1");
    String a = answered(server.answer(request(env(), "--timezone=UTC")));
    String b = answered(server.answer(request(other, "--timezone=UTC")));
    assertTrue(a.contains("\u001b["), a);
    assertFalse(b.contains("\u001b"), b);
    assertEquals(alone(other, "--timezone=UTC"), b);
    assertEquals(2, server.engines().size());
  }

  @Test
  void badOptionsAndHelpAreAnsweredAsAlone() {
    StatuslineServer server = server(env());
    assertEquals(alone(env(), "--no-such-option"), answered(server.answer(request(env(), "--no-such-option"))));
    assertEquals(alone(env(), "--help"), answered(server.answer(request(env(), "--help"))));
  }

  @Test
  void refusesWhatItCannotAnswerExactly() throws IOException {
    StatuslineServer server = server(env());
    Map<String, String> classpath = env();
    classpath.put("CREAM_CLASSPATH", "/elsewhere/plugin.jar");
    assertTrue(refused(server.answer(request(classpath))));
    Map<String, String> zone = env();
    zone.put("TZ", "Asia/Tokyo");
    assertTrue(refused(server.answer(request(zone))));
    assertTrue(refused(server.answer(request(tmp.resolve("other"), tmp, List.of("statusline"), env(), input()))));
    assertTrue(refused(server.answer(request(launcher, tmp, List.of("daily", "--json"), env(), null))));
    assertTrue(refused(server.answer("not a request".getBytes(StandardCharsets.UTF_8))));
    Files.createDirectories(tmp.resolve("config/cream/plugins"));
    Files.writeString(tmp.resolve("config/cream/plugins/new.jar"), "x", StandardCharsets.UTF_8);
    assertTrue(refused(server.answer(request(env()))), "a plug-in added since the server started");
  }

  @Test
  void aReplacedJarStopsIt() throws IOException {
    StatuslineServer server = server(env());
    Files.writeString(launcher.resolve("cream.jar"), "a newer jar", StandardCharsets.UTF_8);
    assertTrue(refused(server.answer(request(env()))));
    assertEquals("its jar was replaced", server.stopReason());
  }

  @Test
  void malformedRequestsAreTold() {
    Map<String, String> env = env();
    byte[] ok = request(launcher, tmp, List.of("statusline"), env, null);
    StatuslineRequest r = assertDoesNotThrow(ok);
    assertEquals(Optional.empty(), r.stdin());
    assertEquals(List.of("statusline"), r.args());
    assertEquals(env, r.env());
    for (byte[] bad : List.of(
        new byte[0],
        "cream-statusline-request 2\0".getBytes(StandardCharsets.UTF_8),
        java.util.Arrays.copyOf(ok, ok.length - 1),
        request(Path.of("relative"), tmp, List.of("statusline"), env, null),
        request(launcher, tmp, List.of(), env, null),
        (new String(ok, StandardCharsets.UTF_8) + "trailing").getBytes(StandardCharsets.UTF_8))) {
      assertThrows(StatuslineRequest.Malformed.class, () -> StatuslineRequest.parse(bad, StandardCharsets.UTF_8));
    }
  }

  private static StatuslineRequest assertDoesNotThrow(byte[] b) {
    try {
      return StatuslineRequest.parse(b, StandardCharsets.UTF_8);
    } catch (StatuslineRequest.Malformed e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void aDirectoryOthersMayOpenIsRefusedAndSaysSo() throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertFalse(server(env()).prepare());
    assertTrue(Files.isRegularFile(dir.resolve(StatuslineServer.REFUSED)));
    assertFalse(Files.exists(dir.resolve(StatuslineServer.PID)));
  }

  @Test
  void oneServerAtATime() throws IOException {
    StatuslineServer first = server(env());
    assertTrue(first.prepare());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals(Long.toString(ProcessHandle.current().pid()),
        Files.readString(dir.resolve(StatuslineServer.PID)).strip());
    assertFalse(server(env()).prepare());
    first.stop("test");
    assertFalse(Files.exists(dir.resolve(StatuslineServer.PID)));
    assertTrue(server(env()).prepare());
  }

  @Test
  void linksAndRegularFilesAreNotTakenForRequestsOrPipes() throws IOException, InterruptedException {
    assumeTrue(hasMkfifo());
    StatuslineServer server = server(env());
    assertTrue(server.prepare());
    // a request file that is a link to another file: not read, no answer
    Path secret = Files.writeString(tmp.resolve("secret"), "x", StandardCharsets.UTF_8);
    Files.createSymbolicLink(dir.resolve("q.1.1"), secret);
    StatuslineServer.mkfifo(dir.resolve("r.1.1"));
    server.handle("1.1");
    assertFalse(Files.exists(dir.resolve("r.1.1")));
    assertTrue(Files.exists(secret));
    // an answer "pipe" that is a regular file: nothing written into it
    Files.write(dir.resolve("q.2.2"), request(env()));
    Files.writeString(dir.resolve("r.2.2"), "", StandardCharsets.UTF_8);
    server.handle("2.2");
    assertFalse(Files.exists(dir.resolve("q.2.2")));
    assertFalse(Files.exists(dir.resolve("r.2.2")));
    server.stop("test");
  }

  @Test
  void itStopsWhenItsPipeIsRemovedOrWhenIdle() throws IOException {
    assumeTrue(hasMkfifo());
    Instant[] now = {NOW};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    StatuslineServer server = new StatuslineServer(dir, env(), b -> {}, clock,
        Optional.of(launcher.resolve("cream.jar")));
    assertTrue(server.prepare());
    server.open();
    assertTrue(isFifo(dir.resolve(StatuslineServer.REQUESTS)));
    assertNull(server.stopReason());
    now[0] = NOW.plus(StatuslineServer.IDLE).plus(Duration.ofSeconds(1));
    assertNotNull(server.stopReason());
    now[0] = NOW;
    Files.delete(dir.resolve(StatuslineServer.REQUESTS));
    assertEquals("its pipe was removed", server.stopReason());
    server.stop("test");
  }

  static boolean isFifo(Path p) throws IOException {
    return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class,
        java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther();
  }

  static boolean hasMkfifo() {
    try {
      Process p = new ProcessBuilder("mkfifo", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
