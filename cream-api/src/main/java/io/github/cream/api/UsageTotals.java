package io.github.cream.api;

import java.util.Objects;

/**
 * Tokens, cost and call counts summed over any set of calls: a day, a session, a model, a whole history.
 *
 * <p>Totals form a commutative monoid: {@link #ZERO} is neutral and {@link #plus} is associative and commutative,
 * with exact integer arithmetic throughout. Partial totals computed on different threads, files or machines
 * therefore merge to identical results in any order.
 *
 * <pre>{@code
 * UsageTotals day = UsageTotals.ZERO;
 * for (var priced : calls) {
 *   day = day.plus(UsageTotals.of(priced.tokens(), priced.cost()));
 * }
 * day.calls();        // how many calls
 * day.provenance();   // CALCULATED, RECORDED, ENRICHED, UNPRICED or MIXED
 * }</pre>
 *
 * @param tokens the summed tokens
 * @param cost the summed cost (unpriced calls add nothing)
 * @param recordedCalls calls whose cost the agent recorded
 * @param calculatedCalls calls whose cost cream calculated
 * @param unpricedCalls calls whose model had no known price
 * @param enrichedCalls calls whose cost an enricher fetched from the service that billed them
 */
public record UsageTotals(
    TokenCounts tokens, Money cost, long recordedCalls, long calculatedCalls, long unpricedCalls,
    long enrichedCalls) {

  /** Nothing at all. */
  public static final UsageTotals ZERO = new UsageTotals(TokenCounts.ZERO, Money.ZERO, 0, 0, 0, 0);

  /**
   * Validates the components.
   *
   * @param tokens the summed tokens
   * @param cost the summed cost
   * @param recordedCalls calls with a recorded cost
   * @param calculatedCalls calls with a calculated cost
   * @param unpricedCalls calls without a price
   * @param enrichedCalls calls with an enriched cost
   */
  public UsageTotals {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(cost, "cost");
    if (recordedCalls < 0 || calculatedCalls < 0 || unpricedCalls < 0 || enrichedCalls < 0) {
      throw new IllegalArgumentException("call counts must not be negative");
    }
  }

  /**
   * Totals without enriched calls.
   *
   * @param tokens the summed tokens
   * @param cost the summed cost
   * @param recordedCalls calls with a recorded cost
   * @param calculatedCalls calls with a calculated cost
   * @param unpricedCalls calls without a price
   */
  public UsageTotals(TokenCounts tokens, Money cost, long recordedCalls, long calculatedCalls, long unpricedCalls) {
    this(tokens, cost, recordedCalls, calculatedCalls, unpricedCalls, 0);
  }

  /**
   * The totals of a single call.
   *
   * @param tokens the call's tokens
   * @param cost the call's cost
   * @return totals counting one call
   */
  public static UsageTotals of(TokenCounts tokens, Cost cost) {
    return switch (cost.provenance()) {
      case RECORDED -> new UsageTotals(tokens, cost.amount(), 1, 0, 0);
      case CALCULATED -> new UsageTotals(tokens, cost.amount(), 0, 1, 0);
      case UNPRICED -> new UsageTotals(tokens, Money.ZERO, 0, 0, 1);
      case ENRICHED -> new UsageTotals(tokens, cost.amount(), 0, 0, 0, 1);
      case MIXED -> throw new IllegalArgumentException("a single call's cost cannot be MIXED");
    };
  }

  /**
   * The sum of two totals.
   *
   * @param other the totals to add
   * @return the sum
   */
  public UsageTotals plus(UsageTotals other) {
    return new UsageTotals(
        tokens.plus(other.tokens),
        cost.plus(other.cost),
        TokenCounts.add(recordedCalls, other.recordedCalls),
        TokenCounts.add(calculatedCalls, other.calculatedCalls),
        TokenCounts.add(unpricedCalls, other.unpricedCalls),
        TokenCounts.add(enrichedCalls, other.enrichedCalls));
  }

  /**
   * How many calls these totals count.
   *
   * @return recorded, calculated, enriched and unpriced calls together
   */
  public long calls() {
    return TokenCounts.add(
        TokenCounts.add(TokenCounts.add(recordedCalls, calculatedCalls), unpricedCalls), enrichedCalls);
  }

  /**
   * Where the cost came from: the single provenance all calls share, or {@link CostProvenance#MIXED}. Totals over
   * no calls are {@link CostProvenance#CALCULATED} (zero, and nothing needed a price).
   *
   * @return the provenance of the summed cost
   */
  public CostProvenance provenance() {
    int kinds = (recordedCalls > 0 ? 1 : 0) + (calculatedCalls > 0 ? 1 : 0) + (unpricedCalls > 0 ? 1 : 0)
        + (enrichedCalls > 0 ? 1 : 0);
    if (kinds > 1) {
      return CostProvenance.MIXED;
    }
    if (recordedCalls > 0) {
      return CostProvenance.RECORDED;
    }
    if (enrichedCalls > 0) {
      return CostProvenance.ENRICHED;
    }
    if (unpricedCalls > 0) {
      return CostProvenance.UNPRICED;
    }
    return CostProvenance.CALCULATED;
  }
}
