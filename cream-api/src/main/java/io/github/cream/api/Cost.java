package io.github.cream.api;

import java.util.Objects;

/**
 * The cost of one call together with where it came from.
 *
 * @param amount the cost; zero when {@code provenance} is {@link CostProvenance#UNPRICED}
 * @param provenance recorded, calculated, enriched or unpriced (never {@link CostProvenance#MIXED})
 */
public record Cost(Money amount, CostProvenance provenance) {

  /** The cost of a call whose model has no known price. */
  public static final Cost UNPRICED = new Cost(Money.ZERO, CostProvenance.UNPRICED);

  /**
   * Validates the components.
   *
   * @param amount the cost
   * @param provenance where it came from
   */
  public Cost {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(provenance, "provenance");
    if (provenance == CostProvenance.MIXED) {
      throw new IllegalArgumentException("a single call's cost cannot be MIXED");
    }
    if (provenance == CostProvenance.UNPRICED && !amount.isZero()) {
      throw new IllegalArgumentException("an unpriced cost must be zero, was " + amount);
    }
  }

  /**
   * A cost the agent recorded.
   *
   * @param amount the recorded cost
   * @return the cost
   */
  public static Cost recorded(Money amount) {
    return new Cost(amount, CostProvenance.RECORDED);
  }

  /**
   * A cost cream calculated.
   *
   * @param amount the calculated cost
   * @return the cost
   */
  public static Cost calculated(Money amount) {
    return new Cost(amount, CostProvenance.CALCULATED);
  }

  /**
   * A cost an enricher fetched from the service that billed the call.
   *
   * @param amount what the service billed
   * @return the cost
   */
  public static Cost enriched(Money amount) {
    return new Cost(amount, CostProvenance.ENRICHED);
  }
}
