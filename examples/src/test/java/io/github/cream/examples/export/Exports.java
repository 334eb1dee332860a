package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Runs {@code cream export} in-process, to the end or in the background, and reads what it printed. */
final class Exports {

  /** Retries as the SDK's policy does, a hundred times faster. */
  static final RetryPolicy FAST_RETRY = RetryPolicy.builder().setMaxAttempts(3)
      .setInitialBackoff(Duration.ofMillis(10)).setMaxBackoff(Duration.ofMillis(50)).build();

  private Exports() {}

  /** What a run printed. */
  record Result(int status, String out, String err) {
    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
  }

  /** A run in the background: stop it, then read its result. */
  static final class Running {
    private final AtomicBoolean stop;
    private final CompletableFuture<Integer> status;
    private final ByteArrayOutputStream out;
    private final ByteArrayOutputStream err;

    private Running(AtomicBoolean stop, CompletableFuture<Integer> status, ByteArrayOutputStream out,
        ByteArrayOutputStream err) {
      this.stop = stop;
      this.status = status;
      this.out = out;
      this.err = err;
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    boolean done() {
      return status.isDone();
    }

    Result stop() throws Exception {
      stop.set(true);
      int s = status.get(60, TimeUnit.SECONDS);
      return new Result(s, out(), err());
    }
  }

  static Result run(Environment env, Consumer<Cream.Builder> customizer, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      // a long-running command stops at once: a run that should have failed never hangs the test
      status = ExportCommand.run(args, o, e, env, customizer,
          new ExportCommand.Tuning(FAST_RETRY, () -> true));
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Running start(Environment env, Consumer<Cream.Builder> customizer, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicBoolean stop = new AtomicBoolean();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> ExportCommand.run(args, o, e, env,
        customizer, new ExportCommand.Tuning(FAST_RETRY, stop::get)));
    return new Running(stop, status, out, err);
  }

  /** Waits for a condition, at most a minute (never a hang); false when it did not come. */
  static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return condition.getAsBoolean();
  }

  /** A port nothing listens on now. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
