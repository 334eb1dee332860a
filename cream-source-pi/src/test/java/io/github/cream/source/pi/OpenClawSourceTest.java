package io.github.cream.source.pi;

import static io.github.cream.source.pi.PiSourceTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.CostMode;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code openclaw} source through the real engine, on this module's synthetic state directory. */
class OpenClawSourceTest {

  static final String MAIN = "11111111-0000-4000-8000-00000000000a";
  static final String CRON = "22222222-0000-4000-8000-00000000000b";
  static final String SUB = "33333333-0000-4000-8000-00000000000c";
  static final String WA = "44444444-0000-4000-8000-00000000000d";
  static final String TG = "55555555-0000-4000-8000-00000000000e";
  static final String CR2 = "66666666-0000-4000-8000-00000000000f";
  static final String SYS = "77777777-0000-4000-8000-000000000010";
  static final String RAF = "88888888-0000-4000-8000-000000000011";

  @TempDir Path home;

  private static Path state() {
    return Scans.resources().resolve("openclaw/state");
  }

  private UsageSnapshot scan(Path root) {
    return Scans.scan(home, new OpenClawSource(), root, CostMode.RECORDED);
  }

  @Test
  void callsOfEveryAgentAndArchivedTranscriptCountOnce() {
    UsageSnapshot s = scan(state());
    // main (2 calls; its delivery mirror and gateway notice are not calls; its checkpoint copy counts nothing
    // more), cron, subagent, whatsapp dm, a reset and a deleted archive, a system session, and agent "rafael"
    assertEquals(9, s.totals().calls());
    assertEquals(51, s.totals().tokens().input());
    assertEquals(734, s.totals().tokens().output());
    assertEquals(9274, s.totals().tokens().cacheRead());
    assertEquals(13074, s.totals().tokens().cacheWrite());
    assertEquals(120_546_500L, s.totals().cost().nanos());
    assertEquals(2, count(s.diagnostics(), "openclaw.message.synthetic"));
    assertEquals(1, count(s.diagnostics(), "openclaw.discovery.compressed-skipped"));
    // files: 7 in main/sessions (live, checkpoint, reset, deleted) + rafael; no lock, index, trajectory, zst or
    // workspace file
    assertEquals(9, s.stats().filesScanned());
    assertEquals(2, s.stats().duplicatesDropped(), "the checkpoint's copies");
    assertTrue(s.records().stream().map(PricedRecord::record)
        .allMatch(r -> r.provider().equals("amazon-bedrock") && r.model().equals("us.anthropic.claude-opus-4-6-v1")));
    assertTrue(s.records().stream().map(PricedRecord::record).filter(r -> r.sessionId().equals(MAIN))
        .noneMatch(r -> r.origin().file().toString().contains(".checkpoint.")), "the transcript outranks its copy");
  }

  @Test
  void categoryAndChannelComeFromTheIndexFirst() {
    UsageSnapshot s = scan(state());
    SessionSummary main = s.session("openclaw", MAIN).orElseThrow();
    assertEquals(SessionCategory.INTERACTIVE, main.category().orElseThrow());
    assertEquals("telegram", main.channel().orElseThrow(), "origin.surface, although the text mentions WhatsApp");
    assertEquals("plan my week", main.title().orElseThrow());
    assertEquals("main", main.attributes().get("agent"));
    assertEquals("/home/openclaw/.openclaw/workspace", main.project().orElseThrow());
    SessionSummary cron = s.session("openclaw", CRON).orElseThrow();
    assertEquals(SessionCategory.CRON, cron.category().orElseThrow());
    assertEquals("nightly-report", cron.cronJob().orElseThrow());
    assertEquals("Write the nightly report", cron.title().orElseThrow());
    assertEquals(SessionCategory.SUBAGENT, s.session("openclaw", SUB).orElseThrow().category().orElseThrow());
    assertTrue(s.records().stream().map(PricedRecord::record).filter(r -> r.sessionId().equals(SUB))
        .allMatch(r -> r.has(RecordFlag.SUBAGENT)));
    SessionSummary wa = s.session("openclaw", WA).orElseThrow();
    assertEquals("whatsapp", wa.channel().orElseThrow());
    assertEquals("direct", wa.attributes().get("chatType"));
    // not in the index: text markers
    SessionSummary tg = s.session("openclaw", TG).orElseThrow();
    assertEquals("telegram", tg.channel().orElseThrow());
    assertEquals("hi there, summarise the news", tg.title().orElseThrow());
    SessionSummary cr2 = s.session("openclaw", CR2).orElseThrow();
    assertEquals(SessionCategory.CRON, cr2.category().orElseThrow());
    assertEquals("backup", cr2.cronJob().orElseThrow());
    assertEquals(SessionCategory.SYSTEM, s.session("openclaw", SYS).orElseThrow().category().orElseThrow());
    SessionSummary raf = s.session("openclaw", RAF).orElseThrow();
    assertEquals("rafael", raf.attributes().get("agent"));
    assertEquals("direct", raf.channel().orElseThrow());
  }

  @Test
  void withoutTheIndexTextMarkersAreTheFallback() throws IOException {
    Path root = home.resolve("state");
    Scans.copyTree(state(), root);
    Files.delete(root.resolve("agents/main/sessions/sessions.json"));
    UsageSnapshot s = scan(root);
    SessionSummary main = s.session("openclaw", MAIN).orElseThrow();
    assertEquals("whatsapp", main.channel().orElseThrow(), "System: WhatsApp gateway lines before a prompt");
    SessionSummary cron = s.session("openclaw", CRON).orElseThrow();
    assertEquals(SessionCategory.CRON, cron.category().orElseThrow());
    assertEquals("nightly-report", cron.cronJob().orElseThrow(), "[cron:<id> <name>]");
    assertEquals(SessionCategory.SUBAGENT, s.session("openclaw", SUB).orElseThrow().category().orElseThrow());
    assertEquals("direct", s.session("openclaw", WA).orElseThrow().channel().orElseThrow());
    assertEquals(9, s.totals().calls(), "classification never changes what is counted");
  }

  @Test
  void sidecarFixturesClassifyByTheirMarkers() {
    Path sessions = home.resolve("oc/agents/main/sessions");
    Scans.copyTree(SharedFixtures.require("pi/sidecar/pi"), sessions);
    UsageSnapshot s = scan(home.resolve("oc"));
    assertEquals("daily-backup", s.session("openclaw", "test-cron").orElseThrow().cronJob().orElseThrow());
    assertEquals("telegram", s.session("openclaw", "test-telegram").orElseThrow().channel().orElseThrow());
    assertEquals("whatsapp", s.session("openclaw", "test-whatsapp").orElseThrow().channel().orElseThrow());
    assertEquals("direct", s.session("openclaw", "test-basic").orElseThrow().channel().orElseThrow());
    assertEquals("hello from telegram?", s.session("openclaw", "test-telegram").orElseThrow().title().orElseThrow());
  }

  @Test
  void rootsIncludeTheStateDirVariableProfilesAndLegacyNames() throws IOException {
    OpenClawSource oc = new OpenClawSource();
    Files.createDirectories(home.resolve(".openclaw-work"));
    Files.createDirectories(home.resolve(".openclaw-dev"));
    assertEquals(
        List.of(home.resolve(".openclaw"), home.resolve(".openclaw-dev"), home.resolve(".openclaw-work"),
            home.resolve(".clawdbot"), home.resolve(".moltbot")),
        oc.defaultRoots(Scans.env(home)));
    List<Path> withVars =
        oc.defaultRoots(
            Scans.env(home, Map.of("OPENCLAW_STATE_DIR", "/srv/oc", "CLAWDBOT_STATE_DIR", "~/cb",
                "MOLTBOT_STATE_DIR", "~/mb")));
    assertEquals(List.of(Path.of("/srv/oc"), home.resolve("cb"), home.resolve("mb")), withVars.subList(0, 3));
  }

  @Test
  void legacyStateDirectoriesAreScanned() {
    Path legacy = home.resolve(".clawdbot");
    Scans.copyTree(state(), legacy);
    UsageSnapshot s =
        io.github.cream.core.Cream.builder().environment(Scans.env(home)).discoverProviders(false)
            .bundledPrices(false).source(new OpenClawSource()).parallelism(1).build().scan();
    assertEquals(9, s.totals().calls());
  }

  @Test
  void transcriptNames() {
    assertTrue(OpenClawSource.isTranscriptName("a.jsonl"));
    assertTrue(OpenClawSource.isTranscriptName("a-topic-7.jsonl"));
    assertTrue(OpenClawSource.isTranscriptName("a.jsonl.reset.2026-04-04T04-01-54.600Z"));
    assertTrue(OpenClawSource.isTranscriptName("a.jsonl.deleted.2026-04-07T03-04-57.795Z"));
    assertTrue(OpenClawSource.isTranscriptName("a.checkpoint.b.jsonl"));
    assertTrue(OpenClawSource.isTranscriptName("a.jsonl.imported-2026-09-01T00-00-00Z"));
    for (String no : List.of("sessions.json", "a.jsonl.lock", "a.jsonl.tmp", "a.trajectory.jsonl",
        "a.jsonl.deleted.2026-04-07T03-04-57.795Z.zst", "a.json")) {
      assertTrue(!OpenClawSource.isTranscriptName(no), no);
    }
    assertEquals("62062efd", PiSource.sessionIdOfFileName("62062efd.jsonl.deleted.2026-04-07T03-04-57.795Z"));
    assertEquals("d97339c6-6c10", PiSource.sessionIdOfFileName("2025-12-09T00-52-54-397Z_d97339c6-6c10.jsonl"));
    assertEquals("a", PiSource.sessionIdOfFileName("a.checkpoint.b.jsonl"));
    assertEquals("d97339c6", PiParser.sessionIdOfPath("C:\\Users\\me\\.pi\\2025-12-09T00-52-54-397Z_d97339c6.jsonl"));
  }

  @Test
  void bothSourcesInOneScanAndTheirReports() {
    io.github.cream.core.UsageSnapshot s =
        io.github.cream.core.Cream.builder().environment(Scans.env(home)).discoverProviders(false).bundledPrices(false)
            .source(new PiSource()).source(new OpenClawSource())
            .roots("pi", List.of(Scans.resources().resolve("pi/sessions")))
            .roots("openclaw", List.of(state()))
            .parallelism(2).build().scan();
    assertEquals(18, s.totals().calls());
    var daily = s.daily(java.time.ZoneOffset.UTC);
    var day = daily.rows().stream().filter(r -> r.key().equals("2026-04-04")).findFirst().orElseThrow();
    assertEquals(2, day.totals().calls());
    assertTrue(day.breakdown().stream().allMatch(b -> b.source().equals("openclaw")));
    assertEquals(5 + 8, s.sessions().size(), "every session with a call, either source");
  }

  @Test
  void aRootThatIsNotAStateDirectoryReadsOnlySessionDirectories() {
    Path backup = home.resolve("backup");
    Scans.copyTree(state(), backup.resolve("machine-1/openclaw"));
    UsageSnapshot s = scan(backup);
    assertEquals(9, s.totals().calls(), "workspace/notes.jsonl is not a transcript");
    UsageSnapshot direct = scan(state().resolve("agents/main/sessions"));
    assertEquals(8, direct.totals().calls());
    assertEquals("telegram", direct.session("openclaw", MAIN).orElseThrow().channel().orElseThrow());
  }
}
