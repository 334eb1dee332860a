package io.github.cream.core.internal.pricing;

import io.github.cream.api.ModelPrice;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model of a price table: its prices over time as a {@link PriceHistory}, plus what the table knows besides
 * them.
 *
 * @param id the canonical model id, as written in the table
 * @param history the list prices over time, long-context tiers included; its latest period is the current price
 * @param tiers service-tier multipliers by lowercase tier name
 * @param tierPromptLimits per lowercase tier name, the largest prompt the provider publishes that tier's price for
 * @param bedrockRegionalMultiplier the factor Amazon Bedrock regional endpoints bill on top of list prices, if any
 * @param aliases further ids that name this model
 * @param source where the prices come from, if the table says
 */
record PriceEntry(
    String id,
    PriceHistory history,
    Map<String, BigDecimal> tiers,
    Map<String, Long> tierPromptLimits,
    Optional<BigDecimal> bedrockRegionalMultiplier,
    List<String> aliases,
    Optional<String> source) {

  PriceEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(history, "history");
    tiers = Map.copyOf(tiers);
    tierPromptLimits = Map.copyOf(tierPromptLimits);
    Objects.requireNonNull(bedrockRegionalMultiplier, "bedrockRegionalMultiplier");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(source, "source");
  }

  /**
   * The current prices.
   *
   * @return the latest period's prices
   */
  ModelPrice price() {
    return history.latest();
  }

  /**
   * This entry under another id, with more aliases.
   *
   * @param newId the id to use
   * @param moreAliases aliases to add
   * @return the renamed entry, its prices keyed to {@code newId}
   */
  PriceEntry renamed(String newId, List<String> moreAliases) {
    List<String> all = new java.util.ArrayList<>(aliases);
    for (String a : moreAliases) {
      if (!all.contains(a) && !a.equals(newId)) {
        all.add(a);
      }
    }
    return new PriceEntry(newId, history.map(p -> p.renamed(newId)), tiers, tierPromptLimits,
        bedrockRegionalMultiplier, all, source);
  }
}
