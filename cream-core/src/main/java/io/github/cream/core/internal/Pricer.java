package io.github.cream.core.internal;

import io.github.cream.api.Cost;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import java.math.BigDecimal;
import java.util.HashMap;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Gives each call its cost under a {@link CostMode}, and reports the calls it could not price. Not thread-safe.
 */
public final class Pricer {

  private record ModelKey(String source, String provider, String model) implements Comparable<ModelKey> {
    @Override
    public int compareTo(ModelKey o) {
      int c = source.compareTo(o.source);
      if (c == 0) {
        c = provider.compareTo(o.provider);
      }
      return c == 0 ? model.compareTo(o.model) : c;
    }
  }

  private record TierKey(String provider, String model, String tier) {}

  private final PriceLookup prices;
  private final CostMode mode;
  private final Map<ModelKey, Optional<ModelPrice>> cache = new HashMap<>();
  private final Map<TierKey, Optional<ModelPrice>> tierCache = new HashMap<>();
  private final Map<ModelKey, Long> unpriced = new TreeMap<>();
  private final Map<ModelKey, Long> recordedZero = new TreeMap<>();
  private final Map<TierKey, Long> unknownTier = new HashMap<>();

  /**
   * A pricer.
   *
   * @param prices where prices come from
   * @param mode which cost to report
   */
  public Pricer(PriceLookup prices, CostMode mode) {
    this.prices = prices;
    this.mode = mode;
  }

  /**
   * The price table's answer for a model, cached.
   *
   * @param provider provider id
   * @param model model id
   * @return the price, if known
   */
  public Optional<ModelPrice> price(String provider, String model) {
    // consecutive calls mostly share their provider and model (often the very same strings): skip the map then
    if (provider.equals(lastProvider) && model.equals(lastModel)) {
      return lastPrice;
    }
    Optional<ModelPrice> p = cache.computeIfAbsent(new ModelKey("", provider, model), k -> safeFind(provider, model));
    lastProvider = provider;
    lastModel = model;
    lastPrice = p;
    return p;
  }

  private String lastProvider;
  private String lastModel;
  private Optional<ModelPrice> lastPrice;

  private Optional<ModelPrice> safeFind(String provider, String model) {
    try {
      return prices.find(provider, model);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The cost of one call.
   *
   * @param r the call
   * @return its cost and provenance
   */
  public Cost cost(UsageRecord r) {
    Optional<Money> recorded = r.recordedCost();
    if (mode != CostMode.CALCULATE && recorded.isPresent()) {
      if (recorded.get().isZero() && !r.tokens().isZero() && price(r.provider(), r.model()).isPresent()) {
        recordedZero.merge(new ModelKey(r.source(), r.provider(), r.model()), 1L, Long::sum);
      }
      return Cost.recorded(recorded.get());
    }
    if (mode == CostMode.RECORDED) {
      unpriced.merge(new ModelKey(r.source(), r.provider(), r.model()), 1L, Long::sum);
      return Cost.UNPRICED;
    }
    Optional<ModelPrice> p = tiered(r);
    if (p.isEmpty()) {
      unpriced.merge(new ModelKey(r.source(), r.provider(), r.model()), 1L, Long::sum);
      return Cost.UNPRICED;
    }
    return Cost.calculated(p.get().cost(r.tokens()));
  }

  private Optional<ModelPrice> tiered(UsageRecord r) {
    Optional<ModelPrice> base = price(r.provider(), r.model());
    if (base.isEmpty() || r.serviceTier().equals(UsageRecord.STANDARD_TIER)) {
      return base;
    }
    TierKey key = new TierKey(r.provider(), r.model(), r.serviceTier());
    return tierCache.computeIfAbsent(
        key,
        k -> {
          Optional<BigDecimal> m;
          try {
            m = prices.tierMultiplier(base.get(), r.serviceTier());
          } catch (RuntimeException e) {
            m = Optional.empty();
          }
          if (m.isEmpty()) {
            unknownTier.merge(k, 0L, Long::sum);
            return base;
          }
          return Optional.of(base.get().times(m.get()));
        });
  }

  /**
   * The diagnostics of everything priced so far: unknown models, recorded zero costs, unknown tiers.
   *
   * @param out where to add them
   */
  public void report(Diagnostics out) {
    unpriced.forEach(
        (k, n) ->
            out.add(
                Diagnostic.of(
                        Severity.WARNING,
                        "cream.price.unknown-model",
                        mode == CostMode.RECORDED
                            ? "no recorded cost for calls of model '" + k.model() + "' (" + k.provider()
                                + "); they are unpriced in recorded cost mode"
                            : "no price for model '" + k.model() + "' (" + k.provider()
                                + "); its calls are counted as unpriced, not as $0")
                    .withSource(k.source())
                    .withCount(n)));
    recordedZero.forEach(
        (k, n) ->
            out.add(
                Diagnostic.of(
                        Severity.WARNING,
                        "cream.price.recorded-zero",
                        "the agent recorded $0 for calls of model '" + k.model() + "' (" + k.provider()
                            + ") although the price table knows it; --cost-mode calculate reprices them")
                    .withSource(k.source())
                    .withCount(n)));
    unknownTier.keySet().stream()
        .sorted((a, b) -> (a.model() + a.tier()).compareTo(b.model() + b.tier()))
        .forEach(
            k ->
                out.add(
                    Diagnostic.of(
                        Severity.INFO,
                        "cream.price.unknown-tier",
                        "no price multiplier for service tier '" + k.tier() + "' of model '" + k.model()
                            + "'; priced at the standard tier")));
  }

  /**
   * How many calls could not be priced.
   *
   * @return the count
   */
  public long unpricedCalls() {
    return unpriced.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * An empty lookup: every model is unpriced.
   *
   * @return a lookup that knows nothing
   */
  public static PriceLookup none() {
    return new PriceLookup() {
      @Override
      public Optional<ModelPrice> find(String provider, String model) {
        return Optional.empty();
      }

      @Override
      public Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier) {
        return Optional.empty();
      }

      @Override
      public String version() {
        return "none";
      }
    };
  }

}
