package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Money;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.Breakdown;
import io.github.cream.core.Cream;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ReportJson;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codex's service tier (priority / flex processing), read where Codex records it and priced at its multiplier. */
class ServiceTierTest {

  @TempDir Path home;

  private static final String META = "{\"timestamp\":\"2026-09-01T10:00:00.000Z\",\"type\":\"session_meta\",\"payload\":"
      + "{\"id\":\"019cf000-0000-7000-8000-000000000001\",\"timestamp\":\"2026-09-01T10:00:00.000Z\",\"cwd\":\"/w\","
      + "\"model_provider\":\"openai\"}}";

  private static String settings(String tier) {
    return "{\"timestamp\":\"2026-09-01T10:00:00.500Z\",\"type\":\"event_msg\",\"payload\":{\"type\":"
        + "\"thread_settings_applied\",\"thread_settings\":{\"cwd\":\"/w\",\"model\":\"gpt-5.6-sol\","
        + "\"service_tier\":\"" + tier + "\",\"approval_policy\":\"never\"}}}";
  }

  private static String turn(String at, String tier) {
    return "{\"timestamp\":\"" + at + "\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/w\",\"model\":"
        + "\"gpt-5.6-sol\"" + (tier == null ? "" : ",\"service_tier\":\"" + tier + "\"") + "}}";
  }

  private static String count(String at, long totalIn, long totalOut) {
    return "{\"timestamp\":\"" + at + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":"
        + "{\"total_token_usage\":{\"input_tokens\":" + totalIn + ",\"cached_input_tokens\":0,\"output_tokens\":"
        + totalOut + ",\"reasoning_output_tokens\":0,\"total_tokens\":" + (totalIn + totalOut) + "}}}}";
  }

  private Path file() {
    return Support.write(home.resolve("sessions/2026/09/01/rollout-2026-09-01T10-00-00-"
            + "019cf000-0000-7000-8000-000000000001.jsonl"),
        META,
        settings("priority"),
        turn("2026-09-01T10:00:01.000Z", null),
        count("2026-09-01T10:00:02.000Z", 10_000, 1_000),
        turn("2026-09-01T10:01:00.000Z", "flex"),
        count("2026-09-01T10:01:02.000Z", 20_000, 2_000),
        settings("default"),
        turn("2026-09-01T10:02:00.000Z", null),
        count("2026-09-01T10:02:02.000Z", 30_000, 3_000));
  }

  @Test
  void theTierIsReadFromThreadSettingsAndTurnContexts() {
    ParserHarness.Result r = Support.parse(home, file());
    assertEquals(List.of("priority", "flex", UsageRecord.STANDARD_TIER),
        r.records().stream().map(UsageRecord::serviceTier).toList());
  }

  @Test
  void priorityAndFlexCallsArePricedAtOpenAisMultipliersAndShowInBreakdowns() {
    file();
    UsageSnapshot s = Cream.builder()
        .environment(Support.env(home))
        .discoverProviders(false)
        .source(new CodexSource())
        .roots(CodexSource.ID, List.of(home.resolve("sessions")))
        .parallelism(1)
        .build()
        .scan();
    // gpt-5.6-sol on 2026-09-01: $4 / $20; each step 10,000 in and 1,000 out = $0.06 standard
    assertEquals(List.of(Money.ofNanos(120_000_000), Money.ofNanos(30_000_000), Money.ofNanos(60_000_000)),
        s.records().stream().map(p -> p.cost().amount()).toList());
    List<Breakdown> bd = s.daily(ZoneOffset.UTC).rows().get(0).breakdown();
    assertEquals(List.of("priority", "standard", "flex"), bd.stream().map(Breakdown::serviceTier).toList());
    String json = ReportJson.create().report(s.daily(ZoneOffset.UTC), s);
    assertEquals(2, json.split("\"serviceTier\"", -1).length - 1, json);
    assertEquals(Money.ofNanos(210_000_000), s.records().stream().map(PricedRecord::cost)
        .map(c -> c.amount()).reduce(Money.ZERO, Money::plus));
  }
}
