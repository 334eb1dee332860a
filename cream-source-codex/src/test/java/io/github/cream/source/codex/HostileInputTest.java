package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile values become diagnostics, never exceptions, and never cost a valid record. */
class HostileInputTest {

  @TempDir Path home;

  static String count(String ts, String total) {
    return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":"
        + "{\"total_token_usage\":" + total + ",\"model_context_window\":258400}}}";
  }

  static String u(Object input, Object cached, Object output, Object reasoning) {
    return "{\"input_tokens\":" + input + ",\"cached_input_tokens\":" + cached + ",\"output_tokens\":" + output
        + ",\"reasoning_output_tokens\":" + reasoning + "}";
  }

  @Test
  void hostileNumbersTimestampsAndLines() {
    String deep = "{\"type\":\"token_count\",\"x\":" + "[".repeat(300) + "]".repeat(300) + "}";
    String[] lines = {
      SessionFactsTest.META,
      "{\"timestamp\":\"2026-03-01T10:00:01Z\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5.3-codex\"}}",
      count("2026-03-01T10:00:05Z", u(1000, 200, 50, 10)),                       // counted
      count("2026-03-01T10:00:06Z", u(-5, 200, 50, 10)),                          // negative
      count("2026-03-01T10:00:07Z", u(1500.5, 200, 50, 10)),                      // fractional
      count("2026-03-01T10:00:08Z", u("100000000000000000000", 200, 50, 10)),     // huge (as a string)
      count("2026-03-01T10:00:08Z", u("100000000000000000000000", 200, 50, 10)),     // huge (beyond a long)
      count("2026-03-01T10:00:09Z", u(1000000000000000L, 200, 50, 10)),           // above any real total
      count("2026-03-01T10:00:09Z", u("\"12a\"", 200, 50, 10)),                   // not a number
      count("2026-03-01T10:00:09Z", u("true", 200, 50, 10)),                      // not a number
      count("2026-03-01T10:00:10Z", u("1" + "0".repeat(1000), 200, 50, 10)),        // beyond the number limit
      count("2026-03-01T10:00:11Z", u("\"2000\"", "400.0", 70, 20)),              // tolerated: counted
      count("yesterday", u(3000, 600, 90, 30)),                                   // counted, dated by 10:00:11
      count("9999-01-01T00:00:00Z", u(3000, 600, 90, 30)),                        // unchanged total: nothing
      count("2026-03-01T10:00:12Z", u(3500, 1200, 100, 200)),                     // caps: cached, reasoning
      "not json at all, though it mentions \"token_count\"",
      "[\"token_count\"]",
      "{\"timestamp\":\"2026-03-01T10:00:13Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{",
      count("2026-03-01T10:00:14Z", u(3500, 1200, 100, 200)) + " {}",
      deep,
      "{\"timestamp\":\"2026-03-01T10:00:15Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":\"x\"}}",
      count("2026-03-01T10:00:16Z", u("null", "null", "null", "null")),          // all absent: nothing
      "\u0000\u0001\u0002 \"token_count\" \u00ff",
      count("2026-03-01T10:00:20Z", u(4000, 1300, 120, 210)),                     // counted
    };
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("h/x.jsonl"), lines));
    List<UsageRecord> recs = r.records();
    assertEquals(List.of(
            new TokenCounts(800, 200, 0, 0, 50, 10),
            new TokenCounts(800, 200, 0, 0, 20, 10),
            new TokenCounts(800, 200, 0, 0, 20, 10),
            new TokenCounts(0, 500, 0, 0, 10, 10),
            new TokenCounts(400, 100, 0, 0, 20, 10)),
        recs.stream().map(UsageRecord::tokens).toList());
    assertEquals(Instant.parse("2026-03-01T10:00:11Z"), recs.get(2).timestamp(), "dated by the line before");
    Map<String, Long> codes = Support.codes(r.diagnostics());
    assertEquals(7L, codes.get("codex.usage.invalid"));
    assertEquals(1L, codes.get("codex.timestamp.invalid"));
    assertEquals(1L, codes.get("codex.usage.cached-exceeds-input"));
    assertEquals(1L, codes.get("codex.usage.reasoning-exceeds-output"));
    assertEquals(3L, codes.get("codex.line.invalid-json"));
    assertEquals(1L, codes.get("cream.line.binary"), "the line that starts with a NUL byte never reaches the parser");
    assertEquals(1L, codes.get("codex.line.not-object"));
    assertEquals(2L, codes.get("codex.line.too-complex"));
    assertFalse(codes.containsKey("cream.parser.failed"), "no exception escaped");
    for (Diagnostic d : r.diagnostics()) {
      assertFalse(d.message().contains("token_count"), "diagnostics never quote the log");
    }
  }

  @Test
  void aUsageLineWithoutAnyTimestampBeforeItIsNotCounted() {
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("h/y.jsonl"),
        count("[trimmed for fixture]", u(1000, 200, 50, 10)),
        count("2026-03-01T10:00:05Z", u(2000, 400, 60, 20))));
    assertEquals(1, r.records().size());
    assertEquals(new TokenCounts(800, 200, 0, 0, 10, 10), r.records().get(0).tokens());
    assertEquals(1L, Support.codes(r.diagnostics()).get("codex.timestamp.missing"));
  }

  @Test
  void anInvalidProviderFallsBackToOpenai() {
    String meta = SessionFactsTest.META.replace("\"Azure\"", "\"[trimmed for fixture]\"");
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("h/z.jsonl"), meta,
        count("2026-03-01T10:00:05Z", u(1000, 200, 50, 10))));
    assertEquals("openai", r.records().get(0).provider());
    assertEquals(1L, Support.codes(r.diagnostics()).get("codex.provider.invalid"));
    assertTrue(Support.warnings(r.diagnostics()).isEmpty());
  }
}
