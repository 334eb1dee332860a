package io.github.cream.examples.export;

import io.github.cream.examples.cli.TerminalText;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How each export ended: remembered for the one-shot's last line, told as it happens under --watch. */
final class SendResults {

  private final PrintStream err;
  private final OtlpEndpoint endpoint;
  private final OtelLog log;
  private final boolean watch;
  private volatile ZoneId zone = ZoneId.systemDefault();
  private volatile Duration timeout = Duration.ofSeconds(10);
  private volatile String lastReason = "unknown error";
  private volatile Boolean outcome;
  private boolean failing;

  SendResults(PrintStream err, OtlpEndpoint endpoint, OtelLog log, boolean watch) {
    this.err = err;
    this.endpoint = endpoint;
    this.log = log;
    this.watch = watch;
  }

  void timeZone(ZoneId value) {
    this.zone = value;
  }

  void timeout(Duration value) {
    this.timeout = value;
  }

  String lastReason() {
    return lastReason;
  }

  /** Whether the last export was sent: null before any ended. */
  Boolean outcome() {
    return outcome;
  }

  synchronized void ended(CompletableResultCode result) {
    String time = DateTimeFormatter.ofPattern("HH:mm:ss").format(ZonedDateTime.now(zone));
    if (result.isSuccess()) {
      log.take();
      if (failing && watch) {
        err.println("cream: export otlp: " + time + " sent again to " + endpoint + "; the totals are up to date");
      }
      failing = false;
      outcome = true;
      return;
    }
    lastReason = reason(log.take(), result.getFailureThrowable(), timeout);
    if (watch && !failing) {
      err.println("cream: export otlp: " + time + " could not send to " + endpoint + ": " + lastReason
          + "; trying again at the next interval (nothing is lost: each export carries the cumulative totals)");
    }
    failing = true;
    outcome = false;
  }

  /** The reason the exporter logged (without its "Failed to export metrics." lead), else the exception's. */
  private static String reason(String logged, Throwable thrown, Duration timeout) {
    String r = logged;
    if (r == null && thrown != null) {
      Throwable t = thrown.getCause() != null ? thrown.getCause() : thrown;
      r = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
    if (r == null) {
      return "unknown error";
    }
    r = r.replaceFirst("^Failed to export( [0-9]+)? metrics?\\.\\s*", "")
        .replaceFirst("^The request could not be executed\\.\\s*(Full error message:\\s*)?", "");
    String lower = r.toLowerCase(Locale.ROOT);
    if (lower.equals("canceled") || lower.contains("timeout") || lower.contains("timed out")) {
      // OkHttp cancels a call that outlives its timeout
      return "no answer within " + duration(timeout) + " (OTEL_EXPORTER_OTLP_TIMEOUT)";
    }
    r = TerminalText.line(r);
    return r.length() > 300 ? r.substring(0, 300) + "..." : r;
  }

  /** A duration for people: {@code 200 ms}, {@code 10 s}. */
  static String duration(Duration d) {
    return d.toMillis() < 1000 || d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }
}
