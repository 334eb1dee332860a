package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Source;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The message parser over every real fixture in {@code ../shared/fixtures/pi} and {@code ../shared/fixtures/openclaw}.
 *
 * <p>The pinned counts were derived independently of this code, by a throwaway Python script that applies the
 * documented mapping to each file's JSON: per {@code message} entry, {@code user} and {@code bashExecution} USER,
 * {@code toolResult} TOOL_RESULT, {@code custom}/{@code hookMessage}/{@code branchSummary}/{@code compactionSummary}
 * SYSTEM, {@code assistant} ASSISTANT (SYSTEM for provider {@code openclaw} or models {@code delivery-mirror} and
 * {@code gateway-injected}) plus one SYSTEM for an {@code error}/{@code aborted} message with a non-blank
 * {@code errorMessage}; one SYSTEM per {@code compaction}, {@code branch_summary} and {@code custom_message} entry.
 * Its count of messages with usage (assistant messages with a {@code usage} object, minus synthetic ones and failed
 * requests without tokens or cost) is the call count {@link FixtureTotalsTest} pins.
 */
class PiMessageFixturesTest {

  @TempDir Path home;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file,                                        USER, ASSISTANT, TOOL_RESULT, SYSTEM, with usage
    "pi/agent-sessions-stage0-small.jsonl,              2,   2,   0,  2,   2",
    "pi/pi-mono/before-compaction.jsonl,               58, 484, 448, 21, 471",
    "pi/pi-mono/large-session.jsonl,                   88, 453, 373, 22, 439",
    "pi/sidecar/pi/basic-session.jsonl,                 1,   1,   0,  0,   1",
    "pi/sidecar/pi/cron-session.jsonl,                  1,   1,   0,  0,   1",
    "pi/sidecar/pi/empty-session.jsonl,                 0,   0,   0,  0,   0",
    "pi/sidecar/pi/other-project-session.jsonl,         1,   1,   0,  0,   1",
    "pi/sidecar/pi/telegram-session.jsonl,              1,   1,   0,  0,   1",
    "pi/sidecar/pi/tool-session.jsonl,                  1,   2,   1,  0,   2",
    "pi/sidecar/pi/whatsapp-session.jsonl,              1,   1,   0,  0,   1",
    "pi/sidecar/piagent/session1.jsonl,                 1,   2,   1,  0,   2",
    "pi/sidecar/piagent/session2.jsonl,                 1,   1,   0,  0,   1",
    "openclaw/42naodia-moltbot-config/agents/main/sessions/76cc5ab5-0425-4038-b41f-0af9f313d594.jsonl,"
        + " 23, 56, 33, 3, 56",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/003d9e5b-51f2-496b-911f-3564cacac047.jsonl,"
        + " 9, 9, 0, 9, 0",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/"
        + "62062efd-3696-4a10-9608-368ef9318d61.jsonl.deleted.2026-04-07T03-04-57.795Z, 1, 13, 19, 0, 13",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/"
        + "68a2ba36-d9de-4090-bed6-ed229f7d930d.jsonl.reset.2026-04-04T04-01-54.600Z, 24, 150, 126, 24, 148",
    "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/6a5d2a19-7148-419a-8c4c-28a69f062726.jsonl,"
        + " 1, 1, 0, 1, 0",
  })
  void countsPerRoleAndUsageEqualsTheUsageParsersRecords(
      String file, int user, int assistant, int toolResult, int system, int withUsage) {
    Path f = SharedFixtures.require(file);
    Source source = file.startsWith("openclaw/") ? new OpenClawSource() : new PiSource();
    ParserHarness.Messages r = ParserHarness.messages(source, f.getParent(), f, Scans.env(home));
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
    List<UsageRecord> records = ParserHarness.parse(source, f.getParent(), f, Scans.env(home)).records();
    assertEquals(withUsage, records.size());
    assertEquals(records, attached, "the very records of the usage parser, in the same order");
    assertTrue(r.messages().stream().allMatch(m -> m.usage().isEmpty() || m.role() == MessageRole.ASSISTANT));
    assertTrue(r.usage().diagnostics().stream().allMatch(d -> d.severity() == Severity.INFO),
        () -> r.usage().diagnostics().toString());
  }
}
