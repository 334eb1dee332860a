package io.github.cream.examples.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.Cream;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.Report;
import io.github.cream.core.SourceStatus;
import io.github.cream.core.UsageSnapshot;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source through the real engine, over the fixture home. */
class GeminiCliSourceTest {

  private static final String MAIN = "0f0e0d0c-1111-4222-8333-444455556666";
  private static final String SUB = "x1y2z3";
  private static final String OTHER = "77aa88bb-2222-4333-8444-555566667777";

  @TempDir Path temp;

  @Test
  void theFixtureHomeCountsEveryCallOnce() {
    UsageSnapshot s = Support.scan(Support.fixtureHome());
    // 2026-06-10: the main session's 4 calls (one appended twice, one attached late, two copied by a snapshot) and
    // the subagent's call; 2026-06-11: two calls on two models
    assertEquals(7, s.totals().calls());
    assertEquals(new TokenCounts(33_748, 39_328, 0, 0, 2_593, 1_922), s.totals().tokens());
    assertEquals(CostProvenance.CALCULATED, s.totals().provenance(), "gemini-2.5-pro and -flash are priced");
    assertTrue(s.totals().cost().nanos() > 0);

    Report days = s.daily(ZoneOffset.UTC);
    assertEquals(List.of("2026-06-10", "2026-06-11"), days.rows().stream().map(r -> r.key()).toList());
    assertEquals(new TokenCounts(16_830, 25_328, 0, 0, 1_470, 1_059), days.rows().get(0).totals().tokens());
    assertEquals(new TokenCounts(16_918, 14_000, 0, 0, 1_123, 863), days.rows().get(1).totals().tokens());
  }

  @Test
  void eachCallIsNormalizedToCreamsMeaning() {
    UsageSnapshot s = Support.scan(Support.fixtureHome());
    Map<String, TokenCounts> byLine = s.records().stream().map(PricedRecord::record)
        .filter(r -> r.sessionId().equals(MAIN))
        .collect(Collectors.toMap(r -> r.origin().line() + "", UsageRecord::tokens));
    // line 4: no cache (the copy on line 6 and the snapshot's on line 17 are dropped)
    assertEquals(new TokenCounts(11_855, 0, 0, 0, 81, 0), byLine.get("4"));
    // line 8: input includes cached; output excludes thoughts
    assertEquals(new TokenCounts(567, 11_502, 0, 0, 267, 120), byLine.get("8"));
    // line 13: usage attached by a re-append after tokens:null on line 11
    assertEquals(new TokenCounts(100, 800, 0, 0, 80, 20), byLine.get("13"));
    // line 18: tool-use prompt tokens are input
    assertEquals(new TokenCounts(3_808, 11_526, 0, 0, 942, 919), byLine.get("18"));
    assertEquals(4, byLine.size());
    for (PricedRecord p : s.records()) {
      assertEquals("google", p.record().provider());
      assertTrue(p.record().recordedCost().isEmpty(), "Gemini CLI records no cost");
    }
  }

  @Test
  void modelsArePerCall() {
    UsageSnapshot s = Support.scan(Support.fixtureHome());
    Map<String, Long> calls = s.records().stream().map(PricedRecord::record)
        .collect(Collectors.groupingBy(UsageRecord::model, Collectors.counting()));
    assertEquals(Map.of("gemini-2.5-pro", 3L, "gemini-2.5-flash", 4L), calls);
    assertEquals(List.of("gemini-2.5-flash", "gemini-2.5-pro"), s.session("gemini", OTHER).orElseThrow().models());
  }

  @Test
  void sessionFacts() {
    UsageSnapshot s = Support.scan(Support.fixtureHome());
    assertEquals(3, s.sessions().size());
    SessionSummary main = s.session("gemini", MAIN).orElseThrow();
    assertEquals("Add a retry with backoff to the upload client and list the files you touched.",
        main.title().orElseThrow());
    assertEquals("/home/dev/src/my-app", main.project().orElseThrow(), "from the project's .project_root");
    assertEquals(SessionCategory.INTERACTIVE, main.category().orElseThrow());
    assertEquals(4, main.totals().calls());

    SessionSummary sub = s.session("gemini", SUB).orElseThrow();
    assertEquals(SessionCategory.SUBAGENT, sub.category().orElseThrow());
    assertEquals(MAIN, sub.parentSessionId().orElseThrow(), "the directory a subagent's file lies in");
    assertEquals("/home/dev/src/my-app", sub.project().orElseThrow());
    assertEquals("Find every caller of uploadFile.", sub.title().orElseThrow());
    assertTrue(s.records().stream().map(PricedRecord::record).filter(r -> r.sessionId().equals(SUB))
        .allMatch(r -> r.has(RecordFlag.SUBAGENT)));

    SessionSummary other = s.session("gemini", OTHER).orElseThrow();
    assertEquals("Why is the build red?", other.title().orElseThrow(), "a string content");
    assertTrue(other.project().isEmpty(), "no .project_root, and a main header names no directory");
  }

  @Test
  void legacyJsonSessionsAreReportedNotRead() {
    UsageSnapshot s = Support.scan(Support.fixtureHome());
    List<Diagnostic> legacy = s.diagnostics().stream()
        .filter(d -> d.code().equals(GeminiCliSource.LEGACY_SKIPPED)).toList();
    assertEquals(2, legacy.size(), legacy.toString());
    assertTrue(legacy.stream().allMatch(d -> d.severity() == Severity.INFO));
    assertTrue(s.diagnostics().stream().noneMatch(d -> d.severity() != Severity.INFO), s.diagnostics().toString());
    SourceStatus status = s.sources().get(0);
    assertEquals(3, status.files(), "three chat files; logs.json, the checkpoint and tool outputs are not read");
  }

  @Test
  void aLegacyFileWithAMigratedTwinIsSilent() {
    Path chats = temp.resolve(".gemini/tmp/p/chats");
    Support.write(chats.resolve("session-2026-03-01T10-00-abcd1234.json"), "{", "  \"sessionId\": \"abcd1234\"", "}");
    Support.write(chats.resolve("session-2026-03-01T10-00-abcd1234.jsonl"),
        "{\"sessionId\":\"abcd1234\",\"projectHash\":\"x\",\"startTime\":\"2026-03-01T10:00:00.000Z\","
            + "\"lastUpdated\":\"2026-03-01T10:00:00.000Z\",\"kind\":\"main\"}",
        "{\"id\":\"m1\",\"timestamp\":\"2026-03-01T10:00:05.000Z\",\"type\":\"gemini\",\"content\":\"4\","
            + "\"tokens\":{\"input\":7173,\"output\":1,\"cached\":0,\"thoughts\":17,\"tool\":0,\"total\":7191},"
            + "\"model\":\"gemini-2.5-pro\"}");
    UsageSnapshot s = Support.scan(temp);
    assertEquals(1, s.totals().calls());
    assertTrue(s.diagnostics().stream().noneMatch(d -> d.code().equals(GeminiCliSource.LEGACY_SKIPPED)));
  }

  @Test
  void rootsFollowGeminiCliHomeThenHome() {
    GeminiCliSource g = new GeminiCliSource();
    Path home = Path.of("/home/u");
    assertEquals(List.of(home.resolve(".gemini/tmp")), g.defaultRoots(Support.env(home)));
    assertEquals(List.of(Path.of("/srv/gem/.gemini/tmp"), home.resolve(".gemini/tmp")),
        g.defaultRoots(Support.env(home, Map.of("GEMINI_CLI_HOME", "/srv/gem"))));
    assertEquals(List.of(home.resolve(".gemini/tmp")),
        g.defaultRoots(Support.env(home, Map.of("GEMINI_CLI_HOME", "~"))), "the same directory once");
  }

  @Test
  void aRootMayBeAProjectOrAChatsDirectory() {
    Path project = Support.fixtureRoot().resolve("my-app");
    UsageSnapshot byProject = Cream.builder().environment(Support.env(temp)).discoverProviders(false)
        .bundledPrices(false).source(new GeminiCliSource()).roots("gemini", List.of(project)).build().scan();
    assertEquals(5, byProject.totals().calls());
    UsageSnapshot byChats = Cream.builder().environment(Support.env(temp)).discoverProviders(false)
        .bundledPrices(false).source(new GeminiCliSource()).roots("gemini", List.of(project.resolve("chats")))
        .build().scan();
    assertEquals(5, byChats.totals().calls());
  }

  @Test
  void foundByTheEngineOnThePath() {
    Cream cream = Cream.builder().environment(Support.env(temp)).bundledPrices(false).build();
    ProviderInfo info = cream.sources().stream().filter(p -> p.id().equals("gemini")).findFirst().orElseThrow();
    assertEquals("Gemini CLI", info.displayName());
    assertEquals(GeminiCliSource.class.getName(), info.className());
    assertFalse(info.origin().equals("registered"), info.origin());
    assertTrue(Set.copyOf(cream.sources().stream().map(ProviderInfo::id).toList()).contains("codex"),
        "the built-in sources are on the test class path too");
  }
}
