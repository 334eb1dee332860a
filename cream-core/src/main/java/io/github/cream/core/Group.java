package io.github.cream.core;

import io.github.cream.api.UsageTotals;
import java.util.Objects;

/**
 * The totals of the calls sharing one value of a {@link Dimension}.
 *
 * @param key the value (a model id, a provider id, a working directory...)
 * @param totals the totals
 */
public record Group(String key, UsageTotals totals) {

  /**
   * Validates the components.
   *
   * @param key the value
   * @param totals the totals
   */
  public Group {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(totals, "totals");
  }
}
