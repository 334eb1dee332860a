package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Diagnostic;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Scans a home through the library and through the CLI, and reads what both say. */
final class Scans {

  private Scans() {}

  /** What one scan counted and reported. */
  record Outcome(long calls, long tokens, List<String> located, List<Diagnostic> diagnostics) {}

  /** A library scan of a home with every provider on the class path and the scan index in the home. */
  static UsageSnapshot library(Path home, Consumer<Cream.Builder> extra) {
    Cream.Builder b = Cream.builder().environment(Agents.environment(home)).parallelism(2);
    extra.accept(b);
    return b.build().scan();
  }

  static Outcome outcome(UsageSnapshot s) {
    return new Outcome(s.totals().calls(), s.totals().tokens().total(), located(s.diagnostics()), s.diagnostics());
  }

  /**
   * The diagnostics that name a file, as {@code code@file-name:line} (line 0 for the file as a whole), sorted; a
   * diagnostic folded over several lines is named at its first.
   */
  static List<String> located(List<Diagnostic> ds) {
    TreeSet<String> out = new TreeSet<>();
    for (Diagnostic d : ds) {
      if (d.file().isPresent()) {
        Path name = d.file().get().getFileName();
        out.add(d.code() + "@" + (name == null ? "" : name.toString()) + ":" + d.line().orElse(0)
            + (d.count() > 1 ? "x" + d.count() : ""));
      }
    }
    return new ArrayList<>(out);
  }

  /** A CLI run's status, stdout and stderr. */
  record Run(int status, String out, String err) {
    CliHarness.JsonDoc json() throws IOException {
      return new CliHarness.Result(status, out, err).json();
    }
  }

  /** Runs the CLI as a user would (every provider found on the class path), HOME set to {@code home}. */
  static Run cli(Path home, String... args) {
    return cli(home, b -> {}, args);
  }

  /** Runs the CLI with extra builder settings (a test source, say). */
  static Run cli(Path home, Consumer<Cream.Builder> extra, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new Main(extra).execute(args, o, e, Agents.environment(home));
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Runs {@code daily --json} and checks: status 0, the calls and tokens given, and every located diagnostic of the
   * library scan also in the document (code, file and line).
   */
  static CliHarness.JsonDoc cliAgrees(Path home, Consumer<Cream.Builder> extra, Outcome expected, String... more)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("daily", "--json"));
    args.addAll(List.of(more));
    Run r = cli(home, extra, args.toArray(String[]::new));
    assertEquals(0, r.status(), () -> "exit status; stderr: " + r.err());
    CliHarness.JsonDoc d = r.json();
    assertEquals(String.valueOf(expected.calls()), d.get("totals.calls") == null ? "0" : d.get("totals.calls"),
        "CLI calls");
    assertEquals(String.valueOf(expected.tokens()),
        d.get("totals.totalTokens") == null ? "0" : d.get("totals.totalTokens"), "CLI tokens");
    assertEquals(expected.located(), located(d), "CLI diagnostics");
    return d;
  }

  /** The located diagnostics of a CLI JSON document, as {@link #located(List)} gives them. */
  static List<String> located(CliHarness.JsonDoc d) {
    TreeSet<String> fromCli = new TreeSet<>();
    for (int i = 0; d.has("diagnostics.messages[" + i + "]"); i++) {
      String p = "diagnostics.messages[" + i + "].";
      String file = d.get(p + "file");
      if (file != null && !file.equals("null")) {
        String name = Path.of(file).getFileName().toString();
        String line = d.get(p + "line");
        String count = d.get(p + "count");
        fromCli.add(d.get(p + "code") + "@" + name + ":" + (line == null || line.equals("null") ? "0" : line)
            + (count != null && !count.equals("1") && !count.equals("null") ? "x" + count : ""));
      }
    }
    return new ArrayList<>(fromCli);
  }
}
