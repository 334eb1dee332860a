package io.github.cream.core.internal;

import io.github.cream.api.ModelPrice;
import io.github.cream.core.internal.pricing.PriceHistory;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/** Where the engine gets prices: the bundled table with the user's overrides on top. */
public interface PriceLookup {

  /**
   * The price of a model.
   *
   * @param provider the provider id
   * @param model the model id as logged
   * @return its price, if known
   */
  Optional<ModelPrice> find(String provider, String model);

  /**
   * The prices of a model over time; by default the {@linkplain #find current price} at every instant.
   *
   * @param provider the provider id
   * @param model the model id as logged
   * @return its price history, if the model is known
   */
  default Optional<PriceHistory> history(String provider, String model) {
    return find(provider, model).map(PriceHistory::of);
  }

  /**
   * The multiplier of a service tier ({@code fast}, {@code priority}, ...) for a model.
   *
   * @param price the model's standard price
   * @param serviceTier the tier
   * @return the multiplier, if known
   */
  Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier);

  /**
   * The largest prompt a service tier of a model has a published price for; by default every prompt.
   *
   * @param price the model's standard price
   * @param serviceTier the tier
   * @return the limit, or empty when the tier's price holds at every prompt length
   */
  default OptionalLong tierPromptLimit(ModelPrice price, String serviceTier) {
    return OptionalLong.empty();
  }

  /**
   * A description of the prices in use, for reports.
   *
   * @return for example the bundled table's date
   */
  String version();

  /**
   * Starts loading, on a daemon thread, whatever the first price asked for would otherwise wait for: called by a scan
   * that has logs to read, and so calls to price. Nothing by default.
   */
  default void prefetch() {}

  /**
   * A fingerprint of every price this lookup can give: equal fingerprints give equal prices, so a saved combined
   * answer stays valid. The default is the version's hash.
   *
   * @return the fingerprint
   */
  default long fingerprint() {
    return version().hashCode();
  }
}
