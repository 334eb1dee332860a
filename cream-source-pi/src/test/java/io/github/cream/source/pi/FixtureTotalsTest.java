package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.RecordFlag;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.Source;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the totals of every real fixture in {@code ../shared/fixtures/pi} and {@code ../shared/fixtures/openclaw}.
 *
 * <p>How the expected numbers were derived, independently of this module's code: a throwaway Python script read
 * each file with {@code json.loads(line, parse_float=Decimal)} and, for every {@code message} entry whose message is
 * an assistant message with a {@code usage} object, skipped provider {@code openclaw} / models
 * {@code delivery-mirror} and {@code gateway-injected}, skipped {@code aborted}/{@code error} messages with four
 * zero token counts and no or zero cost, and summed the rest: calls, {@code input}, {@code output},
 * {@code cacheRead}, {@code cacheWrite}, and {@code cost.total} rounded half-even to 9 decimals per call, in
 * nano-dollars. For the engine totals it then kept one call per (entry id, message timestamp or entry timestamp,
 * four token counts, response id) across the files of a root. No fixture uses a Google API, so no token correction
 * applies; every call in them carries a recorded cost.
 */
class FixtureTotalsTest {

  @TempDir Path home;

  /** file (relative to the fixtures), calls, input, output, cacheRead, cacheWrite, recorded nano-dollars, aborted. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "pi/pi-mono/before-compaction.jsonl, 471, 3689, 187895, 54693675, 1685320, 42595907500, 6",
    "pi/pi-mono/large-session.jsonl, 439, 1049, 83156, 43229469, 4296232, 30330197700, 8",
    "pi/agent-sessions-stage0-small.jsonl, 2, 24, 14, 0, 0, 0, 0",
    "pi/sidecar/pi/basic-session.jsonl, 1, 500, 100, 400, 100, 15000000, 0",
    "pi/sidecar/pi/cron-session.jsonl, 1, 500, 100, 0, 0, 10000000, 0",
    "pi/sidecar/pi/empty-session.jsonl, 0, 0, 0, 0, 0, 0, 0",
    "pi/sidecar/pi/other-project-session.jsonl, 1, 100, 20, 0, 0, 3000000, 0",
    "pi/sidecar/pi/telegram-session.jsonl, 1, 500, 100, 0, 0, 10000000, 0",
    "pi/sidecar/pi/tool-session.jsonl, 2, 1100, 150, 0, 0, 27000000, 0",
    "pi/sidecar/pi/whatsapp-session.jsonl, 1, 500, 100, 0, 0, 10000000, 0",
    "pi/sidecar/piagent/session1.jsonl, 2, 1100, 150, 900, 200, 27000000, 0",
    "pi/sidecar/piagent/session2.jsonl, 1, 200, 30, 100, 50, 8000000, 0",
    "openclaw/42naodia-moltbot-config/agents/main/sessions/76cc5ab5-0425-4038-b41f-0af9f313d594.jsonl,"
        + " 56, 336267, 7072, 446407, 75060, 4044074000, 0",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/003d9e5b-51f2-496b-911f-3564cacac047.jsonl,"
        + " 0, 0, 0, 0, 0, 0, 0",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/"
        + "62062efd-3696-4a10-9608-368ef9318d61.jsonl.deleted.2026-04-07T03-04-57.795Z,"
        + " 13, 15, 4952, 424300, 39756, 584500000, 0",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/"
        + "68a2ba36-d9de-4090-bed6-ed229f7d930d.jsonl.reset.2026-04-04T04-01-54.600Z,"
        + " 148, 196, 87313, 15927994, 1868781, 21827683250, 0",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/6a5d2a19-7148-419a-8c4c-28a69f062726.jsonl,"
        + " 0, 0, 0, 0, 0, 0, 0",
  })
  void eachFileParsesToItsPinnedTotals(
      String file, long calls, long input, long output, long cacheRead, long cacheWrite, long nanos, long aborted) {
    Path f = SharedFixtures.require(file);
    Source source = file.startsWith("openclaw/") ? new OpenClawSource() : new PiSource();
    ParserHarness.Result r = ParserHarness.parse(source, f.getParent(), f, Scans.env(home));
    List<UsageRecord> recs = r.records();
    assertEquals(calls, recs.size(), "calls");
    assertEquals(input, recs.stream().mapToLong(x -> x.tokens().input()).sum(), "input");
    assertEquals(output, recs.stream().mapToLong(x -> x.tokens().output()).sum(), "output");
    assertEquals(cacheRead, recs.stream().mapToLong(x -> x.tokens().cacheRead()).sum(), "cacheRead");
    assertEquals(cacheWrite, recs.stream().mapToLong(x -> x.tokens().cacheWrite()).sum(), "cacheWrite");
    assertEquals(nanos, recs.stream().mapToLong(x -> x.recordedCost().orElseThrow().nanos()).sum(), "cost");
    assertEquals(aborted, recs.stream().filter(x -> x.has(RecordFlag.ABORTED)).count(), "aborted");
    assertTrue(r.diagnostics().stream().noneMatch(d -> d.severity() != io.github.cream.api.Severity.INFO),
        () -> "only INFO diagnostics expected: " + r.diagnostics());
  }

  @Test
  void piRootThroughTheEngine() {
    Path root = SharedFixtures.require("pi");
    UsageSnapshot s = Scans.scan(home, new PiSource(), root, CostMode.RECORDED);
    // 922 calls in the files; the hand-written sidecar files reuse entry ids, timestamps and usage across files,
    // which is exactly what a fork copy looks like: 3 of them are copies of others
    assertEquals(922, s.stats().recordsRead());
    assertEquals(3, s.stats().duplicatesDropped());
    assertEquals(919, s.totals().calls());
    assertEquals(7762, s.totals().tokens().input());
    assertEquals(271515, s.totals().tokens().output());
    assertEquals(97924144, s.totals().tokens().cacheRead());
    assertEquals(5981802, s.totals().tokens().cacheWrite());
    assertEquals(73001105200L, s.totals().cost().nanos());
  }

  @Test
  void openclawRootThroughTheEngine() {
    Path root = SharedFixtures.require("openclaw");
    UsageSnapshot s = Scans.scan(home, new OpenClawSource(), root, CostMode.RECORDED);
    assertEquals(217, s.totals().calls());
    assertEquals(336478, s.totals().tokens().input());
    assertEquals(99337, s.totals().tokens().output());
    assertEquals(16798701, s.totals().tokens().cacheRead());
    assertEquals(1983597, s.totals().tokens().cacheWrite());
    assertEquals(26456257250L, s.totals().cost().nanos());
    assertEquals(0, s.stats().duplicatesDropped());
    // without sessions.json in the fixtures, categories come from the prompts' markers
    assertEquals("auto-dream",
        s.session("openclaw", "62062efd-3696-4a10-9608-368ef9318d61").orElseThrow().cronJob().orElseThrow());
    assertEquals(io.github.cream.api.SessionCategory.CRON,
        s.session("openclaw", "6a5d2a19-7148-419a-8c4c-28a69f062726").orElseThrow().category().orElseThrow());
    assertEquals(22, s.diagnostics().stream().filter(d -> d.code().equals("openclaw.message.synthetic"))
        .mapToLong(io.github.cream.api.Diagnostic::count).sum(), "delivery mirrors are not calls");
    assertEquals(List.of("minimax", "alibaba-cloud"),
        s.session("openclaw", "76cc5ab5-0425-4038-b41f-0af9f313d594").orElseThrow().providers());
  }
}
