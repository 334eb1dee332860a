package io.github.cream.core.internal.pricing;

import io.github.cream.api.ModelPrice;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model of a price table: its prices as a {@link ModelPrice}, plus what the table knows besides them.
 *
 * @param id the canonical model id, as written in the table
 * @param price the list prices, long-context tier included
 * @param tiers service-tier multipliers by lowercase tier name
 * @param bedrockRegionalMultiplier the factor Amazon Bedrock regional endpoints bill on top of list prices, if any
 * @param aliases further ids that name this model
 * @param source where the prices come from, if the table says
 */
record PriceEntry(
    String id,
    ModelPrice price,
    Map<String, BigDecimal> tiers,
    Optional<BigDecimal> bedrockRegionalMultiplier,
    List<String> aliases,
    Optional<String> source) {

  PriceEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(price, "price");
    tiers = Map.copyOf(tiers);
    Objects.requireNonNull(bedrockRegionalMultiplier, "bedrockRegionalMultiplier");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(source, "source");
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
    ModelPrice p = newId.equals(price.model()) ? price : withModel(price, newId);
    return new PriceEntry(newId, p, tiers, bedrockRegionalMultiplier, all, source);
  }

  private static ModelPrice withModel(ModelPrice p, String model) {
    ModelPrice.Builder b = copy(p, model);
    if (p.longContext().isPresent()) {
      b.longContext(p.longContextThreshold().getAsLong(), copy(p.longContext().get(), model).build());
    }
    return b.build();
  }

  private static ModelPrice.Builder copy(ModelPrice p, String model) {
    return ModelPrice.builder(model)
        .provider(p.provider())
        .input(p.input())
        .output(p.output())
        .cacheRead(p.cacheRead())
        .cacheWrite5m(p.cacheWrite5m())
        .cacheWrite1h(p.cacheWrite1h());
  }
}
