package io.github.cream.core.internal;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a long-running engine, before a scan, that nothing it reads changed since the last check: then the scan's
 * answer is the last one, and no file needs even its metadata read. Unlike {@link ChangeWatcher}, a "quiet" here is
 * trusted, so the fence is only set up where notifications are complete:
 *
 * <ul>
 *   <li>Linux's inotify (the JDK's native watch service there), on a local file system;
 *   <li>every directory under the roots is watched, and no symbolic link is met below a root (a change behind a
 *       link is not reported where the link is); a root reached through links (a home's dot-folder kept elsewhere)
 *       must still lead where it led;
 *   <li>the index directory is watched too (another process's save, an enrichment, a forgotten history), and a root
 *       missing when the fence was set up must still be missing.
 * </ul>
 *
 * <p>A notification travels from the kernel to the watch service's own thread before a {@link WatchService#poll}
 * sees it, so a change made just before a check could still be on its way. Each check therefore touches a file of
 * the fence's own (in a directory of its own in the index directory, so nothing else touches it) and waits for that
 * notification: inotify reports the events of one watch service in the order they happened, so every change made
 * before the touch has been seen by then. A check that does not see it in time answers that the fence ended.
 *
 * <p>Any event answers "changed"; the events are then dropped, as the scan that follows reads the metadata of every
 * file anyway. What may need another directory watched (a directory or link created or moved in, a watched directory
 * gone, whose key is then no longer valid, an overflow) also ends the fence: the engine sets up a new one later. A new
 * log (a regular file) does not: it needs no watch of its own.
 */
final class QuietFence implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QuietFence.class);

  /** File systems whose changes inotify reports whoever makes them (network file systems only report local ones). */
  private static final Set<String> LOCAL = Set.of(
      "ext2", "ext3", "ext4", "ext2/ext3", "xfs", "btrfs", "tmpfs", "f2fs", "zfs", "bcachefs", "jfs", "reiserfs",
      "overlay");

  /**
   * More directories than this are not watched: each is a kernel watch, and the user's other programs (an IDE, a
   * sync client) need theirs. A quarter of the user's limit (8,192 by default on older kernels), at most 65,536.
   */
  static final int MAX_DIRECTORIES = maxDirectories();

  private static int maxDirectories() {
    try {
      // by lines: the file says its size is 0, and a read of the whole file may stop short
      List<String> limit = Files.readAllLines(Path.of("/proc/sys/fs/inotify/max_user_watches"));
      return (int) Math.min(65_536, Long.parseLong(limit.get(0).trim()) / 4);
    } catch (IOException | RuntimeException e) {
      return 2_048;
    }
  }

  /**
   * At most this many fences are open in a process: each holds an inotify instance, and a user has 128 of them by
   * default for all their programs. An engine dropped with its fence open gives it back only when it is collected.
   */
  static final int MAX_OPEN = 4;

  private static final AtomicInteger OPEN = new AtomicInteger();

  /** How long a check waits for its own touch: it comes within a millisecond, unless the machine is starved. */
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final WatchService service;
  private final Map<WatchKey, Boolean> keys = new HashMap<>(); // key -> whether it watches a directory under a root
  private final List<Path> missing;
  private final Map<Path, Path> real = new HashMap<>(); // each existing root, and where its links led
  private final Path marker;
  private WatchKey markerKey;
  private boolean open = true;

  private QuietFence(WatchService service, List<Path> missing, Path marker) {
    this.service = service;
    this.missing = missing;
    this.marker = marker;
  }

  /**
   * Sets up a fence, if the trees allow one, on a platform where one is {@linkplain #possible possible}.
   *
   * @param roots the roots the sources discover below (absolute, normalized), existing or not
   * @param indexDirectory the index directory (absolute, normalized)
   * @param marker the file a check touches, alone in a directory no one else writes ({@link #marker})
   * @return the fence, or null when none can be trusted here
   */
  static QuietFence arm(List<Path> roots, Path indexDirectory, Path marker) {
    if (OPEN.incrementAndGet() > MAX_OPEN) {
      OPEN.decrementAndGet();
      return null;
    }
    WatchService ws = null;
    QuietFence fence = null; // holds the count once made
    boolean handed = false;
    try {
      if (!local(indexDirectory)) {
        return null;
      }
      ws = FileSystems.getDefault().newWatchService();
      if (ws.getClass().getName().contains("Polling")) {
        return null;
      }
      fence = new QuietFence(ws, new ArrayList<>(), marker);
      fence.markerKey = fence.watch(marker.getParent(), false);
      fence.watch(indexDirectory, false);
      for (Path root : roots) {
        if (!Files.exists(root)) {
          fence.missing.add(root);
          continue;
        }
        fence.real.put(root, root.toRealPath());
        if (!local(root) || !fence.watchTree(root)) {
          return null;
        }
      }
      handed = true;
      return fence;
    } catch (IOException | RuntimeException e) {
      LOG.debug("no fence for quiet rescans", e);
      return null;
    } finally {
      // a fence handed out holds the count and the watch service until it is closed
      if (!handed && fence != null) {
        fence.close(); // its watch service closed, the count given back
      } else if (!handed) {
        OPEN.decrementAndGet();
        if (ws != null) {
          try {
            ws.close();
          } catch (IOException ignored) {
            // not set up anyway
          }
        }
      }
    }
  }

  private WatchKey watch(Path directory, boolean underRoot) throws IOException {
    WatchKey key = directory.register(service, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    keys.put(key, underRoot);
    return key;
  }

  /**
   * Whether fences can be set up on this platform at all: Linux, where the JDK's watch service is inotify.
   *
   * @return the answer
   */
  static boolean possible() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }

  /**
   * Makes a marker for fences: a file alone in a new directory of its own in the index directory
   * ({@code fence-<pid>-<random>}, 0700, so that nothing else touches it), both deleted when the process exits.
   * Those left by processes that no longer run (killed) are deleted first.
   *
   * @param indexDirectory the index directory
   * @return the file
   * @throws IOException if it cannot be made
   */
  static Path marker(Path indexDirectory) throws IOException {
    deleteStaleMarkers(indexDirectory);
    Path own = Files.createTempDirectory(indexDirectory, "fence-" + ProcessHandle.current().pid() + "-");
    own.toFile().deleteOnExit(); // deleted in the reverse order: the marker first
    Path marker = Files.createFile(own.resolve("marker"));
    marker.toFile().deleteOnExit();
    return marker;
  }

  private static void deleteStaleMarkers(Path indexDirectory) {
    try (DirectoryStream<Path> all = Files.newDirectoryStream(indexDirectory, "fence-*")) {
      for (Path p : all) {
        String[] parts = p.getFileName().toString().split("-", 3);
        if (parts.length == 3 && parts[1].chars().allMatch(Character::isDigit) && !parts[1].isEmpty()
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
          deleteMarker(p.resolve("marker"));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("stale fence markers could not be listed", e);
    }
  }

  /**
   * Deletes a marker and its directory.
   *
   * @param marker the file {@link #marker} made
   */
  static void deleteMarker(Path marker) {
    try {
      Files.deleteIfExists(marker);
      Files.deleteIfExists(marker.getParent());
    } catch (IOException | RuntimeException e) {
      LOG.debug("the fences' marker could not be deleted", e);
    }
  }

  /** A directory on a local file system. */
  private static boolean local(Path directory) throws IOException {
    return LOCAL.contains(Files.getFileStore(directory).type().toLowerCase(Locale.ROOT));
  }

  /** Watches a directory and every one below it; false at the first link or when there are too many. */
  private boolean watchTree(Path directory) throws IOException {
    if (keys.size() >= MAX_DIRECTORIES) {
      return false;
    }
    watch(directory, true); // before it is listed: what changes while it is listed is reported
    List<Path> below = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
          return false;
        }
        if (a.isDirectory()) {
          below.add(entry);
        }
      }
    }
    for (Path d : below) {
      if (!watchTree(d)) {
        return false;
      }
    }
    return true;
  }

  /** What a check found. */
  enum Check {
    /** Nothing changed since the last check. */
    QUIET,
    /** Something changed; the fence still covers every directory. */
    CHANGED,
    /** Something changed, and the fence may no longer cover everything: it is closed. */
    ENDED
  }

  /**
   * Whether anything changed since the last check (or since the fence was set up). Drops the events it saw.
   *
   * @return the answer
   */
  synchronized Check check() {
    if (!open) {
      return Check.ENDED;
    }
    for (Path root : missing) {
      if (Files.exists(root)) {
        return end();
      }
    }
    for (Map.Entry<Path, Path> r : real.entrySet()) {
      try {
        if (!r.getKey().toRealPath().equals(r.getValue())) {
          return end(); // a link on the way now leads elsewhere
        }
      } catch (IOException | RuntimeException e) {
        return end();
      }
    }
    try {
      FileTime now = FileTime.fromMillis(System.currentTimeMillis());
      Files.getFileAttributeView(marker, BasicFileAttributeView.class).setTimes(now, null, null);
    } catch (IOException | RuntimeException e) {
      return end();
    }
    Path markerName = marker.getFileName();
    boolean changed = false;
    long deadline = System.nanoTime() + WAIT_NANOS;
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        WatchKey key = left > 0 ? service.poll(left, TimeUnit.NANOSECONDS) : null;
        if (key == null) {
          return end(); // the touch was not reported in time: nothing can be told
        }
        boolean touched = false;
        for (WatchEvent<?> e : key.pollEvents()) {
          if (key == markerKey) {
            touched |= e.kind() == StandardWatchEventKinds.ENTRY_MODIFY && markerName.equals(e.context());
            continue;
          }
          if (e.kind() == StandardWatchEventKinds.OVERFLOW
              || e.kind() == StandardWatchEventKinds.ENTRY_CREATE && Boolean.TRUE.equals(keys.get(key))
                  && !regularFile((Path) key.watchable(), e.context())) {
            return end();
          }
          changed = true;
        }
        if (!key.reset()) {
          return end();
        }
        if (touched) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return end();
    } catch (ClosedWatchServiceException e) {
      return end();
    }
    // events already queued after the touch are for the next check
    return changed ? Check.CHANGED : Check.QUIET;
  }

  /**
   * Whether a new entry is a regular file, which needs no watch of its own (a new log, the usual creation). A
   * directory or a link needs one or cannot have one; an entry gone again is no longer there to watch.
   */
  private static boolean regularFile(Path directory, Object name) {
    if (!(name instanceof Path p)) {
      return false;
    }
    try {
      return Files.readAttributes(directory.resolve(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isRegularFile();
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private Check end() {
    close();
    return Check.ENDED;
  }

  /**
   * Whether as many fences are open as a process may have.
   *
   * @return the answer
   */
  static boolean atLimit() {
    return OPEN.get() >= MAX_OPEN;
  }

  @Override
  public synchronized void close() {
    if (open) {
      open = false;
      OPEN.decrementAndGet();
      keys.clear();
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("closing the fence's watch service failed", e);
      }
    }
  }
}
