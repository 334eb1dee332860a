package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.ModelPrice;
import io.github.cream.core.internal.pricing.PriceTable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of the price table cream prices calls with: the table bundled with cream, optionally with a
 * user's override file on top. For tools that show or compare prices (an importer, a price listing); a scan uses
 * the same table through {@link Cream}.
 *
 * <pre>{@code
 * PriceCatalog prices = PriceCatalog.bundled();
 * prices.find("claude-sonnet-5-5", Instant.parse("2026-10-01T00:00:00Z"));   // before the cache-read cut
 * }</pre>
 */
public final class PriceCatalog {

  private final PriceTable table;
  private final List<Diagnostic> diagnostics;

  private PriceCatalog(PriceTable table, List<Diagnostic> diagnostics) {
    this.table = table;
    this.diagnostics = List.copyOf(diagnostics);
  }

  /**
   * The table bundled with cream.
   *
   * @return the bundled prices
   */
  public static PriceCatalog bundled() {
    return new PriceCatalog(PriceTable.bundled(), List.of());
  }

  /**
   * The bundled table with a user's override file applied. Never throws on a bad file: its problems are in
   * {@link #diagnostics()}.
   *
   * @param overrides the override file ({@code cream.prices/1})
   * @return the combined prices
   */
  public static PriceCatalog withOverrides(Path overrides) {
    Objects.requireNonNull(overrides, "overrides");
    PriceTable.OverrideResult r = PriceTable.bundled().withOverrideFile(overrides);
    return new PriceCatalog(r.table(), r.diagnostics());
  }

  /**
   * The table's version: the bundled table's date, with a suffix per override file.
   *
   * @return the version
   */
  public String version() {
    return table.version();
  }

  /**
   * The canonical ids of every model, sorted.
   *
   * @return the model ids
   */
  public List<String> models() {
    return table.models();
  }

  /**
   * A model's current prices, its id resolved as a scan resolves the ids logs write.
   *
   * @param model a model id
   * @return the prices, carrying the canonical id, or empty when the model is unknown
   */
  public Optional<ModelPrice> find(String model) {
    return table.find(null, model);
  }

  /**
   * A model's prices at an instant: prices that changed over time are given as they were then.
   *
   * @param model a model id
   * @param at the instant
   * @return the prices, or empty when the model is unknown or had no price yet
   */
  public Optional<ModelPrice> find(String model, Instant at) {
    return table.find(null, model, at);
  }

  /**
   * What was wrong with the override file, if one was read.
   *
   * @return the problems, empty when none
   */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
