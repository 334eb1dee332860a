package io.github.cream.core;

import io.github.cream.api.UsageTotals;
import java.util.Objects;

/**
 * The part of a report row one (source, provider, model) contributed.
 *
 * @param source the source id
 * @param provider the provider id
 * @param model the model id
 * @param totals the totals of those calls
 */
public record Breakdown(String source, String provider, String model, UsageTotals totals) {

  /**
   * Validates the components.
   *
   * @param source source id
   * @param provider provider id
   * @param model model id
   * @param totals totals
   */
  public Breakdown {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(totals, "totals");
  }
}
