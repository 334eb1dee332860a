package io.github.cream.examples.cli;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.core.CacheEfficiency;
import io.github.cream.core.Cream;
import io.github.cream.core.CreamConfigurationException;
import io.github.cream.core.Filter;
import io.github.cream.core.Report;
import io.github.cream.core.ReportJson;
import io.github.cream.core.SessionCache;
import io.github.cream.core.SessionMessages;
import io.github.cream.core.SessionTimeline;
import io.github.cream.core.SourceStatus;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.core.Watch;
import io.github.cream.core.WatchUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code cream} command: usage and cost of AI coding agents from the logs they leave on disk.
 *
 * <pre>
 * java -jar cream.jar [daily|weekly|monthly|session|blocks|cache|sources] [--json] [--timezone ZONE] ...
 * </pre>
 *
 * <p>Tables for people go to standard output; with {@code --json} standard output holds exactly one JSON document
 * (see {@link ReportJson}) and nothing else. Problems with the logs never fail the command: they are counted in the
 * diagnostics (a one-line summary on standard error under a table). A bad command line exits with status 2 and one
 * line on standard error naming the argument.
 */
public final class Main {

  /** The length of a billing block. */
  static final Duration BLOCK_LENGTH = Duration.ofHours(5);

  /** The diagnostic code JSON output carries when no source found any log. */
  static final String LOGS_NONE = "cream.logs.none";

  /** The system property that names SLF4J's provider (SLF4J 2.0.9 and later) instead of searching for one. */
  private static final String SLF4J_PROVIDER = "slf4j.provider";

  private final Consumer<Cream.Builder> customizer;
  private Terminal terminal = Terminal.PLAIN;
  private Terminal terminalOverride;

  /**
   * For tests: the terminal to write for, instead of deciding from the environment.
   *
   * @param term the terminal
   * @return this CLI
   */
  Main terminal(Terminal term) {
    this.terminalOverride = term;
    return this;
  }

  /**
   * A CLI whose engine is configured further by a customizer, after the command line's settings: tests register
   * their own sources this way.
   *
   * @param customizer applied to every {@link Cream.Builder} before it is built
   */
  Main(Consumer<Cream.Builder> customizer) {
    this.customizer = Objects.requireNonNull(customizer, "customizer");
  }

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    Environment env = Environment.system();
    // plug-ins from the plug-in folder and CREAM_CLASSPATH: discovery looks in the context class loader
    Thread.currentThread().setContextClassLoader(PluginPath.loader(env, Main.class.getClassLoader()));
    int status = run(args, StandardOutput.open(), System.err, env);
    System.out.flush();
    System.err.flush();
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs a command line without exiting: what {@link #main} does, for tests and embedders.
   *
   * @param args the arguments
   * @param out standard output: the table or the JSON document
   * @param err standard error: messages for people
   * @param env the environment to read (home directory, agents' variables, clock)
   * @return the exit status: 0 on success (even when lines or files were skipped), 2 for a usage error, 1 when
   *     the command failed (the output could not be written, say)
   */
  public static int run(String[] args, PrintStream out, PrintStream err, Environment env) {
    return new Main(b -> {}).execute(args, out, err, env);
  }

  private volatile InputStream stdin = System.in;

  /**
   * For tests: the standard input {@code statusline} reads.
   *
   * @param in the input
   * @return this CLI
   */
  Main stdin(InputStream in) {
    this.stdin = Objects.requireNonNull(in, "in");
    return this;
  }

  /** The standard input {@code statusline} reads. */
  InputStream stdin() {
    return stdin;
  }

  private volatile Path cwd;

  /**
   * The working directory relative paths and the current project are read against, when it is not this process's
   * (the statusline server answers for clients in other directories).
   *
   * @param dir an absolute directory
   * @return this CLI
   */
  Main cwd(Path dir) {
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException("not an absolute directory");
    }
    this.cwd = dir;
    return this;
  }

  /** The working directory: the one given to {@link #cwd(Path)}, else this process's. */
  Path cwd() {
    Path d = cwd;
    return d != null ? d : Path.of("").toAbsolutePath();
  }

  private volatile EngineCache engines;

  /**
   * Engines kept from one command to the next, for a process that runs many (the statusline server): an engine
   * keeps the scan index it last read or wrote in memory, so the next command does not decode it again.
   *
   * @param cache the engines
   * @return this CLI
   */
  Main engines(EngineCache cache) {
    this.engines = Objects.requireNonNull(cache, "cache");
    return this;
  }

  /** The engines kept between commands, or null when each command builds its own. */
  EngineCache engines() {
    return engines;
  }

  /**
   * Applies this CLI's customizer to an engine's builder.
   *
   * @param b the builder
   */
  void customize(Cream.Builder b) {
    customizer.accept(b);
  }

  private boolean plainPath = true;

  /**
   * For tests: every command line read by picocli, none by {@link PlainCommandLine}, to compare the two paths.
   *
   * @return this CLI
   */
  Main picocliOnly() {
    this.plainPath = false;
    return this;
  }

  /** The terminal output is written for. */
  Terminal terminal() {
    return terminal;
  }

  /** The customizer applied to every engine's builder. */
  Consumer<Cream.Builder> customizer() {
    return customizer;
  }

  int execute(String[] args, PrintStream out, PrintStream err, Environment env) {
    quietSlf4j();
    if (args.length > 0 && args[0].equals("export")) {
      // its own class and the OpenTelemetry SDK are loaded only here: the other commands never pay for them
      return io.github.cream.examples.export.ExportCommand.run(
          java.util.Arrays.copyOfRange(args, 1, args.length), out, err, env, customizer);
    }
    StatuslineCommand statusline = StatuslineCommand.direct(args, new CreamCommand(this, out, err, env));
    if (statusline != null) {
      return statusline.call(); // refreshed by the agent in a new process each time: picocli is not even loaded
    }
    terminal = terminalOverride != null ? terminalOverride : Terminal.of(env, System.console() != null);
    Callable<Integer> plain = plainPath ? PlainCommandLine.read(args, new CreamCommand(this, out, err, env)) : null;
    if (plain != null) {
      return call(plain, err); // a plain report command line: picocli's model of the command is not even loaded
    }
    return CommandLines.run(this, args, out, err, env);
  }

  /** Runs a command: its exit status, or the one line on standard error and the status of what went wrong. */
  int call(Callable<?> command, PrintStream err) {
    try {
      Object status = command.call();
      return status instanceof Integer i ? i : 0;
    } catch (UsageException e) {
      err.println("cream: " + TerminalText.safe(e.getMessage()));
      return 2;
    } catch (IOException | UncheckedIOException e) {
      err.println("cream: error: " + oneLine(e.getMessage()));
      return 1;
    } catch (CreamConfigurationException e) {
      err.println("cream: " + oneLine(e.getMessage()));
      return 1;
    } catch (Exception e) {
      if (ranOutOfMemory(e)) { // a scan's threads hand their error over wrapped
        err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
        return 1;
      }
      err.println("cream: internal error: " + e.getClass().getName() + ": " + oneLine(e.getMessage()));
      return 1;
    } catch (OutOfMemoryError e) { // NOPMD: what the command held is garbage once its frame is left
      err.println(outOfMemory(Runtime.getRuntime().maxMemory()));
      return 1;
    }
  }

  private static boolean ranOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /**
   * The one line for a command that ran out of heap: what the limit was and how to raise it, not a stack trace.
   *
   * @param maxHeap the heap's limit in bytes
   * @return the line
   */
  static String outOfMemory(long maxHeap) {
    return "cream: error: this command needs more memory than the JVM may use (" + (maxHeap >> 20)
        + " MiB); give it more, for example CREAM_JAVA_OPTS=-Xmx2g (the launcher) or java -Xmx2g -jar";
  }

  /**
   * Runs a report command with checked options.
   *
   * @return the exit status
   */
  int report(Options o, PrintStream out, PrintStream err, Environment env) throws IOException, UsageException {
    if (o.demo()) {
      return demo(o, out, err);
    }
    Environment e = o.now() == null ? env : withClock(env, o.now());
    Cream cream = build(o, e);
    if (o.forgetMissing()) {
      forget(cream, err);
    }
    if (o.watch()) {
      return watch(o, cream, e, out, err);
    }
    UsageSnapshot scan = cream.scan();
    if (o.command() != Options.Command.SOURCES && nothingFound(scan)) {
      Diagnostic none =
          Diagnostic.of(Severity.INFO, LOGS_NONE,
              "no agent logs were found under the sources' roots; nothing to report");
      if (o.json() || cream.sources().isEmpty() || unreadable(cream, scan)) {
        return render(o, cream, scan, o.zone() != null ? o.zone() : ZoneId.systemDefault(), e.home(), false,
            List.of(none), out, err);
      }
      err.println(terminal.wrap("No agent logs found under " + roots(scan)
          + ". Showing the embedded demo (run with --demo to ask for it explicitly)."));
      return demo(o, out, err);
    }
    return render(o, cream, scan, o.zone() != null ? o.zone() : ZoneId.systemDefault(), e.home(), false,
        List.of(), out, err);
  }

  private int demo(Options o, PrintStream out, PrintStream err) throws IOException, UsageException {
    try (Demo demo = Demo.extract()) {
      Instant now = o.now() != null ? o.now() : Demo.NOW;
      Environment env = Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(now, ZoneOffset.UTC));
      Cream cream = build(o, env);
      UsageSnapshot scan = cream.scan();
      ZoneId zone = o.zone() != null ? o.zone() : ZoneId.of("UTC");
      if (o.command() == Options.Command.SESSION && o.sessionId() != null) {
        resolve(o.sessionId(), scan.filter(filter(o, zone, Projects.resolve(o, scan, demo.home()), o.sources())));
      }
      if (!o.json()) {
        out.println(terminal.wrap("demo history: synthetic logs of Claude Code, Codex CLI, Pi and OpenClaw; clock"
            + " fixed at " + now + (o.zone() == null ? ", dates in UTC (--timezone to change)" : "")));
        out.println();
      }
      return render(o, cream, scan, o.zone() != null ? o.zone() : ZoneId.of("UTC"), demo.home(), true,
          List.of(), out, err);
    }
  }

  private int render(
      Options o,
      Cream cream,
      UsageSnapshot scan,
      ZoneId zone,
      Path home,
      boolean demo,
      List<Diagnostic> extra,
      PrintStream out,
      PrintStream err)
      throws IOException, UsageException {
    List<Diagnostic> messages = extra;
    if (o.command() == Options.Command.SOURCES) {
      // setup problems (a plug-in that could not be loaded) go into the sources document's diagnostics
      messages = new ArrayList<>(extra);
      messages.addAll(cream.setupDiagnostics());
    }
    ReportJson json = ReportJson.create().withPrettyPrinting().withDemo(demo).withMessages(messages);
    PrintedJson printed = new PrintedJson(out); // a JSON document goes out as it is written, never held whole
    String table = document(o, cream, scan, zone, home, json, null, true, printed);
    if (table != null) {
      out.print(table);
    } else {
      printed.finish();
    }
    out.flush();
    if (out.checkError()) {
      if (StandardOutput.closedPipe(out)) {
        return 0; // the reader went away (cream session | head): nothing more to say
      }
      throw new IOException("standard output could not be written");
    }
    if (o.json()) {
      return 0;
    }
    summary(o, cream, scan).ifPresent(err::println);
    List<Diagnostic> problems = new ArrayList<>(cream.setupDiagnostics());
    if (o.command() != Options.Command.SOURCES) {
      scan.diagnostics().stream().filter(d -> !problems.contains(d)).forEach(problems::add);
      nothingMatched(o, scan, zone, home).ifPresent(err::println);
    }
    Problems.lines(problems, o.verbose(), home).forEach(l -> err.println(terminal.problem(terminal.wrap(l))));
    return 0;
  }

  /**
   * Why a {@code --project} or {@code --source} left nothing, with what there is instead; empty when it left
   * something, or when there is nothing at all.
   */
  private static Optional<String> nothingMatched(Options o, UsageSnapshot scan, ZoneId zone, Path home)
      throws UsageException {
    if (scan.sessions().isEmpty()) {
      return Optional.empty();
    }
    if (!o.sources().isEmpty()) {
      Set<String> found = new java.util.TreeSet<>();
      scan.sessions().forEach(s -> found.add(s.source()));
      if (o.sources().stream().noneMatch(found::contains)) {
        return Optional.of("cream: --source " + TerminalText.safe(String.join(",", new java.util.TreeSet<>(o.sources())))
            + " found no usage; sources with usage: " + TerminalText.safe(String.join(", ", found)));
      }
    }
    if (o.project() != null) {
      Options all = new Options(o.command(), o.json(), o.zone(), null, null, o.sources(), o.project(), o.costMode(),
          o.now(), o.startOfWeek(), o.compact(), o.noIndex(), o.forgetMissing(), o.watch(), o.demo(), o.verbose(),
          null, Options.Focus.NONE);
      ZoneId z = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
      Path project = Projects.resolve(o, scan, home);
      if (scan.filter(filter(all, z, project, all.sources())).sessions().isEmpty()) {
        return Optional.of("cream: --project " + TerminalText.safe(project.toString())
            + " matches no session's project. " + Projects.list(scan, home));
      }
    }
    return Optional.empty();
  }

  /** The one-line summary of problems under a table, or the reason there is no source at all. */
  private static Optional<String> summary(Options o, Cream cream, UsageSnapshot scan) {
    if (cream.sources().isEmpty()) {
      return scan.diagnostics().stream()
          .filter(d -> d.code().equals("cream.source.none"))
          .map(d -> "cream: " + TerminalText.line(d.message()))
          .findFirst();
    }
    if (o.command() != Options.Command.SOURCES) {
      return Tables.diagnosticsSummary(scan);
    }
    return Optional.empty();
  }

  /**
   * The command's output: a table for people, or the JSON document (ending in a newline) for programs.
   *
   * @param at the instant cache states are judged at, or null for {@code --now} else the snapshot's clock
   * @param pretty whether the CLI's own JSON documents are indented (as {@code json} is)
   * @param buffer where a JSON document is written, as it is made
   * @return the table, or null when the document went to {@code buffer}
   */
  private String document(
      Options o, Cream cream, UsageSnapshot scan, ZoneId zone, Path home, ReportJson json, Instant at,
      boolean pretty, java.io.OutputStream buffer)
      throws IOException, UsageException {
    ZoneId z = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    Path project = Projects.resolve(o, scan, home);
    UsageSnapshot s = scan.filter(filter(o, z, project, o.sources()));
    String table = null;
    switch (o.command()) {
      case DAILY, WEEKLY, MONTHLY -> {
        if (o.focus().byProject() && !o.json()) {
          table = Projects.table(s, z, home, terminal);
          break;
        }
        Report r =
            switch (o.command()) {
              case WEEKLY -> s.weekly(z, o.startOfWeek());
              case MONTHLY -> s.monthly(z);
              default -> s.daily(z);
            };
        if (o.focus().byProject()) {
          ProjectsJson.write(s, r.period(), z, o.startOfWeek(), json.report(r, s), pretty, buffer);
        } else if (o.json()) {
          json.writeReport(r, s, buffer);
        } else {
          table = Tables.report(r, o.compact(), terminal);
        }
      }
      case SESSION -> {
        Instant now = at != null ? at : now(o, s);
        if (o.sessionId() != null) {
          SessionSummary session = resolve(o.sessionId(), s);
          SessionMessages messages = cream.openMessages(session.source(), session.sessionId()).read(scan);
          SessionTimeline timeline = scan.timeline(messages, now);
          if (o.json()) {
            json.writeTimeline(timeline, scan, buffer);
          } else {
            table = Timelines.table(timeline, z, home, terminal);
          }
          break;
        }
        Function<SessionSummary, Optional<SessionCache>> verdicts = cacheVerdicts(s, now);
        if (o.json()) {
          json.writeSessions(s.sessions(), s, verdicts, buffer);
        } else {
          table = Tables.sessions(s.sessions(), z, home, verdicts, now, terminal);
        }
      }
      case BLOCKS -> {
        Instant now = s.asOf();
        if (o.json()) {
          AccountBlocksJson.write(s, id -> filter(o, z, project, Set.of(id)), o.focus(), now, json, pretty, buffer);
        } else {
          table = AccountBlocks.table(s, id -> filter(o, z, project, Set.of(id)), o.focus(), now, z, terminal);
        }
      }
      case CACHE -> {
        Instant now = at != null ? at : now(o, s);
        List<SessionCache> caches = CacheFocus.apply(s.cacheStates(now), o.focus(), now);
        CacheEfficiency efficiency = s.cacheEfficiency(now);
        if (o.json()) {
          json.writeCache(caches, efficiency, now, s, buffer);
        } else {
          table = Tables.cache(caches, efficiency, now, z, terminal);
        }
      }
      case SOURCES -> {
        if (o.json()) {
          json.writeSources(scan.sources(), cream.cacheStrategies(), cream.enrichers(), buffer);
        } else {
          table = Tables.sources(scan.sources(), cream.cacheStrategies(), cream.enrichers(), home, terminal);
        }
      }
      default -> throw new IllegalStateException("unhandled command " + o.command());
    }
    return table;
  }

  /** The filter the options ask for: dates in a zone, sources, a project. */
  private static Filter filter(Options o, ZoneId zone, Path project, Set<String> sources) {
    return Filter.builder().zone(zone).since(o.since()).until(o.until()).sources(sources).project(project).build();
  }

  /**
   * The session a {@code session SESSION_ID} argument names: the one whose id it is, else the one whose id starts
   * with it, among the sessions the other options keep. The argument is only compared with the ids the scan found.
   *
   * @throws UsageException when no session or several match
   */
  static SessionSummary resolve(String argument, UsageSnapshot snapshot) throws UsageException {
    List<SessionSummary> exact = new ArrayList<>();
    List<SessionSummary> prefixed = new ArrayList<>();
    for (SessionSummary s : snapshot.sessions()) {
      if (s.sessionId().equals(argument)) {
        exact.add(s);
      } else if (s.sessionId().startsWith(argument)) {
        prefixed.add(s);
      }
    }
    List<SessionSummary> found = exact.isEmpty() ? prefixed : exact;
    if (found.size() == 1) {
      return found.get(0);
    }
    if (found.isEmpty()) {
      throw new UsageException("session: no session's id is or starts with '" + argument + "' (run 'session' to"
          + " list them)");
    }
    String some = found.stream().limit(4).map(s -> TerminalText.safe(s.source() + " " + s.sessionId()))
        .collect(Collectors.joining(", "));
    throw new UsageException("session: '" + argument + "' matches " + found.size() + " sessions (" + some
        + (found.size() > 4 ? ", ..." : "") + "); give more of the id, or --source");
  }

  // ---------------------------------------------------------------------------------------------- the index

  private static void forget(Cream cream, PrintStream err) {
    if (cream.indexDirectory().isEmpty()) {
      return;
    }
    int n = cream.forgetMissingFiles();
    String what = n == 1 ? " transcript that no longer exists" : " transcripts that no longer exist";
    err.println("cream: forgot " + n + what + (n == 0 ? " (there were none)" : ""));
  }

  // ---------------------------------------------------------------------------------------------- --watch

  /** Clears the terminal and puts the cursor top left, so each redraw replaces the last. */
  static final String REDRAW = "\u001b[H\u001b[2J";

  private volatile java.util.function.BooleanSupplier watchDone = () -> false;
  private volatile Boolean watchAnsi;

  /**
   * For tests: ends {@code --watch} once the condition holds (it is checked after each update and a few times a
   * second); without it a watch runs until the process is interrupted.
   *
   * @param done when to stop
   * @return this CLI
   */
  Main watchUntil(java.util.function.BooleanSupplier done) {
    this.watchDone = Objects.requireNonNull(done, "done");
    return this;
  }

  /**
   * For tests: whether watched tables are redrawn in place with ANSI escapes, instead of deciding from the
   * terminal.
   *
   * @param ansi true to redraw in place, false to print each table after the last
   * @return this CLI
   */
  Main watchAnsi(boolean ansi) {
    this.watchAnsi = ansi;
    return this;
  }

  /**
   * Follows the logs: the report again at every change. For people the table is redrawn in place when standard
   * output is a terminal (else printed again below); with {@code --json} each update is one compact JSON document
   * on its own line (JSON lines), the same document as without {@code --watch}. Ends when standard output is
   * closed or the process is interrupted.
   */
  private int watch(Options o, Cream cream, Environment env, PrintStream out, PrintStream err)
      throws IOException {
    ZoneId zone = o.zone() != null ? o.zone() : ZoneId.systemDefault();
    boolean ansi = !o.json() && (watchAnsi != null ? watchAnsi : terminal(env));
    ReportJson json = ReportJson.create();
    java.util.concurrent.BlockingQueue<WatchUpdate> updates = new java.util.concurrent.LinkedBlockingQueue<>();
    try (Watch watch = cream.watch(updates::add)) {
      Thread hook = new Thread(watch::close, "cream-watch-stop");
      try {
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException e) {
        return 0; // the JVM is already shutting down
      }
      try {
        if (!o.json() && watch.polling()) {
          err.println("cream: file notifications are not available here; polling for changes");
        }
        UsageSnapshot shown = null;
        Instant drawn = null;
        while (!watchDone.getAsBoolean()) {
          WatchUpdate u = updates.poll(250, java.util.concurrent.TimeUnit.MILLISECONDS);
          if (u == null) {
            // the cache countdown ticks every second from the last scan, without scanning again
            Instant tick = env.now();
            if (o.command() == Options.Command.CACHE && !o.json() && shown != null
                && !tick.isBefore(drawn.plusSeconds(1))) {
              if (!draw(o, cream, shown, zone, env, json, tick, ansi, out)) {
                return 0;
              }
              drawn = tick;
            }
            continue;
          }
          if (!o.json()) {
            // a burst of updates: only the latest state is worth drawing
            for (WatchUpdate next = updates.poll(); next != null; next = updates.poll()) {
              u = next;
            }
          }
          shown = u.snapshot();
          drawn = u.at();
          if (!draw(o, cream, shown, zone, env, json, u.at(), ansi, out)) {
            return 0; // the reader went away (a closed pipe): nothing more to show
          }
        }
        return 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down: the hook runs
        }
      }
    }
  }

  /** Draws one watched state; false when standard output was closed. */
  private boolean draw(
      Options o, Cream cream, UsageSnapshot scan, ZoneId zone, Environment env, ReportJson json, Instant at,
      boolean ansi, PrintStream out) throws IOException {
    String doc;
    try {
      java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
      String table = document(o, cream, scan, zone, env.home(), json, at, false, buffer);
      doc = table != null ? table : buffer.toString(StandardCharsets.UTF_8);
    } catch (UsageException e) {
      throw new IllegalStateException(e.getMessage(), e); // no argument a watch takes can be wrong here
    }
    if (o.json()) {
      out.print(doc);
    } else {
      StringBuilder sb = new StringBuilder();
      sb.append(ansi ? REDRAW : "\n");
      sb.append("cream ").append(o.command().id()).append(" -- watching, updated ")
          .append(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(at.atZone(zone)))
          .append(" (Ctrl-C to stop)\n\n");
      sb.append(doc);
      summary(o, cream, scan).ifPresent(line -> sb.append('\n').append(line).append('\n'));
      out.print(sb);
    }
    out.flush();
    return !out.checkError();
  }

  /** Whether standard output is an interactive terminal that understands ANSI escapes. */
  private static boolean terminal(Environment env) {
    return System.console() != null && env.get("TERM").map(t -> !t.equals("dumb")).orElse(true);
  }

  /**
   * The instant cache states are judged at: {@code --now} when given, else the snapshot's clock (the environment's,
   * the demo's fixed clock in demo mode).
   */
  private static Instant now(Options o, UsageSnapshot snapshot) {
    return o.now() != null ? o.now() : snapshot.asOf();
  }

  /**
   * Each session's prompt-cache verdict at an instant, for {@code session}: computed once for every session of the
   * snapshot, looked up by source and session id.
   */
  private static Function<SessionSummary, Optional<SessionCache>> cacheVerdicts(UsageSnapshot snapshot, Instant now) {
    Map<String, SessionCache> byKey = new HashMap<>();
    for (SessionCache c : snapshot.cacheStates(now)) {
      byKey.put(key(c.session()), c);
    }
    return s -> Optional.ofNullable(byKey.get(key(s)));
  }

  private static String key(SessionSummary s) {
    return s.source() + '\u0000' + s.sessionId();
  }

  private Cream build(Options o, Environment env) throws UsageException {
    Cream.Builder b = Cream.builder().environment(env);
    if (o.noIndex()) {
      b.noIndex();
    }
    if (!o.sources().isEmpty()) {
      b.onlySources(o.sources());
    }
    if (o.costMode() != null) {
      b.costMode(o.costMode());
    }
    customizer.accept(b);
    try {
      return b.build();
    } catch (CreamConfigurationException e) {
      if (e.reason() == CreamConfigurationException.Reason.MISSING_SOURCE) {
        throw new UsageException("--source: " + oneLine(e.getMessage()));
      }
      throw e;
    }
  }

  /**
   * Whether there is nothing to report: no source found a log, and the scan index holds no history of logs that
   * have since been deleted either (that history is shown, not the demo).
   */
  private static boolean nothingFound(UsageSnapshot scan) {
    return scan.sources().stream().noneMatch(SourceStatus::found) && scan.totals().calls() == 0;
  }

  /**
   * Whether logs or a store were there but could not be read (an error or a warning of the scan or of the
   * engine's setup): then the problems are shown, not the demo.
   */
  private static boolean unreadable(Cream cream, UsageSnapshot scan) {
    return scan.diagnostics().stream().anyMatch(d -> d.severity() != Severity.INFO)
        || cream.setupDiagnostics().stream().anyMatch(d -> d.severity() != Severity.INFO);
  }

  private static String roots(UsageSnapshot scan) {
    Set<Path> roots = new LinkedHashSet<>();
    scan.sources().forEach(s -> roots.addAll(s.roots()));
    return roots.isEmpty() ? "(no roots)" : roots.stream().map(p -> TerminalText.safe(p.toString())).collect(Collectors.joining(", "));
  }

  private static Environment withClock(Environment env, Instant now) {
    Map<String, String> vars = new HashMap<>(env.variables());
    if (env.get("HOME").isEmpty()) {
      vars.put("HOME", env.home().toString());
    }
    return Environment.of(vars, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static void quietSlf4j() {
    // no SLF4J provider is bundled: without this SLF4J prints a three-line warning on the first logger
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    // and none is on the class path either (SLF4J looks only there, in its own class loader): name the one it would
    // fall back to, so that its first logger does not search the class path for providers (5 ms of a 0.3 s report)
    if (System.getProperty(SLF4J_PROVIDER) == null
        && Main.class.getClassLoader().getResource("META-INF/services/org.slf4j.spi.SLF4JServiceProvider") == null) {
      System.setProperty(SLF4J_PROVIDER, "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }
  }

  private static String oneLine(String s) {
    return s == null ? "unknown error" : TerminalText.line(s);
  }

  /**
   * The version of this build.
   *
   * @return the version, or {@code unknown}
   */
  static String version() {
    try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
