package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cache --watch} ticks: with a clock the test moves, each second of it redraws the table with the countdown
 * one second shorter, from the snapshot of the last scan — the source's parser is opened once, for the first scan,
 * and never again. The test waits for frames with a generous bound; nothing asserts how fast anything is.
 */
class WatchCountdownTest {

  private static final Instant T0 = Instant.parse("2026-03-03T01:00:00Z");
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path home;

  /** A clock the test moves by hand. */
  private static final class HandClock extends Clock {
    private volatile Instant now;

    HandClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  /** The test source, counting the parsers it opens: one per file read. */
  private static final class CountingSource implements Source {
    private final TestSource inner = new TestSource("testagent");
    final AtomicInteger parsers = new AtomicInteger();

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public String displayName() {
      return inner.displayName();
    }

    @Override
    public List<Path> defaultRoots(Environment environment) {
      return inner.defaultRoots(environment);
    }

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      parsers.incrementAndGet();
      return inner.openParser(file, resume);
    }
  }

  @Test
  void theCountdownTicksWithTheClockWithoutScanningAgain() throws Exception {
    // a call a minute ago to a provider whose cache lives ten minutes (the test's plug-in strategy): 9m 0s left
    CliHarness.write(home.resolve(".testagent/p/w.jsonl"),
        "{\"s\":\"tick\",\"t\":\"" + T0.minusSeconds(60) + "\",\"m\":\"m1\",\"p\":\"acme\",\"in\":1000,\"out\":10}");
    HandClock clock = new HandClock(T0);
    Environment env = Environment.of(Map.of("HOME", home.toString()), clock);
    CountingSource source = new CountingSource();
    AtomicBoolean stop = new AtomicBoolean();
    Main main = new Main(b -> b.discoverProviders(false).bundledPrices(false).parallelism(1).price(CliHarness.M1)
        .source(source).cacheStrategy(new PluginStrategy()))
        .watchUntil(stop::get).watchAnsi(false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AtomicInteger status = new AtomicInteger(-1);
    Thread thread = new Thread(() -> status.set(main.execute(new String[] {"cache", "--watch", "--no-index",
        "--timezone", "UTC"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), env)), "cli-watch");
    thread.start();
    try {
      assertTrue(row(frame(out, "01:00:00")).contains("  warm "));
      assertTrue(row(frame(out, "01:00:00")).contains("  in 9m 0s  "), frame(out, "01:00:00"));
      clock.advance(Duration.ofSeconds(1));
      assertTrue(row(frame(out, "01:00:01")).contains("  in 8m 59s  "), frame(out, "01:00:01"));
      clock.advance(Duration.ofSeconds(61));
      assertTrue(row(frame(out, "01:01:02")).contains("  in 7m 58s  "), frame(out, "01:01:02"));
      assertEquals(1, source.parsers.get(), "the ticks redraw the last scan; nothing is parsed again");
    } finally {
      stop.set(true);
      thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }
    assertFalse(thread.isAlive(), "the watch stopped");
    assertEquals(0, status.get());
  }

  /** The frame drawn at a time of the clock (HH:mm:ss on 2026-03-03, UTC), once it is complete. */
  private static String frame(ByteArrayOutputStream out, String time) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    String header = "cream cache -- watching, updated 2026-03-03 " + time;
    while (System.nanoTime() < deadline) {
      String s = out.toString(StandardCharsets.UTF_8);
      for (String f : s.split("(?=\ncream cache -- watching)")) {
        if (f.contains(header) && f.contains("\nNotes:")) {
          return f;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no frame drawn at " + time + " within " + TIMEOUT_SECONDS + " s:\n" + out);
  }

  /** The session's row of a frame. */
  private static String row(String frame) {
    return frame.lines().filter(l -> l.startsWith("testagent ")).findFirst().orElseThrow(() -> new AssertionError(
        frame));
  }
}
