package io.github.cream.examples.export;

import io.github.cream.examples.cli.TerminalText;
import io.github.cream.otel.CreamMetrics;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cream export otlp [--watch]}: sends the metrics to an OTLP endpoint, once, or at every export interval.
 * Failures are bounded: each export is retried with backoff a few times (the SDK's policy), then given up with one
 * line saying why; nothing is lost, since the next export carries the cumulative totals.
 */
@Command(
    name = "otlp",
    sortOptions = false,
    header = "Send the metrics to an OTLP endpoint (gRPC or HTTP), once or with --watch at every interval.",
    description = {
      "The endpoint (an OpenTelemetry Collector, Prometheus, a vendor) and how to reach it come from the standard"
          + " variables: OTEL_EXPORTER_OTLP_ENDPOINT (or _METRICS_ENDPOINT), OTEL_EXPORTER_OTLP_PROTOCOL"
          + " (grpc, the default, or http/protobuf), OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION, _CERTIFICATE,"
          + " OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME; with --watch, OTEL_METRIC_EXPORT_INTERVAL (ms, default"
          + " 60000).",
      "",
      "Once: the totals are sent and the command exits 0, or 1 with one line when the endpoint could not take them"
          + " after a few tries (run it again later: the totals lose nothing). --watch: keeps running, follows the"
          + " logs, and sends the totals at every interval; a failed send is one line, and the next one catches up."
    })
final class OtlpCommand implements Callable<Integer> {

  @Mixin ExportOptions options;

  @Option(names = "--watch",
      description = "Keep running: follow the logs and send the totals at every export interval (Ctrl-C to stop).")
  boolean watch;

  private final ExportCommand.Context ctx;

  OtlpCommand(ExportCommand.Context ctx) {
    this.ctx = ctx;
  }

  /** How the export SDK was set up, learnt while it was built. */
  private static final class Setup {
    volatile GatedExporter gate;
    volatile int attempts = 1;
    volatile Duration timeout = Duration.ofSeconds(10);
    volatile Duration maxBackoff = Duration.ZERO;
    volatile Duration interval = Duration.ofSeconds(60);
  }

  @Override
  public Integer call() {
    PrintStream out = ctx.out();
    PrintStream err = ctx.err();
    ExportOptions.Settings settings;
    OtlpEndpoint endpoint;
    try {
      settings = options.settings();
      endpoint = OtlpEndpoint.of(ctx.env());
    } catch (BadArgument e) {
      err.println("cream: export otlp: " + e.getMessage());
      return 2;
    }
    ctx.env().get("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE")
        .filter(v -> !v.strip().equalsIgnoreCase("cumulative"))
        .ifPresent(v -> err.println("cream: export otlp: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE is"
            + " ignored: cream's counters are totals, always sent as cumulative"));
    OtelLog log = OtelLog.install();
    log.take();
    Map<String, String> overrides = new HashMap<>();
    overrides.put("otel.metrics.exporter", "otlp");
    overrides.put("otel.exporter.otlp.metrics.temporality.preference", "cumulative");
    if (!watch) {
      overrides.put("otel.metric.export.interval", String.valueOf(TimeUnit.DAYS.toMillis(1))); // sent by hand
    }
    Setup setup = new Setup();
    SendResults results = new SendResults(err, endpoint, log, watch);
    try (UsageFeed feed = UsageFeed.open(ctx.env(), settings, ctx.customizer(), watch)) {
      if (feed.empty()) {
        err.println("cream: export otlp: no agent logs were found under the sources' roots; nothing to send");
        return 0;
      }
      Telemetry telemetry;
      try {
        telemetry = Telemetry.build(ctx.env(), overrides, settings.userId(), (b, c) -> b,
            (exporter, config) -> gate(exporter, config, setup, results));
      } catch (BadArgument e) {
        err.println("cream: export otlp: " + e.getMessage());
        return 2;
      }
      if (setup.gate == null) {
        telemetry.close();
        err.println("cream: export otlp: the OpenTelemetry SDK configured no OTLP exporter");
        return 1;
      }
      String configWarning = log.take();
      if (configWarning != null) {
        err.println("cream: export otlp: " + TerminalText.line(configWarning));
      }
      results.timeZone(feed.zone(settings));
      CreamMetrics metrics = CreamMetrics.builder(feed::snapshot).clock(feed.environment().clock())
          .zone(feed.zone(settings)).firstDayOfWeek(settings.firstDay()).register(telemetry.openTelemetry());
      try {
        CompletableResultCode first = telemetry.flush();
        Duration bound = setup.timeout.plus(setup.maxBackoff).multipliedBy(setup.attempts).plusSeconds(10);
        first.join(bound.toMillis(), TimeUnit.MILLISECONDS);
        String who = telemetry.identity();
        if (!watch) {
          setup.gate.stopSending(); // the SDK's shutdown would send the same totals again
          telemetry.close();
          Boolean sent = results.outcome(); // the reader's flush succeeds even when the export failed
          if (sent == null) {
            err.println("cream: export otlp: " + endpoint + " did not answer within " + bound.toSeconds()
                + " s; nothing is lost: the next export sends the cumulative totals");
            return 1;
          }
          if (!sent) {
            err.println("cream: export otlp: could not send to " + endpoint + ": " + results.lastReason()
                + (setup.attempts > 1 ? " (tried " + setup.attempts + " times)" : "")
                + "; nothing is lost: the next export sends the cumulative totals");
            return 1;
          }
          out.println("cream: sent " + feed.totals() + " to " + endpoint + " as " + who);
          telemetry.hint(err);
          return 0;
        }
        out.println("cream: sending " + feed.totals() + " to " + endpoint + " as " + who + ", then every "
            + SendResults.duration(setup.interval) + " as the logs change (Ctrl-C to stop)");
        out.flush();
        telemetry.hint(err);
        if (feed.polling()) {
          err.println("cream: file notifications are not available here; polling for changes");
        }
        ctx.awaitStop("cream-export-stop");
        telemetry.close(); // a last export of the latest totals, bounded
      } finally {
        metrics.close();
      }
      return 0;
    } catch (BadArgument e) {
      err.println("cream: export otlp: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cream: export otlp: " + TerminalText.line(e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** The exporter the variables configured, with the tests' retry policy, behind the gate. */
  private MetricExporter gate(MetricExporter exporter, ConfigProperties config, Setup setup, SendResults results) {
    MetricExporter e = exporter;
    RetryPolicy retry = ctx.tuning().retry();
    boolean retryDisabled = config.getBoolean("otel.java.exporter.otlp.retry.disabled", false);
    if (retry != null && !retryDisabled) {
      if (e instanceof OtlpHttpMetricExporter h) {
        e = h.toBuilder().setRetryPolicy(retry).build();
        h.shutdown();
      } else if (e instanceof OtlpGrpcMetricExporter g) {
        e = g.toBuilder().setRetryPolicy(retry).build();
        g.shutdown();
      }
    }
    RetryPolicy policy = retry != null ? retry : RetryPolicy.getDefault();
    setup.attempts = retryDisabled ? 1 : policy.getMaxAttempts();
    setup.maxBackoff = retryDisabled ? Duration.ZERO : policy.getMaxBackoff();
    setup.timeout = config.getDuration("otel.exporter.otlp.metrics.timeout",
        config.getDuration("otel.exporter.otlp.timeout", Duration.ofSeconds(10)));
    setup.interval = config.getDuration("otel.metric.export.interval", Duration.ofSeconds(60));
    results.timeout(setup.timeout);
    GatedExporter gate = new GatedExporter(e, results::ended);
    setup.gate = gate;
    return gate;
  }

}
