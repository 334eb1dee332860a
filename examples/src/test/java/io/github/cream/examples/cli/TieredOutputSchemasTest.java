package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped JSON Schemas hold for output that only a real history shows, not the demo: service tiers in
 * breakdowns, calls priced at a dated long-context rate, and calls left unpriced (an unknown tier, a priority prompt
 * above its published length) with their diagnostics. The price file schema holds for the bundled table and for
 * what {@code prices import} writes.
 */
class TieredOutputSchemasTest {

  @TempDir Path home;

  private static final String CODEX_ID = "019ca000-0000-7000-8000-000000000001";
  private static final String CLAUDE_ID = "11111111-1111-4111-8111-000000000001";

  @BeforeEach
  void histories() throws IOException {
    // Codex: gpt-5.5 at priority (priced 2.5x), gpt-5 at priority with a 200K prompt (above the 128K its priority
    // price covers), gpt-5.3-codex at priority (no published multiplier)
    List<String> codex = new ArrayList<>();
    codex.add("{\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\""
        + CODEX_ID + "\",\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"cwd\":\"/home/me/app\","
        + "\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.46.0\",\"source\":\"cli\",\"model_provider\":\"openai\"}}");
    long in = 0;
    long out = 0;
    String[][] calls = {{"gpt-5.5", "10000"}, {"gpt-5", "200000"}, {"gpt-5.3-codex", "10000"}};
    for (int i = 0; i < calls.length; i++) {
      String at = "2026-03-01T10:0" + (i + 1) + ":00.000Z";
      codex.add("{\"timestamp\":\"" + at + "\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/home/me/app\","
          + "\"model\":\"" + calls[i][0] + "\",\"service_tier\":\"priority\"}}");
      in += Long.parseLong(calls[i][1]);
      out += 1000;
      codex.add("{\"timestamp\":\"" + at.replace(":00.000Z", ":30.000Z") + "\",\"type\":\"event_msg\",\"payload\":"
          + "{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":" + in
          + ",\"cached_input_tokens\":0,\"output_tokens\":" + out + ",\"reasoning_output_tokens\":0,\"total_tokens\":"
          + (in + out) + "}}}}");
    }
    write(home.resolve(".codex/sessions/2026/03/01/rollout-2026-03-01T10-00-00-" + CODEX_ID + ".jsonl"), codex);
    // Claude: Sonnet 4.6 above 200K before the 1M GA (long-context rates), Opus 4.6 in fast mode
    List<String> claude = new ArrayList<>();
    claude.add("{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + CLAUDE_ID + "\",\"message\":"
        + "{\"role\":\"user\",\"content\":\"the first prompt\"},\"uuid\":\"u0\",\"timestamp\":\"2026-03-01T11:00:00.000Z\"}");
    claude.add(assistant(1, "claude-sonnet-4-6", 150_000, 60_000, "standard", null));
    claude.add(assistant(2, "claude-opus-4-6", 1_000, 0, "standard", "fast"));
    write(home.resolve(".claude/projects/-home-me-app/" + CLAUDE_ID + ".jsonl"), claude);
  }

  private static String assistant(int n, String model, long input, long read, String tier, String speed) {
    return "{\"parentUuid\":\"u0\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/me/app\","
        + "\"sessionId\":\"" + CLAUDE_ID + "\",\"version\":\"2.1.39\",\"type\":\"assistant\",\"message\":{\"model\":\""
        + model + "\",\"id\":\"msg_" + n + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
        + "\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":" + input
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" + read + ",\"output_tokens\":1000,"
        + "\"service_tier\":\"" + tier + "\"" + (speed == null ? "" : ",\"speed\":\"" + speed + "\"") + "}},"
        + "\"requestId\":\"req_" + n + "\",\"uuid\":\"a" + n + "\",\"timestamp\":\"2026-03-01T11:0" + n + ":00.000Z\"}";
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Agents.environment(home));
    assertEquals(0, status, String.join(" ", args));
    return out.toString(StandardCharsets.UTF_8);
  }

  private Map<?, ?> checked(String schema, String... args) throws IOException {
    Map<?, ?> doc = (Map<?, ?>) JsonSchemaCheck.parse(run(args));
    assertEquals(schema, doc.get("schema"));
    assertEquals(List.of(), JsonSchemaCheck.check(JsonSchemasTest.schema(schema), doc), String.join(" ", args));
    return doc;
  }

  private static List<String> codes(Map<?, ?> doc) {
    Map<?, ?> d = (Map<?, ?>) doc.get("diagnostics");
    List<String> out = new ArrayList<>();
    for (Object m : (List<?>) d.get("messages")) {
      out.add((String) ((Map<?, ?>) m).get("code"));
    }
    return out;
  }

  @Test
  void everyDocumentConformsWithTiersDatedPricesAndUnpricedCalls() throws IOException {
    Map<?, ?> daily = checked("cream.report/1", "daily", "--json");
    Map<?, ?> diagnostics = (Map<?, ?>) daily.get("diagnostics");
    assertEquals(2L, diagnostics.get("unpricedCalls"));
    assertTrue(codes(daily).containsAll(List.of("cream.price.unknown-tier", "cream.price.tier-undecidable")),
        codes(daily).toString());
    List<?> breakdown = (List<?>) ((Map<?, ?>) ((List<?>) daily.get("daily")).get(0)).get("breakdown");
    List<Object> tiers = new ArrayList<>();
    for (Object b : breakdown) {
      tiers.add(((Map<?, ?>) b).get("serviceTier"));
    }
    assertTrue(tiers.contains("priority") && tiers.contains("fast"), breakdown.toString());
    // Sonnet 4.6 at $6 / $0.60 / $22.50 (above 200K before 2026-03-13) and Opus 4.6 fast ($30 / $150):
    // 0.9 + 0.036 + 0.0225 + 0.03 + 0.15; gpt-5.5 priority: 0.125 + 0.075
    assertEquals(1.3385, ((Number) ((Map<?, ?>) ((List<?>) daily.get("daily")).get(0)).get("costUsd")).doubleValue(),
        1e-9);
    checked("cream.report/1", "weekly", "--json");
    checked("cream.report/1", "monthly", "--json", "--cost-mode", "calculate");
    checked("cream.sessions/1", "session", "--json");
    checked("cream.timeline/1", "session", CODEX_ID, "--json");
    checked("cream.timeline/1", "session", CLAUDE_ID, "--json");
    checked("cream.blocks/1", "blocks", "--json");
    checked("cream.cache/1", "cache", "--json");
    checked("cream.sources/1", "sources", "--json");
  }

  @Test
  void theBundledPriceTableAndAnImportConformToThePriceFileSchema() throws IOException {
    Object schema = JsonSchemasTest.schema("cream.prices/1");
    String bundled;
    try (InputStream in = TieredOutputSchemasTest.class.getResourceAsStream(
        "/io/github/cream/core/internal/pricing/prices.json")) {
      bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(List.of(), JsonSchemaCheck.check(schema, JsonSchemaCheck.parse(bundled)));
    assertTrue(JsonSchemaCheck.check(schema, JsonSchemaCheck.parse(
        bundled.replaceFirst("\"tierPromptLimits\": \\{ \"priority\": 128000 }", "\"tierPromptLimits\": 1"))).size() >= 1);

    Path lit = home.resolve("litellm.json");
    Files.writeString(lit, """
        {
          "gpt-5": {"input_cost_per_token": 1.5e-06, "output_cost_per_token": 1e-05,
            "cache_read_input_token_cost": 1.25e-07, "litellm_provider": "openai", "mode": "chat"},
          "acme-coder-2": {"input_cost_per_token": 4e-07, "output_cost_per_token": 1.6e-06,
            "cache_read_input_token_cost": 4e-08, "litellm_provider": "acme", "mode": "chat"}
        }
        """, StandardCharsets.UTF_8);
    Path mine = home.resolve("mine.json");
    run("prices", "import", "--from", "2026-12-01", "-o", mine.toString(), lit.toString());
    Object written = JsonSchemaCheck.parse(Files.readString(mine, StandardCharsets.UTF_8));
    assertEquals(List.of(), JsonSchemaCheck.check(schema, written));
    assertTrue(((Map<?, ?>) ((Map<?, ?>) written).get("models")).containsKey("gpt-5"), written.toString());
  }
}
