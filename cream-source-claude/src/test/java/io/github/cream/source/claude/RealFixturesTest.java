package io.github.cream.source.claude;

import static io.github.cream.source.claude.Fixtures.copy;
import static io.github.cream.source.claude.Fixtures.copyTree;
import static io.github.cream.source.claude.Fixtures.count;
import static io.github.cream.source.claude.Fixtures.problems;
import static io.github.cream.source.claude.Fixtures.real;
import static io.github.cream.source.claude.Fixtures.scan;
import static io.github.cream.source.claude.Fixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.core.ReportRow;
import io.github.cream.core.UsageSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pinned totals of the shared real fixtures ({@code ../shared/fixtures/claude}, read-only: files are copied into a
 * temporary {@code projects/} tree at test time; the tests skip when the fixtures are absent).
 *
 * <p>How the figures were derived independently of this code: a throwaway Python script (not in the repository)
 * read each file with {@code json.loads}, kept lines whose top-level {@code message.usage} is an object on a line
 * typed {@code assistant} or untyped, dropped {@code <synthetic>}, grouped by (message id, request id) (or (session,
 * message id) without a request id), dropped sidechain copies of a message id that has a main copy, kept the copy
 * with the largest token total and summed. The 258c7280 main-file figures agree with the research notes (§1.5,
 * "keep max/last per (msg,req)") and the 258c7280 session's with ccusage 20.0.24 ({@code daily --json}). Titles
 * were read off the files by eye.
 */
class RealFixturesTest {

  static final String MAIN = "258c7280-ae70-4798-800f-63464d01a85d";

  @TempDir Path home;

  private Path projects() {
    return home.resolve("projects");
  }

  /** One real file copied to {@code projects/<project>/<name>}. */
  private UsageSnapshot scanOne(String fixture, String project, String name) {
    copy(real().resolve(fixture), projects().resolve(project).resolve(name));
    return scan(home, projects());
  }

  private static void assertTotals(UsageSnapshot s, long calls, TokenCounts expected) {
    assertEquals(calls, s.totals().calls(), "calls");
    assertEquals(expected, tokens(s));
  }

  @Test
  void theSpotterMainTranscriptAlone() {
    UsageSnapshot s = scanOne("spotter-real/" + MAIN + ".jsonl", "-spotter", MAIN + ".jsonl");
    // the research notes' golden figures: 152 calls, input 180, output 38,899, 1 h writes 349,474, reads 14,771,617
    assertTotals(s, 152, new TokenCounts(180, 14_771_617, 0, 349_474, 38_899, 0));
    assertEquals(299 - 152, s.stats().duplicatesDropped(), "299 assistant lines, 152 calls");
    assertEquals(List.of(), problems(s));
    assertTrue(s.records().stream().allMatch(r -> r.record().model().equals("claude-opus-4-6")));
    assertTrue(s.records().stream().noneMatch(r -> r.record().has(RecordFlag.SUBAGENT)));
    SessionSummary session = s.session("claude", MAIN).orElseThrow();
    assertEquals(Optional.of("Implement spotter-gqc"), session.title());
    assertEquals(Optional.of(SessionCategory.INTERACTIVE), session.category());
    assertEquals("2.1.39", session.attributes().get("version"));
    assertEquals(1, s.sessions().size());
  }

  @Test
  void theSpotterMainTranscriptAtOpusListPrices() {
    copy(real().resolve("spotter-real/" + MAIN + ".jsonl"), projects().resolve("-spotter").resolve(MAIN + ".jsonl"));
    UsageSnapshot s =
        Fixtures.cream(home, projects())
            .price(
                ModelPrice.builder("claude-opus-4-6").provider("anthropic")
                    .input("5").output("25").cacheRead("0.5").cacheWrite5m("6.25").cacheWrite1h("10").build())
            .build()
            .scan();
    // 180*5 + 38,899*25 + 14,771,617*0.5 + 349,474*10 dollars per million tokens: $11.8539235 (research §6 rule 8)
    assertEquals(Money.ofUsd("11.8539235"), s.totals().cost());
  }

  @Test
  void theSpotterSessionWithItsSubagentAndCompactionTranscripts() {
    copyTree(real().resolve("spotter-real/" + MAIN), projects().resolve("-spotter").resolve(MAIN));
    copy(real().resolve("spotter-real/" + MAIN + ".jsonl"), projects().resolve("-spotter").resolve(MAIN + ".jsonl"));
    UsageSnapshot s = scan(home, projects());
    // main 152 + agent-a881341 3 (sonnet-4-5) + agent-acompact 1; the two agent_progress copies in the main file
    // repeat agent-a881341 calls and never count
    assertTotals(s, 156, new TokenCounts(198, 14_972_534, 0, 394_137, 38_908, 0));
    assertEquals(4, s.records().stream().filter(r -> r.record().has(RecordFlag.SUBAGENT)).count());
    assertTrue(s.records().stream().allMatch(r -> r.record().sessionId().equals(MAIN)));
    assertEquals(1, s.sessions().size());
    SessionSummary session = s.sessions().get(0);
    assertEquals(Optional.of("Implement spotter-gqc"), session.title());
    assertEquals(Optional.of(SessionCategory.INTERACTIVE), session.category());
    assertEquals(List.of(), problems(s));
  }

  @Test
  void theSpotterSubagentTranscriptsAlone() {
    UsageSnapshot agent =
        scanOne("spotter-real/" + MAIN + "/subagents/agent-a881341.jsonl", "-spotter/" + MAIN + "/subagents",
            "agent-a881341.jsonl");
    assertTotals(agent, 3, new TokenCounts(15, 34_159, 0, 42_176, 3, 0));
    SessionSummary session = agent.session("claude", MAIN).orElseThrow();
    assertEquals(Optional.of(SessionCategory.SUBAGENT), session.category());
    assertEquals(Optional.empty(), session.title(), "an agent's prompt does not title its parent session");
  }

  @Test
  void theSpotterCompactionAgentAlone() {
    UsageSnapshot s =
        scanOne("spotter-real/" + MAIN + "/subagents/agent-acompact-fffbd0.jsonl", "-spotter/" + MAIN + "/subagents",
            "agent-acompact-fffbd0.jsonl");
    assertTotals(s, 1, new TokenCounts(3, 166_758, 0, 2_487, 6, 0));
  }

  @Test
  void theOtherSpotterTranscripts() {
    UsageSnapshot shortOne = scanOne("spotter-real/short.jsonl", "-spotter", "short.jsonl");
    assertTotals(shortOne, 1, new TokenCounts(3, 11_515, 0, 13_835, 13, 0));
    assertEquals(4, shortOne.stats().duplicatesDropped(), "one response written as five lines");
    assertEquals(Optional.of("mix phx.server doesnt seem to start"), shortOne.sessions().get(0).title());
  }

  @Test
  void theSpotterTranscriptWithAgentProgressButNoSubagentFile() {
    UsageSnapshot s = scanOne("spotter-real/subagent.jsonl", "-spotter", "subagent.jsonl");
    // 12 opus calls; the five haiku calls of its subagent appear only as agent_progress copies (the fixture lacks
    // the subagents/ folder) and are not counted
    assertTotals(s, 12, new TokenCounts(1_576, 427_286, 0, 25_842, 1_586, 0));
    assertTrue(s.records().stream().allMatch(r -> r.record().model().equals("claude-opus-4-6")));
    assertEquals(
        Optional.empty(),
        s.sessions().get(0).title().filter(t -> t.startsWith("<")),
        "a slash command is not a title");
  }

  @Test
  void theToolHeavySpotterTranscript() {
    UsageSnapshot s = scanOne("spotter-real/tool_heavy.jsonl", "-spotter", "tool_heavy.jsonl");
    assertTotals(s, 4, new TokenCounts(54, 88_231, 0, 17_696, 212, 0));
    assertEquals(Optional.of("start phoenix in background"), s.sessions().get(0).title());
  }

  @Test
  void inlineSidechainLinesOfClaudeCode2046() {
    UsageSnapshot s =
        scanOne("claude-code-log-derived/sidechain_integrated.jsonl", "-clog", "sidechain_integrated.jsonl");
    // no cache_creation split in 2.0.46: every write is a 5-minute write
    assertTotals(s, 3, new TokenCounts(9, 141_272, 164_054, 0, 738, 0));
    assertEquals(1, s.records().stream().filter(r -> r.record().has(RecordFlag.SUBAGENT)).count());
    assertEquals(
        Optional.of("e:\\Workspace\\src\\github\\claude-code-log"), s.sessions().get(0).project(), "a Windows cwd");
    assertEquals(List.of(), problems(s));
  }

  @Test
  void ccusagesOwnFixtures() {
    copy(real().resolve("ccusage-fixtures-synthetic/project-alpha_session-alpha_chat.jsonl"),
        projects().resolve("project-alpha/session-alpha/chat.jsonl"));
    UsageSnapshot alpha = scan(home, projects());
    assertTotals(alpha, 3, new TokenCounts(600, 70, 75, 0, 250, 0));
    assertEquals(Money.ofUsd("1.02"), alpha.totals().cost(), "costUSD 0.12 + 0.34 + 0.56, recorded");
    assertEquals(3, alpha.totals().recordedCalls());
    assertEquals(1, alpha.records().stream().filter(r -> r.record().serviceTier().equals("fast")).count());
    assertTrue(alpha.records().stream().allMatch(r -> r.record().sessionId().equals("session-alpha")));
    copy(real().resolve("ccusage-fixtures-synthetic/project-beta_session-beta_chat.jsonl"),
        projects().resolve("project-beta/session-beta/chat.jsonl"));
    UsageSnapshot both = scan(home, projects());
    assertTotals(both, 5, new TokenCounts(730, 110, 90, 0, 310, 0));
    assertEquals(Money.ofUsd("1.09"), both.totals().cost());
  }

  @Test
  void theSchemaCoverageComposite() {
    UsageSnapshot s = scanOne("agent-sessions-stage0/small.jsonl", "-stage0", "small.jsonl");
    // one valid call; five more carry the timestamp "[trimmed for fixture]"; one is <synthetic>
    assertTotals(s, 1, new TokenCounts(10, 0, 0, 0, 5, 0));
    assertEquals("claude-opus-5", s.records().get(0).record().model());
    assertEquals(5, count(s, "claude.timestamp.invalid"));
    assertTrue(problems(s).stream().allMatch(d -> d.severity() == Severity.WARNING));
    SessionSummary session = s.session("claude", "ses_stage0_small").orElseThrow();
    assertEquals(Optional.of("Stage0 small fixture"), session.title(), "the custom title wins");
  }

  @Test
  void theSchemaCoverageFilesWithoutUsage() {
    copy(real().resolve("agent-sessions-stage0/large.jsonl"), projects().resolve("-stage0/large.jsonl"));
    copy(real().resolve("agent-sessions-stage0/schema_drift.jsonl"), projects().resolve("-stage0/schema_drift.jsonl"));
    copyTree(real().resolve("agent-sessions-stage0/subagent"), projects().resolve("-stage0-sub"));
    UsageSnapshot s = scan(home, projects());
    assertTotals(s, 0, TokenCounts.ZERO);
    assertEquals(List.of(), problems(s));
    String parent = "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f";
    SessionSummary sub = s.session("claude", parent).orElseThrow();
    assertEquals(Optional.of("Delegate a repo search to a subagent"), sub.title());
    assertEquals(Optional.of(SessionCategory.INTERACTIVE), sub.category());
    assertFalse(s.session("claude", "agent-a0ad4f44468bdf20d").isPresent(), "the subagent file belongs to its folder");
    assertEquals(Optional.of("Open README"), s.session("claude", "ses_stage0_drift").orElseThrow().title());
    assertEquals(Optional.of("Start"), s.session("claude", "ses_stage0_large").orElseThrow().title());
  }

  /** Every Claude fixture in one tree, the way the ccusage comparison laid them out. */
  private Path everything() {
    Path p = projects();
    Path r = real();
    copy(r.resolve("spotter-real/" + MAIN + ".jsonl"), p.resolve("-spotter-gqc/" + MAIN + ".jsonl"));
    copyTree(r.resolve("spotter-real/" + MAIN), p.resolve("-spotter-gqc/" + MAIN));
    for (String f : List.of("short.jsonl", "subagent.jsonl", "tool_heavy.jsonl")) {
      copy(r.resolve("spotter-real/" + f), p.resolve("-spotter-misc/" + f));
    }
    for (String f : List.of("small.jsonl", "large.jsonl", "schema_drift.jsonl")) {
      copy(r.resolve("agent-sessions-stage0/" + f), p.resolve("-agentsessions/" + f));
    }
    copyTree(r.resolve("agent-sessions-stage0/subagent"), p.resolve("-agentsub"));
    copy(r.resolve("claude-code-log-derived/sidechain_integrated.jsonl"), p.resolve("-clog/sidechain_integrated.jsonl"));
    copy(r.resolve("ccusage-fixtures-synthetic/project-alpha_session-alpha_chat.jsonl"),
        p.resolve("project-alpha/session-alpha/chat.jsonl"));
    copy(r.resolve("ccusage-fixtures-synthetic/project-beta_session-beta_chat.jsonl"),
        p.resolve("project-beta/session-beta/chat.jsonl"));
    return p;
  }

  @Test
  void dailyTotalsOfEveryFixtureMatchTheComparisonWithCcusage() {
    UsageSnapshot s = scan(home, everything());
    Map<String, TokenCounts> daily = new LinkedHashMap<>();
    for (ReportRow row : s.daily(ZoneOffset.UTC).rows()) {
      daily.put(row.key(), row.totals().tokens());
    }
    Map<String, TokenCounts> expected = new LinkedHashMap<>();
    // ccusage 20.0.24 reports no such day: its "usage":{ marker misses this file, written with spaces after colons
    expected.put("2025-11-19", new TokenCounts(9, 141_272, 164_054, 0, 738, 0));
    expected.put("2025-12-16", new TokenCounts(10, 0, 0, 0, 5, 0));
    expected.put("2026-01-09", new TokenCounts(300, 30, 75, 0, 125, 0));
    expected.put("2026-01-10", new TokenCounts(300, 40, 0, 0, 125, 0));
    expected.put("2026-02-03", new TokenCounts(130, 40, 15, 0, 60, 0));
    // ccusage: input 1,657, output 1,818, cache write 71,658, cache read 622,375: it also counts the five
    // agent_progress copies of subagent.jsonl's haiku calls, whose own transcript the fixture lacks
    expected.put("2026-02-10", new TokenCounts(1_633, 527_032, 0, 57_373, 1_811, 0));
    expected.put("2026-02-11", new TokenCounts(198, 14_972_534, 0, 394_137, 38_908, 0));
    assertEquals(expected, daily);
    assertEquals(Instant.parse("2025-11-19T22:53:34.908Z"), s.records().get(0).record().timestamp());
  }
}
