package io.github.cream.spi;

import io.github.cream.api.ModelPrice;
import io.github.cream.api.UsageRecord;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link CacheStrategy} gets to judge one session: the session's calls, the price of its current model,
 * and how the same provider and model behaved across the user's whole history.
 *
 * <p>A call routed through a router (OpenRouter) whose upstream provider an {@link Enricher} fetched is shown as a
 * call of that upstream provider: {@link #provider()}, the calls' {@link UsageRecord#provider()} and the
 * {@link #observations()} all name the provider that really served the calls, whose cache they used.
 */
public interface CacheHistory {

  /**
   * The session's source.
   *
   * @return the source id
   */
  String source();

  /**
   * The session.
   *
   * @return the session id
   */
  String sessionId();

  /**
   * The provider of the session's latest call: the upstream provider that served it, where it was routed and
   * enriched.
   *
   * @return the provider id
   */
  String provider();

  /**
   * The model of the session's latest call; the cache belongs to it.
   *
   * @return the model id
   */
  String model();

  /**
   * The session's calls, deduplicated, oldest first, every model included (a change of model starts a new cache).
   *
   * @return the calls, never empty
   */
  List<UsageRecord> calls();

  /**
   * The price of {@link #model()}, for resume costs.
   *
   * @return the price, if the price table knows the model
   */
  Optional<ModelPrice> price();

  /**
   * Every call of {@link #provider()} and {@link #model()} in the whole scan, any session, each with the idle gap
   * before it; the evidence a learning strategy needs. The first call of each session is left out (it has no gap).
   *
   * @return the observations, in no particular order
   */
  List<GapObservation> observations();
}
