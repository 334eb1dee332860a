package io.github.cream.cache.strategies;

import io.github.cream.api.CacheVerdict;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * {@code unknown}: the fallback for a provider and model no other strategy claims. It supports everything at
 * priority 0, so any real strategy outranks it, and always answers {@link io.github.cream.api.CacheState#UNKNOWN}
 * with {@link io.github.cream.api.Confidence#NONE}: saying nothing is better than guessing.
 */
public final class UnknownStrategy implements CacheStrategy {

  /** The strategy id. */
  public static final String ID = "unknown";

  /** Creates the strategy; it holds no state. */
  public UnknownStrategy() {}

  /**
   * The id, {@value #ID}.
   *
   * @return the id
   */
  @Override
  public String id() {
    return ID;
  }

  /**
   * Priority 0 for every provider and model.
   *
   * @param provider the provider id
   * @param model the model id
   * @return 0
   */
  @Override
  public OptionalInt supports(String provider, String model) {
    return OptionalInt.of(0);
  }

  /**
   * An {@code UNKNOWN} verdict with a note; never throws.
   *
   * @param history the session, not looked at
   * @param now the instant, not looked at
   * @return the verdict
   */
  @Override
  public CacheVerdict evaluate(CacheHistory history, Instant now) {
    return CacheVerdict.unknown(ID, "No prompt-cache rules are known for this provider and model.");
  }
}
