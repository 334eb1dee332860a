/**
 * OpenTelemetry metrics from cream's snapshots: {@link io.github.cream.otel.CreamMetrics} publishes tokens, calls
 * and cost as cumulative counters, and the prompt caches as gauges, through the OpenTelemetry API. The application
 * brings the SDK and its exporters (OTLP, Prometheus).
 */
module io.github.cream.otel {
  requires transitive io.github.cream.core;
  requires transitive io.opentelemetry.api;

  exports io.github.cream.otel;
}
