package io.github.cream.core.internal;

import io.github.cream.api.Cost;
import io.github.cream.api.Money;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageTotals;

/**
 * A mutable running sum of calls, for the hot loops of reports: adding a call allocates nothing, and
 * {@link #totals()} equals folding the calls with {@link UsageTotals#plus} (every part is non-negative and
 * saturates at {@link Long#MAX_VALUE}, so the order of additions never matters). Not thread-safe.
 */
public final class Sum {

  private long input;
  private long cacheRead;
  private long cacheWrite5m;
  private long cacheWrite1h;
  private long output;
  private long reasoning;
  private long costNanos;
  private long recorded;
  private long calculated;
  private long unpriced;
  private long enriched;

  /**
   * Adds one call.
   *
   * @param t its tokens
   * @param cost its cost
   */
  public void add(TokenCounts t, Cost cost) {
    input = TokensMath.add(input, t.input());
    cacheRead = TokensMath.add(cacheRead, t.cacheRead());
    cacheWrite5m = TokensMath.add(cacheWrite5m, t.cacheWrite5m());
    cacheWrite1h = TokensMath.add(cacheWrite1h, t.cacheWrite1h());
    output = TokensMath.add(output, t.output());
    reasoning = TokensMath.add(reasoning, t.reasoning());
    switch (cost.provenance()) {
      case RECORDED -> {
        recorded++;
        costNanos = addCost(costNanos, cost.amount().nanos());
      }
      case CALCULATED -> {
        calculated++;
        costNanos = addCost(costNanos, cost.amount().nanos());
      }
      case ENRICHED -> {
        enriched++;
        costNanos = addCost(costNanos, cost.amount().nanos());
      }
      default -> unpriced++;
    }
  }

  private static long addCost(long a, long b) {
    // exactly Money.plus, which saturates in both directions
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  /**
   * Whether nothing was added.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return recorded == 0 && calculated == 0 && unpriced == 0 && enriched == 0;
  }

  /**
   * The totals so far.
   *
   * @return the totals
   */
  public UsageTotals totals() {
    return new UsageTotals(
        new TokenCounts(input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning), Money.ofNanos(costNanos),
        recorded, calculated, unpriced, enriched);
  }
}
