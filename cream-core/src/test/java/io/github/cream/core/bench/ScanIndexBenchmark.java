package io.github.cream.core.bench;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.FakeSource;
import io.github.cream.core.ScanStats;
import io.github.cream.core.TestFiles;
import io.github.cream.core.UsageSnapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The scan index benchmark: a history of about 2,000 transcripts (about 200 MB) shaped like Claude Code's (large
 * tool-result lines that carry no usage, usage lines of one to three kilobytes, streamed copies of a response),
 * scanned cold, then rescanned with nothing changed, then after a few appends. Not a test: run it with
 * {@code cream-core/benchmarks/scan-index.sh}, which also counts the system calls that touch the logs during a
 * no-change rescan.
 *
 * <pre>
 * ScanIndexBenchmark [--dir DIR] [--files N] [--mb MB] [--profile claude|dense] [--phase all|generate|rescan]
 * </pre>
 * {@code --profile dense} writes small usage lines only (about a million records for 2,000 files and 300 MB), to
 * measure loading a large index. {@code --phase rescan} runs one no-change rescan with a fresh instance and exits
 * (what a CLI's warm run does), for tracing.
 */
public final class ScanIndexBenchmark {

  private static final String LOREM =
      "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore "
          + "magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea "
          + "commodo consequat duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu ";

  private ScanIndexBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args see the class documentation
   * @throws IOException if the history cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "cream-bench");
    int files = 2000;
    int mb = 200;
    String profile = "claude";
    String phase = "all";
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--files" -> files = Integer.parseInt(args[i + 1]);
        case "--mb" -> mb = Integer.parseInt(args[i + 1]);
        case "--profile" -> profile = args[i + 1];
        case "--phase" -> phase = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path home = dir.toAbsolutePath().normalize();
    if (phase.equals("rescan")) {
      long t = System.nanoTime();
      UsageSnapshot s = cream(home).build().scan();
      print("rescan (fresh JVM)", t, s.stats(), s);
      return;
    }
    generate(home, files, (long) mb << 20, profile);
    if (phase.equals("generate")) {
      return;
    }
    TestFiles.deleteTree(home.resolve(".cache"));

    System.out.printf(Locale.ROOT, "history: %s, %d files, %.1f MB, profile %s, %d processors%n", home, files,
        size(home.resolve(".fake")) / 1048576.0, profile, Runtime.getRuntime().availableProcessors());
    long t = System.nanoTime();
    UsageSnapshot cold = cream(home).build().scan();
    print("cold scan (no index yet)", t, cold.stats(), cold);
    System.out.printf(Locale.ROOT, "index file: %.1f MB%n",
        Files.size(home.resolve(".cache/cream/scan-index-v2.bin")) / 1048576.0);

    List<Long> fresh = new ArrayList<>();
    UsageSnapshot last = null;
    for (int i = 0; i < 7; i++) {
      t = System.nanoTime();
      last = cream(home).build().scan(); // a new instance loads the index from disk, like a new process
      fresh.add(System.nanoTime() - t);
    }
    printNanos("no-change rescan, new instance (index loaded from disk), median of 7", median(fresh), last.stats(),
        last);

    Cream same = cream(home).build();
    same.scan();
    List<Long> kept = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      t = System.nanoTime();
      last = same.scan(); // the index stays in memory between scans of one instance (menu-bar app, watch)
      kept.add(System.nanoTime() - t);
    }
    printNanos("no-change rescan, same instance (index in memory), median of 7", median(kept), last.stats(), last);
    same = null; // let the instance and its in-memory index go before the next phases
    last = null;
    System.gc();

    Random rnd = new Random(99);
    List<Path> all = listFiles(home.resolve(".fake"));
    for (int i = 0; i < 10; i++) {
      Path f = all.get(rnd.nextInt(all.size()));
      Files.writeString(f, usageLine(rnd, "appended", Instant.parse("2026-11-21T10:00:00Z"), i, -1, false, 1500),
          StandardOpenOption.APPEND);
    }
    t = System.nanoTime();
    UsageSnapshot appended = cream(home).build().scan();
    print("rescan after appending one line to 10 files", t, appended.stats(), appended);
    appended = null;
    System.gc();

    List<Long> full = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      t = System.nanoTime();
      last = cream(home).noIndex().build().scan();
      full.add(System.nanoTime() - t);
    }
    printNanos("full scan without the index (--no-index), page cache warm, median of 3", median(full), last.stats(),
        last);
  }

  private static Cream.Builder cream(Path home) {
    return Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
        .discoverProviders(false)
        .source(new FakeSource());
  }

  private static void print(String what, long t0, ScanStats s, UsageSnapshot snap) {
    printNanos(what, System.nanoTime() - t0, s, snap);
  }

  private static void printNanos(String what, long nanos, ScanStats s, UsageSnapshot snap) {
    System.out.printf(Locale.ROOT,
        "%-75s %8.1f ms  filesScanned=%d filesRead=%d bytesRead=%d linesRead=%d records=%d calls=%d%n",
        what, nanos / 1e6, s.filesScanned(), s.filesRead(), s.bytesRead(), s.linesRead(), s.recordsRead(),
        snap.records().size());
  }

  private static long median(List<Long> xs) {
    List<Long> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  // ------------------------------------------------------------------------------------------ the history

  private static void generate(Path home, int files, long bytes, String profile) throws IOException {
    Path root = home.resolve(".fake");
    Path marker = home.resolve("generated-" + files + "-" + bytes + "-" + profile);
    if (Files.exists(marker)) {
      return;
    }
    TestFiles.deleteTree(home);
    Files.createDirectories(root);
    Random rnd = new Random(42);
    double[] weights = new double[files];
    double sum = 0;
    for (int i = 0; i < files; i++) {
      weights[i] = Math.exp(rnd.nextGaussian() * 1.1); // log-normal: many small transcripts, a few large ones
      sum += weights[i];
    }
    Instant start = Instant.parse("2026-09-20T00:00:00Z");
    for (int i = 0; i < files; i++) {
      long target = (long) (bytes * weights[i] / sum);
      Path f = root.resolve("-home-me-project" + (i % 40)).resolve(uuid(rnd) + ".jsonl");
      Files.createDirectories(f.getParent());
      String session = uuid(rnd);
      Instant t = start.plusSeconds(rnd.nextInt(60 * 86400));
      long written = 0;
      int call = 0;
      try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
        while (written < target) {
          String line;
          if (profile.equals("dense")) {
            line = usageLine(rnd, session, t, call++, i, call == 1, 60);
          } else if (rnd.nextInt(10) < 3) {
            line = toolLine(rnd, 2_000 + rnd.nextInt(rnd.nextInt(10) == 0 ? 60_000 : 12_000));
          } else {
            line = usageLine(rnd, session, t, call++, i, call == 1, 800 + rnd.nextInt(2000));
            if (rnd.nextInt(3) == 0) {
              // Claude Code writes a streamed response more than once: same ids, more output each time
              written += line.length();
              w.write(line);
              line = usageLine(rnd, session, t, call - 1, i, false, 800 + rnd.nextInt(2000));
            }
          }
          t = t.plusSeconds(5 + rnd.nextInt(120));
          written += line.length();
          w.write(line);
        }
      }
    }
    Files.createFile(marker);
  }

  private static String usageLine(Random rnd, String session, Instant t, int call, int file, boolean facts,
      int textBytes) {
    StringBuilder sb = new StringBuilder(textBytes + 400);
    sb.append("{\"s\":\"").append(session).append("\",\"t\":\"").append(t).append("\",\"m\":\"claude-opus-4-6\"")
        .append(",\"p\":\"anthropic\",\"in\":").append(1 + rnd.nextInt(20)).append(",\"cr\":")
        .append(20_000 + rnd.nextInt(150_000)).append(",\"w5\":").append(rnd.nextInt(4000)).append(",\"w1\":")
        .append(rnd.nextInt(2) * rnd.nextInt(3000)).append(",\"out\":").append(10 + rnd.nextInt(3000))
        .append(",\"k\":\"msg_").append(file).append('_').append(call).append("\",\"v\":\"req_").append(call)
        .append('"');
    if (facts) {
      sb.append(",\"title\":\"Refactor the scanner\",\"cwd\":\"/home/me/project").append(file % 40).append('"');
    }
    sb.append(",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"");
    appendText(sb, rnd, textBytes);
    sb.append("\"}]}}\n");
    return sb.toString();
  }

  private static String toolLine(Random rnd, int textBytes) {
    StringBuilder sb = new StringBuilder(textBytes + 200);
    sb.append("{\"type\":\"user\",\"uuid\":\"").append(uuid(rnd))
        .append("\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"content\":\"");
    appendText(sb, rnd, textBytes);
    sb.append("\"}]}}\n");
    return sb.toString();
  }

  private static void appendText(StringBuilder sb, Random rnd, int n) {
    int start = rnd.nextInt(LOREM.length());
    for (int i = 0; i < n; i++) {
      sb.append(LOREM.charAt((start + i) % LOREM.length()));
    }
  }

  private static String uuid(Random rnd) {
    return new java.util.UUID(rnd.nextLong(), rnd.nextLong()).toString();
  }

  private static List<Path> listFiles(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private static long size(Path root) throws IOException {
    long n = 0;
    for (Path p : listFiles(root)) {
      n += Files.size(p);
    }
    return n;
  }
}
