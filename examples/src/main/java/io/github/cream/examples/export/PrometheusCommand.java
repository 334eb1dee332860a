package io.github.cream.examples.export;

import io.github.cream.examples.cli.TerminalText;
import io.github.cream.otel.CreamMetrics;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cream export prometheus --listen HOST:PORT}: serves the metrics at {@code /metrics} for Prometheus to
 * scrape (OpenTelemetry's Prometheus exporter), following the logs, until interrupted.
 */
@Command(
    name = "prometheus",
    sortOptions = false,
    header = "Serve the metrics for Prometheus to scrape, following the logs.",
    description = {
      "The metrics are at http://HOST:PORT/metrics until Ctrl-C, and follow the logs as agents write. Every series"
          + " carries the resource's user_id, host_name and service_name labels (and target_info all of"
          + " OTEL_RESOURCE_ATTRIBUTES), so one Prometheus can scrape a whole team.",
      "",
      "The default address answers this machine only; to let a team's Prometheus scrape it, listen on an address"
          + " it can reach (--listen 0.0.0.0:9464): whoever reaches it reads the usage figures (agents, models,"
          + " tokens, cost; never prompts, paths or session ids)."
    })
final class PrometheusCommand implements Callable<Integer> {

  /** The resource attributes every series carries as labels. */
  static final Set<String> LABELS = Set.of("service.name", "host.name", "user.id");

  @Mixin ExportOptions options;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9464",
      description = "The address to serve on (default: 127.0.0.1:9464, OpenTelemetry's port for Prometheus).")
  String listen;

  private final ExportCommand.Context ctx;

  PrometheusCommand(ExportCommand.Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PrintStream out = ctx.out();
    PrintStream err = ctx.err();
    ExportOptions.Settings settings;
    ListenAddress address;
    try {
      settings = options.settings();
      address = ListenAddress.parse(listen);
    } catch (BadArgument e) {
      err.println("cream: export prometheus: " + e.getMessage());
      return 2;
    }
    OtelLog log = OtelLog.install();
    log.take();
    try (UsageFeed feed = UsageFeed.open(ctx.env(), settings, ctx.customizer(), true)) {
      PrometheusHttpServer server;
      try {
        server = PrometheusHttpServer.builder()
            .setHost(address.host())
            .setPort(address.port())
            .setAllowedResourceAttributesFilter(LABELS::contains)
            .setOtelScopeLabelsEnabled(false)
            .build();
      } catch (UncheckedIOException | IllegalArgumentException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        err.println("cream: export prometheus: cannot listen on " + TerminalText.line(address.host()) + ":"
            + address.port() + (cause instanceof BindException
                ? ": the address is in use or not this machine's (--listen to choose another)"
                : ": " + TerminalText.line(String.valueOf(cause.getMessage()))));
        return 1;
      }
      Telemetry telemetry;
      try {
        telemetry = Telemetry.build(ctx.env(), Map.of("otel.metrics.exporter", "none"), settings.userId(),
            (b, c) -> b.registerMetricReader(server), (e, c) -> e);
      } catch (BadArgument e) {
        server.shutdown();
        err.println("cream: export prometheus: " + e.getMessage());
        return 2;
      }
      CreamMetrics metrics = CreamMetrics.builder(feed::snapshot).clock(feed.environment().clock())
          .zone(feed.zone(settings)).firstDayOfWeek(settings.firstDay()).register(telemetry.openTelemetry());
      try {
        out.println("cream: serving " + feed.totals() + (feed.demo() ? " of the demo history"
            : "") + " at " + TerminalText.line(address.url()) + " as " + telemetry.identity()
            + ", following the logs (Ctrl-C to stop)");
        out.flush();
        telemetry.hint(err);
        if (!address.loopback()) {
          err.println("cream: export prometheus: listening beyond this machine: whoever reaches "
              + TerminalText.line(address.url()) + " reads the usage figures (never prompts, paths or session ids)");
        }
        if (feed.polling()) {
          err.println("cream: file notifications are not available here; polling for changes");
        }
        ctx.awaitStop("cream-export-stop");
      } finally {
        metrics.close();
        telemetry.close();
      }
      return 0;
    } catch (BadArgument e) {
      err.println("cream: export prometheus: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cream: export prometheus: " + TerminalText.line(e.getMessage()));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
