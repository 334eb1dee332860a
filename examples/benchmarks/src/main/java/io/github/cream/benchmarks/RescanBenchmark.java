package io.github.cream.benchmarks;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A rescan in a long-running process (a menu-bar app, the dashboard, a watch): {@code Cream.scan()} then the daily
 * report, on the same instance, with the scan index, nothing changed since the last scan. The setup scans once and
 * prints the number of files, so the figure per 1,000 files is the score divided by files / 1,000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RescanBenchmark {

  /** The history's home directory (for example a shape of generate_history.py --shape). */
  @Param("/tmp/cream-shapes/subagents/home")
  public String history;

  private Cream cream;

  /**
   * Builds the engine over a private copy of nothing but the logs: its index lives in a directory of its own.
   *
   * @throws Exception if the history is missing
   */
  @Setup
  public void setUp() throws Exception {
    Path home = Path.of(history);
    if (!Files.isDirectory(home)) {
      throw new IllegalStateException("no history at " + home + ": pass -p history=DIR");
    }
    cream = Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
        .indexDirectory(Files.createTempDirectory("cream-rescan-index"))
        .build();
    System.out.println("rescan: " + cream.scan().stats().filesScanned() + " files");
  }

  /**
   * A rescan with nothing changed, and the daily report of it.
   *
   * @return the report
   */
  @Benchmark
  public Report rescan() {
    return cream.scan().daily(ZoneOffset.UTC);
  }
}
