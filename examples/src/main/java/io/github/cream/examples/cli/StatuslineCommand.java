package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.Cream;
import io.github.cream.core.Filter;
import io.github.cream.core.IndexedScan;
import io.github.cream.core.UsageSnapshot;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cream statusline}: one line for an agent's status bar, from Claude Code's statusLine protocol (the session's
 * JSON on standard input) or, for other agents, a session id or the latest session of a directory.
 *
 * <p>It never fails the agent: whatever goes wrong (bad input, an unreadable history, a scan that takes longer than
 * {@code --timeout}), it prints a short fallback line and exits 0. The history is read through the scan index, so a
 * warm run parses only what was appended to the transcripts since the last run.
 */
@Command(
    name = "statusline", sortOptions = false,
    description = {
        "One status line for an agent: model, this session's cost, today's cost, the usage window (Claude's 5-hour"
            + " block, Codex's own rate limits) and the prompt cache (warm with its countdown, or cold).",
        "Claude Code: put {\"statusLine\": {\"type\": \"command\", \"command\": \"cream statusline\"}} in"
            + " ~/.claude/settings.json; it writes the session's JSON on standard input.",
        "Never fails: any problem prints a short line and exits 0.",
        "Run by an agent through the launcher, refreshes are answered by a statusline server kept in"
            + " $XDG_CACHE_HOME/cream/statusline (stopped after 30 idle minutes; CREAM_STATUSLINE_SERVER=off turns it"
            + " off)."})
public final class StatuslineCommand implements Callable<Integer> {

  /** How long the statusline waits for the scan before it prints what it has. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = "--source", paramLabel = "ID", description = "The agent the line is for (default: claude).")
  String source = "claude";

  @Option(names = "--session", paramLabel = "ID",
      description = "The session (or a prefix of its id); default: the session the agent's input names, else the"
          + " latest session of --project.")
  String session;

  @Option(names = "--project", paramLabel = "DIR",
      description = "Without --session or input: the directory whose latest session to show (default: the current"
          + " directory).")
  Path project;

  @Option(names = "--timezone", paramLabel = "ZONE", description = "The zone that decides what today is.")
  String timezone;

  @Option(names = "--now", paramLabel = "INSTANT",
      description = "Judge at this ISO-8601 instant instead of the clock (reproducible lines).")
  java.time.Instant now;

  @Option(names = "--no-color", description = "No ANSI colours (also when NO_COLOR is set).")
  boolean noColor;

  @Option(names = "--timeout", paramLabel = "MS",
      description = "Milliseconds to wait for the history before printing what is known (default: 1500).")
  long timeoutMillis = DEFAULT_TIMEOUT.toMillis();

  @ParentCommand CreamCommand root;

  /**
   * The command for a plain {@code cream statusline} command line, read without picocli: a status line is a new
   * process per refresh, and picocli's model of the command (its classes are too old for the class-data archive)
   * would cost more than the rest of the run. Only the options' plain forms are read here ({@code --source ID},
   * {@code --source=ID}, {@code --no-color}, ...); anything else (help, a repeated or unknown option, a value that
   * does not parse) returns null and the command line goes through picocli, which answers it as it always did.
   *
   * @param args the whole command line, {@code statusline} first
   * @param root the root command
   * @return the command, or null to let picocli read the command line
   */
  static StatuslineCommand direct(String[] args, CreamCommand root) {
    if (args.length == 0 || !args[0].equals("statusline")) {
      return null;
    }
    StatuslineCommand c = new StatuslineCommand();
    c.root = root;
    Set<String> seen = new java.util.HashSet<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--no-color")) {
          if (!seen.add(arg)) {
            return null;
          }
          c.noColor = true;
          continue;
        }
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
          value = args[++i];
        } else {
          return null;
        }
        if (!seen.add(name)) {
          return null;
        }
        switch (name) {
          case "--source" -> c.source = value;
          case "--session" -> c.session = value;
          case "--project" -> c.project = Path.of(value);
          case "--timezone" -> c.timezone = value;
          case "--now" -> c.now = java.time.Instant.parse(value);
          case "--timeout" -> c.timeoutMillis = plainNumber(value);
          default -> {
            return null;
          }
        }
      }
    } catch (RuntimeException e) {
      return null; // a value that does not parse: picocli says so, in its words
    }
    return c;
  }

  private InputStream in() {
    return root.main().stdin();
  }

  private PrintStream out() {
    return root.out();
  }

  private Environment env() {
    return root.environment();
  }

  /**
   * A bad option on {@code cream statusline}'s command line: the fallback line, exit status 0, so that a typo in
   * the agent's settings shows up in its status bar instead of blanking it.
   *
   * @return the exit status: 0
   */
  int badOption() {
    out().println(new Statusline(false).fallback(StatuslineInput.NONE, "bad statusline option (cream statusline"
        + " --help)"));
    out().flush();
    return 0;
  }

  @Override
  public Integer call() {
    Statusline line = new Statusline(!noColor && env().get("NO_COLOR").map(String::isEmpty).orElse(true));
    AtomicReference<StatuslineInput> input = new AtomicReference<>(StatuslineInput.NONE);
    String text;
    CompletableFuture<String> work = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        work.complete(compute(line, input));
      } catch (Throwable t) {
        work.completeExceptionally(t);
      }
    }, "cream-statusline");
    worker.setDaemon(true); // the line is printed at the deadline; an unfinished scan must not hold the agent
    worker.start();
    try {
      text = work.get(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      text = line.fallback(input.get(), "no answer within " + timeoutMillis + "ms (is the index warm? run 'cream')");
    } catch (ExecutionException e) {
      text = line.fallback(input.get(), reason(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      text = line.fallback(input.get(), "interrupted");
    }
    out().println(text);
    out().flush();
    return 0;
  }

  private String compute(Statusline line, AtomicReference<StatuslineInput> holder) throws Exception {
    StatuslineInput input = StatuslineInput.NONE;
    if (session == null && source.equals("claude")) {
      input = StatuslineInput.read(in());
      holder.set(input);
    }
    ZoneId zone = timezone != null ? zone(timezone) : ZoneId.systemDefault();
    Environment e = env();
    if (now != null) {
      java.util.Map<String, String> vars = new java.util.HashMap<>(env().variables());
      vars.putIfAbsent("HOME", env().home().toString());
      e = Environment.of(vars, java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
    }
    Optional<Path> transcript = session == null ? transcript(input) : Optional.empty();
    if (transcript.isPresent()) {
      // every source, configured as the other commands configure them, so that the answer the scan index keeps is
      // the one they keep too; the agent named the transcript that changed, so the rest comes from the index, and
      // the session's cache is judged from the transcript's own calls
      Environment env = e;
      Cream cream = engine(e, "", () -> {
        Cream.Builder all = Cream.builder().environment(env);
        root.main().customize(all);
        return all.build();
      });
      if (cream.sources().stream().anyMatch(p -> p.id().equals(source))) {
        synchronized (cream) { // an engine kept between commands serves one of them at a time
          // a process that keeps its engines (the statusline server) saves the index after answering, at most
          // twice a minute (EngineCache.saveDue); a process of its own saves what it read at once
          EngineCache kept = now == null ? root.main().engines() : null;
          IndexedScan indexed = kept != null
              ? cream.scanFromIndex(List.of(transcript.get()), EngineCache.UNSAVED)
              : cream.scanFromIndex(List.of(transcript.get()));
          if (kept != null) {
            kept.read(cream, transcript.get());
          }
          UsageSnapshot scan =
              indexed.snapshot().filter(Filter.builder().zone(zone).sources(Set.of(source)).build());
          Optional<SessionSummary> s = find(scan, input);
          // the transcript's own calls judge its cache, when it holds the session (else every call of the scan)
          UsageSnapshot calls = s.isPresent() && indexed.files().session(source, s.get().sessionId()).isPresent()
              ? indexed.files() : scan;
          return line.line(input, scan, calls, s, scan.asOf(), zone);
        }
      }
    }
    Environment env = e;
    Cream cream = engine(e, source, () -> {
      Cream.Builder b = Cream.builder().environment(env).onlySources(Set.of(source));
      root.main().customize(b);
      return b.build();
    });
    synchronized (cream) {
      UsageSnapshot scan = cream.scan().filter(Filter.builder().zone(zone).build());
      Optional<SessionSummary> s = find(scan, input);
      return line.line(input, scan, scan, s, scan.asOf(), zone);
    }
  }

  /**
   * The engine for an environment and a choice of sources ("" for every source): the one kept from an earlier
   * command when the CLI keeps engines and the clock is the system's, else a new one.
   */
  private Cream engine(Environment e, String sources, java.util.function.Supplier<Cream> make) {
    EngineCache cache = root.main().engines();
    return cache == null || now != null ? make.get() : cache.get(e, sources, make);
  }

  /** The transcript the agent's input names, when it is an absolute path (the index decides whether it is a log). */
  private static Optional<Path> transcript(StatuslineInput input) {
    if (input.sessionId().isEmpty() || input.transcriptPath().isEmpty()) {
      return Optional.empty();
    }
    try {
      Path p = Path.of(input.transcriptPath().get());
      return p.isAbsolute() ? Optional.of(p.normalize()) : Optional.empty();
    } catch (java.nio.file.InvalidPathException ex) {
      return Optional.empty();
    }
  }

  /** The session: {@code --session}, else the input's, else the latest of the project directory. */
  private Optional<SessionSummary> find(UsageSnapshot scan, StatuslineInput input) throws UsageException {
    if (session != null) {
      return Optional.of(Main.resolve(session, scan));
    }
    if (input.sessionId().isPresent()) {
      return scan.session(source, input.sessionId().get());
    }
    Path cwd = root.main().cwd();
    Path dir = project != null ? cwd.resolve(project) : cwd;
    UsageSnapshot here = scan.filter(Filter.builder().project(dir.normalize()).build());
    return here.sessions().stream().findFirst(); // most recently active first
  }

  /** A number in plain decimal digits (picocli reads {@code 0x10} and {@code 010} its own way). */
  private static long plainNumber(String value) {
    if (value.isEmpty() || value.length() > 18 || (value.length() > 1 && value.charAt(0) == '0')) {
      throw new NumberFormatException("not a plain number");
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        throw new NumberFormatException("not a plain number");
      }
    }
    return Long.parseLong(value);
  }

  private static ZoneId zone(String id) throws UsageException {
    try {
      return ZoneId.of(id.strip());
    } catch (DateTimeException e) {
      throw new UsageException("unknown time zone");
    }
  }

  /** A few words on what went wrong, never log content. */
  static String reason(Throwable t) {
    if (t instanceof StatuslineInput.BadInput b) {
      return b.getMessage();
    }
    if (t instanceof UsageException) {
      return t.getMessage().startsWith("session:") ? "no such session" : "bad option";
    }
    if (t instanceof io.github.cream.core.CreamConfigurationException) {
      return "cannot read this agent's logs (unknown --source?)";
    }
    if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
      return "could not read the history";
    }
    return "internal error (" + t.getClass().getSimpleName() + ")";
  }
}
