package io.github.cream.examples.dashboard;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.examples.cli.Demo;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A running dashboard: the engine, its live state and the server, started together and closed together. In demo
 * mode it shows the embedded demo history with the demo's fixed clock, as {@code cream --demo} does.
 */
final class Dashboard implements AutoCloseable {

  /** How long the first scan of the logs may take before the dashboard gives up. */
  static final Duration FIRST_SCAN_TIMEOUT = Duration.ofMinutes(10);

  private final Demo demo;
  private final LiveUsage live;
  private final DashboardServer server;

  private Dashboard(Demo demo, LiveUsage live, DashboardServer server) {
    this.demo = demo;
    this.live = live;
    this.server = server;
  }

  /**
   * What to show and where.
   *
   * @param env the environment to read (ignored in demo mode)
   * @param demo true for the embedded demo history
   * @param zone the page's default time zone, or null for the system's (UTC for the demo)
   * @param noIndex true to keep the scan index in memory only
   * @param port the port, 0 for any free one
   * @param customizer applied to the engine's builder last (tests register their own sources this way)
   */
  record Settings(
      Environment env, boolean demo, ZoneId zone, boolean noIndex, int port, Consumer<Cream.Builder> customizer) {}

  /**
   * Reads the logs, starts watching them and starts serving.
   *
   * @param s the settings
   * @return the running dashboard
   * @throws IOException if the demo cannot be written or the port cannot be bound
   * @throws InterruptedException if interrupted during the first scan
   */
  static Dashboard start(Settings s) throws IOException, InterruptedException {
    Demo demo = s.demo() ? Demo.extract() : null;
    LiveUsage live = null;
    try {
      Environment env = demo == null
          ? s.env()
          : Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC));
      Cream.Builder b = Cream.builder().environment(env);
      if (s.noIndex()) {
        b.noIndex();
      }
      s.customizer().accept(b);
      live = LiveUsage.start(b.build(), FIRST_SCAN_TIMEOUT);
      ZoneId zone = s.zone() != null ? s.zone() : demo != null ? ZoneId.of("UTC") : ZoneId.systemDefault();
      DashboardServer server = DashboardServer.start(live, new Documents(live, demo != null, zone), s.port());
      return new Dashboard(demo, live, server);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (live != null) {
        live.close();
      }
      if (demo != null) {
        demo.close();
      }
      throw e;
    }
  }

  /**
   * The page's address, with its token.
   *
   * @return the address
   */
  URI address() {
    return server.address();
  }

  /**
   * Whether the logs are polled for changes rather than followed with file notifications.
   *
   * @return true when polling
   */
  boolean polling() {
    return live.polling();
  }

  @Override
  public void close() {
    server.close();
    live.close();
    if (demo != null) {
      demo.close();
    }
  }
}
