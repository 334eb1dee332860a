package io.github.cream.examples.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.DedupKey;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser's rules, one synthetic line at a time, in the shapes Gemini CLI writes. */
class GeminiLineParserTest {

  private static final String HEADER =
      "{\"sessionId\":\"s-1\",\"projectHash\":\"ab\",\"startTime\":\"2026-06-10T10:00:00.000Z\","
          + "\"lastUpdated\":\"2026-06-10T10:00:00.000Z\",\"kind\":\"main\"}";

  @TempDir Path root;

  private Path chats() {
    return root.resolve("proj").resolve("chats");
  }

  private ParserHarness.Result parse(String... lines) {
    Path file = Support.write(chats().resolve("session-2026-06-10T10-00-s1.jsonl"), lines);
    return Support.parse(root, file);
  }

  private static String gemini(String id, String tokens) {
    return gemini(id, "2026-06-10T10:00:05.000Z", tokens, "\"model\":\"gemini-2.5-pro\"");
  }

  private static String gemini(String id, String timestamp, String tokens, String model) {
    return "{\"id\":\"" + id + "\",\"timestamp\":\"" + timestamp + "\",\"type\":\"gemini\",\"content\":\"ok\","
        + "\"tokens\":" + tokens + (model.isEmpty() ? "" : "," + model) + "}";
  }

  private static TokenCounts only(ParserHarness.Result r) {
    assertEquals(1, r.records().size(), r.records().toString());
    return r.records().get(0).tokens();
  }

  // ---- tokens (research examples; the mapping is documented on GeminiLineParser)

  @Test
  void inputIncludesCachedAndOutputExcludesThoughts() {
    // a real Windows line (tokscale issue 492): total = input + output + thoughts
    assertEquals(new TokenCounts(14_918, 0, 0, 0, 923, 863), only(parse(HEADER,
        gemini("m", "{\"input\":14918,\"output\":60,\"cached\":0,\"thoughts\":863,\"tool\":0,\"total\":15841}"))));
    // ccusage's test values: tool-use prompt tokens are prompt tokens
    assertEquals(new TokenCounts(3_808, 11_526, 0, 0, 942, 919), only(parse(HEADER,
        gemini("m", "{\"input\":15327,\"output\":23,\"cached\":11526,\"thoughts\":919,\"tool\":7,\"total\":16276}"))));
  }

  @Test
  void aTotalProvingNetInputKeepsTheInput() {
    ParserHarness.Result r = parse(HEADER,
        gemini("m", "{\"input\":50,\"output\":5,\"cached\":50,\"total\":105}"));
    assertEquals(new TokenCounts(50, 50, 0, 0, 5, 0), only(r));
    assertEquals(Map.of("gemini.usage.net-input", 1L), Support.codes(r.diagnostics()));
  }

  @Test
  void anInclusiveTotalSubtractsTheCache() {
    ParserHarness.Result r = parse(HEADER,
        gemini("m", "{\"input\":100,\"output\":5,\"cached\":50,\"thoughts\":0,\"tool\":0,\"total\":105}"));
    assertEquals(new TokenCounts(50, 50, 0, 0, 5, 0), only(r));
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
  }

  @Test
  void inconsistentCountsAreWarnedAbout() {
    ParserHarness.Result mismatch = parse(HEADER,
        gemini("m", "{\"input\":100,\"output\":5,\"cached\":50,\"thoughts\":0,\"tool\":0,\"total\":999}"));
    assertEquals(new TokenCounts(50, 50, 0, 0, 5, 0), only(mismatch));
    assertEquals(Map.of("gemini.usage.total-mismatch", 1L), Support.codes(mismatch.diagnostics()));
    ParserHarness.Result tooMuchCache = parse(HEADER,
        gemini("m", "{\"input\":10,\"output\":5,\"cached\":50,\"thoughts\":0,\"tool\":0,\"total\":15}"));
    assertEquals(new TokenCounts(0, 50, 0, 0, 5, 0), only(tooMuchCache));
    assertEquals(Map.of("gemini.usage.cached-exceeds-input", 1L), Support.codes(tooMuchCache.diagnostics()));
  }

  @Test
  void missingCountsAreZeroAndATotalAloneIsOutput() {
    assertEquals(new TokenCounts(10, 0, 0, 0, 2, 0), only(parse(HEADER, gemini("m", "{\"input\":10,\"output\":2}"))));
    ParserHarness.Result total = parse(HEADER, gemini("m", "{\"total\":42}"));
    assertEquals(new TokenCounts(0, 0, 0, 0, 42, 0), only(total));
    ParserHarness.Result zero = parse(HEADER, gemini("m", "{\"input\":0,\"output\":0,\"total\":0}"));
    assertTrue(zero.records().isEmpty());
    assertEquals(Map.of("gemini.usage.empty", 1L), Support.codes(zero.diagnostics()));
  }

  @Test
  void hostileCountsAreNotCounted() {
    for (String tokens : List.of(
        "{\"input\":-5,\"output\":1}", "{\"input\":1.5,\"output\":1}", "{\"input\":\"100\",\"output\":1}",
        "{\"input\":1000000000001,\"output\":1}", "{\"input\":99999999999999999999999,\"output\":1}",
        "{\"input\":1e400,\"output\":1}", "{\"input\":[1],\"output\":1}", "{\"input\":true}")) {
      ParserHarness.Result r = parse(HEADER, gemini("m", tokens));
      assertTrue(r.records().isEmpty(), tokens);
      assertEquals(Map.of("gemini.usage.invalid", 1L), Support.codes(r.diagnostics()), tokens);
    }
    ParserHarness.Result wrongType = parse(HEADER, gemini("m", "\"lots\""));
    assertEquals(Map.of("gemini.usage.invalid", 1L), Support.codes(wrongType.diagnostics()));
    // whole numbers written as floats are accepted
    assertEquals(new TokenCounts(12, 0, 0, 0, 3, 0), only(parse(HEADER, gemini("m", "{\"input\":12.0,\"output\":3}"))));
  }

  @Test
  void tokensNullCountsNothingUntilTheMessageIsReappended() {
    String pending = gemini("m7", "null");
    String done = gemini("m7", "{\"input\":900,\"output\":60,\"cached\":800,\"thoughts\":20,\"tool\":0,\"total\":980}");
    String merged = done.substring(0, done.length() - 1)
        + ",\"toolCalls\":[{\"id\":\"t1\",\"name\":\"read_file\",\"status\":\"success\"}]}";
    ParserHarness.Result r = parse(HEADER, pending, "{\"$set\":{\"lastUpdated\":\"2026-06-10T10:00:05.001Z\"}}", done,
        merged);
    assertEquals(2, r.records().size(), "one per version with tokens; the engine keeps one");
    assertEquals(r.records().get(0).dedupKey(), r.records().get(1).dedupKey());
    assertEquals(new DedupKey("gemini:s-1:m7", "", 0), r.records().get(0).dedupKey().orElseThrow());
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());

    Path file = chats().resolve("session-2026-06-10T10-00-s1.jsonl");
    UsageSnapshot s = io.github.cream.core.Cream.builder().environment(Support.env(root)).discoverProviders(false)
        .bundledPrices(false).source(new GeminiCliSource()).roots("gemini", List.of(root)).build().scan();
    assertEquals(1, s.totals().calls());
    assertEquals(new TokenCounts(100, 800, 0, 0, 80, 20), s.totals().tokens());
    assertEquals(4, s.records().get(0).record().origin().line(), "the first version with tokens");
    assertTrue(Files.exists(file));
  }

  @Test
  void snapshotsAndRewindsNeverChangeTheCount() {
    String m1 = gemini("m1", "{\"input\":100,\"output\":10,\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":110}");
    String snapshot = "{\"$set\":{\"messages\":[{\"id\":\"u1\",\"timestamp\":\"2026-06-10T10:00:01.000Z\","
        + "\"type\":\"user\",\"content\":[{\"text\":\"hello\"}]}," + m1 + ","
        + gemini("m2", "{\"input\":200,\"output\":20,\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":220}")
        + "],\"lastUpdated\":\"2026-06-10T10:00:09.000Z\"}}";
    Support.write(chats().resolve("session-2026-06-10T10-00-s1.jsonl"), HEADER, m1, "{\"$rewindTo\":\"m1\"}",
        snapshot);
    UsageSnapshot s = io.github.cream.core.Cream.builder().environment(Support.env(root)).discoverProviders(false)
        .bundledPrices(false).source(new GeminiCliSource()).roots("gemini", List.of(root)).build().scan();
    // m1 once although rewound and copied; m2 from the snapshot alone, whose bare line is missing
    assertEquals(2, s.totals().calls());
    assertEquals(new TokenCounts(300, 0, 0, 0, 30, 0), s.totals().tokens());
    assertEquals("hello", s.sessions().get(0).title().orElseThrow(), "a snapshot's user message gives a title too");
  }

  @Test
  void nonGeminiMessagesAreNeverCalls() {
    ParserHarness.Result r = parse(HEADER,
        "{\"id\":\"e1\",\"timestamp\":\"2026-06-10T10:00:01.000Z\",\"type\":\"error\",\"content\":\"x\","
            + "\"tokens\":{\"input\":5,\"output\":5}}",
        "{\"id\":\"i1\",\"timestamp\":\"2026-06-10T10:00:02.000Z\",\"type\":\"info\",\"content\":\"Request cancelled.\"}",
        "{\"id\":\"w1\",\"timestamp\":\"2026-06-10T10:00:03.000Z\",\"type\":\"warning\",\"content\":\"y\"}");
    assertTrue(r.records().isEmpty());
    assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
  }

  @Test
  void timestampsAndModelsFallBackWithADiagnostic() {
    String tokens = "{\"input\":10,\"output\":1}";
    ParserHarness.Result r = parse(HEADER,
        gemini("a", "2026-06-10T10:00:05.000Z", tokens, "\"model\":\"gemini-2.5-flash\""),
        gemini("b", "yesterday", tokens, "\"model\":\"gemini-2.5-pro\""),
        gemini("c", "2026-06-10T10:01:00.000Z", tokens, ""),
        gemini("d", "1970-01-01T00:00:00.000Z", tokens, "\"model\":42"));
    assertEquals(4, r.records().size());
    UsageRecord b = r.records().get(1);
    assertEquals(Instant.parse("2026-06-10T10:00:05Z"), b.timestamp(), "the last valid time before it");
    assertEquals("gemini-2.5-pro", b.model());
    UsageRecord c = r.records().get(2);
    assertEquals("gemini-2.5-pro", c.model(), "the model of the message before");
    assertTrue(c.has(RecordFlag.FALLBACK_MODEL));
    UsageRecord d = r.records().get(3);
    assertEquals(Instant.parse("2026-06-10T10:01:00Z"), d.timestamp());
    assertEquals(Map.of("gemini.timestamp.invalid", 2L, "gemini.model.previous", 2L), Support.codes(r.diagnostics()));

    ParserHarness.Result first = parse(HEADER, gemini("a", "2026-06-10T10:00:05.000Z", tokens, ""));
    assertEquals(1, first.records().size());
    assertEquals("unknown", first.records().get(0).model());
    assertEquals(Map.of("gemini.model.missing", 1L), Support.codes(first.diagnostics()));

    ParserHarness.Result undated = parse(gemini("a", "never", tokens, "\"model\":\"m\""));
    assertTrue(undated.records().isEmpty(), "no header, no time: nothing to date it by");
    assertEquals(Map.of("gemini.timestamp.unusable", 1L), Support.codes(undated.diagnostics()));
  }

  @Test
  void aFileWithoutHeaderIsNamedAfterTheFile() {
    ParserHarness.Result r = parse(gemini("a", "{\"input\":10,\"output\":1}"));
    assertEquals(1, r.records().size());
    assertEquals("session-2026-06-10T10-00-s1", r.records().get(0).sessionId());
    assertEquals(Map.of("gemini.header.missing", 1L), Support.codes(r.diagnostics()));
    ParserHarness.Result twice = parse(HEADER, HEADER.replace("s-1", "s-2"), gemini("a", "{\"input\":1}"));
    assertEquals("s-1", twice.records().get(0).sessionId());
    assertEquals(Map.of("gemini.header.repeated", 1L), Support.codes(twice.diagnostics()));
  }

  @Test
  void badLinesAreSkippedWithoutQuotingThem() {
    ParserHarness.Result r = parse(HEADER, "{\"id\":\"x\",\"tokens\":{\"input\":1", "[{\"tokens\":{}}]",
        "{\"tokens\":{}, \"secret\":\"hunter2\"}", "{" + "\"a\":{".repeat(300) + "\"tokens\":{}",
        gemini("ok", "{\"input\":3,\"output\":1}"));
    assertEquals(1, r.records().size());
    assertEquals(Map.of("gemini.line.invalid-json", 1L, "gemini.line.not-object", 1L,
        "gemini.line.unrecognized", 1L, "gemini.line.too-complex", 1L), Support.codes(r.diagnostics()));
    assertFalse(r.diagnostics().toString().contains("hunter2"));
  }

  @Test
  void theTitleIsTheFirstPromptCollapsedAndCut() throws IOException {
    String prompt = "  Refactor   the\nparser " + "and then some more words ".repeat(10);
    ParserHarness.Result r = parse(HEADER,
        "{\"id\":\"u1\",\"timestamp\":\"2026-06-10T10:00:01.000Z\",\"type\":\"user\",\"content\":[{\"text\":\""
            + prompt.replace("\n", "\\n") + "\"}]}",
        "{\"id\":\"u2\",\"timestamp\":\"2026-06-10T10:00:02.000Z\",\"type\":\"user\",\"content\":\"second\"}",
        gemini("a", "{\"input\":10,\"output\":1}"));
    SessionFacts f = r.facts().get(0);
    String title = f.title().orElseThrow();
    assertTrue(title.startsWith("Refactor the parser and then"), title);
    assertTrue(title.codePointCount(0, title.length()) <= 80, title);
    assertTrue(title.codePointCount(0, title.length()) >= 78, title);
    assertTrue(title.endsWith("\u2026"));
    assertEquals(Instant.parse("2026-06-10T10:00:00Z"), f.firstSeen().orElseThrow(), "the header's start");
    assertEquals(Instant.parse("2026-06-10T10:00:05Z"), f.lastSeen().orElseThrow());
    assertTrue(Files.size(chats().resolve("session-2026-06-10T10-00-s1.jsonl")) > 0);
  }

  @Test
  void aTornLastLineIsLeftForTheNextScan() throws IOException {
    Path file = Support.write(chats().resolve("session-2026-06-10T10-00-s1.jsonl"), HEADER);
    String call = gemini("a", "{\"input\":10,\"output\":1}");
    Files.writeString(file, call.substring(0, 40), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    ParserHarness.Result torn = Support.parse(root, file);
    assertTrue(torn.records().isEmpty());
    assertEquals(HEADER.length() + 1, torn.consumedOffset());
    Files.writeString(file, call.substring(40) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(1, Support.parse(root, file).records().size());
  }

  @Test
  void theProjectMarkerMustBeOneAbsolutePath() throws IOException {
    Path file = Support.write(chats().resolve("session-2026-06-10T10-00-s1.jsonl"), HEADER,
        gemini("a", "{\"input\":10,\"output\":1}"));
    Path marker = root.resolve("proj").resolve(".project_root");
    for (String bad : List.of("relative/path", "/a\n/b", "/x".repeat(3000), "")) {
      Files.writeString(marker, bad, StandardCharsets.UTF_8);
      assertTrue(Support.parse(root, file).records().get(0).project().isEmpty(), bad.length() + " chars");
    }
    Files.writeString(marker, "/home/u/proj\n", StandardCharsets.UTF_8);
    assertEquals("/home/u/proj", Support.parse(root, file).records().get(0).project().orElseThrow());
    Files.writeString(marker, "C:\\Users\\u\\proj", StandardCharsets.UTF_8);
    assertEquals("C:\\Users\\u\\proj", Support.parse(root, file).records().get(0).project().orElseThrow());
  }

  @Test
  void aForeignResumeStateIsRefused() {
    Path file = Support.write(chats().resolve("session-2026-06-10T10-00-s1.jsonl"), HEADER);
    io.github.cream.spi.FileContext ctx =
        new io.github.cream.spi.FileContext("gemini", root, file, Support.env(root));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> new GeminiCliSource().openParser(ctx, io.github.cream.spi.ResumeState.of(new byte[] {1, 2, 3})));
  }
}
