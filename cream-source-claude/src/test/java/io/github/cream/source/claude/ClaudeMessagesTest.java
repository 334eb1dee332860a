package io.github.cream.source.claude;

import static io.github.cream.source.claude.Fixtures.S1;
import static io.github.cream.source.claude.Fixtures.copy;
import static io.github.cream.source.claude.Fixtures.copyTree;
import static io.github.cream.source.claude.Fixtures.real;
import static io.github.cream.source.claude.Fixtures.synthetic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.ContentBlock;
import io.github.cream.api.Environment;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Cream;
import io.github.cream.core.MessageCursor;
import io.github.cream.core.PricedMessage;
import io.github.cream.core.SessionMessages;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.Capability;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.WatchScope;
import io.github.cream.testkit.ParserHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Claude Code's messages: which lines are which messages, usage on them, resuming, and the real fixtures. */
class ClaudeMessagesTest {

  static final String MAIN = RealFixturesTest.MAIN;
  private static final ClaudeSource SOURCE = new ClaudeSource();

  @TempDir Path home;

  private Path projects() {
    return home.resolve("projects");
  }

  private Environment env() {
    return Fixtures.environment(home);
  }

  private Cream cream() {
    return Fixtures.cream(home, projects()).indexDirectory(home.resolve("index")).build();
  }

  private static List<MessageRole> roles(List<PricedMessage> ms) {
    return ms.stream().map(m -> m.message().role()).toList();
  }

  private static UsageTotals sum(List<PricedMessage> ms) {
    UsageTotals t = UsageTotals.ZERO;
    for (PricedMessage m : ms) {
      if (m.usage().isPresent()) {
        t = t.plus(UsageTotals.of(m.tokens(), m.cost().orElseThrow()));
      }
    }
    return t;
  }

  @Test
  void theSourceDeclaresMessagesAndAProjectWatchScope() {
    assertTrue(SOURCE.capabilities().contains(Capability.MESSAGES));
    assertEquals(WatchScope.PROJECT, SOURCE.watchScope());
  }

  @Test
  void everyKindOfLineBecomesTheRightMessage() {
    Path root = synthetic("messages");
    Path file = root.resolve("-home-me-app").resolve(S1 + ".jsonl");
    List<Message> ms = ParserHarness.messages(SOURCE, root, file, env()).messages();
    Map<String, Message> byId =
        ms.stream().filter(m -> m.id().isPresent()).collect(Collectors.toMap(m -> m.id().get(), Function.identity()));
    assertEquals(17, ms.size(), ms.stream().map(m -> m.id().orElse("-")).toList().toString());

    Message summary = ms.get(0);
    assertEquals(MessageRole.SYSTEM, summary.role());
    assertEquals(List.of(ContentBlock.text("summary: Fix the failing build")), summary.content());
    assertEquals(Optional.empty(), summary.timestamp());

    assertEquals(MessageRole.USER, byId.get("u-01").role());
    assertEquals(ContentBlock.thinking("Look at the log first."), byId.get("a-02").content().get(0));
    assertEquals(Optional.of("claude-sonnet-4-5-20250929"), byId.get("a-02").model());
    ContentBlock call = byId.get("a-04").content().get(0);
    assertEquals(ContentBlock.toolCall("toolu_1", "Bash", "{\"command\":\"make\",\"timeout\":60}"), call);
    // every streamed line reports its call; the engine later keeps the usage on one of them
    assertEquals(40, byId.get("a-04").usage().orElseThrow().tokens().output());
    assertEquals(5, byId.get("a-02").usage().orElseThrow().tokens().output());

    Message result = byId.get("u-06");
    assertEquals(MessageRole.TOOL_RESULT, result.role());
    assertEquals(ContentBlock.toolResult("toolu_1", "Bash", "make: *** [all] Error 2", true), result.content().get(0));
    Message screenshot = byId.get("u-07");
    assertEquals(
        List.of(ContentBlock.toolResult("toolu_9", null, "screenshot taken", false), ContentBlock.attachment("image/png")),
        screenshot.content(), "an unknown call's result has no name; image data is never kept");

    assertEquals(MessageRole.SYSTEM, byId.get("a-08").role(), "a <synthetic> message is Claude Code's own");
    assertEquals(Optional.empty(), byId.get("a-08").usage());
    assertEquals("api_error: the API call failed (status 529); retry 1 of 10",
        byId.get("s-09").content().get(0).text());
    assertEquals("compact_boundary: Conversation compacted", byId.get("s-10").content().get(0).text());
    assertEquals(MessageRole.SYSTEM, byId.get("u-11").role(), "the summary after compaction");
    assertEquals(MessageRole.SYSTEM, byId.get("u-12").role(), "isMeta");
    assertEquals(MessageRole.USER, byId.get("u-13").role(), "a slash command the person typed");
    assertEquals(List.of(ContentBlock.text("Here is the error"), ContentBlock.attachment("image/jpeg")),
        byId.get("u-14").content());
    assertTrue(byId.get("a-15").subagent(), "an inline sidechain line");
    assertFalse(byId.get("a-16").subagent());
    assertEquals(ContentBlock.thinking(""), byId.get("a-16").content().get(0));
    assertEquals("turn_duration: the turn took 1m 41s", byId.get("s-17").content().get(0).text());
    assertTrue(ms.stream().allMatch(m -> m.sessionId().equals(S1) && m.source().equals("claude")));
  }

  @Test
  void theMessageParserEmitsExactlyTheUsageParsersRecordsAndFacts() {
    Path root = synthetic("messages");
    Path file = root.resolve("-home-me-app").resolve(S1 + ".jsonl");
    ParserHarness.Result usage = ParserHarness.parse(SOURCE, root, file, env());
    ParserHarness.Messages messages = ParserHarness.messages(SOURCE, root, file, env());
    assertEquals(usage.records(), messages.usage().records());
    assertEquals(usage.facts(), messages.usage().facts());
    List<UsageRecord> onMessages =
        messages.messages().stream().flatMap(m -> m.usage().stream()).toList();
    assertEquals(usage.records(), onMessages, "each record is on exactly one message, the very same record");
  }

  @Test
  void inTheEngineUsageSumsToTheSessionAndSitsOnTheFinalStreamedLine() {
    copyTree(synthetic("messages"), projects());
    Cream cream = cream();
    UsageSnapshot scan = cream.scan();
    SessionMessages m = cream.openMessages("claude", S1).read(scan);
    assertEquals(17, m.messages().size());
    assertEquals(scan.session("claude", S1).orElseThrow().totals(), sum(m.messages()));
    assertEquals(3, sum(m.messages()).calls());
    List<String> carrying = m.messages().stream().filter(p -> p.usage().isPresent())
        .map(p -> p.message().id().orElseThrow()).toList();
    assertEquals(List.of("a-04", "a-15", "a-16"), carrying, "msg_A's last line has the final output count");
    assertTrue(m.messages().stream().filter(p -> p.message().id().equals(Optional.of("a-04"))).findFirst()
        .orElseThrow().writesCache());
  }

  @Test
  void resumingInPiecesGivesTheSameMessages() throws IOException {
    Path root = synthetic("messages");
    Path file = root.resolve("-home-me-app").resolve(S1 + ".jsonl");
    List<Message> whole = ParserHarness.messages(SOURCE, root, file, env()).messages();
    byte[] bytes = Files.readAllBytes(file);
    List<Long> everyLine = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        everyLine.add((long) i + 1);
      }
    }
    assertEquals(whole, ParserHarness.messagesInPieces(SOURCE, root, file, env(), everyLine).messages());
  }

  @Test
  void aUsageParsersStateIsRefusedAndViceVersa() {
    Path root = synthetic("messages");
    FileContext ctx = new FileContext("claude", root, root.resolve("-home-me-app").resolve(S1 + ".jsonl"), env());
    ResumeState usageState = ResumeState.of(new ParserState().encode());
    assertThrows(IllegalArgumentException.class, () -> SOURCE.openMessageParser(ctx, usageState));
    ResumeState messageState = ResumeState.of(new MessageState(new ParserState()).encode());
    assertThrows(IllegalArgumentException.class, () -> SOURCE.openParser(ctx, messageState));
  }

  @Test
  void toolNamesAreRememberedWithinBounds() {
    MessageState s = new MessageState(new ParserState());
    for (int i = 0; i < 200; i++) {
      s.toolCalled("toolu_" + i, "Tool" + i);
    }
    s.toolCalled("x".repeat(MessageState.MAX_TOOL_CHARS + 1), "Long");
    assertEquals(MessageState.MAX_TOOLS, s.tools());
    assertEquals("Tool199", s.toolName("toolu_199"));
    assertEquals(null, s.toolName("toolu_0"), "the oldest are forgotten");
    MessageState back = MessageState.decode(s.encode());
    assertEquals("Tool150", back.toolName("toolu_150"));
    assertTrue(s.encode().length <= ResumeState.MAX_BYTES);
  }

  @Test
  void anAbsurdlyLongBlockIsCutWithAMarker() throws IOException {
    Path file = projects().resolve("-home-me-app").resolve(S1 + ".jsonl");
    Files.createDirectories(file.getParent());
    int size = ClaudeMessageParser.MAX_BLOCK_CHARS + 1000;
    String big = "y".repeat(size);
    String line = "{\"type\":\"user\",\"sessionId\":\"" + S1 + "\",\"uuid\":\"u1\",\"timestamp\":"
        + "\"2026-03-02T09:00:00.000Z\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
        + "\"tool_use_id\":\"t1\",\"content\":\"" + big + "\"}]}}\n";
    Files.writeString(file, line, StandardCharsets.UTF_8);
    List<Message> ms = ParserHarness.messages(SOURCE, projects(), file, env()).messages();
    String text = ms.get(0).content().get(0).text();
    assertTrue(text.startsWith("yyyy"));
    assertTrue(text.endsWith("[cream: 1,000 more characters not shown]"), text.substring(text.length() - 60));
    assertEquals(ClaudeMessageParser.MAX_BLOCK_CHARS + ClaudeMessageParser.marker(1000).length(), text.length());
  }

  @Test
  void aCursorReadsOnlyTheLinesAppendedToALiveTranscript() throws IOException {
    Path source = synthetic("messages").resolve("-home-me-app").resolve(S1 + ".jsonl");
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    Path file = projects().resolve("-home-me-app").resolve(S1 + ".jsonl");
    Files.createDirectories(file.getParent());
    String head = String.join("\n", lines.subList(0, 4)) + "\n"; // the summary, the prompt, two streamed lines
    Files.writeString(file, head, StandardCharsets.UTF_8);
    Cream cream = cream();
    MessageCursor cursor = cream.openMessages("claude", S1);
    SessionMessages first = cursor.read();
    assertEquals(4, first.messages().size());
    assertEquals(head.getBytes(StandardCharsets.UTF_8).length, first.bytesRead());
    String tail = String.join("\n", lines.subList(4, lines.size())) + "\n";
    Files.writeString(file, tail, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    SessionMessages second = cursor.read();
    assertEquals(tail.getBytes(StandardCharsets.UTF_8).length, second.bytesRead(), "only the appended bytes");
    assertEquals(13, second.messages().size());
    assertEquals(1, second.usageChanges().size(), "msg_A's usage moved from a-03 to a-04");
    assertEquals(Optional.empty(), second.usageChanges().get(0).usage());
    List<PricedMessage> all = new ArrayList<>(first.messages());
    all.addAll(second.messages());
    // apply the change, then the session's totals are the messages' sums
    List<PricedMessage> applied = all.stream()
        .map(p -> p.message().origin().equals(second.usageChanges().get(0).origin())
            ? new PricedMessage(p.message().withUsage(Optional.empty()), p.part(), Optional.empty(), p.call()) : p)
        .toList();
    assertEquals(cream.scan().session("claude", S1).orElseThrow().totals(), sum(applied));
    assertEquals(all.stream().map(p -> p.message().id()).toList(),
        cream.messages("claude", S1).messages().stream().map(p -> p.message().id()).toList());
  }

  // ---- the real fixtures

  private Path layOutSpotter() {
    Path project = projects().resolve("-home-USER-projects-spotter-worktrees-spotter-gqc");
    copy(real().resolve("spotter-real/" + MAIN + ".jsonl"), project.resolve(MAIN + ".jsonl"));
    copyTree(real().resolve("spotter-real/" + MAIN), project.resolve(MAIN));
    return project;
  }

  @Test
  void theSpotterSessionsMessagesCarryExactlyItsTotals() {
    layOutSpotter();
    Cream cream = cream();
    UsageSnapshot scan = cream.scan();
    SessionMessages m = cream.openMessages("claude", MAIN).read(scan);
    // 496 user, assistant and system lines in the main file, 8 in agent-a881341, 4 in agent-acompact-fffbd0
    assertEquals(508, m.messages().size());
    assertEquals(305, roles(m.messages()).stream().filter(r -> r == MessageRole.ASSISTANT).count());
    assertEquals(188, roles(m.messages()).stream().filter(r -> r == MessageRole.TOOL_RESULT).count());
    UsageTotals totals = scan.session("claude", MAIN).orElseThrow().totals();
    assertEquals(totals, sum(m.messages()), "per-message usage sums to the session's totals");
    assertEquals(totals.calls(), m.messages().stream().filter(p -> p.usage().isPresent()).count());
    assertEquals(List.of(), m.diagnostics());
    assertEquals(12, m.messages().stream().filter(p -> p.message().subagent()).count());
    // in order
    for (int i = 1; i < m.messages().size(); i++) {
      Optional<java.time.Instant> a = m.messages().get(i - 1).message().timestamp();
      Optional<java.time.Instant> b = m.messages().get(i).message().timestamp();
      if (a.isPresent() && b.isPresent()) {
        assertFalse(b.get().isBefore(a.get()), "message " + i + " is out of order");
      }
    }
    // every tool result names its tool: its call is always earlier in the same file
    assertTrue(m.messages().stream().flatMap(p -> p.message().content().stream())
        .filter(b -> b.kind() == ContentBlock.Kind.TOOL_RESULT).allMatch(b -> b.toolName().isPresent()));
  }

  @Test
  void theOtherSpotterTranscriptsToo() {
    Map<String, Integer> expected = Map.of("short", 11, "subagent", 49, "tool_heavy", 24);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      Path root = home.resolve(e.getKey());
      Path file = root.resolve("-p").resolve(e.getKey() + ".jsonl");
      copy(real().resolve("spotter-real/" + e.getKey() + ".jsonl"), file);
      Cream cream = Fixtures.cream(home, root).noIndex().build();
      UsageSnapshot scan = cream.scan();
      assertEquals(1, scan.sessions().size());
      String id = scan.sessions().get(0).sessionId();
      SessionMessages m = cream.openMessages("claude", id).read(scan);
      assertEquals(e.getValue(), m.messages().size(), e.getKey());
      assertEquals(scan.sessions().get(0).totals(), sum(m.messages()), e.getKey());
    }
  }

  @Test
  void theRealFilesInPiecesGiveTheSameMessages() throws IOException {
    Path project = layOutSpotter();
    for (Path file : List.of(project.resolve(MAIN + ".jsonl"),
        project.resolve(MAIN).resolve("subagents").resolve("agent-a881341.jsonl"))) {
      long size = Files.size(file);
      List<Long> stops = List.of(size / 7, size / 3, size / 2, size * 5 / 6);
      ParserHarness.Messages whole = ParserHarness.messages(SOURCE, projects(), file, env());
      ParserHarness.Messages pieces = ParserHarness.messagesInPieces(SOURCE, projects(), file, env(), stops);
      assertEquals(whole.messages(), pieces.messages());
      assertEquals(ParserHarness.parse(SOURCE, projects(), file, env()).records(), pieces.usage().records());
    }
  }
}
