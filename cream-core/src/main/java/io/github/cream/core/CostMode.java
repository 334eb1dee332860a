package io.github.cream.core;

/** Which cost a call is reported at. */
public enum CostMode {
  /** The cost the agent recorded where its log has one, otherwise the cost calculated from the price table. */
  AUTO,
  /** Always the cost calculated from the price table; recorded costs are ignored. */
  CALCULATE,
  /** Only costs the agent recorded; calls without one are unpriced. */
  RECORDED
}
