package io.github.cream.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One rate-limit window an agent reported, for example Codex's five-hour primary window.
 *
 * @param name the window's name as the source reports it ({@code primary}, {@code secondary}, {@code five_hour})
 * @param usedPercent how much of the window is used, 0 to 100 (may exceed 100 when a provider overshoots)
 * @param windowMinutes the window's length, if known
 * @param resetsAt when the window resets, if known
 */
public record RateLimitWindow(
    String name, double usedPercent, OptionalLong windowMinutes, Optional<Instant> resetsAt) {

  /**
   * Validates the components.
   *
   * @param name window name
   * @param usedPercent used share in percent
   * @param windowMinutes window length
   * @param resetsAt reset time
   */
  public RateLimitWindow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(windowMinutes, "windowMinutes");
    Objects.requireNonNull(resetsAt, "resetsAt");
    if (!Double.isFinite(usedPercent) || usedPercent < 0) {
      throw new IllegalArgumentException("usedPercent must be a finite non-negative number, was " + usedPercent);
    }
  }
}
