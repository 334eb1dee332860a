package io.github.cream.cache.strategies;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.TokenCounts;
import io.github.cream.spi.CacheHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** What the strategies share: the never-throw guard, resume costs, confidence caps and duration wording. */
final class Verdicts {

  /**
   * How much earlier than the logged time a request may have started.
   *
   * <p>Anthropic: "The lifetime is measured from the start of the request that writes or reads the cache entry, not
   * from the end of its response" (prompt-caching guide, quoted in research peers.md section 3); OpenAI's lifetime
   * likewise runs from the "most recent write or reuse", which happens while the prompt is read, before any output.
   * A log, though, dates a call at or after its start: Claude Code writes the first line of a response when the
   * first content block is complete, Codex writes its token count after the response. The published-rule strategies
   * therefore let the lifetime start this much before the logged time, so that an expiry they announce is not later
   * than the real one for the common case of a response whose first block takes under half a minute. Pi dates calls
   * at request start, where this only makes the countdown 30 seconds shorter than it could be.
   */
  static final Duration REQUEST_START_ALLOWANCE = Duration.ofSeconds(30);

  static final String NO_PRICE = "The model has no price in the price table, so resume costs are not given.";
  static final String FUTURE_CALL =
      "The session's last call is dated after the instant of the verdict, so the idle time is taken as zero.";

  private Verdicts() {}

  /**
   * Runs a strategy's evaluation so that it never throws: the SPI promises an {@code UNKNOWN} verdict instead.
   *
   * @param strategy the strategy id
   * @param body the evaluation
   * @return its verdict, or {@code UNKNOWN} if it failed
   */
  static CacheVerdict guarded(String strategy, Supplier<CacheVerdict> body) {
    try {
      CacheVerdict v = body.get();
      return v != null ? v : CacheVerdict.unknown(strategy, "The session's history could not be evaluated.");
    } catch (RuntimeException e) {
      return CacheVerdict.unknown(strategy, "The session's history could not be evaluated.");
    }
  }

  /**
   * The price of the history's model, tolerating a history that answers null.
   *
   * @param history the history
   * @return the price, if any
   */
  static Optional<ModelPrice> price(CacheHistory history) {
    Optional<ModelPrice> p = history.price();
    return p == null ? Optional.empty() : p;
  }

  /**
   * Sets the resume costs of a prefix: warm is a cache read of it, cold is the given re-processing of it. Without a
   * price, adds the note that says so.
   *
   * @param v the verdict being built
   * @param price the model's price, if known
   * @param warm the tokens a warm resume pays for the prefix
   * @param cold the tokens a cold resume pays for the prefix
   */
  static void resumeCosts(CacheVerdict.Builder v, Optional<ModelPrice> price, TokenCounts warm, TokenCounts cold) {
    if (price.isPresent()) {
      v.resumeCostWarm(price.get().cost(warm)).resumeCostCold(price.get().cost(cold));
    } else {
      v.note(NO_PRICE);
    }
  }

  /**
   * The lower of two confidences.
   *
   * @param a one
   * @param b the other
   * @return the less trustworthy one
   */
  static Confidence atMost(Confidence a, Confidence b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  /**
   * The time since an instant, never negative.
   *
   * @param from the start
   * @param now the end
   * @return the idle time, zero when {@code now} is before {@code from}
   */
  static Duration idle(Instant from, Instant now) {
    Duration d = Duration.between(from, now);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
