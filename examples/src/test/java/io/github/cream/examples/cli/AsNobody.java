package io.github.cream.examples.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI in a child JVM as the unprivileged user {@code nobody} ({@code setpriv}), for the cases root cannot
 * see: root reads every file whatever its permissions, and CI runs as root. The test class path is copied where
 * {@code nobody} can read it.
 */
final class AsNobody {

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static Path classPath;

  private AsNobody() {}

  static boolean available() {
    return Files.isExecutable(SETPRIV);
  }

  /** Runs the CLI with HOME set; files under HOME that are not locked are opened up for {@code nobody}. */
  static Scans.Run cli(Path home, String... args) throws IOException, InterruptedException {
    openUp(home);
    List<String> cmd = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534",
        "--clear-groups", "--", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", classPath(), Main.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", "/usr/bin:/bin");
    Path out = Files.createTempFile("cream-out", ".txt");
    Path err = Files.createTempFile("cream-err", ".txt");
    try {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the child CLI did not finish");
      }
      return new Scans.Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Makes the home and its ancestors traversable and its files readable, except those already locked (mode 0). */
  private static void openUp(Path home) throws IOException {
    for (Path p = home; p != null; p = p.getParent()) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
      perms.add(PosixFilePermission.OTHERS_EXECUTE);
      Files.setPosixFilePermissions(p, perms);
    }
    Files.walkFileTree(home, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (Files.getPosixFilePermissions(dir).isEmpty()) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isSymbolicLink() && !Files.getPosixFilePermissions(file).isEmpty()) {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** The test class path, copied once into a folder everyone can read. */
  private static synchronized String classPath() throws IOException {
    if (classPath == null) {
      Path dir = Files.createTempDirectory("cream-cp");
      List<String> entries = new ArrayList<>();
      int i = 0;
      for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path src = Path.of(e);
        if (!Files.exists(src)) {
          continue;
        }
        Path dst = dir.resolve(i++ + "-" + src.getFileName());
        copy(src, dst);
        entries.add(dst.toString());
      }
      openUp(dir);
      classPath = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      System.setProperty("cream.test.nobody-cp", String.join(File.pathSeparator, entries));
    }
    return System.getProperty("cream.test.nobody-cp");
  }

  private static void delete(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temporary folder left behind
    }
  }

  private static void copy(Path src, Path dst) throws IOException {
    if (Files.isRegularFile(src)) {
      Files.copy(src, dst);
      return;
    }
    try (var walk = Files.walk(src)) {
      walk.forEach(p -> {
        try {
          Path t = dst.resolve(src.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(t);
          } else {
            Files.copy(p, t);
          }
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
    }
  }
}
