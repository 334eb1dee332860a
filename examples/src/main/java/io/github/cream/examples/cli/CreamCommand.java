package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.examples.dashboard.DashboardCommand;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/**
 * The root command, {@code cream}: without a subcommand it shows {@code daily}. Its options may be written before
 * the subcommand; each subcommand is its own class. A new command is one more class in {@link #subcommands()}: a
 * {@link ReportCommand} for a report, or any {@link Callable} returning the exit status.
 */
@Command(name = "cream", sortOptions = false,
    synopsisSubcommandLabel = "[COMMAND]",
    description = {"Usage and cost of AI coding agents (Claude Code, Codex CLI, Pi, OpenClaw), read from the logs"
        + " they leave on this machine. Nothing is sent anywhere, unless you run 'cream enrich' or 'cream export'.",
        ""},
    commandListHeading = "%nCommands:%n",
    optionListHeading = "%nOptions (before or after the command):%n",
    footerHeading = "%n",
    footer = {"Examples:", "  cream                      usage per day (daily)",
        "  cream session              the sessions, most recent first",
        "  cream session 7d1f3a52     one session as a timeline", "  cream cache -j             the prompt caches, as JSON",
        "  cream help daily           the options and examples of one command",
        "  cream dashboard --open     a local web page of usage and live cache state",
        "  cream prices import FILE   a LiteLLM price table into your price overrides",
        "  cream enrich               ask OpenRouter what routed calls cost (opt-in, uses the network)",
        "  cream export prometheus    usage as OpenTelemetry metrics for a team's backend (or: export otlp)", "",
        "Logs are looked for under $HOME and the agents' own variables (CLAUDE_CONFIG_DIR, CODEX_HOME,"
            + " PI_CODING_AGENT_DIR, OPENCLAW_STATE_DIR, XDG_CONFIG_HOME). Unreadable lines and files are counted"
            + " and reported, never fatal: the exit status is 0 on success, 1 when the command failed (out of"
            + " memory: CREAM_JAVA_OPTS=-Xmx2g gives the launcher more) and 2 for a bad command line. Colours"
            + " follow NO_COLOR and FORCE_COLOR; the width of tables follows the terminal or COLUMNS."})
final class CreamCommand implements Callable<Integer> {

  /**
   * The subcommands, in the order help lists them. Added by {@link CommandLines#of}: a run builds only the one it
   * runs (picocli's model of every command costs a tenth of a second of every run), help and errors all of them.
   */
  static java.util.List<Class<?>> subcommands() {
    // a method, not a constant: the status line, read without picocli, makes a root command and must not load
    // picocli's help command with it
    return java.util.List.of(DailyCommand.class, WeeklyCommand.class,
        MonthlyCommand.class, SessionCommand.class, BlocksCommand.class, CacheCommand.class, SourcesCommand.class,
        StatuslineCommand.class, DashboardCommand.class, PricesCommand.class, EnrichCommand.class, HelpCommand.class);
  }

  @Mixin ReportOptions options;

  private final Main main;
  private final PrintStream out;
  private final PrintStream err;
  private final Environment env;

  CreamCommand(Main main, PrintStream out, PrintStream err, Environment env) {
    this.main = main;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  /** {@code cream} alone: the daily report. */
  @Override
  public Integer call() throws Exception {
    return main.report(options(), out, err, env);
  }

  /**
   * The checked options of {@code cream} alone: the daily report.
   *
   * @return the options
   * @throws UsageException naming the first bad value
   */
  Options options() throws UsageException {
    return options(Options.Command.DAILY, null, null, Options.Focus.NONE);
  }

  /**
   * The checked options of a report.
   *
   * @param command the report
   * @param after the options written after the command, or null
   * @param sessionId the session id argument, or null
   * @param focus the command's focus options
   * @return the options
   * @throws UsageException naming the first bad value
   */
  Options options(Options.Command command, ReportOptions after, String sessionId, Options.Focus focus)
      throws UsageException {
    ReportOptions merged = (after == null ? new ReportOptions() : after).over(options);
    return merged.toOptions(command, sessionId, focus);
  }

  Main main() {
    return main;
  }

  Environment environment() {
    return env;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }
}
