package io.github.cream.examples.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The OTLP exporter the SDK configured, with three differences: it always asks for cumulative temporality (cream's
 * counters are totals, and a delta between two processes' totals means nothing), it tells a listener how each export
 * ended, and once closed it sends nothing more, so that shutting the SDK down after a one-shot export does not send
 * (or retry) the same totals again.
 */
final class GatedExporter implements MetricExporter {

  private final MetricExporter delegate;
  private final Consumer<CompletableResultCode> listener;
  private volatile boolean open = true;

  GatedExporter(MetricExporter delegate, Consumer<CompletableResultCode> listener) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    if (!open) {
      return CompletableResultCode.ofSuccess();
    }
    CompletableResultCode result = delegate.export(metrics);
    result.whenComplete(() -> listener.accept(result));
    return result;
  }

  /** Sends nothing from now on. */
  void stopSending() {
    open = false;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    open = false;
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "GatedExporter{" + delegate + "}";
  }
}
