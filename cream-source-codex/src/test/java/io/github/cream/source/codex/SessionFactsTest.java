package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session facts: identity, working directory, origin, parent, and the latest rate-limit snapshot. */
class SessionFactsTest {

  static final String META =
      "{\"timestamp\":\"2026-03-01T10:00:00.100Z\",\"type\":\"session_meta\",\"payload\":{"
          + "\"id\":\"019ca8d7-2d00-7a0a-80a0-a0a0a0a0a0a0\",\"timestamp\":\"2026-03-01T10:00:00.100Z\","
          + "\"cwd\":\"/work/app\",\"originator\":\"codex_exec\",\"cli_version\":\"0.120.0\",\"source\":\"exec\","
          + "\"model_provider\":\"Azure\",\"base_instructions\":{\"text\":\"...\"}}}";

  @TempDir Path home;

  private static String limits(String ts, String rateLimits) {
    return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
        + "\"info\":null,\"rate_limits\":" + rateLimits + "}}";
  }

  private RateLimits latestLimits(String... lines) {
    String[] all = new String[lines.length + 1];
    all[0] = META;
    System.arraycopy(lines, 0, all, 1, lines.length);
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("f/x.jsonl"), all));
    assertTrue(Support.warnings(r.diagnostics()).isEmpty(), () -> r.diagnostics().toString());
    return r.facts().get(0).rateLimits().orElseThrow();
  }

  @Test
  void identityOriginAndProvider() {
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("f/x.jsonl"), META));
    SessionFacts f = r.facts().get(0);
    assertEquals("019ca8d7-2d00-7a0a-80a0-a0a0a0a0a0a0", f.sessionId());
    assertEquals("/work/app", f.project().orElseThrow());
    assertEquals(SessionCategory.INTERACTIVE, f.category().orElseThrow());
    assertEquals("exec", f.channel().orElseThrow());
    assertEquals("codex_exec", f.attributes().get("originator"));
    assertEquals("azure", f.attributes().get("modelProvider"), "provider ids are lowercase");
    assertEquals(Instant.parse("2026-03-01T10:00:00.100Z"), f.firstSeen().orElseThrow());
    assertFalse(f.rateLimits().isPresent());
    assertFalse(f.parentSessionId().isPresent());
  }

  @Test
  void standardRateLimitsWithResetTimes() {
    RateLimits l = latestLimits(limits("2026-03-01T10:00:01Z",
        "{\"limit_id\":\"codex\",\"primary\":{\"used_percent\":19.0,\"window_minutes\":300,\"resets_at\":1771864834},"
            + "\"secondary\":{\"used_percent\":6.0,\"window_minutes\":10080,\"resets_at\":1772355702},"
            + "\"credits\":{\"has_credits\":false,\"unlimited\":false,\"balance\":null},\"plan_type\":null}"));
    assertEquals(Instant.parse("2026-03-01T10:00:01Z"), l.observedAt());
    assertEquals(2, l.windows().size());
    RateLimitWindow p = l.windows().get(0);
    assertEquals("primary", p.name());
    assertEquals(19.0, p.usedPercent());
    assertEquals(300L, p.windowMinutes().orElseThrow());
    assertEquals(Instant.ofEpochSecond(1771864834L), p.resetsAt().orElseThrow());
    assertEquals(Instant.ofEpochSecond(1772355702L), l.windows().get(1).resetsAt().orElseThrow());
    assertFalse(l.plan().isPresent());
  }

  @Test
  void resetsInSecondsIsRelativeToTheEvent() {
    RateLimits l = latestLimits(limits("2026-03-01T10:00:00Z",
        "{\"primary\":{\"used_percent\":42.5,\"window_minutes\":300,\"resets_in_seconds\":3600},"
            + "\"secondary\":{\"used_percent\":3,\"window_minutes\":10080,\"resets_in_seconds\":86400}}"));
    assertEquals(Instant.parse("2026-03-01T11:00:00Z"), l.windows().get(0).resetsAt().orElseThrow());
    assertEquals(42.5, l.windows().get(0).usedPercent());
    assertEquals(Instant.parse("2026-03-02T10:00:00Z"), l.windows().get(1).resetsAt().orElseThrow());
  }

  @Test
  void theOlderFlatShape() {
    RateLimits l = latestLimits(limits("2026-03-01T10:00:00Z",
        "{\"primary_used_percent\":12.5,\"secondary_used_percent\":40,\"primary_to_secondary_ratio_percent\":30,"
            + "\"primary_window_minutes\":300,\"secondary_window_minutes\":10080}"));
    assertEquals(2, l.windows().size());
    assertEquals(12.5, l.windows().get(0).usedPercent());
    assertEquals(10080L, l.windows().get(1).windowMinutes().orElseThrow());
    assertFalse(l.windows().get(0).resetsAt().isPresent());
  }

  @Test
  void planTypeNullWindowsAndTheResetAtMisspelling() {
    RateLimits l = latestLimits(limits("2026-08-03T10:48:56Z",
        "{\"limit_id\":\"codex\",\"limit_name\":null,\"plan_type\":\"pro\",\"primary\":{\"used_percent\":1.0,"
            + "\"window_minutes\":10080,\"reset_at\":1785958530},\"secondary\":null,\"individual_limit\":null,"
            + "\"rate_limit_reached_type\":null,\"spend_control_reached\":false}"));
    assertEquals("pro", l.plan().orElseThrow());
    assertEquals(1, l.windows().size());
    assertEquals(Instant.ofEpochSecond(1785958530L), l.windows().get(0).resetsAt().orElseThrow());
  }

  @Test
  void theLatestSnapshotWinsAndOtherEventsMayCarryOne() {
    RateLimits l = latestLimits(
        limits("2026-03-01T10:00:01Z", "{\"primary\":{\"used_percent\":10,\"window_minutes\":300}}"),
        limits("2026-03-01T10:05:01Z", "{\"primary\":{\"used_percent\":20,\"window_minutes\":300}}"),
        "{\"timestamp\":\"2026-03-01T10:09:00Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"account/rateLimits/updated\","
            + "\"rate_limits\":{\"primary\":{\"used_percent\":85,\"window_minutes\":300,\"reset_at\":1772362800}}}}");
    assertEquals(Instant.parse("2026-03-01T10:09:00Z"), l.observedAt());
    assertEquals(85.0, l.windows().get(0).usedPercent());
  }

  @Test
  void unusableWindowValuesAreLeftOut() {
    String[] lines = {META,
        limits("2026-03-01T10:00:01Z", "{\"primary\":{\"used_percent\":\"lots\",\"window_minutes\":300},"
            + "\"secondary\":{\"used_percent\":-4,\"window_minutes\":1.5},\"individual_limit\":{\"used_percent\":7}}")};
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("f/x.jsonl"), lines));
    RateLimits l = r.facts().get(0).rateLimits().orElseThrow();
    assertEquals(1, l.windows().size());
    assertEquals("individual", l.windows().get(0).name());
    assertEquals(1L, Support.codes(r.diagnostics()).get("codex.ratelimits.invalid"));
  }

  @Test
  void aPreEnvelopeRolloutIsASessionWithoutCalls() {
    Path dir = home.resolve("legacy");
    Support.copy("legacy-pre-envelope.jsonl", dir, true);
    UsageSnapshot s = Support.scan(home, dir);
    assertEquals(0, s.records().size());
    assertTrue(s.diagnostics().isEmpty(), () -> s.diagnostics().toString());
    assertEquals(0, s.stats().malformedLines());
    SessionSummary only = s.sessions().get(0);
    assertEquals("5973b6c0-94b8-487b-a530-2aeb6098ae0e", only.sessionId());
    assertEquals(Instant.parse("2025-07-20T13:20:47.060Z"), only.firstActivity().orElseThrow());
    assertEquals("legacy-branch", only.attributes().get("gitBranch"));
    assertEquals(0L, only.totals().calls());
  }
}
