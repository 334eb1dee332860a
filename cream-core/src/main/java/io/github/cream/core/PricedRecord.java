package io.github.cream.core;

import io.github.cream.api.Cost;
import io.github.cream.api.Enrichment;
import io.github.cream.api.UsageRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * A counted call (after deduplication) with the cost the scan's {@link CostMode} gave it, and what an enricher
 * fetched about it, if anything (see {@link Cream#enrich}).
 *
 * @param record the call, as its log gave it
 * @param cost its cost and where the cost came from
 * @param enrichment what the service that routed the call says about it (the cost it billed, the upstream provider
 *     that served it, the provider's own token counts), if the call was enriched
 */
public record PricedRecord(UsageRecord record, Cost cost, Optional<Enrichment> enrichment) {

  /**
   * Validates the components.
   *
   * @param record the call
   * @param cost its cost
   * @param enrichment what an enricher fetched about it
   */
  public PricedRecord {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(enrichment, "enrichment");
  }

  /**
   * A call that was not enriched.
   *
   * @param record the call
   * @param cost its cost
   */
  public PricedRecord(UsageRecord record, Cost cost) {
    this(record, cost, Optional.empty());
  }

  /**
   * The provider that really served the call, where an enrichment said: for a call routed through OpenRouter, the
   * upstream provider OpenRouter chose ({@code anthropic}, {@code amazon-bedrock}, ...).
   *
   * @return the upstream provider, or empty when the call was not enriched or the service did not say
   */
  public Optional<String> upstreamProvider() {
    // most calls were not enriched: no function is applied to an empty Optional for them (every call a rollup folds)
    return enrichment.isEmpty() ? Optional.empty() : enrichment.get().upstreamProvider();
  }

  /**
   * Who served the call as far as cream knows: the {@linkplain #upstreamProvider() upstream provider} where an
   * enrichment named one, else the call's {@linkplain UsageRecord#provider() provider} (for a router without
   * enrichment, the router itself).
   *
   * @return the provider id
   */
  public String servedBy() {
    return upstreamProvider().orElse(record.provider());
  }
}
