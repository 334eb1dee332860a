package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.Money;
import io.github.cream.core.ReportJson;
import io.github.cream.examples.cli.CliHarness.JsonDoc;
import io.github.cream.examples.cli.CliHarness.Result;
import io.github.cream.examples.cli.DemoExpectations.Totals;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --demo} with the real sources, found through {@link ServiceLoader} as the jar finds them. Each test is
 * skipped while a source it needs is not on the class path.
 */
class DemoEndToEndTest {

  private static final Set<String> ALL = Set.of("claude", "codex", "pi", "openclaw");

  @TempDir Path home;
  private CliHarness cli;

  @BeforeEach
  void setUp() {
    cli = new CliHarness(home);
  }

  private static Set<String> sourcesOnClassPath() {
    Set<String> ids = new TreeSet<>();
    for (ServiceLoader.Provider<Source> p : ServiceLoader.load(Source.class).stream().toList()) {
      try {
        ids.add(p.get().id());
      } catch (RuntimeException | java.util.ServiceConfigurationError e) {
        // a broken provider is the engine's problem, not this test's
      }
    }
    return ids;
  }

  private static void assumeSources(Set<String> ids) {
    Set<String> present = sourcesOnClassPath();
    assumeTrue(present.containsAll(ids), "needs the sources " + ids + " on the class path; present: " + present);
  }

  private static void assertTotals(String what, Totals expected, JsonDoc d, String path) {
    assertEquals(Long.toString(expected.calls()), d.get(path + ".calls"), what + " calls");
    assertEquals(Long.toString(expected.input()), d.get(path + ".inputTokens"), what + " input");
    assertEquals(Long.toString(expected.output()), d.get(path + ".outputTokens"), what + " output");
    assertEquals(Long.toString(expected.reasoning()), d.get(path + ".reasoningTokens"), what + " reasoning");
    assertEquals(Long.toString(expected.cacheRead()), d.get(path + ".cacheReadTokens"), what + " cache read");
    assertEquals(Long.toString(expected.cacheWrite5m()), d.get(path + ".cacheWrite5mTokens"), what + " 5m writes");
    assertEquals(Long.toString(expected.cacheWrite1h()), d.get(path + ".cacheWrite1hTokens"), what + " 1h writes");
    assertEquals(Long.toString(expected.total()), d.get(path + ".totalTokens"), what + " total");
    assertNotEquals("unpriced", d.get(path + ".costProvenance"),
        what + ": every demo call must be priced (is the model in the bundled price table?)");
    assertEquals(ReportJson.usd(Money.ofUsd(expected.cost())), d.get(path + ".costUsd"), what + " cost");
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude", "codex", "pi", "openclaw"})
  void eachSourceAddsUpToTheReadmeNumbers(String source) throws IOException {
    assumeSources(Set.of(source));
    JsonDoc d = cli.run("--demo", "--json", "--source", source).json();
    assertEquals("true", d.get("demo"));
    assertTotals(source, DemoExpectations.BY_SOURCE.get(source), d, "totals");
    assertEquals("0", d.get("diagnostics.malformedLines"), source + ": the demo logs are clean");
    assertEquals("0", d.get("diagnostics.unpricedCalls"), source);
  }

  @Test
  void dailyDemoAddsUpPerDay() throws IOException {
    assumeSources(ALL);
    Result r = cli.run("--demo", "--json");
    assertEquals("", r.err());
    JsonDoc d = r.json();
    assertEquals("2026-03-02T13:00:00Z", d.get("asOf"));
    assertEquals("UTC", d.get("timezone"));
    List<String> days = List.copyOf(DemoExpectations.BY_DAY.keySet());
    assertEquals(days.size(), d.count("daily"));
    for (int i = 0; i < days.size(); i++) {
      assertEquals(days.get(i), d.get("daily[" + i + "].date"));
      assertTotals(days.get(i), DemoExpectations.BY_DAY.get(days.get(i)), d, "daily[" + i + "]");
    }
    assertTotals("all", DemoExpectations.all(), d, "totals");
    assertEquals("[]", d.get("diagnostics.messages"), "the demo produces no diagnostics");
  }

  private static void assumeAnySource() {
    assumeTrue(sourcesOnClassPath().stream().anyMatch(ALL::contains), "needs a built-in source on the class path");
  }

  @Test
  void demoSourcesFindTheirFilesAndNothingElse() throws IOException {
    assumeAnySource();
    JsonDoc d = cli.run("sources", "--demo", "--json").json();
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < d.count("sources"); i++) {
      files.put(d.get("sources[" + i + "].id"), d.get("sources[" + i + "].files"));
    }
    Map<String, String> expected = Map.of("claude", "3", "codex", "2", "pi", "1", "openclaw", "1");
    for (String id : sourcesOnClassPath()) {
      if (expected.containsKey(id)) {
        // claude: two transcripts and a subagent file; openclaw: sessions.json is an index, not a transcript
        assertEquals(expected.get(id), files.get(id), id);
      }
    }
  }

  @Test
  void demoSessionsAndBlocks() throws IOException {
    assumeSources(ALL);
    JsonDoc s = cli.run("session", "--demo", "--json").json();
    assertEquals(6, s.count("sessions"), "the Claude subagent belongs to its parent session");
    assertEquals("claude", s.get("sessions[0].source"), "the most recent session first");
    Map<String, Integer> perSource = new HashMap<>();
    for (int i = 0; i < s.count("sessions"); i++) {
      perSource.merge(s.get("sessions[" + i + "].source"), 1, Integer::sum);
    }
    assertEquals(Map.of("claude", 2, "codex", 2, "pi", 1, "openclaw", 1), perSource);

    JsonDoc b = cli.run("blocks", "--demo", "--json").json();
    List<String> calls = new java.util.ArrayList<>();
    for (int i = 0; i < b.count("blocks"); i++) {
      if (b.get("blocks[" + i + "].gap").equals("false")) {
        calls.add(b.get("blocks[" + i + "].calls"));
      }
    }
    assertEquals(List.of("8", "3", "3", "5"), calls);
    int last = (int) b.count("blocks") - 1;
    assertEquals("true", b.get("blocks[" + last + "].active"));
    assertTrue(b.has("blocks[" + last + "].burnRate.tokensPerMinute"), "the active demo block has a burn rate");
  }

  @Test
  void demoIsDeterministic() {
    assumeAnySource();
    for (String command : List.of("daily", "weekly", "monthly", "session", "blocks")) {
      Result a = cli.run(command, "--demo");
      Result b = new CliHarness(home.resolve("other")).run(command, "--demo");
      assertEquals(a.out(), b.out(), command);
      assertTrue(a.out().startsWith("demo history: "), a.out());
      assertEquals(cli.run(command, "--demo", "--json").out(), cli.run(command, "--demo", "--json").out(), command);
    }
  }

  @Test
  void withoutLogsTheTableFallsBackToTheDemo() throws IOException {
    assumeAnySource();
    Result table = cli.run("--timezone", "UTC");
    assertTrue(table.err().startsWith("No agent logs found under "), table.err());
    assertEquals(cli.run("--demo", "--timezone", "UTC").out(), table.out());
    JsonDoc json = cli.run("--json").json();
    assertEquals("[]", json.get("daily"));
    assertEquals("cream.logs.none", json.get("diagnostics.messages[0].code"));
  }
}
