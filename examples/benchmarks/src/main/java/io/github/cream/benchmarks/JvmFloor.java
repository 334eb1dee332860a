package io.github.cream.benchmarks;

import io.github.cream.spi.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the JVM costs before cream does any work of its own: the floors under the CLI's wall time, measured by
 * {@code versus-ccusage.sh} in the same runs as the tools.
 *
 * <pre>
 * java -cp benchmarks.jar io.github.cream.benchmarks.JvmFloor empty        # start and exit
 * java -cp benchmarks.jar io.github.cream.benchmarks.JvmFloor read HOME    # read every transcript, find every line
 * java -cp benchmarks.jar io.github.cream.benchmarks.JvmFloor stat HOME    # list and stat them, read the index
 * </pre>
 *
 * {@code read} is a first scan without parsing anything: every transcript of the four agents read in 1 MiB blocks on
 * two threads (largest files first) and every line end found with the engine's search. {@code stat} is a no-change
 * rescan without decoding or reporting anything: the transcripts listed and stat'ed, the scan index read.
 */
public final class JvmFloor {

  private JvmFloor() {}

  private static final String[] ROOTS = {
    ".claude/projects", ".codex/sessions", ".codex/archived_sessions", ".pi/agent/sessions", ".openclaw/agents"
  };

  /**
   * Runs one floor.
   *
   * @param args {@code empty}, or {@code read} or {@code stat} and the history's home
   * @throws Exception if the files cannot be read
   */
  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "empty" : args[0]) {
      case "read" -> read(Path.of(args[1]));
      case "stat" -> stat(Path.of(args[1]));
      default -> System.out.println("{}");
    }
  }

  /** Every transcript of the four built-in agents under a home. */
  static List<Path> transcripts(Path home) throws IOException {
    return transcripts(home, null);
  }

  /** The engine's default number of threads: the processors, at most 8. */
  static int threads() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  private static List<Path> transcripts(Path home, List<Long> sizes) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String r : ROOTS) {
      Path root = home.resolve(r);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
        if (ds instanceof SecureDirectoryStream<Path> secure) {
          relative(secure, files, sizes); // each entry stat'ed relative to its open directory, as the engine walks
          continue;
        }
      }
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
          visit(f, a, files, sizes);
          return FileVisitResult.CONTINUE;
        }
      });
    }
    return files;
  }

  private static void visit(Path f, BasicFileAttributes a, List<Path> files, List<Long> sizes) {
    if (f.getFileName().toString().endsWith(".jsonl")) {
      files.add(f);
      if (sizes != null) {
        sizes.add(a.size() ^ a.lastModifiedTime().toMillis());
      }
    }
  }

  private static void relative(SecureDirectoryStream<Path> dir, List<Path> files, List<Long> sizes) throws IOException {
    try (dir) {
      for (Path p : dir) {
        Path name = p.getFileName();
        BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class).readAttributes();
        if (a.isDirectory()) {
          relative(dir.newDirectoryStream(name), files, sizes);
        } else if (a.isRegularFile()) {
          visit(p, a, files, sizes);
        }
      }
    }
  }

  private static void read(Path home) throws Exception {
    List<Path> files = transcripts(home, null);
    ExecutorService pool = Executors.newFixedThreadPool(threads());
    long[] r = readAll(files, pool);
    pool.shutdown();
    System.out.println("{\"files\":" + files.size() + ",\"bytes\":" + r[1] + ",\"lines\":" + r[0] + "}");
  }

  /**
   * Reads every byte of the files in 1 MiB blocks on the pool, largest files first, and finds every line end with the
   * engine's search; parses nothing.
   *
   * @return the lines and the bytes
   */
  static long[] readAll(List<Path> files, ExecutorService pool) throws Exception {
    // each file's size looked up once (a comparator that asked for it would stat every file on every comparison)
    long[] sizes = new long[files.size()];
    Integer[] byIndex = new Integer[files.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = files.get(i).toFile().length();
      byIndex[i] = i;
    }
    java.util.Arrays.sort(byIndex, Comparator.comparingLong((Integer i) -> sizes[i]).reversed());
    List<Path> order = new ArrayList<>(files.size());
    for (Integer i : byIndex) {
      order.add(files.get(i));
    }
    ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[1 << 20]);
    List<Future<long[]>> parts = new ArrayList<>();
    for (Path p : order) {
      parts.add(pool.submit(() -> {
        byte[] b = buffers.get();
        long lines = 0;
        long bytes = 0;
        try (FileChannel ch = FileChannel.open(p)) {
          int n;
          while ((n = ch.read(ByteBuffer.wrap(b))) > 0) {
            bytes += n;
            for (int i = Bytes.indexOf(b, 0, n, (byte) '\n'); i >= 0; i = Bytes.indexOf(b, i + 1, n, (byte) '\n')) {
              lines++;
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return new long[] {lines, bytes};
      }));
    }
    long lines = 0;
    long bytes = 0;
    for (Future<long[]> f : parts) {
      lines += f.get()[0];
      bytes += f.get()[1];
    }
    return new long[] {lines, bytes};
  }

  private static void stat(Path home) throws IOException {
    List<Long> stats = new ArrayList<>();
    List<Path> files = transcripts(home, stats);
    long index = 0;
    try (var s = Files.list(home.resolve(".cache/cream"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList()) {
        index += Files.readAllBytes(p).length;
      }
    } catch (IOException e) {
      index = -1;
    }
    System.out.println("{\"files\":" + files.size() + ",\"index\":" + index + "}");
  }
}
