package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The privacy fixture puts a marker into a prompt, an answer, a tool result, a file path in a snapshot, a
 * timestamp, a token count, a malformed line, a cost, a nested progress copy and a summary's leaf id. Only the title
 * (the first prompt) may carry it out of the parser.
 */
class PrivacyTest {

  static final String MARKER = "PRIVATE-MARKER-7f3a";

  @TempDir Path home;

  @Test
  void noDiagnosticRecordOrFactOtherThanTheTitleQuotesTheLog() {
    Path root = Fixtures.synthetic("privacy");
    UsageSnapshot s = Fixtures.scan(home, root);
    assertFalse(s.diagnostics().isEmpty(), "the fixture's bad lines are reported");
    for (Diagnostic d : s.diagnostics()) {
      assertClean(d.code() + " " + d.message() + " " + d.toString());
    }
    for (PricedRecord r : s.records()) {
      assertClean(record(r.record()));
    }
    assertEquals(1, s.sessions().size());
    SessionSummary session = s.sessions().get(0);
    assertTrue(session.title().orElseThrow().contains(MARKER), "the title is the first prompt, marker and all");
    assertClean(
        session.project() + " " + session.category() + " " + session.channel() + " " + session.attributes() + " "
            + session.providers() + " " + session.models() + " " + session.sessionId());

    Path file = root.resolve("-home-me-app").resolve(Fixtures.S1 + ".jsonl");
    ParserHarness.Result raw = ParserHarness.parse(new ClaudeSource(), root, file, Fixtures.environment(home));
    for (Diagnostic d : raw.diagnostics()) {
      assertClean(d.toString());
    }
    for (SessionFacts f : raw.facts()) {
      SessionFacts untitled = f.toBuilder().title(null).build();
      assertClean(untitled.toString());
    }
    for (UsageRecord r : raw.records()) {
      assertClean(record(r));
    }
  }

  private static String record(UsageRecord r) {
    List<Object> parts = new ArrayList<>();
    parts.add(r.source());
    parts.add(r.provider());
    parts.add(r.model());
    parts.add(r.sessionId());
    parts.add(r.project());
    parts.add(r.messageId());
    parts.add(r.requestId());
    parts.add(r.dedupKey());
    parts.add(r.serviceTier());
    parts.add(r.recordedCost());
    return parts.toString();
  }

  private static void assertClean(String text) {
    assertFalse(text.contains(MARKER), "log content leaked: " + text.replace(MARKER, "<marker>"));
    assertFalse(text.contains("7f3a"), "log content leaked");
  }
}
