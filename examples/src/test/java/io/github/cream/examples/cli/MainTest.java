package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.JsonDoc;
import io.github.cream.examples.cli.CliHarness.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI run in-process against a temporary home with a test source: every command as a table and as JSON, every
 * option, every bad argument.
 */
class MainTest {

  @TempDir Path home;
  private CliHarness cli;

  /**
   * Six calls of three sessions over two days (UTC): 2026-03-01 two calls of model m1 (one with a recorded cost),
   * 2026-03-02 one of m2, two of m1 and one of an unknown model; the last two 15 minutes apart, in the active block.
   */
  static void writeHistory(Path home) throws IOException {
    CliHarness.write(home.resolve(".testagent/p/a.jsonl"),
        "{\"s\":\"s1\",\"t\":\"2026-03-01T10:00:00Z\",\"m\":\"m1\",\"in\":1000,\"cr\":2000,\"w5\":300,\"w1\":400,"
            + "\"out\":500,\"r\":100,\"title\":\"Fix the checkout total\",\"cwd\":\"/w/shop\"}",
        "{\"s\":\"s1\",\"t\":\"2026-03-01T10:30:00Z\",\"m\":\"m1\",\"in\":10,\"out\":20,\"cost\":\"0.25\"}");
    CliHarness.write(home.resolve(".testagent/p/b.jsonl"),
        "{\"s\":\"s2\",\"t\":\"2026-03-02T11:00:00Z\",\"m\":\"m2\",\"p\":\"other\",\"in\":100,\"out\":100,"
            + "\"cwd\":\"/w/site\",\"title\":\"Write the guide\"}",
        "{\"s\":\"s2\",\"t\":\"2026-03-02T12:30:00Z\",\"m\":\"m1\",\"in\":2000,\"cr\":50000,\"out\":1000}",
        "{\"s\":\"s3\",\"t\":\"2026-03-02T22:30:00Z\",\"m\":\"mystery\",\"in\":7,\"out\":3,\"cwd\":\"/w/shop/sub\"}",
        "{\"s\":\"s3\",\"t\":\"2026-03-02T22:45:00Z\",\"m\":\"m1\",\"in\":200,\"out\":100}");
  }

  @BeforeEach
  void setUp() throws IOException {
    writeHistory(home);
    cli = new CliHarness(home).with(CliHarness.testEngine());
  }

  // --- help, version, bad arguments -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void helpNamesEveryCommandAndOption(String flag) {
    Result r = cli.run(flag);
    assertEquals(0, r.status());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("Usage: cream [-hjvV]"), r.out());
    for (String word : List.of("daily", "weekly", "monthly", "session", "blocks", "cache", "sources", "--json",
        "cream.cache/1", "--timezone",
        "--since", "--until", "--source", "--project", "--cost-mode", "--now", "--no-index", "--forget-missing", "--watch", "--demo",
        "--start-of-week", "--compact", "--version", "YYYYMMDD")) {
      assertTrue(r.out().contains(word), word);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"daily", "weekly", "monthly", "session", "blocks", "cache", "sources"})
  void everyCommandHasItsOwnHelpWithExamples(String command) {
    for (List<String> args : List.of(List.of(command, "--help"), List.of("help", command), List.of(command, "-h"))) {
      Result r = cli.run(args.toArray(String[]::new));
      assertEquals(0, r.status(), r.err());
      assertEquals("", r.err());
      assertTrue(r.out().startsWith("Usage: cream " + command + " "), r.out());
      assertTrue(r.out().contains("Examples:\n  cream " + command), r.out());
      assertTrue(r.out().contains("-j, --json"), r.out());
    }
  }

  @Test
  void shortOptionsAreCcusages() throws IOException {
    Result s = cli.run("daily", "-j", "-s", "20260301", "-u", "20260302", "-z", "UTC", "--no-index");
    Result l = cli.run("daily", "--json", "--since", "20260301", "--until", "20260302", "--timezone", "UTC",
        "--no-index");
    assertEquals(0, s.status(), s.err());
    assertEquals(l.out(), s.out());
    assertEquals(l.out(), cli.run("-jz", "UTC", "daily", "-s20260301", "--until=20260302", "--no-index").out());
  }

  @Test
  void version() {
    Result r = cli.run("--version");
    assertEquals(0, r.status());
    assertTrue(r.out().matches("cream \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.out());
  }

  @Test
  void staticRunNeedsNoCustomizer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), cli.environment());
    assertEquals(0, status);
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage:"));
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(List.of("--frobnicate"), "cream: unknown option '--frobnicate'"),
        Arguments.of(List.of("-x"), "cream: unknown option '-x'"),
        Arguments.of(List.of("frobnicate"), "cream: unknown command 'frobnicate' (commands: daily, weekly, "
            + "monthly, session, blocks, cache, sources, statusline, dashboard, prices, enrich)"),
        Arguments.of(List.of("caches"), "cream: unknown command 'caches' (commands: daily, weekly, monthly, session, "
            + "blocks, cache, sources, statusline, dashboard, prices, enrich); did you mean 'cache'?"),
        Arguments.of(List.of("--jsno"), "cream: unknown option '--jsno'; did you mean '--json'?"),
        Arguments.of(List.of("sesion"), "cream: unknown command 'sesion' (commands: daily, weekly, monthly, "
            + "session, blocks, cache, sources, statusline, dashboard, prices, enrich); did you mean 'session'?"),
        Arguments.of(List.of("--now", "+1000000000-01-01T00:00:00Z"), "cream: --now: expected an instant between "
            + "1970-01-01T00:00:00Z and 9999-01-01T00:00:00Z, got '+1000000000-01-01T00:00:00Z'"),
        Arguments.of(List.of("--now", "-999999999-01-01T00:00:00Z"), "cream: --now: expected an instant between "
            + "1970-01-01T00:00:00Z and 9999-01-01T00:00:00Z, got '-999999999-01-01T00:00:00Z'"),
        Arguments.of(List.of("session", "a", "b"), "cream: unexpected argument 'b'"),
        Arguments.of(List.of("daily", "weekly"), "cream: unexpected argument 'weekly'"),
        Arguments.of(List.of("--timezone", "Mars/Olympus"), "cream: --timezone: unknown time zone 'Mars/Olympus'"),
        Arguments.of(List.of("--timezone=Not a zone"), "cream: --timezone: unknown time zone 'Not a zone'"),
        Arguments.of(List.of("--timezone"), "cream: --timezone: missing value"),
        Arguments.of(List.of("--timezone", "--json"), "cream: --timezone: missing value"),
        Arguments.of(List.of("--since", "2026-13-01"), "cream: --since: expected YYYY-MM-DD, got '2026-13-01'"),
        Arguments.of(List.of("--since", "2026-02-30"), "cream: --since: expected YYYY-MM-DD, got '2026-02-30'"),
        Arguments.of(List.of("--since", "yesterday"), "cream: --since: expected YYYY-MM-DD, got 'yesterday'"),
        Arguments.of(List.of("--until", "20261301"), "cream: --until: expected YYYY-MM-DD, got '20261301'"),
        Arguments.of(List.of("--until", "2026-3-1"), "cream: --until: expected YYYY-MM-DD, got '2026-3-1'"),
        Arguments.of(List.of("--since", "2026-03-05", "--until", "2026-03-01"),
            "cream: --since 2026-03-05 is after --until 2026-03-01"),
        Arguments.of(List.of("--source", "claude,,codex"),
            "cream: --source: expected source ids such as claude,codex, got 'claude,,codex'"),
        Arguments.of(List.of("--source", "nosuch"),
            "cream: --source: source 'nosuch' was requested but no provider has that id; available: testagent"),
        Arguments.of(List.of("--source=codex"),
            "cream: --source: source 'codex' was requested but cream-source-codex is not on the class path or module "
                + "path; add it as a dependency"),
        Arguments.of(List.of("--project", " "), "cream: --project: expected a directory, got ' '"),
        Arguments.of(List.of("--cost-mode", "cheap"),
            "cream: --cost-mode: expected auto, calculate, recorded or enriched, got 'cheap'"),
        Arguments.of(List.of("--now", "tomorrow"),
            "cream: --now: expected an ISO-8601 instant such as 2026-03-02T13:00:00Z, got 'tomorrow'"),
        Arguments.of(List.of("--start-of-week", "someday"),
            "cream: --start-of-week: expected a day such as monday or sun, got 'someday'"),
        Arguments.of(List.of("--json=yes"), "cream: --json takes no value"),
        Arguments.of(List.of("--demo=1", "--json"), "cream: --demo takes no value"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsExitTwoWithOneLineNamingTheArgument(List<String> args, String message) {
    Result r = cli.run(args.toArray(String[]::new));
    assertEquals(2, r.status(), r.err());
    assertEquals("", r.out(), "nothing on stdout");
    assertEquals(List.of(message), r.errLines());
    Result json = cli.run(Stream.concat(Stream.of("--json"), args.stream()).toArray(String[]::new));
    assertEquals(2, json.status());
    assertEquals("", json.out(), "nothing on stdout, even with --json");
    assertEquals(1, json.errLines().size());
  }

  // --- daily, weekly, monthly -----------------------------------------------------------------------------------

  @Test
  void dailyTable() {
    Result r = cli.run("--timezone", "UTC");
    assertEquals(0, r.status());
    assertEquals(
        """
        Usage per day (UTC)

        Date        Source     Model    Input  Output  Cache write  Cache read  Total tokens      Cost
        ----------  ---------  -------  -----  ------  -----------  ----------  ------------  --------
        2026-03-01  testagent  m1       1,010     520          700       2,000         4,230     $0.26
        2026-03-02                      2,307   1,203            0      50,000        53,510    $0.04*
                    testagent  m1       2,200   1,100            0      50,000        53,300     $0.04
                    testagent  m2         100     100            0           0           200     $0.00
                    testagent  mystery      7       3            0           0            10  unpriced
        ----------  ---------  -------  -----  ------  -----------  ----------  ------------  --------
        Total                           3,317   1,723          700      52,000        57,740    $0.30*

        * includes calls of models without a known price, counted as $0 here (see --json diagnostics)
        """,
        r.out());
    assertEquals(List.of("1 call unpriced (run with --json for details)",
        "cream: warning: No price for model 'mystery' (prov); its calls are counted as unpriced, not as $0."
            + " [cream.price.unknown-model]"), r.errLines());
    assertEquals(r.out(), cli.run("daily", "--timezone", "UTC").out(), "daily is the default command");
  }

  @Test
  void dailyJson() throws IOException {
    Result r = cli.run("daily", "--json", "--timezone", "UTC");
    assertEquals(0, r.status());
    assertEquals("", r.err(), "nothing on stderr with --json");
    JsonDoc d = r.json();
    assertEquals("cream.report/1", d.get("schema"));
    assertEquals("2026-03-03T01:00:00Z", d.get("asOf"));
    assertEquals("UTC", d.get("timezone"));
    assertFalse(d.has("demo"));
    assertEquals(2, d.count("daily"));
    assertEquals("2026-03-01", d.get("daily[0].date"));
    assertEquals("4230", d.get("daily[0].totalTokens"));
    assertEquals("0.264625", d.get("daily[0].costUsd"));
    assertEquals("mixed", d.get("daily[0].breakdown[0].costProvenance"));
    assertEquals("100", d.get("daily[0].reasoningTokens"));
    assertEquals("300", d.get("daily[0].cacheWrite5mTokens"));
    assertEquals("400", d.get("daily[0].cacheWrite1hTokens"));
    assertEquals("700", d.get("daily[0].cacheWriteTokens"));
    assertEquals(3, d.count("daily[1].breakdown"));
    assertEquals("m1", d.get("daily[1].breakdown[0].model"));
    assertEquals("0.0381", d.get("daily[1].breakdown[0].costUsd"));
    assertEquals("other", d.get("daily[1].breakdown[1].provider"));
    assertEquals("unpriced", d.get("daily[1].breakdown[2].costProvenance"));
    assertEquals("0.0", d.get("daily[1].breakdown[2].costUsd"));
    assertEquals("57740", d.get("totals.totalTokens"));
    assertEquals("0.303325", d.get("totals.costUsd"));
    assertEquals("6", d.get("totals.calls"));
    assertEquals("2", d.get("diagnostics.filesScanned"));
    assertEquals("6", d.get("diagnostics.linesRead"));
    assertEquals("0", d.get("diagnostics.malformedLines"));
    assertEquals("1", d.get("diagnostics.unpricedCalls"));
    assertEquals("0", d.get("diagnostics.retainedFromMissingFiles"));
    assertEquals("cream.price.unknown-model", d.get("diagnostics.messages[0].code"));
    assertEquals("WARNING", d.get("diagnostics.messages[0].severity"));
  }

  @Test
  void timezoneMovesCallsBetweenDays() throws IOException {
    JsonDoc d = cli.run("--json", "--timezone", "Europe/Helsinki").json();
    assertEquals("Europe/Helsinki", d.get("timezone"));
    assertEquals(3, d.count("daily"));
    assertEquals("2026-03-03", d.get("daily[2].date"), "22:30Z and 22:45Z are past midnight in Helsinki");
    assertEquals("310", d.get("daily[2].totalTokens"));
    assertTrue(cli.run("--timezone", "Europe/Helsinki").out().startsWith("Usage per day (Europe/Helsinki)\n"));
  }

  @Test
  void weeklyStartsOnMondayOrTheChosenDay() throws IOException {
    JsonDoc d = cli.run("weekly", "--json", "--timezone", "UTC").json();
    assertEquals(2, d.count("weekly"));
    assertEquals("2026-02-23", d.get("weekly[0].week"));
    assertEquals("2026-03-02", d.get("weekly[1].week"));
    JsonDoc sunday = cli.run("weekly", "--json", "--timezone", "UTC", "--start-of-week", "sun").json();
    assertEquals(1, sunday.count("weekly"));
    assertEquals("2026-03-01", sunday.get("weekly[0].week"));
    assertEquals("57740", sunday.get("weekly[0].totalTokens"));
    Result table = cli.run("weekly", "--timezone", "UTC", "--start-of-week", "SUNDAY");
    assertTrue(table.out().contains("\nWeek of     Source "), table.out());
    assertTrue(table.out().contains("\n2026-03-01  "), table.out());
  }

  @Test
  void monthlyCompact() throws IOException {
    Result r = cli.run("monthly", "--compact", "--timezone", "UTC");
    assertEquals(
        """
        Usage per month (UTC)

        Month    Input  Output  Cache write  Cache read  Total tokens    Cost
        -------  -----  ------  -----------  ----------  ------------  ------
        2026-03  3,317   1,723          700      52,000        57,740  $0.30*
        -------  -----  ------  -----------  ----------  ------------  ------
        Total    3,317   1,723          700      52,000        57,740  $0.30*

        * includes calls of models without a known price, counted as $0 here (see --json diagnostics)
        """,
        r.out());
    JsonDoc d = cli.run("monthly", "--json", "--timezone", "UTC").json();
    assertEquals("2026-03", d.get("monthly[0].month"));
  }

  // --- filters and cost modes -----------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({"2026-03-02, 2026-03-01", "20260302, 20260301"})
  void sinceAndUntilAcceptBothDateForms(String day, String dayBefore) throws IOException {
    JsonDoc since = cli.run("--json", "--timezone", "UTC", "--since", day).json();
    assertEquals(1, since.count("daily"));
    assertEquals("2026-03-02", since.get("daily[0].date"));
    JsonDoc until = cli.run("--json", "--timezone", "UTC", "--until=" + dayBefore).json();
    assertEquals(1, until.count("daily"));
    assertEquals("2026-03-01", until.get("daily[0].date"));
    JsonDoc none = cli.run("--json", "--timezone", "UTC", "--since", "2027-01-01").json();
    assertEquals("[]", none.get("daily"));
    assertEquals("0", none.get("totals.calls"));
    assertEquals("No usage found.\n",
        cli.run("--timezone", "UTC", "--since", "2027-01-01").out().lines().skip(2).findFirst().orElse("") + "\n");
  }

  @Test
  void sourceFilterKeepsOnlyTheNamedSources() throws IOException {
    CliHarness.write(home.resolve(".otheragent/x.jsonl"),
        "{\"s\":\"o1\",\"t\":\"2026-03-02T09:00:00Z\",\"m\":\"m1\",\"in\":1,\"out\":1}");
    CliHarness two = new CliHarness(home).with(CliHarness.testEngine("otheragent"));
    assertEquals("57742", two.run("--json").json().get("totals.totalTokens"));
    assertEquals("2", two.run("--json", "--source", "otheragent").json().get("totals.totalTokens"));
    assertEquals("57740", two.run("--json", "--source", "TestAgent").json().get("totals.totalTokens"));
    assertEquals("57742", two.run("--json", "--source", "testagent,otheragent").json().get("totals.totalTokens"));
    assertEquals("57742",
        two.run("--json", "--source", "testagent", "--source", "otheragent").json().get("totals.totalTokens"));
    JsonDoc sources = two.run("sources", "--json", "--source", "otheragent").json();
    assertEquals(1, sources.count("sources"));
    assertEquals("otheragent", sources.get("sources[0].id"));
  }

  @Test
  void projectFilterKeepsTheDirectoryAndBelow() throws IOException {
    JsonDoc shop = cli.run("session", "--json", "--project", "/w/shop").json();
    assertEquals(2, shop.count("sessions"));
    assertEquals("s3", shop.get("sessions[0].sessionId"));
    assertEquals("s1", shop.get("sessions[1].sessionId"));
    JsonDoc site = cli.run("--json", "--project", "/w/site/").json();
    assertEquals("53200", site.get("totals.totalTokens"));
    JsonDoc nothing = cli.run("--json", "--project", "/w/sh").json();
    assertEquals("0", nothing.get("totals.calls"), "a prefix of a directory name is not the directory");
    JsonDoc tilde = cli.run("--json", "--project", "~/p").json();
    assertEquals("0", tilde.get("totals.calls"));
  }

  @Test
  void costModes() throws IOException {
    assertEquals("0.303325", cli.run("--json", "--cost-mode", "auto").json().get("totals.costUsd"));
    JsonDoc calc = cli.run("--json", "--cost-mode", "calculate").json();
    assertEquals("0.053655", calc.get("totals.costUsd"), "the recorded $0.25 call repriced at $0.00033");
    JsonDoc rec = cli.run("--json", "--cost-mode=RECORDED").json();
    assertEquals("0.25", rec.get("totals.costUsd"));
    assertEquals("5", rec.get("diagnostics.unpricedCalls"));
  }

  @Test
  void noIndexIsAccepted() throws IOException {
    assertEquals(cli.run("--json").out(), cli.run("--json", "--no-index").out());
  }

  // --- session --------------------------------------------------------------------------------------------------

  @Test
  void sessionTable() {
    Result r = cli.run("session", "--timezone", "UTC");
    assertEquals(0, r.status());
    assertEquals(
        """
        Sessions, most recent first (UTC)

        Last activity     Source     Session     Title                   Project      Calls  Total tokens    Cost  Cache
        ----------------  ---------  ----------  ----------------------  -----------  -----  ------------  ------  -------
        2026-03-02 22:45  testagent  s3                                  /w/shop/sub      2           310  $0.00*  unknown
        2026-03-02 12:30  testagent  s2          Write the guide         /w/site          2        53,200   $0.04  unknown
        2026-03-01 10:30  testagent  s1          Fix the checkout total  /w/shop          2         4,230   $0.26  unknown
        ----------------  ---------  ----------  ----------------------  -----------  -----  ------------  ------  -------
        Total                        3 sessions                                           6        57,740  $0.30*

        * includes calls of models without a known price, counted as $0 here (see --json diagnostics)
        """,
        r.out());
  }

  @Test
  void sessionJson() throws IOException {
    Result r = cli.run("session", "--json");
    assertEquals("", r.err());
    JsonDoc d = r.json();
    assertEquals("cream.sessions/1", d.get("schema"));
    assertEquals(3, d.count("sessions"));
    assertEquals("s3", d.get("sessions[0].sessionId"));
    assertEquals("s1", d.get("sessions[2].sessionId"));
    assertEquals("testagent", d.get("sessions[2].source"));
    assertEquals("Fix the checkout total", d.get("sessions[2].title"));
    assertEquals("/w/shop", d.get("sessions[2].project"));
    assertEquals("2026-03-01T10:00:00Z", d.get("sessions[2].startedAt"));
    assertEquals("2026-03-01T10:30:00Z", d.get("sessions[2].lastActivityAt"));
    assertEquals("prov", d.get("sessions[2].provider"));
    assertEquals("m1", d.get("sessions[2].models[0]"));
    assertEquals("2", d.get("sessions[2].calls"));
    assertEquals("4230", d.get("sessions[2].totalTokens"));
    assertEquals("0.264625", d.get("sessions[2].costUsd"));
    assertEquals("null", d.get("sessions[2].category"));
    assertEquals("null", d.get("sessions[2].parentSessionId"));
    // without any cache strategy on the class path, every verdict is an honest unknown
    assertEquals("testagent", d.get("sessions[0].cache.source"));
    assertEquals("s3", d.get("sessions[0].cache.sessionId"));
    assertEquals("prov", d.get("sessions[0].cache.provider"));
    assertEquals("m1", d.get("sessions[0].cache.model"), "the verdict is about the latest call's model");
    assertEquals("unknown", d.get("sessions[0].cache.strategy"));
    assertEquals("unknown", d.get("sessions[0].cache.state"));
    assertEquals("none", d.get("sessions[0].cache.confidence"));
    assertEquals("null", d.get("sessions[0].cache.expiresAt"));
    assertEquals("null", d.get("sessions[0].cache.ttlSeconds"));
    assertEquals("null", d.get("sessions[0].cache.resumeCostWarmUsd"));
    assertEquals("no cache strategy knows the provider 'prov'", d.get("sessions[0].cache.notes[0]"));
    assertTrue(d.has("sessions[2].cache"), "every session with calls has a verdict");
    assertEquals("57740", d.get("totals.totalTokens"));
    assertEquals("2", d.get("diagnostics.filesScanned"));
  }

  @Test
  void sessionIdsAreShortenedOnlyWhileUnambiguous() throws IOException {
    CliHarness.write(home.resolve(".testagent/q/c.jsonl"),
        "{\"s\":\"019ca1d2-5b7e-7c40-9e3a-6f1b2d8c4a90\",\"t\":\"2026-03-02T20:00:00Z\",\"in\":1,\"out\":1}",
        "{\"s\":\"019ca1d2-6c00-7c40-9e3a-6f1b2d8c4a90\",\"t\":\"2026-03-02T20:01:00Z\",\"in\":1,\"out\":1}",
        "{\"s\":\"7d1f3a52-4c1e-4b8a-9a61-2f0c5e9b8d34\",\"t\":\"2026-03-02T20:02:00Z\",\"in\":1,\"out\":1}");
    String out = cli.run("session", "--timezone", "UTC").out();
    assertTrue(out.contains("  019ca1d2-5  "), out);
    assertTrue(out.contains("  019ca1d2-6  "), out);
    assertTrue(out.contains("  7d1f3a52-4  "), out);
  }

  // --- blocks ---------------------------------------------------------------------------------------------------

  @Test
  void blocksTable() {
    Result r = cli.run("blocks", "--timezone", "UTC");
    assertEquals(0, r.status());
    assertEquals(
        """
        Usage per account: 5-hour blocks, or the agent's own rate-limit windows (UTC)

        testagent: 5h blocks

        Start             End               Last call  Status        Calls  Total tokens    Cost  Models
        ----------------  ----------------  ---------  ------------  -----  ------------  ------  -----------
        2026-03-01 10:00  15:00             10:30      done              2         4,230   $0.26  m1
        2026-03-01 15:30  2026-03-02 11:00             idle 19h 30m
        2026-03-02 11:00  16:00             12:30      done              2        53,200   $0.04  m1, m2
        2026-03-02 17:30  22:00                        idle 4h 30m
        2026-03-02 22:00  2026-03-03 03:00  22:45      active            2           310  $0.00*  m1, mystery
        ----------------  ----------------  ---------  ------------  -----  ------------  ------  -----------
        Total                                                            6        57,740  $0.30*

        Active block: 2h left (ends 03:00). Burn rate 21 tokens/min, $0.01/h; at this rate by 03:00: 2,790 tokens, $0.02.

        * includes calls of models without a known price, counted as $0 here (see --json diagnostics)
        """,
        r.out());
  }

  @Test
  void blocksActiveRecentAndTokenLimit() {
    String active = cli.run("blocks", "--timezone", "UTC", "--active", "--token-limit", "max").out();
    assertTrue(active.contains("2026-03-02 22:00  2026-03-03 03:00  22:45      active"), active);
    assertFalse(active.contains("done"), active);
    assertFalse(active.contains("idle"), active);
    // the largest finished block used 53,200 tokens; the active one 310, projected 2,790
    assertTrue(active.contains("Token limit 53,200: 1% used, 5% projected."), active);
    String recent = cli.run("blocks", "--timezone", "UTC", "--recent", "--now", "2026-03-05T00:00:00Z").out();
    assertTrue(recent.contains("2026-03-02 11:00"), recent);
    assertFalse(recent.contains("2026-03-01 10:00"), recent);
    assertTrue(recent.contains("idle 4h 30m"), "a gap between blocks kept is kept: " + recent);
    assertTrue(cli.run("blocks", "--active", "--now", "2026-03-09T00:00:00Z").out().contains("No active block."));
    assertEquals(2, cli.run("daily", "--active").status());
    assertEquals(2, cli.run("blocks", "--token-limit", "lots").status());
  }

  @Test
  void blocksJson() throws IOException {
    JsonDoc d = cli.run("blocks", "--json").json();
    assertEquals("cream.blocks/1", d.get("schema"));
    assertEquals("2026-03-03T01:00:00Z", d.get("asOf"));
    assertEquals("300", d.get("blockLengthMinutes"));
    assertEquals(5, d.count("blocks"));
    assertEquals("true", d.get("blocks[1].gap"));
    assertEquals("null", d.get("blocks[1].lastActivityAt"));
    assertEquals("true", d.get("blocks[4].active"));
    assertEquals("2026-03-02T22:00:00Z", d.get("blocks[4].start"));
    assertEquals("2026-03-03T03:00:00Z", d.get("blocks[4].end"));
    assertEquals("2026-03-02T22:45:00Z", d.get("blocks[4].lastActivityAt"));
    assertEquals("20.67", d.get("blocks[4].burnRate.tokensPerMinute"));
    assertEquals("0.0084", d.get("blocks[4].burnRate.costPerHourUsd"));
    assertEquals("2790", d.get("blocks[4].projection.totalTokens"));
    assertEquals("0.0189", d.get("blocks[4].projection.costUsd"));
    assertEquals("120", d.get("blocks[4].projection.remainingMinutes"));
    assertEquals("null", d.get("blocks[2].burnRate"));
  }

  @Test
  void nowDecidesTheActiveBlock() throws IOException {
    JsonDoc later = cli.run("blocks", "--json", "--now", "2026-03-03T09:00:00Z").json();
    assertEquals("2026-03-03T09:00:00Z", later.get("asOf"));
    for (int i = 0; i < later.count("blocks"); i++) {
      assertEquals("false", later.get("blocks[" + i + "].active"));
    }
    JsonDoc offset = cli.run("blocks", "--json", "--now", "2026-03-03T02:00:00+01:00").json();
    assertEquals("2026-03-03T01:00:00Z", offset.get("asOf"));
    assertEquals("true", offset.get("blocks[4].active"));
    assertTrue(cli.run("blocks", "--timezone", "UTC", "--now", "2026-03-03T02:30:00Z").out()
        .contains("Active block: 30m left (ends 03:00)."));
  }

  // --- sources --------------------------------------------------------------------------------------------------

  @Test
  void sourcesTableAndJson() throws IOException {
    Result r = cli.run("sources");
    assertEquals(
        """
        Sources

        Source     Name                  Found  Files  Roots         Loaded from
        ---------  --------------------  -----  -----  ------------  -----------
        testagent  Test Agent testagent  yes        2  ~/.testagent  registered

        Source     Usage  Messages  Recorded cost  Watch  Cache state  Project scoping  Watch scope
        ---------  -----  --------  -------------  -----  -----------  ---------------  -----------
        testagent  yes    no        no             no     no           no               global

        Cache strategies: none on the class path.
        """,
        r.out());
    assertEquals("", r.err());
    JsonDoc d = cli.run("sources", "--json").json();
    assertEquals("cream.sources/1", d.get("schema"));
    assertEquals("testagent", d.get("sources[0].id"));
    assertEquals("Test Agent testagent", d.get("sources[0].displayName"));
    assertEquals(home.resolve(".testagent").toString(), d.get("sources[0].roots[0]"));
    assertEquals("true", d.get("sources[0].found"));
    assertEquals("2", d.get("sources[0].files"));
    assertEquals("registered", d.get("sources[0].origin"));
    assertEquals("[]", d.get("cacheStrategies"));
    assertEquals("usage", d.get("sources[0].capabilities[0]"));
    assertEquals(1, d.count("sources[0].capabilities"));
    assertEquals("global", d.get("sources[0].watchScope"));
  }

  // --- problems in the logs -------------------------------------------------------------------------------------

  @Test
  void badLinesAndFilesAreCountedNotFatal() throws IOException {
    CliHarness.write(home.resolve(".testagent/p/bad.jsonl"),
        "{\"s\":\"s9\",\"t\":\"PRIVATE-PROMPT-TEXT\",\"in\":",
        "{\"s\":\"s9\",\"t\":\"not a time\",\"in\":1}",
        "{\"s\":\"s9\",\"t\":\"2026-03-02T10:00:00Z\",\"in\":1,\"out\":1}");
    Files.write(home.resolve(".testagent/p/binary.jsonl"), new byte[] {0, 1, 2, (byte) 0xff, '\n', '"', 't', '"'});
    Result r = cli.run("--timezone", "UTC");
    assertEquals(0, r.status());
    assertEquals(
        // the binary file's first line (a NUL byte) is skipped by the engine as cream.line.binary: the third
        List.of("3 lines skipped (malformed), 1 call unpriced (run with --json for details)",
            "cream: warning: A line of binary data (a NUL byte) was skipped. [cream.line.binary]"
                + " (~/.testagent/p/binary.jsonl:1)",
            "cream: warning: No price for model 'mystery' (prov); its calls are counted as unpriced, not as $0."
                + " [cream.price.unknown-model]",
            "cream: warning: Line is not a valid usage line. [testagent.line.invalid] (~/.testagent/p/bad.jsonl:1,"
                + " 2 times)"), r.errLines());
    Result json = cli.run("--json");
    assertEquals(0, json.status());
    assertEquals("", json.err());
    JsonDoc d = json.json();
    assertEquals("3", d.get("diagnostics.malformedLines"));
    assertEquals("4", d.get("diagnostics.filesScanned"));
    assertEquals("57742", d.get("totals.totalTokens"));
    assertFalse(json.out().contains("PRIVATE-PROMPT-TEXT"), "diagnostics never quote the logs");
    assertTrue(json.out().contains("\"code\": \"testagent.line.invalid\""));
  }

  @Test
  void withoutAnyLogsTablesShowTheDemoAndJsonStaysEmpty() throws IOException {
    Path empty = Files.createDirectories(home.resolve("empty-home"));
    CliHarness none = new CliHarness(empty).with(CliHarness.testEngine());
    Result table = none.run("--timezone", "UTC");
    assertEquals(0, table.status());
    assertEquals(
        List.of("No agent logs found under " + empty.resolve(".testagent")
            + ". Showing the embedded demo (run with --demo to ask for it explicitly)."),
        table.errLines());
    assertTrue(table.out().startsWith("demo history: synthetic logs of Claude Code, Codex CLI, Pi and OpenClaw; "
        + "clock fixed at 2026-03-02T13:00:00Z\n\nUsage per day (UTC)\n"), table.out());

    Result json = none.run("--json");
    assertEquals(0, json.status());
    assertEquals("", json.err());
    JsonDoc d = json.json();
    assertFalse(d.has("demo"), "programs are never fed demo data silently");
    assertEquals("2026-03-03T01:00:00Z", d.get("asOf"));
    assertEquals("[]", d.get("daily"));
    assertEquals("0", d.get("totals.calls"));
    assertEquals("cream.logs.none", d.get("diagnostics.messages[0].code"));
    assertEquals("INFO", d.get("diagnostics.messages[0].severity"));
    for (String command : List.of("session", "blocks", "cache")) {
      JsonDoc c = none.run(command, "--json").json();
      assertEquals("cream.logs.none", c.get("diagnostics.messages[0].code"), command);
    }
    JsonDoc sources = none.run("sources", "--json").json();
    assertEquals("false", sources.get("sources[0].found"));
    assertFalse(sources.has("demo"));
  }

  @Test
  void withoutAnySourceTheOutputSaysSo() throws IOException {
    CliHarness bare = new CliHarness(home).with(b -> b.discoverProviders(false).bundledPrices(false));
    Result table = bare.run();
    assertEquals(0, table.status());
    assertTrue(table.err().startsWith("cream: no cream Source was found on the class path"), table.err());
    assertFalse(table.out().contains("demo history"), "without sources the demo has nothing to show either");
    JsonDoc d = bare.run("--json").json();
    assertEquals("cream.source.none", d.get("diagnostics.messages[0].code"));
    assertEquals("cream.logs.none", d.get("diagnostics.messages[1].code"));
  }

  // --- failures that are not the command line's fault -------------------------------------------------------

  @Test
  void aBrokenSetupExitsOneWithOneLine() {
    Result r = cli.with(b -> b.source(new TestSource("testagent"))).run("--json");
    assertEquals(1, r.status());
    assertEquals("", r.out());
    assertEquals(1, r.errLines().size());
    assertTrue(r.err().startsWith("cream: two source providers have the id 'testagent'"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--json", "--compact"})
  void anUnwritableStdoutExitsOne(String flag) {
    PrintStream broken = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("closed");
      }
    }, true, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        new Main(CliHarness.testEngine())
            .execute(new String[] {flag}, broken, new PrintStream(err, true, StandardCharsets.UTF_8),
                cli.environment());
    assertEquals(1, status);
    assertEquals("cream: error: standard output could not be written\n", err.toString(StandardCharsets.UTF_8));
  }

  // --- JSON is pure ---------------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"daily", "weekly", "monthly", "session", "blocks", "cache", "sources"})
  void jsonStdoutIsOneDocumentAndStderrIsQuiet(String command) throws IOException {
    Result r = cli.run(command, "--json", "--timezone", "Asia/Tokyo");
    assertEquals(0, r.status());
    assertEquals("", r.err());
    JsonDoc d = r.json();
    assertTrue(d.get("schema").startsWith("cream."));
    Result demo = cli.run(command, "--json", "--demo");
    assertEquals(0, demo.status());
    assertEquals("", demo.err());
    assertEquals("true", demo.json().get("demo"));
  }

  @Test
  void aCommandThatRunsOutOfHeapSaysSoInOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status = new Main(b -> {}).call(() -> {
      throw new OutOfMemoryError("Java heap space");
    }, errStream);
    assertEquals(1, status);
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(Main.outOfMemory(Runtime.getRuntime().maxMemory()) + System.lineSeparator(), text);
    assertTrue(text.contains("-Xmx") && !text.contains("\tat "), text);
  }

  @Test
  void aScanWhoseThreadRanOutOfHeapSaysSoToo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new Main(b -> {}).call(() -> {
      throw new IllegalStateException("a file scan failed unexpectedly", new OutOfMemoryError("Java heap space"));
    }, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(1, status);
    assertEquals(Main.outOfMemory(Runtime.getRuntime().maxMemory()) + System.lineSeparator(),
        err.toString(StandardCharsets.UTF_8));
  }
}
