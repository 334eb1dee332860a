package io.github.cream.core;

import io.github.cream.api.Cost;
import io.github.cream.api.UsageRecord;
import java.util.Objects;

/**
 * A counted call (after deduplication) with the cost the scan's {@link CostMode} gave it.
 *
 * @param record the call
 * @param cost its cost and where the cost came from
 */
public record PricedRecord(UsageRecord record, Cost cost) {

  /**
   * Validates the components.
   *
   * @param record the call
   * @param cost its cost
   */
  public PricedRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(cost, "cost");
  }
}
