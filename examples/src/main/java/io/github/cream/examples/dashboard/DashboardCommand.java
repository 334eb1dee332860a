package io.github.cream.examples.dashboard;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.CreamConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cream dashboard}: serves a local web page of usage and live prompt-cache state, prints its address and runs
 * until interrupted.
 */
@Command(
    name = "dashboard",
    sortOptions = false,
    description = {
      "Serve a local web page of usage and live prompt-cache state: cost per day by source or model, tokens by"
          + " kind, the cache hit ratio, every session with its live cache countdown and resume cost, and each"
          + " session's timeline. The page follows the logs as agents write.",
      "",
      "Private: the server listens on 127.0.0.1 only, answers only to a random key in its address and to its own"
          + " host name, and nothing leaves the machine (the charts are drawn by Chart.js, shipped inside the jar)."
    },
    footer = {"", "Stop with Ctrl-C."})
public final class DashboardCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
  boolean help;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "the port to listen on, on 127.0.0.1 (default: any free port)")
  int port;

  @Option(names = "--open", description = "start the desktop's browser on the page")
  boolean open;

  @Option(names = "--demo", description = "show the embedded demo history instead of this machine's logs")
  boolean demo;

  @Option(names = "--timezone", paramLabel = "ZONE",
      description = "the page's default time zone for dates (default: the system zone; UTC for the demo)")
  String timezone;

  @Option(names = "--no-index", description = "do not read or write the scan index (~/.cache/cream/)")
  boolean noIndex;

  private final Environment env;
  private final Consumer<Cream.Builder> customizer;
  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch stop = new CountDownLatch(1);

  /**
   * The command, reading an environment: {@code cream dashboard}, a subcommand of the CLI's root command (the CLI
   * makes it through its picocli factory, with the run's environment and streams).
   *
   * @param env the environment (home directory, agents' variables, clock)
   * @param customizer applied to the engine's builder last
   * @param out standard output: the address
   * @param err standard error: messages for people
   */
  public DashboardCommand(
      Environment env, Consumer<Cream.Builder> customizer, PrintStream out, PrintStream err) {
    this.env = Objects.requireNonNull(env, "env");
    this.customizer = Objects.requireNonNull(customizer, "customizer");
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  @Override
  public Integer call() throws Exception {
    PrintStream o = out;
    PrintStream e = err;
    ZoneId zone = null;
    if (timezone != null) {
      try {
        zone = ZoneId.of(timezone);
      } catch (DateTimeException x) {
        e.println("cream: --timezone: not a time zone (an IANA name such as Europe/Helsinki, or UTC)");
        return 2;
      }
    }
    if (port < 0 || port > 65535) {
      e.println("cream: --port: must be between 0 and 65535");
      return 2;
    }
    e.println("cream: reading the logs...");
    Dashboard dashboard;
    try {
      dashboard = Dashboard.start(new Dashboard.Settings(env, demo, zone, noIndex, port, customizer));
    } catch (BindException x) {
      e.println("cream: dashboard: port " + port + " on 127.0.0.1 is in use (--port to choose another)");
      return 1;
    } catch (IOException | CreamConfigurationException | IllegalStateException x) {
      e.println("cream: dashboard: " + String.valueOf(x.getMessage()).replaceAll("\\s+", " ").strip());
      return 1;
    }
    Path redirect = null;
    Thread hook = new Thread(stop::countDown, "cream-dashboard-stop");
    try (dashboard) {
      Runtime.getRuntime().addShutdownHook(hook);
      o.println("cream dashboard" + (demo ? " (demo history)" : "") + ": " + dashboard.address());
      o.println("Only this machine can open it, and only with this address: it holds a key, keep it to yourself."
          + " Ctrl-C to stop.");
      o.flush();
      if (dashboard.polling()) {
        e.println("cream: file notifications are not available here; polling for changes");
      }
      if (open) {
        try {
          redirect = Browser.open(dashboard.address());
        } catch (IOException x) {
          e.println("cream: could not start a browser; open the address above yourself");
        }
      }
      stop.await();
      return 0;
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return 0;
    } finally {
      if (redirect != null) {
        Files.deleteIfExists(redirect);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException x) {
        // shutting down: the hook runs
      }
    }
  }
}
