package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.DedupKey;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.Cream;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forks and subagents replay their parent's history: the replay never counts, the child's own steps do. */
class ForkReplayTest {

  static final String PARENT = "019cadc6-9a80-7f0f-80f0-f0f0f0f0f0f0";
  static final String FORK = "019cae34-7780-7c0c-80c0-c0c0c0c0c0c0";
  static final String SPAWN_PARENT = "019cb3ff-9f00-7909-8090-9090909090a0";
  static final String SPAWN = "019cb41b-1640-7505-8050-5050505050a0";

  @TempDir Path home;

  private static TokenCounts t(long input, long cacheRead, long output, long reasoning) {
    return new TokenCounts(input, cacheRead, 0, 0, output, reasoning);
  }

  private ParserHarness.Result parse(String fixture) {
    return Support.parse(home, Support.copy(fixture, home.resolve("one"), true));
  }

  private UsageSnapshot scan(String... fixtures) {
    Path dir = home.resolve("pile");
    for (String f : fixtures) {
      Support.copy(f, dir, true);
    }
    return Support.scan(home, dir);
  }

  private static List<TokenCounts> tokens(List<UsageRecord> records) {
    return records.stream().map(UsageRecord::tokens).toList();
  }

  @Test
  void aUserForkCountsOnlyItsOwnTurns() {
    // the child: its session_meta, a copy of the parent's, the parent's turns re-stamped to the fork's second,
    // then its own turns, whose v7 turn ids were minted after the child thread
    ParserHarness.Result r = parse("fork-child.jsonl");
    assertEquals(List.of(t(2_000, 5_000, 120, 60), t(500, 3_500, 90, 20)), tokens(r.records()));
    for (UsageRecord x : r.records()) {
      assertEquals(FORK, x.sessionId());
      assertTrue(x.flags().isEmpty(), "a user fork is not a subagent");
      DedupKey k = x.dedupKey().orElseThrow();
      assertEquals(1, k.tier());
      assertEquals(FORK, k.variant());
      assertTrue(k.group().startsWith(PARENT + "#"));
    }
    assertEquals(3L, Support.codes(r.diagnostics()).get("codex.replay.skipped"));
    SessionFacts f = r.facts().get(0);
    assertEquals(FORK, f.sessionId());
    assertEquals(PARENT, f.parentSessionId().orElseThrow());
    assertEquals(PARENT, f.attributes().get("forkedFrom"));
    assertEquals(SessionCategory.INTERACTIVE, f.category().orElseThrow());
    assertEquals(Instant.parse("2026-03-02T11:00:00.050Z"), f.firstSeen().orElseThrow());
    assertEquals(1, r.facts().size(), "the copied parent session_meta gives no facts");
  }

  @Test
  void parentAndForkTogetherCountEachStepOnce() {
    UsageSnapshot s = scan("fork-parent.jsonl", "fork-child.jsonl");
    assertEquals(4, s.records().size());
    assertEquals(0, s.stats().duplicatesDropped());
    TokenCounts all = s.totals().tokens();
    // parent: 50,000 in (40,000 cached), 700 out; fork's own: 11,000 in (8,500 cached), 210 out
    assertEquals(61_000L, all.input() + all.cacheRead());
    assertEquals(48_500L, all.cacheRead());
    assertEquals(910L, all.output());
    SessionSummary child = s.session("codex", FORK).orElseThrow();
    assertEquals(2L, child.totals().calls());
    assertEquals(PARENT, child.parentSessionId().orElseThrow());
  }

  @Test
  void aSpawnedSubagentReplayingOriginalTimestampsCountsOnlyItsOwnStep() {
    // here the replayed rows keep their original timestamps, minutes apart: a "same second as the fork" rule
    // cannot see them, the turn ids can
    ParserHarness.Result r = parse("spawn-child.jsonl");
    assertEquals(List.of(t(12_000, 0, 300, 120)), tokens(r.records()));
    UsageRecord x = r.records().get(0);
    assertTrue(x.has(RecordFlag.SUBAGENT));
    assertEquals("gpt-5.4-mini", x.model());
    assertEquals(Instant.parse("2026-03-03T14:30:04Z"), x.timestamp());
    SessionFacts f = r.facts().get(0);
    assertEquals(SPAWN, f.sessionId());
    assertEquals(SessionCategory.SUBAGENT, f.category().orElseThrow());
    assertEquals(SPAWN_PARENT, f.parentSessionId().orElseThrow());
    assertEquals("thread_spawn", f.attributes().get("subagent"));
    assertEquals("subagent", f.attributes().get("threadSource"));
    assertEquals(Instant.parse("2026-03-03T14:30:00.020Z"), f.firstSeen().orElseThrow(),
        "the replayed parent lines are not the child's activity");
  }

  @Test
  void siblingSubagentsReachingEqualTotalsAreNotMerged() {
    UsageSnapshot s = scan("spawn-parent.jsonl", "spawn-child.jsonl", "sibling-a.jsonl", "sibling-b.jsonl");
    assertEquals(0, s.stats().duplicatesDropped());
    assertEquals(5, s.records().size(), "parent 2, spawned child 1, each sibling 1");
    List<UsageRecord> siblings = s.records().stream().map(PricedRecord::record)
        .filter(r -> r.model().equals("gpt-5.4-mini") && r.tokens().equals(t(2_000, 6_000, 200, 80))).toList();
    assertEquals(2, siblings.size());
    DedupKey a = siblings.get(0).dedupKey().orElseThrow();
    DedupKey b = siblings.get(1).dedupKey().orElseThrow();
    assertEquals(a.group(), b.group(), "same parent, same cumulative vector");
    assertNotEquals(a.variant(), b.variant(), "but two children: two calls");
    TokenCounts all = s.totals().tokens();
    assertEquals(75_000L + 12_000L + 2 * 8_000L, all.input() + all.cacheRead());
  }

  @Test
  void aReplayRowThatEscapesTheGateCollapsesIntoTheParentsOriginal() {
    // a fork written without turn ids whose replay spans two seconds: the fallback rule (ccusage's same-second
    // rule) lets the second replayed row through; its key is the parent's, one tier down
    ParserHarness.Result alone = parse("fork-noids.jsonl");
    assertEquals(List.of(t(5_000, 25_000, 400, 150), t(500, 3_500, 90, 20)), tokens(alone.records()));
    UsageSnapshot s = scan("fork-parent.jsonl", "fork-noids.jsonl");
    assertEquals(1, s.stats().duplicatesDropped());
    assertEquals(3, s.records().size());
    TokenCounts all = s.totals().tokens();
    assertEquals(50_000L + 4_000L, all.input() + all.cacheRead());
    assertEquals(700L + 90L, all.output());
  }

  @Test
  void withoutTurnIdsRowsDatedBeforeTheChildExistedAreTheParents() {
    // no turn ids at all, and a replay that kept its original timestamps (minutes apart, before the child)
    String child = "019cb41b-1640-7505-8050-5050505050b1"; // minted 2026-03-03T14:30:00Z
    String meta = "{\"timestamp\":\"2026-03-03T14:30:00.020Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\""
        + child + "\",\"parent_thread_id\":\"" + SPAWN_PARENT + "\",\"source\":\"cli\"}}";
    String tc = "{\"timestamp\":\"%s\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5.5\"}}";
    String count = "{\"timestamp\":\"%s\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
        + "\"info\":{\"total_token_usage\":{\"input_tokens\":%d,\"cached_input_tokens\":%d,\"output_tokens\":%d,"
        + "\"reasoning_output_tokens\":%d}}}}";
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("noids/c.jsonl"),
        meta,
        String.format(tc, "2026-03-03T14:00:00.600Z"),
        String.format(count, "2026-03-03T14:00:05.000Z", 30_000, 20_000, 400, 200),
        String.format(tc, "2026-03-03T14:20:00.100Z"),
        String.format(count, "2026-03-03T14:20:06.000Z", 75_000, 60_000, 1_000, 450),
        String.format(tc, "2026-03-03T14:30:01.000Z"),
        String.format(count, "2026-03-03T14:30:04.000Z", 87_000, 60_000, 1_300, 570)));
    assertEquals(List.of(t(12_000, 0, 300, 120)), tokens(r.records()));
    assertEquals(2L, Support.codes(r.diagnostics()).get("codex.replay.skipped"));
  }

  @Test
  void anArchivedByteIdenticalCopyCountsOnce() throws IOException {
    Path codex = home.resolve(".codex");
    String name = "rollout-2026-03-01T10-00-00-019ca8d7-2d00-7a0a-80a0-a0a0a0a0a0a0.jsonl";
    Path live = Support.copy("reemit.jsonl", codex.resolve("sessions/2026/03/01/" + name));
    Path archived = codex.resolve("archived_sessions/" + name);
    Files.createDirectories(archived.getParent());
    Files.copy(live, archived);
    UsageSnapshot s = Cream.builder()
        .environment(Support.env(home))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new CodexSource())
        .parallelism(2)
        .build()
        .scan();
    assertEquals(2, s.stats().filesScanned());
    assertEquals(2, s.records().size());
    assertEquals(2, s.stats().duplicatesDropped());
    assertEquals(1, s.sessions().size());
    assertEquals(2L, s.sessions().get(0).totals().calls());
  }

  @Test
  void theSameRolloutUnderTwoHomesCountsOnce() {
    Path a = home.resolve("a");
    Path b = home.resolve("b");
    Support.copy("compaction.jsonl", a.resolve("sessions/2026/03/01/rollout-x.jsonl"));
    Support.copy("compaction.jsonl", b.resolve("archived_sessions/rollout-x.jsonl"));
    UsageSnapshot s = Cream.builder()
        .environment(Support.env(home, Map.of("CODEX_HOME", a + "," + b)))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new CodexSource())
        .build()
        .scan();
    assertEquals(3, s.records().size());
    assertEquals(3, s.stats().duplicatesDropped());
  }
}
