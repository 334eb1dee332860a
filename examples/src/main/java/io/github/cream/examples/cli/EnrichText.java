package io.github.cream.examples.cli;

import io.github.cream.api.Money;
import io.github.cream.core.EnrichResult;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.ReportJson;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.examples.cli.Table.Align;
import java.util.List;
import java.util.Locale;

/** What {@code cream enrich} prints for people: what the run did, and what the enriched calls cost. */
final class EnrichText {

  private EnrichText() {}

  /**
   * The summary.
   *
   * @param result what the run did
   * @param after a scan made after the run
   * @param enrichers the enrichers found, for their names
   * @param interrupted whether the run was stopped before the end
   * @return the text, ending in a newline
   */
  static String summary(EnrichResult result, UsageSnapshot after, List<ProviderInfo> enrichers,
      boolean interrupted) {
    StringBuilder sb = new StringBuilder();
    for (EnrichResult.Counts c : result.enrichers()) {
      String name = enrichers.stream().filter(p -> p.id().equals(c.enricher())).map(ProviderInfo::displayName)
          .findFirst().orElse(c.enricher());
      sb.append("Enrichment from ").append(TerminalText.safe(name)).append(" (").append(TerminalText.safe(c.enricher()))
          .append(")\n");
      sb.append("  calls with an id   ").append(Tables.tokens(c.calls())).append(" (")
          .append(Tables.plural(c.keys(), "distinct id", "distinct ids")).append(")\n");
      sb.append("  answered before    ").append(Tables.tokens(c.known()))
          .append(c.givenUp() > 0 ? ", " + Tables.tokens(c.givenUp()) + " given up" : "").append('\n');
      sb.append("  asked now          ").append(Tables.tokens(c.asked())).append(": found ")
          .append(Tables.tokens(c.found())).append(", not found (yet) ").append(Tables.tokens(c.notFound()))
          .append(", failed ").append(Tables.tokens(c.failed()));
      if (c.unasked() > 0) {
        sb.append(", not reached ").append(Tables.tokens(c.unasked()));
      }
      sb.append(" (").append(Tables.plural(c.requests(), "request", "requests")).append(")\n");
      sb.append("  enriched calls     ").append(Tables.tokens(c.enrichedCalls())).append("\n\n");
    }
    if (result.enrichers().isEmpty()) {
      sb.append("Nothing was asked.\n\n");
    }
    if (interrupted) {
      sb.append("Interrupted: every answer received is kept; run cream enrich again to ask about the rest.\n\n");
    }
    ReportJson.EnrichedCosts costs = ReportJson.EnrichedCosts.of(after);
    if (costs.calls() == 0) {
      sb.append("No call is enriched yet.\n");
      return sb.toString();
    }
    sb.append("Enriched calls: ").append(Tables.tokens(costs.calls())).append('\n');
    sb.append("  recorded by the agents  ").append(usd(costs.recorded())).append(" (")
        .append(Tables.tokens(costs.recordedCalls())).append(" of ").append(Tables.tokens(costs.calls()))
        .append(" calls recorded a cost)\n");
    sb.append("  billed by the router    ").append(usd(costs.enriched())).append("\n\n");
    Table t = new Table(new String[] {"Upstream provider", "Calls", "Billed"},
        new Align[] {Align.LEFT, Align.RIGHT, Align.RIGHT});
    for (ReportJson.EnrichedCosts.Upstream u : costs.upstream()) {
      t.row(TerminalText.safe(u.provider()), Tables.tokens(u.calls()), usd(u.enriched()));
    }
    sb.append(t.render());
    sb.append("\nReports now count what the router billed for these calls (cost provenance 'enriched'); --cost-mode"
        + " recorded or calculate shows the other costs.\n");
    return sb.toString();
  }

  private static String usd(Money m) {
    return "$" + String.format(Locale.ROOT, "%,.6f", m.toUsd(6));
  }
}
