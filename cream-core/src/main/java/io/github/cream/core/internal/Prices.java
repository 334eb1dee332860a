package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.ModelPrice;
import java.math.BigDecimal;
import io.github.cream.core.internal.pricing.PriceHistory;
import io.github.cream.core.internal.pricing.PriceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * The prices a {@code Cream} instance uses, in layers: prices registered with the builder, then the user's
 * override file, then the bundled table.
 */
public final class Prices implements PriceLookup {

  private final Map<String, ModelPrice> explicit;
  private final PriceLookup table;
  private final boolean bundled;
  private final Path overrides;
  private volatile Long fingerprint;

  private Prices(Map<String, ModelPrice> explicit, PriceLookup table, boolean bundled, Path overrides) {
    this.explicit = Map.copyOf(explicit);
    this.table = table;
    this.bundled = bundled;
    this.overrides = overrides;
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
    Supplier<PriceTable> t;
    if (overridesExplicit || Files.exists(overrides)) {
      PriceTable.OverrideResult r =
          (bundled ? PriceTable.bundled() : PriceTable.empty()).withOverrideFile(overrides);
      diagnostics.addAll(r.diagnostics());
      PriceTable table = r.table();
      t = () -> table;
    } else if (bundled) {
      t = new Deferred(PriceTable::bundled);
    } else {
      PriceTable table = PriceTable.empty();
      t = () -> table;
    }
    return new Prices(
        m,
        new PriceLookup() {
          @Override
          public Optional<ModelPrice> find(String provider, String model) {
            return t.get().find(provider, model);
          }

          @Override
          public Optional<PriceHistory> history(String provider, String model) {
            return t.get().history(provider, model);
          }

          @Override
          public Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier) {
            return t.get().tierMultiplier(price, serviceTier);
          }

          @Override
          public OptionalLong tierPromptLimit(ModelPrice price, String serviceTier) {
            return t.get().tierPromptLimit(price, serviceTier);
          }

          @Override
          public String version() {
            return t.get().version();
          }

          @Override
          public void prefetch() {
            if (t instanceof Deferred d) {
              d.start();
            }
          }
        },
        bundled,
        overrides);
  }

  /**
   * The bundled table, parsed on a daemon thread from the moment a scan knows it will price calls (it has logs to
   * read) while the scan reads them, and handed over at the first price asked for. A scan that reuses a saved answer
   * never parses it: in a fresh process the parse takes a core for about a tenth of a second.
   */
  private static final class Deferred implements Supplier<PriceTable> {
    private final Supplier<PriceTable> load;
    private FutureTask<PriceTable> task;

    Deferred(Supplier<PriceTable> load) {
      this.load = load;
    }

    synchronized FutureTask<PriceTable> start() {
      if (task == null) {
        task = Background.start("cream-prices", load::get);
      }
      return task;
    }

    @Override
    public PriceTable get() {
      return Background.join(start(), "loading the bundled price table");
    }
  }

  @Override
  public Optional<ModelPrice> find(String provider, String model) {
    ModelPrice p = explicit.get(model.toLowerCase(Locale.ROOT));
    return p != null ? Optional.of(p) : table.find(provider, model);
  }

  @Override
  public Optional<PriceHistory> history(String provider, String model) {
    ModelPrice p = explicit.get(model.toLowerCase(Locale.ROOT));
    return p != null ? Optional.of(PriceHistory.of(p)) : table.history(provider, model);
  }

  @Override
  public Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier) {
    return table.tierMultiplier(price, serviceTier);
  }

  @Override
  public OptionalLong tierPromptLimit(ModelPrice price, String serviceTier) {
    return table.tierPromptLimit(price, serviceTier);
  }

  @Override
  public String version() {
    return table.version();
  }

  @Override
  public void prefetch() {
    table.prefetch();
  }

  /**
   * A checksum of the bundled table's bytes, the override file's bytes and the registered prices: computed without
   * parsing a price, so a scan that reuses a saved answer never waits for the table.
   */
  @Override
  public long fingerprint() {
    Long f = fingerprint;
    if (f == null) {
      java.util.zip.CRC32C c = new java.util.zip.CRC32C();
      c.update(bundled ? 1 : 0);
      if (bundled) {
        try (java.io.InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
          if (in != null) {
            c.update(in.readAllBytes());
          }
        } catch (java.io.IOException e) {
          c.update(2);
        }
      }
      try {
        if (overrides != null && Files.isRegularFile(overrides)) {
          c.update(Files.readAllBytes(overrides));
        }
      } catch (java.io.IOException | RuntimeException e) {
        c.update(3);
      }
      new java.util.TreeMap<>(explicit).forEach((k, v) -> {
        c.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        c.update(String.valueOf(v).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      });
      f = c.getValue();
      fingerprint = f;
    }
    return f;
  }
}
