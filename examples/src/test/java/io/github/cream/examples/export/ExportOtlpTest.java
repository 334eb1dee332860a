package io.github.cream.examples.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cream export otlp} against an OTLP/HTTP receiver that decodes what it gets with OpenTelemetry's own
 * protocol definitions: the exact totals, the resource, cumulative temporality, bounded retries and one-line
 * diagnostics when the endpoint fails, exit 2 for bad URLs.
 */
class ExportOtlpTest {

  /** The demo history's totals (README): 22 calls, 350,124 tokens, $0.7415103. */
  static final long DEMO_CALLS = 22;
  static final long DEMO_TOKENS = 350_124;
  static final long DEMO_REASONING = 2_270;
  static final long DEMO_COST_NANOS = 741_510_300;
  static final Map<String, Long> DEMO_COST_BY_SOURCE = Map.of("claude", 439_392_000L, "codex", 177_767_800L,
      "pi", 94_882_500L, "openclaw", 29_468_000L);

  @TempDir Path home;

  private Environment env(Map<String, String> otel) {
    Map<String, String> vars = new HashMap<>(otel);
    vars.put("HOME", home.toString());
    vars.put("USER", "tester");
    return Environment.of(vars, Clock.systemUTC());
  }

  private static Environment httpTo(OtlpReceiver receiver, Path home, String... more) {
    Map<String, String> vars = new HashMap<>();
    vars.put("HOME", home.toString());
    vars.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    vars.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    for (int i = 0; i < more.length; i += 2) {
      vars.put(more[i], more[i + 1]);
    }
    return Environment.of(vars, Clock.systemUTC());
  }

  private static final Consumer<Cream.Builder> NOTHING = b -> {};

  static double sum(List<OtlpReceiver.Point> points, String metric) {
    return points.stream().filter(p -> p.metric().equals(metric)).mapToDouble(OtlpReceiver.Point::value).sum();
  }

  static long nanos(List<OtlpReceiver.Point> points, String metric) {
    return points.stream().filter(p -> p.metric().equals(metric)).mapToLong(p -> Math.round(p.value() * 1e9)).sum();
  }

  @Test
  void sendsTheExactTotalsOnceWithTheResourceAndCumulativeTemporality() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Exports.Result r = Exports.run(httpTo(receiver, home, "OTEL_RESOURCE_ATTRIBUTES",
          "deployment.environment.name=test,team=web", "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "delta"),
          NOTHING, "otlp", "--demo", "--user-id", "alice@example.com");
      assertEquals(0, r.status(), r.err());
      assertEquals(1, receiver.requests().size(), "sent once, and not again when the SDK shut down");
      assertTrue(r.out().startsWith("cream: sent the totals of 22 calls ($0.74) to " + receiver.endpoint()
          + "/v1/metrics (OTLP/HTTP) as user.id=alice@example.com, host.name="), r.out());
      assertEquals(List.of("cream: export otlp: OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE is ignored: cream's"
          + " counters are totals, always sent as cumulative"), r.errLines());

      ExportMetricsServiceRequest request = receiver.requests().get(0);
      Map<String, String> resource = OtlpReceiver.resource(request);
      assertEquals("cream", resource.get("service.name"));
      assertEquals("alice@example.com", resource.get("user.id"));
      assertEquals("test", resource.get("deployment.environment.name"), "OTEL_RESOURCE_ATTRIBUTES");
      assertEquals("web", resource.get("team"));
      assertFalse(resource.getOrDefault("host.name", "").isBlank());
      assertFalse(resource.getOrDefault("service.version", "").isBlank());

      List<OtlpReceiver.Point> points = OtlpReceiver.points(request);
      assertEquals(DEMO_CALLS, (long) sum(points, "cream.call.count"));
      assertEquals(DEMO_TOKENS, (long) sum(points, "cream.token.usage"));
      assertEquals(DEMO_REASONING, (long) sum(points, "cream.token.reasoning"));
      assertEquals(DEMO_COST_NANOS, nanos(points, "cream.cost.usage"), "exact to the nano-dollar");
      Map<String, Long> bySource = points.stream().filter(p -> p.metric().equals("cream.cost.usage"))
          .collect(Collectors.groupingBy(p -> p.attributes().get("source"),
              Collectors.summingLong(p -> Math.round(p.value() * 1e9))));
      assertEquals(DEMO_COST_BY_SOURCE, bySource);
      for (OtlpReceiver.Point p : points) {
        if (p.sum()) {
          assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, p.temporality(), p.metric());
          assertTrue(p.monotonic(), p.metric());
        }
      }
      assertEquals("USD", points.stream().filter(p -> p.metric().equals("cream.cost.usage")).findFirst()
          .orElseThrow().unit());
      // the demo's clock: Monday 2026-03-02 13:00 UTC, a warm Claude Code cache
      assertEquals(276_666_200L, points.stream().filter(p -> p.metric().equals("cream.cost.current_period")
          && p.attributes().get("period").equals("week")).mapToLong(p -> Math.round(p.value() * 1e9)).sum());
      assertEquals(1, (long) points.stream().filter(p -> p.metric().equals("cream.cache.warm_sessions"))
          .mapToDouble(OtlpReceiver.Point::value).sum());
    }
  }

  @Test
  void retriesARefusalAndThenSendsTheSameTotals() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver().answer(503, 503)) {
      Exports.Result r = Exports.run(httpTo(receiver, home), NOTHING, "otlp", "--demo", "--user-id", "a");
      assertEquals(0, r.status(), r.err());
      assertEquals(1, receiver.requests().size());
      assertEquals(DEMO_COST_NANOS, nanos(OtlpReceiver.points(receiver.requests().get(0)), "cream.cost.usage"));
    }
  }

  @Test
  void anEndpointThatKeepsFailingIsOneLineAndStatusOne() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver().answer(503, 503, 503, 503)) {
      Exports.Result r = Exports.run(httpTo(receiver, home), NOTHING, "otlp", "--demo", "--user-id", "a");
      assertEquals(1, r.status());
      assertEquals(1, r.errLines().size(), r.err());
      assertTrue(r.err().startsWith("cream: export otlp: could not send to " + receiver.endpoint()
          + "/v1/metrics (OTLP/HTTP): "), r.err());
      assertTrue(r.err().contains("503"), r.err());
      assertTrue(r.err().contains("(tried 3 times); nothing is lost: the next export sends the cumulative totals"),
          r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  void anUnreachableEndpointIsBoundedAndSaysWhy() throws Exception {
    int port = Exports.freePort();
    for (String protocol : new String[] {"http/protobuf", "grpc"}) {
      Environment env = env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port,
          "OTEL_EXPORTER_OTLP_PROTOCOL", protocol));
      Exports.Result r = Exports.run(env, NOTHING, "otlp", "--demo");
      assertEquals(1, r.status(), protocol + ": " + r.err());
      assertEquals(1, r.errLines().stream().filter(l -> l.startsWith("cream: export otlp: could not send to"
          + " http://127.0.0.1:" + port)).count(), r.err());
      assertTrue(r.err().contains("nothing is lost"), r.err());
    }
  }

  @Test
  void aSlowEndpointTimesOutInsteadOfHanging() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver().delay(5_000)) {
      Exports.Result r = Exports.run(httpTo(receiver, home, "OTEL_EXPORTER_OTLP_TIMEOUT", "200"), NOTHING, "otlp",
          "--demo", "--user-id", "a");
      assertEquals(1, r.status(), r.err());
      assertTrue(r.err().startsWith("cream: export otlp: could not send to "), r.err());
      assertTrue(r.err().contains(": no answer within 200 ms (OTEL_EXPORTER_OTLP_TIMEOUT) (tried 3 times)"),
          r.err());
    }
  }

  @Test
  void badEndpointsAndProtocolsAreOneLineAndStatusTwo() {
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318");
    bad.put("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "ftp://collector/v1/metrics");
    bad.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      Exports.Result r = Exports.run(env(Map.of(e.getKey(), e.getValue())), NOTHING, "otlp", "--demo");
      assertEquals(2, r.status(), e + ": " + r.err());
      assertEquals(1, r.errLines().size(), r.err());
      assertTrue(r.err().startsWith("cream: export otlp: " + e.getKey() + ": "), r.err());
    }
    String[][] urls = {{"http://", "not a URL"}, {"http://:4318", "a host name"},
        {"http://collector:4318/?x=1", "without ? or #"},
        {"http://collector:99999", "at most 65535"}, {"http://exa mple", "not a URL"},
        {"http://collector:4317/v1/metrics", "takes no path"}};
    for (String[] u : urls) {
      Exports.Result r = Exports.run(env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", u[0])), NOTHING, "otlp", "--demo");
      assertEquals(2, r.status(), u[0] + ": " + r.err());
      assertEquals(1, r.errLines().size(), r.err());
      assertTrue(r.err().contains(u[1]), r.err());
    }
    Exports.Result r = Exports.run(env(Map.of()), NOTHING, "otlp", "--user-id", "");
    assertEquals(2, r.status());
    assertEquals(1, r.errLines().size(), r.err());
    r = Exports.run(env(Map.of()), NOTHING, "otlp", "--bogus");
    assertEquals(List.of("cream: export otlp: Unknown option: '--bogus'"), r.errLines());
    assertEquals(2, r.status());
    r = Exports.run(env(Map.of()), NOTHING);
    assertEquals(2, r.status(), "export needs otlp or prometheus");
  }

  @Test
  void withoutAChosenIdTheUserIsAStableHash() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Environment env = httpTo(receiver, home, "USER", "dev", "HOSTNAME", "laptop-7");
      assertEquals(0, Exports.run(env, NOTHING, "otlp", "--demo").status());
      Exports.Result r = Exports.run(env, NOTHING, "otlp", "--demo");
      assertEquals(0, r.status());
      assertTrue(r.err().contains("user.id is a hash of user@host"), r.err());
      String first = OtlpReceiver.resource(receiver.requests().get(0)).get("user.id");
      assertTrue(first.matches("[0-9a-f]{16}"), first);
      assertEquals(first, OtlpReceiver.resource(receiver.requests().get(1)).get("user.id"), "the same every run");
      assertEquals("laptop-7", OtlpReceiver.resource(receiver.requests().get(0)).get("host.name"));
      assertFalse(first.contains("dev"));
    }
  }

  @Test
  void watchSendsTheGrowingTotalsAndSaysWhenASendFailsAndWhenItWorksAgain() throws Exception {
    Path log = Files.createDirectories(home.resolve(".t")).resolve("one.jsonl");
    Files.writeString(log, "2026-03-02T10:00:00Z|s1|acme|m1|100|0|0|0|10|0|0.5\n");
    Consumer<Cream.Builder> engine = b -> b.discoverProviders(false).source(new LineSource("t"));
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Environment env = Environment.of(Map.of("HOME", home.toString(), "OTEL_EXPORTER_OTLP_ENDPOINT",
          receiver.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_METRIC_EXPORT_INTERVAL", "200"),
          Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC));
      Exports.Running run = Exports.start(env, engine, "otlp", "--watch", "--no-index", "--user-id", "w");
      assertTrue(Exports.await(() -> !receiver.requests().isEmpty()), run.err());
      assertEquals(500_000_000L, nanos(OtlpReceiver.points(receiver.requests().get(0)), "cream.cost.usage"));

      receiver.answer(503, 503, 503, 503, 503, 503); // two failed exports of three attempts each
      assertTrue(Exports.await(() -> run.err().contains("could not send")), run.err());
      Files.writeString(log, "2026-03-02T11:00:00Z|s1|acme|m1|50|0|0|0|5|0|0.25\n",
          java.nio.file.StandardOpenOption.APPEND);
      assertTrue(Exports.await(() -> run.err().contains("sent again")), run.err());
      assertTrue(Exports.await(() -> nanos(OtlpReceiver.points(receiver.requests().get(receiver.requests().size()
          - 1)), "cream.cost.usage") == 750_000_000L), "the next export carries the cumulative totals");
      Exports.Result r = run.stop();
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().startsWith("cream: sending the totals of 1 call ($0.50) to " + receiver.endpoint()), r.out());
      assertEquals(1, r.errLines().stream().filter(l -> l.contains("could not send")).count(),
          "one line per failing streak: " + r.err());
      for (ExportMetricsServiceRequest q : receiver.requests()) {
        long cost = nanos(OtlpReceiver.points(q), "cream.cost.usage");
        assertTrue(cost == 500_000_000L || cost == 750_000_000L, "totals only, never a delta: " + cost);
      }
    }
  }

  @Test
  void noLogsMeansNothingToSend() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Exports.Result r = Exports.run(httpTo(receiver, home), b -> b.discoverProviders(false)
          .source(new LineSource("t")), "otlp", "--no-index");
      assertEquals(0, r.status(), r.err());
      assertTrue(r.err().contains("no agent logs were found"), r.err());
      assertTrue(receiver.requests().isEmpty());
    }
  }
}
