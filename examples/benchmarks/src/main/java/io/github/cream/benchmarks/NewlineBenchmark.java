package io.github.cream.benchmarks;

import io.github.cream.spi.Bytes;
import java.io.IOException;
import java.nio.file.Files;
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

/**
 * The framing's inner loop, the search for line ends, over the Claude transcripts of a generated history held in
 * memory: the engine's word-at-a-time search ({@link Bytes#indexOf(byte[], int, int, byte)}) against the plain byte
 * loop it replaced. The {@code bytes} counter is the throughput in bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class NewlineBenchmark {

  /** The history's home directory (examples/benchmarks/jmh.sh generates one). */
  @Param("/tmp/cream-bench/history-64/home")
  public String history;

  private byte[] data;

  /** Bytes searched, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counter {
    /** Bytes searched. */
    public long bytes;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void clean() {
      bytes = 0;
    }
  }

  /**
   * Loads up to 64 MiB of Claude transcripts.
   *
   * @throws IOException if they cannot be read
   */
  @Setup
  public void setUp() throws IOException {
    History.Files4 h = History.of(history, "claude");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Path f : h.files()) {
      if (out.size() > 64 << 20) {
        break;
      }
      out.write(Files.readAllBytes(f));
    }
    data = out.toByteArray();
  }

  /**
   * Counts the lines with the engine's search.
   *
   * @param c the counter
   * @return the number of lines
   */
  @Benchmark
  public int wordAtATime(Counter c) {
    int lines = 0;
    for (int i = Bytes.indexOf(data, 0, data.length, (byte) '\n'); i >= 0;
        i = Bytes.indexOf(data, i + 1, data.length, (byte) '\n')) {
      lines++;
    }
    c.bytes += data.length;
    return lines;
  }

  /**
   * Counts the lines with the plain byte loop the engine used before.
   *
   * @param c the counter
   * @return the number of lines
   */
  @Benchmark
  public int byteLoop(Counter c) {
    int lines = 0;
    for (int i = plainIndexOf(data, 0, data.length); i >= 0; i = plainIndexOf(data, i + 1, data.length)) {
      lines++;
    }
    c.bytes += data.length;
    return lines;
  }

  private static int plainIndexOf(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
