package io.github.cream.api;

/**
 * Where a cost came from.
 *
 * <p>A single call's cost is {@link #RECORDED}, {@link #CALCULATED}, {@link #ENRICHED} or {@link #UNPRICED}. A total
 * over several calls is {@link #MIXED} when its calls differ.
 */
public enum CostProvenance {
  /** The agent wrote the cost into its log (Pi's {@code usage.cost.total}, old Claude Code {@code costUSD}). */
  RECORDED,
  /** cream computed the cost from the tokens with its price table. */
  CALCULATED,
  /**
   * What the service that routed the call billed for it, as an opt-in enricher fetched it afterwards (OpenRouter's
   * {@code total_cost} of the generation, its cache discount included). See {@link io.github.cream.spi.Enricher}.
   */
  ENRICHED,
  /** No price is known for the model: the cost counts as zero and a diagnostic says so. Never a silent $0. */
  UNPRICED,
  /** A total whose calls have different provenances. Never the provenance of a single call. */
  MIXED
}
