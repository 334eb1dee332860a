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
 * @param help show the help
 * @param version show the version
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
    boolean help,
    boolean version,
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
   * Parses a command line. Options may come before or after the command and may be written {@code --name value}
   * or {@code --name=value}.
   *
   * @param args the arguments
   * @return the options
   * @throws UsageException naming the first bad argument
   */
  static Options parse(String[] args) throws UsageException {
    Command command = null;
    boolean json = false;
    ZoneId zone = null;
    LocalDate since = null;
    LocalDate until = null;
    Set<String> sources = new LinkedHashSet<>();
    String project = null;
    CostMode costMode = null;
    Instant now = null;
    DayOfWeek startOfWeek = DayOfWeek.MONDAY;
    boolean compact = false;
    boolean noIndex = false;
    boolean forgetMissing = false;
    boolean watch = false;
    boolean demo = false;
    boolean help = false;
    boolean version = false;
    String sessionId = null;
    boolean active = false;
    int last = 0;
    boolean ascending = false;
    boolean recent = false;
    String tokenLimit = null;
    boolean byProject = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        if (command == Command.SESSION && sessionId == null) {
          sessionId = sessionId(arg);
          continue;
        }
        if (command != null) {
          throw new UsageException("unexpected argument '" + arg + "'");
        }
        command = command(arg);
        continue;
      }
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 2) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (name) {
        case "--active", "--recent" -> {
          if (inline != null) {
            throw new UsageException(name + " takes no value");
          }
          if (name.equals("--active")) {
            active = true;
          } else {
            recent = true;
          }
        }
        case "--last", "--order", "--token-limit", "--by" -> {
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new UsageException(name + ": missing value");
            }
            value = args[++i];
          }
          String v = value.strip().toLowerCase(Locale.ROOT);
          switch (name) {
            case "--last" -> last = positive(name, v);
            case "--order" -> {
              if (!v.equals("asc") && !v.equals("desc")) {
                throw new UsageException("--order: expected asc or desc, got '" + value + "'");
              }
              ascending = v.equals("asc");
            }
            case "--token-limit" -> {
              if (!v.equals("max")) {
                positive(name, v);
              }
              tokenLimit = v;
            }
            default -> {
              if (!v.equals("project")) {
                throw new UsageException("--by: expected project, got '" + value + "'");
              }
              byProject = true;
            }
          }
        }
        case "--json", "--compact", "--no-index", "--forget-missing", "--watch", "--demo", "--version" -> {
          if (inline != null) {
            throw new UsageException(name + " takes no value");
          }
          switch (name) {
            case "--json" -> json = true;
            case "--compact" -> compact = true;
            case "--no-index" -> noIndex = true;
            case "--forget-missing" -> forgetMissing = true;
            case "--watch" -> watch = true;
            case "--demo" -> demo = true;
            default -> version = true;
          }
        }
        case "--timezone", "--since", "--until", "--source", "--project", "--cost-mode", "--now",
            "--start-of-week" -> {
          String value = inline;
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new UsageException(name + ": missing value");
            }
            value = args[++i];
          }
          switch (name) {
            case "--timezone" -> zone = zone(value);
            case "--since" -> since = date(name, value);
            case "--until" -> until = date(name, value);
            case "--source" -> sources.addAll(sources(value));
            case "--project" -> project = project(value);
            case "--cost-mode" -> costMode = costMode(value);
            case "--now" -> now = instant(value);
            default -> startOfWeek = day(value);
          }
        }
        default -> throw new UsageException("unknown option '" + name + "'");
      }
    }
    if (since != null && until != null && since.isAfter(until)) {
      throw new UsageException("--since " + since + " is after --until " + until);
    }
    Command c = command == null ? Command.DAILY : command;
    if (forgetMissing && noIndex) {
      throw new UsageException("--forget-missing changes the scan index; it cannot be used with --no-index");
    }
    if (watch && !Command.WATCHABLE.contains(c)) {
      throw new UsageException("--watch: only daily, session and cache can be watched, not " + c.id());
    }
    if (watch && demo) {
      throw new UsageException("--watch follows this machine's logs; it cannot be used with --demo");
    }
    if (watch && now != null) {
      throw new UsageException("--watch follows the clock; it cannot be used with --now");
    }
    if (watch && sessionId != null) {
      throw new UsageException("--watch: follows the list of sessions, not one session's timeline");
    }
    if ((active || last > 0 || ascending) && c != Command.CACHE && !(active && c == Command.BLOCKS)) {
      throw new UsageException((active ? "--active" : last > 0 ? "--last" : "--order")
          + ": only for cache" + (active ? " and blocks" : "") + ", not " + c.id());
    }
    if ((recent || tokenLimit != null) && c != Command.BLOCKS) {
      throw new UsageException((recent ? "--recent" : "--token-limit") + ": only for blocks, not " + c.id());
    }
    if (byProject && !Set.of(Command.DAILY, Command.WEEKLY, Command.MONTHLY).contains(c)) {
      throw new UsageException("--by project: only for daily, weekly and monthly, not " + c.id());
    }
    return new Options(
        c, json, zone, since, until, Set.copyOf(sources), project, costMode, now, startOfWeek, compact, noIndex,
        forgetMissing, watch, demo, help, version, sessionId,
        new Focus(active, last, ascending, recent, tokenLimit, byProject));
  }

  private static Command command(String arg) throws UsageException {
    for (Command c : Command.values()) {
      if (c.id().equals(arg)) {
        return c;
      }
    }
    throw new UsageException("unknown command '" + arg + "' (commands: " + Command.ids() + ")");
  }

  /** The longest session id (or prefix) accepted: far longer than any agent's ids. */
  static final int MAX_SESSION_ID = 512;

  private static String sessionId(String value) throws UsageException {
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
      default -> throw new UsageException("--cost-mode: expected auto, calculate or recorded, got '" + value + "'");
    }
  }

  private static Instant instant(String value) throws UsageException {
    String v = value.strip();
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(v).toInstant();
      } catch (DateTimeParseException e2) {
        throw new UsageException(
            "--now: expected an ISO-8601 instant such as 2026-03-02T13:00:00Z, got '" + value + "'");
      }
    }
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
