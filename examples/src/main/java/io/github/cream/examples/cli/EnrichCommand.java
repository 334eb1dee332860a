package io.github.cream.examples.cli;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.core.Cream;
import io.github.cream.core.CreamConfigurationException;
import io.github.cream.core.EnrichListener;
import io.github.cream.core.EnrichOptions;
import io.github.cream.core.EnrichResult;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.ReportJson;
import io.github.cream.core.UsageSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cream enrich}: asks OpenRouter (and any other enricher on the path) about the calls Pi and OpenClaw routed
 * through it, and keeps the answers in cream's cache directory, where every later report finds them. The one
 * command that uses the network, and only when run.
 */
@Command(
    name = "enrich", sortOptions = false,
    description = {
        "Ask OpenRouter what each call Pi or OpenClaw routed through it really cost, and which upstream provider"
            + " served it. The answers are kept in ~/.cache/cream/ next to the scan index, so each generation is"
            + " asked about once; every report then shows the billed cost (provenance 'enriched'), the upstream"
            + " provider, and cache verdicts for the provider that really served the calls.",
        "Opt-in: nothing is sent unless you run this command. Only generation ids are sent, with your key from"
            + " OPENROUTER_API_KEY, --key-file, or ~/.config/cream/openrouter.key."},
    footerHeading = "%nExamples:%n",
    footer = {"  OPENROUTER_API_KEY=sk-or-... cream enrich", "  cream enrich --key-file ~/.config/cream/openrouter.key",
        "  cream daily --cost-mode enriched    only the costs OpenRouter billed"})
final class EnrichCommand implements Callable<Integer> {

  /** How often, at most, a progress line is printed. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
  boolean help;

  @Option(names = {"-j", "--json"}, description = "Machine output on stdout, nothing else (schema cream.enrich/1).")
  boolean json;

  @Option(names = "--key-file", paramLabel = "FILE",
      description = "Read the API key from the first line of FILE instead of OPENROUTER_API_KEY.")
  Path keyFile;

  @Option(names = "--enricher", paramLabel = "ID[,ID]", split = ",",
      description = "Only these enrichers (default: all; the built-in one is openrouter).")
  List<String> enrichers = new ArrayList<>();

  @Option(names = "--base-url", paramLabel = "URL",
      description = "The service's API base URL instead of its own (OpenRouter: https://openrouter.ai/api/v1).")
  String baseUrl;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "Requests in flight at once (default: 4).")
  int concurrency = EnrichOptions.DEFAULT_CONCURRENCY;

  @Option(names = "--rate", paramLabel = "N",
      description = "Requests started per second at most, retries included (default: 8).")
  double rate = EnrichOptions.DEFAULT_REQUESTS_PER_SECOND;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "The longest wait for one answer (default: 20).")
  double timeoutSeconds = EnrichOptions.DEFAULT_TIMEOUT.toSeconds();

  @Option(names = {"-v", "--verbose"}, description = "List the INFO diagnostics too.")
  boolean verbose;

  @ParentCommand CreamCommand root;

  @Override
  public Integer call() throws Exception {
    PrintStream out = root.out();
    PrintStream err = root.err();
    Environment env = root.environment();
    boolean asJson = json || (root.options != null && root.options.json);
    if (root.options != null && (root.options.noIndex || root.options.demo)) {
      throw new UsageException("enrich: " + (root.options.noIndex ? "--no-index" : "--demo")
          + " does not apply: the answers are kept in the cache directory next to the scan index");
    }
    EnrichOptions options = options();
    Cream.Builder b = Cream.builder().environment(env).enrich(options);
    root.main().customize(b);
    Cream cream;
    try {
      cream = b.build();
    } catch (CreamConfigurationException e) {
      throw new UsageException("enrich: " + TerminalText.line(e.getMessage()));
    }
    if (cream.enrichers().isEmpty()) {
      err.println("cream: enrich: no enricher is on the class path (cream-source-pi brings OpenRouter's)");
      return 1;
    }
    for (String id : enrichers) {
      if (cream.enrichers().stream().noneMatch(p -> p.id().equals(id))) {
        throw new UsageException("--enricher: no enricher '" + id + "'; available: " + ids(cream.enrichers()));
      }
    }
    Progress progress = new Progress(err, PROGRESS_EVERY);
    Thread runner = Thread.currentThread();
    Thread hook = new Thread(() -> {
      runner.interrupt(); // Ctrl-C: stop asking; every answer received is already saved
      try {
        runner.join(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cream-enrich-stop");
    boolean hooked = addHook(hook);
    EnrichResult result;
    try {
      result = cream.enrich(progress);
    } finally {
      if (hooked) {
        removeHook(hook);
      }
    }
    boolean interrupted = Thread.interrupted() || result.interrupted(); // the report is still printed
    progress.finish();
    UsageSnapshot after = cream.scan();
    if (asJson) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      ReportJson.create().withPrettyPrinting().writeEnrich(result, after, buf);
      out.print(buf.toString(StandardCharsets.UTF_8));
    } else {
      out.print(EnrichText.summary(result, after, cream.enrichers(), interrupted));
      List<Diagnostic> problems = new ArrayList<>(cream.setupDiagnostics());
      problems.addAll(result.diagnostics());
      Problems.lines(problems, verbose, env.home()).forEach(err::println);
    }
    out.flush();
    // failed: an error (no key, a refused key, answers that cannot be saved), or the answers could not even be
    // opened (another run holds them, an unsafe directory)
    boolean failed = result.diagnostics().stream().anyMatch(d -> d.severity() == Severity.ERROR)
        || (result.enrichers().isEmpty() && !result.diagnostics().isEmpty());
    return failed ? 1 : 0;
  }

  private EnrichOptions options() throws UsageException {
    EnrichOptions.Builder o = EnrichOptions.builder();
    try {
      o.concurrency(concurrency).requestsPerSecond(rate);
      if (!(timeoutSeconds > 0) || timeoutSeconds > 600) {
        throw new UsageException("--timeout: expected seconds above 0 and at most 600, got " + timeoutSeconds);
      }
      o.timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage().startsWith("concurrency") ? "--concurrency: expected 1 to 64"
          : "--rate: expected requests per second above 0 and at most 1000");
    }
    Set<String> only = new LinkedHashSet<>();
    for (String id : enrichers) {
      only.add(id.strip());
    }
    if (!only.isEmpty()) {
      o.only(only);
    }
    Set<String> targets = only.isEmpty() ? Set.of("openrouter") : only;
    if (baseUrl != null) {
      URI base;
      try {
        base = URI.create(baseUrl.strip());
        for (String id : targets) {
          o.baseUri(id, base);
        }
      } catch (IllegalArgumentException e) {
        throw new UsageException("--base-url: expected an http or https URL, got '" + baseUrl + "'");
      }
    }
    if (keyFile != null) {
      for (String id : targets) {
        o.credentialFile(id, keyFile);
      }
    }
    return o.build();
  }

  private static String ids(List<ProviderInfo> providers) {
    return String.join(", ", providers.stream().map(p -> TerminalText.safe(p.id())).toList());
  }

  private static boolean addHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs
    }
  }

  /**
   * A progress line on standard error at most every two seconds, so a run shorter than that prints none, and a last
   * line at the end of a run that printed any.
   */
  static final class Progress implements EnrichListener {
    private final PrintStream err;
    private final long every;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private boolean printed;
    private long done;
    private long total;

    Progress(PrintStream err, Duration every) {
      this.err = err;
      this.every = every.toNanos();
    }

    @Override
    public synchronized void progress(long done, long total) {
      this.done = done;
      this.total = total;
      long now = System.nanoTime();
      if (now - lastPrinted >= every) {
        lastPrinted = now;
        printed = true;
        err.println("cream: enrich: " + done + " of " + total + " ids asked (" + (now - started) / 1_000_000_000L
            + " s)");
      }
    }

    synchronized void finish() {
      if (printed) {
        err.println("cream: enrich: " + done + " of " + total + " ids asked");
      }
    }
  }
}
