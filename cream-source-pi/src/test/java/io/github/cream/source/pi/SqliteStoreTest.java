package io.github.cream.source.pi;

import static io.github.cream.source.pi.PiSourceTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.core.CostMode;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.FileContext;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenClaw's SQLite transcript store, end to end through the engine. The store is built here, in a temporary
 * directory, with the driver on the test class path and the tables OpenClaw's {@code openclaw-agent-schema.sql}
 * declares (the columns this reader uses).
 */
class SqliteStoreTest {

  static final String S1 = "aaaa0001-0000-7000-8000-000000000001";
  static final String S2 = "aaaa0002-0000-7000-8000-000000000002";

  @TempDir Path home;

  static String header(String id, String ts) {
    return "{\"type\":\"session\",\"version\":3,\"id\":\"" + id + "\",\"timestamp\":\"" + ts
        + "\",\"cwd\":\"/home/openclaw/.openclaw/workspace\"}";
  }

  static String user(String id, String ts, String text) {
    return "{\"type\":\"message\",\"id\":\"" + id + "\",\"parentId\":null,\"timestamp\":\"" + ts
        + "\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}";
  }

  static String call(String id, String ts, String provider, String model, int in, int out, String cost) {
    return "{\"type\":\"message\",\"id\":\"" + id + "\",\"parentId\":\"p\",\"timestamp\":\"" + ts
        + "\",\"message\":{\"role\":\"assistant\",\"content\":[],\"api\":\"anthropic-messages\",\"provider\":\""
        + provider + "\",\"model\":\"" + model + "\",\"usage\":{\"input\":" + in + ",\"output\":" + out
        + ",\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":" + (in + out) + ",\"cost\":{\"total\":" + cost
        + "}},\"stopReason\":\"stop\"}}";
  }

  /** Builds a store: S1 a cron session, S2 a Telegram conversation; rows interleaved and out of seq order. */
  static Path buildStore(Path dir) throws Exception {
    Path db = dir.resolve("agents/main/agent/openclaw-agent.sqlite");
    Files.createDirectories(db.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "CREATE TABLE session_nodes (session_key TEXT NOT NULL PRIMARY KEY, current_session_id TEXT NOT NULL,"
              + " entry_json TEXT NOT NULL, updated_at INTEGER NOT NULL, created_via TEXT, label TEXT) STRICT");
      s.executeUpdate(
          "CREATE TABLE session_windows (session_id TEXT NOT NULL PRIMARY KEY, session_key TEXT NOT NULL,"
              + " previous_session_id TEXT, reason TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
              + " chat_type TEXT, channel TEXT, spawned_by TEXT, display_name TEXT) STRICT");
      s.executeUpdate(
          "CREATE TABLE transcript_events (session_id TEXT NOT NULL, seq INTEGER NOT NULL, event_json TEXT NOT NULL,"
              + " created_at INTEGER NOT NULL, PRIMARY KEY (session_id, seq)) STRICT");
      s.executeUpdate("INSERT INTO session_nodes VALUES ('agent:main:cron:job-7', '" + S1
          + "', '{}', 1, 'cron', 'Cron: db-digest')");
      s.executeUpdate("INSERT INTO session_windows VALUES ('" + S1
          + "', 'agent:main:cron:job-7', NULL, 'initial', 1, 1, NULL, NULL, NULL, NULL)");
      s.executeUpdate("INSERT INTO session_windows VALUES ('" + S2
          + "', 'agent:main:telegram:dm:42', NULL, 'initial', 1, 1, 'direct', 'telegram', NULL, 'Ann')");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {S1, "0", header(S1, "2026-09-10T03:00:00.000Z")});
      rows.add(new String[] {S2, "1", user("u2", "2026-09-10T05:00:01.000Z", "how is the weather")});
      rows.add(new String[] {S1, "1", user("u1", "2026-09-10T03:00:01.000Z", "[cron:job-7 db-digest] digest")});
      rows.add(new String[] {S2, "0", header(S2, "2026-09-10T05:00:00.000Z")});
      rows.add(new String[] {S1, "2", call("c1", "2026-09-10T03:00:05.000Z", "anthropic", "claude-opus-4-6", 10, 100,
          "0.01")});
      rows.add(new String[] {S2, "2", call("c2", "2026-09-10T05:00:05.000Z", "anthropic", "claude-opus-4-6", 20, 200,
          "0.02")});
      rows.add(new String[] {S2, "3", call("m2", "2026-09-10T05:00:06.000Z", "openclaw", "delivery-mirror", 0, 0,
          "0")});
      rows.add(new String[] {S1, "3", call("c3", "2026-09-10T03:00:09.000Z", "anthropic", "claude-opus-4-6", 30, 300,
          "0.03")});
      rows.add(new String[] {S1, "4", "{\"type\":\"message\",\"usage\": broken"});
      try (PreparedStatement ins =
          c.prepareStatement("INSERT INTO transcript_events VALUES (?, ?, ?, 1)")) {
        for (String[] r : rows) {
          ins.setString(1, r[0]);
          ins.setLong(2, Long.parseLong(r[1]));
          ins.setString(3, r[2]);
          ins.executeUpdate();
        }
      }
    }
    return db;
  }

  @Test
  void theStoreIsReadThroughTheEngine() throws Exception {
    Path state = home.resolve(".openclaw");
    Path db = buildStore(state);
    // a JSONL transcript archived by the import duplicates S1's first call: counted once
    Scans.write(state.resolve("agents/main/session-sqlite-import-archive/" + S1 + ".jsonl.imported-2026-09-11"),
        header(S1, "2026-09-10T03:00:00.000Z"),
        call("c1", "2026-09-10T03:00:05.000Z", "anthropic", "claude-opus-4-6", 10, 100, "0.01"));
    long before = Files.size(db);
    UsageSnapshot s = Scans.scan(home, new OpenClawSource(), state, CostMode.RECORDED);
    assertEquals(3, s.totals().calls(), s.diagnostics()::toString);
    assertEquals(60, s.totals().tokens().input());
    assertEquals(600, s.totals().tokens().output());
    assertEquals(60_000_000L, s.totals().cost().nanos());
    assertEquals(2, s.stats().filesScanned(), s.sources()::toString);
    assertEquals(1, s.stats().duplicatesDropped(), () -> s.stats() + " " + s.records());
    assertEquals(1, count(s.diagnostics(), "openclaw.line.malformed-json"));
    assertEquals(1, count(s.diagnostics(), "openclaw.message.synthetic"));
    SessionSummary cron = s.session("openclaw", S1).orElseThrow();
    assertEquals(SessionCategory.CRON, cron.category().orElseThrow());
    assertEquals("db-digest", cron.cronJob().orElseThrow());
    assertEquals("digest", cron.title().orElseThrow());
    assertEquals("/home/openclaw/.openclaw/workspace", cron.project().orElseThrow());
    SessionSummary tg = s.session("openclaw", S2).orElseThrow();
    assertEquals(SessionCategory.INTERACTIVE, tg.category().orElseThrow());
    assertEquals("telegram", tg.channel().orElseThrow());
    assertEquals("how is the weather", tg.title().orElseThrow());
    assertTrue(s.records().stream().map(PricedRecord::record).noneMatch(r -> r.has(RecordFlag.SUBAGENT)));
    assertEquals(before, Files.size(db), "the store is never written");
    assertTrue(Files.notExists(db.resolveSibling("openclaw-agent.sqlite-journal")));
  }

  @Test
  void readingResumesAfterAPosition() throws Exception {
    Path state = home.resolve(".openclaw");
    Path db = buildStore(state);
    OpenClawSource oc = new OpenClawSource();
    FileContext ctx = new FileContext("openclaw", state, db, Scans.env(home));
    List<Long> all = new ArrayList<>();
    oc.read(ctx, -1, (pos, b, st, len) -> all.add(pos));
    // 9 events, each preceded the first time by its session's metadata row: 11 entries, ascending
    assertEquals(11, all.size());
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i) > all.get(i - 1));
    }
    long mid = all.get(5);
    List<Long> rest = new ArrayList<>();
    oc.read(ctx, mid, (pos, b, st, len) -> rest.add(pos));
    // a resumed read names again the sessions it meets (a metadata row just before their first event), so that
    // the parser needs no state between rows; every event after the position comes once, in order
    assertTrue(rest.stream().allMatch(p -> p > mid));
    for (int i = 1; i < rest.size(); i++) {
      assertTrue(rest.get(i) > rest.get(i - 1));
    }
    assertEquals(all.subList(6, all.size()).stream().filter(p -> p % 2 == 1).toList(),
        rest.stream().filter(p -> p % 2 == 1).toList());
    assertEquals(List.of(10L), rest.stream().filter(p -> p % 2 == 0).toList());
    ParserHarness.Result whole = ParserHarness.parse(oc, state, db, Scans.env(home));
    assertEquals(3, whole.records().size());
    assertEquals(2, whole.facts().size());
  }

  @Test
  void withoutADriverADiagnosticNamesTheArtifact() throws Exception {
    Path state = home.resolve(".openclaw");
    buildStore(state);
    Scans.write(state.resolve("agents/main/sessions/x.jsonl"),
        header("x", "2026-09-10T03:00:00.000Z"),
        call("c9", "2026-09-10T03:00:05.000Z", "anthropic", "claude-opus-4-6", 1, 1, "0.001"));
    UsageSnapshot s =
        Scans.scan(home, new OpenClawSource(Optional::empty), state, CostMode.RECORDED);
    Diagnostic d =
        s.diagnostics().stream().filter(x -> x.code().equals("openclaw.store.driver-missing")).findFirst()
            .orElseThrow();
    assertEquals(Severity.WARNING, d.severity());
    assertTrue(d.message().contains("org.xerial:sqlite-jdbc"), d.message());
    assertTrue(d.file().orElseThrow().endsWith("openclaw-agent.sqlite"));
    assertEquals(1, s.totals().calls(), "the JSONL transcripts are still read");
  }

  @Test
  void aStoreWithoutTheTranscriptTableIsReportedNotRead() throws Exception {
    Path db = home.resolve(".openclaw/agents/main/agent/openclaw-agent.sqlite");
    Files.createDirectories(db.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE other (x TEXT)");
    }
    UsageSnapshot s = Scans.scan(home, new OpenClawSource(), home.resolve(".openclaw"), CostMode.RECORDED);
    assertEquals(1, count(s.diagnostics(), "openclaw.store.schema-unknown"));
    assertEquals(0, s.totals().calls());
    Files.writeString(db, "not a database at all, just text that is long enough to be a header");
    UsageSnapshot t = Scans.scan(home, new OpenClawSource(), home.resolve(".openclaw"), CostMode.RECORDED);
    assertEquals(1, t.diagnostics().stream().filter(x -> x.code().startsWith("openclaw.store.")).count(),
        t.diagnostics()::toString);
  }

  @Test
  void theConnectionIsReadOnly() throws Exception {
    Path db = buildStore(home.resolve(".openclaw"));
    java.sql.Driver driver = SqliteStore.DEFAULT_FINDER.find().orElseThrow();
    try (Connection c = SqliteStore.open(driver, db);
        Statement s = c.createStatement()) {
      org.junit.jupiter.api.Assertions.assertThrows(
          java.sql.SQLException.class, () -> s.executeUpdate("CREATE TABLE written (x TEXT)"));
    }
    Path missing = home.resolve("none/openclaw-agent.sqlite");
    org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
        () -> SqliteStore.open(driver, missing).close());
    assertTrue(Files.notExists(missing), "opening never creates a database");
  }
}
