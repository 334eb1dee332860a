package io.github.cream.core.internal.pricing;

import io.github.cream.api.ModelPrice;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A model's prices over time: consecutive periods, each valid from its start (inclusive) to the next period's start
 * (exclusive). The first period may have no start (valid since ever); a call stamped before the first start has no
 * price. Immutable.
 */
public final class PriceHistory {

  private final Instant[] starts;
  private final ModelPrice[] prices;

  private PriceHistory(Instant[] starts, ModelPrice[] prices) {
    this.starts = starts;
    this.prices = prices;
  }

  /**
   * One price valid at every instant.
   *
   * @param price the price
   * @return the history
   */
  public static PriceHistory of(ModelPrice price) {
    return new PriceHistory(new Instant[] {null}, new ModelPrice[] {Objects.requireNonNull(price, "price")});
  }

  /**
   * Periods in time order.
   *
   * @param starts each period's first instant; only the first may be null (no start)
   * @param prices each period's prices
   * @return the history
   * @throws IllegalArgumentException when the starts are not strictly increasing
   */
  static PriceHistory of(List<Instant> starts, List<ModelPrice> prices) {
    if (starts.isEmpty() || starts.size() != prices.size()) {
      throw new IllegalArgumentException("a price history needs one start per period");
    }
    Instant[] s = starts.toArray(new Instant[0]);
    for (int i = 1; i < s.length; i++) {
      if (s[i] == null || (s[i - 1] != null && !s[i].isAfter(s[i - 1]))) {
        throw new IllegalArgumentException("price periods must start in strictly increasing order");
      }
    }
    ModelPrice[] p = prices.toArray(new ModelPrice[0]);
    for (ModelPrice m : p) {
      Objects.requireNonNull(m, "price");
    }
    return new PriceHistory(s, p);
  }

  /**
   * The index of the period valid at an instant.
   *
   * @param at the instant, or null for the latest period
   * @return the period's index, or -1 when {@code at} lies before the first period
   */
  public int indexAt(Instant at) {
    if (at == null) {
      return prices.length - 1;
    }
    for (int i = prices.length - 1; i >= 0; i--) {
      if (starts[i] == null || !at.isBefore(starts[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The prices valid at an instant.
   *
   * @param at the instant, or null for the latest prices
   * @return the prices, or empty when {@code at} lies before the first period
   */
  public Optional<ModelPrice> at(Instant at) {
    int i = indexAt(at);
    return i < 0 ? Optional.empty() : Optional.of(prices[i]);
  }

  /**
   * The prices of one period.
   *
   * @param index the period, from {@link #indexAt}
   * @return its prices
   */
  public ModelPrice price(int index) {
    return prices[index];
  }

  /**
   * The latest prices.
   *
   * @return the prices valid from the last period's start on
   */
  public ModelPrice latest() {
    return prices[prices.length - 1];
  }

  /**
   * The first instant of a period.
   *
   * @param index the period
   * @return its start, or empty for a first period without one
   */
  public Optional<Instant> start(int index) {
    return Optional.ofNullable(starts[index]);
  }

  /**
   * How many periods there are.
   *
   * @return at least 1
   */
  public int size() {
    return prices.length;
  }

  /**
   * This history with every period's prices transformed.
   *
   * @param f the transformation
   * @return the new history
   */
  public PriceHistory map(UnaryOperator<ModelPrice> f) {
    ModelPrice[] p = new ModelPrice[prices.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Objects.requireNonNull(f.apply(prices[i]));
    }
    return new PriceHistory(starts, p);
  }

  /**
   * The periods before an instant, the last one cut at it.
   *
   * @param end the instant the returned history stops at (exclusive)
   * @return starts and prices of the periods that begin before {@code end}
   */
  List<Instant> startsBefore(Instant end) {
    return Arrays.stream(starts).limit(countBefore(end)).toList();
  }

  /**
   * The prices of the periods that begin before an instant.
   *
   * @param end the instant
   * @return their prices, in order
   */
  List<ModelPrice> pricesBefore(Instant end) {
    return Arrays.asList(prices).subList(0, countBefore(end));
  }

  private int countBefore(Instant end) {
    int n = 0;
    while (n < starts.length && (starts[n] == null || starts[n].isBefore(end))) {
      n++;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PriceHistory h && Arrays.equals(starts, h.starts) && Arrays.equals(prices, h.prices);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(starts) + Arrays.hashCode(prices);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("PriceHistory[");
    for (int i = 0; i < prices.length; i++) {
      b.append(i == 0 ? "" : "; ").append(starts[i] == null ? "always" : "from " + starts[i]).append(": ")
          .append(prices[i]);
    }
    return b.append(']').toString();
  }
}
