package io.github.cream.examples.cli;

import io.github.cream.api.Durations;
import io.github.cream.api.RateLimitWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/** An agent's own rate-limit window (Codex logs them) in words: {@code 5h 42% used, resets in 1h 10m}. */
final class RateLimitText {

  private RateLimitText() {}

  /**
   * The window's name for people: its length when logged ({@code 5h}, {@code 7d}), else the name the agent gave.
   *
   * @param w the window
   * @return the name, terminal-safe
   */
  static String name(RateLimitWindow w) {
    if (w.windowMinutes().isPresent() && w.windowMinutes().getAsLong() > 0) {
      long minutes = w.windowMinutes().getAsLong();
      if (minutes % (24 * 60) == 0) {
        return minutes / (24 * 60) + "d";
      }
      if (minutes % 60 == 0) {
        return minutes / 60 + "h";
      }
      return minutes + "m";
    }
    return TerminalText.safe(Tables.oneLine(w.name()));
  }

  /**
   * The share used, to whole percents.
   *
   * @param w the window
   * @return {@code 42%}
   */
  static String used(RateLimitWindow w) {
    return BigDecimal.valueOf(w.usedPercent()).setScale(0, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  /**
   * When the window resets, relative to an instant: {@code resets in 1h 10m}, {@code reset 5m ago}, or empty.
   *
   * @param w the window
   * @param now the instant
   * @return the text, or empty when the agent did not log it
   */
  static String resets(RateLimitWindow w, Instant now) {
    if (w.resetsAt().isEmpty()) {
      return "";
    }
    Instant at = w.resetsAt().get();
    return now.isBefore(at)
        ? "resets in " + Durations.span(Duration.between(now, at))
        : "reset " + Durations.ago(Duration.between(at, now));
  }

  /**
   * The whole window on one line.
   *
   * @param w the window
   * @param now the instant
   * @return {@code 5h 42% used, resets in 1h 10m}
   */
  static String window(RateLimitWindow w, Instant now) {
    String r = resets(w, now);
    return name(w) + " " + used(w) + " used" + (r.isEmpty() ? "" : ", " + r);
  }
}
