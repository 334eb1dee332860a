package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.RecordFlag;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One record per positive delta of the cumulative total; everything else creates nothing. */
class CountingRulesTest {

  @TempDir Path home;

  private ParserHarness.Result parse(String fixture) {
    Path file = Support.copy(fixture, home.resolve("in"), true);
    return Support.parse(home, file);
  }

  /** Normalized counts: input without cached, cache read, 5-minute cache write, output, reasoning. */
  private static TokenCounts t(long input, long cacheRead, long cacheWrite, long output, long reasoning) {
    return new TokenCounts(input, cacheRead, cacheWrite, 0, output, reasoning);
  }

  private static List<TokenCounts> tokens(ParserHarness.Result r) {
    return r.records().stream().map(UsageRecord::tokens).toList();
  }

  @Test
  void reEmittedTotalsAndInfoNullCreateNothing() {
    ParserHarness.Result r = parse("reemit.jsonl");
    // 8 token_count lines: 1 info:null, 4 re-emits of an unchanged total, 2 real steps
    assertEquals(List.of(t(800, 200, 0, 50, 10), t(2100, 900, 0, 80, 30)), tokens(r));
    UsageRecord first = r.records().get(0);
    assertEquals(Instant.parse("2026-03-01T10:00:05Z"), first.timestamp());
    assertEquals("gpt-5.3-codex", first.model());
    assertEquals("openai", first.provider());
    assertEquals("019ca8d7-2d00-7a0a-80a0-a0a0a0a0a0a0", first.sessionId());
    assertEquals("/work/app", first.project().orElseThrow());
    assertTrue(first.flags().isEmpty());
    assertTrue(Support.warnings(r.diagnostics()).isEmpty());
  }

  @Test
  void theCompactionPhantomCreatesNothing() {
    ParserHarness.Result r = parse("compaction.jsonl");
    // the phantom: last_token_usage all zeros with total_tokens 940,499 and an unchanged total_token_usage
    assertEquals(List.of(t(10_000, 30_000, 0, 500, 200), t(10_000, 50_000, 0, 700, 300), t(7_000, 2_000, 0, 150, 40)),
        tokens(r));
    assertTrue(Support.warnings(r.diagnostics()).isEmpty());
  }

  @Test
  void totalsMovingBackwardsCreateNothingAndCountingResumesCorrectly() {
    ParserHarness.Result r = parse("backwards.jsonl");
    // R1; R2-R1; reset to {0,0,0,0,258400} (nothing); R3 counted from the reset; R4-R3;
    // a stale snapshot back at R3 (nothing); R5 continues from the high-water mark R4, not from the stale R3
    assertEquals(List.of(
            t(2_000, 8_000, 0, 100, 50), t(3_000, 12_000, 0, 200, 70), t(1_000, 4_000, 0, 60, 20),
            t(1_000, 3_000, 0, 40, 10), t(500, 2_500, 0, 50, 15)),
        tokens(r));
    assertEquals(2L, Support.codes(r.diagnostics()).get("codex.usage.backwards"));
    assertTrue(Support.warnings(r.diagnostics()).isEmpty(), "a reset is normal Codex behaviour, not a warning");
    // the reset starts a new epoch, so a later total equal to an earlier one can never be taken for a copy
    assertFalse(r.records().get(0).dedupKey().get().group().equals(r.records().get(2).dedupKey().get().group()));
  }

  @Test
  void lastTokenUsageOnlyWhereNoCumulativeTotalExists() {
    ParserHarness.Result r = parse("last-only.jsonl");
    assertEquals(List.of(t(200, 1_000, 0, 40, 0), t(1_400, 1_100, 0, 90, 30), t(200, 1_000, 0, 40, 0)), tokens(r));
    assertEquals(3, r.records().stream().map(x -> x.dedupKey().orElseThrow()).distinct().count(),
        "identical steps of one session are distinct calls (keyed by the running total)");
  }

  @Test
  void modelFromTheLatestTurnContextOrTheEventItself() {
    ParserHarness.Result r = parse("model-switch.jsonl");
    assertEquals(List.of("gpt-5.2-codex", "gpt-5.4", "gpt-5.4-mini", "gpt-5.4"),
        r.records().stream().map(UsageRecord::model).toList());
    assertTrue(r.records().stream().noneMatch(x -> x.has(RecordFlag.FALLBACK_MODEL)));
  }

  @Test
  void noModelAnywhereFallsBackToTheProviderDefaultAndSaysSo() {
    ParserHarness.Result r = parse("no-model.jsonl");
    assertEquals(List.of(t(3_000, 0, 0, 200, 64), t(1_100, 2_900, 0, 100, 64)), tokens(r));
    for (UsageRecord x : r.records()) {
      assertEquals("gpt-5", x.model());
      assertTrue(x.has(RecordFlag.FALLBACK_MODEL));
    }
    assertEquals(2L, Support.codes(r.diagnostics()).get("codex.model.fallback"));
    assertEquals("gpt-5", CodexSource.defaultModel("openai"));
    assertEquals("gpt-5", CodexSource.defaultModel("azure"));
    assertEquals("gpt-oss:20b", CodexSource.defaultModel("ollama"));
  }

  @Test
  void cacheWritesArePartOfTheInputAndKeptApart() {
    ParserHarness.Result r = parse("cache-write.jsonl");
    assertEquals(List.of(t(2_000, 0, 18_000, 100, 20), t(500, 18_000, 2_500, 120, 40)), tokens(r));
    assertEquals("gpt-5.6-sol", r.records().get(0).model());
  }

  @Test
  void codexExecJsonOutputCountsDeltasOfItsRunningTotal() {
    ParserHarness.Result r = parse("exec-output.jsonl");
    assertEquals(List.of(t(315, 24_448, 0, 122, 0), t(889, 24_448, 0, 178, 0)), tokens(r));
    UsageRecord first = r.records().get(0);
    assertEquals("019cbd02-c000-70a0-8a0a-0a0a0a0a0a0a", first.sessionId(), "the thread id");
    assertEquals(Instant.parse("2026-03-05T08:00:00Z"), first.timestamp(), "dated by the thread id's v7 time");
    assertTrue(first.has(RecordFlag.FALLBACK_MODEL));
    Map<String, Long> codes = Support.codes(r.diagnostics());
    assertEquals(2L, codes.get("codex.timestamp.approximate"));
    assertTrue(Support.warnings(r.diagnostics()).isEmpty());
    assertEquals("exec", r.facts().get(0).channel().orElseThrow());
  }
}
