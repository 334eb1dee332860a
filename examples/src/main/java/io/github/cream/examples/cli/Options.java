package io.github.cream.examples.cli;

import io.github.cream.core.CostMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A parsed command line.
 *
 * @param command what to show
 * @param json machine output instead of tables
 * @param zone the zone for dates, or null for the default (the system zone; UTC for the demo)
 * @param since the first day kept, or null
 * @param until the last day kept, or null
 * @param sources the sources kept; empty keeps all
 * @param project the project directory kept, or null
 * @param costMode the cost mode, or null for the library's default
 * @param now the instant to evaluate at instead of the clock (the active block, the cache states), or null
 * @param startOfWeek the first day of a week
 * @param compact tables without the per-model rows
 * @param noIndex neither read nor write the scan index
 * @param forgetMissing forget, before reporting, the records kept from transcripts that no longer exist
 * @param watch keep running and show the report again whenever the logs change
 * @param demo run on the embedded demo history
 * @param verbose text mode: show the INFO diagnostics too
 * @param sessionId for {@code session}: the session (or a prefix of its id) whose timeline to show, or null for
 *     the list of sessions
 * @param focus what {@code cache}, {@code blocks} and {@code daily} narrow their rows to
 */
record Options(
    Command command,
    boolean json,
    ZoneId zone,
    LocalDate since,
    LocalDate until,
    Set<String> sources,
    String project,
    CostMode costMode,
    Instant now,
    DayOfWeek startOfWeek,
    boolean compact,
    boolean noIndex,
    boolean forgetMissing,
    boolean watch,
    boolean demo,
    boolean verbose,
    String sessionId,
    Focus focus) {

  /**
   * The rows a focused view keeps.
   *
   * @param active {@code cache}: warm caches and those that expired within the last hour; {@code blocks}: the
   *     active block of each account
   * @param last {@code cache}: only the N most recently active sessions, or 0 for all
   * @param ascending {@code cache}: oldest first instead of most recently active first
   * @param recent {@code blocks}: only the blocks of the last three days
   * @param tokenLimit {@code blocks}: the token limit to project the active block against ({@code max}: the largest
   *     earlier block), or null
   * @param byProject {@code daily}, {@code weekly}, {@code monthly}: one row per project instead of per period
   */
  record Focus(boolean active, int last, boolean ascending, boolean recent, String tokenLimit, boolean byProject) {
    static final Focus NONE = new Focus(false, 0, false, false, null, false);
  }

  /** The commands. */
  enum Command {
    DAILY, WEEKLY, MONTHLY, SESSION, BLOCKS, CACHE, SOURCES;

    /** The commands {@code --watch} can follow. */
    static final Set<Command> WATCHABLE = Set.of(DAILY, SESSION, CACHE);

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    static String ids() {
      return Arrays.stream(values()).map(Command::id).collect(Collectors.joining(", "));
    }
  }

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern COMPACT_DATE = Pattern.compile("\\d{8}");
  private static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  /**
   * Checks the options of a command line, as picocli parsed them.
   *
   * @param command the command
   * @param r the options as written (before and after the command, merged)
   * @param sessionIdArgument for {@code session}: the session id argument, or null
   * @param focus the command's focus options ({@link Focus#NONE} for none)
   * @return the options
   * @throws UsageException naming the first bad value
   */
  static Options of(Command command, ReportOptions r, String sessionIdArgument, Focus focus)
      throws UsageException {
    ZoneId zone = r.zone == null ? null : zone(r.zone);
    LocalDate since = r.since == null ? null : date("--since", r.since);
    LocalDate until = r.until == null ? null : date("--until", r.until);
    Set<String> sources = new LinkedHashSet<>();
    for (String s : r.sources) {
      sources.addAll(sources(s));
    }
    String project = r.project == null ? null : project(r.project);
    CostMode costMode = r.costMode == null ? null : costMode(r.costMode);
    Instant now = r.now == null ? null : instant(r.now);
    DayOfWeek startOfWeek = r.startOfWeek == null ? DayOfWeek.MONDAY : day(r.startOfWeek);
    String sessionId = sessionIdArgument == null ? null : sessionId(sessionIdArgument);
    if (since != null && until != null && since.isAfter(until)) {
      throw new UsageException("--since " + since + " is after --until " + until);
    }
    Command c = command;
    if (r.forgetMissing && r.noIndex) {
      throw new UsageException("--forget-missing changes the scan index; it cannot be used with --no-index");
    }
    if (r.watch && !Command.WATCHABLE.contains(c)) {
      throw new UsageException("--watch: only daily, session and cache can be watched, not " + c.id());
    }
    if (r.watch && r.demo) {
      throw new UsageException("--watch follows this machine's logs; it cannot be used with --demo");
    }
    if (r.watch && now != null) {
      throw new UsageException("--watch follows the clock; it cannot be used with --now");
    }
    if (r.watch && sessionId != null) {
      throw new UsageException("--watch: follows the list of sessions, not one session's timeline");
    }
    Focus f = focus == null ? Focus.NONE : focus;
    if ((f.active() || f.last() > 0 || f.ascending()) && c != Command.CACHE && !(f.active() && c == Command.BLOCKS)) {
      throw new UsageException((f.active() ? "--active" : f.last() > 0 ? "--last" : "--order")
          + ": only for cache" + (f.active() ? " and blocks" : "") + ", not " + c.id());
    }
    if ((f.recent() || f.tokenLimit() != null) && c != Command.BLOCKS) {
      throw new UsageException((f.recent() ? "--recent" : "--token-limit") + ": only for blocks, not " + c.id());
    }
    if (f.byProject() && !Set.of(Command.DAILY, Command.WEEKLY, Command.MONTHLY).contains(c)) {
      throw new UsageException("--by project: only for daily, weekly and monthly, not " + c.id());
    }
    return new Options(
        c, r.json, zone, since, until, Set.copyOf(sources), project, costMode, now, startOfWeek, r.compact,
        r.noIndex, r.forgetMissing, r.watch, r.demo, r.verbose, sessionId, f);
  }

  /**
   * Checks the focus options of {@code cache}, {@code blocks}, {@code daily}, {@code weekly} and {@code monthly}.
   *
   * @param active {@code --active}
   * @param last {@code --last}, or null
   * @param order {@code --order}, or null
   * @param recent {@code --recent}
   * @param tokenLimit {@code --token-limit}, or null
   * @param by {@code --by}, or null
   * @return the focus
   * @throws UsageException naming the first bad value
   */
  static Focus focus(boolean active, String last, String order, boolean recent, String tokenLimit, String by)
      throws UsageException {
    int n = last == null ? 0 : positive("--last", last.strip());
    boolean ascending = false;
    if (order != null) {
      String v = order.strip().toLowerCase(Locale.ROOT);
      if (!v.equals("asc") && !v.equals("desc")) {
        throw new UsageException("--order: expected asc or desc, got '" + order + "'");
      }
      ascending = v.equals("asc");
    }
    String limit = null;
    if (tokenLimit != null) {
      limit = tokenLimit.strip().toLowerCase(Locale.ROOT);
      if (!limit.equals("max")) {
        positive("--token-limit", limit);
      }
    }
    boolean byProject = false;
    if (by != null) {
      if (!by.strip().toLowerCase(Locale.ROOT).equals("project")) {
        throw new UsageException("--by: expected project, got '" + by + "'");
      }
      byProject = true;
    }
    return new Focus(active, n, ascending, recent, limit, byProject);
  }

  /** The longest session id (or prefix) accepted: far longer than any agent's ids. */
  static final int MAX_SESSION_ID = 512;

  static String sessionId(String value) throws UsageException {
    String v = value.strip();
    if (v.isEmpty() || v.length() > MAX_SESSION_ID || v.chars().anyMatch(Character::isISOControl)) {
      throw new UsageException("session: expected a session id or a prefix of one, got '"
          + (v.length() > 40 ? v.substring(0, 40) + "..." : v).replaceAll("\\p{Cntrl}", "?") + "'");
    }
    return v;
  }

  private static int positive(String name, String value) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(name + ": expected a positive whole number, got '" + value + "'");
  }

  private static ZoneId zone(String value) throws UsageException {
    try {
      return ZoneId.of(value.strip());
    } catch (DateTimeException e) {
      throw new UsageException("--timezone: unknown time zone '" + value + "'");
    }
  }

  private static LocalDate date(String name, String value) throws UsageException {
    String v = value.strip();
    try {
      if (ISO_DATE.matcher(v).matches()) {
        return LocalDate.parse(v);
      }
      if (COMPACT_DATE.matcher(v).matches()) {
        return LocalDate.parse(v.substring(0, 4) + "-" + v.substring(4, 6) + "-" + v.substring(6));
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new UsageException(name + ": expected YYYY-MM-DD, got '" + value + "'");
  }

  private static Set<String> sources(String value) throws UsageException {
    Set<String> out = new LinkedHashSet<>();
    for (String part : value.split(",", -1)) {
      String id = part.strip().toLowerCase(Locale.ROOT);
      if (!SOURCE_ID.matcher(id).matches()) {
        throw new UsageException(
            "--source: expected source ids such as claude,codex, got '" + value + "'");
      }
      out.add(id);
    }
    return out;
  }

  private static String project(String value) throws UsageException {
    try {
      if (!value.isBlank()) {
        Path.of(value.strip());
        return value;
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    throw new UsageException("--project: expected a directory, got '" + value + "'");
  }

  private static CostMode costMode(String value) throws UsageException {
    switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> {
        return CostMode.AUTO;
      }
      case "calculate" -> {
        return CostMode.CALCULATE;
      }
      case "recorded" -> {
        return CostMode.RECORDED;
      }
      case "enriched" -> {
        return CostMode.ENRICHED;
      }
      default -> throw new UsageException(
          "--cost-mode: expected auto, calculate, recorded or enriched, got '" + value + "'");
    }
  }

  /** The earliest {@code --now}: no agent logged anything before. */
  static final Instant EARLIEST_NOW = Instant.EPOCH;

  /** The latest {@code --now}: far enough from the end of time for every date computed from it. */
  static final Instant LATEST_NOW = Instant.ofEpochSecond(253_370_764_800L); // 9999-01-01T00:00:00Z, unparsed

  private static Instant instant(String value) throws UsageException {
    String v = value.strip();
    Instant at;
    try {
      at = Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        at = OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException | ArithmeticException e2) {
        throw new UsageException(
            "--now: expected an ISO-8601 instant such as 2026-03-02T13:00:00Z, got '" + value + "'");
      }
    }
    if (at.isBefore(EARLIEST_NOW) || at.isAfter(LATEST_NOW)) {
      throw new UsageException("--now: expected an instant between " + EARLIEST_NOW + " and " + LATEST_NOW
          + ", got '" + value + "'");
    }
    return at;
  }

  private static DayOfWeek day(String value) throws UsageException {
    String v = value.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(v) || (v.length() == 3 && d.name().startsWith(v))) {
        return d;
      }
    }
    throw new UsageException("--start-of-week: expected a day such as monday or sun, got '" + value + "'");
  }

  /**
   * The project directory as an absolute path: {@code ~} is the environment's home; a relative path is relative
   * to the working directory.
   *
   * @param home the home directory
   * @return the path, or null without a project filter
   */
  Path projectPath(Path home) {
    if (project == null) {
      return null;
    }
    String p = project.strip();
    if (p.equals("~")) {
      return home;
    }
    if (p.startsWith("~/")) {
      return home.resolve(p.substring(2)).normalize();
    }
    return Path.of(p).toAbsolutePath().normalize();
  }
}
