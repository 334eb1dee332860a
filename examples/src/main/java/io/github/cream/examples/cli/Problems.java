package io.github.cream.examples.cli;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The diagnostics people see under a table: the errors and warnings (and with {@code --verbose} the INFO ones),
 * most severe first, each on one line with its code, its sentence and where it was met
 * ({@code file:line}); the same problem met again is one line with a count.
 */
final class Problems {

  /** At most this many lines; the rest is counted. */
  static final int MAX_LINES = 20;

  private Problems() {}

  private static final class Folded {
    final Diagnostic first;
    long count;
    final Set<Path> files = new LinkedHashSet<>();

    Folded(Diagnostic first) {
      this.first = first;
    }
  }

  /**
   * The lines for standard error.
   *
   * @param diagnostics the diagnostics (the engine's setup and the scan's)
   * @param verbose whether INFO diagnostics are shown too
   * @param home the home directory, shown as {@code ~}
   * @return the lines, each starting with {@code cream: error:}, {@code cream: warning:} or {@code cream: info:}
   */
  static List<String> lines(List<Diagnostic> diagnostics, boolean verbose, Path home) {
    Map<List<Object>, Folded> folded = new LinkedHashMap<>();
    for (Diagnostic d : diagnostics) {
      if (d.severity() == Severity.INFO && !verbose) {
        continue;
      }
      Folded f = folded.computeIfAbsent(List.of(d.severity(), d.code(), d.message()), k -> new Folded(d));
      f.count += Math.max(1, d.count());
      d.file().ifPresent(f.files::add);
    }
    List<Folded> all = new ArrayList<>(folded.values());
    all.sort(Comparator.comparing((Folded f) -> f.first.severity()).reversed());
    List<String> out = new ArrayList<>();
    for (Folded f : all) {
      if (out.size() == MAX_LINES) {
        out.add("cream: ... and " + (all.size() - MAX_LINES) + " more kinds of problems (run with --json for all)");
        break;
      }
      out.add(line(f, home));
    }
    return out;
  }

  private static String line(Folded f, Path home) {
    Diagnostic d = f.first;
    StringBuilder sb = new StringBuilder("cream: ").append(d.severity().name().toLowerCase(Locale.ROOT))
        .append(": ").append(Tables.sentence(d.message())).append(" [").append(TerminalText.safe(d.code()))
        .append(']');
    List<String> where = new ArrayList<>();
    d.file().ifPresent(p -> where.add(Tables.shortenPath(p.toString(), home, Integer.MAX_VALUE)
        + (d.line().isPresent() ? ":" + d.line().getAsLong() : "")));
    if (f.count > 1) {
      where.add(f.count + " times" + (f.files.size() > 1 ? " in " + f.files.size() + " files" : ""));
    }
    if (!where.isEmpty()) {
      sb.append(" (").append(String.join(", ", where)).append(')');
    }
    return sb.toString();
  }
}
