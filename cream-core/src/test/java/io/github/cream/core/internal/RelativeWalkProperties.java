package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.core.TestFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The relative walk reports what {@code Files.walkFileTree} with {@code FOLLOW_LINKS} reports, event for event, on
 * random trees of directories, files, links to files and to directories (siblings and ancestors: loops), broken
 * links, FIFOs and directories that cannot be listed; it tells the files in the order of their paths' texts, and
 * a walk shared among threads tells exactly what one thread tells, in the same order.
 */
class RelativeWalkProperties {

  private static final String[] SUFFIXES = {"-", ".", "!", "_"};

  /** One step of building a tree: what to make, and where (an index into what exists so far). */
  record Step(int kind, int where, int target) {}

  @Provide
  Arbitrary<List<Step>> trees() {
    return Arbitraries.integers().between(0, 6).flatMap(kind ->
            Arbitraries.integers().between(0, 40).flatMap(where ->
                Arbitraries.integers().between(0, 40).map(target -> new Step(kind, where, target))))
        .list().ofMinSize(1).ofMaxSize(30);
  }

  @Property(tries = 150)
  void theSameEventsAsWalkFileTree(@ForAll("trees") List<Step> steps) throws IOException {
    Path root = Files.createTempDirectory("cream-walk");
    List<Path> locked = new ArrayList<>();
    try {
      assumeTrue(secure(root), "directory streams are not secure here");
      build(root, steps, locked, "e");
      List<String> relative = new ArrayList<>();
      assertTrue(RelativeWalk.walk(root, recorder(relative)));
      List<String> reference = new ArrayList<>();
      RelativeWalk.walkFileTree(root, recorder(reference));
      assertEquals(sorted(reference), sorted(relative)); // the same events (walkFileTree's in listing order)
      List<String> filesMet = filePaths(relative);
      assertEquals(sorted(filesMet), filesMet); // names here are plain ASCII: files in the order of their texts
      // the top directory's sub-directories shared among threads: the same events, in the same order
      List<String> shared = new ArrayList<>();
      assertTrue(RelativeWalk.walk(root, recorder(shared), 3, null));
      assertEquals(relative, shared);
    } finally {
      for (Path p : locked) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
      }
      TestFiles.deleteTree(root);
    }
  }

  /**
   * A walk from the listings of an earlier walk tells exactly what a walk that lists every directory tells: when
   * nothing changed (every listing trusted), after entries were added and removed (changed directories listed
   * again), and when a name vanished from a directory whose modification time was put back (the listing is stale:
   * the directory is listed again).
   */
  @Property(tries = 100)
  void aWalkFromListingsTellsWhatAWalkThatListsTells(
      @ForAll("trees") List<Step> steps, @ForAll("trees") List<Step> more, @ForAll int pick) throws IOException {
    Path root = Files.createTempDirectory("cream-walk");
    List<Path> locked = new ArrayList<>();
    try {
      assumeTrue(secure(root), "directory streams are not secure here");
      build(root, steps, locked, "e");
      FileTime settled = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
      backdate(root, settled);
      DirectoryListings.Use first = DirectoryListings.NONE.use();
      assertEquals(walk(root, null, 1), walk(root, first, 3));
      DirectoryListings listings = first.next(List.of(root));
      DirectoryListings kept = listings == null ? DirectoryListings.NONE : listings;
      for (int threads : new int[] {1, 3}) {
        DirectoryListings.Use again = kept.use();
        assertEquals(walk(root, null, 1), walk(root, again, threads));
        assertEquals(null, again.next(List.of(root)), "nothing changed: nothing new to keep");
        assertEquals(kept.size(), again.trusted(), "every directory listed before is walked from its listing");
      }

      List<Path> files = regularFiles(root, locked);
      if (!files.isEmpty()) {
        Path gone = files.get(Math.floorMod(pick, files.size()));
        Files.delete(gone);
        Files.setLastModifiedTime(gone.getParent(), settled); // as if it had vanished within the same tick
        assertEquals(walk(root, null, 1), walk(root, kept.use(), 3));
      }

      build(root, directories(root, locked), more, locked, "f"); // entries added to listed directories too
      for (int threads : new int[] {1, 3}) {
        assertEquals(walk(root, null, 1), walk(root, kept.use(), threads));
      }
    } finally {
      for (Path p : locked) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
      }
      TestFiles.deleteTree(root);
    }
  }

  private static List<String> walk(Path root, DirectoryListings.Use listings, int threads) {
    List<String> events = new ArrayList<>();
    assertTrue(RelativeWalk.walk(root, recorder(events), threads, listings));
    return events;
  }

  /**
   * What a tree holds, links not followed: its directories (the root first), those that cannot be listed, and its
   * regular files.
   */
  private record Tree(List<Path> directories, List<Path> unlistable, List<Path> files) {}

  private static Tree survey(Path root) throws IOException {
    Tree t = new Tree(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        t.directories().add(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          t.files().add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        t.unlistable().add(file); // a directory that cannot be listed
        return FileVisitResult.CONTINUE;
      }
    });
    return t;
  }

  /** Sets every directory's modification time (links not followed; locked directories too). */
  private static void backdate(Path root, FileTime time) throws IOException {
    Tree t = survey(root);
    for (Path d : t.directories()) {
      Files.setLastModifiedTime(d, time);
    }
    for (Path d : t.unlistable()) {
      Files.setLastModifiedTime(d, time);
    }
  }

  /** The directories below the root (the root first), links not followed, locked ones left out. */
  private static List<Path> directories(Path root, List<Path> locked) throws IOException {
    List<Path> dirs = new ArrayList<>(survey(root).directories());
    dirs.removeAll(locked);
    return dirs;
  }

  /** The regular files below the root that can be deleted (not in a locked directory). */
  private static List<Path> regularFiles(Path root, List<Path> locked) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path f : survey(root).files()) {
      if (!locked.contains(f.getParent())) {
        files.add(f);
      }
    }
    return files;
  }

  private static List<String> sorted(List<String> events) {
    List<String> copy = new ArrayList<>(events);
    copy.sort(null);
    return copy;
  }

  /** The paths of the files told, in the order told. */
  private static List<String> filePaths(List<String> events) {
    List<String> paths = new ArrayList<>();
    for (String e : events) {
      if (e.startsWith("file ")) {
        paths.add(e.substring(5, e.indexOf(" regular=")));
      }
    }
    return paths;
  }

  private static boolean secure(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      return s instanceof SecureDirectoryStream;
    }
  }

  private static RelativeWalk.Visitor recorder(List<String> events) {
    return new RelativeWalk.Visitor() {
      @Override
      public void visitFile(Path file, BasicFileAttributes a) {
        events.add("file " + file + " regular=" + a.isRegularFile() + " link=" + a.isSymbolicLink() + " other="
            + a.isOther() + " size=" + (a.isRegularFile() ? a.size() : -1) + " key=" + a.fileKey()
            + " mtime=" + a.lastModifiedTime());
      }

      @Override
      public void visitFileFailed(Path path, IOException e) {
        events.add("failed " + path + " " + e.getClass().getName());
      }

      @Override
      public void postVisitDirectory(Path directory, IOException e) {
        events.add("done " + directory + (e == null ? "" : " " + e.getClass().getName()));
      }
    };
  }

  private static void build(Path root, List<Step> steps, List<Path> locked, String prefix) throws IOException {
    build(root, List.of(root), steps, locked, prefix);
  }

  /** Builds below {@code dirs}, the directories to start from (the root first). */
  private static void build(Path root, List<Path> existing, List<Step> steps, List<Path> locked, String prefix)
      throws IOException {
    List<Path> dirs = new ArrayList<>(existing);
    List<Path> all = new ArrayList<>(List.of(root));
    int n = 0;
    for (Step s : steps) {
      Path parent = dirs.get(s.where() % dirs.size());
      // names that are prefixes of others in one directory: "e1", "e1-", "e1.", "e1!" ('-', '.', '!' sort before
      // the separator '/' that follows a directory's name in its files' paths), "e10"
      Path p = parent.resolve(prefix + n / 2 + (n % 2 == 0 ? "" : SUFFIXES[s.target() % SUFFIXES.length]));
      n++;
      Path target = all.get(s.target() % all.size());
      switch (s.kind()) {
        case 0 -> {
          Files.createDirectory(p);
          dirs.add(p);
        }
        case 1, 2 -> Files.writeString(p, "x".repeat(s.target()));
        case 3 -> Files.createSymbolicLink(p, target); // a file, a sibling directory or an ancestor (a loop)
        case 4 -> Files.createSymbolicLink(p, parent.resolve("missing"));
        case 5 -> {
          if (!TestFiles.mkfifo(p)) {
            Files.writeString(p, "");
          }
        }
        default -> {
          Files.createDirectory(p);
          Files.writeString(p.resolve("inside"), "y");
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
          locked.add(p);
        }
      }
      all.add(p);
    }
  }
}
