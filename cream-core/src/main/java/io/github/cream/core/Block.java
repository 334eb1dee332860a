package io.github.cream.core;

import io.github.cream.api.UsageTotals;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A billing window of a fixed length (five hours by default), the way plan limits are counted: a block starts at
 * the hour of its first call and takes every call until the window is over or the user was idle for a whole
 * window. A gap between blocks is a block of its own with no calls.
 *
 * @param start the block's start (the first call's time, floored to the hour, UTC)
 * @param end {@code start} plus the window length
 * @param firstActivity the block's first call
 * @param lastActivity the block's last call
 * @param active whether the block is still open at the report's instant
 * @param gap whether this is an idle gap between blocks
 * @param totals the block's totals
 * @param models the models used, most used first
 */
public record Block(
    Instant start,
    Instant end,
    Optional<Instant> firstActivity,
    Optional<Instant> lastActivity,
    boolean active,
    boolean gap,
    UsageTotals totals,
    List<String> models) {

  /**
   * Validates and copies the components.
   *
   * @param start block start
   * @param end block end
   * @param firstActivity first call
   * @param lastActivity last call
   * @param active whether open
   * @param gap whether an idle gap
   * @param totals totals
   * @param models models used
   */
  public Block {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(firstActivity, "firstActivity");
    Objects.requireNonNull(lastActivity, "lastActivity");
    Objects.requireNonNull(totals, "totals");
    models = List.copyOf(models);
  }
}
