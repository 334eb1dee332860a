package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI's scan index options ({@code --no-index}, {@code --forget-missing}) and {@code --watch}. Watch tests append
 * to real files and wait with generous timeouts; nothing asserts how fast anything is.
 */
class IndexAndWatchTest {

  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path home;
  private CliHarness cli;

  @BeforeEach
  void setUp() throws IOException {
    MainTest.writeHistory(home);
    cli = new CliHarness(home).with(CliHarness.testEngine());
  }

  // --- the scan index -------------------------------------------------------------------------------------------

  @Test
  void theIndexIsKeptUnderTheCacheHomeAndNoIndexWritesNothing() throws IOException {
    CliHarness.Result plain = cli.run("--json", "--no-index");
    assertEquals(0, plain.status());
    assertFalse(Files.exists(home.resolve(".cache")), "--no-index reads and writes nothing");
    CliHarness.Result indexed = cli.run("--json");
    assertTrue(Files.exists(home.resolve(".cache/cream/scan-index-v2.bin")));
    CliHarness.Result warm = cli.run("--json");
    assertEquals("6", indexed.json().get("diagnostics.linesRead"));
    assertEquals("0", warm.json().get("diagnostics.linesRead"), "a warm run reads no line");
    assertEquals(plain.json().get("totals.costUsd"), warm.json().get("totals.costUsd"));
    assertEquals(plain.json().get("totals.totalTokens"), warm.json().get("totals.totalTokens"));
  }

  @Test
  void deletedTranscriptsStillCountUntilForgotten() throws IOException {
    CliHarness.Result before = cli.run("--json");
    Files.delete(home.resolve(".testagent/p/b.jsonl"));
    CliHarness.JsonDoc kept = cli.run("--json").json();
    assertEquals(before.json().get("totals.totalTokens"), kept.get("totals.totalTokens"), "history outlives logs");
    assertEquals("4", kept.get("diagnostics.retainedFromMissingFiles"));
    assertTrue(cli.run("--json").out().contains("cream.index.retained"));

    CliHarness.Result forgot = cli.run("--json", "--forget-missing");
    assertEquals(0, forgot.status());
    assertEquals(List.of("cream: forgot 1 transcript that no longer exists"), forgot.errLines());
    CliHarness.JsonDoc after = forgot.json();
    assertEquals("0", after.get("diagnostics.retainedFromMissingFiles"));
    assertEquals(cli.run("--json", "--no-index").json().get("totals.totalTokens"), after.get("totals.totalTokens"));
    assertEquals(List.of("cream: forgot 0 transcripts that no longer exist (there were none)"),
        cli.run("--forget-missing", "--compact").errLines().subList(0, 1));
  }

  @Test
  void whenEveryLogIsGoneTheHistoryIsShownNotTheDemo() throws IOException {
    CliHarness.Result before = cli.run("--json");
    Files.delete(home.resolve(".testagent/p/a.jsonl"));
    Files.delete(home.resolve(".testagent/p/b.jsonl"));
    CliHarness.Result table = cli.run("--compact");
    assertFalse(table.out().contains("demo"), table.out());
    assertFalse(table.err().contains("demo"), table.err());
    CliHarness.JsonDoc json = cli.run("--json").json();
    assertEquals(before.json().get("totals.totalTokens"), json.get("totals.totalTokens"));
    assertEquals("6", json.get("diagnostics.retainedFromMissingFiles"));
    assertFalse(json.has("demo"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--forget-missing --no-index", "blocks --watch", "weekly --watch", "sources --watch", "--watch --demo",
      "--watch --now 2026-03-02T13:00:00Z"})
  void impossibleCombinationsAreUsageErrors(String args) {
    CliHarness.Result r = cli.run(args.split(" "));
    assertEquals(2, r.status());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().startsWith("cream: --"), r.err());
  }

  // --- --watch --------------------------------------------------------------------------------------------------

  /** A CLI running {@code --watch} on its own thread, with its output readable while it runs. */
  private final class Running implements AutoCloseable {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger status = new AtomicInteger(-1);
    final Thread thread;

    Running(boolean ansi, String... args) {
      Main main = cli.main().watchUntil(stop::get).watchAnsi(ansi);
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      thread = new Thread(() -> status.set(main.execute(args, o, e, cli.environment())), "cli-watch");
      thread.start();
    }

    String output() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String await(Predicate<String> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (System.nanoTime() < deadline) {
        String s = output();
        if (condition.test(s)) {
          return s;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("no such output within " + TIMEOUT_SECONDS + " s: " + output() + " / "
          + err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      stop.set(true);
      try {
        thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      assertFalse(thread.isAlive(), "the watch stopped");
      assertEquals(0, status.get());
    }
  }

  private void appendCall(String json) throws IOException {
    Files.writeString(home.resolve(".testagent/p/b.jsonl"), json + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  private static List<String> lines(String s) {
    return Arrays.stream(s.split("\n")).filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void dailyWatchJsonPrintsOneDocumentPerLinePerChange() throws Exception {
    try (Running r = new Running(false, "daily", "--watch", "--json")) {
      String first = r.await(s -> lines(s).size() >= 1);
      assertTrue(first.startsWith("{\"schema\":\"cream.report/1\""), first);
      assertTrue(first.contains("\"totalTokens\":57740"), first);
      appendCall("{\"s\":\"s3\",\"t\":\"2026-03-02T23:00:00Z\",\"m\":\"m1\",\"in\":1000,\"out\":260}");
      String both = r.await(s -> s.contains("\"totalTokens\":59000"));
      for (String line : lines(both)) {
        assertTrue(line.startsWith("{\"schema\":\"cream.report/1\"") && line.endsWith("}"), line);
      }
      assertFalse(both.contains("\u001b"), "no terminal escapes in JSON lines");
    }
  }

  @Test
  void projectsWatchJsonPrintsCompactDocuments() throws Exception {
    try (Running r = new Running(false, "daily", "--by", "project", "--watch", "--json")) {
      String first = r.await(s -> lines(s).size() >= 1);
      assertTrue(first.startsWith("{\"schema\":\"cream.projects/1\""), first);
      appendCall("{\"s\":\"s3\",\"t\":\"2026-03-02T23:00:00Z\",\"m\":\"m1\",\"in\":1000,\"out\":260}");
      String both = r.await(s -> s.contains("\"totalTokens\":59000"));
      for (String line : lines(both)) {
        assertTrue(line.startsWith("{\"schema\":\"cream.projects/1\"") && line.endsWith("}"), line);
      }
    }
  }

  @Test
  void sessionWatchRedrawsTheTableInPlace() throws Exception {
    try (Running r = new Running(true, "session", "--watch")) {
      r.await(s -> s.contains("s3"));
      assertTrue(r.output().startsWith(Main.REDRAW + "cream session -- watching, updated "), r.output());
      appendCall("{\"s\":\"s9\",\"t\":\"2026-03-02T23:59:00Z\",\"m\":\"m1\",\"in\":5,\"out\":5,\"title\":\"Brand new\"}");
      String s = r.await(x -> x.contains("Brand new"));
      assertTrue(s.indexOf(Main.REDRAW) < s.lastIndexOf(Main.REDRAW), "drawn again, in place");
      String last = s.substring(s.lastIndexOf(Main.REDRAW));
      assertTrue(last.contains("s1") && last.contains("Brand new"), "the redraw shows everything, not a delta");
    }
  }

  @Test
  void cacheWatchJsonFollowsTheCacheStates() throws Exception {
    try (Running r = new Running(false, "cache", "--watch", "--json")) {
      String first = r.await(s -> lines(s).size() >= 1);
      assertTrue(first.startsWith("{\"schema\":\"cream.cache/1\""), first);
      appendCall("{\"s\":\"s7\",\"t\":\"2026-03-03T00:59:00Z\",\"m\":\"m1\",\"in\":5,\"out\":5}");
      String s = r.await(x -> x.contains("\"s7\""));
      assertTrue(lines(s).size() >= 2);
      for (String line : lines(s)) {
        assertTrue(line.startsWith("{\"schema\":\"cream.cache/1\""), line);
      }
    }
  }

  @Test
  void watchingWithoutTheIndexWritesNothing() throws Exception {
    try (Running r = new Running(false, "daily", "--watch", "--json", "--no-index")) {
      r.await(s -> lines(s).size() >= 1);
      appendCall("{\"s\":\"s3\",\"t\":\"2026-03-02T23:00:00Z\",\"m\":\"m1\",\"in\":1000,\"out\":260}");
      r.await(s -> s.contains("\"totalTokens\":59000"));
    }
    assertFalse(Files.exists(home.resolve(".cache")));
  }
}
