package io.github.cream.examples.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cream export prometheus}: the scrape endpoint's text, its labels, following the logs, its faults. */
class ExportPrometheusTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

  @TempDir Path home;

  /** One sample of the exposition text. */
  record Sample(String name, String labels, double value) {}

  static List<Sample> scrape(int port) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    List<Sample> out = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        out.add(new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
      }
    }
    return out;
  }

  static long nanos(List<Sample> samples, String name, String label) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().contains(label))
        .mapToLong(s -> Math.round(s.value() * 1e9)).sum();
  }

  private Environment env() {
    return Environment.of(Map.of("HOME", home.toString(), "USER", "tester"), Clock.systemUTC());
  }

  @Test
  void servesTheExactTotalsWithWhoAndWhereOnEverySeries() throws Exception {
    int port = Exports.freePort();
    Exports.Running run = Exports.start(env(), b -> {}, "prometheus", "--demo", "--listen", "127.0.0.1:" + port,
        "--user-id", "alice@example.com");
    try {
      assertTrue(Exports.await(() -> run.out().contains("serving")), run.err());
      List<Sample> samples = scrape(port);
      assertEquals(ExportOtlpTest.DEMO_COST_NANOS, nanos(samples, "cream_cost_usage_USD_total", ""));
      assertEquals(ExportOtlpTest.DEMO_CALLS, nanos(samples, "cream_call_count_total", "") / 1_000_000_000L);
      assertEquals(ExportOtlpTest.DEMO_TOKENS, nanos(samples, "cream_token_usage_tokens_total", "") / 1_000_000_000L);
      assertEquals(439_392_000L, nanos(samples, "cream_cost_usage_USD_total", "source=\"claude\""));
      for (Sample s : samples) {
        if (s.name().startsWith("cream_")) {
          assertTrue(s.labels().contains("user_id=\"alice@example.com\"") && s.labels().contains("host_name=")
              && s.labels().contains("service_name=\"cream\""), s.toString());
        }
      }
      assertTrue(samples.stream().anyMatch(s -> s.name().equals("target_info")), "the whole resource");
      assertTrue(samples.stream().anyMatch(s -> s.name().equals("cream_cache_next_expiry_seconds")));
      assertTrue(run.out().startsWith("cream: serving the totals of 22 calls ($0.74) of the demo history at"
          + " http://127.0.0.1:" + port + "/metrics as user.id=alice@example.com"), run.out());
    } finally {
      Exports.Result r = run.stop();
      assertEquals(0, r.status(), r.err());
    }
  }

  @Test
  void followsTheLogs() throws Exception {
    Path log = Files.createDirectories(home.resolve(".t")).resolve("one.jsonl");
    Files.writeString(log, "2026-03-02T10:00:00Z|s1|acme|m1|100|0|0|0|10|0|0.5\n");
    Consumer<Cream.Builder> engine = b -> b.discoverProviders(false).source(new LineSource("t"));
    Environment env = Environment.of(Map.of("HOME", home.toString()),
        Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC));
    int port = Exports.freePort();
    Exports.Running run = Exports.start(env, engine, "prometheus", "--listen", "127.0.0.1:" + port, "--no-index");
    try {
      assertTrue(Exports.await(() -> run.out().contains("serving")), run.err());
      assertEquals(500_000_000L, nanos(scrape(port), "cream_cost_usage_USD_total", ""));
      Files.writeString(log, "2026-03-02T11:00:00Z|s1|acme|m1|50|0|0|0|5|0|0.25\n", StandardOpenOption.APPEND);
      assertTrue(Exports.await(() -> {
        try {
          return nanos(scrape(port), "cream_cost_usage_USD_total", "") == 750_000_000L;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }), "the next scrape has the new call");
      List<Sample> week = scrape(port).stream().filter(s -> s.name().equals("cream_cost_current_period_USD")
          && s.labels().contains("period=\"week\"")).toList();
      assertEquals(1, week.size(), week.toString());
      assertEquals(0.75, week.get(0).value());
    } finally {
      assertEquals(0, run.stop().status());
    }
  }

  @Test
  void aBadOrBusyAddressIsOneLine() throws Exception {
    for (String bad : new String[] {"9464", "127.0.0.1:0", "127.0.0.1:70000", "http://127.0.0.1:9464", ":9464"}) {
      Exports.Result r = Exports.run(env(), b -> {}, "prometheus", "--demo", "--listen", bad);
      assertEquals(2, r.status(), bad + ": " + r.err());
      assertEquals(1, r.errLines().size(), r.err());
      assertTrue(r.err().startsWith("cream: export prometheus: --listen: "), r.err());
    }
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Exports.Result r = Exports.run(env(), b -> {}, "prometheus", "--demo", "--listen",
          "127.0.0.1:" + taken.getLocalPort());
      assertEquals(1, r.status(), r.err());
      assertEquals(List.of("cream: export prometheus: cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + ": the address is in use or not this machine's (--listen to choose another)"), r.errLines());
    }
  }
}
