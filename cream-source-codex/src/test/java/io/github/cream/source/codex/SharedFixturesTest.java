package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.RateLimits;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other shared fixtures: schema-coverage composites, legacy and foreign shapes, ccusage's own fixture. */
class SharedFixturesTest {

  @TempDir Path home;

  private ParserHarness.Result parse(String relative) {
    Path file = SharedFixtures.require("codex/" + relative);
    ParserHarness.Result r = Support.parse(home, file);
    assertTrue(Support.warnings(r.diagnostics()).isEmpty(), () -> r.diagnostics().toString());
    return r;
  }

  private static List<TokenCounts> tokens(ParserHarness.Result r) {
    return r.records().stream().map(UsageRecord::tokens).toList();
  }

  @Test
  void stage0SmallCompositeUpToCodex0149() {
    // one real step among every line kind of recent builds; later session_meta lines (subagent and fork
    // shapes) are other sessions' metadata, not this file's
    ParserHarness.Result r = parse("agent-sessions-stage0/small.jsonl");
    assertEquals(List.of(new TokenCounts(16_341 - 3_584, 3_584, 0, 0, 81, 63)), tokens(r));
    UsageRecord x = r.records().get(0);
    assertEquals("gpt-5.6-luna", x.model());
    assertEquals("019fc8be-3658-7ca3-9e29-000000000000", x.sessionId());
    assertEquals(1, r.facts().size());
    SessionFacts f = r.facts().get(0);
    assertEquals("/tmp/repo", f.project().orElseThrow());
    assertEquals("cli", f.channel().orElseThrow());
    RateLimits l = f.rateLimits().orElseThrow();
    assertEquals("pro", l.plan().orElseThrow());
    assertEquals(10080L, l.windows().get(0).windowMinutes().orElseThrow());
  }

  @Test
  void stage0Large() {
    ParserHarness.Result r = parse("agent-sessions-stage0/large.jsonl");
    assertEquals(List.of(new TokenCounts(12_091 - 10_880, 10_880, 0, 0, 182, 128)), tokens(r));
    assertEquals("gpt-5.2", r.records().get(0).model());
    assertEquals("/tmp/large", r.records().get(0).project().orElseThrow());
  }

  @Test
  void schemaDriftHasNoUsageAndNoErrors() {
    ParserHarness.Result r = parse("agent-sessions-stage0/schema_drift.jsonl");
    assertEquals(0, r.records().size());
    assertEquals(0, r.diagnostics().size());
  }

  @Test
  void legacySyntheticShapes() {
    // token_count.info with foreign keys: no usage
    ParserHarness.Result r50 = parse("agent-sessions-legacy-synthetic/codex_050_legacy.jsonl");
    assertEquals(0, r50.records().size());
    assertEquals(1L, Support.codes(r50.diagnostics()).get("codex.usage.unrecognized"));
    // exec-style turn.completed usage is the thread's running total
    ParserHarness.Result r51 = parse("agent-sessions-legacy-synthetic/codex_051_usage.jsonl");
    assertEquals(List.of(new TokenCounts(1_040, 380, 0, 0, 910, 0), new TokenCounts(380, 1_040, 0, 0, 610, 0)),
        tokens(r51));
    assertTrue(r51.records().stream().allMatch(x -> x.has(RecordFlag.FALLBACK_MODEL) && x.model().equals("gpt-5")));
    // a running total whose output falls from 640 to 240 moved backwards: nothing for that event
    ParserHarness.Result r52 = parse("agent-sessions-legacy-synthetic/codex_052_raw.jsonl");
    assertEquals(List.of(new TokenCounts(980, 0, 0, 0, 640, 0)), tokens(r52));
    assertEquals(1L, Support.codes(r52.diagnostics()).get("codex.usage.backwards"));
    // rate limits: the last snapshot is an account update with the reset_at misspelling
    ParserHarness.Result r53 = parse("agent-sessions-legacy-synthetic/codex_053_rate_limit.jsonl");
    assertEquals(List.of(new TokenCounts(1_211, 10_880, 0, 0, 182, 128)), tokens(r53));
    RateLimits l = r53.facts().get(0).rateLimits().orElseThrow();
    assertEquals(Instant.parse("2025-10-31T17:00:20Z"), l.observedAt());
    assertEquals(85.0, l.windows().get(0).usedPercent());
    assertEquals(Instant.ofEpochSecond(1730393112L), l.windows().get(0).resetsAt().orElseThrow());
    assertEquals(12.0, l.windows().get(1).usedPercent());
  }

  @Test
  void ccusageOwnFixture() {
    ParserHarness.Result r = parse("ccusage-fixtures-synthetic/session-alpha.jsonl");
    assertEquals(List.of(new TokenCounts(750, 250, 0, 0, 125, 75), new TokenCounts(2_000, 500, 0, 0, 300, 200)),
        tokens(r));
    assertEquals(List.of("gpt-5.2-codex", "gpt-5.3-codex"), r.records().stream().map(UsageRecord::model).toList());
    assertEquals("session-alpha", r.records().get(0).sessionId(), "no uuid in the name: the relative path");
    assertEquals(Instant.parse("2026-05-14T10:00:00Z"), r.records().get(1).timestamp());
  }
}
