package io.github.cream.examples.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the system's {@code prometheus} package; skipped without it) scrapes two developers' {@code
 * cream export prometheus}: Alice exports the demo history, Bob its Codex and Pi sessions. Prometheus's HTTP API
 * then gives the exact totals of the history, per developer, per agent and per model, and the cost of the current
 * week; every query of the Grafana dashboard runs on it and answers.
 */
class PrometheusServerTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** The PromQL the documentation quotes: cost per developer per agent this week. */
  static final String COST_PER_DEVELOPER_PER_AGENT_THIS_WEEK =
      "sum by (user_id, source) (cream_cost_current_period_USD{period=\"week\"})";

  @TempDir Path dir;

  @Test
  void aRealPrometheusScrapesTwoDevelopersAndFindsTheExactTotals() throws Exception {
    Optional<Path> program = PrometheusServer.program();
    assumeTrue(program.isPresent(), "prometheus is not installed (apt-get install prometheus): skipped");
    System.out.println("[PrometheusServerTest] " + PrometheusServer.version(program.get()));
    Environment env = Environment.of(Map.of("HOME", dir.toString(), "USER", "tester"), Clock.systemUTC());
    int alicePort = Exports.freePort();
    int bobPort = Exports.freePort();
    Exports.Running alice = Exports.start(env, b -> {}, "prometheus", "--demo", "--listen", "127.0.0.1:" + alicePort,
        "--user-id", "alice@example.com");
    Exports.Running bob = Exports.start(env, b -> {}, "prometheus", "--demo", "--source", "codex,pi", "--listen",
        "127.0.0.1:" + bobPort, "--user-id", "bob@example.com");
    try {
      assertTrue(Exports.await(() -> alice.out().contains("serving") && bob.out().contains("serving")),
          alice.err() + bob.err());
      try (PrometheusServer prometheus = PrometheusServer.start(program.get(), dir,
          List.of("127.0.0.1:" + alicePort, "127.0.0.1:" + bobPort))) {
        assertTrue(Exports.await(() -> {
          try {
            return prometheus.query("count by (user_id) (cream_call_count_total)").size() == 2;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }), "both developers scraped: " + prometheus.log());

        // the whole history, exactly
        List<PrometheusServer.Series> whole = prometheus.query("sum by (user_id) (cream_cost_usage_USD_total)");
        System.out.println("[PrometheusServerTest] sum by (user_id) (cream_cost_usage_USD_total) -> "
            + whole.stream().map(x -> x.labels().get("user_id") + "=" + x.value()).sorted().toList());
        Map<String, Long> cost = byLabel(whole, "user_id");
        assertEquals(Map.of("alice@example.com", 741_510_300L, "bob@example.com", 272_650_300L), cost);
        assertEquals(Map.of("alice@example.com", 22L, "bob@example.com", 11L), whole(byLabel(
            prometheus.query("sum by (user_id) (cream_call_count_total)"), "user_id")));
        assertEquals(Map.of("alice@example.com", 350_124L), whole(byLabel(prometheus.query(
            "sum by (user_id) (cream_token_usage_tokens_total{user_id=\"alice@example.com\"})"), "user_id")));
        assertEquals(Map.of("claude", 439_392_000L, "codex", 177_767_800L, "pi", 94_882_500L, "openclaw",
            29_468_000L), byLabel(prometheus.query(
                "sum by (source) (cream_cost_usage_USD_total{user_id=\"alice@example.com\"})"), "source"));
        Map<String, Long> models = byLabel(prometheus.query(
            "sum by (model) (cream_cost_usage_USD_total{user_id=\"alice@example.com\"})"), "model");
        assertEquals(7, models.size(), models.toString());
        assertEquals(234_955_000L, models.get("claude-opus-4-6"));

        // this week (the demo's clock: Monday 2026-03-02, weeks from Monday, UTC), per developer per agent
        List<PrometheusServer.Series> week = prometheus.query(COST_PER_DEVELOPER_PER_AGENT_THIS_WEEK);
        Map<String, Long> perDeveloperAndAgent = new TreeMap<>();
        Map<String, String> asWritten = new TreeMap<>();
        for (PrometheusServer.Series s : week) {
          String key = s.labels().get("user_id") + " " + s.labels().get("source");
          perDeveloperAndAgent.put(key, s.nanos());
          asWritten.put(key, s.value());
        }
        System.out.println("[PrometheusServerTest] " + COST_PER_DEVELOPER_PER_AGENT_THIS_WEEK + " -> " + asWritten);
        assertEquals(Map.of("alice@example.com claude", 188_637_000L, "alice@example.com codex", 88_029_200L,
            "bob@example.com codex", 88_029_200L), perDeveloperAndAgent);

        // every query of the Grafana dashboard runs and answers
        for (String expr : dashboardQueries()) {
          String promql = expr.replace("$user", ".*").replace("$source", ".*").replace("$model", ".*")
              .replace("$__range", "1h").replace("$__interval", "1m").replace("$__rate_interval", "1m");
          assertFalse(promql.contains("$"), promql);
          // increase() needs two scrapes of a series: wait for them
          assertTrue(Exports.await(() -> {
            try {
              return !prometheus.query(promql).isEmpty();
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          }), "the dashboard's query answers: " + promql);
        }
      }
    } finally {
      assertEquals(0, alice.stop().status(), alice.err());
      assertEquals(0, bob.stop().status(), bob.err());
    }
  }

  /** Each series' value in nano-units, by one label. */
  private static Map<String, Long> byLabel(List<PrometheusServer.Series> series, String label) {
    return series.stream().collect(Collectors.toMap(s -> s.labels().get(label), PrometheusServer.Series::nanos));
  }

  private static Map<String, Long> whole(Map<String, Long> nanos) {
    Map<String, Long> out = new TreeMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1_000_000_000L));
    return out;
  }

  /** The {@code expr} of every panel target and the query of every variable of the dashboard. */
  static List<String> dashboardQueries() throws Exception {
    List<String> out = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(ROOT.resolve("examples/otel/grafana/cream.json").toFile())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("expr")) {
          out.add(p.nextTextValue());
        }
      }
    }
    assertTrue(out.size() >= 10, out.toString());
    return out;
  }
}
