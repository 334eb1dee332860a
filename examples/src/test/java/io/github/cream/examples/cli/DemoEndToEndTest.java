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
    Map<String, String> expected = Map.of("claude", "3", "codex", "3", "pi", "1", "openclaw", "1");
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
    assertEquals(7, s.count("sessions"), "the Claude subagent belongs to its parent session");
    assertEquals("codex", s.get("sessions[0].source"), "the most recent session first (OpenRouter, until 12:52)");
    assertEquals("claude", s.get("sessions[1].source"));
    Map<String, Integer> perSource = new HashMap<>();
    for (int i = 0; i < s.count("sessions"); i++) {
      perSource.merge(s.get("sessions[" + i + "].source"), 1, Integer::sum);
    }
    assertEquals(Map.of("claude", 2, "codex", 3, "pi", 1, "openclaw", 1), perSource);

    JsonDoc b = cli.run("blocks", "--demo", "--json").json();
    List<String> calls = new java.util.ArrayList<>();
    for (int i = 0; i < b.count("blocks"); i++) {
      if (b.get("blocks[" + i + "].gap").equals("false")) {
        calls.add(b.get("blocks[" + i + "].calls"));
      }
    }
    assertEquals(List.of("8", "3", "3", "8"), calls);
    int last = (int) b.count("blocks") - 1;
    assertEquals("true", b.get("blocks[" + last + "].active"));
    assertTrue(b.has("blocks[" + last + "].burnRate.tokensPerMinute"), "the active demo block has a burn rate");

    // per account, as the table shows them: each source's own blocks, and Codex's own rate-limit windows
    List<String> accounts = new java.util.ArrayList<>();
    long perAccount = 0;
    for (int i = 0; i < b.count("accounts"); i++) {
      accounts.add(b.get("accounts[" + i + "].source"));
      perAccount += Long.parseLong(b.get("accounts[" + i + "].totals.calls"));
    }
    assertEquals(List.of("claude", "codex", "openclaw", "pi"), accounts);
    assertEquals(Long.parseLong(b.get("totals.calls")), perAccount);
    assertEquals("null", b.get("accounts[0].rateLimits"));
    assertEquals("primary", b.get("accounts[1].rateLimits.windows[0].name"));
    assertEquals("23.0", b.get("accounts[1].rateLimits.windows[0].usedPercent"));
    assertEquals("300", b.get("accounts[1].rateLimits.windows[0].windowMinutes"));
    assertEquals("2026-03-02T15:20:00Z", b.get("accounts[1].rateLimits.windows[0].resetsAt"));
    assertEquals("019cadb4-8e21-7a3f-b6d0-2e5c9f1a4b77", b.get("accounts[1].rateLimits.sessionId"));
    JsonDoc active = cli.run("blocks", "--demo", "--json", "--active").json();
    for (int i = 0; i < active.count("accounts"); i++) {
      for (int j = 0; j < active.count("accounts[" + i + "].blocks"); j++) {
        assertEquals("true", active.get("accounts[" + i + "].blocks[" + j + "].active"), "--active keeps the active");
      }
    }
  }

  // --- the cache command on the demo (the demo clock, 2026-03-02T13:00:00Z) -----------------------------------

  private static final String DEMO_HEADER =
      "demo history: synthetic logs of Claude Code, Codex CLI, Pi and OpenClaw; clock fixed at 2026-03-02T13:00:00Z, "
          + "dates in UTC (--timezone to change)\n\n";

  @Test
  void demoCacheTable() {
    assumeSources(ALL);
    Result r = cli.run("cache", "--demo");
    assertEquals("", r.err());
    assertEquals(
        DEMO_HEADER
            + """
            Prompt caches at 2026-03-02 13:00:00 (UTC), most recently active first

            Source    Session   Title                         Model                       State    Expires             Resume now  Once cold  Confidence  Notes
            --------  --------  ----------------------------  --------------------------  -------  ------------------  ----------  ---------  ----------  -----
            codex     019cae8d  Review the rounding fix f...  openai/gpt-5.1              unknown  -                            ?     $0.016  none        1,2
            claude    c2e8b4d1  Write the getting-started...  claude-sonnet-4-5-20250929  warm     in 49m 36s              $0.007     $0.136  high        3,4
            codex     019cadb4  Two tests fail on main si...  gpt-5.3-codex               cold     expired 1h 10m ago      $0.030             low         5,6
            openclaw  4b8e2f61  What is on my calendar to...  gpt-5.1                     cold     expired 1d 1h ago       $0.019             high        7,6
            pi        019ca6f0  Draft the release notes f...  claude-sonnet-4-5           cold     expired 2d 3h ago       $0.050             high        8,4
            codex     019ca1d2  Add a regression test for...  gpt-5.3-codex               cold     expired 3d 1h ago       $0.041             high        7,6
            claude    7d1f3a52  Fix rounding in the check...  claude-opus-4-6             cold     expired 3d 1h ago       $0.184             high        3,4

            7 sessions: 1 warm, 5 cold, 1 unknown. Resume now: the cached prefix read from a warm cache, or written again to a cold one.
            Hit ratio 58.9% of prompt tokens; cache reads saved $0.444 versus no caching; $0.030 went on cache writes that expired unread.

            Notes:
            1. Of the 2 usable samples of idle gap versus cache read for this provider and model, 2 hit below and 0 missed above the best idle threshold; at least 5 of each are needed to learn a lifetime.
            2. The upstream provider may be rerouted between calls, so the cache state is a best guess.
            3. The live prefix holds a 1-hour cache write, so the cache lives 1h after each read or write.
            4. The expiry is set 30s early because the lifetime runs from the start of the request, which the log does not record.
            5. Extended retention typically keeps entries for about 30m and at most 24h, so the cache may still be there.
            6. Idle time counts from 30s before the logged time of the last call, when its prompt was read.
            7. Extended retention keeps entries at most 24h.
            8. The log does not say whether cache writes were for 5 minutes or 1 hour; 5m after each read or write is assumed.
            """,
        r.out());
  }

  @Test
  void demoCacheTableWithTheSourcesPresentToday() throws IOException {
    Set<String> three = Set.of("codex", "pi", "openclaw");
    assumeSources(three);
    Result r = cli.run("cache", "--demo", "--source", "codex,pi,openclaw");
    assertEquals("", r.err());
    assertEquals(
        DEMO_HEADER
            + """
            Prompt caches at 2026-03-02 13:00:00 (UTC), most recently active first

            Source    Session   Title                         Model              State    Expires             Resume now  Once cold  Confidence  Notes
            --------  --------  ----------------------------  -----------------  -------  ------------------  ----------  ---------  ----------  -----
            codex     019cae8d  Review the rounding fix f...  openai/gpt-5.1     unknown  -                            ?     $0.016  none        1,2
            codex     019cadb4  Two tests fail on main si...  gpt-5.3-codex      cold     expired 1h 10m ago      $0.030             low         3,4
            openclaw  4b8e2f61  What is on my calendar to...  gpt-5.1            cold     expired 1d 1h ago       $0.019             high        5,4
            pi        019ca6f0  Draft the release notes f...  claude-sonnet-4-5  cold     expired 2d 3h ago       $0.050             high        6,7
            codex     019ca1d2  Add a regression test for...  gpt-5.3-codex      cold     expired 3d 1h ago       $0.041             high        5,4

            5 sessions: 4 cold, 1 unknown. Resume now: the cached prefix read from a warm cache, or written again to a cold one.
            Hit ratio 58.3% of prompt tokens; cache reads saved $0.196 versus no caching; $0.003 went on cache writes that expired unread.

            Notes:
            1. Of the 2 usable samples of idle gap versus cache read for this provider and model, 2 hit below and 0 missed above the best idle threshold; at least 5 of each are needed to learn a lifetime.
            2. The upstream provider may be rerouted between calls, so the cache state is a best guess.
            3. Extended retention typically keeps entries for about 30m and at most 24h, so the cache may still be there.
            4. Idle time counts from 30s before the logged time of the last call, when its prompt was read.
            5. Extended retention keeps entries at most 24h.
            6. The log does not say whether cache writes were for 5 minutes or 1 hour; 5m after each read or write is assumed.
            7. The expiry is set 30s early because the lifetime runs from the start of the request, which the log does not record.
            """,
        r.out());
    JsonDoc d = cli.run("cache", "--demo", "--json", "--source", "codex,pi,openclaw").json();
    assertEquals("0.582699", d.get("efficiency.hitRatio"));
    assertEquals("0.195694", d.get("efficiency.savedUsd"));
    assertEquals("0.003", d.get("efficiency.expiredWriteUsd"), "Pi's last 800-token 5-minute write, never read");
  }

  @Test
  void demoCacheJson() throws IOException {
    assumeSources(ALL);
    Result r = cli.run("cache", "--demo", "--json");
    assertEquals("", r.err());
    JsonDoc d = r.json();
    assertEquals("cream.cache/1", d.get("schema"));
    assertEquals("2026-03-02T13:00:00Z", d.get("now"));
    assertEquals("true", d.get("demo"));
    assertEquals(7, d.count("sessions"));
    List<String> order = new java.util.ArrayList<>();
    for (int i = 0; i < d.count("sessions"); i++) {
      order.add(d.get("sessions[" + i + "].lastActivityAt"));
    }
    List<String> sorted = new java.util.ArrayList<>(order);
    sorted.sort(java.util.Comparator.reverseOrder());
    assertEquals(sorted, order, "newest first");

    String router = "sessions[0].";
    assertEquals("019cae8d-e6d4-7b52-9c1e-5a7f3d2b8e61", d.get(router + "sessionId"));
    assertEquals("openrouter", d.get(router + "provider"));
    assertEquals("openai/gpt-5.1", d.get(router + "model"));
    assertEquals("empirical-dropoff", d.get(router + "strategy"));
    assertEquals("unknown", d.get(router + "state"));
    assertEquals("none", d.get(router + "confidence"));
    assertEquals("null", d.get(router + "expiresAt"));
    assertEquals("null", d.get(router + "ttlSeconds"));
    assertEquals("13100", d.get(router + "cachedPrefixTokens"));
    assertEquals("0.001638", d.get(router + "resumeCostWarmUsd"));
    assertEquals("0.016375", d.get(router + "resumeCostColdUsd"));
    assertEquals(io.github.cream.core.internal.CacheEvaluator.ROUTER_NOTE, d.get(router + "notes[1]"));

    String warm = "sessions[1].";
    assertEquals("claude", d.get(warm + "source"));
    assertEquals("c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46", d.get(warm + "sessionId"));
    assertEquals("anthropic", d.get(warm + "provider"));
    assertEquals("claude-sonnet-4-5-20250929", d.get(warm + "model"));
    assertEquals("anthropic-ephemeral", d.get(warm + "strategy"));
    assertEquals("warm", d.get(warm + "state"));
    assertEquals("2026-03-02T12:50:05.200Z", d.get(warm + "lastActivityAt"));
    assertEquals("2026-03-02T13:49:35.200Z", d.get(warm + "expiresAt"));
    assertEquals("3600", d.get(warm + "ttlSeconds"));
    assertEquals("high", d.get(warm + "confidence"));
    assertEquals("22600", d.get(warm + "cachedPrefixTokens"));
    assertEquals("0.00678", d.get(warm + "resumeCostWarmUsd"));
    assertEquals("0.1356", d.get(warm + "resumeCostColdUsd"));

    assertEquals("0.589286", d.get("efficiency.hitRatio"));
    assertEquals("0.443734", d.get("efficiency.savedUsd"));
    // unread: Claude's last 1-hour write of 2,600 (opus, $10), its subagent's last 1,200 (haiku, 5-minute $1.25) and
    // Pi's last 800 (sonnet, 5-minute $3.75)
    assertEquals("4600", d.get("efficiency.expiredWriteTokens"));
    assertEquals("0.0305", d.get("efficiency.expiredWriteUsd"));
    assertEquals("[]", d.get("diagnostics.messages"));

    // session --json carries the same verdicts
    JsonDoc s = cli.run("session", "--demo", "--json").json();
    assertEquals("c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46", s.get("sessions[1].sessionId"));
    assertEquals("warm", s.get("sessions[1].cache.state"));
    assertEquals("2026-03-02T13:49:35.200Z", s.get("sessions[1].cache.expiresAt"));
    assertEquals("unknown", s.get("sessions[0].cache.state"));
  }

  @Test
  void demoCacheExpiresAtItsAnnouncedInstant() throws IOException {
    assumeSources(ALL);
    JsonDoc before = cli.run("cache", "--demo", "--json", "--now", "2026-03-02T13:49:35.199Z").json();
    assertEquals("warm", before.get("sessions[1].state"));
    assertEquals("2026-03-02T13:49:35.199Z", before.get("now"));
    JsonDoc at = cli.run("cache", "--demo", "--json", "--now", "2026-03-02T13:49:35.200Z").json();
    assertEquals("c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46", at.get("sessions[1].sessionId"));
    assertEquals("cold", at.get("sessions[1].state"));
    assertTrue(cli.run("cache", "--demo", "--now", "2026-03-02T13:49:35.199Z").out()
        .contains("  warm     in 1s  "));
    assertTrue(cli.run("session", "--demo", "--now", "2026-03-02T13:49:35.199Z").out().contains("  warm 1s\n"));
  }

  @Test
  void demoIsDeterministic() {
    assumeAnySource();
    for (String command : List.of("daily", "weekly", "monthly", "session", "blocks", "cache")) {
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
