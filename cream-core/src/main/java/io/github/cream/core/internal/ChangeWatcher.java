package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when the files under some roots changed, so that an incremental scan can pick the changes up. It never
 * says what changed: the scan finds that out from file metadata, so no change can be lost to a coalesced or
 * dropped notification.
 *
 * <p>With the platform's {@link WatchService}, every directory under the roots is registered (new ones as they
 * appear; a missing root is awaited through its nearest existing ancestor). Each changed file gets its own
 * debounce deadline: a scan is due when some file has been quiet for the debounce delay, or at the latest four
 * delays after its first unscanned change, so a file written without pause is still picked up. An
 * {@code OVERFLOW} (events dropped by the platform) makes a scan due as well. Where notifications are not
 * available or not reliable (registration fails, too many directories, or the JDK only polls, as on macOS), it
 * falls back to polling: a scan is due every poll interval, and a scan whose files did not change costs only
 * their metadata.
 *
 * <p>One thread calls {@link #await}; {@link #close} may be called from any thread and wakes it.
 */
public final class ChangeWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

  private final List<Path> roots;
  private final long debounceNanos;
  private final long maxDelayNanos;
  private final long pollNanos;
  private final List<Diagnostic> problems = new ArrayList<>();
  private volatile WatchService service;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final Set<Path> watchedDirectories = new HashSet<>();
  /** Per changed path: {first unscanned change, deadline}. */
  private final Map<Path, long[]> pending = new HashMap<>();
  private static final Path OVERFLOW = Path.of("");
  private long nextPoll;
  private volatile boolean closed;
  private final ReentrantLock sleepLock = new ReentrantLock();
  private final Condition wake = sleepLock.newCondition();

  /**
   * Starts watching.
   *
   * @param roots the directories to watch, recursively; missing ones are awaited
   * @param debounce how long a file must be quiet before a scan is due
   * @param pollInterval poll at this interval instead of using notifications, or null to use them where they work
   * @param fallbackPollInterval the interval to poll at when notifications do not work
   */
  public ChangeWatcher(List<Path> roots, Duration debounce, Duration pollInterval, Duration fallbackPollInterval) {
    this.roots = List.copyOf(roots);
    this.debounceNanos = Math.max(0, debounce.toNanos());
    this.maxDelayNanos = Math.max(debounceNanos * 4, TimeUnit.MILLISECONDS.toNanos(50));
    Duration poll = pollInterval != null ? pollInterval : fallbackPollInterval;
    this.pollNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), poll.toNanos());
    if (pollInterval == null) {
      startService();
    }
    if (service == null) {
      nextPoll = System.nanoTime() + pollNanos;
    }
  }

  private void startService() {
    try {
      WatchService ws = FileSystems.getDefault().newWatchService();
      if (ws.getClass().getName().contains("Polling")) {
        // the JDK only polls here (macOS), every few seconds: polling ourselves is as cheap and more prompt
        ws.close();
        problems.add(
            Diagnostic.of(Severity.INFO, "cream.watch.polling",
                "file change notifications are emulated by polling on this platform; cream polls for changes "
                    + "itself"));
        return;
      }
      service = ws;
      for (Path root : roots) {
        registerRoot(root);
      }
    } catch (IOException | RuntimeException e) {
      fallBack(e);
    }
  }

  private void fallBack(Exception e) {
    LOG.debug("file change notifications failed; polling instead", e);
    problems.add(
        Diagnostic.of(Severity.INFO, "cream.watch.polling",
            "file change notifications could not be set up (" + e.getClass().getSimpleName()
                + "); cream polls for changes instead"));
    if (service != null) {
      try {
        service.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    service = null;
    keys.clear();
    watchedDirectories.clear();
    nextPoll = System.nanoTime();
  }

  /**
   * Whether changes are found by polling.
   *
   * @return true when polling
   */
  public boolean polling() {
    return service == null;
  }

  /**
   * Problems met since the last call (notifications unavailable, say).
   *
   * @return the problems, now forgotten
   */
  public List<Diagnostic> drainProblems() {
    List<Diagnostic> out = List.copyOf(problems);
    problems.clear();
    return out;
  }

  private void registerRoot(Path root) throws IOException {
    if (Files.isDirectory(root)) {
      registerTree(root);
      return;
    }
    // wait for the root to appear: watch the nearest directory that exists
    Path p = root.getParent();
    while (p != null && !Files.isDirectory(p)) {
      p = p.getParent();
    }
    if (p != null) {
      register(p);
    }
  }

  private void registerTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
            register(d);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private void register(Path dir) throws IOException {
    Path d = dir.toAbsolutePath().normalize();
    if (watchedDirectories.add(d)) {
      WatchKey key = d.register(
          service,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      keys.put(key, d);
    }
  }

  private boolean underRoot(Path p) {
    for (Path r : roots) {
      if (p.startsWith(r)) {
        return true;
      }
    }
    return false;
  }

  private boolean onTheWayToRoot(Path p) {
    for (Path r : roots) {
      if (r.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Waits until a scan is due, the deadline passes or the watcher is closed.
   *
   * @param deadlineNanos the latest {@link System#nanoTime()} to return at
   * @return true when a scan is due (every pending change is then considered taken)
   * @throws InterruptedException if the thread is interrupted
   */
  public boolean await(long deadlineNanos) throws InterruptedException {
    while (!closed) {
      long now = System.nanoTime();
      if (service == null) {
        if (now - nextPoll >= 0) {
          nextPoll = now + pollNanos;
          return true;
        }
        long until = Math.min(nextPoll, deadlineNanos);
        if (now - deadlineNanos >= 0) {
          return false;
        }
        sleepUntil(until);
        continue;
      }
      long due = dueAt();
      if (due != Long.MAX_VALUE && now - due >= 0) {
        pending.clear();
        return true;
      }
      if (now - deadlineNanos >= 0) {
        return false;
      }
      long until = Math.min(deadlineNanos, due == Long.MAX_VALUE ? deadlineNanos : due);
      WatchKey key;
      try {
        long wait = Math.max(0, until - now);
        key = service.poll(wait, TimeUnit.NANOSECONDS);
      } catch (ClosedWatchServiceException e) {
        return false;
      }
      while (key != null) {
        handle(key);
        key = service.poll();
      }
    }
    return false;
  }

  private long dueAt() {
    long due = Long.MAX_VALUE;
    for (long[] p : pending.values()) {
      due = Math.min(due, p[1]);
    }
    return due;
  }

  private void handle(WatchKey key) {
    Path dir = keys.get(key);
    long now = System.nanoTime();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
        touch(OVERFLOW, now); // events were lost: the scan looks at every file anyway
        continue;
      }
      Object context = event.context();
      if (!(context instanceof Path name)) {
        continue;
      }
      Path child = dir.resolve(name);
      if (!underRoot(child)) {
        if (onTheWayToRoot(child) && event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
          try {
            for (Path r : roots) {
              if (r.startsWith(child)) {
                registerRoot(r);
              }
            }
          } catch (IOException | RuntimeException e) {
            fallBack(e);
            return;
          }
          touch(child, now);
        }
        continue;
      }
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        try {
          registerTree(child); // files written before the registration are found by the scan
        } catch (IOException | RuntimeException e) {
          fallBack(e);
          return;
        }
      }
      touch(child, now);
    }
    if (!key.reset()) {
      Path gone = keys.remove(key);
      if (gone != null) {
        watchedDirectories.remove(gone);
        if (onTheWayToRoot(gone) || roots.contains(gone)) {
          // a root (or a directory above one) went away: wait for it again
          try {
            for (Path r : roots) {
              if (r.startsWith(gone)) {
                registerRoot(r);
              }
            }
          } catch (IOException | RuntimeException e) {
            fallBack(e);
          }
        }
        touch(gone, now);
      }
    }
  }

  private void touch(Path p, long now) {
    long[] d = pending.get(p);
    if (d == null) {
      pending.put(p, new long[] {now, now + debounceNanos});
    } else {
      d[1] = Math.min(now + debounceNanos, d[0] + maxDelayNanos);
    }
  }

  private void sleepUntil(long until) throws InterruptedException {
    sleepLock.lock();
    try {
      long wait = until - System.nanoTime();
      if (wait > 0 && !closed) {
        wake.awaitNanos(wait);
      }
    } finally {
      sleepLock.unlock();
    }
  }

  /**
   * Wakes {@link #await} now, as if the deadline had passed.
   */
  public void wakeUp() {
    sleepLock.lock();
    try {
      wake.signalAll();
    } finally {
      sleepLock.unlock();
    }
  }

  /**
   * Whether {@link #close} was called.
   *
   * @return true once closed
   */
  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    WatchService ws = service;
    if (ws != null) {
      try {
        ws.close();
      } catch (IOException e) {
        LOG.debug("closing the watch service failed", e);
      }
    }
    wakeUp();
  }

  @Override
  public String toString() {
    return "ChangeWatcher[" + (polling() ? "polling" : "notifications") + ", " + roots.size() + " roots]";
  }
}
