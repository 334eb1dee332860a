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

  /**
   * Adds another sum.
   *
   * @param o the other sum
   */
  public void add(Sum o) {
    input = TokensMath.add(input, o.input);
    cacheRead = TokensMath.add(cacheRead, o.cacheRead);
    cacheWrite5m = TokensMath.add(cacheWrite5m, o.cacheWrite5m);
    cacheWrite1h = TokensMath.add(cacheWrite1h, o.cacheWrite1h);
    output = TokensMath.add(output, o.output);
    reasoning = TokensMath.add(reasoning, o.reasoning);
    costNanos = addCost(costNanos, o.costNanos);
    recorded = TokensMath.add(recorded, o.recorded);
    calculated = TokensMath.add(calculated, o.calculated);
    unpriced = TokensMath.add(unpriced, o.unpriced);
    enriched = TokensMath.add(enriched, o.enriched);
  }

  /**
   * A copy.
   *
   * @return a new sum with the same parts
   */
  public Sum copy() {
    return of(parts());
  }

  /** How many parts {@link #parts()} has. */
  public static final int PARTS = 11;

  /**
   * The parts, for storing: input, cache read, cache write 5 m and 1 h, output, reasoning, cost in nanos, recorded,
   * calculated, unpriced and enriched calls.
   *
   * @return the parts
   */
  public long[] parts() {
    return new long[] {
      input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, costNanos, recorded, calculated, unpriced,
      enriched
    };
  }

  /**
   * A sum from its stored parts.
   *
   * @param p the parts, as {@link #parts()} gives them
   * @return the sum
   */
  public static Sum of(long[] p) {
    if (p.length != PARTS) {
      throw new IllegalArgumentException("a sum has " + PARTS + " parts, not " + p.length);
    }
    Sum s = new Sum();
    s.input = p[0];
    s.cacheRead = p[1];
    s.cacheWrite5m = p[2];
    s.cacheWrite1h = p[3];
    s.output = p[4];
    s.reasoning = p[5];
    s.costNanos = p[6];
    s.recorded = p[7];
    s.calculated = p[8];
    s.unpriced = p[9];
    s.enriched = p[10];
    return s;
  }
}
