package io.github.cream.examples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every report command takes, as they were written on the command line (a picocli mixin). They may
 * stand before the command ({@code cream --json daily}) or after it ({@code cream daily --json}): the root command
 * and each subcommand hold one set each, and {@link #over} merges them. Values are checked, with one-line messages
 * that name the option, when they are turned into {@link Options}.
 *
 * <p>The short options are ccusage's where it has the same option: {@code -j}, {@code -s}, {@code -u}, {@code -z},
 * {@code -p}, {@code -m} (ccusage's {@code --mode}), {@code -w}.
 */
final class ReportOptions {

  @Option(names = {"-j", "--json"},
      description = "Machine output on stdout, nothing else (schemas cream.report/1, cream.sessions/1, "
          + "cream.timeline/1, cream.blocks/1, cream.cache/1, cream.sources/1; cream.projects/1 with --by project).")
  boolean json;

  @Option(names = {"-z", "--timezone"}, paramLabel = "ZONE",
      description = "IANA time zone for dates, e.g. Europe/Helsinki (default: the system zone; UTC for the demo).")
  String zone;

  @Option(names = {"-s", "--since"}, paramLabel = "DATE",
      description = "First day to include, YYYY-MM-DD or YYYYMMDD.")
  String since;

  @Option(names = {"-u", "--until"}, paramLabel = "DATE",
      description = "Last day to include, YYYY-MM-DD or YYYYMMDD.")
  String until;

  @Option(names = "--source", paramLabel = "ID[,ID]",
      description = "Only these sources: claude, codex, pi, openclaw, or a plug-in id.")
  List<String> sources = new ArrayList<>();

  @Option(names = {"-p", "--project"}, paramLabel = "NAME|PATH",
      description = "Only sessions whose working directory is PATH or below it, or whose project (the directory's"
          + " name) is NAME (every report); the known projects are listed when nothing matches.")
  String project;

  @Option(names = {"-m", "--cost-mode"}, paramLabel = "MODE",
      description = "auto: what OpenRouter billed where 'cream enrich' fetched it, else the cost the agent recorded"
          + " where it has one, else calculated from the price table; calculate: always calculated; recorded: only"
          + " recorded costs; enriched: only costs fetched by 'cream enrich'.")
  String costMode;

  @Option(names = {"-w", "--start-of-week"}, paramLabel = "DAY",
      description = "First day of a week for 'weekly' (default: monday).")
  String startOfWeek;

  @Option(names = "--now", paramLabel = "INSTANT",
      description = "Evaluate at this ISO-8601 instant instead of the clock, e.g. 2026-03-02T13:00:00Z (decides "
          + "the active block and whether caches are still warm).")
  String now;

  @Option(names = "--compact", description = "Tables: one line per period, without the per-model lines.")
  boolean compact;

  @Option(names = "--no-index",
      description = "Do not read or write the scan index (~/.cache/cream/); every file is read from the start.")
  boolean noIndex;

  @Option(names = "--forget-missing",
      description = "Forget the usage kept from transcripts that no longer exist (the scan index keeps it, so "
          + "history survives Claude Code's 30-day clean-up), then report.")
  boolean forgetMissing;

  @Option(names = "--watch",
      description = "daily, session and cache: keep running and show the report again as agents write (redrawn "
          + "in place; with --json one JSON document per line per change); Ctrl-C to stop.")
  boolean watch;

  @Option(names = "--demo", description = "Run on the embedded demo history instead of this machine's logs.")
  boolean demo;

  @Option(names = {"-v", "--verbose"},
      description = "Text mode: list the INFO diagnostics too, not only the errors and warnings.")
  boolean verbose;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version.")
  boolean version;

  /**
   * These options, written after the command, over the ones written before it: a value given here wins, flags
   * given in either place hold, sources add up.
   *
   * @param before the options before the command, or null
   * @return the merged options (a new object)
   */
  ReportOptions over(ReportOptions before) {
    ReportOptions b = before == null ? new ReportOptions() : before;
    ReportOptions m = new ReportOptions();
    m.json = json || b.json;
    m.zone = zone != null ? zone : b.zone;
    m.since = since != null ? since : b.since;
    m.until = until != null ? until : b.until;
    m.sources = new ArrayList<>(b.sources);
    m.sources.addAll(sources);
    m.project = project != null ? project : b.project;
    m.costMode = costMode != null ? costMode : b.costMode;
    m.startOfWeek = startOfWeek != null ? startOfWeek : b.startOfWeek;
    m.now = now != null ? now : b.now;
    m.compact = compact || b.compact;
    m.noIndex = noIndex || b.noIndex;
    m.forgetMissing = forgetMissing || b.forgetMissing;
    m.watch = watch || b.watch;
    m.demo = demo || b.demo;
    m.verbose = verbose || b.verbose;
    return m;
  }

  /**
   * The checked options for a command.
   *
   * @param command the command
   * @param sessionId for {@code session}: the session id argument, or null
   * @param focus the command's focus options
   * @return the options
   * @throws UsageException naming the first bad value
   */
  Options toOptions(Options.Command command, String sessionId, Options.Focus focus) throws UsageException {
    return Options.of(command, this, sessionId, focus);
  }
}
