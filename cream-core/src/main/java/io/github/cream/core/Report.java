package io.github.cream.core;

import io.github.cream.api.UsageTotals;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Calls grouped by day, week or month in a time zone.
 *
 * @param period the row length
 * @param zone the zone dates are computed in
 * @param rows the rows, oldest first; periods without calls are left out
 * @param totals the totals over all rows
 */
public record Report(Period period, ZoneId zone, List<ReportRow> rows, UsageTotals totals) {

  /**
   * Validates and copies the components.
   *
   * @param period row length
   * @param zone time zone
   * @param rows rows
   * @param totals totals
   */
  public Report {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    rows = List.copyOf(rows);
    Objects.requireNonNull(totals, "totals");
  }
}
