package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.Report;
import io.github.cream.core.ReportRow;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.SharedFixtures;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real rollouts of {@code codex/localpush-real-2026-02-23} (Codex Desktop 0.104, 6 files, 4,760 lines): about
 * half of the info-bearing token_count events re-emit an unchanged total, one is the compaction phantom.
 *
 * <p>The pinned numbers were derived independently of this code: the fixture's {@code manifest.json} (computed by
 * localpush, not by cream) gives the UTC-day totals; the all-days totals, the reasoning total and the record count
 * were computed with a throwaway Python script that reads every {@code token_count} line of the six files and sums
 * the positive per-file deltas of {@code info.total_token_usage} (49,839,753 / 46,689,152 / 223,178 / 82,134 over
 * 485 steps, which is also the research table's deduplicated row).
 */
class LocalpushFixtureTest {

  @TempDir static Path home;
  static UsageSnapshot snapshot;

  @BeforeAll
  static void scan() {
    Path raw = SharedFixtures.require("codex/localpush-real-2026-02-23/raw");
    snapshot = Support.scan(home, raw); // raw/ holds sessions/: read as a Codex home
  }

  @Test
  void utcDayMatchesTheManifest() {
    Report daily = snapshot.daily(ZoneOffset.UTC);
    ReportRow day = daily.rows().stream().filter(r -> r.key().equals("2026-02-23")).findFirst().orElseThrow();
    TokenCounts t = day.totals().tokens();
    // manifest.json token_totals: input (Codex meaning, cached included) 34,082,306; cache_read 32,389,760
    assertEquals(32_389_760L, t.cacheRead());
    assertEquals(34_082_306L, t.input() + t.cacheRead());
    assertEquals(34_082_306L - 32_389_760L, t.input(), "cream's input excludes cached tokens");
    assertEquals(156_921L, t.output());
    assertEquals(0L, t.cacheWrite());
    assertEquals(34_239_227L, t.input() + t.cacheRead() + t.output(), "the manifest's total");
    assertEquals(64_401L, t.reasoning(), "expected/codex-stats.json reasoning_output");
    assertEquals(360L, day.totals().calls(), "positive deltas dated 2026-02-23 (independent count)");
  }

  @Test
  void allDaysMatchTheIndependentSum() {
    TokenCounts t = snapshot.totals().tokens();
    assertEquals(49_839_753L, t.input() + t.cacheRead());
    assertEquals(46_689_152L, t.cacheRead());
    assertEquals(223_178L, t.output());
    assertEquals(82_134L, t.reasoning());
    assertEquals(485, snapshot.records().size(), "one record per positive delta");
    assertEquals(485L, snapshot.totals().calls());
    assertEquals(2, snapshot.daily(ZoneOffset.UTC).rows().size(), "one session runs into 2026-02-24");
  }

  @Test
  void everyRecordIsAttributedAndClean() {
    Set<String> models = new TreeSet<>();
    for (PricedRecord p : snapshot.records()) {
      UsageRecord r = p.record();
      models.add(r.model());
      assertEquals("codex", r.source());
      assertEquals("openai", r.provider());
      assertTrue(r.flags().isEmpty(), "no fallback model, no subagent");
      assertTrue(r.project().isPresent());
      assertTrue(r.dedupKey().isPresent());
      assertEquals(0, r.dedupKey().get().tier());
    }
    assertEquals(Set.of("gpt-5.3-codex"), models, "the manifest's models_used");
    assertEquals(0, snapshot.stats().malformedLines());
    assertEquals(0, snapshot.stats().duplicatesDropped());
    assertTrue(Support.warnings(snapshot.diagnostics()).isEmpty(), () -> snapshot.diagnostics().toString());
  }

  @Test
  void sessionFactsPerFile() {
    List<SessionSummary> sessions = snapshot.sessions();
    assertEquals(Set.of(
            "019c8a4c-ed82-79a1-aa28-7738fc5ab61a", "019c8a4d-8f45-7010-8b5d-7fad920aa6f9",
            "019c8a53-a0dd-7130-bcd7-95445d84846a", "019c8a59-e9dd-71f0-9ae3-4079fe9726a9",
            "019c8a70-dda7-7f33-98ea-f30553347322", "019c8bfe-ec25-79e0-97d7-bda6a9c575ff"),
        sessions.stream().map(SessionSummary::sessionId).collect(Collectors.toSet()));
    SessionSummary big = snapshot.session("codex", "019c8a59-e9dd-71f0-9ae3-4079fe9726a9").orElseThrow();
    assertEquals(286L, big.totals().calls());
    // expected/codex-sessions.json: cache_read 31,621,504 / input 33,810,485 / output 133,999 / reasoning 42,113
    assertEquals(31_621_504L, big.totals().tokens().cacheRead());
    assertEquals(33_810_485L, big.totals().tokens().input() + big.totals().tokens().cacheRead());
    assertEquals(133_999L, big.totals().tokens().output());
    assertEquals(42_113L, big.totals().tokens().reasoning());
    assertEquals("/redacted/path/59b923df4d", big.project().orElseThrow());
    assertEquals(SessionCategory.INTERACTIVE, big.category().orElseThrow());
    assertEquals("vscode", big.channel().orElseThrow());
    assertEquals("Codex Desktop", big.attributes().get("originator"));
    assertEquals("0.104.0-alpha.1", big.attributes().get("cliVersion"));
    assertEquals("main", big.attributes().get("gitBranch"));
    assertFalse(big.parentSessionId().isPresent());
    var limits = big.rateLimits().orElseThrow();
    assertEquals(2, limits.windows().size());
    assertEquals("primary", limits.windows().get(0).name());
    assertEquals(300L, limits.windows().get(0).windowMinutes().orElseThrow());
    assertTrue(limits.windows().get(0).resetsAt().isPresent());
    assertEquals(10080L, limits.windows().get(1).windowMinutes().orElseThrow());
  }
}
