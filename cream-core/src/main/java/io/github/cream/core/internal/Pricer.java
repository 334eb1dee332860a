package io.github.cream.core.internal;

import io.github.cream.api.Cost;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import io.github.cream.core.internal.pricing.PriceHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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

    // equals and hashCode written out: see IndexEntry.Key

    @Override
    public boolean equals(Object o) {
      return o instanceof ModelKey k && Objects.equals(model, k.model) && Objects.equals(provider, k.provider)
          && Objects.equals(source, k.source);
    }

    @Override
    public int hashCode() {
      return Objects.hash(source, provider, model);
    }
  }

  private record TierKey(String source, String provider, String model, String tier) implements Comparable<TierKey> {
    @Override
    public int compareTo(TierKey o) {
      int c = source.compareTo(o.source);
      if (c == 0) {
        c = provider.compareTo(o.provider);
      }
      if (c == 0) {
        c = model.compareTo(o.model);
      }
      return c == 0 ? tier.compareTo(o.tier) : c;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TierKey k && Objects.equals(model, k.model) && Objects.equals(tier, k.tier)
          && Objects.equals(provider, k.provider) && Objects.equals(source, k.source);
    }

    @Override
    public int hashCode() {
      return Objects.hash(source, provider, model, tier);
    }
  }

  private record PeriodKey(TierKey tier, int period) {
    @Override
    public boolean equals(Object o) {
      return o instanceof PeriodKey k && period == k.period && Objects.equals(tier, k.tier);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(tier) + period;
    }
  }

  private final PriceLookup prices;
  private final CostMode mode;
  private final Map<ModelKey, Optional<PriceHistory>> cache = new HashMap<>();
  private final Map<PeriodKey, Optional<ModelPrice>> tierCache = new HashMap<>();
  private final Map<ModelKey, Long> unpriced = new TreeMap<>();
  private final Map<ModelKey, Long> undecidable = new TreeMap<>();
  private final Map<ModelKey, Instant> beforeFirstPrice = new TreeMap<>();
  private final Map<ModelKey, Long> beforeFirstPriceCalls = new TreeMap<>();
  private final Map<ModelKey, Long> recordedZero = new TreeMap<>();
  private final Map<TierKey, Long> unknownTier = new TreeMap<>();
  private final Map<TierKey, Long> tierTooLong = new TreeMap<>();

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
    return history(provider, model).map(PriceHistory::latest);
  }

  /**
   * The price table's prices over time for a model, cached.
   *
   * @param provider provider id
   * @param model model id
   * @return the history, if the model is known
   */
  public Optional<PriceHistory> history(String provider, String model) {
    // consecutive calls mostly share their provider and model (often the very same strings): skip the map then
    if (provider.equals(lastProvider) && model.equals(lastModel)) {
      return lastHistory;
    }
    Optional<PriceHistory> h =
        cache.computeIfAbsent(new ModelKey("", provider, model), k -> safeHistory(provider, model));
    lastProvider = provider;
    lastModel = model;
    lastHistory = h;
    return h;
  }

  private String lastProvider;
  private String lastModel;
  private Optional<PriceHistory> lastHistory;

  private Optional<PriceHistory> safeHistory(String provider, String model) {
    try {
      return prices.history(provider, model);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The cost of one call that was not enriched.
   *
   * @param r the call
   * @return its cost and provenance
   */
  public Cost cost(UsageRecord r) {
    return cost(r, Optional.empty());
  }

  /**
   * The cost of one call: with {@link CostMode#AUTO} and {@link CostMode#ENRICHED}, what the routing service billed
   * where an enrichment says; else as the mode says.
   *
   * @param r the call
   * @param enrichment what an enricher fetched about it, if anything
   * @return its cost and provenance
   */
  public Cost cost(UsageRecord r, Optional<Enrichment> enrichment) {
    if (mode == CostMode.AUTO || mode == CostMode.ENRICHED) {
      Optional<Money> billed = enrichment.flatMap(Enrichment::cost);
      if (billed.isPresent()) {
        return Cost.enriched(billed.get());
      }
      if (mode == CostMode.ENRICHED) {
        unpriced.merge(new ModelKey(r.source(), r.provider(), r.model()), 1L, Long::sum);
        return Cost.UNPRICED;
      }
    }
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
    Optional<PriceHistory> h = history(r.provider(), r.model());
    if (h.isEmpty()) {
      unpriced.merge(new ModelKey(r.source(), r.provider(), r.model()), 1L, Long::sum);
      return Cost.UNPRICED;
    }
    int period = h.get().indexAt(r.timestamp());
    if (period < 0) {
      // the call predates every price the table has for the model: no price was valid then
      ModelKey k = new ModelKey(r.source(), r.provider(), r.model());
      beforeFirstPrice.put(k, h.get().start(0).orElseThrow());
      beforeFirstPriceCalls.merge(k, 1L, Long::sum);
      return Cost.UNPRICED;
    }
    Optional<ModelPrice> tiered = tiered(r, h.get(), period);
    if (tiered.isEmpty()) {
      // a service tier the table has no multiplier for: no guess at the standard price
      unknownTier.merge(new TierKey(r.source(), r.provider(), r.model(), r.serviceTier()), 1L, Long::sum);
      return Cost.UNPRICED;
    }
    ModelPrice p = tiered.get();
    if (!r.serviceTier().equals(UsageRecord.STANDARD_TIER)) {
      OptionalLong limit = tierPromptLimit(h.get().price(period), r.serviceTier());
      if (limit.isPresent() && r.tokens().prompt() > limit.getAsLong()) {
        // the provider publishes this tier's price for shorter prompts only
        tierTooLong.merge(new TierKey(r.source(), r.provider(), r.model(), r.serviceTier()), 1L, Long::sum);
        return Cost.UNPRICED;
      }
    }
    if (!p.covers(r.tokens())) {
      // a prompt above every prompt-length tier the provider publishes: no guess
      undecidable.merge(new ModelKey(r.source(), r.provider(), r.model()), 1L, Long::sum);
      return Cost.UNPRICED;
    }
    return Cost.calculated(p.cost(r.tokens()));
  }

  private OptionalLong tierPromptLimit(ModelPrice base, String tier) {
    try {
      return prices.tierPromptLimit(base, tier);
    } catch (RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** The call's price at its service tier; empty when the table knows no multiplier for the tier. */
  private Optional<ModelPrice> tiered(UsageRecord r, PriceHistory h, int period) {
    ModelPrice base = h.price(period);
    if (r.serviceTier().equals(UsageRecord.STANDARD_TIER)) {
      return Optional.of(base);
    }
    TierKey key = new TierKey("", r.provider(), r.model(), r.serviceTier());
    return tierCache.computeIfAbsent(
        new PeriodKey(key, period),
        k -> {
          Optional<BigDecimal> m;
          try {
            m = prices.tierMultiplier(base, r.serviceTier());
          } catch (RuntimeException e) {
            m = Optional.empty();
          }
          return m.map(base::times);
        });
  }

  /**
   * The diagnostics of everything priced so far: unknown models, recorded zero costs, unknown tiers, each with the
   * number of calls it concerns.
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
                            : mode == CostMode.ENRICHED
                                ? "no enriched cost for calls of model '" + k.model() + "' (" + k.provider()
                                    + "); they are unpriced in enriched cost mode (cream enrich fetches the costs of"
                                    + " calls routed through OpenRouter)"
                                : "no price for model '" + k.model() + "' (" + k.provider()
                                    + "); its calls are counted as unpriced, not as $0")
                    .withSource(k.source())
                    .withCount(n)));
    undecidable.forEach(
        (k, n) ->
            out.add(
                Diagnostic.of(
                        Severity.WARNING,
                        "cream.price.tier-undecidable",
                        "calls of model '" + k.model() + "' (" + k.provider()
                            + ") have prompts longer than any prompt-length tier the price table knows; they are"
                            + " counted as unpriced, not guessed")
                    .withSource(k.source())
                    .withCount(n)));
    beforeFirstPriceCalls.forEach(
        (k, n) ->
            out.add(
                Diagnostic.of(
                        Severity.WARNING,
                        "cream.price.not-yet-valid",
                        "calls of model '" + k.model() + "' (" + k.provider() + ") were made before "
                            + beforeFirstPrice.get(k) + ", the first instant the price table has a price for it;"
                            + " they are counted as unpriced")
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
    unknownTier.forEach(
        (k, n) ->
            out.add(
                Diagnostic.of(
                        Severity.WARNING,
                        "cream.price.unknown-tier",
                        "no price for service tier '" + k.tier() + "' of model '" + k.model() + "' (" + k.provider()
                            + "); its calls are counted as unpriced, not guessed at the standard price")
                    .withSource(k.source())
                    .withCount(n)));
    tierTooLong.forEach(
        (k, n) ->
            out.add(
                Diagnostic.of(
                        Severity.WARNING,
                        "cream.price.tier-undecidable",
                        "calls of model '" + k.model() + "' (" + k.provider() + ") at service tier '" + k.tier()
                            + "' have prompts longer than the tier's published prices cover; they are counted as"
                            + " unpriced, not guessed")
                    .withSource(k.source())
                    .withCount(n)));
  }

  /**
   * How many calls could not be priced.
   *
   * @return the count
   */
  public long unpricedCalls() {
    return unpriced.values().stream().mapToLong(Long::longValue).sum()
        + undecidable.values().stream().mapToLong(Long::longValue).sum()
        + beforeFirstPriceCalls.values().stream().mapToLong(Long::longValue).sum()
        + unknownTier.values().stream().mapToLong(Long::longValue).sum()
        + tierTooLong.values().stream().mapToLong(Long::longValue).sum();
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
