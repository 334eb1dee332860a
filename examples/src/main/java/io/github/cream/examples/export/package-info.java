/**
 * {@code cream export}: the usage of this machine's agents as OpenTelemetry metrics, for a team's telemetry backend.
 * {@code cream export otlp} sends them to an OTLP endpoint (an OpenTelemetry Collector, Prometheus, a vendor), once
 * or, with {@code --watch}, at every export interval; {@code cream export prometheus} serves them for Prometheus to
 * scrape.
 *
 * <p>The metrics are the library module {@code cream-otel}'s ({@link io.github.cream.otel.CreamMetrics}, on the
 * OpenTelemetry API); this package brings the OpenTelemetry SDK, configured by the standard {@code OTEL_*}
 * variables through its autoconfigure module, and the official exporters. It is the one part of the CLI that sends
 * anything over the network, and only where the user points it. Its classes are loaded by the export command
 * alone, so the other commands neither load the SDK nor pay for it.
 */
package io.github.cream.examples.export;
