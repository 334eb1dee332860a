package io.github.cream.core;

import io.github.cream.api.Cost;
import io.github.cream.api.Origin;
import io.github.cream.api.UsageRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * A message an earlier {@link MessageCursor#read()} returned now carries another call, or none: while an agent
 * streams a response, the line holding its final counts arrives after the ones before it, and the call's usage
 * moves to it. Apply the change to the message with the same {@link #origin()} and {@link #part()}.
 *
 * @param origin the message's {@link io.github.cream.api.Message#origin()}
 * @param part the message's {@link PricedMessage#part()}
 * @param usage the counted call the message now carries, or empty
 * @param cost its cost, or empty
 */
public record MessageUsageChange(Origin origin, int part, Optional<UsageRecord> usage, Optional<Cost> cost) {

  /**
   * Validates the components.
   *
   * @param origin the message's origin
   * @param part its index within its line
   * @param usage its call now
   * @param cost that call's cost
   */
  public MessageUsageChange {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(cost, "cost");
  }
}
