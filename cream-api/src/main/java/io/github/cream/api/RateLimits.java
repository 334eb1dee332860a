package io.github.cream.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rate-limit state an agent logged at one moment, so that a tool can show how close a user is to a limit.
 *
 * @param observedAt when the agent logged it
 * @param windows the windows, in the order logged
 * @param plan the plan name, if logged
 */
public record RateLimits(Instant observedAt, List<RateLimitWindow> windows, Optional<String> plan) {

  /**
   * Validates and copies the components.
   *
   * @param observedAt when logged
   * @param windows the windows
   * @param plan plan name
   */
  public RateLimits {
    Objects.requireNonNull(observedAt, "observedAt");
    windows = List.copyOf(windows);
    Objects.requireNonNull(plan, "plan");
  }
}
