package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Dimension;
import io.github.cream.core.Period;
import io.github.cream.core.ReportRow;
import io.github.cream.core.UsageSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@value #SCHEMA} document of {@code daily --by project --json} (and {@code weekly}, {@code monthly}): one entry
 * per project (a session's working directory), the most expensive first as in the table, with its sources, sessions,
 * last activity and totals, and its totals per day, week or month. Documented in {@code docs/json-contract.md}.
 */
final class ProjectsJson {

  /** The document's schema. */
  static final String SCHEMA = "cream.projects/1";

  private ProjectsJson() {}

  /**
   * Writes the document, followed by a newline.
   *
   * @param snapshot the filtered snapshot
   * @param period the command's period
   * @param zone the zone periods are computed in
   * @param firstDay the day weeks start on
   * @param library a {@code cream.report/1} document of the same snapshot, for the header and the diagnostics
   * @param pretty whether to indent
   * @param out where to write
   * @throws IOException if writing fails
   */
  static void write(
      UsageSnapshot snapshot, Period period, ZoneId zone, DayOfWeek firstDay, String library, boolean pretty,
      OutputStream out) throws IOException {
    Map<String, String> lib = JsonDocs.fields(library);
    Map<String, Map<String, UsageTotals>> periods = periods(snapshot, period, zone, firstDay);
    String array = switch (period) {
      case DAY -> "daily";
      case WEEK -> "weekly";
      case MONTH -> "monthly";
    };
    String key = switch (period) {
      case DAY -> "date";
      case WEEK -> "week";
      case MONTH -> "month";
    };
    try (JsonGenerator g = JsonDocs.generator(out, pretty)) {
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      for (Map.Entry<String, String> h : JsonDocs.header(lib).entrySet()) {
        JsonDocs.copyField(g, h.getKey(), h.getValue());
      }
      g.writeStringField("timezone", zone.getId());
      g.writeStringField("period", period.name().toLowerCase(Locale.ROOT));
      g.writeArrayFieldStart("projects");
      UsageTotals all = UsageTotals.ZERO;
      for (Projects.Row r : Projects.rows(snapshot)) {
        all = all.plus(r.totals());
        boolean known = !r.directory().equals(Projects.UNKNOWN);
        g.writeStartObject();
        if (known) {
          g.writeStringField("project", r.directory());
          g.writeStringField("name", Projects.name(r.directory()));
        } else {
          g.writeNullField("project");
          g.writeNullField("name");
        }
        g.writeArrayFieldStart("sources");
        for (String s : r.sources()) {
          g.writeString(s);
        }
        g.writeEndArray();
        g.writeNumberField("sessions", r.sessions());
        if (r.lastActivity().equals(Instant.MIN)) {
          g.writeNullField("lastActivity");
        } else {
          g.writeStringField("lastActivity", r.lastActivity().toString());
        }
        JsonDocs.totalsFields(g, r.totals());
        g.writeArrayFieldStart(array);
        for (Map.Entry<String, UsageTotals> p : periods.getOrDefault(r.directory(), Map.of()).entrySet()) {
          g.writeStartObject();
          g.writeStringField(key, p.getKey());
          JsonDocs.totalsFields(g, p.getValue());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("totals");
      JsonDocs.totalsFields(g, all);
      g.writeEndObject();
      JsonDocs.copyField(g, "diagnostics", lib.get("diagnostics"));
      g.writeEndObject();
      g.writeRaw('\n');
    }
    out.flush();
  }

  /** Each project's calls per period, by the project of their session (as {@link Projects#rows} groups them). */
  private static Map<String, Map<String, UsageTotals>> periods(
      UsageSnapshot snapshot, Period period, ZoneId zone, DayOfWeek firstDay) {
    Map<String, String> projectOf = new HashMap<>();
    for (SessionSummary s : snapshot.sessions()) {
      projectOf.put(s.source() + "/" + s.sessionId(), s.project().orElse(Projects.UNKNOWN));
    }
    Map<String, Map<String, UsageTotals>> out = new HashMap<>();
    snapshot.reportsBy(Dimension.SESSION, period, zone, firstDay).forEach((session, report) -> {
      String project = projectOf.getOrDefault(session, Projects.UNKNOWN);
      for (ReportRow row : report.rows()) {
        out.computeIfAbsent(project, k -> new TreeMap<>()).merge(row.key(), row.totals(), UsageTotals::plus);
      }
    });
    return out;
  }
}
