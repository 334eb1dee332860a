package io.github.cream.source.claude;

import static io.github.cream.source.claude.Fixtures.S1;
import static io.github.cream.source.claude.Fixtures.S2;
import static io.github.cream.source.claude.Fixtures.S3;
import static io.github.cream.source.claude.Fixtures.byMessage;
import static io.github.cream.source.claude.Fixtures.codes;
import static io.github.cream.source.claude.Fixtures.count;
import static io.github.cream.source.claude.Fixtures.problems;
import static io.github.cream.source.claude.Fixtures.scan;
import static io.github.cream.source.claude.Fixtures.synthetic;
import static io.github.cream.source.claude.Fixtures.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CostProvenance;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One synthetic fixture per rule (see {@code src/test/resources/fixtures}), scanned by the real engine. */
class ClaudeRulesTest {

  @TempDir Path home;

  private UsageSnapshot scanFixture(String name) {
    return scan(home, synthetic(name));
  }

  private static SessionSummary session(UsageSnapshot s, String id) {
    return s.session(ClaudeSource.ID, id).orElseThrow(() -> new AssertionError("no session " + id));
  }

  @Test
  void aStreamedResponseCountsOnceWithItsFinalOutputAndFirstTimestamp() {
    UsageSnapshot s = scanFixture("streaming");
    assertEquals(2, s.records().size());
    UsageRecord a = byMessage(s, "msg_A").record();
    assertEquals(new TokenCounts(3, 1000, 0, 200, 299, 0), a.tokens(), "the last line holds the final output");
    assertEquals(Instant.parse("2026-03-01T10:00:02Z"), a.timestamp(), "dated when the response started");
    assertEquals(Optional.of("req_A"), a.requestId());
    assertEquals(Optional.of(new DedupKey("m:msg_A", "req_A", 0)), a.dedupKey());
    assertEquals("anthropic", a.provider());
    assertEquals("claude-sonnet-4-5-20250929", a.model());
    assertEquals(Optional.of("/home/me/app"), a.project());
    assertEquals(S1, a.sessionId());
    assertEquals(Set.of(), a.flags());
    assertEquals(UsageRecord.STANDARD_TIER, a.serviceTier());
    assertEquals(new TokenCounts(8, 2200, 0, 230, 339, 0), tokens(s));
    assertEquals(2, s.stats().duplicatesDropped());
    assertEquals(List.of(), problems(s));
    SessionSummary session = session(s, S1);
    assertEquals(Optional.of("Fix the login bug"), session.title());
    assertEquals(Optional.of("/home/me/app"), session.project());
    assertEquals(Optional.of(SessionCategory.INTERACTIVE), session.category());
    assertEquals("2.1.39", session.attributes().get("version"));
    assertEquals("main", session.attributes().get("gitBranch"));
  }

  @Test
  void aResumedSessionsCopiesCountOnceAcrossFilesAndKeepTheirSession() {
    UsageSnapshot s = scanFixture("resumed");
    assertEquals(3, s.records().size());
    UsageRecord c = byMessage(s, "msg_C").record();
    assertEquals(120, c.tokens().output(), "the copy with the final output wins, whichever file holds it");
    assertEquals(Instant.parse("2026-03-02T09:00:01Z"), c.timestamp());
    assertEquals(S1, c.sessionId(), "copied history stays with the session it was made in");
    assertEquals(S1, byMessage(s, "msg_D").record().sessionId());
    assertEquals(S2, byMessage(s, "msg_E").record().sessionId());
    assertEquals(new TokenCounts(17, 1100, 500, 0, 250, 0), tokens(s));
    assertEquals(Optional.of("Refactor the parser"), session(s, S1).title());
    assertEquals(
        Optional.of("Continue with the tests"),
        session(s, S2).title(),
        "the new session of a resumed file gets its own first prompt");
  }

  @Test
  void withoutARequestIdCopiesAreMatchedByMessageIdWithinTheSessionOnly() {
    UsageSnapshot s = scanFixture("no-request-id");
    assertEquals(2, s.records().size(), "gateways reuse message ids across sessions");
    PricedRecord first =
        s.records().stream().filter(r -> r.record().sessionId().equals(S1)).findFirst().orElseThrow();
    assertEquals(new TokenCounts(100, 0, 0, 0, 50, 0), first.record().tokens());
    assertEquals(Optional.empty(), first.record().requestId());
    assertEquals(Optional.of(new DedupKey("s:" + S1 + "\u0000gw-1", "", 0)), first.record().dedupKey());
    assertEquals(Instant.parse("2026-03-04T10:00:00Z"), first.record().timestamp());
    assertEquals(new TokenCounts(300, 0, 0, 0, 59, 0), tokens(s));
    assertEquals(List.of(), problems(s));
  }

  @Test
  void aSidechainReplayOfAParentMessageLosesToTheParentButSubagentCallsCount() {
    UsageSnapshot s = scanFixture("sidechain");
    List<String> ids =
        s.records().stream().map(r -> r.record().messageId().orElseThrow() + "/" + r.record().requestId().orElseThrow())
            .sorted().collect(Collectors.toList());
    assertEquals(
        List.of("msg_L/req_L1", "msg_L/req_L2", "msg_P/req_P1", "msg_Q/req_Q", "msg_Z/req_Z"),
        ids,
        "the replay msg_P/req_P2 is dropped; msg_L's two request ids are two calls");
    assertFalse(byMessage(s, "msg_P").record().has(RecordFlag.SUBAGENT));
    assertTrue(byMessage(s, "msg_Q").record().has(RecordFlag.SUBAGENT));
    assertTrue(byMessage(s, "msg_Z").record().has(RecordFlag.SUBAGENT), "an inline isSidechain line");
    assertEquals(1, byMessage(s, "msg_Q").record().dedupKey().orElseThrow().tier());
    assertEquals(new TokenCounts(20, 203_800, 100, 860, 161, 0), tokens(s));
    assertEquals(1, s.stats().duplicatesDropped());
    SessionSummary session = session(s, S1);
    assertEquals(Optional.of("Research the cache rules"), session.title(), "subagent prompts never title");
    assertEquals(Optional.of(SessionCategory.INTERACTIVE), session.category());
  }

  @Test
  void subagentFilesOfEveryLayoutBelongToTheParentSession() {
    UsageSnapshot s = scanFixture("subagents");
    assertEquals(5, s.records().size(), "journal.jsonl and tool-results are not transcripts");
    for (String id : List.of("msg_M1", "msg_S1", "msg_S2", "msg_S3")) {
      assertEquals(S1, byMessage(s, id).record().sessionId(), id);
    }
    assertFalse(byMessage(s, "msg_M1").record().has(RecordFlag.SUBAGENT));
    for (String id : List.of("msg_S1", "msg_S2", "msg_S3", "msg_O1")) {
      assertTrue(byMessage(s, id).record().has(RecordFlag.SUBAGENT), id);
    }
    assertEquals(Optional.of("/home/me/app/wt"), byMessage(s, "msg_S3").record().project());
    assertEquals(S3, byMessage(s, "msg_O1").record().sessionId());
    assertEquals(new TokenCounts(15, 9000, 0, 600, 150, 0), tokens(s));
    assertEquals(
        List.of(S1, S3), s.sessions().stream().map(SessionSummary::sessionId).sorted().collect(Collectors.toList()));
    SessionSummary parent = session(s, S1);
    assertEquals(Optional.of("Plan the release"), parent.title());
    assertEquals(Optional.of(SessionCategory.INTERACTIVE), parent.category());
    assertEquals(Optional.of("/home/me/app"), parent.project(), "the main transcript outranks subagent files");
    assertEquals(Optional.of(Instant.parse("2026-03-06T10:00:00Z")), parent.firstActivity());
    assertEquals(Optional.of(Instant.parse("2026-03-06T10:06:00Z")), parent.lastActivity());
    SessionSummary old = session(s, S3);
    assertEquals(Optional.of(SessionCategory.SUBAGENT), old.category(), "known only through an agent file");
    assertEquals(Optional.of("Old style agent prompt"), old.title());
    assertEquals(List.of(), problems(s));
  }

  @Test
  void nestedUsageInProgressLinesAndToolResultsNeverCounts() {
    UsageSnapshot s = scanFixture("progress");
    assertEquals(1, s.records().size());
    assertEquals("msg_R", s.records().get(0).record().messageId().orElseThrow());
    assertEquals(new TokenCounts(1, 0, 0, 10, 1, 0), tokens(s));
    assertEquals(List.of(), problems(s));
  }

  @Test
  void syntheticMessagesAreNotCallsAndErrorsCountOnlyWhenTheyUsedTokens() {
    UsageSnapshot s = scanFixture("synthetic");
    assertEquals(2, s.records().size());
    UsageRecord err = byMessage(s, "msg_err1").record();
    assertTrue(err.has(RecordFlag.ABORTED));
    assertEquals(new TokenCounts(20, 400, 0, 0, 3, 0), err.tokens());
    assertFalse(byMessage(s, "msg_ok").record().has(RecordFlag.ABORTED));
    assertEquals(List.of(), problems(s));
  }

  @Test
  void oldCostUsdIsTheRecordedCostAndLinesWithoutATypeAreCalls() {
    UsageSnapshot s = scanFixture("cost");
    assertEquals(4, s.records().size(), "the line typed 'result' is not a call");
    PricedRecord c1 = byMessage(s, "msg_c1");
    assertEquals(Optional.of(Money.ofUsd("0.12")), c1.record().recordedCost());
    assertEquals(CostProvenance.RECORDED, c1.cost().provenance());
    assertEquals(new TokenCounts(100, 10, 25, 0, 50, 0), c1.record().tokens(), "no split: all writes are 5-minute");
    assertEquals(Optional.empty(), byMessage(s, "msg_c2").record().recordedCost(), "costUSD:null is absent");
    assertEquals(Optional.empty(), byMessage(s, "msg_c3").record().recordedCost());
    assertEquals(2, count(s, "claude.cost.invalid"));
    assertEquals(Money.ofUsd("0.12"), s.totals().cost());
    assertEquals(1, s.totals().recordedCalls());
    assertEquals("1.0.8", session(s, S1).attributes().get("version"));
  }

  @Test
  void recordedCostWinsInAutoModeAndPricesApplyToTheRest() {
    UsageSnapshot s =
        Fixtures.cream(home, synthetic("cost"))
            .price(
                ModelPrice.builder("claude-sonnet-4-20250514").provider("anthropic")
                    .input("3").output("15").cacheRead("0.3").cacheWrite5m("3.75").cacheWrite1h("6").build())
            .build()
            .scan();
    assertEquals(1, s.totals().recordedCalls());
    assertEquals(3, s.totals().calculatedCalls());
    // 0.12 recorded + 3 calls of 1 input and 2 output tokens at $3/$15 per million
    assertEquals(Money.ofUsd("0.12").plus(Money.ofUsd("0.000099")), s.totals().cost());
  }

  @Test
  void tokenNormalisationFastModeProvidersAndCacheSplits() {
    UsageSnapshot s = scanFixture("tokens");
    UsageRecord fast = byMessage(s, "msg_f").record();
    assertEquals("fast", fast.serviceTier());
    assertEquals(new TokenCounts(10, 30, 0, 40, 20, 0), fast.tokens());
    assertEquals(new TokenCounts(1, 2, 500, 0, 3, 0), byMessage(s, "msg_n").record().tokens());
    assertEquals(
        new TokenCounts(1, 0, 300, 300, 3, 0),
        byMessage(s, "msg_lo").record().tokens(),
        "a split short of the total: the unlabelled rest is a 5-minute write");
    assertEquals(
        new TokenCounts(1, 0, 50, 150, 3, 0),
        byMessage(s, "msg_hi").record().tokens(),
        "a split above the total: the split is kept");
    assertEquals(
        new TokenCounts(1, 0, 0, 0, 900, 700),
        byMessage(s, "msg_t").record().tokens(),
        "thinking is part of output; iterations never add");
    assertEquals(new TokenCounts(4, 0, 0, 0, 5, 0), byMessage(s, "msg_nul").record().tokens(), "null is absent");
    assertEquals("amazon-bedrock", byMessage(s, "msg_br").record().provider());
    assertEquals("google-vertex", byMessage(s, "msg_vx").record().provider());
    assertEquals(2, count(s, "claude.usage.cache-split-mismatch"));
    assertTrue(problems(s).stream().allMatch(d -> d.severity() == Severity.INFO));
    assertEquals(0, s.stats().malformedLines());
  }

  @Test
  void anAdvisorSubInferenceIsACallOfItsOwnAndOtherIterationsNeverAdd() {
    UsageSnapshot s = scanFixture("advisor");
    List<UsageRecord> adv =
        s.records().stream().map(PricedRecord::record).filter(r -> r.messageId().orElse("").equals("msg_adv"))
            .sorted(java.util.Comparator.comparing(UsageRecord::model)).collect(Collectors.toList());
    assertEquals(2, adv.size());
    UsageRecord advisor = adv.get(0);
    UsageRecord executor = adv.get(1);
    assertEquals("claude-opus-4-6", advisor.model());
    assertEquals(new TokenCounts(900, 0, 0, 2000, 600, 0), advisor.tokens());
    assertEquals(Optional.of(new DedupKey("m:msg_adv", "req_adv#advisor-0", 0)), advisor.dedupKey());
    assertEquals(
        Instant.parse("2026-03-16T10:00:09Z"), advisor.timestamp(), "only the final line carried the advisor");
    assertEquals("claude-sonnet-4-6", executor.model());
    assertEquals(new TokenCounts(30, 1000, 0, 0, 400, 0), executor.tokens(), "the top level is the executor's");
    assertEquals(Instant.parse("2026-03-16T10:00:00Z"), executor.timestamp());
    assertEquals(
        new TokenCounts(3, 0, 0, 0, 4, 0), byMessage(s, "msg_fb").record().tokens(), "a fallback iteration never adds");
    assertEquals(3, s.records().size());
    assertEquals(List.of(), problems(s));
  }

  @Test
  void hostileTokenCountsSkipTheLineWithADiagnostic() {
    UsageSnapshot s = scanFixture("hostile");
    assertEquals(1, s.records().size());
    assertEquals(new TokenCounts(7, 9, 0, 0, 8, 0), byMessage(s, "msg_good").record().tokens());
    assertEquals(12, count(s, "claude.usage.invalid"));
    assertEquals(1, count(s, "claude.usage.reasoning-invalid"));
    assertEquals(Set.of("claude.usage.invalid", "claude.usage.reasoning-invalid"), Set.copyOf(codes(s)));
    assertEquals(12, s.stats().malformedLines());
  }

  @Test
  void callsWithoutAValidTimestampAreSkipped() {
    UsageSnapshot s = scanFixture("timestamps");
    assertEquals(2, s.records().size());
    assertEquals(Instant.parse("2026-03-11T10:00:00Z"), byMessage(s, "msg_t5").record().timestamp());
    assertEquals(Instant.parse("2026-03-11T10:00:00.123456Z"), byMessage(s, "msg_t6").record().timestamp());
    assertEquals(3, count(s, "claude.timestamp.invalid"));
    assertEquals(1, count(s, "claude.timestamp.missing"));
  }

  @Test
  void unknownTypesAndFieldsAreIgnoredAndMalformedJsonIsReported() {
    UsageSnapshot s = scanFixture("unknown");
    assertEquals(1, s.records().size(), "a brand-new line type is not a call, even with a message.usage");
    assertEquals(new TokenCounts(11, 13, 0, 14, 12, 0), byMessage(s, "msg_u").record().tokens());
    assertEquals(List.of("claude.line.malformed-json", "claude.line.unknown-type-usage"), codes(s));
    assertEquals(2, count(s, "claude.line.malformed-json"));
    assertEquals(1, count(s, "claude.line.unknown-type-usage"), "usage on a type Claude Code is not known to write");
    assertTrue(problems(s).stream().allMatch(
        d -> d.severity() == (d.code().equals("claude.line.malformed-json") ? Severity.WARNING : Severity.INFO)));
    assertEquals(2, s.stats().malformedLines());
  }

  @Test
  void titlesComeFromCustomAiAndSummaryLinesElseTheFirstRealPrompt() {
    UsageSnapshot s = scanFixture("titles");
    assertEquals(Optional.of("Login bug fix"), session(s, S1).title(), "a summary line beats the first prompt");
    assertEquals(
        Optional.of("Please look at the flaky test in the login module and explain why it fails some\u2026"),
        session(s, S2).title(),
        "meta, command, interruption, tool-result and compact-summary lines are not prompts");
    assertEquals(Optional.of("My chosen name"), session(s, S3).title(), "custom-title > ai-title > summary > prompt");
    assertTrue(session(s, S2).title().orElseThrow().length() <= Titles.MAX_CHARS);
  }

  @Test
  void crlfLineEndsReadLikeLf() {
    UsageSnapshot s = scanFixture("crlf");
    assertEquals(2, s.records().size());
    assertEquals(new TokenCounts(7, 11, 13, 15, 9, 0), tokens(s));
    assertEquals(Optional.of("Windows prompt"), session(s, S1).title());
    assertEquals(List.of(), problems(s));
  }

  @Test
  void aTornLastLineIsLeftForTheNextScan() throws Exception {
    UsageSnapshot s = scanFixture("torn");
    assertEquals(1, s.records().size());
    assertEquals("msg_x1", s.records().get(0).record().messageId().orElseThrow());
    assertEquals(List.of(), problems(s));
    // once the agent finishes the line, the next scan reads it
    Path dir = Fixtures.copyTree(synthetic("torn"), home.resolve("projects"));
    Path file = dir.resolve("-home-me-app").resolve(S2 + ".jsonl");
    String text = Files.readString(file);
    String whole = Files.readString(synthetic("torn").resolve("-home-me-app").resolve(S2 + ".jsonl"));
    assertEquals(whole, text);
    Files.writeString(file, completed(text));
    UsageSnapshot after = scan(home, dir);
    assertEquals(2, after.records().size());
    assertEquals(List.of(), problems(after));
  }

  /** The torn fixture's last line, completed the way Claude Code would have finished writing it. */
  private static String completed(String torn) {
    String[] lines = torn.split("\n", -1);
    String first = lines[0];
    String second =
        first.replace("msg_x1", "msg_x2").replace("req_x1", "req_x2").replace("\"a1\"", "\"a2\"")
            .replace("11:00:00", "11:00:01");
    return first + "\n" + second + "\n";
  }

  @Test
  void dailyReportBucketsByTheFirstCopysTimestamp() {
    UsageSnapshot s = scanFixture("resumed");
    var rows = s.daily(java.time.ZoneOffset.UTC).rows();
    assertEquals(2, rows.size());
    assertEquals("2026-03-02", rows.get(0).key());
    assertEquals(2, rows.get(0).totals().calls());
    assertEquals("2026-03-03", rows.get(1).key());
  }
}
