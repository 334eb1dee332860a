package io.github.cream.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact amount of US dollars, held as a whole number of nano-dollars (10<sup>-9</sup> USD).
 *
 * <p>Costs are never summed as floating point. Each call's cost is rounded once, to the nano-dollar, when it is
 * computed; from then on amounts only add, exactly, so totals are identical whatever order partial results are
 * merged in. {@link #plus} saturates at the range of {@code long} (about 9.2 billion dollars) instead of wrapping.
 *
 * <pre>{@code
 * Money a = Money.ofUsd("0.000375");     // 375,000 nano-dollars
 * Money b = a.plus(Money.ofNanos(5));
 * b.toUsd();                              // 0.000375005
 * b.toUsd(6);                             // 0.000375 (rounded half-even for display)
 * }</pre>
 *
 * @param nanos the amount in nano-dollars
 */
public record Money(long nanos) implements Comparable<Money> {

  /** Nothing. */
  public static final Money ZERO = new Money(0);

  private static final int SCALE = 9;

  /**
   * An amount in nano-dollars.
   *
   * @param nanos nano-dollars
   * @return the amount
   */
  public static Money ofNanos(long nanos) {
    return nanos == 0 ? ZERO : new Money(nanos);
  }

  /**
   * An amount in dollars, rounded half-even to the nano-dollar.
   *
   * @param usd dollars
   * @return the amount
   * @throws ArithmeticException if the amount does not fit
   */
  public static Money ofUsd(BigDecimal usd) {
    Objects.requireNonNull(usd, "usd");
    return ofNanos(usd.setScale(SCALE, RoundingMode.HALF_EVEN).unscaledValue().longValueExact());
  }

  /**
   * An amount in dollars written as a decimal string such as {@code "12.5"} or {@code "1e-6"}.
   *
   * @param usd dollars
   * @return the amount
   * @throws NumberFormatException if {@code usd} is not a number
   */
  public static Money ofUsd(String usd) {
    return ofUsd(new BigDecimal(usd));
  }

  /**
   * The sum, saturating at the range of {@code long}.
   *
   * @param other the amount to add
   * @return the sum
   */
  public Money plus(Money other) {
    long r = nanos + other.nanos;
    // overflow iff both operands have the same sign and the result's sign differs
    if (((nanos ^ r) & (other.nanos ^ r)) < 0) {
      return new Money(nanos < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
    }
    return ofNanos(r);
  }

  /**
   * The difference, saturating at the range of {@code long}.
   *
   * @param other the amount to subtract
   * @return the difference
   */
  public Money minus(Money other) {
    return plus(new Money(other.nanos == Long.MIN_VALUE ? Long.MAX_VALUE : -other.nanos));
  }

  /**
   * Whether this is exactly zero.
   *
   * @return true for zero
   */
  public boolean isZero() {
    return nanos == 0;
  }

  /**
   * The exact amount in dollars.
   *
   * @return dollars with nine decimal places
   */
  public BigDecimal toUsd() {
    return BigDecimal.valueOf(nanos, SCALE);
  }

  /**
   * The amount in dollars rounded half-even to some decimal places, for display.
   *
   * @param decimals how many decimal places, 0 to 9
   * @return the rounded amount
   */
  public BigDecimal toUsd(int decimals) {
    if (decimals < 0 || decimals > SCALE) {
      throw new IllegalArgumentException("decimals must be between 0 and 9, was " + decimals);
    }
    return toUsd().setScale(decimals, RoundingMode.HALF_EVEN);
  }

  @Override
  public int compareTo(Money other) {
    return Long.compare(nanos, other.nanos);
  }

  /**
   * The amount as {@code $1.234567890}.
   *
   * @return a display form with all nine decimals
   */
  @Override
  public String toString() {
    return "$" + toUsd().toPlainString();
  }
}
