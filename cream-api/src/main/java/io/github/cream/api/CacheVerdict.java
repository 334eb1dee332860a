package io.github.cream.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's prompt-cache state at one instant: warm, cold or unknown, when it expires, and what resuming the
 * session costs now versus after expiry.
 *
 * <pre>{@code
 * CacheVerdict v = CacheVerdict.builder("anthropic-ephemeral", CacheState.WARM)
 *     .lastActivity(last).expiresAt(last.plus(Duration.ofHours(1))).ttl(Duration.ofHours(1))
 *     .confidence(Confidence.HIGH)
 *     .cachedPrefixTokens(152_000)
 *     .resumeCostWarm(price.cost(TokenCounts.of(0, 152_000, 0, 0, 0)))
 *     .resumeCostCold(price.cost(TokenCounts.of(0, 0, 0, 152_000, 0)))
 *     .build();
 * }</pre>
 *
 * @param strategy id of the {@code CacheStrategy} that gave the verdict
 * @param state warm, cold or unknown
 * @param lastActivity the last call that touched the cache
 * @param expiresAt when the cache expires (or expired), if the strategy can tell
 * @param ttl the lifetime the strategy applied
 * @param confidence how far to trust the verdict
 * @param cachedPrefixTokens how many prompt tokens the cache holds (or held), the prefix a resume would reuse
 * @param resumeCostWarm what the next call's prefix costs while the cache is warm (a cache read of the prefix)
 * @param resumeCostCold what it costs once the cache is cold (the prefix written again at the write price)
 * @param notes caveats for people, for example that a router may send the next call elsewhere
 */
public record CacheVerdict(
    String strategy,
    CacheState state,
    Optional<Instant> lastActivity,
    Optional<Instant> expiresAt,
    Optional<Duration> ttl,
    Confidence confidence,
    long cachedPrefixTokens,
    Optional<Money> resumeCostWarm,
    Optional<Money> resumeCostCold,
    List<String> notes) {

  /**
   * Validates and copies the components.
   *
   * @param strategy strategy id
   * @param state cache state
   * @param lastActivity last cache activity
   * @param expiresAt expiry
   * @param ttl lifetime applied
   * @param confidence confidence
   * @param cachedPrefixTokens cached prefix size
   * @param resumeCostWarm resume cost while warm
   * @param resumeCostCold resume cost when cold
   * @param notes caveats
   */
  public CacheVerdict {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lastActivity, "lastActivity");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(confidence, "confidence");
    if (cachedPrefixTokens < 0) {
      throw new IllegalArgumentException("cachedPrefixTokens must not be negative, was " + cachedPrefixTokens);
    }
    Objects.requireNonNull(resumeCostWarm, "resumeCostWarm");
    Objects.requireNonNull(resumeCostCold, "resumeCostCold");
    notes = List.copyOf(notes);
  }

  /**
   * The honest answer when nothing can be said.
   *
   * @param strategy the strategy id
   * @param note why
   * @return an {@link CacheState#UNKNOWN} verdict with {@link Confidence#NONE}
   */
  public static CacheVerdict unknown(String strategy, String note) {
    return builder(strategy, CacheState.UNKNOWN).confidence(Confidence.NONE).note(note).build();
  }

  /**
   * A builder.
   *
   * @param strategy the strategy id
   * @param state the state
   * @return a builder
   */
  public static Builder builder(String strategy, CacheState state) {
    return new Builder(strategy, state);
  }

  /**
   * A builder pre-filled with this verdict.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(strategy, state);
    b.lastActivity = lastActivity;
    b.expiresAt = expiresAt;
    b.ttl = ttl;
    b.confidence = confidence;
    b.cachedPrefixTokens = cachedPrefixTokens;
    b.resumeCostWarm = resumeCostWarm;
    b.resumeCostCold = resumeCostCold;
    b.notes.addAll(notes);
    return b;
  }

  /** Builds a {@link CacheVerdict}; not thread-safe. */
  public static final class Builder {
    private final String strategy;
    private CacheState state;
    private Optional<Instant> lastActivity = Optional.empty();
    private Optional<Instant> expiresAt = Optional.empty();
    private Optional<Duration> ttl = Optional.empty();
    private Confidence confidence = Confidence.NONE;
    private long cachedPrefixTokens;
    private Optional<Money> resumeCostWarm = Optional.empty();
    private Optional<Money> resumeCostCold = Optional.empty();
    private final List<String> notes = new ArrayList<>();

    private Builder(String strategy, CacheState state) {
      this.strategy = strategy;
      this.state = state;
    }

    /**
     * Sets the state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder state(CacheState value) {
      this.state = value;
      return this;
    }

    /**
     * Sets the last cache activity.
     *
     * @param value the instant, or null
     * @return this builder
     */
    public Builder lastActivity(Instant value) {
      this.lastActivity = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the expiry.
     *
     * @param value the instant, or null
     * @return this builder
     */
    public Builder expiresAt(Instant value) {
      this.expiresAt = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the lifetime applied.
     *
     * @param value the lifetime, or null
     * @return this builder
     */
    public Builder ttl(Duration value) {
      this.ttl = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the confidence.
     *
     * @param value the confidence
     * @return this builder
     */
    public Builder confidence(Confidence value) {
      this.confidence = Objects.requireNonNull(value, "confidence");
      return this;
    }

    /**
     * Sets the cached prefix size.
     *
     * @param value tokens
     * @return this builder
     */
    public Builder cachedPrefixTokens(long value) {
      this.cachedPrefixTokens = value;
      return this;
    }

    /**
     * Sets the resume cost while warm.
     *
     * @param value the cost, or null
     * @return this builder
     */
    public Builder resumeCostWarm(Money value) {
      this.resumeCostWarm = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the resume cost when cold.
     *
     * @param value the cost, or null
     * @return this builder
     */
    public Builder resumeCostCold(Money value) {
      this.resumeCostCold = Optional.ofNullable(value);
      return this;
    }

    /**
     * Adds a note.
     *
     * @param value the note; never log content
     * @return this builder
     */
    public Builder note(String value) {
      this.notes.add(Objects.requireNonNull(value, "note"));
      return this;
    }

    /**
     * Builds the verdict.
     *
     * @return the verdict
     */
    public CacheVerdict build() {
      return new CacheVerdict(
          strategy, state, lastActivity, expiresAt, ttl, confidence, cachedPrefixTokens, resumeCostWarm,
          resumeCostCold, notes);
    }
  }
}
