package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Cream;
import io.github.cream.core.CreamConfigurationException;
import io.github.cream.core.SourceStatus;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.core.Watch;
import io.github.cream.examples.cli.Demo;
import io.github.cream.examples.cli.TerminalText;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The usage an export publishes: one scan, or the latest state of a {@link Watch} that follows the logs. On the demo
 * history the clock is the demo's, fixed just after its last call.
 */
final class UsageFeed implements AutoCloseable {

  /** How long the first scan of a watch may take. */
  static final Duration FIRST_SCAN_TIMEOUT = Duration.ofMinutes(10);

  private final Demo demo;
  private final Environment env;
  private final Watch watch;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile UsageSnapshot snapshot;

  private UsageFeed(Demo demo, Environment env, Cream cream, boolean follow) {
    this.demo = demo;
    this.env = env;
    if (follow) {
      this.watch = cream.watch(u -> {
        snapshot = u.snapshot();
        ready.countDown();
      });
    } else {
      this.watch = null;
      this.snapshot = cream.scan();
      ready.countDown();
    }
  }

  /**
   * Reads the logs (or the demo history).
   *
   * @param env the environment
   * @param settings the command's options
   * @param customizer applied to the engine's builder last
   * @param follow true to watch the logs, false to scan once
   * @return the feed, with its first snapshot
   * @throws BadArgument for a {@code --source} no provider has
   * @throws IOException if the demo history cannot be written
   * @throws InterruptedException if interrupted while the first scan runs
   */
  static UsageFeed open(
      Environment env, ExportOptions.Settings settings, Consumer<Cream.Builder> customizer, boolean follow)
      throws BadArgument, IOException, InterruptedException {
    Demo demo = settings.demo() ? Demo.extract() : null;
    UsageFeed feed = null;
    try {
      Environment e = demo == null ? env
          : Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC));
      Cream.Builder b = Cream.builder().environment(e);
      if (settings.noIndex()) {
        b.noIndex();
      }
      if (!settings.sources().isEmpty()) {
        b.onlySources(settings.sources());
      }
      customizer.accept(b);
      Cream cream;
      try {
        cream = b.build();
      } catch (CreamConfigurationException x) {
        if (x.reason() == CreamConfigurationException.Reason.MISSING_SOURCE) {
          throw new BadArgument("--source: " + TerminalText.line(x.getMessage()));
        }
        throw x;
      }
      feed = new UsageFeed(demo, e, cream, follow);
      if (!feed.ready.await(FIRST_SCAN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("the first scan of the logs took longer than " + FIRST_SCAN_TIMEOUT.toMinutes()
            + " minutes");
      }
      return feed;
    } catch (BadArgument | IOException | InterruptedException | RuntimeException x) {
      if (feed != null) {
        feed.close();
      } else if (demo != null) {
        demo.close();
      }
      throw x;
    }
  }

  /** The latest snapshot. */
  UsageSnapshot snapshot() {
    return snapshot;
  }

  /** The environment the logs are read in (the demo's, with its fixed clock, for {@code --demo}). */
  Environment environment() {
    return env;
  }

  /** The latest snapshot's totals, for a line: {@code the totals of 22 calls ($0.74)}. */
  String totals() {
    UsageTotals t = snapshot.totals();
    return "the totals of " + String.format(Locale.ROOT, "%,d", t.calls()) + (t.calls() == 1 ? " call" : " calls")
        + " ($" + t.cost().toUsd(2).toPlainString() + ")";
  }

  /** Whether this is the demo history. */
  boolean demo() {
    return demo != null;
  }

  /** The zone of the current periods: the option's, else UTC for the demo, else the system's. */
  ZoneId zone(ExportOptions.Settings settings) {
    return settings.zone() != null ? settings.zone() : demo != null ? ZoneOffset.UTC : ZoneId.systemDefault();
  }

  /** Whether no source found any log and no history is kept: there is nothing to export. */
  boolean empty() {
    UsageSnapshot s = snapshot;
    return s.totals().calls() == 0 && s.sources().stream().noneMatch(SourceStatus::found);
  }

  /** Whether the watch polls for changes (file notifications are not available). */
  boolean polling() {
    return watch != null && watch.polling();
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
    if (demo != null) {
      demo.close();
    }
  }
}
