package io.github.cream.core;

import io.github.cream.api.CacheState;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.internal.ChangeWatcher;
import io.github.cream.core.internal.Diagnostics;
import io.github.cream.core.internal.Engine;
import io.github.cream.core.internal.IndexEntry;
import io.github.cream.core.internal.ScanIndex;
import io.github.cream.core.internal.SessionRef;
import io.github.cream.spi.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running watch, started by {@link Cream#watch(WatchListener)}: a daemon thread that rescans incrementally when
 * files change and tells a {@link WatchListener}. Close it to stop; closing is prompt and idempotent.
 *
 * <p>How it works: the roots of every source are watched with the platform's file notifications (or polled, see
 * {@link Cream.Builder#watchPolling(Duration)}); when some changed file has been quiet for the debounce delay, an
 * incremental scan runs, which reads only what was appended (files that did not change cost one {@code stat}). The
 * result is compared with the previous one: new and dropped calls, sessions whose cache state or expiry changed,
 * new problems. Between changes the watch also wakes up when the earliest warm cache expires, so an expiry is
 * reported without any file changing. Scans use the scan index like {@link Cream#scan()} (an in-memory one with
 * {@link Cream.Builder#noIndex()}), so watching keeps the index current for other processes.
 */
public final class Watch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Watch.class);
  private static final long MAX_SLEEP_NANOS = TimeUnit.HOURS.toNanos(1);
  private static final long EXPIRY_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Engine engine;
  private final ScanIndex index;
  private final WatchListener listener;
  private final ChangeWatcher watcher;
  private final Thread thread;
  private volatile boolean open = true;

  private UsageSnapshot snapshot;
  private Map<IndexEntry.Key, IndexEntry> entries = Map.of();
  private Map<SessionRef, Object> cacheKeys = Map.of();
  private List<SessionCache> cacheStates = List.of();
  /** When {@link #cacheStates} were judged. */
  private Instant cacheStatesAt = Instant.MIN;
  private Set<Diagnostic> seenDiagnostics = Set.of();

  Watch(Engine engine, ScanIndex index, WatchListener listener, Duration debounce, Duration poll,
      Duration fallbackPoll) {
    this.engine = engine;
    this.index = index;
    this.listener = Objects.requireNonNull(listener, "listener");
    Diagnostics d = new Diagnostics();
    List<Path> roots = new ArrayList<>();
    for (var loaded : engine.config().sources()) {
      Source s = loaded.instance();
      roots.addAll(engine.roots(s, d));
    }
    this.watcher = new ChangeWatcher(roots, debounce, poll, fallbackPoll);
    this.thread = new Thread(this::run, "cream-watch");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Whether changes are found by polling rather than by file notifications.
   *
   * @return true when polling
   */
  public boolean polling() {
    return watcher.polling();
  }

  /**
   * Whether the watch is running.
   *
   * @return false once closed
   */
  public boolean isOpen() {
    return open;
  }

  /**
   * Stops the watch: no update is delivered after this returns (unless it is called from the listener itself, in
   * which case the update being delivered is the last). Waits up to a few seconds for a scan in progress to end.
   */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    watcher.close();
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      scanAndReport(true);
      while (open) {
        long now = System.nanoTime();
        boolean due = watcher.await(now + untilNextExpiry());
        if (!open) {
          break;
        }
        if (due) {
          scanAndReport(false);
        } else {
          reportCacheChanges();
        }
      }
    } catch (InterruptedException e) {
      // closed
    } finally {
      open = false;
      watcher.close();
    }
  }

  private long untilNextExpiry() {
    Instant now = engine.config().environment().now();
    Instant next = null;
    for (SessionCache c : cacheStates) {
      if (c.verdict().state() == CacheState.WARM) {
        // an expiry that was ahead when the verdicts were judged and has passed since (a long scan, a clock that
        // moved on) is due now; one already past then would only wake the watch for nothing
        Optional<Instant> e = c.verdict().expiresAt();
        if (e.isPresent() && e.get().isAfter(cacheStatesAt) && (next == null || e.get().isBefore(next))) {
          next = e.get();
        }
      }
    }
    if (next == null) {
      return MAX_SLEEP_NANOS;
    }
    long nanos;
    try {
      nanos = Duration.between(now, next).toNanos();
    } catch (ArithmeticException e) {
      return MAX_SLEEP_NANOS;
    }
    return Math.min(MAX_SLEEP_NANOS, Math.max(0, nanos) + EXPIRY_MARGIN_NANOS);
  }

  private void scanAndReport(boolean initial) {
    List<Diagnostic> problems = new ArrayList<>(watcher.drainProblems());
    Engine.Outcome outcome;
    try {
      outcome = engine.scan(index);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      LOG.warn("a watch scan failed", e);
      problems.add(
          Diagnostic.of(Severity.ERROR, "cream.watch.scan-failed",
              "a scan of the watch failed (" + e.getClass().getSimpleName() + "); the next change retries"));
      if (snapshot == null) {
        Diagnostics d = new Diagnostics();
        d.addAll(problems);
        snapshot = new UsageSnapshot(engine.empty(d), Filter.all());
      }
      deliver(new WatchUpdate(now(), initial, snapshot, List.of(), List.of(), List.of(), problems));
      return;
    }
    UsageSnapshot next = new UsageSnapshot(outcome.data(), Filter.all());
    List<PricedRecord> added;
    List<PricedRecord> removed;
    if (initial || snapshot == null) {
      added = next.data().recordsLoaded() ? next.records() : new AllRecords(next);
      removed = List.of();
    } else {
      List<List<PricedRecord>> diff = diff(snapshot, next, entries, outcome.entries());
      added = diff.get(0);
      removed = diff.get(1);
    }
    snapshot = next;
    entries = outcome.entries();
    List<SessionCache> changes = cacheChanges(initial);
    for (Diagnostic d : next.diagnostics()) {
      if (!seenDiagnostics.contains(d)) {
        problems.add(d);
      }
    }
    seenDiagnostics = new HashSet<>(next.diagnostics());
    WatchUpdate u = new WatchUpdate(now(), initial, next, added, removed, changes, problems);
    if (initial || !u.isEmpty()) {
      deliver(u);
    }
  }

  private void reportCacheChanges() {
    if (snapshot == null) {
      return;
    }
    List<SessionCache> changes = cacheChanges(false);
    if (!changes.isEmpty()) {
      deliver(new WatchUpdate(now(), false, snapshot, List.of(), List.of(), changes, List.of()));
    }
  }

  private List<SessionCache> cacheChanges(boolean initial) {
    List<SessionCache> states;
    Instant at = now();
    try {
      states = snapshot.cacheStates(at);
    } catch (RuntimeException e) {
      LOG.warn("cache states could not be evaluated", e);
      return List.of();
    }
    Map<SessionRef, Object> keys = new HashMap<>();
    List<SessionCache> changed = new ArrayList<>();
    for (SessionCache c : states) {
      SessionRef ref = new SessionRef(c.session().source(), c.session().sessionId());
      Object key = List.of(c.verdict().state(), c.verdict().expiresAt(), c.provider(), c.model());
      keys.put(ref, key);
      if (initial || !key.equals(cacheKeys.get(ref))) {
        changed.add(c);
      }
    }
    cacheKeys = keys;
    cacheStates = states;
    cacheStatesAt = at;
    return changed;
  }

  /**
   * The calls added and removed between two snapshots. Only records of files whose index entry changed, and of
   * the dedup groups those files touch, can differ: the rest is compared by reference of entries, not record by
   * record.
   */
  private static List<List<PricedRecord>> diff(
      UsageSnapshot beforeSnapshot,
      UsageSnapshot afterSnapshot,
      Map<IndexEntry.Key, IndexEntry> oldEntries,
      Map<IndexEntry.Key, IndexEntry> newEntries) {
    Set<Path> files = new HashSet<>();
    Set<String> groups = new HashSet<>();
    Set<IndexEntry.Key> keys = new HashSet<>(oldEntries.keySet());
    keys.addAll(newEntries.keySet());
    for (IndexEntry.Key k : keys) {
      IndexEntry o = oldEntries.get(k);
      IndexEntry n = newEntries.get(k);
      if (o != n) {
        touched(o, files, groups);
        touched(n, files, groups);
      }
    }
    if (files.isEmpty()) {
      return List.of(List.of(), List.of());
    }
    Predicate<PricedRecord> candidate =
        p -> {
          UsageRecord r = p.record();
          return files.contains(r.origin().file())
              || (r.dedupKey().isPresent() && groups.contains(r.source() + '\u0000' + r.dedupKey().get().group()));
        };
    List<PricedRecord> before = candidates(beforeSnapshot, candidate);
    List<PricedRecord> after = candidates(afterSnapshot, candidate);
    Set<PricedRecord> was = new HashSet<>();
    for (PricedRecord p : before) {
      if (candidate.test(p)) {
        was.add(p);
      }
    }
    Set<PricedRecord> is = new LinkedHashSet<>();
    for (PricedRecord p : after) {
      if (candidate.test(p)) {
        is.add(p);
      }
    }
    List<PricedRecord> added = new ArrayList<>();
    for (PricedRecord p : is) {
      if (!was.contains(p)) {
        added.add(p);
      }
    }
    List<PricedRecord> removed = new ArrayList<>();
    for (PricedRecord p : before) {
      if (was.contains(p) && !is.contains(p)) {
        removed.add(p);
      }
    }
    return List.of(added, removed);
  }

  /**
   * The calls of a snapshot a predicate keeps, in time order: from the records when they are in memory, else read a
   * group of files at a time, keeping only those.
   */
  private static List<PricedRecord> candidates(UsageSnapshot s, Predicate<PricedRecord> candidate) {
    List<PricedRecord> out = new ArrayList<>();
    s.data().forEachGroup(group -> {
      for (PricedRecord p : group) {
        if (candidate.test(p)) {
          out.add(p);
        }
      }
    });
    out.sort(Comparator.comparing((PricedRecord p) -> p.record().timestamp()).thenComparing(p -> p.record().origin()));
    return out;
  }

  private static void touched(IndexEntry e, Set<Path> files, Set<String> groups) {
    if (e == null) {
      return;
    }
    files.add(e.file());
    for (UsageRecord r : e.records()) {
      files.add(r.origin().file());
      if (r.dedupKey().isPresent()) {
        groups.add(r.source() + '\u0000' + r.dedupKey().get().group());
      }
    }
  }

  private Instant now() {
    return engine.config().environment().now();
  }

  private void deliver(WatchUpdate u) {
    if (!open) {
      return;
    }
    try {
      listener.onUpdate(u);
    } catch (RuntimeException | LinkageError | AssertionError e) {
      LOG.warn("a watch listener failed; the watch goes on", e);
    }
  }
}
