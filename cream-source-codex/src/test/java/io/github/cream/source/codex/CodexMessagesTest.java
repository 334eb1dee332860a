package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.ContentBlock;
import io.github.cream.api.ContentBlock.Kind;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Capability;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.WatchScope;
import io.github.cream.testkit.ParserFeed;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message parser over synthetic rollouts: every line kind, steps, replays, exec output, hostile content. */
class CodexMessagesTest {

  @TempDir Path home;

  private ParserHarness.Messages messages(Path file) {
    return ParserHarness.messages(new CodexSource(), file.getParent(), file, Support.env(home));
  }

  private ParserHarness.Messages fixture(String name) {
    return messages(Support.copy(name, home.resolve("f"), true));
  }

  static List<MessageRole> roles(List<Message> ms) {
    return ms.stream().map(Message::role).toList();
  }

  static List<Kind> kinds(Message m) {
    return m.content().stream().map(ContentBlock::kind).toList();
  }

  /** The usage carried by messages, in message order. */
  static List<UsageRecord> attached(List<Message> ms) {
    return ms.stream().flatMap(m -> m.usage().stream()).toList();
  }

  @Test
  void declaresMessagesAndAGlobalWatchScope() {
    CodexSource s = new CodexSource();
    assertTrue(s.capabilities().contains(Capability.MESSAGES));
    assertEquals(WatchScope.GLOBAL, s.watchScope());
  }

  @Test
  void everyItemKindInFileOrder() {
    ParserHarness.Messages r = fixture("messages.jsonl");
    List<Message> ms = r.messages();
    MessageRole S = MessageRole.SYSTEM;
    MessageRole U = MessageRole.USER;
    MessageRole A = MessageRole.ASSISTANT;
    MessageRole T = MessageRole.TOOL_RESULT;
    assertEquals(List.of(S, S, U, A, A, A, A, A, A, S, T, T, T, A, A, S, T, A, S, S, A, S, U), roles(ms));

    // developer instructions, and the AGENTS.md + environment context Codex injects as a user message: SYSTEM
    assertEquals(List.of(Kind.TEXT), kinds(ms.get(0)));
    assertEquals(List.of(Kind.TEXT, Kind.TEXT), kinds(ms.get(1)));
    // the person's prompt with a screenshot: the image is named by its type, never its data
    Message prompt = ms.get(2);
    assertEquals(List.of(ContentBlock.text("What is in this screenshot?"), ContentBlock.attachment("image/png")),
        prompt.content());
    assertEquals(Optional.of(Instant.parse("2026-03-05T10:00:00.004Z")), prompt.timestamp());
    assertEquals(Optional.empty(), prompt.model());
    // reasoning summary as thinking, with the turn's model and the item's id
    Message reasoning = ms.get(3);
    assertEquals(List.of(ContentBlock.thinking("**Looking at the image**")), reasoning.content());
    assertEquals(Optional.of("gpt-5.3-codex"), reasoning.model());
    assertEquals(Optional.of("rs_1"), reasoning.id());
    assertEquals(List.of(ContentBlock.text("Let me check the files.")), ms.get(4).content());
    // tool calls: function, custom (freeform input), local shell (action as JSON), web search
    assertEquals(ContentBlock.toolCall("call_A", "exec_command", "{\"cmd\":\"ls\"}"), ms.get(5).content().get(0));
    assertEquals(ContentBlock.toolCall("call_B", "apply_patch", "*** Begin Patch\n*** End Patch"),
        ms.get(6).content().get(0));
    assertEquals(
        ContentBlock.toolCall("call_C", "local_shell", "{\"type\":\"exec\",\"command\":[\"cat\",\"README.md\"]}"),
        ms.get(7).content().get(0));
    assertEquals(ContentBlock.toolCall(null, "web_search", "{\"type\":\"search\",\"query\":\"codex rollout\"}"),
        ms.get(8).content().get(0));
    // the step: a SYSTEM message with no content, carrying the step's record
    Message step1 = ms.get(9);
    assertTrue(step1.content().isEmpty());
    assertEquals(new TokenCounts(2_000, 8_000, 0, 0, 300, 100), step1.usage().orElseThrow().tokens());
    assertEquals(Optional.of("gpt-5.3-codex"), step1.model());
    assertEquals(step1.origin(), step1.usage().orElseThrow().origin(), "emitted at the token_count line");
    // results, linked to their calls by id; success:false is an error
    assertEquals(ContentBlock.toolResult("call_A", null, "README.md\nsrc", false), ms.get(10).content().get(0));
    assertEquals(ContentBlock.toolResult("call_B", null, "patch applied", false), ms.get(11).content().get(0));
    assertEquals(ContentBlock.toolResult("call_C", null, "cat: README.md: denied", true), ms.get(12).content().get(0));
    // encrypted-only reasoning: one empty thinking block
    assertEquals(List.of(ContentBlock.thinking("")), ms.get(13).content());
    assertEquals(Optional.of("rs_2"), ms.get(13).id());
    // a step without assistant text: reasoning and a call, then the step
    assertEquals(new TokenCounts(2_000, 10_000, 0, 0, 150, 50), ms.get(15).usage().orElseThrow().tokens());
    // an output with an image: text result, then the image as an attachment
    assertEquals(List.of(ContentBlock.toolResult("call_D", null, "image attached", false),
        ContentBlock.attachment("image/jpeg")), ms.get(16).content());
    assertEquals(List.of(ContentBlock.text("It shows a README.")), ms.get(17).content());
    assertTrue(ms.get(18).usage().isPresent());
    // compaction: its summary, without the replacement history
    assertEquals(List.of(ContentBlock.text("Summary: the user asked about a screenshot.")), ms.get(19).content());
    assertTrue(ms.get(19).usage().isEmpty());
    // an unknown *_call item is a tool call named after its type
    assertEquals(ContentBlock.toolCall("ig_1", "image_generation", ""), ms.get(20).content().get(0));
    assertEquals(Optional.of("ig_1"), ms.get(20).id());
    // Codex's <turn_aborted> note is SYSTEM; the person's "thanks" is USER
    assertEquals(List.of(ContentBlock.text("thanks")), ms.get(22).content());

    for (Message m : ms) {
      assertEquals("codex", m.source());
      assertEquals("019cbd10-0000-7000-8000-000000000001", m.sessionId());
      assertFalse(m.subagent());
    }
    assertEquals(1L, Support.codes(r.usage().diagnostics()).get("codex.message.unknown-item"));
    assertTrue(Support.warnings(r.usage().diagnostics()).isEmpty(), () -> r.usage().diagnostics().toString());
  }

  @Test
  void eventDuplicatesAreNotShownTwice() {
    List<Message> ms = fixture("messages.jsonl").messages();
    long prompts = ms.stream()
        .filter(m -> m.content().contains(ContentBlock.text("What is in this screenshot?"))).count();
    assertEquals(1, prompts, "the user_message event repeats the response item");
    long replies = ms.stream().filter(m -> m.content().contains(ContentBlock.text("It shows a README."))).count();
    assertEquals(1, replies, "agent_message and task_complete repeat the response item");
    long thinking = ms.stream()
        .filter(m -> m.content().contains(ContentBlock.thinking("**Looking at the image**"))).count();
    assertEquals(1, thinking, "agent_reasoning repeats the reasoning item");
  }

  @Test
  void stepUsageIsTheUsageParsersRecordsAndReEmitsAttachNothing() {
    Path f = Support.copy("messages.jsonl", home.resolve("f"), true);
    ParserHarness.Messages r = messages(f);
    ParserHarness.Result usage = Support.parse(home, f);
    assertEquals(3, usage.records().size(), "three steps; a re-emit and the compaction phantom count nothing");
    assertEquals(usage.records(), attached(r.messages()));
    assertEquals(usage.records(), r.usage().records(), "the message parser's records are the usage parser's");
  }

  @Test
  void everySyntheticRolloutAttachesExactlyTheUsageParsersRecords() {
    for (String name : List.of("reemit.jsonl", "backwards.jsonl", "fork-child.jsonl", "fork-noids.jsonl",
        "fork-parent.jsonl", "spawn-child.jsonl", "spawn-parent.jsonl", "model-switch.jsonl", "cache-write.jsonl",
        "exec-output.jsonl", "legacy-pre-envelope.jsonl", "compaction.jsonl", "last-only.jsonl", "no-model.jsonl",
        "sibling-a.jsonl", "sibling-b.jsonl", "messages.jsonl")) {
      Path f = Support.copy(name, home.resolve(name.replace(".jsonl", "")), true);
      List<UsageRecord> records = Support.parse(home, f).records();
      ParserHarness.Messages r = messages(f);
      assertEquals(records, attached(r.messages()), name);
      assertEquals(records, r.usage().records(), name);
      for (Message m : r.messages()) {
        m.usage().ifPresent(u -> assertEquals(MessageRole.SYSTEM, m.role(), name));
      }
    }
  }

  @Test
  void forkReplayIsShownWithoutUsage() {
    String child = "019cae34-7780-7c0c-80c0-c0c0c0c0c0c0";
    String parent = "019cadc6-9a80-7f0f-80f0-f0f0f0f0f0f0";
    Path f = Support.write(home.resolve("fork/rollout-2026-03-02T11-00-00-" + child + ".jsonl"),
        "{\"timestamp\":\"2026-03-02T11:00:00.050Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + child
            + "\",\"timestamp\":\"2026-03-02T11:00:00.050Z\",\"cwd\":\"/work/app\",\"source\":\"cli\","
            + "\"model_provider\":\"openai\",\"forked_from_id\":\"" + parent + "\"}}",
        "{\"timestamp\":\"2026-03-02T11:00:00.051Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + parent
            + "\",\"timestamp\":\"2026-03-02T09:00:00.020Z\",\"cwd\":\"/work/app\",\"source\":\"cli\"}}",
        "{\"timestamp\":\"2026-03-02T11:00:00.060Z\",\"type\":\"turn_context\",\"payload\":{\"turn_id\":"
            + "\"019cadc6-9e68-7f1f-81f1-f1f1f1f1f1f1\",\"model\":\"gpt-5.4\"}}",
        "{\"timestamp\":\"2026-03-02T11:00:00.061Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
            + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"parent question\"}]}}",
        "{\"timestamp\":\"2026-03-02T11:00:00.062Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"parent answer\"}]}}",
        tokenCount("2026-03-02T11:00:00.063Z", 20_000, 15_000, 300),
        "{\"timestamp\":\"2026-03-02T11:00:03.001Z\",\"type\":\"turn_context\",\"payload\":{\"turn_id\":"
            + "\"019cae34-8338-7c1c-81c1-c1c1c1c1c1c1\",\"model\":\"gpt-5.4\"}}",
        "{\"timestamp\":\"2026-03-02T11:00:03.002Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
            + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"child question\"}]}}",
        "{\"timestamp\":\"2026-03-02T11:00:05.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"child answer\"}]}}",
        tokenCount("2026-03-02T11:00:05.100Z", 27_000, 20_000, 420));
    ParserHarness.Messages r = messages(f);
    List<Message> ms = r.messages();
    assertEquals(List.of(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.USER, MessageRole.ASSISTANT,
        MessageRole.SYSTEM), roles(ms), "the replayed history is shown; its token count makes no step");
    assertEquals(List.of(ContentBlock.text("parent question")), ms.get(0).content());
    assertTrue(ms.stream().allMatch(m -> m.sessionId().equals(child)));
    List<UsageRecord> used = attached(ms);
    assertEquals(1, used.size());
    assertEquals(new TokenCounts(2_000, 5_000, 0, 0, 120, 0), used.get(0).tokens(), "the child's own step only");
    assertEquals(Support.parse(home, f).records(), used);
  }

  private static String tokenCount(String ts, long in, long cached, long out) {
    String u = "{\"input_tokens\":" + in + ",\"cached_input_tokens\":" + cached + ",\"output_tokens\":" + out
        + ",\"reasoning_output_tokens\":0,\"total_tokens\":" + (in + out) + "}";
    return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":"
        + "{\"total_token_usage\":" + u + ",\"last_token_usage\":" + u + "}}}";
  }

  @Test
  void execOutputItems() {
    ParserHarness.Messages r = fixture("exec-output.jsonl");
    List<Message> ms = r.messages();
    assertEquals(List.of(MessageRole.ASSISTANT, MessageRole.ASSISTANT, MessageRole.TOOL_RESULT, MessageRole.SYSTEM,
        MessageRole.ASSISTANT, MessageRole.SYSTEM), roles(ms));
    assertEquals(List.of(ContentBlock.thinking("**Listing files**")), ms.get(0).content());
    assertEquals(ContentBlock.toolCall("item_1", "command_execution", "bash -lc ls"), ms.get(1).content().get(0));
    assertEquals(ContentBlock.toolResult("item_1", "command_execution", "README.md\n", false),
        ms.get(2).content().get(0));
    assertEquals(ms.get(1).origin(), ms.get(2).origin(), "call and result come from one line");
    assertTrue(ms.get(3).usage().isPresent());
    assertEquals(List.of(ContentBlock.text("Done. turn.completed above.")), ms.get(4).content());
    assertEquals(Support.parse(home, ms.get(0).origin().file()).records(), attached(ms));
  }

  @Test
  void preEnvelopeRollout() {
    List<Message> ms = fixture("legacy-pre-envelope.jsonl").messages();
    assertEquals(List.of(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.ASSISTANT, MessageRole.TOOL_RESULT),
        roles(ms));
    assertEquals(List.of(ContentBlock.text("why does the token_count double?")), ms.get(0).content());
    assertEquals(Optional.empty(), ms.get(0).timestamp(), "the items carry no timestamp");
    assertEquals(ContentBlock.toolCall("call_1", "shell", "{\"command\":[\"ls\"]}"), ms.get(2).content().get(0));
    assertEquals(Optional.of("fc_1"), ms.get(2).id());
    assertEquals(ContentBlock.toolResult("call_1", null, "README.md", false), ms.get(3).content().get(0));
    assertEquals("5973b6c0-94b8-487b-a530-2aeb6098ae0e", ms.get(0).sessionId());
  }

  @Test
  void subagentMessagesAreFlagged() {
    List<Message> ms = fixture("spawn-child.jsonl").messages();
    assertFalse(ms.isEmpty());
    assertTrue(ms.stream().allMatch(Message::subagent));
  }

  // ---- hostile content, fed directly so that an exception would surface

  private ParserFeed direct(List<String> lines) {
    Path file = home.resolve("h/rollout-2026-03-05T10-00-00-019cbd10-0000-7000-8000-000000000009.jsonl");
    LineParser p = new CodexSource().openMessageParser(
        new FileContext("codex", file.getParent(), file, Support.env(home)), ResumeState.initial());
    return ParserFeed.feed(p, file, lines);
  }

  private static String item(String payload) {
    return "{\"timestamp\":\"2026-03-05T10:00:01.000Z\",\"type\":\"response_item\",\"payload\":" + payload + "}";
  }

  @Test
  void hugeBlocksAreCutWithAMarker() {
    String big = "x".repeat(Content.MAX_BLOCK_CHARS + 12_345);
    // a surrogate pair straddling the cut is not split
    String emoji = "y".repeat(Content.MAX_BLOCK_CHARS - 1) + "\uD83D\uDE00" + "z".repeat(10);
    ParserFeed out = direct(List.of(
        item("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + big
            + "\"}]}"),
        item("{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":{\"a\":\"" + big + "\"},\"call_id\":\"c\"}"),
        item("{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\""
            + emoji + "\"}]}")));
    assertEquals(3, out.messages().size());
    String cut = out.messages().get(0).content().get(0).text();
    assertEquals("x".repeat(Content.MAX_BLOCK_CHARS) + Content.marker(12_345), cut);
    String args = out.messages().get(1).content().get(0).text();
    assertTrue(args.startsWith("{\"a\":\"xxx"));
    assertTrue(args.endsWith(Content.marker(12_345 + 8)), "the JSON text is cut too: {\"a\":\"...\"} is 8 more");
    String e = out.messages().get(2).content().get(0).text();
    assertEquals("y".repeat(Content.MAX_BLOCK_CHARS - 1) + Content.marker(12), e);
    assertEquals(List.of("codex.message.truncated", "codex.message.truncated", "codex.message.truncated"),
        out.codes());
  }

  @Test
  void wrongTypesAndDeepNestingAreDiagnosticsNotExceptions() {
    String deep = "[".repeat(300) + "]".repeat(300);
    ParserFeed out = direct(List.of(
        item("{\"type\":\"message\",\"role\":\"user\",\"content\":42}"),
        item("{\"type\":\"message\",\"role\":[\"user\"],\"content\":[]}"),
        item("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":{\"a\":1}},"
            + "7,{\"type\":\"input_text\",\"text\":\"kept\"}]}"),
        item("{\"type\":\"function_call\",\"name\":42,\"arguments\":42,\"call_id\":null}"),
        item("{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":true}"),
        item("{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":" + deep + "}"),
        item("{\"type\":\"reasoning\",\"summary\":\"not a list\"}"),
        item("[]"),
        "{\"timestamp\":\"2026-03-05T10:00:01.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":",
        "\"just a string\"",
        "{\"type\":\"compacted\",\"payload\":{\"message\":{\"nested\":true}}}",
        item("{\"type\":\"message\",\"role\":\"system\",\"content\":[{\"type\":\"weird_part\",\"data\":\"zzz\"}]}"),
        // a line the usage parser wants, too deep for either pass: reported once, by the usage pass
        "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":" + deep + "}}"));
    assertEquals(List.of(MessageRole.USER, MessageRole.ASSISTANT, MessageRole.TOOL_RESULT, MessageRole.ASSISTANT,
        MessageRole.SYSTEM, MessageRole.SYSTEM), roles(out.messages()));
    assertEquals(List.of(ContentBlock.text("kept")), out.messages().get(0).content());
    assertEquals(ContentBlock.toolCall(null, null, "42"), out.messages().get(1).content().get(0));
    assertEquals(ContentBlock.toolResult("c", null, "", false), out.messages().get(2).content().get(0));
    assertEquals(List.of(ContentBlock.thinking("")), out.messages().get(3).content());
    assertTrue(out.messages().get(4).content().isEmpty(), "a compaction summary that is not text is left out");
    assertEquals(List.of(ContentBlock.attachment("weird_part")), out.messages().get(5).content());
    Map<String, Long> codes = out.codes().stream().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
    assertEquals(Map.of(
        "codex.message.invalid", 3L,
        "codex.message.block-invalid", 2L,
        "codex.line.too-complex", 2L,
        "codex.line.invalid-json", 1L,
        "codex.line.not-object", 1L), codes);
  }

  @Test
  void diagnosticsNeverQuoteContent() {
    String secret = "Zq9Xk3Wm-secret";
    List<String> lines = new ArrayList<>();
    lines.add(item("{\"type\":\"message\",\"role\":\"" + secret + "\",\"content\":[]}"));
    lines.add(item("{\"type\":\"" + secret + "\"}"));
    lines.add(item("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":{\""
        + secret + "\":1}}]}"));
    lines.add("{\"" + secret + "\":");
    ParserFeed out = direct(lines);
    assertFalse(out.problems().isEmpty());
    for (ParserFeed.Problem p : out.problems()) {
      assertFalse(p.message().contains(secret), p.code());
      assertTrue(p.code().startsWith("codex."), p.code());
    }
  }

  @Test
  void theUsageParserStillSkipsContentLinesAndTheMessageParserWantsThem() {
    Path file = home.resolve("w/x.jsonl");
    FileContext ctx = new FileContext("codex", file.getParent(), file, Support.env(home));
    LineParser usage = new CodexSource().openParser(ctx, ResumeState.initial());
    LineParser msgs = new CodexSource().openMessageParser(ctx, ResumeState.initial());
    String prompt = item("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\"what is a token_count?\"}]}");
    String event = "{\"timestamp\":\"2026-03-05T10:00:01.000Z\",\"type\":\"event_msg\",\"payload\":"
        + "{\"type\":\"agent_message\",\"message\":\"hi\"}}";
    for (String line : List.of(prompt, event)) {
      assertFalse(usage.wants(ParserFeed.line(line, 2, file)));
      assertTrue(msgs.wants(ParserFeed.line(line, 2, file)));
    }
  }
}
