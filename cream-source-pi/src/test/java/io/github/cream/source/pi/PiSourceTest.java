package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import io.github.cream.core.Cream;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code pi} source through the real engine, on this module's synthetic fixtures. */
class PiSourceTest {

  static final String A = "aaaaaaaa-0000-4000-8000-000000000001";
  static final String B = "bbbbbbbb-0000-4000-8000-000000000002";
  static final String C = "cccccccc-0000-4000-8000-000000000003";
  static final String D = "dddddddd-0000-4000-8000-000000000004";
  static final String E = "eeeeeeee-0000-4000-8000-000000000005";

  @TempDir Path home;

  static long count(List<Diagnostic> ds, String code) {
    return ds.stream().filter(d -> d.code().equals(code)).mapToLong(Diagnostic::count).sum();
  }

  private UsageSnapshot sessions() {
    return Scans.scan(home, new PiSource(), Scans.resources().resolve("pi/sessions"), CostMode.RECORDED);
  }

  @Test
  void everyBranchCountsForkCopiesOnceAndV1V2V3AllRead() {
    UsageSnapshot s = sessions();
    // A: 4 calls on two branches (one abandoned, one aborted with usage); an error without usage is no call.
    // B (fork of A): the copy of A's first call is dropped, its own call counts. C (v1): 2. D (v1 branched from C):
    // the copy of C's first call is dropped, 1 of its own. E (v2): 1.
    assertEquals(9, s.totals().calls());
    assertEquals(61, s.totals().tokens().input());
    assertEquals(568, s.totals().tokens().output());
    assertEquals(7000, s.totals().tokens().cacheRead());
    assertEquals(750, s.totals().tokens().cacheWrite());
    assertEquals(19_400_000L, s.totals().cost().nanos());
    assertEquals(CostProvenance.RECORDED, s.totals().provenance());
    Map<String, Long> bySession =
        s.records().stream().collect(Collectors.groupingBy(p -> p.record().sessionId(), Collectors.counting()));
    assertEquals(Map.of(A, 4L, B, 1L, C, 2L, D, 1L, E, 1L), bySession, "copies stay with the session that made them");
    assertEquals(2, s.stats().duplicatesDropped());
  }

  @Test
  void abortedWithUsageIsFlaggedAndModelChangeIsTheFallback() {
    UsageSnapshot s = sessions();
    List<UsageRecord> a =
        s.records().stream().map(PricedRecord::record).filter(r -> r.sessionId().equals(A)).toList();
    assertEquals(1, a.stream().filter(r -> r.has(RecordFlag.ABORTED)).count());
    UsageRecord fallback = a.stream().filter(r -> r.has(RecordFlag.FALLBACK_MODEL)).findFirst().orElseThrow();
    assertEquals("anthropic", fallback.provider());
    assertEquals("claude-opus-4-5", fallback.model());
    UsageRecord first = a.get(0);
    assertEquals(Instant.parse("2026-03-01T10:00:04Z"), first.timestamp(), "the message's own (request) time");
    assertEquals("msg_01", first.messageId().orElseThrow());
    assertEquals("/home/me/app", first.project().orElseThrow());
    assertEquals(1, count(s.diagnostics(), "pi.call.failed-unbilled"));
    assertEquals(1, count(s.diagnostics(), "pi.entry.unknown-type"));
    assertTrue(s.diagnostics().stream().allMatch(d -> d.severity() == Severity.INFO), s.diagnostics()::toString);
  }

  @Test
  void sessionFacts() {
    UsageSnapshot s = sessions();
    SessionSummary a = s.session("pi", A).orElseThrow();
    assertEquals("Refactor the parser please", a.title().orElseThrow());
    assertEquals("/home/me/app", a.project().orElseThrow());
    assertEquals(SessionCategory.INTERACTIVE, a.category().orElseThrow());
    assertEquals("Parser work", a.attributes().get("name"));
    assertEquals("3", a.attributes().get("formatVersion"));
    assertEquals("anthropic-messages", a.attributes().get("api"));
    SessionSummary b = s.session("pi", B).orElseThrow();
    assertEquals(A, b.parentSessionId().orElseThrow(), "parentSession names the parent's file");
    SessionSummary d = s.session("pi", D).orElseThrow();
    assertEquals(C, d.parentSessionId().orElseThrow(), "v1 branchedFrom");
    assertEquals("1", d.attributes().get("formatVersion"));
    assertEquals("hello v1", s.session("pi", C).orElseThrow().title().orElseThrow());
    assertEquals("2", s.session("pi", E).orElseThrow().attributes().get("formatVersion"));
    assertEquals(Instant.parse("2026-03-01T10:00:00Z"), a.firstActivity().orElseThrow());
  }

  @Test
  void subagentDirectoriesAreSubagentSessions() {
    Path root = home.resolve("sessions");
    Scans.copyTree(Scans.resources().resolve("pi/sessions/--home-me-app--"), root.resolve("--home-me-app--"));
    Path src = root.resolve("--home-me-app--/2026-01-03T09-00-00-000Z_" + E + ".jsonl");
    Path dst = root.resolve("subagent-artifacts/2026-01-03T09-00-00-000Z_" + E + ".jsonl");
    try {
      Files.createDirectories(dst.getParent());
      Files.move(src, dst);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    UsageSnapshot s = Scans.scan(home, new PiSource(), root);
    assertEquals(SessionCategory.SUBAGENT, s.session("pi", E).orElseThrow().category().orElseThrow());
    assertTrue(s.records().stream().map(PricedRecord::record).filter(r -> r.sessionId().equals(E))
        .allMatch(r -> r.has(RecordFlag.SUBAGENT)));
  }

  @Test
  void tokenMeaningPerApi() {
    Path f = Scans.resources().resolve("pi/apis/2026-04-01T00-00-00-000Z_ffffffff-0000-4000-8000-000000000006.jsonl");
    ParserHarness.Result r = ParserHarness.parse(new PiSource(), f.getParent(), f, Scans.env(home));
    List<UsageRecord> recs = r.records();
    assertEquals(9, recs.size());
    // anthropic-messages, bedrock-converse-stream, openai-responses, openai-completions: input already excludes
    // cache reads in Pi's files; counted as written
    assertEquals(List.of(100L, 3L, 200L, 300L), recs.subList(0, 4).stream().map(x -> x.tokens().input()).toList());
    assertEquals(List.of("anthropic", "amazon-bedrock", "openai", "openrouter"),
        recs.subList(0, 4).stream().map(UsageRecord::provider).toList());
    assertEquals(9274, recs.get(1).tokens().cacheWrite5m(), "Pi records no 1h split: 5m writes");
    // google-generative-ai: totalTokens = input + output proves input held the 600 cached tokens
    assertEquals(400, recs.get(4).tokens().input());
    assertEquals(600, recs.get(4).tokens().cacheRead());
    // without totalTokens it cannot be proven: counted as written, with a diagnostic
    assertEquals(1000, recs.get(5).tokens().input());
    // a file where Pi already excluded the cached tokens: unchanged
    assertEquals(400, recs.get(6).tokens().input());
    assertEquals("mistral", recs.get(7).provider());
    assertTrue(recs.get(8).recordedCost().isEmpty(), "no cost object: no recorded cost, not $0");
    assertEquals(1, count(r.diagnostics(), "pi.usage.google-cached-corrected"));
    assertEquals(1, count(r.diagnostics(), "pi.usage.google-cached-ambiguous"));
    assertEquals(2, count(r.diagnostics(), "pi.usage.openai-completions-reasoning"));
  }

  @Test
  void hostileValuesBecomeDiagnosticsNeverExceptions() {
    Path f =
        Scans.resources().resolve("pi/hostile/2026-05-01T00-00-00-000Z_99999999-0000-4000-8000-000000000007.jsonl");
    ParserHarness.Result r = ParserHarness.parse(new PiSource(), f.getParent(), f, Scans.env(home));
    List<Diagnostic> ds = r.diagnostics();
    assertEquals(0, count(ds, "cream.parser.failed"), ds::toString);
    // a 100-digit count is read (numbers up to 1000 characters are, so that long numbers in tool arguments never
    // cost a call) and refused as a count
    assertEquals(7, count(ds, "pi.usage.invalid"),
        "negative, fractional, 1e30, string, non-object, empty, 100 digits");
    assertEquals(1, count(ds, "pi.line.too-large"), "300 nested arrays");
    assertEquals(1, count(ds, "pi.line.malformed-json"));
    assertEquals(1, count(ds, "pi.line.not-object"));
    assertEquals(3, count(ds, "pi.cost.invalid"), "negative, a string, $100,000 for one call");
    assertEquals(1, count(ds, "pi.timestamp.fallback"));
    assertEquals(5, r.records().size());
    UsageRecord exact =
        r.records().stream().filter(x -> x.tokens().input() == 7).findFirst().orElseThrow();
    assertEquals(123_457L, exact.recordedCost().orElseThrow().nanos(), "0.000123456789 rounded half-even once");
    assertEquals(4, r.records().stream().filter(x -> x.recordedCost().isEmpty()).count(), "g06, g07, g0c, g0d");
  }

  @Test
  void calculateModeRepricesAndARecordedZeroIsFlagged() {
    Path root = home.resolve("s");
    Scans.write(root.resolve("2026-06-01T00-00-00-000Z_z.jsonl"),
        "{\"type\":\"session\",\"version\":3,\"id\":\"z\",\"timestamp\":\"2026-06-01T00:00:00.000Z\",\"cwd\":\"/w\"}",
        "{\"type\":\"message\",\"id\":\"z1\",\"parentId\":null,\"timestamp\":\"2026-06-01T00:00:02.000Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":[],\"api\":\"anthropic-messages\","
            + "\"provider\":\"anthropic\",\"model\":\"claude-opus-4-5\",\"usage\":{\"input\":1000000,\"output\":1000000,"
            + "\"cacheRead\":1000000,\"cacheWrite\":1000000,\"totalTokens\":4000000,\"cost\":{\"input\":0,\"output\":0,"
            + "\"cacheRead\":0,\"cacheWrite\":0,\"total\":0}},\"stopReason\":\"stop\",\"timestamp\":1780272001000}}");
    ModelPrice opus =
        ModelPrice.builder("claude-opus-4-5").provider("anthropic").input("5").output("25").cacheRead("0.5")
            .cacheWrite5m("6.25").cacheWrite1h("10").build();
    UsageSnapshot calc =
        Scans.builder(home, new PiSource(), root).price(opus).costMode(CostMode.CALCULATE).build().scan();
    assertEquals(36_750_000_000L, calc.totals().cost().nanos(), "5 + 25 + 0.5 + 6.25 dollars");
    assertEquals(CostProvenance.CALCULATED, calc.totals().provenance());
    UsageSnapshot auto = Scans.builder(home, new PiSource(), root).price(opus).build().scan();
    assertEquals(0, auto.totals().cost().nanos(), "auto mode keeps what the agent recorded");
    assertEquals(1, count(auto.diagnostics(), "cream.price.recorded-zero"));
  }

  @Test
  void dailyReportGroupsByDayAndSourceProviderModel() {
    UsageSnapshot s = sessions();
    var daily = s.daily(ZoneOffset.UTC);
    assertEquals(List.of("2025-11-20", "2026-01-03", "2026-03-01"),
        daily.rows().stream().map(r -> r.key()).toList());
    assertEquals(9, daily.totals().calls());
  }

  @Test
  void rootsHonourTheAgentsVariables() {
    PiSource pi = new PiSource();
    Path h = home;
    assertEquals(List.of(h.resolve(".pi/agent/sessions")), pi.defaultRoots(Scans.env(h)));
    assertEquals(
        List.of(h.resolve("custom/sessions"), h.resolve(".pi/agent/sessions")),
        pi.defaultRoots(Scans.env(h, Map.of("PI_CODING_AGENT_DIR", "~/custom"))));
    assertEquals(
        List.of(Path.of("/srv/pi-sessions"), h.resolve(".pi/agent/sessions")),
        pi.defaultRoots(Scans.env(h, Map.of("PI_CODING_AGENT_SESSION_DIR", "/srv/pi-sessions"))));
    Scans.write(h.resolve(".pi/agent/settings.json"), "{\"theme\":{\"x\":[1]},\"sessionDir\":\"~/elsewhere\"}");
    assertEquals(
        List.of(h.resolve("elsewhere"), h.resolve(".pi/agent/sessions")), pi.defaultRoots(Scans.env(h)));
  }

  @Test
  void discoveryTakesEveryJsonlBelowARoot() {
    UsageSnapshot s = sessions();
    assertEquals(5, s.stats().filesScanned());
  }

  @Test
  void bothSourcesAreFoundOnTheModulePath() {
    Environment env = Scans.env(home);
    List<ProviderInfo> sources = Cream.builder().environment(env).bundledPrices(false).build().sources();
    for (String id : List.of("pi", "openclaw")) {
      ProviderInfo info = sources.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
      assertTrue(info.origin().startsWith("module io.github.cream.source.pi"), info.origin());
    }
    assertEquals("Pi", new PiSource().displayName());
    assertEquals("OpenClaw", new OpenClawSource().displayName());
    assertFalse(new PiSource().capabilities().isEmpty());
  }
}
