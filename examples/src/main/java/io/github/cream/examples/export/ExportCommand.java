package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.examples.cli.TerminalText;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cream export otlp|prometheus}: this machine's usage as OpenTelemetry metrics, for a team's backend. The one
 * command of the CLI that sends anything over the network, and only where the user points it.
 */
@Command(
    name = "cream export",
    sortOptions = false,
    synopsisSubcommandLabel = "otlp|prometheus",
    description = {
      "Publish this machine's usage as OpenTelemetry metrics for a team's backend: tokens, calls and cost by agent,"
          + " provider and model as cumulative counters (exact totals of the whole history, so a restart, a"
          + " schedule or two exporters never count a call twice), the current day's, week's and month's cost, and"
          + " the warm prompt caches. Resource: service.name, host.name, user.id.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {
      "Examples:",
      "  export OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
      "  cream export otlp --user-id alice@example.com     send the totals once (from cron, CI)",
      "  cream export otlp --watch                         and then every minute as agents write",
      "  cream export prometheus --listen 127.0.0.1:9464   serve them for Prometheus to scrape",
      "",
      "Metric names, attributes, PromQL and a team's setup: docs/telemetry.md."
    })
public final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** What the commands write to and read. */
  record Context(
      PrintStream out, PrintStream err, Environment env, Consumer<Cream.Builder> customizer, Tuning tuning) {

    /**
     * Waits until the process is interrupted (Ctrl-C) or, in tests, until the tuning says stop.
     *
     * @param name the shutdown hook's thread name
     */
    void awaitStop(String name) {
      CountDownLatch stop = new CountDownLatch(1);
      Thread hook = new Thread(stop::countDown, name);
      try {
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException e) {
        return; // already shutting down
      }
      try {
        while (!tuning.stop().getAsBoolean()) {
          if (stop.await(100, TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs
        }
      }
    }
  }

  /**
   * What tests change: the OTLP exporter's retries (the SDK's default otherwise: 5 attempts, backoff from 1 s to
   * 5 s) and when a long-running command stops (never, otherwise: Ctrl-C stops it).
   *
   * @param retry the retry policy, or null for the one the SDK configured
   * @param stop checked a few times a second; true ends {@code --watch} and {@code prometheus}
   */
  record Tuning(RetryPolicy retry, BooleanSupplier stop) {
    static final Tuning DEFAULT = new Tuning(null, () -> false);

    Tuning {
      Objects.requireNonNull(stop, "stop");
    }
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /**
   * Runs {@code cream export} with its own arguments (those after the word {@code export}).
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @param env the environment: the logs' locations and the {@code OTEL_*} variables
   * @param customizer applied to the engine's builder last
   * @return the exit status: 0 when the metrics were sent (or served until interrupted), 1 when they could not be,
   *     2 for a bad command line or {@code OTEL_*} variable
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, Environment env, Consumer<Cream.Builder> customizer) {
    return run(args, out, err, env, customizer, Tuning.DEFAULT);
  }

  static int run(
      String[] args, PrintStream out, PrintStream err, Environment env, Consumer<Cream.Builder> customizer,
      Tuning tuning) {
    Context ctx = new Context(out, err, env, customizer, tuning);
    CommandLine cl = new CommandLine(new ExportCommand());
    cl.addSubcommand(new CommandLine(new OtlpCommand(ctx)));
    cl.addSubcommand(new CommandLine(new PrometheusCommand(ctx)));
    cl.setUsageHelpWidth(100);
    cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cl.setParameterExceptionHandler((e, a) -> {
      String name = e.getCommandLine().getCommandName();
      err.println("cream: " + (name.startsWith("cream ") ? "export" : "export " + name) + ": "
          + TerminalText.line(e.getMessage()));
      return 2;
    });
    cl.setExecutionExceptionHandler((e, c, p) -> {
      err.println("cream: export: internal error: " + e.getClass().getName() + ": "
          + TerminalText.line(e.getMessage()));
      return 1;
    });
    int status = cl.execute(args);
    out.flush();
    err.flush();
    return status;
  }
}
