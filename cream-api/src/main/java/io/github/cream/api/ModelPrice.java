package io.github.cream.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The list prices of one model, in US dollars per million tokens, and the exact cost of a call at them.
 *
 * <p>Prices are held exactly (at most six decimal places of a dollar per million tokens, that is whole
 * pico-dollars per token). {@link #cost(TokenCounts)} multiplies in integers and rounds once, half-even, to the
 * nano-dollar; it never uses floating point.
 *
 * <p>A model may have a <em>long-context</em> tier: when a request's prompt (input, cache reads and cache writes
 * together) exceeds the threshold, the whole request is billed at the long-context prices, as Anthropic and
 * OpenAI bill it. A long-context tier may have a higher tier of its own (prompt-length bands, as Alibaba bills
 * qwen3-max: up to 32K, up to 128K, up to 252K), and a model may have a {@linkplain #promptLimit() prompt limit}
 * above which no price is published: {@link #covers(TokenCounts)} is then false, and a caller reports the call as
 * unpriced rather than guess.
 *
 * <pre>{@code
 * ModelPrice opus = ModelPrice.builder("claude-opus-4-6").provider("anthropic")
 *     .input("5").output("25").cacheRead("0.5").cacheWrite5m("6.25").cacheWrite1h("10")
 *     .build();
 * opus.cost(TokenCounts.of(3, 11_515, 0, 13_835, 13));   // $0.1444475 exactly
 * }</pre>
 */
public final class ModelPrice {

  private static final BigDecimal PICOS_PER_USD_PER_MTOK = BigDecimal.valueOf(1_000_000);

  private final String model;
  private final String provider;
  private final BigDecimal input;
  private final BigDecimal output;
  private final BigDecimal cacheRead;
  private final BigDecimal cacheWrite5m;
  private final BigDecimal cacheWrite1h;
  private final long pInput;
  private final long pOutput;
  private final long pCacheRead;
  private final long pCacheWrite5m;
  private final long pCacheWrite1h;
  private final long longContextThreshold;
  private final ModelPrice longContext;
  private final long promptLimit;

  private ModelPrice(Builder b) {
    this.model = requireText("model", b.model);
    this.provider = requireText("provider", b.provider);
    this.input = require("input", b.input);
    this.output = require("output", b.output);
    this.cacheRead = require("cacheRead", b.cacheRead);
    this.cacheWrite5m = require("cacheWrite5m", b.cacheWrite5m);
    this.cacheWrite1h = require("cacheWrite1h", b.cacheWrite1h);
    this.pInput = picos("input", input);
    this.pOutput = picos("output", output);
    this.pCacheRead = picos("cacheRead", cacheRead);
    this.pCacheWrite5m = picos("cacheWrite5m", cacheWrite5m);
    this.pCacheWrite1h = picos("cacheWrite1h", cacheWrite1h);
    this.longContextThreshold = b.longContextThreshold;
    this.longContext = b.longContext;
    this.promptLimit = b.promptLimit;
    if (longContext != null && longContext.longContext != null
        && longContext.longContextThreshold <= longContextThreshold) {
      throw new IllegalArgumentException("a higher prompt-length tier must start above the tier below it");
    }
    if (promptLimit != 0 && longContext != null && promptLimit <= longContextThreshold) {
      throw new IllegalArgumentException("the prompt limit must lie above every tier threshold");
    }
  }

  private static String requireText(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return value;
  }

  private static BigDecimal require(String name, BigDecimal value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " price must be set");
    }
    if (value.signum() < 0) {
      throw new IllegalArgumentException(name + " price must not be negative, was " + value.toPlainString());
    }
    return value.stripTrailingZeros();
  }

  private static long picos(String name, BigDecimal usdPerMillion) {
    BigDecimal p = usdPerMillion.multiply(PICOS_PER_USD_PER_MTOK);
    try {
      return p.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          name + " price " + usdPerMillion.toPlainString() + " $/MTok has more than six decimal places or is too large",
          e);
    }
  }

  /**
   * A builder for a model's prices.
   *
   * @param model the canonical model id
   * @return a builder
   */
  public static Builder builder(String model) {
    return new Builder(model);
  }

  /**
   * The canonical model id these prices are for.
   *
   * @return the model id
   */
  public String model() {
    return model;
  }

  /**
   * The provider that bills at these prices.
   *
   * @return the provider id
   */
  public String provider() {
    return provider;
  }

  /**
   * Price of uncached input.
   *
   * @return dollars per million tokens
   */
  public BigDecimal input() {
    return input;
  }

  /**
   * Price of output, reasoning included.
   *
   * @return dollars per million tokens
   */
  public BigDecimal output() {
    return output;
  }

  /**
   * Price of cache reads.
   *
   * @return dollars per million tokens
   */
  public BigDecimal cacheRead() {
    return cacheRead;
  }

  /**
   * Price of 5-minute cache writes.
   *
   * @return dollars per million tokens
   */
  public BigDecimal cacheWrite5m() {
    return cacheWrite5m;
  }

  /**
   * Price of 1-hour cache writes.
   *
   * @return dollars per million tokens
   */
  public BigDecimal cacheWrite1h() {
    return cacheWrite1h;
  }

  /**
   * The prompt size above which the long-context prices apply to the whole request.
   *
   * @return the threshold in prompt tokens, if the model has such a tier
   */
  public OptionalLong longContextThreshold() {
    return longContext == null ? OptionalLong.empty() : OptionalLong.of(longContextThreshold);
  }

  /**
   * The prices of the long-context tier.
   *
   * @return the tier's prices, if the model has one
   */
  public Optional<ModelPrice> longContext() {
    return Optional.ofNullable(longContext);
  }

  /**
   * The largest prompt the provider publishes a price for; above it the price of a call cannot be decided.
   *
   * @return the limit in prompt tokens, if the model has one
   */
  public OptionalLong promptLimit() {
    return promptLimit == 0 ? OptionalLong.empty() : OptionalLong.of(promptLimit);
  }

  /**
   * Whether these prices decide the cost of a call: false when its prompt exceeds the {@link #promptLimit()}.
   *
   * @param tokens the call's tokens
   * @return true when {@link #cost(TokenCounts)} is the published price of the call
   */
  public boolean covers(TokenCounts tokens) {
    return promptLimit == 0 || tokens.prompt() <= promptLimit;
  }

  /**
   * The prices of the prompt-length tier a call falls in: this, its long-context tier, or a higher one.
   *
   * @param tokens the call's tokens
   * @return the tier's prices
   */
  public ModelPrice tierFor(TokenCounts tokens) {
    ModelPrice p = this;
    long prompt = tokens.prompt();
    while (p.longContext != null && prompt > p.longContextThreshold) {
      p = p.longContext;
    }
    return p;
  }

  /**
   * These prices under another model id (every tier too).
   *
   * @param newModel the model id
   * @return the same prices for {@code newModel}
   */
  public ModelPrice renamed(String newModel) {
    return newModel.equals(model) ? this : scaled(BigDecimal.ONE, newModel);
  }

  /**
   * The exact cost of one call, rounded half-even to the nano-dollar.
   *
   * @param tokens the call's tokens
   * @return the cost
   */
  public Money cost(TokenCounts tokens) {
    Objects.requireNonNull(tokens, "tokens");
    ModelPrice p = tierFor(tokens);
    try {
      long picos =
          Math.addExact(
              Math.addExact(
                  Math.addExact(
                      Math.multiplyExact(tokens.input(), p.pInput),
                      Math.multiplyExact(tokens.output(), p.pOutput)),
                  Math.addExact(
                      Math.multiplyExact(tokens.cacheRead(), p.pCacheRead),
                      Math.multiplyExact(tokens.cacheWrite5m(), p.pCacheWrite5m))),
              Math.multiplyExact(tokens.cacheWrite1h(), p.pCacheWrite1h));
      return Money.ofNanos(roundPicosToNanos(picos));
    } catch (ArithmeticException overflow) {
      BigInteger picos =
          big(tokens.input(), p.pInput)
              .add(big(tokens.output(), p.pOutput))
              .add(big(tokens.cacheRead(), p.pCacheRead))
              .add(big(tokens.cacheWrite5m(), p.pCacheWrite5m))
              .add(big(tokens.cacheWrite1h(), p.pCacheWrite1h));
      BigInteger nanos =
          new BigDecimal(picos).movePointLeft(3).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
      return nanos.bitLength() < 64 ? Money.ofNanos(nanos.longValueExact()) : Money.ofNanos(Long.MAX_VALUE);
    }
  }

  private static BigInteger big(long tokens, long picos) {
    return BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(picos));
  }

  private static long roundPicosToNanos(long picos) {
    long q = Math.floorDiv(picos, 1000);
    long r = Math.floorMod(picos, 1000);
    if (r > 500 || (r == 500 && (q & 1) == 1)) {
      q++;
    }
    return q;
  }

  /**
   * These prices multiplied by a factor (a fast or priority tier, say), rounded to six decimals.
   *
   * @param factor the multiplier, non-negative
   * @return the scaled prices, for the same model
   */
  public ModelPrice times(BigDecimal factor) {
    Objects.requireNonNull(factor, "factor");
    return scaled(factor, model);
  }

  private ModelPrice scaled(BigDecimal factor, String newModel) {
    Builder b = scaledBuilder(factor, newModel);
    if (longContext != null) {
      b.longContext(longContextThreshold, longContext.scaled(factor, newModel));
    }
    if (promptLimit != 0) {
      b.promptLimit(promptLimit);
    }
    return b.build();
  }

  private Builder scaledBuilder(BigDecimal factor, String newModel) {
    return builder(newModel)
        .provider(provider)
        .input(scale(input, factor))
        .output(scale(output, factor))
        .cacheRead(scale(cacheRead, factor))
        .cacheWrite5m(scale(cacheWrite5m, factor))
        .cacheWrite1h(scale(cacheWrite1h, factor));
  }

  private static BigDecimal scale(BigDecimal price, BigDecimal factor) {
    return factor.compareTo(BigDecimal.ONE) == 0 ? price : price.multiply(factor).setScale(6, RoundingMode.HALF_EVEN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelPrice other
        && model.equals(other.model)
        && provider.equals(other.provider)
        && pInput == other.pInput
        && pOutput == other.pOutput
        && pCacheRead == other.pCacheRead
        && pCacheWrite5m == other.pCacheWrite5m
        && pCacheWrite1h == other.pCacheWrite1h
        && longContextThreshold == other.longContextThreshold
        && promptLimit == other.promptLimit
        && Objects.equals(longContext, other.longContext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, provider, pInput, pOutput, pCacheRead, pCacheWrite5m, pCacheWrite1h, longContext);
  }

  @Override
  public String toString() {
    return "ModelPrice[" + model + " (" + provider + "): in " + input.toPlainString() + ", out "
        + output.toPlainString() + ", read " + cacheRead.toPlainString() + ", write5m "
        + cacheWrite5m.toPlainString() + ", write1h " + cacheWrite1h.toPlainString() + " $/MTok"
        + (longContext == null ? "" : ", above " + longContextThreshold + ": " + longContext)
        + (promptLimit == 0 ? "" : ", none above " + promptLimit) + "]";
  }

  /** Builds a {@link ModelPrice}; not thread-safe. Prices are dollars per million tokens. */
  public static final class Builder {
    private final String model;
    private String provider;
    private BigDecimal input;
    private BigDecimal output;
    private BigDecimal cacheRead;
    private BigDecimal cacheWrite5m;
    private BigDecimal cacheWrite1h;
    private long longContextThreshold;
    private ModelPrice longContext;
    private long promptLimit;

    private Builder(String model) {
      this.model = model;
    }

    /**
     * Sets the provider.
     *
     * @param value provider id
     * @return this builder
     */
    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    /**
     * Sets the input price.
     *
     * @param usdPerMillion dollars per million tokens
     * @return this builder
     */
    public Builder input(BigDecimal usdPerMillion) {
      this.input = usdPerMillion;
      return this;
    }

    /**
     * Sets the input price.
     *
     * @param usdPerMillion dollars per million tokens, as a decimal string
     * @return this builder
     */
    public Builder input(String usdPerMillion) {
      return input(new BigDecimal(usdPerMillion));
    }

    /**
     * Sets the output price.
     *
     * @param usdPerMillion dollars per million tokens
     * @return this builder
     */
    public Builder output(BigDecimal usdPerMillion) {
      this.output = usdPerMillion;
      return this;
    }

    /**
     * Sets the output price.
     *
     * @param usdPerMillion dollars per million tokens, as a decimal string
     * @return this builder
     */
    public Builder output(String usdPerMillion) {
      return output(new BigDecimal(usdPerMillion));
    }

    /**
     * Sets the cache-read price.
     *
     * @param usdPerMillion dollars per million tokens
     * @return this builder
     */
    public Builder cacheRead(BigDecimal usdPerMillion) {
      this.cacheRead = usdPerMillion;
      return this;
    }

    /**
     * Sets the cache-read price.
     *
     * @param usdPerMillion dollars per million tokens, as a decimal string
     * @return this builder
     */
    public Builder cacheRead(String usdPerMillion) {
      return cacheRead(new BigDecimal(usdPerMillion));
    }

    /**
     * Sets the 5-minute cache-write price.
     *
     * @param usdPerMillion dollars per million tokens
     * @return this builder
     */
    public Builder cacheWrite5m(BigDecimal usdPerMillion) {
      this.cacheWrite5m = usdPerMillion;
      return this;
    }

    /**
     * Sets the 5-minute cache-write price.
     *
     * @param usdPerMillion dollars per million tokens, as a decimal string
     * @return this builder
     */
    public Builder cacheWrite5m(String usdPerMillion) {
      return cacheWrite5m(new BigDecimal(usdPerMillion));
    }

    /**
     * Sets the 1-hour cache-write price.
     *
     * @param usdPerMillion dollars per million tokens
     * @return this builder
     */
    public Builder cacheWrite1h(BigDecimal usdPerMillion) {
      this.cacheWrite1h = usdPerMillion;
      return this;
    }

    /**
     * Sets the 1-hour cache-write price.
     *
     * @param usdPerMillion dollars per million tokens, as a decimal string
     * @return this builder
     */
    public Builder cacheWrite1h(String usdPerMillion) {
      return cacheWrite1h(new BigDecimal(usdPerMillion));
    }

    /**
     * Adds a long-context tier.
     *
     * @param thresholdTokens prompt size above which the tier applies, positive
     * @param prices the tier's prices
     * @return this builder
     */
    public Builder longContext(long thresholdTokens, ModelPrice prices) {
      if (thresholdTokens <= 0) {
        throw new IllegalArgumentException("threshold must be positive, was " + thresholdTokens);
      }
      this.longContextThreshold = thresholdTokens;
      this.longContext = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * Sets the largest prompt the provider publishes a price for.
     *
     * @param tokens the limit in prompt tokens, positive and above every tier threshold
     * @return this builder
     */
    public Builder promptLimit(long tokens) {
      if (tokens <= 0) {
        throw new IllegalArgumentException("prompt limit must be positive, was " + tokens);
      }
      this.promptLimit = tokens;
      return this;
    }

    /**
     * Builds the prices.
     *
     * @return the prices
     * @throws IllegalArgumentException naming the first price that is missing, negative or too precise
     */
    public ModelPrice build() {
      return new ModelPrice(this);
    }
  }
}
