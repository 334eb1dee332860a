package io.github.cream.core;

/** Which cost a call is reported at. */
public enum CostMode {
  /**
   * The cost the routing service billed where the call was {@linkplain Cream#enrich enriched}, else the cost the
   * agent recorded where its log has one, else the cost calculated from the price table. Without enrichment, the
   * recorded cost where there is one, else the calculated one.
   */
  AUTO,
  /** Always the cost calculated from the price table; recorded and enriched costs are ignored. */
  CALCULATE,
  /** Only costs the agent recorded; calls without one are unpriced. */
  RECORDED,
  /**
   * Only costs an enricher fetched from the service that billed the call (what OpenRouter billed, its cache
   * discount included); calls without one are unpriced.
   */
  ENRICHED
}
