package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.MessageRole;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageTotals;
import io.github.cream.spi.Capability;
import io.github.cream.spi.WatchScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The library's session API: detect, session views, capabilities, messages, cursors, timelines, path safety. */
class MessagesTest {

  static final Instant NOW = Instant.parse("2026-11-21T19:00:00Z");

  @TempDir Path home;

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  private Cream.Builder builder(MessageFakeSource source) {
    return Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .parallelism(1)
        .indexDirectory(home.resolve("index"))
        .price(ModelPrice.builder("m").provider("prov").input("10").output("10").cacheRead("1").cacheWrite5m("12.5")
            .cacheWrite1h("20").build())
        .source(source);
  }

  private MessageFakeSource source() throws IOException {
    return new MessageFakeSource("fake", root());
  }

  static String user(String session, String time, String id, String text) {
    return "{\"s\":\"" + session + "\",\"at\":\"" + time + "\",\"id\":\"" + id + "\",\"u\":\"" + text + "\"}\n";
  }

  static String streamed(String session, String time, String id, long out, String key, String text) {
    return "{\"s\":\"" + session + "\",\"t\":\"" + time + "\",\"id\":\"" + id + "\",\"in\":3,\"cr\":1000,\"w5\":200,"
        + "\"out\":" + out + ",\"k\":\"" + key + "\",\"v\":\"req\",\"x\":\"" + text + "\",\"cwd\":\"/work/app\"}\n";
  }

  private static void append(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static UsageTotals sum(List<PricedMessage> messages) {
    UsageTotals t = UsageTotals.ZERO;
    for (PricedMessage m : messages) {
      if (m.usage().isPresent()) {
        t = t.plus(UsageTotals.of(m.tokens(), m.cost().orElseThrow()));
      }
    }
    return t;
  }

  private static List<String> codes(SessionMessages m) {
    return m.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void aStreamedCallsUsageIsOnTheLineDeduplicationKeeps() throws IOException {
    Path file = root().resolve("s1.jsonl");
    append(file, user("s1", "2026-11-20T10:00:00Z", "u1", "hello")
        + streamed("s1", "2026-11-20T10:00:01Z", "a1", 10, "msg1", "thinking")
        + streamed("s1", "2026-11-20T10:00:02Z", "a2", 20, "msg1", "answer")
        + streamed("s1", "2026-11-20T10:00:03Z", "a3", 50, "msg1", "tool")
        + user("s1", "2026-11-20T10:01:00Z", "u2", "thanks")
        + streamed("s1", "2026-11-20T10:01:05Z", "a4", 7, "msg2", "bye"));
    Cream cream = builder(source()).build();
    SessionMessages m = cream.messages("fake", "s1");
    assertEquals(List.of("u1", "a1", "a2", "a3", "u2", "a4"),
        m.messages().stream().map(p -> p.message().id().orElseThrow()).toList());
    assertEquals(List.of(false, false, false, true, false, true),
        m.messages().stream().map(p -> p.usage().isPresent()).toList(), "the max-token copy of msg1 carries it");
    UsageTotals session = cream.scan().session("fake", "s1").orElseThrow().totals();
    assertEquals(session, sum(m.messages()));
    assertEquals(session, m.totals());
    assertEquals(2, session.calls());
    assertTrue(m.messages().get(3).readsCache() && m.messages().get(3).writesCache());
    assertEquals(List.of(), m.usageChanges());
    assertEquals(MessageRole.USER, m.messages().get(0).message().role());
    assertEquals("answer", m.messages().get(2).message().content().get(0).text());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aCursorParsesOnlyWhatWasAppended(boolean index) throws IOException {
    MessageFakeSource source = source();
    Path file = root().resolve("s1.jsonl");
    String first = user("s1", "2026-11-20T10:00:00Z", "u1", "hello")
        + streamed("s1", "2026-11-20T10:00:01Z", "a1", 10, "msg1", "thinking");
    append(file, first);
    Cream.Builder b = index ? builder(source) : noIndex(source);
    Cream cream = b.build();
    MessageCursor cursor = cream.openMessages("fake", "s1");
    SessionMessages one = cursor.read();
    assertEquals(2, one.messages().size());
    assertEquals(first.getBytes(StandardCharsets.UTF_8).length, one.bytesRead());
    assertTrue(one.messages().get(1).usage().isPresent(), "so far the only copy of msg1");
    long linesBefore = source.linesAccepted.get();

    String more = streamed("s1", "2026-11-20T10:00:02Z", "a2", 40, "msg1", "answer")
        + user("s1", "2026-11-20T10:05:00Z", "u2", "next");
    append(file, more);
    SessionMessages two = cursor.read();
    assertEquals(more.getBytes(StandardCharsets.UTF_8).length, two.bytesRead(), "only the appended bytes");
    assertEquals(2, source.linesAccepted.get() - linesBefore, "only the appended lines were parsed");
    assertEquals(List.of("a2", "u2"), two.messages().stream().map(p -> p.message().id().orElseThrow()).toList());
    assertTrue(two.messages().get(0).usage().isPresent(), "the final copy of msg1 now carries the call");
    assertEquals(1, two.usageChanges().size());
    MessageUsageChange change = two.usageChanges().get(0);
    assertEquals(one.messages().get(1).message().origin(), change.origin());
    assertEquals(Optional.empty(), change.usage(), "the earlier copy lost the call");

    SessionMessages three = cursor.read();
    assertEquals(List.of(), three.messages());
    assertEquals(0, three.bytesRead());
    assertEquals(0, three.filesRead(), "an unchanged file is not opened");
  }

  private Cream.Builder noIndex(MessageFakeSource source) {
    return Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .parallelism(1)
        .noIndex()
        .source(source);
  }

  @Test
  void aCursorFollowsAWatchsSnapshotsAndANewFileOfTheSession() throws IOException {
    MessageFakeSource source = source();
    append(root().resolve("s1.jsonl"), streamed("s1", "2026-11-20T10:00:01Z", "a1", 10, "msg1", "x"));
    Cream cream = builder(source).build();
    MessageCursor cursor = cream.openMessages("fake", "s1");
    assertEquals(1, cursor.read(cream.scan()).messages().size());
    // a subagent's file of the same session appears
    append(root().resolve("s1/sub/agent.jsonl"), streamed("s1", "2026-11-20T10:00:05Z", "b1", 3, "msg9", "sub"));
    UsageSnapshot later = cream.scan();
    SessionMessages more = cursor.read(later);
    assertEquals(List.of("b1"), more.messages().stream().map(p -> p.message().id().orElseThrow()).toList());
    // the same snapshot again gives nothing new and restarts nothing
    assertEquals(0, cursor.read(later).messages().size());
  }

  @Test
  void copiesOfAMessageInAResumedFileAppearOnceAndUsageStillSums() throws IOException {
    Path a = root().resolve("s1.jsonl");
    Path b = root().resolve("s2.jsonl");
    String history = user("s1", "2026-11-20T10:00:00Z", "u1", "hello")
        + streamed("s1", "2026-11-20T10:00:01Z", "a1", 30, "msg1", "answer");
    append(a, history);
    // the resumed session's file repeats s1's history under s1's id, then goes on as s2
    append(b, history + user("s2", "2026-11-21T08:00:00Z", "u9", "continue")
        + streamed("s2", "2026-11-21T08:00:01Z", "a9", 5, "msg9", "ok"));
    Cream cream = builder(source()).build();
    UsageSnapshot scan = cream.scan();
    SessionMessages s1 = cream.messages("fake", "s1");
    assertEquals(List.of("u1", "a1"), s1.messages().stream().map(p -> p.message().id().orElseThrow()).toList());
    assertEquals(scan.session("fake", "s1").orElseThrow().totals(), s1.totals());
    SessionMessages s2 = cream.messages("fake", "s2");
    assertEquals(List.of("u9", "a9"), s2.messages().stream().map(p -> p.message().id().orElseThrow()).toList());
    assertEquals(scan.session("fake", "s2").orElseThrow().totals(), s2.totals());
  }

  @Test
  void aSourceWithoutMessagesGivesAnEmptyAnswerAndSaysWhy() throws IOException {
    Files.writeString(Files.createDirectories(home.resolve(".fake")).resolve("a.jsonl"),
        Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n");
    Cream cream =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC)))
            .discoverProviders(false)
            .bundledPrices(false)
            .noIndex()
            .source(new FakeSource())
            .build();
    SessionMessages m = cream.messages("fake", "s1");
    assertEquals(List.of(), m.messages());
    assertEquals(List.of(SessionMessages.NO_MESSAGES), codes(m));
    SourceCapabilities c = cream.capabilities("fake").orElseThrow();
    assertFalse(c.has(Capability.MESSAGES));
    assertTrue(c.has(Capability.USAGE));
    assertEquals(WatchScope.GLOBAL, c.watchScope());
    assertEquals(List.of(SessionMessages.UNKNOWN_SOURCE), codes(cream.messages("nope", "s1")));
    assertEquals(Optional.empty(), cream.capabilities("nope"));
  }

  @Test
  void capabilitiesFollowWhatTheEngineCanDo() throws IOException {
    Cream cream = builder(source()).build();
    SourceCapabilities c = cream.capabilities("fake").orElseThrow();
    assertTrue(c.has(Capability.MESSAGES), "a MessageReader can show messages whatever it declares");
    assertEquals(c, cream.scan().sources().get(0).capabilities());
  }

  @Test
  void hostileSessionIdsReadNothingOutsideTheRoots() throws IOException {
    MessageFakeSource source = source();
    append(root().resolve("s1.jsonl"), streamed("s1", "2026-11-20T10:00:01Z", "a1", 10, "msg1", "x"));
    // a transcript outside the root, and one whose session id looks like a path
    append(home.resolve("etc/passwd.jsonl"), streamed("../../etc/passwd", "2026-11-20T10:00:01Z", "p", 1, "k", "x"));
    append(home.resolve("outside.jsonl"), streamed("outside", "2026-11-20T10:00:01Z", "o", 1, "k2", "x"));
    append(root().resolve("tricky.jsonl"), streamed("../outside", "2026-11-20T10:00:01Z", "t", 1, "k3", "x"));
    Cream cream = builder(source).build();
    String nul = "s1\u0000../../etc/passwd";
    for (String id : List.of("../../etc/passwd", "/etc/passwd", home.resolve("outside.jsonl").toString(), nul,
        "x".repeat(100_000), "", "..", "outside", "s1/../s1", "*", "S1")) {
      SessionMessages m = cream.messages("fake", id);
      assertEquals(List.of(), m.messages(), id.length() > 40 ? "a very long id" : id);
      assertEquals(List.of(SessionMessages.UNKNOWN_SESSION), codes(m));
    }
    // the session literally named "../outside" is read from its own file under the root, nothing else
    SessionMessages tricky = cream.messages("fake", "../outside");
    assertEquals(1, tricky.messages().size());
    for (Path opened : source.opened) {
      assertTrue(opened.startsWith(root()), "read outside the root: " + opened);
    }
    assertFalse(source.opened.contains(home.resolve("outside.jsonl")));
    // project roots are compared as text, never resolved
    for (Path p : List.of(Path.of("/"), Path.of("../.."), home.resolve("etc"), Path.of("x".repeat(200)))) {
      cream.detect(p);
      cream.sessions(p);
    }
    for (Path opened : source.opened) {
      assertTrue(opened.startsWith(root()), "read outside the root: " + opened);
    }
  }

  @Test
  void detectAndSessionViewsScopeToAProject() throws IOException {
    append(root().resolve("a.jsonl"), "{\"s\":\"a\",\"t\":\"2026-11-20T10:00:00Z\",\"in\":1,\"cwd\":\"/work/app\"}\n");
    append(root().resolve("b.jsonl"), "{\"s\":\"b\",\"t\":\"2026-11-20T11:00:00Z\",\"in\":1,\"cwd\":\"/work/site\"}\n");
    append(root().resolve("c.jsonl"),
        "{\"s\":\"c\",\"t\":\"2026-11-20T12:00:00Z\",\"in\":1,\"cwd\":\"/work/app/sub\"}\n");
    MessageFakeSource other = new MessageFakeSource("other", Files.createDirectories(home.resolve(".other")));
    Cream cream = builder(source()).source(other).build();
    assertEquals(Map.of("fake", true, "other", false), cream.detect(Path.of("/work/app")));
    assertEquals(Map.of("fake", false, "other", false), cream.detect(Path.of("/work/ap")));
    List<SessionView> views = cream.sessions(Path.of("/work/app"));
    assertEquals(List.of("c", "a"), views.stream().map(v -> v.session().sessionId()).toList(), "newest first");
    assertTrue(views.get(0).capabilities().has(Capability.MESSAGES));
    assertTrue(views.get(0).cache().isPresent(), "a session with calls has a verdict");
    assertEquals(3, cream.sessions().size());
  }

  @Test
  void aTimelineFlagsTheIdleGapsThatLetTheCacheExpire() throws IOException {
    append(root().resolve("s1.jsonl"),
        user("s1", "2026-11-20T10:00:00Z", "u1", "hello")
            + streamed("s1", "2026-11-20T10:00:01Z", "a1", 10, "msg1", "one")
            + user("s1", "2026-11-20T10:04:00Z", "u2", "soon")                  // 4 min: still warm
            + streamed("s1", "2026-11-20T10:04:01Z", "a2", 10, "msg2", "two")
            + user("s1", "2026-11-20T10:30:00Z", "u3", "later")                 // 26 min: expired
            + streamed("s1", "2026-11-20T10:30:02Z", "a3", 10, "msg3", "three"));
    Cream cream = builder(source()).cacheStrategy(new CacheTest.TenMinutes("ten", "prov", 100)).build();
    UsageSnapshot scan = cream.scan();
    SessionMessages m = cream.openMessages("fake", "s1").read(scan);
    SessionTimeline t = scan.timeline(m, NOW);
    assertEquals(2, t.gaps().size());
    SessionTimeline.IdleGap warm = t.gaps().get(0);
    assertEquals(2, warm.before());
    assertEquals(Duration.ofMinutes(4).minusSeconds(1), warm.idle());
    assertEquals(CacheState.WARM, warm.cache().orElseThrow().state());
    assertFalse(warm.cacheExpired());
    SessionTimeline.IdleGap cold = t.gaps().get(1);
    assertEquals(4, cold.before());
    assertTrue(cold.cacheExpired());
    assertEquals(t.session().totals(), t.totals());
    assertEquals(CacheState.COLD, t.cache().orElseThrow().verdict().state());
    assertTrue(scan.cacheStateAt("fake", "s1", Instant.parse("2026-11-20T10:00:00Z")).isEmpty(), "no call yet");
    String json = ReportJson.create().timeline(t, scan);
    assertTrue(json.startsWith("{\"schema\":\"cream.timeline/1\""), json);
    assertTrue(json.contains("\"cacheExpired\":true"), json);
  }

  @Test
  void callsOfDeletedTranscriptsAreSaidToBeMissing() throws IOException {
    Path gone = root().resolve("old.jsonl");
    append(gone, streamed("s1", "2026-11-20T09:00:00Z", "a0", 10, "msg0", "old"));
    append(root().resolve("s1.jsonl"), streamed("s1", "2026-11-20T10:00:01Z", "a1", 10, "msg1", "x"));
    Cream cream = builder(source()).build();
    assertEquals(2, cream.scan().session("fake", "s1").orElseThrow().totals().calls());
    Files.delete(gone);
    SessionMessages m = cream.messages("fake", "s1");
    assertEquals(1, m.messages().size());
    assertTrue(codes(m).contains(SessionMessages.MISSING_FILES), codes(m).toString());
    assertEquals(TokenCounts.of(3, 1000, 200, 0, 10), m.tokens());
  }
}
