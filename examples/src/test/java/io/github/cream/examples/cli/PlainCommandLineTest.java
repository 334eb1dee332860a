package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.Result;
import io.github.cream.examples.cli.PlainCommandLineProperties.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The report command lines people type most are read without picocli ({@link PlainCommandLine}), and print
 * exactly what they print through picocli: the same output, errors and exit status. The rest is left to picocli.
 */
class PlainCommandLineTest {

  @TempDir Path home;
  private CliHarness cli;

  @BeforeEach
  void setUp() throws IOException {
    MainTest.writeHistory(home);
    cli = new CliHarness(home).with(CliHarness.testEngine());
  }

  private static final List<List<String>> COMMON = List.of(
      List.of(), List.of("--json"), List.of("daily"), List.of("daily", "--json"), List.of("daily", "-j"),
      List.of("weekly"), List.of("weekly", "--json", "-w", "sunday"), List.of("monthly", "--json"),
      List.of("monthly", "--compact"), List.of("session"), List.of("session", "--json"), List.of("session", "s1"),
      List.of("session", "s1", "--json"), List.of("session", "--json", "s"), List.of("blocks"),
      List.of("blocks", "--json"), List.of("blocks", "--active"), List.of("blocks", "--recent", "--token-limit",
          "max"), List.of("blocks", "--now", "2026-03-02T23:00:00Z", "--json"), List.of("cache"),
      List.of("cache", "--json"), List.of("cache", "--active"), List.of("cache", "--last", "2", "--order", "asc"),
      List.of("daily", "--since", "20260301", "--until", "2026-03-02", "--timezone", "Europe/Helsinki"),
      List.of("daily", "-s", "20260302", "-z", "UTC", "--json"), List.of("daily", "--source", "testagent"),
      List.of("daily", "--source=testagent", "--json"), List.of("--json", "daily", "--since=20260302"),
      List.of("-z", "UTC", "session", "--project", "/w/shop"), List.of("daily", "--by", "project"),
      List.of("daily", "--by", "project", "--json"), List.of("monthly", "-p", "shop"),
      List.of("daily", "--compact", "--no-index"), List.of("daily", "-v"), List.of("daily", "--cost-mode",
          "calculate", "--json"), List.of("sources"), List.of("sources", "--json"),
      // checked after reading: the same one-line errors on both paths
      List.of("daily", "--since", "2026-13-01"), List.of("daily", "--since", "20260302", "--until", "20260301"),
      List.of("daily", "--timezone", "Mars/Base"), List.of("daily", "--source", "CLAUDE"),
      List.of("cache", "--last", "0"), List.of("daily", "--by", "model"), List.of("session", "no-such-session"),
      List.of("blocks", "--token-limit", "lots"), List.of("daily", "--source", "nothere"),
      List.of("daily", "--forget-missing", "--no-index"), List.of("daily", "--now", "yesterday"));

  @Test
  void theCommonCommandLinesAreReadWithoutPicocli() {
    for (List<String> args : COMMON) {
      assertNotNull(PlainCommandLineProperties.plain(args), String.join(" ", args));
    }
  }

  @Test
  void theyPrintWhatTheyPrintThroughPicocli() {
    for (List<String> args : COMMON) {
      Result plain = run(cli.main(), args);
      Result picocli = run(cli.main().picocliOnly(), args);
      assertEquals(picocli, plain, String.join(" ", args));
    }
    assertEquals(0, run(cli.main(), List.of("daily", "--json")).status());
    assertEquals(2, run(cli.main(), List.of("daily", "--since", "2026-13-01")).status());
    assertEquals("cream: --since: expected YYYY-MM-DD, got '2026-13-01'\n",
        run(cli.main(), List.of("daily", "--since", "2026-13-01")).err());
  }

  @Test
  void theyAreReadAsPicocliReadsThem() {
    Outcome o = PlainCommandLineProperties.plain(List.of("-j", "weekly", "-s", "20260301", "-z", "Europe/Helsinki",
        "--source", "claude,codex", "-w", "sun", "--compact"));
    assertEquals(PlainCommandLineProperties.picocli(List.of("-j", "weekly", "-s", "20260301", "-z",
        "Europe/Helsinki", "--source", "claude,codex", "-w", "sun", "--compact")), o);
    Options opts = o.options();
    assertEquals(Options.Command.WEEKLY, opts.command());
    assertTrue(opts.json() && opts.compact());
    assertEquals(LocalDate.of(2026, 3, 1), opts.since());
    assertEquals(ZoneId.of("Europe/Helsinki"), opts.zone());
    assertEquals(Set.of("claude", "codex"), opts.sources());
    assertEquals(DayOfWeek.SUNDAY, opts.startOfWeek());
    Options session = PlainCommandLineProperties.plain(List.of("session", "--json", "7d1f")).options();
    assertEquals("7d1f", session.sessionId());
    Options cache = PlainCommandLineProperties.plain(List.of("cache", "--active", "--last", "3")).options();
    assertEquals(new Options.Focus(true, 3, false, false, null, false), cache.focus());
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    for (List<String> args : List.of(List.of("--help"), List.of("daily", "-h"), List.of("help", "daily"),
        List.of("--version"), List.of("-V"), List.of("daily", "--watch"), List.of("cache", "--demo"),
        List.of("daily", "--json", "--json"), List.of("daily", "-j", "--json"), List.of("daily", "-jv"),
        List.of("daily", "-zUTC"), List.of("daily", "--json=true"), List.of("daily", "--since"),
        List.of("daily", "--since", ""), List.of("daily", "--since="), List.of("daily", "--project", "-x"),
        List.of("daily", "--project", "session"), List.of("daily", "--project", "@file"), List.of("@file"),
        List.of("daily", "--"), List.of("daily", "-"), List.of("daily", "extra"), List.of("session", "a", "b"),
        List.of("session", "help"), List.of("daily", "--active"), List.of("blocks", "--last", "2"),
        List.of("cache", "--recent"), List.of("session", "--by", "project"), List.of("dailly"),
        List.of("statusline"), List.of("dashboard"), List.of("prices", "import", "x"), List.of("enrich"),
        List.of("daily", "--frobnicate"), List.of("daily", "--Json"), List.of("daily", "--jso"),
        List.of("daily", "--source", "a", "--source", "b"), List.of("--json", "--json", "daily"))) {
      assertNull(PlainCommandLineProperties.plain(args), String.join(" ", args));
    }
  }

  @Test
  void itKnowsEveryCommandName() {
    Set<String> names = new HashSet<>();
    for (Class<?> type : CreamCommand.subcommands()) {
      names.add(type.getAnnotation(CommandLine.Command.class).name());
    }
    assertEquals(names, PlainCommandLine.COMMANDS);
  }

  private Result run(Main main, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = main.execute(args.toArray(String[]::new), o, e, cli.environment());
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
