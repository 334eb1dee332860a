package io.github.cream.core;

import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a report row one (source, provider, model, service tier, upstream provider) contributed.
 *
 * @param source the source id
 * @param provider the provider id
 * @param model the model id
 * @param serviceTier the pricing tier the calls ran at: {@value UsageRecord#STANDARD_TIER}, or for example
 *     {@code priority}, {@code flex} or {@code fast}
 * @param totals the totals of those calls
 * @param upstreamProvider the provider that really served those calls, for routed calls an enrichment told about
 *     (see {@link PricedRecord#upstreamProvider()}); empty otherwise
 */
public record Breakdown(
    String source, String provider, String model, String serviceTier, UsageTotals totals,
    Optional<String> upstreamProvider) {

  /**
   * Validates the components.
   *
   * @param source source id
   * @param provider provider id
   * @param model model id
   * @param serviceTier service tier
   * @param totals totals
   * @param upstreamProvider upstream provider
   */
  public Breakdown {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(serviceTier, "serviceTier");
    Objects.requireNonNull(totals, "totals");
    Objects.requireNonNull(upstreamProvider, "upstreamProvider");
  }

  /**
   * The part of calls without a known upstream provider.
   *
   * @param source source id
   * @param provider provider id
   * @param model model id
   * @param serviceTier service tier
   * @param totals totals
   */
  public Breakdown(String source, String provider, String model, String serviceTier, UsageTotals totals) {
    this(source, provider, model, serviceTier, totals, Optional.empty());
  }

  /**
   * The part of calls at the standard tier.
   *
   * @param source source id
   * @param provider provider id
   * @param model model id
   * @param totals totals
   */
  public Breakdown(String source, String provider, String model, UsageTotals totals) {
    this(source, provider, model, UsageRecord.STANDARD_TIER, totals);
  }
}
