package io.github.cream.examples.cli;

import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Filter;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.examples.cli.Table.Align;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Projects: the per-project report ({@code daily --by project}) and {@code --project} taking a project's name (the
 * last part of its directory) as well as a path, with the list of known projects when nothing matches.
 */
final class Projects {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
  private static final int LISTED = 15;

  /** The directory of the row of sessions that name none. */
  static final String UNKNOWN = "(unknown)";

  private Projects() {}

  /** One project's line: its directory and what its sessions used. */
  record Row(String directory, TreeSet<String> sources, int sessions, UsageTotals totals, Instant lastActivity) {}

  /**
   * The projects of a snapshot, the most expensive first.
   *
   * @param snapshot the filtered snapshot
   * @return one row per working directory; sessions without one under {@code (unknown)}
   */
  static List<Row> rows(UsageSnapshot snapshot) {
    Map<String, Row> by = new LinkedHashMap<>();
    for (SessionSummary s : snapshot.sessions()) {
      String dir = s.project().orElse(UNKNOWN);
      Row r = by.get(dir);
      TreeSet<String> sources = r == null ? new TreeSet<>() : r.sources();
      sources.add(s.source());
      Instant last = s.lastActivity().orElse(Instant.MIN);
      by.put(dir, r == null
          ? new Row(dir, sources, 1, s.totals(), last)
          : new Row(dir, sources, r.sessions() + 1, r.totals().plus(s.totals()),
              last.isAfter(r.lastActivity()) ? last : r.lastActivity()));
    }
    List<Row> out = new ArrayList<>(by.values());
    out.sort(Comparator.comparing((Row r) -> r.totals().cost()).reversed()
        .thenComparing(Comparator.comparing(Row::lastActivity).reversed())
        .thenComparing(Row::directory));
    return out;
  }

  /**
   * The per-project table.
   *
   * @param snapshot the filtered snapshot
   * @param zone the zone for dates
   * @param home the home directory, shown as {@code ~}
   * @param term the terminal the table is fitted to
   * @return the text
   */
  static String table(UsageSnapshot snapshot, ZoneId zone, Path home, Terminal term) {
    StringBuilder sb = new StringBuilder("Usage per project (").append(zone.getId()).append(")\n\n");
    List<Row> rows = rows(snapshot);
    if (rows.isEmpty()) {
      return sb.append("No usage found.\n").toString();
    }
    List<String> headers = List.of("Project", "Sources", "Sessions", "Calls", "Total tokens", "Cost", "Last active");
    Table t = new Table(
        headers.toArray(String[]::new),
        new Align[] {Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.LEFT});
    UsageTotals all = UsageTotals.ZERO;
    int sessions = 0;
    for (Row r : rows) {
      all = all.plus(r.totals());
      sessions += r.sessions();
      t.row(TerminalText.safe(Tables.shortenPath(r.directory(), home)), String.join(",", r.sources()),
          Tables.tokens(r.sessions()), Tables.tokens(r.totals().calls()), Tables.tokens(r.totals().tokens().total()),
          Tables.cost(r.totals()),
          r.lastActivity().equals(Instant.MIN) ? "" : DAY.format(r.lastActivity().atZone(zone)));
    }
    t.rule();
    t.row("Total", "", Tables.tokens(sessions), Tables.tokens(all.calls()), Tables.tokens(all.tokens().total()),
        Tables.cost(all));
    Tables.style(t, headers, term, "Project")
        .optional(Tables.index(headers, "Sources"), Tables.index(headers, "Calls"), Tables.index(headers, "Last active"));
    return term.wrap(sb.append(t.render(term)).toString());
  }

  /**
   * A project's name: the last part of its directory, what {@code --project NAME} matches.
   *
   * @param directory the directory
   * @return the name; the directory itself when it has no last part
   */
  static String name(String directory) {
    String d = directory;
    while (d.length() > 1 && (d.endsWith("/") || d.endsWith("\\"))) {
      d = d.substring(0, d.length() - 1);
    }
    int cut = Math.max(d.lastIndexOf('/'), d.lastIndexOf('\\'));
    return cut >= 0 && cut < d.length() - 1 ? d.substring(cut + 1) : d;
  }

  /**
   * The directory {@code --project} names: a path ({@code ~/app}, {@code ./app}, {@code /home/me/app}) as given;
   * a bare name, the one known project whose directory's last part it is (else the directory of that name here).
   *
   * @param o the options
   * @param scan the unfiltered scan, whose sessions tell the known projects
   * @param home the home directory
   * @return the directory, or null without {@code --project}
   * @throws UsageException when a name matches several projects, or none and no directory here
   */
  static Path resolve(Options o, UsageSnapshot scan, Path home) throws UsageException {
    if (o.project() == null) {
      return null;
    }
    String v = o.project().strip();
    boolean path = v.startsWith("~") || v.startsWith(".") || v.contains("/") || v.contains("\\");
    if (path) {
      return o.projectPath(home);
    }
    List<String> named = known(scan).stream()
        .filter(d -> d.equals(v) || d.endsWith("/" + v) || d.endsWith("\\" + v)).toList();
    if (named.size() == 1) {
      return Path.of(named.get(0));
    }
    if (named.size() > 1) {
      throw new UsageException("--project: '" + TerminalText.safe(v) + "' names " + named.size() + " projects ("
          + named.stream().limit(4).map(d -> TerminalText.safe(Tables.shortenPath(d, home, 60)))
              .collect(Collectors.joining(", ")) + "); give its path");
    }
    Path here = o.projectPath(home);
    if (!matches(scan, here)) {
      throw new UsageException("--project: no project is named '" + TerminalText.safe(v) + "'. " + list(scan, home));
    }
    return here;
  }

  /**
   * The list of known projects, for a {@code --project} that matched nothing.
   *
   * @param scan the unfiltered scan
   * @param home the home directory
   * @return one sentence naming the most recently active projects
   */
  static String list(UsageSnapshot scan, Path home) {
    List<String> dirs = known(scan);
    if (dirs.isEmpty()) {
      return "No session names a working directory.";
    }
    return "Known projects (" + dirs.size() + ", most recently active first): "
        + dirs.stream().limit(LISTED).map(d -> TerminalText.safe(Tables.shortenPath(d, home, 60)))
            .collect(Collectors.joining(", "))
        + (dirs.size() > LISTED ? ", ..." : "") + ".";
  }

  /**
   * Whether any session of the scan is in the directory or below it.
   *
   * @param scan the unfiltered scan
   * @param dir the directory
   * @return true if one is
   */
  static boolean matches(UsageSnapshot scan, Path dir) {
    Filter f = Filter.builder().project(dir).build();
    return scan.sessions().stream().anyMatch(s -> f.inProject(s.project().orElse(null)));
  }

  /** The working directories of the scan's sessions, most recently active first. */
  private static List<String> known(UsageSnapshot scan) {
    Map<String, Instant> last = new LinkedHashMap<>();
    for (SessionSummary s : scan.sessions()) {
      Optional<String> p = s.project();
      if (p.isPresent()) {
        last.merge(p.get(), s.lastActivity().orElse(Instant.MIN), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    List<Map.Entry<String, Instant>> e = new ArrayList<>(last.entrySet());
    e.sort(Map.Entry.<String, Instant>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return e.stream().map(Map.Entry::getKey).toList();
  }
}
