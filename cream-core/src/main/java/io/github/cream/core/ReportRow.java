package io.github.cream.core;

import io.github.cream.api.UsageTotals;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One day, week or month of a {@link Report}.
 *
 * @param key the period as text: {@code 2026-10-04} for a day or for a week (its first day), {@code 2026-10} for
 *     a month
 * @param start the period's first day
 * @param totals the period's totals
 * @param breakdown one entry per (source, provider, model) with calls, most expensive first
 */
public record ReportRow(String key, LocalDate start, UsageTotals totals, List<Breakdown> breakdown) {

  /**
   * Validates and copies the components.
   *
   * @param key period key
   * @param start first day
   * @param totals totals
   * @param breakdown per model
   */
  public ReportRow {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(totals, "totals");
    breakdown = List.copyOf(breakdown);
  }
}
