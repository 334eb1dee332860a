package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.ContentBlock;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The message parser over the real rollouts of {@code codex/localpush-real-2026-02-23}.
 *
 * <p>The pinned counts were derived independently of this code, by a throwaway Python script that applies the
 * documented mapping to the raw JSON: per {@code response_item}, {@code message} by role (user USER unless a text
 * starts with one of Codex's context tags, assistant ASSISTANT, developer SYSTEM), {@code reasoning} and every
 * {@code *_call} ASSISTANT, every {@code *_call_output} TOOL_RESULT; one SYSTEM per {@code compacted} line; and
 * one SYSTEM step per {@code token_count} whose {@code info.total_token_usage} moves forward (485 over the six
 * files, the usage record count {@link LocalpushFixtureTest} pins). The fixture's texts are redacted, so no user
 * message is recognisable as injected context here: all 79 count as USER.
 */
class CodexMessageFixturesTest {

  @TempDir Path home;

  @ParameterizedTest
  @CsvSource({
    // file,                                                                   USER, ASSISTANT, TOOL_RESULT, SYSTEM, steps
    "rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl,   10,  217,  104,  91,  81",
    "rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad920aa6f9.jsonl,    3,  161,  118,  32,  28",
    "rollout-2026-02-23T12-47-42-019c8a53-a0dd-7130-bcd7-95445d84846a.jsonl,   13,  274,  143,  98,  83",
    "rollout-2026-02-23T12-54-34-019c8a59-e9dd-71f0-9ae3-4079fe9726a9.jsonl,   46,  846,  365, 332, 286",
    "rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl,    4,    3,    0,   5,   1",
    "rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl,    3,   17,    5,  10,   6",
  })
  void countsPerRoleAndUsageEqualsTheUsageParsersRecords(
      String name, int user, int assistant, int toolResult, int system, int steps) {
    Path file = SharedFixtures.require(Support.LOCALPUSH_SESSIONS + name);
    ParserHarness.Messages r =
        ParserHarness.messages(new CodexSource(), file.getParent(), file, Support.env(home));
    Map<MessageRole, Integer> counts = new EnumMap<>(MessageRole.class);
    for (MessageRole role : MessageRole.values()) {
      counts.put(role, 0);
    }
    for (Message m : r.messages()) {
      counts.merge(m.role(), 1, Integer::sum);
    }
    assertEquals(Map.of(MessageRole.USER, user, MessageRole.ASSISTANT, assistant, MessageRole.TOOL_RESULT,
        toolResult, MessageRole.SYSTEM, system), counts);

    List<UsageRecord> attached = r.messages().stream().flatMap(m -> m.usage().stream()).toList();
    List<UsageRecord> records = Support.parse(home, file).records();
    assertEquals(steps, records.size());
    assertEquals(records, attached, "the very records of the usage parser, in the same order");
    assertEquals(steps, r.messages().stream()
        .filter(m -> m.usage().isPresent() && m.role() == MessageRole.SYSTEM && m.content().isEmpty()).count());
    assertTrue(Support.warnings(r.usage().diagnostics()).isEmpty(), () -> r.usage().diagnostics().toString());
    // every tool result answers a call of the same file
    List<String> calls = r.messages().stream().flatMap(m -> m.content().stream())
        .filter(b -> b.kind() == ContentBlock.Kind.TOOL_CALL).flatMap(b -> b.toolCallId().stream()).toList();
    r.messages().stream().flatMap(m -> m.content().stream())
        .filter(b -> b.kind() == ContentBlock.Kind.TOOL_RESULT)
        .forEach(b -> assertTrue(calls.contains(b.toolCallId().orElseThrow())));
  }

  @ParameterizedTest
  @CsvSource({
    "agent-sessions-stage0/small.jsonl",
    "agent-sessions-stage0/large.jsonl",
    "agent-sessions-stage0/schema_drift.jsonl",
    "agent-sessions-legacy-synthetic/codex_050_legacy.jsonl",
    "agent-sessions-legacy-synthetic/codex_051_usage.jsonl",
    "agent-sessions-legacy-synthetic/codex_052_raw.jsonl",
    "agent-sessions-legacy-synthetic/codex_053_rate_limit.jsonl",
    "ccusage-fixtures-synthetic/session-alpha.jsonl",
  })
  void otherSharedFixturesAttachExactlyTheirRecords(String relative) {
    Path file = SharedFixtures.require("codex/" + relative);
    ParserHarness.Messages r =
        ParserHarness.messages(new CodexSource(), file.getParent(), file, Support.env(home));
    ParserHarness.Result usage = Support.parse(home, file);
    assertEquals(usage.records(), r.messages().stream().flatMap(m -> m.usage().stream()).toList());
    assertEquals(Support.warnings(usage.diagnostics()), Support.warnings(r.usage().diagnostics()),
        "the content pass adds no warning to the usage parser's");
    assertTrue(r.usage().diagnostics().stream().noneMatch(d -> d.code().equals("codex.message.unknown-item")),
        () -> r.usage().diagnostics().toString());
  }

  @Test
  void stage0CompositeOfRecentBuilds() {
    // Codex 0.149's line kinds: world_state envelopes and inter-agent metadata are no messages; agent_message
    // items (from another agent) are USER; tool search calls and outputs are a call and a result
    Path file = SharedFixtures.require("codex/agent-sessions-stage0/small.jsonl");
    List<Message> ms = ParserHarness.messages(new CodexSource(), file.getParent(), file, Support.env(home))
        .messages();
    Map<MessageRole, Long> roles = ms.stream().collect(
        java.util.stream.Collectors.groupingBy(Message::role, () -> new EnumMap<>(MessageRole.class),
            java.util.stream.Collectors.counting()));
    // response items: user 1 + agent_message 2 = 3 USER; reasoning 2, custom_tool_call 2, function_call 2,
    // tool_search_call 2, web_search_call 1, image_generation_call 1, assistant 1 = 11 ASSISTANT;
    // function_call_output 2, custom_tool_call_output 3, tool_search_output 1 = 6 TOOL_RESULT; developer 1,
    // compacted 6, one step = 8 SYSTEM
    assertEquals(Map.of(MessageRole.USER, 3L, MessageRole.ASSISTANT, 11L, MessageRole.TOOL_RESULT, 6L,
        MessageRole.SYSTEM, 8L), roles);
  }
}
