package io.github.cream.core.internal;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The names each directory held when a walk last listed it, so that the next walk lists again only the directories
 * that changed: a directory whose identity and modification time are those it had when it was listed holds the same
 * names (adding, removing or renaming an entry changes a directory's modification time). Its entries are still
 * stat'ed one by one, by path, so a file that grew is seen as before; only the directory is not opened and read.
 *
 * <p>A listing is trusted only once it has <em>settled</em>: when the directory had not changed for
 * {@link #SETTLE_NANOS} before it was listed. A directory changed just before or while it was listed can change again
 * within the same tick of the file system's clock (coarse on most file systems, seconds on some) and keep its
 * modification time; a settled one cannot without the clock having gone back that far. Recently changed directories
 * are simply listed again on every walk until they settle.
 *
 * <p>A listing is trusted for {@link #MAX_AGE_NANOS} after it was made, then the directory is listed again (and the
 * listing kept anew): on a file system that does not keep a directory's modification time (some network and
 * virtual ones), a file added there is found that much later, never lost.
 *
 * <p>Keys are the directories' paths as the walk reached them. Only directories whose path and names are plain
 * ASCII are kept (any other text may not name the same entry again, in a locale without its characters). A listing
 * is a pure cache: a damaged or missing file of listings costs only the time of listing every directory again, never
 * a file; a name that no longer exists makes the walk list its directory again.
 */
final class DirectoryListings {

  /** How long a directory must have been unchanged when it was listed for its listing to be trusted. */
  static final long SETTLE_NANOS = TimeUnit.MINUTES.toNanos(5);

  /** How long after it was made a listing is trusted. */
  static final long MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(10);

  /** No listing: every directory is listed. */
  static final DirectoryListings NONE = new DirectoryListings(Map.of());

  /**
   * One directory's listing.
   *
   * @param key the directory's file key ({@code (dev=..,ino=..)} on Linux), or null where there is none
   * @param mtimeNanos its modification time when it was listed
   * @param listedAtNanos when it was listed, nanoseconds since the epoch by the system clock
   * @param names its entries' names, in the order the walk told them
   */
  record Listing(String key, long mtimeNanos, long listedAtNanos, String[] names) {

    /** Whether the directory had not changed for {@link #SETTLE_NANOS} when it was listed. */
    boolean settled() {
      return mtimeNanos <= listedAtNanos - SETTLE_NANOS;
    }

    /** Whether it can be trusted at a time: settled, and made at most {@link #MAX_AGE_NANOS} before. */
    boolean trusted(long nowNanos) {
      return settled() && nowNanos >= listedAtNanos && nowNanos - listedAtNanos <= MAX_AGE_NANOS;
    }

    /** Whether a directory with these attributes is the one listed, unchanged. */
    boolean describes(String key, long mtimeNanos) {
      return this.mtimeNanos == mtimeNanos && java.util.Objects.equals(this.key, key);
    }

    boolean sameNames(List<String> other) {
      if (names.length != other.size()) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        if (!names[i].equals(other.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Where the listings are: in a map (made by walks), or in the bytes of a file, decoded as asked for. */
  interface Table {
    /** How many directories. */
    int size();

    /** A directory's listing, or null. */
    Listing get(String directory);

    /** Every directory with its listing. */
    void forEach(java.util.function.BiConsumer<String, Listing> action);

    /**
     * A directory's listing when it was made of the directory with this key and modification time, or null.
     *
     * @param directory the directory's path text
     * @param key its key now, or null
     * @param mtimeNanos its modification time now
     * @return the listing, or null
     */
    default Listing describing(String directory, String key, long mtimeNanos) {
      Listing l = get(directory);
      return l != null && l.describes(key, mtimeNanos) ? l : null;
    }
  }

  private final Table table;

  DirectoryListings(Table table) {
    this.table = table;
  }

  /**
   * Listings held in a map.
   *
   * @param byDirectory each directory's listing, by its path's text
   * @return the listings
   */
  static DirectoryListings of(Map<String, Listing> byDirectory) {
    return new DirectoryListings(Map.copyOf(byDirectory));
  }

  private DirectoryListings(Map<String, Listing> byDirectory) {
    this(new Table() {
      @Override
      public int size() {
        return byDirectory.size();
      }

      @Override
      public Listing get(String directory) {
        return byDirectory.get(directory);
      }

      @Override
      public void forEach(java.util.function.BiConsumer<String, Listing> action) {
        byDirectory.forEach(action);
      }
    });
  }

  /**
   * How many directories are listed.
   *
   * @return the count
   */
  int size() {
    return table.size();
  }

  /**
   * A directory's listing, whatever its state.
   *
   * @param directory the directory's path text
   * @return the listing, or null
   */
  Listing get(String directory) {
    return table.get(directory);
  }

  /**
   * Every directory with its listing.
   *
   * @param action what to do with each
   */
  void forEach(java.util.function.BiConsumer<String, Listing> action) {
    table.forEach(action);
  }

  /**
   * A walk's use of these listings: what it may trust, and what it listed.
   *
   * @return a new use (thread-safe: the threads of a walk share it)
   */
  Use use() {
    return new Use(this);
  }

  /** What the walks of one scan trusted and listed; the next scan's listings come out of it. */
  static final class Use {
    private final DirectoryListings before;
    private final long at = nowNanos();
    // what each walking thread trusted or listed, in a map of its own (one shared map was ~4% of a warm walk's CPU,
    // its threads contending for its counter): a directory walked twice in one scan may be in two of them
    private final Map<Thread, Map<String, Listing>> now = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.LongAdder trusted = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean changed;

    private Use(DirectoryListings before) {
      this.before = before;
    }

    /**
     * The names of a directory, when its listing can be trusted.
     *
     * @param directory the directory's path as the walk reached it
     * @param attributes its attributes, as the walk read them (links followed)
     * @return its names in the order a walk told them, or null to list it
     */
    String[] names(Path directory, BasicFileAttributes attributes) {
      if (before.size() == 0) {
        return null;
      }
      String text = directory.toString();
      Listing l = before.table.describing(text, keyOf(attributes), nanos(attributes.lastModifiedTime()));
      if (l == null || !l.trusted(at)) {
        return null;
      }
      mine().put(text, l);
      trusted.increment();
      return l.names();
    }

    /**
     * How many directories were walked from their listing (or, for a stale one, listed after all) so far.
     *
     * @return the count
     */
    long trusted() {
      return trusted.sum();
    }

    /**
     * A directory listed (completely: a listing that stopped early is not kept).
     *
     * @param directory the directory's path as the walk reached it
     * @param attributes its attributes, read before it was listed
     * @param names the names listed, in the order the walk told them
     */
    void listed(Path directory, BasicFileAttributes attributes, List<String> names) {
      String text = directory.toString();
      if (!StoredPath.isAscii(text) || !allAscii(names)) {
        return; // a text that may not name the same path again (a locale without the characters): never kept
      }
      Listing fresh = new Listing(keyOf(attributes), nanos(attributes.lastModifiedTime()), nowNanos(),
          names.toArray(new String[0]));
      Listing old = before.get(text);
      if (old != null && old.describes(fresh.key(), fresh.mtimeNanos()) && old.sameNames(names)
          && !fresh.settled()) {
        mine().put(text, old); // nothing new to keep: saved again, it would not be trusted either
        return;
      }
      mine().put(text, fresh);
      changed = true;
    }

    /**
     * The listings to keep after the walks of a scan: those trusted or made now, and those of directories not below
     * any walked root (another configuration's), or null when they are the same as before.
     *
     * @param walked the roots walked
     * @return the next listings, or null
     */
    DirectoryListings next(Collection<Path> walked) {
      List<String> roots = new ArrayList<>();
      for (Path r : walked) {
        String t = r.toString();
        roots.add(t.endsWith("/") ? t : t + "/");
      }
      long kept = 0;
      for (Map<String, Listing> m : now.values()) {
        kept += m.size();
      }
      if (!changed && kept == before.size()) {
        // nothing listed anew: what was trusted or listed again is all there was (a directory counted twice hides
        // at most that another was not reached this time, whose listing is then kept: every listing is checked
        // against its directory before it is trusted)
        return null;
      }
      Map<String, Listing> next = new HashMap<>();
      now.values().forEach(next::putAll);
      boolean[] dropped = {false};
      before.forEach((directory, listing) -> {
        if (!next.containsKey(directory)) {
          if (under(directory, roots)) {
            dropped[0] = true; // a directory that is gone, or was not reached this time
          } else {
            next.put(directory, listing); // another configuration's
          }
        }
      });
      return changed || dropped[0] ? new DirectoryListings(next) : null;
    }

    /** The calling thread's map. */
    private Map<String, Listing> mine() {
      Thread t = Thread.currentThread();
      Map<String, Listing> m = now.get(t);
      if (m == null) {
        m = new HashMap<>(Math.max(16, before.size() / 2));
        now.put(t, m);
      }
      return m;
    }

    private static boolean allAscii(List<String> names) {
      for (String n : names) {
        if (!StoredPath.isAscii(n)) {
          return false;
        }
      }
      return true;
    }

    private static boolean under(String directory, List<String> roots) {
      for (String r : roots) {
        if (directory.startsWith(r)) {
          return true;
        }
      }
      return false;
    }
  }

  static String keyOf(BasicFileAttributes attributes) {
    Object key = attributes.fileKey();
    return key == null ? null : key.toString();
  }

  static long nanos(FileTime t) {
    return t == null ? 0 : t.to(TimeUnit.NANOSECONDS);
  }

  private static long nowNanos() {
    java.time.Instant now = java.time.Instant.now(); // the files' clock: never the scan's configured one
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
