package io.github.cream.examples.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A plain report command line read without picocli: {@code cream}, {@code cream daily --json},
 * {@code cream --json session 7d1f --since 20260301}, ... Building picocli's model of a command (annotations read
 * by reflection; its classes are too old for the class-data archive) costs more than a warm report takes, so the
 * command lines people type most are read here into the very command objects picocli would have made, and run the
 * same way.
 *
 * <p>Only the unambiguous forms are read: each option once per command, by one of its names exactly as declared
 * ({@code --json}, {@code -j}), its value as the next argument or after {@code =} in a long option
 * ({@code --since=20260301}), a value that neither is empty nor starts with {@code -} or {@code @} nor names a
 * command. Anything
 * else (help, version, {@code --watch}, {@code --demo}, clustered or attached short options, a repeated or unknown
 * option, a flag given a value, {@code --}, another command) returns null: picocli reads the command line and
 * answers it as it always did, errors and all. The values are checked afterwards by the same code on both paths
 * ({@link ReportCommand#options()}).
 */
final class PlainCommandLine {

  private PlainCommandLine() {}

  /** The names of the root's subcommands ({@link CreamCommand#subcommands()}): never read as a value here. */
  static final Set<String> COMMANDS = Set.of("daily", "weekly", "monthly", "session", "blocks", "cache", "sources",
      "statusline", "dashboard", "prices", "enrich", "help");

  /** The flags of every report. */
  private static final List<String> FLAGS = List.of("--json", "--compact", "--no-index", "--forget-missing",
      "--verbose");

  /** The options of every report that take a value. */
  private static final List<String> VALUED = List.of("--timezone", "--since", "--until", "--source", "--project",
      "--cost-mode", "--start-of-week", "--now");

  /**
   * The command a plain report command line runs, its options set as picocli would set them.
   *
   * @param args the whole command line
   * @param root the root command (its options are those written before the command)
   * @return the root command ({@code cream} alone: the daily report) or the report command, or null to let picocli
   *     read the command line
   */
  static Callable<Integer> read(String[] args, CreamCommand root) {
    for (String arg : args) {
      if (arg.startsWith("@")) {
        return null; // picocli reads the arguments of an @file in its place
      }
    }
    root.options = new ReportOptions();
    ReportCommand command = null;
    ReportOptions options = root.options;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        if (command == null) {
          command = command(arg, root);
          if (command == null) {
            return null; // another command, help, or an argument picocli explains
          }
          options = command.options;
          seen = new HashSet<>();
        } else if (command instanceof SessionCommand s && s.sessionId == null && !arg.isEmpty()
            && !COMMANDS.contains(arg)) {
          s.sessionId = arg;
        } else {
          return null;
        }
        continue;
      }
      int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
      String name = longName(eq < 0 ? arg : arg.substring(0, eq));
      if (name == null || !seen.add(name)) {
        return null; // help, version, --watch, --demo, an unknown, clustered or repeated option
      }
      if (flag(name, command, options)) {
        if (eq >= 0) {
          return null; // a value given to a flag: picocli's path says so
        }
        continue;
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return null;
      }
      if (value.isEmpty() || value.startsWith("-") || COMMANDS.contains(value) || !value(name, value, command,
          options)) {
        return null;
      }
    }
    return command != null ? command : root;
  }

  /** A fresh report command, as picocli makes it, or null for any other command. */
  private static ReportCommand command(String name, CreamCommand root) {
    ReportCommand c;
    switch (name) {
      case "daily" -> c = withByProject(new DailyCommand());
      case "weekly" -> c = withByProject(new WeeklyCommand());
      case "monthly" -> c = withByProject(new MonthlyCommand());
      case "session" -> c = new SessionCommand();
      case "blocks" -> c = new BlocksCommand();
      case "cache" -> c = new CacheCommand();
      case "sources" -> c = new SourcesCommand();
      default -> {
        return null;
      }
    }
    c.root = root;
    c.options = new ReportOptions();
    return c;
  }

  private static ReportCommand withByProject(ReportCommand c) {
    ByProjectOption by = new ByProjectOption();
    if (c instanceof DailyCommand d) {
      d.byProject = by;
    } else if (c instanceof WeeklyCommand w) {
      w.byProject = by;
    } else if (c instanceof MonthlyCommand m) {
      m.byProject = by;
    }
    return c;
  }

  /** The long name of an option the plain path reads, or null. */
  private static String longName(String name) {
    return switch (name) {
      case "-j" -> "--json";
      case "-z" -> "--timezone";
      case "-s" -> "--since";
      case "-u" -> "--until";
      case "-p" -> "--project";
      case "-m" -> "--cost-mode";
      case "-w" -> "--start-of-week";
      case "-v" -> "--verbose";
      case "--active", "--recent", "--by", "--token-limit", "--last", "--order" -> name;
      default -> FLAGS.contains(name) || VALUED.contains(name) ? name : null;
    };
  }

  /** Sets a flag; false when the name is not a flag. */
  private static boolean flag(String name, ReportCommand command, ReportOptions o) {
    switch (name) {
      case "--json" -> o.json = true;
      case "--compact" -> o.compact = true;
      case "--no-index" -> o.noIndex = true;
      case "--forget-missing" -> o.forgetMissing = true;
      case "--verbose" -> o.verbose = true;
      case "--active" -> {
        if (command instanceof BlocksCommand b) {
          b.active = true;
        } else if (command instanceof CacheCommand c) {
          c.active = true;
        } else {
          return false;
        }
      }
      case "--recent" -> {
        if (!(command instanceof BlocksCommand b)) {
          return false;
        }
        b.recent = true;
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Sets an option's value; false when the command has no such option. */
  private static boolean value(String name, String value, ReportCommand command, ReportOptions o) {
    switch (name) {
      case "--timezone" -> o.zone = value;
      case "--since" -> o.since = value;
      case "--until" -> o.until = value;
      case "--source" -> o.sources.add(value);
      case "--project" -> o.project = value;
      case "--cost-mode" -> o.costMode = value;
      case "--start-of-week" -> o.startOfWeek = value;
      case "--now" -> o.now = value;
      case "--by" -> {
        if (command instanceof DailyCommand d) {
          d.byProject.by = value;
        } else if (command instanceof WeeklyCommand w) {
          w.byProject.by = value;
        } else if (command instanceof MonthlyCommand m) {
          m.byProject.by = value;
        } else {
          return false;
        }
      }
      case "--token-limit" -> {
        if (!(command instanceof BlocksCommand b)) {
          return false;
        }
        b.tokenLimit = value;
      }
      case "--last" -> {
        if (!(command instanceof CacheCommand c)) {
          return false;
        }
        c.last = value;
      }
      case "--order" -> {
        if (!(command instanceof CacheCommand c)) {
          return false;
        }
        c.order = value;
      }
      default -> {
        return false;
      }
    }
    return true;
  }
}
