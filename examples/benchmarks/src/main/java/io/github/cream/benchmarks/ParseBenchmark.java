package io.github.cream.benchmarks;

import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse throughput of each built-in source on one thread: the engine's framing, the source's byte pre-filter and its
 * parser, over every transcript of that source in a generated history (files read from the page cache). One
 * operation is one pass over all of them; the {@code bytes} counter is the throughput in bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParseBenchmark {

  /** The source. */
  @Param({"claude", "codex", "pi", "openclaw"})
  public String source;

  /** The history's home directory (examples/benchmarks/jmh.sh generates one). */
  @Param("/tmp/cream-bench/history-64/home")
  public String history;

  private History.Files4 files;

  /** Bytes parsed, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Bytes {
    /** Bytes of transcripts parsed. */
    public long bytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void clean() {
      bytes = 0;
    }
  }

  /** Finds the source's files. */
  @Setup
  public void setUp() {
    files = History.of(history, source);
  }

  /**
   * One pass over the source's files.
   *
   * @param counter the bytes counter
   * @param bh the sink for the records
   */
  @Benchmark
  public void parse(Bytes counter, Blackhole bh) {
    for (Path f : files.files()) {
      bh.consume(ParserHarness.parse(files.source(), History.rootOf(files, f), f, files.environment()));
    }
    counter.bytes += files.bytes();
  }
}
