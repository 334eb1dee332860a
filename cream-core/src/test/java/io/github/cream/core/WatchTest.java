package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.Environment;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watching real files as they are written. Timeouts are generous and only bound how long a failing test waits;
 * nothing here asserts how fast anything is.
 */
class WatchTest {

  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path home;

  /** Warm for a fixed time after the last call, for provider "prov". */
  static final class ShortTtl implements CacheStrategy {
    private final Duration ttl;

    ShortTtl(Duration ttl) {
      this.ttl = ttl;
    }

    @Override
    public String id() {
      return "short-ttl";
    }

    @Override
    public OptionalInt supports(String provider, String model) {
      return provider.equals("prov") ? OptionalInt.of(10) : OptionalInt.empty();
    }

    @Override
    public CacheVerdict evaluate(CacheHistory history, Instant now) {
      UsageRecord last = history.calls().get(history.calls().size() - 1);
      Instant expires = last.timestamp().plus(ttl);
      return CacheVerdict.builder(id(), now.isBefore(expires) ? CacheState.WARM : CacheState.COLD)
          .lastActivity(last.timestamp())
          .expiresAt(expires)
          .confidence(Confidence.HIGH)
          .build();
    }
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
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

  private Cream.Builder cream(boolean polling) {
    return cream(polling, Clock.systemUTC());
  }

  private Cream.Builder cream(boolean polling, Clock clock) {
    Cream.Builder b =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), clock))
            .discoverProviders(false)
            .bundledPrices(false)
            .source(new FakeSource())
            .watchDebounce(Duration.ofMillis(50));
    return polling ? b.watchPolling(Duration.ofMillis(50)) : b;
  }

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  private static void append(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String line(String session, long in) {
    return line(session, Instant.now(), in);
  }

  private static String line(String session, Instant at, long in) {
    return Lines.call(session, at.truncatedTo(ChronoUnit.MILLIS).toString(), in, 1) + "\n";
  }

  /** Collects updates and waits for one that satisfies a condition. */
  static final class Updates implements WatchListener {
    final BlockingQueue<WatchUpdate> queue = new LinkedBlockingQueue<>();
    final List<WatchUpdate> all = new ArrayList<>();

    @Override
    public void onUpdate(WatchUpdate update) {
      queue.add(update);
    }

    WatchUpdate await(Predicate<WatchUpdate> condition) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (System.nanoTime() < deadline) {
        WatchUpdate u = queue.poll(100, TimeUnit.MILLISECONDS);
        if (u != null) {
          all.add(u);
          if (condition.test(u)) {
            return u;
          }
        }
      }
      throw new AssertionError("no matching update within " + TIMEOUT_SECONDS + " s; got " + all.size());
    }

    long addedInput() {
      return all.stream().filter(u -> !u.initial()).flatMap(u -> u.added().stream())
          .mapToLong(p -> p.record().tokens().input()).sum()
          - all.stream().filter(u -> !u.initial()).flatMap(u -> u.removed().stream())
              .mapToLong(p -> p.record().tokens().input()).sum();
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void appendedRecordsAreDelivered(boolean polling) throws Exception {
    Path a = root().resolve("p/a.jsonl");
    append(a, line("s1", 10));
    Updates updates = new Updates();
    try (Watch watch = cream(polling).build().watch(updates)) {
      assertEquals(polling, watch.polling());
      WatchUpdate first = updates.await(WatchUpdate::initial);
      assertEquals(1, first.added().size());
      assertEquals(10, first.snapshot().totals().tokens().input());
      assertEquals(1, first.cacheChanges().size(), "the initial update carries every session's cache state");

      append(a, line("s1", 20));
      WatchUpdate next = updates.await(u -> u.snapshot().totals().tokens().input() == 30);
      assertFalse(next.initial());
      assertEquals(20, updates.addedInput());

      // a new directory and a file in it, created while watching
      append(root().resolve("q/new/b.jsonl"), line("s2", 5));
      updates.await(u -> u.snapshot().totals().tokens().input() == 35);
      assertEquals(25, updates.addedInput());
    }
  }

  @org.junit.jupiter.api.Test
  void aWatchOverAWarmIndexReadsCallsOnlyWhenAskedAndDiffsThemExactly() throws Exception {
    Path a = root().resolve("p/a.jsonl");
    Path b = root().resolve("p/b.jsonl");
    append(a, line("s1", 10) + line("s1", 11));
    append(b, line("s2", 12));
    List<PricedRecord> all = cream(true).build().scan().records(); // writes the index
    Updates updates = new Updates();
    try (Watch watch = cream(true).build().watch(updates)) {
      assertTrue(watch.polling());
      WatchUpdate first = updates.await(WatchUpdate::initial);
      assertFalse(first.snapshot().data().recordsLoaded(), "the saved answer, no call decoded");
      assertEquals(3, first.added().size());
      assertFalse(first.isEmpty());
      assertFalse(first.snapshot().data().recordsLoaded(), "the calls' count is known without reading them");
      assertEquals(all, List.copyOf(first.added()), "and reading them gives every call");

      append(a, line("s1", 20));
      updates.await(u -> u.snapshot().totals().tokens().input() == 53);
      assertEquals(20, updates.addedInput());
    }
  }

  @ParameterizedTest(name = "polling={0}")
  @ValueSource(booleans = {false, true})
  void manyFilesChangingAtOnceLoseNothing(boolean polling) throws Exception {
    Files.createDirectories(root());
    Updates updates = new Updates();
    try (Watch watch = cream(polling).build().watch(updates)) {
      updates.await(WatchUpdate::initial);
      long expected = 0;
      for (int round = 0; round < 3; round++) {
        for (int f = 0; f < 60; f++) {
          append(root().resolve("d" + (f % 7)).resolve("f" + f + ".jsonl"), line("s" + f, f + 1));
          expected += f + 1;
        }
      }
      long want = expected;
      WatchUpdate last = updates.await(u -> u.snapshot().totals().tokens().input() == want);
      assertEquals(want, updates.addedInput(), "every appended record was delivered exactly once");
      assertEquals(180, last.snapshot().records().size());
      Set<PricedRecord> delivered = new HashSet<>();
      updates.all.stream().filter(u -> !u.initial()).forEach(u -> delivered.addAll(u.added()));
      assertEquals(Set.copyOf(last.snapshot().records()), delivered);
      assertTrue(watch.isOpen());
    }
  }

  @Test
  void aRootThatAppearsLaterIsWatched() throws Exception {
    Updates updates = new Updates();
    try (Watch watch = cream(false).build().watch(updates)) {
      updates.await(WatchUpdate::initial);
      assertFalse(Files.exists(home.resolve(".fake")));
      append(home.resolve(".fake/sessions/a.jsonl"), line("s1", 7));
      updates.await(u -> u.snapshot().totals().tokens().input() == 7);
      assertTrue(watch.isOpen());
    }
  }

  @Test
  void aWarmCacheExpiringIsReportedWithoutAnyFileChange() throws Exception {
    // the cache's clock is the test's: however slow the machine, the call is warm until the test moves time on
    TestClock clock = new TestClock(Instant.parse("2026-11-21T19:00:00Z"));
    append(root().resolve("a.jsonl"), line("s1", clock.instant(), 10));
    Updates updates = new Updates();
    Cream cream = cream(false, clock).cacheStrategy(new ShortTtl(Duration.ofSeconds(2))).build();
    try (Watch watch = cream.watch(updates)) {
      WatchUpdate first = updates.await(WatchUpdate::initial);
      assertEquals(CacheState.WARM, first.cacheChanges().get(0).verdict().state());
      // the watch wakes at the expiry it computed (2 s away) and finds the clock past it
      clock.advance(Duration.ofSeconds(3));
      WatchUpdate expired = updates.await(u -> !u.cacheChanges().isEmpty());
      assertEquals(CacheState.COLD, expired.cacheChanges().get(0).verdict().state());
      assertTrue(expired.added().isEmpty(), "no file changed");
      // a new call warms it again
      append(root().resolve("a.jsonl"), line("s1", clock.instant(), 1));
      WatchUpdate warm = updates.await(u -> !u.cacheChanges().isEmpty());
      assertEquals(CacheState.WARM, warm.cacheChanges().get(0).verdict().state());
      assertTrue(watch.isOpen());
    }
  }

  @Test
  void problemsAreDeliveredAndAFailingListenerDoesNotStopTheWatch() throws Exception {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1));
    Updates updates = new Updates();
    AtomicBoolean thrown = new AtomicBoolean();
    WatchListener flaky = u -> {
      updates.onUpdate(u);
      if (thrown.compareAndSet(false, true)) {
        throw new IllegalStateException("listener bug");
      }
    };
    try (Watch watch = cream(false).build().watch(flaky)) {
      updates.await(WatchUpdate::initial);
      append(a, "{\"t\":\"broken\n");
      WatchUpdate bad = updates.await(u -> !u.diagnostics().isEmpty());
      assertEquals("fake.line.invalid", bad.diagnostics().get(0).code());
      append(a, line("s1", 2));
      updates.await(u -> u.snapshot().totals().tokens().input() == 3);
      assertTrue(watch.isOpen());
    }
  }

  @Test
  void closingStopsTheWatchAndNoIndexWatchesWriteNothing() throws Exception {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1));
    Updates updates = new Updates();
    Watch watch = cream(false).noIndex().build().watch(updates);
    updates.await(WatchUpdate::initial);
    append(a, line("s1", 2));
    updates.await(u -> u.snapshot().totals().tokens().input() == 3);
    watch.close();
    assertFalse(watch.isOpen());
    watch.close(); // idempotent
    append(a, line("s1", 4));
    assertNull(updates.queue.poll(500, TimeUnit.MILLISECONDS), "nothing after close");
    assertFalse(Files.exists(home.resolve(".cache")), "a watch without the index keeps its state in memory");
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("cream-watch") && t.isAlive()), "the watch thread ended");
  }

  @Test
  void aWatchKeepsTheIndexCurrentForOtherProcesses() throws Exception {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1));
    Updates updates = new Updates();
    try (Watch watch = cream(false).build().watch(updates)) {
      updates.await(WatchUpdate::initial);
      append(a, line("s1", 2));
      WatchUpdate u = updates.await(x -> x.snapshot().totals().tokens().input() == 3);
      assertNotNull(u);
      UsageSnapshot other = cream(false).build().scan();
      assertEquals(3, other.totals().tokens().input());
      assertEquals(0, other.stats().filesRead(), "the watch already saved what it read");
      assertTrue(watch.isOpen());
    }
  }
}
