package io.github.cream.benchmarks;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole scan in one warmed-up process, beside its floor: {@code scan} is {@code Cream.scan()} without the scan
 * index over a generated history's home (every built-in source, all threads: the engine's default parallelism);
 * {@code readFloor} reads every byte of the same transcripts and finds every line end, parsing nothing, on as many
 * threads, largest files first ({@link JvmFloor#readAll}). The ratio of the two is what the engine adds to reading.
 * The setup prints the files and bytes it covers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class EndToEndBenchmark {

  /** The history's home directory (examples/benchmarks/jmh.sh generates one). */
  @Param("/tmp/cream-bench/history-64/home")
  public String history;

  private Cream cream;
  private List<Path> files;
  private long size;
  private int threads;
  private ExecutorService pool;

  /**
   * Lists the transcripts and builds the engine.
   *
   * @throws Exception if the history cannot be listed
   */
  @Setup
  public void setUp() throws Exception {
    Path home = Path.of(history);
    if (!Files.isDirectory(home)) {
      throw new IllegalStateException("no history at " + home + ": run examples/benchmarks/jmh.sh or pass -p history=DIR");
    }
    cream = Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
        .noIndex()
        .build();
    files = JvmFloor.transcripts(home);
    for (Path f : files) {
      size += Files.size(f);
    }
    threads = JvmFloor.threads();
    System.out.println("end-to-end: " + files.size() + " files, " + size + " bytes, " + threads + " threads");
    pool = Executors.newFixedThreadPool(threads);
  }

  /** Stops the floor's threads. */
  @TearDown
  public void tearDown() {
    pool.shutdownNow();
  }

  /**
   * One full scan, every file read and parsed.
   *
   * @return the snapshot
   */
  @Benchmark
  public Object scan() {
    return cream.scan();
  }

  /**
   * The floor: every byte of the same files read, every line end found.
   *
   * @return lines and bytes
   * @throws Exception if a file cannot be read
   */
  @Benchmark
  public long[] readFloor() throws Exception {
    return JvmFloor.readAll(files, pool);
  }
}
