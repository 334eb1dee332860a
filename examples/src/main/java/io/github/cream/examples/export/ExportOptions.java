package io.github.cream.examples.export;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options both export commands take: what to read, who the user is, and the calendar of current periods. */
final class ExportOptions {

  private static final Pattern SOURCE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  @Option(names = "--source", paramLabel = "ID[,ID]",
      description = "Only these sources: claude, codex, pi, openclaw, or a plug-in id (default: all).")
  String sources;

  @Option(names = "--user-id", paramLabel = "ID",
      description = "The user.id resource attribute: who you are on the team's dashboards, e.g. your e-mail"
          + " (default: user.id from OTEL_RESOURCE_ATTRIBUTES, else a hash of user@host).")
  String userId;

  @Option(names = {"-z", "--timezone"}, paramLabel = "ZONE",
      description = "IANA time zone of the current day, week and month (default: the system zone; UTC for the"
          + " demo).")
  String timezone;

  @Option(names = {"-w", "--start-of-week"}, paramLabel = "DAY",
      description = "First day of the current week (default: monday).")
  String startOfWeek;

  @Option(names = "--no-index",
      description = "Do not read or write the scan index (~/.cache/cream/); every file is read from the start.")
  boolean noIndex;

  @Option(names = "--demo", description = "Export the embedded demo history instead of this machine's logs.")
  boolean demo;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  /** The options, checked. */
  record Settings(
      Set<String> sources, String userId, ZoneId zone, DayOfWeek firstDay, boolean noIndex, boolean demo) {}

  Settings settings() throws BadArgument {
    Set<String> ids = new LinkedHashSet<>();
    if (sources != null) {
      for (String part : sources.split(",", -1)) {
        String id = part.strip().toLowerCase(Locale.ROOT);
        if (!SOURCE_ID.matcher(id).matches()) {
          throw new BadArgument("--source: expected source ids such as claude,codex, got "
              + BadArgument.quote(sources));
        }
        ids.add(id);
      }
    }
    String user = null;
    if (userId != null) {
      user = userId.strip();
      if (user.isEmpty() || user.length() > 255 || !user.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
        throw new BadArgument("--user-id: expected a name of 1 to 255 printable characters, got "
            + BadArgument.quote(userId));
      }
    }
    ZoneId zone = null;
    if (timezone != null) {
      try {
        zone = ZoneId.of(timezone.strip());
      } catch (DateTimeException e) {
        throw new BadArgument("--timezone: unknown time zone " + BadArgument.quote(timezone));
      }
    }
    DayOfWeek first = DayOfWeek.MONDAY;
    if (startOfWeek != null) {
      first = day(startOfWeek);
    }
    return new Settings(Set.copyOf(ids), user, zone, first, noIndex, demo);
  }

  private static DayOfWeek day(String value) throws BadArgument {
    String v = value.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(v) || (v.length() == 3 && d.name().startsWith(v))) {
        return d;
      }
    }
    throw new BadArgument("--start-of-week: expected a day such as monday or sun, got " + BadArgument.quote(value));
  }
}
