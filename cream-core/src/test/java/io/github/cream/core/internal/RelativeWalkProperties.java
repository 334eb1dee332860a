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
import java.nio.file.attribute.PosixFilePermissions;
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
 * links, FIFOs and directories that cannot be listed.
 */
class RelativeWalkProperties {

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
      build(root, steps, locked);
      List<String> relative = new ArrayList<>();
      assertTrue(RelativeWalk.walk(root, recorder(relative)));
      List<String> reference = new ArrayList<>();
      RelativeWalk.walkFileTree(root, recorder(reference));
      assertEquals(reference, relative);
      // the top directory's sub-directories shared among threads: the same events, in the same order
      List<String> shared = new ArrayList<>();
      assertTrue(RelativeWalk.walk(root, recorder(shared), 3));
      assertEquals(reference, shared);
    } finally {
      for (Path p : locked) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
      }
      delete(root);
    }
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

  private static void build(Path root, List<Step> steps, List<Path> locked) throws IOException {
    List<Path> dirs = new ArrayList<>(List.of(root));
    List<Path> all = new ArrayList<>(List.of(root));
    int n = 0;
    for (Step s : steps) {
      Path parent = dirs.get(s.where() % dirs.size());
      Path p = parent.resolve("e" + n++);
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

  private static void delete(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
