package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.ModelPrice;
import java.math.BigDecimal;
import io.github.cream.core.internal.pricing.PriceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The prices a {@code Cream} instance uses, in layers: prices registered with the builder, then the user's
 * override file, then the bundled table.
 */
public final class Prices implements PriceLookup {

  private final Map<String, ModelPrice> explicit;
  private final PriceLookup table;

  private Prices(Map<String, ModelPrice> explicit, PriceLookup table) {
    this.explicit = Map.copyOf(explicit);
    this.table = table;
  }

  /**
   * Loads the layers.
   *
   * @param bundled whether to use the bundled table
   * @param overrides the override file
   * @param overridesExplicit whether the user named the file (a missing file is then a problem)
   * @param registered prices registered with the builder
   * @param diagnostics where problems go
   * @return the prices
   */
  public static Prices load(
      boolean bundled,
      Path overrides,
      boolean overridesExplicit,
      List<ModelPrice> registered,
      List<Diagnostic> diagnostics) {
    Map<String, ModelPrice> m = new HashMap<>();
    for (ModelPrice p : registered) {
      m.put(p.model().toLowerCase(Locale.ROOT), p);
    }
    PriceTable table = bundled ? PriceTable.bundled() : PriceTable.empty();
    if (overridesExplicit || Files.exists(overrides)) {
      PriceTable.OverrideResult r = table.withOverrideFile(overrides);
      table = r.table();
      diagnostics.addAll(r.diagnostics());
    }
    PriceTable t = table;
    return new Prices(
        m,
        new PriceLookup() {
          @Override
          public Optional<ModelPrice> find(String provider, String model) {
            return t.find(provider, model);
          }

          @Override
          public Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier) {
            return t.tierMultiplier(price, serviceTier);
          }

          @Override
          public String version() {
            return t.version();
          }
        });
  }

  @Override
  public Optional<ModelPrice> find(String provider, String model) {
    ModelPrice p = explicit.get(model.toLowerCase(Locale.ROOT));
    return p != null ? Optional.of(p) : table.find(provider, model);
  }

  @Override
  public Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier) {
    return table.tierMultiplier(price, serviceTier);
  }

  @Override
  public String version() {
    return table.version();
  }
}
