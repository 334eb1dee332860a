package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.ContentBlock;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Capability;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.spi.WatchScope;
import io.github.cream.testkit.ParserFeed;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Pi/OpenClaw message parser over synthetic sessions: every role and entry kind, branches, mirrors, stores. */
class PiMessagesTest {

  static final String MESSAGES =
      "pi/messages/2026-06-01T00-00-00-000Z_12121212-0000-4000-8000-000000000012.jsonl";
  static final String BRANCHES =
      "pi/sessions/--home-me-app--/2026-03-01T10-00-00-000Z_aaaaaaaa-0000-4000-8000-000000000001.jsonl";
  static final String OPENCLAW = "openclaw/state/agents/main/sessions/11111111-0000-4000-8000-00000000000a.jsonl";

  @TempDir Path home;

  private ParserHarness.Messages messages(Source source, Path file) {
    return ParserHarness.messages(source, file.getParent(), file, Scans.env(home));
  }

  private ParserHarness.Messages resource(String relative) {
    Source source = relative.startsWith("openclaw/") ? new OpenClawSource() : new PiSource();
    return messages(source, Scans.resources().resolve(relative));
  }

  static List<MessageRole> roles(List<Message> ms) {
    return ms.stream().map(Message::role).toList();
  }

  static List<UsageRecord> attached(List<Message> ms) {
    return ms.stream().flatMap(m -> m.usage().stream()).toList();
  }

  @Test
  void declaresMessagesAndWatchScopes() {
    assertTrue(new PiSource().capabilities().contains(Capability.MESSAGES));
    assertTrue(new OpenClawSource().capabilities().contains(Capability.MESSAGES));
    assertEquals(WatchScope.PROJECT, new PiSource().watchScope());
    assertEquals(WatchScope.GLOBAL, new OpenClawSource().watchScope());
  }

  @Test
  void everyRoleAndEntryKind() {
    ParserHarness.Messages r = resource(MESSAGES);
    List<Message> ms = r.messages();
    MessageRole u = MessageRole.USER;
    MessageRole a = MessageRole.ASSISTANT;
    MessageRole t = MessageRole.TOOL_RESULT;
    MessageRole s = MessageRole.SYSTEM;
    assertEquals(List.of(u, u, a, t, a, t, u, s, s, a, s, a, s, s, u, a, s, u, a), roles(ms));

    assertEquals(List.of(ContentBlock.text("plain string prompt")), ms.get(0).content());
    assertEquals(Optional.of("e0000003"), ms.get(0).id(), "the entry id");
    assertEquals(Optional.of(Instant.ofEpochMilli(1780272001000L)), ms.get(0).timestamp(), "the message's time");
    // an image is named by its media type; its data is never read
    assertEquals(List.of(ContentBlock.text("what is this?"), ContentBlock.attachment("image/png")),
        ms.get(1).content());

    Message call = ms.get(2);
    assertEquals(List.of(ContentBlock.thinking("The user wants a look."), ContentBlock.text("Let me read it."),
        ContentBlock.toolCall("toolu_01", "read", "{\"path\":\"img.png\",\"limit\":10}")), call.content());
    assertEquals(Optional.of("claude-sonnet-4-5"), call.model());
    assertEquals(new TokenCounts(10, 1_000, 200, 0, 40, 0), call.usage().orElseThrow().tokens());
    assertEquals(call.origin(), call.usage().orElseThrow().origin());

    assertEquals(List.of(ContentBlock.toolResult("toolu_01", "read", "binary file", false),
        ContentBlock.attachment("image/jpeg")), ms.get(3).content());
    assertEquals(List.of(ContentBlock.thinking(""), ContentBlock.toolCall("toolu_02", "bash",
        "{\"command\":\"rm -rf /\"}")), ms.get(4).content(), "redacted thinking is an empty thinking block");
    assertEquals(List.of(ContentBlock.toolResult("toolu_02", "bash", "refused", true)), ms.get(5).content());
    // the person's "!git status": the call and its failed result, as the person's message
    assertEquals(List.of(ContentBlock.toolCall(null, "bash", "git status"),
        ContentBlock.toolResult(null, "bash", "fatal: not a git repository", true)), ms.get(6).content());
    assertEquals(List.of(ContentBlock.text("remember the tests")), ms.get(7).content(), "a custom message");
    assertEquals(List.of(ContentBlock.text("injected context")), ms.get(8).content(), "a custom_message entry");
    // a failed request with no tokens: no usage, then its error as a SYSTEM message
    assertTrue(ms.get(9).usage().isEmpty());
    assertTrue(ms.get(9).content().isEmpty());
    assertEquals(List.of(ContentBlock.text("overloaded_error: try again")), ms.get(10).content());
    assertEquals(Optional.empty(), ms.get(10).id());
    // an aborted request with tokens is billed
    assertTrue(ms.get(11).usage().orElseThrow().has(RecordFlag.ABORTED));
    assertEquals(List.of(ContentBlock.text("Request was aborted")), ms.get(12).content());
    assertEquals(List.of(ContentBlock.text("The user looked at an image.")), ms.get(13).content(), "compaction");
    assertEquals(List.of(ContentBlock.text("Tried branch one.")), ms.get(16).content(), "branch summary");

    for (Message m : ms) {
      assertEquals("pi", m.source());
      assertEquals("12121212-0000-4000-8000-000000000012", m.sessionId());
      assertFalse(m.subagent());
      assertTrue(m.usage().isEmpty() || m.role() == MessageRole.ASSISTANT);
    }
    assertEquals(5, attached(ms).size());
    assertTrue(r.usage().diagnostics().stream().allMatch(d -> d.severity() == Severity.INFO),
        r.usage().diagnostics()::toString);
  }

  @Test
  void abandonedBranchesAreShownInFileOrderWithTheirEntryIds() {
    List<Message> ms = resource(BRANCHES).messages();
    assertEquals(List.of("a0000002", "a0000003", "a0000004", "a0000005", "a0000006", "a0000007", "a0000008",
        "a0000009", "a000000a"), ms.stream().map(m -> m.id().orElseThrow()).toList());
    // approach X (a0000004, a0000005) was abandoned for the branch summary a0000006; both are shown
    assertEquals(List.of(ContentBlock.text("try approach X")), ms.get(2).content());
    assertEquals(MessageRole.SYSTEM, ms.get(4).role());
    assertEquals(List.of(ContentBlock.text("approach X abandoned")), ms.get(4).content());
  }

  @Test
  void usageOnMessagesIsExactlyTheUsageParsersRecords() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Scans.resources())) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> p.toString().contains(".jsonl") && !p.toString().endsWith(".zst")
              && !p.toString().endsWith(".lock"))
          .sorted().toList();
    }
    assertTrue(files.size() >= 15, files::toString);
    for (Path f : files) {
      Source source = Scans.resources().relativize(f).toString().startsWith("openclaw") ? new OpenClawSource()
          : new PiSource();
      ParserHarness.Messages r = messages(source, f);
      List<UsageRecord> records = ParserHarness.parse(source, f.getParent(), f, Scans.env(home)).records();
      assertEquals(records, attached(r.messages()), f::toString);
      assertEquals(records, r.usage().records(), f::toString);
    }
  }

  @Test
  void openclawMirrorsAreSystemWithoutUsageAndPreamblesAreKept() {
    List<Message> ms = resource(OPENCLAW).messages();
    assertEquals(List.of(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.ASSISTANT, MessageRole.SYSTEM,
        MessageRole.SYSTEM), roles(ms));
    assertEquals(List.of(ContentBlock.text(
            "System: [2026-04-03 08:00:00 UTC] WhatsApp gateway connected as +0000.\n\nplan my week\n[message_id: 1]")),
        ms.get(0).content(), "the channel's preamble is part of the person's text");
    assertEquals(List.of(ContentBlock.text("sent")), ms.get(3).content());
    assertEquals(List.of(ContentBlock.text("Agent failed before reply")), ms.get(4).content());
    for (Message m : ms.subList(3, 5)) {
      assertTrue(m.usage().isEmpty());
      assertEquals(Optional.empty(), m.model());
    }
    assertTrue(ms.get(1).usage().isPresent());
    assertTrue(ms.stream().allMatch(m -> m.source().equals("openclaw")));
  }

  @Test
  void storeEntriesGoThroughTheSameParser() throws Exception {
    Path state = home.resolve(".openclaw");
    Path db = SqliteStoreTest.buildStore(state);
    OpenClawSource oc = new OpenClawSource();
    ParserHarness.Messages r = ParserHarness.messages(oc, state, db, Scans.env(home));
    List<Message> ms = r.messages();
    assertEquals(List.of(MessageRole.USER, MessageRole.USER, MessageRole.ASSISTANT, MessageRole.ASSISTANT,
        MessageRole.SYSTEM, MessageRole.ASSISTANT), roles(ms));
    assertEquals(List.of(SqliteStoreTest.S2, SqliteStoreTest.S1, SqliteStoreTest.S1, SqliteStoreTest.S2,
        SqliteStoreTest.S2, SqliteStoreTest.S1), ms.stream().map(Message::sessionId).toList());
    assertEquals(List.of(ContentBlock.text("how is the weather")), ms.get(0).content());
    List<UsageRecord> records = ParserHarness.parse(oc, state, db, Scans.env(home)).records();
    assertEquals(3, records.size());
    assertEquals(records, attached(ms));
    assertEquals(1, r.usage().diagnostics().stream().filter(d -> d.code().equals("openclaw.line.malformed-json"))
        .mapToLong(Diagnostic::count).sum(), "the broken row is reported once, not once per pass");
  }

  // ---- hostile content, fed directly so that an exception would surface

  private ParserFeed direct(List<String> lines) {
    Path file = home.resolve("h/2026-05-01T00-00-00-000Z_77777777-0000-4000-8000-000000000077.jsonl");
    LineParser p = new PiSource().openMessageParser(
        new FileContext("pi", file.getParent(), file, Scans.env(home)), ResumeState.initial());
    return ParserFeed.feed(p, file, lines);
  }

  private static String header() {
    return "{\"type\":\"session\",\"version\":3,\"id\":\"77777777-0000-4000-8000-000000000077\","
        + "\"timestamp\":\"2026-05-01T00:00:00.000Z\",\"cwd\":\"/h\"}";
  }

  private static String msg(String message) {
    return "{\"type\":\"message\",\"id\":\"h1\",\"parentId\":null,\"timestamp\":\"2026-05-01T00:00:01.000Z\","
        + "\"message\":" + message + "}";
  }

  private static final String USAGE =
      "\"usage\":{\"input\":1,\"output\":2,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":3}";

  @Test
  void hugeBlocksAreCutWithAMarker() {
    String big = "q".repeat(Content.MAX_BLOCK_CHARS + 77);
    ParserFeed out = direct(List.of(header(),
        msg("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + big + "\"}]}"),
        msg("{\"role\":\"assistant\",\"provider\":\"anthropic\",\"model\":\"m\"," + USAGE + ",\"content\":["
            + "{\"type\":\"toolCall\",\"id\":\"t\",\"name\":\"write\",\"arguments\":{\"body\":\"" + big + "\"}}]}"),
        msg("{\"role\":\"toolResult\",\"toolCallId\":\"t\",\"content\":\"" + big + "\"}")));
    assertEquals(3, out.messages().size());
    assertEquals("q".repeat(Content.MAX_BLOCK_CHARS) + Content.marker(77), out.messages().get(0).content().get(0).text());
    String args = out.messages().get(1).content().get(0).text();
    assertTrue(args.startsWith("{\"body\":\"qqq") && args.endsWith(Content.marker(77 + 11)), "{\"body\":\"\"} is 11");
    assertEquals(1, out.records().size());
    assertEquals(out.records().get(0), out.messages().get(1).usage().orElseThrow());
    assertEquals("q".repeat(Content.MAX_BLOCK_CHARS) + Content.marker(77), out.messages().get(2).content().get(0).text());
    assertEquals(3, out.codes().stream().filter(c -> c.equals("pi.message.truncated")).count());
  }

  @Test
  void wrongTypesAndDeepNestingAreDiagnosticsNotExceptions() {
    String deep = "[".repeat(300) + "]".repeat(300);
    ParserFeed out = direct(List.of(header(),
        msg("{\"role\":\"user\",\"content\":42}"),
        msg("{\"role\":\"user\",\"content\":[7,{\"type\":\"text\",\"text\":{\"a\":1}},{\"type\":\"text\","
            + "\"text\":\"kept\"}]}"),
        msg("{\"role\":[\"user\"],\"content\":[]}"),
        msg("\"not an object\""),
        msg("{\"role\":\"assistant\",\"provider\":\"anthropic\",\"model\":\"m\"," + USAGE + ",\"content\":"
            + "[{\"type\":\"toolCall\",\"id\":\"t\",\"name\":\"f\",\"arguments\":" + deep + "}]}"),
        msg("{\"role\":\"bashExecution\",\"command\":{\"x\":1},\"output\":null,\"exitCode\":\"1\"}"),
        "{\"type\":\"compaction\",\"id\":\"c\",\"summary\":{\"not\":\"text\"}}",
        "{\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"unterminated",
        "[1,2,3]"));
    assertEquals(List.of(MessageRole.USER, MessageRole.USER, MessageRole.USER, MessageRole.SYSTEM),
        roles(out.messages()));
    assertTrue(out.messages().get(0).content().isEmpty());
    assertEquals(List.of(ContentBlock.text("kept")), out.messages().get(1).content());
    // the deeply nested call is too deep for the usage pass too: no record, no message, reported once
    assertTrue(out.records().isEmpty());
    assertEquals(List.of(ContentBlock.toolCall(null, "bash", "{\"x\":1}"), ContentBlock.toolResult(null, "bash", "",
        false)), out.messages().get(2).content(), "a command logged as an object, an exit code as a string");
    assertTrue(out.messages().get(3).content().isEmpty(), "a summary that is not text is left out");
    Map<String, Long> codes = out.codes().stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
    assertEquals(3L, codes.get("pi.message.block-invalid"), codes::toString);
    assertEquals(1L, codes.get("pi.message.unknown-role"), codes::toString);
    assertEquals(1L, codes.get("pi.message.invalid"), codes::toString);
    assertEquals(1L, codes.get("pi.line.too-large"), codes::toString);
    assertEquals(1L, codes.get("pi.line.malformed-json"), codes::toString);
    assertEquals(1L, codes.get("pi.line.not-object"), codes::toString);
    assertEquals(6, codes.size(), codes::toString);
  }

  @Test
  void aRecordWhoseContentCannotBeReadStillGetsAMessage() {
    // a store row whose event the usage pass reads (it stops there) but whose rest is broken
    Path db = home.resolve("s/agents/main/agent/openclaw-agent.sqlite");
    LineParser p = new OpenClawSource().openMessageParser(
        new FileContext("openclaw", home.resolve("s"), db, Scans.env(home)), ResumeState.initial());
    String event = "{\"type\":\"message\",\"id\":\"x1\",\"timestamp\":\"2026-05-01T00:00:01.000Z\",\"message\":"
        + "{\"role\":\"assistant\",\"provider\":\"anthropic\",\"model\":\"m\"," + USAGE
        + ",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}";
    ParserFeed out = ParserFeed.feed(p, db, List.of(
        "{\"type\":\"cream.store-event\",\"sessionId\":\"s1\",\"event\":" + event + ",\"extra\": broken",
        "{\"type\":\"cream.store-event\",\"sessionId\":\"s1\",\"subagent\":true,\"event\":" + event + "}"));
    assertEquals(2, out.records().size());
    assertEquals(2, out.messages().size());
    Message bare = out.messages().get(0);
    assertEquals(MessageRole.ASSISTANT, bare.role());
    assertTrue(bare.content().isEmpty());
    assertEquals(out.records().get(0), bare.usage().orElseThrow());
    assertEquals("s1", bare.sessionId());
    assertEquals(List.of("openclaw.message.unreadable"), out.codes());
    Message whole = out.messages().get(1);
    assertEquals(List.of(ContentBlock.text("hi")), whole.content());
    assertEquals(out.records().get(1), whole.usage().orElseThrow());
    assertTrue(whole.subagent());
    assertEquals(Optional.of("x1"), whole.id());
  }

  @Test
  void diagnosticsNeverQuoteContent() {
    String secret = "Zq9Xk3Wm-secret";
    ParserFeed out = direct(List.of(header(),
        msg("{\"role\":\"" + secret + "\",\"content\":[]}"),
        msg("{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":{\"" + secret + "\":1}}]}"),
        "{\"" + secret + "\":",
        msg("{\"role\":\"user\",\"content\":\"" + secret.repeat(80_000) + "\"}")));
    assertFalse(out.problems().isEmpty());
    for (ParserFeed.Problem p : out.problems()) {
      assertFalse(p.message().contains(secret), p.code());
      assertTrue(p.code().startsWith("pi."), p.code());
    }
  }

  @Test
  void theUsageParserStillSkipsContentLinesAndTheMessageParserWantsThem() {
    Path file = home.resolve("w/x.jsonl");
    FileContext ctx = new FileContext("pi", file.getParent(), file, Scans.env(home));
    LineParser usage = new PiSource().openParser(ctx, ResumeState.initial());
    LineParser msgs = new PiSource().openMessageParser(ctx, ResumeState.initial());
    String result = msg("{\"role\":\"toolResult\",\"toolCallId\":\"t\",\"content\":[{\"type\":\"text\","
        + "\"text\":\"ok\"}]}");
    String compaction = "{\"type\":\"compaction\",\"id\":\"c\",\"summary\":\"s\"}";
    for (String line : List.of(result, compaction)) {
      assertFalse(usage.wants(ParserFeed.line(line, 5, file)));
      assertTrue(msgs.wants(ParserFeed.line(line, 5, file)));
    }
  }
}
