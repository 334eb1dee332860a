package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Environment;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import picocli.CommandLine;

/**
 * The command lines {@link PlainCommandLine} reads without picocli are read exactly as picocli reads them: for
 * random command lines drawn from a grammar of the commands, their options and values (valid and invalid, short and
 * long names, {@code =} forms, repeated, unknown and clustered options, values that are empty, start with
 * {@code -} or {@code @}, name a command, hold an {@code =} or quotes), the plain path either declines (null) or
 * makes the command whose checked options ({@link Options}, record equality) or whose error message are those of the
 * command picocli makes.
 */
class PlainCommandLineProperties {

  private static final PrintStream NONE =
      new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
  private static final Environment ENV =
      Environment.of(Map.of("HOME", "/nonexistent-home"), Clock.fixed(Instant.parse("2026-03-03T01:00:00Z"),
          ZoneOffset.UTC));

  /** What a command line comes to: the checked options, or a usage error, or something else than a report. */
  record Outcome(String kind, Options options, String error) {
    static Outcome of(Object command) {
      try {
        if (command instanceof CreamCommand c) {
          return new Outcome("report", c.options(), null);
        }
        if (command instanceof ReportCommand r) {
          return new Outcome("report", r.options(), null);
        }
        return new Outcome("other " + command.getClass().getSimpleName(), null, null);
      } catch (UsageException e) {
        return new Outcome("usage error", null, e.getMessage());
      }
    }
  }

  /** The outcome of the plain path, or null when it declines. */
  static Outcome plain(List<String> args) {
    Callable<Integer> c =
        PlainCommandLine.read(args.toArray(String[]::new), new CreamCommand(new Main(b -> {}), NONE, NONE, ENV));
    return c == null ? null : Outcome.of(c);
  }

  /** The outcome of picocli's path, as {@link Main} reads a command line the plain path declines. */
  static Outcome picocli(List<String> args) {
    Main main = new Main(b -> {});
    CommandLine.ParseResult parsed;
    try {
      parsed = CommandLines.parse(main, args.toArray(String[]::new), NONE, NONE, ENV);
    } catch (UsageException | CommandLine.ParameterException e) {
      return new Outcome("parse error", null, e.getMessage());
    }
    if (CommandLine.printHelpIfRequested(parsed)) {
      return new Outcome("help", null, null);
    }
    CommandLine.ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    return Outcome.of(last.commandSpec().userObject());
  }

  @Property(tries = 4000)
  void thePlainPathDeclinesOrAgreesWithPicocli(@ForAll("commandLines") List<String> args) {
    Outcome plain = plain(args);
    Statistics.label("plain path").collect(plain == null ? "declined" : plain.kind());
    Statistics.label("plain path").coverage(c -> {
      c.check("report").percentage(p -> p > 8);
      c.check("usage error").percentage(p -> p > 10);
    });
    if (plain != null) {
      assertEquals(picocli(args), plain, String.join(" ", args));
    }
  }

  private static final List<String> FLAGS = List.of("--json", "-j", "--compact", "--no-index", "--forget-missing",
      "--verbose", "-v", "--active", "--recent");

  private static final List<String> OTHER_FLAGS = List.of("--watch", "--demo", "-h", "--help", "-V", "--version",
      "-jv", "-vj", "--JSON", "--jso", "-x", "-", "--", "-?", "--no-color");

  private static final List<String> VALUED = List.of("--timezone", "-z", "--since", "-s", "--until", "-u",
      "--source", "--project", "-p", "--cost-mode", "-m", "--start-of-week", "-w", "--now", "--by", "--token-limit",
      "--last", "--order");

  private static final List<String> OTHER_VALUED = List.of("--session", "--timeout", "--port", "--Since");

  private static final List<String> VALUES = List.of("2026-03-01", "20260302", "2026-13-01", "2026-3-1",
      " 2026-03-01 ", "UTC", "Europe/Helsinki", "Mars/Base", "+02:00", "claude", "codex,claude", "CLAUDE", "claude,",
      "no such", "project", "PROJECT", "projects", "max", "5", "0", "-1", "007", "asc", "desc", "sun", "Monday",
      "funday", "2026-03-02T13:00:00Z", "2026-03-02T13:00:00+02:00", "10000-01-01T00:00:00Z", "yesterday", "auto",
      "calculate", "recorded", "enriched", "~", "~/w/shop", ".", "/w/shop", "a=b", "'UTC'", "\"UTC\"", "", " ", "-x",
      "--json", "-", "daily", "session", "help", "@args", "@", "7d1f3a52", "s1", "\u0001", "x\ty");

  private static final List<String> COMMANDS = List.of("", "", "daily", "daily", "weekly", "monthly", "session",
      "session", "blocks", "blocks", "cache", "cache", "sources", "statusline", "help", "dailly", "export", "prices");

  private static final List<String> REPORTS = List.of("", "daily", "weekly", "monthly", "session", "blocks", "cache",
      "sources");

  /** The lines of both grammars: any tokens, and lines of the plain forms (most of them read by the plain path). */
  @Provide
  Arbitrary<List<String>> commandLines() {
    return Arbitraries.frequencyOf(Tuple.of(1, anyLines()), Tuple.of(1, plainLines()));
  }

  /** A report, its options each at most once (by one of its names), a value each from the plain ones. */
  private Arbitrary<List<String>> plainLines() {
    Arbitrary<String> value = Arbitraries.of(VALUES).filter(v -> !v.isEmpty() && !v.startsWith("-")
        && !v.startsWith("@") && !PlainCommandLine.COMMANDS.contains(v));
    return Arbitraries.of(REPORTS).flatMap(command -> Combinators.combine(Arbitraries.just(command),
        Arbitraries.of(applicable(command)).list().uniqueElements().ofMaxSize(5), value.list().ofSize(5),
        Arbitraries.of(false, true).list().ofSize(5), Arbitraries.of("", "s1", "7d1f3a52")).as(
            (c, options, values, eq, id) -> {
              List<String> all = new ArrayList<>();
              if (!c.isEmpty()) {
                all.add(c);
              }
              for (int i = 0; i < options.size(); i++) {
                String name = options.get(i);
                if (!eq.get(i) && SHORT.containsKey(name)) {
                  name = SHORT.get(name);
                }
                if (!VALUED.contains(name)) {
                  all.add(name);
                } else if (eq.get(i) && name.startsWith("--")) {
                  all.add(name + "=" + values.get(i));
                } else {
                  all.add(name);
                  all.add(values.get(i));
                }
              }
              if (c.equals("session") && !id.isEmpty()) {
                all.add(id);
              }
              return all;
            }));
  }

  private static final Map<String, String> SHORT = Map.of("--json", "-j", "--verbose", "-v", "--timezone", "-z",
      "--since", "-s", "--until", "-u", "--project", "-p", "--cost-mode", "-m", "--start-of-week", "-w");

  /** The names of the options a report takes (and a few it does not). */
  private static List<String> applicable(String command) {
    List<String> names = new ArrayList<>(List.of("--json", "--compact", "--no-index", "--forget-missing",
        "--verbose", "--timezone", "--since", "--until", "--source", "--project", "--cost-mode", "--start-of-week",
        "--now"));
    switch (command) {
      case "daily", "weekly", "monthly" -> names.addAll(List.of("--by", "--by"));
      case "blocks" -> names.addAll(List.of("--active", "--recent", "--token-limit"));
      case "cache" -> names.addAll(List.of("--active", "--last", "--order"));
      default -> { }
    }
    return names;
  }

  /** Any tokens: options, values and commands in any order and number. */
  private Arbitrary<List<String>> anyLines() {
    Arbitrary<String> value = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of(VALUES)),
        Tuple.of(1, Arbitraries.strings().withChars("ab-=@ ,/:.0").ofMaxLength(6)));
    Arbitrary<List<String>> option = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of(FLAGS).map(List::of)),
        Tuple.of(1, Arbitraries.of(OTHER_FLAGS).map(List::of)),
        Tuple.of(10, Combinators.combine(Arbitraries.of(VALUED), value).as(List::of)),
        Tuple.of(3, Combinators.combine(Arbitraries.of(VALUED), value).as((n, v) -> List.of(n + "=" + v))),
        Tuple.of(1, Combinators.combine(Arbitraries.of(FLAGS), value).as((n, v) -> List.of(n + "=" + v))),
        Tuple.of(1, Combinators.combine(Arbitraries.of(OTHER_VALUED), value).as(List::of)),
        Tuple.of(1, Arbitraries.of(VALUED).map(List::of)),
        Tuple.of(1, value.map(List::of)));
    Arbitrary<List<String>> options = option.list().ofMaxSize(4).map(PlainCommandLineProperties::flat);
    Arbitrary<List<String>> before = option.list().ofMaxSize(2).map(PlainCommandLineProperties::flat);
    Arbitrary<List<String>> positional = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(List.<String>of())),
        Tuple.of(2, Arbitraries.of("7d1f3a52", "s1", "s").map(List::of)),
        Tuple.of(1, value.map(List::of)),
        Tuple.of(1, Arbitraries.of("7d1f3a52", "extra").list().ofSize(2)));
    return Combinators.combine(before, Arbitraries.of(COMMANDS), options, positional, Arbitraries.integers()
        .between(0, 4)).as((b, command, o, p, at) -> {
          List<String> all = new ArrayList<>(b);
          if (!command.isEmpty()) {
            all.add(command);
          }
          List<String> after = new ArrayList<>(o);
          after.addAll(Math.min(at, after.size()), p);
          all.addAll(after);
          return all;
        });
  }

  private static List<String> flat(List<List<String>> parts) {
    List<String> out = new ArrayList<>();
    parts.forEach(out::addAll);
    return out;
  }
}
