package io.github.cream.examples.export;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver for tests: the JDK's HTTP server on the loopback interface, decoding each {@code /v1/metrics}
 * request with OpenTelemetry's own protocol definitions ({@code opentelemetry-proto}). Answers 200, or what the
 * test queued ({@link #answer}), optionally after a delay.
 */
final class OtlpReceiver implements AutoCloseable {

  private final HttpServer server;
  private final List<ExportMetricsServiceRequest> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
  private volatile long delayMillis;

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/metrics", exchange -> {
      try (exchange) {
        byte[] body;
        try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
            ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        if (delayMillis > 0) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        Integer status = answers.poll();
        int code = status == null ? 200 : status;
        if (code == 200) {
          requests.add(ExportMetricsServiceRequest.parseFrom(body));
        }
        byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(code, response.length == 0 ? -1 : response.length);
        if (response.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
          }
        }
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "otlp-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** The base URL, for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues the statuses of the next answers (then 200 again). */
  OtlpReceiver answer(int... statuses) {
    for (int s : statuses) {
      answers.add(s);
    }
    return this;
  }

  /** Delays every answer. */
  OtlpReceiver delay(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /** The requests accepted (answered 200), in order. */
  List<ExportMetricsServiceRequest> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ------------------------------------------------------------------------------------------------ decoding

  /** One data point of a request: its metric, attributes and value, with the metric's kind. */
  record Point(String metric, String unit, Map<String, String> attributes, double value, boolean sum,
      boolean monotonic, AggregationTemporality temporality) {}

  /** The resource attributes of a request's first resource. */
  static Map<String, String> resource(ExportMetricsServiceRequest r) {
    return strings(r.getResourceMetrics(0).getResource().getAttributesList());
  }

  /** Every number data point of a request. */
  static List<Point> points(ExportMetricsServiceRequest r) {
    List<Point> out = new ArrayList<>();
    for (ResourceMetrics rm : r.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (m.hasSum()) {
            for (NumberDataPoint p : m.getSum().getDataPointsList()) {
              out.add(new Point(m.getName(), m.getUnit(), strings(p.getAttributesList()), value(p), true,
                  m.getSum().getIsMonotonic(), m.getSum().getAggregationTemporality()));
            }
          } else if (m.hasGauge()) {
            for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
              out.add(new Point(m.getName(), m.getUnit(), strings(p.getAttributesList()), value(p), false, false,
                  AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED));
            }
          }
        }
      }
    }
    return out;
  }

  private static double value(NumberDataPoint p) {
    return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
  }

  private static Map<String, String> strings(List<KeyValue> kvs) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : kvs) {
      out.put(kv.getKey(), kv.getValue().getStringValue());
    }
    return out;
  }
}
