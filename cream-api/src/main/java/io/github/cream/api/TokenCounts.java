package io.github.cream.api;

/**
 * The tokens of one model call, or a sum of calls, in cream's normalized meaning.
 *
 * <ul>
 *   <li>{@code input}: prompt tokens that were neither read from nor written to the prompt cache. Sources whose
 *       logs count cached tokens inside the input (Codex, OpenAI) subtract them.
 *   <li>{@code cacheRead}: prompt tokens read from the cache (billed at the cache-read price).
 *   <li>{@code cacheWrite5m}, {@code cacheWrite1h}: prompt tokens written to the cache with a 5-minute or a
 *       1-hour lifetime; priced differently, so kept apart. A log without the split counts all writes as 5-minute.
 *   <li>{@code output}: generated tokens, reasoning included.
 *   <li>{@code reasoning}: the part of {@code output} spent on reasoning; informational, never added again.
 * </ul>
 *
 * <p>All counts are non-negative. {@link #plus} saturates at {@link Long#MAX_VALUE} instead of overflowing, so
 * adding is associative and commutative for every input.
 *
 * @param input uncached prompt tokens
 * @param cacheRead prompt tokens read from the cache
 * @param cacheWrite5m prompt tokens written to the cache with a 5-minute lifetime
 * @param cacheWrite1h prompt tokens written to the cache with a 1-hour lifetime
 * @param output generated tokens including reasoning
 * @param reasoning reasoning tokens (part of output)
 */
public record TokenCounts(
    long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output, long reasoning) {

  /** No tokens at all. */
  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0, 0);

  /**
   * Validates that no count is negative.
   *
   * @param input uncached prompt tokens
   * @param cacheRead prompt tokens read from the cache
   * @param cacheWrite5m 5-minute cache writes
   * @param cacheWrite1h 1-hour cache writes
   * @param output generated tokens including reasoning
   * @param reasoning reasoning tokens
   */
  public TokenCounts {
    requireNonNegative("input", input);
    requireNonNegative("cacheRead", cacheRead);
    requireNonNegative("cacheWrite5m", cacheWrite5m);
    requireNonNegative("cacheWrite1h", cacheWrite1h);
    requireNonNegative("output", output);
    requireNonNegative("reasoning", reasoning);
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
  }

  /**
   * Counts without a reasoning breakdown.
   *
   * @param input uncached prompt tokens
   * @param cacheRead cache reads
   * @param cacheWrite5m 5-minute cache writes
   * @param cacheWrite1h 1-hour cache writes
   * @param output generated tokens
   * @return the counts
   */
  public static TokenCounts of(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output) {
    return new TokenCounts(input, cacheRead, cacheWrite5m, cacheWrite1h, output, 0);
  }

  /**
   * A builder naming each count, for code that would otherwise pass six longs by position.
   *
   * <pre>{@code
   * TokenCounts t = TokenCounts.builder().input(120).cacheRead(48_000).cacheWrite5m(900).output(350).build();
   * }</pre>
   *
   * @return a builder with every count zero
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TokenCounts} by name; every count starts at zero. Not thread-safe. */
  public static final class Builder {
    private long input;
    private long cacheRead;
    private long cacheWrite5m;
    private long cacheWrite1h;
    private long output;
    private long reasoning;

    private Builder() {}

    /**
     * Sets the uncached prompt tokens.
     *
     * @param value the count
     * @return this builder
     */
    public Builder input(long value) {
      input = value;
      return this;
    }

    /**
     * Sets the prompt tokens read from the cache.
     *
     * @param value the count
     * @return this builder
     */
    public Builder cacheRead(long value) {
      cacheRead = value;
      return this;
    }

    /**
     * Sets the prompt tokens written to the cache with a 5-minute lifetime.
     *
     * @param value the count
     * @return this builder
     */
    public Builder cacheWrite5m(long value) {
      cacheWrite5m = value;
      return this;
    }

    /**
     * Sets the prompt tokens written to the cache with a 1-hour lifetime.
     *
     * @param value the count
     * @return this builder
     */
    public Builder cacheWrite1h(long value) {
      cacheWrite1h = value;
      return this;
    }

    /**
     * Sets the generated tokens, reasoning included.
     *
     * @param value the count
     * @return this builder
     */
    public Builder output(long value) {
      output = value;
      return this;
    }

    /**
     * Sets the part of the output spent on reasoning.
     *
     * @param value the count
     * @return this builder
     */
    public Builder reasoning(long value) {
      reasoning = value;
      return this;
    }

    /**
     * The counts.
     *
     * @return the counts
     * @throws IllegalArgumentException if a count is negative
     */
    public TokenCounts build() {
      return new TokenCounts(input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning);
    }
  }

  /**
   * All cache writes, 5-minute and 1-hour.
   *
   * @return {@code cacheWrite5m + cacheWrite1h}
   */
  public long cacheWrite() {
    return add(cacheWrite5m, cacheWrite1h);
  }

  /**
   * The prompt as the provider saw it: uncached input, cache reads and cache writes.
   *
   * @return {@code input + cacheRead + cacheWrite()}
   */
  public long prompt() {
    return add(add(input, cacheRead), cacheWrite());
  }

  /**
   * Every billed token: {@code input + output + cacheRead + cacheWrite()}; reasoning is inside output.
   *
   * @return the total
   */
  public long total() {
    return add(prompt(), output);
  }

  /**
   * The sum of two counts, saturating at {@link Long#MAX_VALUE}.
   *
   * @param other the counts to add
   * @return the sum
   */
  public TokenCounts plus(TokenCounts other) {
    return new TokenCounts(
        add(input, other.input),
        add(cacheRead, other.cacheRead),
        add(cacheWrite5m, other.cacheWrite5m),
        add(cacheWrite1h, other.cacheWrite1h),
        add(output, other.output),
        add(reasoning, other.reasoning));
  }

  /**
   * Whether every count is zero.
   *
   * @return true for a call that used no tokens
   */
  public boolean isZero() {
    return input == 0 && cacheRead == 0 && cacheWrite5m == 0 && cacheWrite1h == 0 && output == 0 && reasoning == 0;
  }

  static long add(long a, long b) {
    long r = a + b;
    // both are non-negative: an overflow shows as a negative sum
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
