package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden tests of the JSON contract (CONTRACT.md): every field name, exact number formatting, and that every
 * document parses back.
 */
class ReportJsonTest {

  private static final String SECRET = "PRIVATE-PROMPT-TEXT";
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path home;
  private UsageSnapshot snapshot;
  private Path file;

  @BeforeEach
  void scan() throws IOException {
    file = home.resolve(".fake").resolve("p").resolve("a.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        String.join(
            "\n",
            "{\"s\":\"s1\",\"t\":\"2026-03-01T10:00:00Z\",\"m\":\"m1\",\"in\":1000,\"cr\":2000,\"w5\":300,\"w1\":400,"
                + "\"out\":500,\"title\":\"Fix it\",\"cwd\":\"/w/app\"}",
            "{\"s\":\"s1\",\"t\":\"2026-03-01T10:30:00Z\",\"m\":\"m1\",\"in\":10,\"out\":20,\"cost\":\"0.25\"}",
            "{\"t\":\"" + SECRET + "\",\"in\":",
            "{\"s\":\"s2\",\"t\":\"2026-03-02T09:00:00Z\",\"m\":\"mystery\",\"in\":7,\"out\":3}",
            "{\"s\":\"s2\",\"t\":\"2026-03-02T09:30:00Z\",\"m\":\"m1\",\"in\":100,\"out\":100}",
            ""),
        StandardCharsets.UTF_8);
    ModelPrice m1 =
        ModelPrice.builder("m1").provider("prov").input("3").output("15").cacheRead("0.3").cacheWrite5m("3.75")
            .cacheWrite1h("6").build();
    snapshot =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC)))
            .discoverProviders(false)
            .bundledPrices(false)
            .parallelism(1)
            .price(m1)
            .source(new FakeSource())
            .build()
            .scan();
  }

  private String diagnosticsJson() {
    String f = file.toString().replace("\\", "\\\\");
    return "\"diagnostics\":{\"filesScanned\":1,\"linesRead\":5,\"malformedLines\":1,\"unpricedCalls\":1,"
        + "\"retainedFromMissingFiles\":0,\"duplicatesDropped\":0,\"messages\":["
        + "{\"severity\":\"WARNING\",\"code\":\"cream.price.unknown-model\",\"source\":\"fake\",\"file\":null,"
        + "\"line\":null,\"byteOffset\":null,\"count\":1,\"message\":\"no price for model 'mystery' (prov); its calls "
        + "are counted as unpriced, not as $0\"},"
        + "{\"severity\":\"WARNING\",\"code\":\"fake.line.invalid\",\"source\":\"fake\",\"file\":\"" + f + "\","
        + "\"line\":3,\"byteOffset\":" + lineOffset(3) + ",\"count\":1,"
        + "\"message\":\"line is not a valid usage line\"}]}";
  }

  private long lineOffset(int line) throws IllegalStateException {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int off = 0;
      for (int i = 1; i < line; i++) {
        off = content.indexOf('\n', off) + 1;
      }
      return off;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String fields(
      long in, long out, long cr, long w5, long w1, String cost, long calls, String provenance) {
    return "\"inputTokens\":" + in + ",\"outputTokens\":" + out + ",\"reasoningTokens\":0,\"cacheReadTokens\":" + cr
        + ",\"cacheWriteTokens\":" + (w5 + w1) + ",\"cacheWrite5mTokens\":" + w5 + ",\"cacheWrite1hTokens\":" + w1
        + ",\"totalTokens\":" + (in + out + cr + w5 + w1) + ",\"costUsd\":" + cost + ",\"calls\":" + calls
        + ",\"costProvenance\":\"" + provenance + "\"";
  }

  @Test
  void dailyReportGolden() {
    String expected =
        "{\"schema\":\"cream.report/1\",\"asOf\":\"2026-03-02T10:00:00Z\",\"timezone\":\"UTC\",\"daily\":["
            + "{\"date\":\"2026-03-01\"," + fields(1010, 520, 2000, 300, 400, "0.264625", 2, "mixed")
            + ",\"breakdown\":[{\"source\":\"fake\",\"provider\":\"prov\",\"model\":\"m1\","
            + fields(1010, 520, 2000, 300, 400, "0.264625", 2, "mixed") + "}]},"
            + "{\"date\":\"2026-03-02\"," + fields(107, 103, 0, 0, 0, "0.0018", 2, "mixed")
            + ",\"breakdown\":["
            + "{\"source\":\"fake\",\"provider\":\"prov\",\"model\":\"m1\","
            + fields(100, 100, 0, 0, 0, "0.0018", 1, "calculated") + "},"
            + "{\"source\":\"fake\",\"provider\":\"prov\",\"model\":\"mystery\","
            + fields(7, 3, 0, 0, 0, "0.0", 1, "unpriced") + "}]}],"
            + "\"totals\":{" + fields(1117, 623, 2000, 300, 400, "0.266425", 4, "mixed") + "},"
            + diagnosticsJson() + "}";
    assertEquals(expected, ReportJson.create().report(snapshot.daily(ZoneId.of("UTC")), snapshot));
  }

  @Test
  void weeklyAndMonthlyUseTheirOwnKeys() throws IOException {
    String weekly = ReportJson.create().report(snapshot.weekly(ZoneOffset.UTC, DayOfWeek.MONDAY), snapshot);
    assertTrue(weekly.contains("\"weekly\":[{\"week\":\"2026-02-23\","), weekly);
    assertTrue(weekly.contains("{\"week\":\"2026-03-02\","), weekly);
    String monthly = ReportJson.create().report(snapshot.monthly(ZoneOffset.UTC), snapshot);
    assertTrue(monthly.contains("\"monthly\":[{\"month\":\"2026-03\","), monthly);
    String helsinki = ReportJson.create().report(snapshot.daily(ZoneId.of("Europe/Helsinki")), snapshot);
    assertTrue(helsinki.contains("\"timezone\":\"Europe/Helsinki\""), helsinki);
    parse(weekly);
    parse(monthly);
  }

  @Test
  void everyContractFieldOfTheReportIsPresent() throws IOException {
    Map<String, Set<String>> names = fieldNames(ReportJson.create().report(snapshot.daily(ZoneOffset.UTC), snapshot));
    Set<String> tokenFields =
        Set.of("inputTokens", "outputTokens", "reasoningTokens", "cacheReadTokens", "cacheWriteTokens",
            "cacheWrite5mTokens", "cacheWrite1hTokens", "totalTokens", "costUsd", "calls");
    assertTrue(names.get("").containsAll(Set.of("schema", "asOf", "timezone", "daily", "totals", "diagnostics")));
    assertTrue(names.get("daily[]").containsAll(tokenFields));
    assertTrue(names.get("daily[]").containsAll(Set.of("date", "breakdown")));
    assertTrue(names.get("daily[].breakdown[]").containsAll(tokenFields));
    assertTrue(names.get("daily[].breakdown[]").containsAll(Set.of("source", "provider", "model", "costProvenance")));
    assertTrue(names.get("totals").containsAll(tokenFields));
    assertTrue(names.get("diagnostics").containsAll(Set.of("filesScanned", "linesRead", "malformedLines",
        "unpricedCalls", "retainedFromMissingFiles", "messages")));
    assertTrue(names.get("diagnostics.messages[]").containsAll(Set.of("severity", "code", "file", "line", "count")));
  }

  @Test
  void sessionsGoldenWithoutAndWithAVerdict() throws IOException {
    String json = ReportJson.create().sessions(snapshot.sessions(), snapshot, s -> Optional.empty());
    String s2 =
        "{\"source\":\"fake\",\"sessionId\":\"s2\",\"project\":null,\"title\":null,\"category\":null,\"channel\":null,"
            + "\"cronJob\":null,\"startedAt\":\"2026-03-02T09:00:00Z\",\"lastActivityAt\":\"2026-03-02T09:30:00Z\","
            + "\"provider\":\"prov\",\"providers\":[\"prov\"],\"models\":[\"m1\",\"mystery\"],"
            + fields(107, 103, 0, 0, 0, "0.0018", 2, "mixed") + ",\"parentSessionId\":null}";
    String s1 =
        "{\"source\":\"fake\",\"sessionId\":\"s1\",\"project\":\"/w/app\",\"title\":\"Fix it\",\"category\":null,"
            + "\"channel\":null,\"cronJob\":null,\"startedAt\":\"2026-03-01T10:00:00Z\","
            + "\"lastActivityAt\":\"2026-03-01T10:30:00Z\",\"provider\":\"prov\",\"providers\":[\"prov\"],"
            + "\"models\":[\"m1\"]," + fields(1010, 520, 2000, 300, 400, "0.264625", 2, "mixed")
            + ",\"parentSessionId\":null}";
    assertEquals(
        "{\"schema\":\"cream.sessions/1\",\"asOf\":\"2026-03-02T10:00:00Z\",\"sessions\":[" + s2 + "," + s1 + "],"
            + "\"totals\":{" + fields(1117, 623, 2000, 300, 400, "0.266425", 4, "mixed") + "},"
            + diagnosticsJson() + "}",
        json);
    Map<String, Set<String>> names = fieldNames(json);
    assertTrue(names.get("sessions[]").containsAll(Set.of("source", "sessionId", "project", "title", "category",
        "startedAt", "lastActivityAt", "provider", "models", "calls", "inputTokens", "totalTokens", "costUsd",
        "parentSessionId")));
    assertFalse(names.get("sessions[]").contains("cache"), "no verdict, no cache field");

    CacheVerdict verdict =
        CacheVerdict.builder("anthropic-ephemeral", CacheState.WARM)
            .lastActivity(Instant.parse("2026-03-02T09:30:00Z"))
            .expiresAt(Instant.parse("2026-03-02T10:30:00Z"))
            .ttl(Duration.ofHours(1))
            .confidence(Confidence.HIGH)
            .cachedPrefixTokens(152_000)
            .resumeCostWarm(Money.ofUsd("0.076"))
            .resumeCostCold(Money.ofUsd("0.9500004"))
            .note("a note")
            .build();
    String withCache =
        ReportJson.create()
            .sessions(snapshot.sessions(), snapshot, s -> s.sessionId().equals("s2")
                ? Optional.of(new SessionCache(s, "prov", "m1", verdict)) : Optional.empty());
    assertTrue(
        withCache.contains(
            "\"parentSessionId\":null,\"cache\":{\"source\":\"fake\",\"sessionId\":\"s2\",\"provider\":\"prov\","
                + "\"model\":\"m1\",\"strategy\":\"anthropic-ephemeral\",\"state\":\"warm\","
                + "\"lastActivityAt\":\"2026-03-02T09:30:00Z\",\"expiresAt\":\"2026-03-02T10:30:00Z\","
                + "\"ttlSeconds\":3600,\"confidence\":\"high\",\"cachedPrefixTokens\":152000,"
                + "\"resumeCostWarmUsd\":0.076,\"resumeCostColdUsd\":0.95,\"notes\":[\"a note\"]}}"),
        withCache);
    assertEquals(1, withCache.split("\"cache\":", -1).length - 1, "only the session with a verdict has one");
    parse(withCache);
  }

  @Test
  void cacheGoldenOfASnapshot() throws IOException {
    // no cache strategy is registered: every session gets the engine's honest unknown
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportJson.create().writeCache(snapshot, NOW, out);
    String json = out.toString(StandardCharsets.UTF_8);
    String unknown =
        "\"provider\":\"prov\",\"model\":\"m1\",\"strategy\":\"unknown\",\"state\":\"unknown\","
            + "\"lastActivityAt\":null,\"expiresAt\":null,\"ttlSeconds\":null,\"confidence\":\"none\","
            + "\"cachedPrefixTokens\":0,\"resumeCostWarmUsd\":null,\"resumeCostColdUsd\":null,"
            + "\"notes\":[\"no cache strategy knows the provider 'prov'\"]";
    assertEquals(
        "{\"schema\":\"cream.cache/1\",\"now\":\"2026-03-02T10:00:00Z\",\"sessions\":["
            + "{\"source\":\"fake\",\"sessionId\":\"s2\"," + unknown + "},"
            + "{\"source\":\"fake\",\"sessionId\":\"s1\"," + unknown + "}],"
            // prompts 3,700 + 10 + 7 + 100, reads 2,000; the reads cost $0.30 instead of $3 per million; the first
            // call's writes (300 for 5 minutes at $3.75, 400 for 1 hour at $6) were not read by the next call
            + "\"efficiency\":{\"hitRatio\":0.523972,\"savedUsd\":0.0054,\"expiredWriteUsd\":0.003525,"
            + "\"promptTokens\":3817,\"cacheReadTokens\":2000,\"expiredWriteTokens\":700},"
            + diagnosticsJson() + "}\n",
        json);
    assertEquals(json.strip(), ReportJson.create().cache(snapshot.cacheStates(NOW), snapshot.cacheEfficiency(NOW),
        NOW, snapshot));
  }

  @Test
  void cacheGoldenOfGivenVerdictsNewestFirst() throws IOException {
    SessionSummary s1 = snapshot.session("fake", "s1").orElseThrow();
    SessionSummary s2 = snapshot.session("fake", "s2").orElseThrow();
    CacheVerdict warm =
        CacheVerdict.builder("anthropic-ephemeral", CacheState.WARM)
            .lastActivity(Instant.parse("2026-03-01T10:00:00Z"))
            .expiresAt(Instant.parse("2026-03-01T10:59:30Z"))
            .ttl(Duration.ofHours(1))
            .confidence(Confidence.HIGH)
            .cachedPrefixTokens(2_700)
            .resumeCostWarm(Money.ofUsd("0.00081"))
            .resumeCostCold(Money.ofUsd("0.0162"))
            .note("a note")
            .note("another")
            .build();
    CacheVerdict cold =
        CacheVerdict.builder("x-strategy", CacheState.COLD).confidence(Confidence.LOW).build();
    // given oldest first; written by lastActivityAt, newest first, the session's own last activity standing in for
    // a verdict without one (s2's 09:30 is later than s1's verdict at 10:00 the day before)
    List<SessionCache> given =
        List.of(new SessionCache(s1, "anthropic", "claude-opus-4-6", warm), new SessionCache(s2, "p2", "m2", cold));
    CacheEfficiency none = new CacheEfficiency(0, 0, 0, Money.ZERO, 0, Money.ZERO);
    String json =
        ReportJson.create().withDemo(true).withMessages(List.of(Diagnostic.of(Severity.INFO, "x.y", "z")))
            .cache(given, none, Instant.parse("2026-03-01T10:30:00.5Z"), snapshot);
    assertTrue(
        json.startsWith(
            "{\"schema\":\"cream.cache/1\",\"now\":\"2026-03-01T10:30:00.500Z\",\"demo\":true,\"sessions\":["
                + "{\"source\":\"fake\",\"sessionId\":\"s2\",\"provider\":\"p2\",\"model\":\"m2\","
                + "\"strategy\":\"x-strategy\",\"state\":\"cold\",\"lastActivityAt\":null,\"expiresAt\":null,"
                + "\"ttlSeconds\":null,\"confidence\":\"low\",\"cachedPrefixTokens\":0,\"resumeCostWarmUsd\":null,"
                + "\"resumeCostColdUsd\":null,\"notes\":[]},"
                + "{\"source\":\"fake\",\"sessionId\":\"s1\",\"provider\":\"anthropic\","
                + "\"model\":\"claude-opus-4-6\",\"strategy\":\"anthropic-ephemeral\",\"state\":\"warm\","
                + "\"lastActivityAt\":\"2026-03-01T10:00:00Z\",\"expiresAt\":\"2026-03-01T10:59:30Z\","
                + "\"ttlSeconds\":3600,\"confidence\":\"high\",\"cachedPrefixTokens\":2700,"
                + "\"resumeCostWarmUsd\":0.00081,\"resumeCostColdUsd\":0.0162,\"notes\":[\"a note\",\"another\"]}],"
                + "\"efficiency\":{\"hitRatio\":0.0,\"savedUsd\":0.0,\"expiredWriteUsd\":0.0,\"promptTokens\":0,"
                + "\"cacheReadTokens\":0,\"expiredWriteTokens\":0},\"diagnostics\":{"),
        json);
    assertTrue(json.contains("\"code\":\"x.y\""), "extra messages reach the diagnostics: " + json);
    parse(json);

    Map<String, Set<String>> names = fieldNames(json);
    assertEquals(Set.of("schema", "now", "demo", "sessions", "efficiency", "diagnostics"), names.get(""));
    assertTrue(names.get("sessions[]").containsAll(Set.of("source", "sessionId", "provider", "model", "strategy",
        "state", "lastActivityAt", "expiresAt", "ttlSeconds", "confidence", "cachedPrefixTokens", "resumeCostWarmUsd",
        "resumeCostColdUsd", "notes")));
    assertTrue(names.get("efficiency").containsAll(Set.of("hitRatio", "savedUsd", "expiredWriteUsd")));
    // a session's cache object in cream.sessions/1 has exactly the fields of a cream.cache/1 session
    String sessions =
        ReportJson.create().sessions(List.of(s1, s2), snapshot,
            s -> given.stream().filter(c -> c.session().equals(s)).findFirst());
    assertEquals(names.get("sessions[]"), fieldNames(sessions).get("sessions[].cache"));
    assertEquals(tokens(ReportJson.create().cache(given, none, NOW, snapshot)),
        tokens(ReportJson.create().withPrettyPrinting().cache(given, none, NOW, snapshot)));
  }

  @Test
  void hitRatioIsExactToSixPlaces() {
    assertEquals("0.0", ReportJson.hitRatio(new CacheEfficiency(0, 0, 0, Money.ZERO, 0, Money.ZERO)));
    assertEquals("1.0", ReportJson.hitRatio(new CacheEfficiency(7, 7, 1, Money.ZERO, 0, Money.ZERO)));
    assertEquals("0.5", ReportJson.hitRatio(new CacheEfficiency(4, 2, 0.5, Money.ZERO, 0, Money.ZERO)));
    assertEquals("0.666667", ReportJson.hitRatio(new CacheEfficiency(3, 2, 2.0 / 3, Money.ZERO, 0, Money.ZERO)));
    assertEquals("0.000001",
        ReportJson.hitRatio(new CacheEfficiency(1_000_000, 1, 1e-6, Money.ZERO, 0, Money.ZERO)));
    assertEquals("0.0", ReportJson.hitRatio(new CacheEfficiency(3_000_000, 1, 0, Money.ZERO, 0, Money.ZERO)),
        "half-even: 0.00000033 rounds to 0");
    assertEquals("warm", ReportJson.state(CacheState.WARM));
    assertEquals("unknown", ReportJson.state(CacheState.UNKNOWN));
    assertEquals("none", ReportJson.confidence(Confidence.NONE));
    assertEquals("medium", ReportJson.confidence(Confidence.MEDIUM));
  }

  @Test
  void sessionCategoryPrefersTheChannelOfInteractiveSessions() {
    SessionSummary base = snapshot.sessions().get(0);
    SessionSummary telegram =
        new SessionSummary(base.source(), base.sessionId(), base.project(), base.title(),
            Optional.of(io.github.cream.api.SessionCategory.INTERACTIVE), Optional.of("telegram"), Optional.empty(),
            Optional.of("parent-1"), base.firstActivity(), base.lastActivity(), base.providers(), base.models(),
            base.totals(), Optional.empty(), Map.of());
    SessionSummary cron =
        new SessionSummary(base.source(), "c", Optional.empty(), Optional.empty(),
            Optional.of(io.github.cream.api.SessionCategory.CRON), Optional.of("telegram"), Optional.of("nightly"),
            Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(),
            io.github.cream.api.UsageTotals.ZERO, Optional.empty(), Map.of());
    String json = ReportJson.create().sessions(List.of(telegram, cron), snapshot, s -> Optional.empty());
    assertTrue(json.contains("\"category\":\"telegram\",\"channel\":\"telegram\""), json);
    assertTrue(json.contains("\"parentSessionId\":\"parent-1\""), json);
    assertTrue(json.contains("\"category\":\"cron\",\"channel\":\"telegram\",\"cronJob\":\"nightly\""), json);
    assertTrue(json.contains("\"provider\":null,\"providers\":[],\"models\":[]"), json);
  }

  @Test
  void blocksGoldenWithTheBurnRateOfTheActiveBlock() throws IOException {
    Duration five = Duration.ofHours(5);
    List<Block> blocks = snapshot.blocks(five, NOW);
    String json = ReportJson.create().blocks(blocks, five, NOW, snapshot);
    String expected =
        "{\"schema\":\"cream.blocks/1\",\"asOf\":\"2026-03-02T10:00:00Z\",\"blockLengthMinutes\":300,\"blocks\":["
            + "{\"start\":\"2026-03-01T10:00:00Z\",\"end\":\"2026-03-01T15:00:00Z\","
            + "\"lastActivityAt\":\"2026-03-01T10:30:00Z\",\"active\":false,\"gap\":false,"
            + fields(1010, 520, 2000, 300, 400, "0.264625", 2, "mixed")
            + ",\"models\":[\"m1\"],\"burnRate\":null,\"projection\":null},"
            + "{\"start\":\"2026-03-01T15:30:00Z\",\"end\":\"2026-03-02T09:00:00Z\",\"lastActivityAt\":null,"
            + "\"active\":false,\"gap\":true," + fields(0, 0, 0, 0, 0, "0.0", 0, "calculated")
            + ",\"models\":[],\"burnRate\":null,\"projection\":null},"
            + "{\"start\":\"2026-03-02T09:00:00Z\",\"end\":\"2026-03-02T14:00:00Z\","
            + "\"lastActivityAt\":\"2026-03-02T09:30:00Z\",\"active\":true,\"gap\":false,"
            + fields(107, 103, 0, 0, 0, "0.0018", 2, "mixed")
            + ",\"models\":[\"m1\",\"mystery\"],\"burnRate\":{\"tokensPerMinute\":7.00,\"costPerHourUsd\":0.0036},"
            + "\"projection\":{\"totalTokens\":1890,\"costUsd\":0.0162,\"remainingMinutes\":240}}],"
            + "\"totals\":{" + fields(1117, 623, 2000, 300, 400, "0.266425", 4, "mixed") + "},"
            + diagnosticsJson() + "}";
    assertEquals(expected, json);
    Map<String, Set<String>> names = fieldNames(json);
    assertTrue(names.get("blocks[]").containsAll(Set.of("start", "end", "lastActivityAt", "active", "gap",
        "inputTokens", "totalTokens", "costUsd", "calls", "models", "burnRate", "projection")));
  }

  @Test
  void sourcesGolden() throws IOException {
    ProviderInfo strategy = new ProviderInfo("cache-strategy", "unknown", "unknown", "x.Unknown", "registered");
    String json = ReportJson.create().sources(snapshot.sources(), List.of(strategy));
    String root = home.resolve(".fake").toString().replace("\\", "\\\\");
    assertEquals(
        "{\"schema\":\"cream.sources/1\",\"sources\":[{\"id\":\"fake\",\"displayName\":\"Fake Agent\",\"roots\":[\""
            + root + "\"],\"found\":true,\"files\":1,\"origin\":\"registered\","
            + "\"className\":\"io.github.cream.core.FakeSource\",\"capabilities\":[\"usage\"],"
            + "\"watchScope\":\"global\"}],"
            + "\"cacheStrategies\":[{\"id\":\"unknown\",\"origin\":\"registered\",\"className\":\"x.Unknown\"}],"
            + "\"diagnostics\":{\"messages\":[]}}",
        json);
    assertTrue(
        ReportJson.create().withDemo(true).sources(snapshot.sources(), List.of())
            .startsWith("{\"schema\":\"cream.sources/1\",\"demo\":true,"));
    Diagnostic broken = Diagnostic.of(Severity.ERROR, "cream.source.load-failed",
        "the source provider x.Broken could not be loaded (IllegalStateException); the other providers still run");
    assertTrue(
        ReportJson.create().withMessages(List.of(broken)).sources(snapshot.sources(), List.of())
            .endsWith("\"cacheStrategies\":[],\"diagnostics\":{\"messages\":[{\"severity\":\"ERROR\","
                + "\"code\":\"cream.source.load-failed\",\"source\":null,\"file\":null,\"line\":null,"
                + "\"byteOffset\":null,\"count\":1,\"message\":\"the source provider x.Broken could not be loaded "
                + "(IllegalStateException); the other providers still run\"}]}}"));
  }

  @Test
  void moneyIsWrittenFromTheExactDecimal() {
    assertEquals("0.0", ReportJson.usd(Money.ZERO));
    assertEquals("1.5", ReportJson.usd(Money.ofUsd("1.5")));
    assertEquals("12.0", ReportJson.usd(Money.ofUsd("12")));
    assertEquals("1000.0", ReportJson.usd(Money.ofUsd("1000")));
    assertEquals("0.000375", ReportJson.usd(Money.ofUsd("0.000375")));
    assertEquals("0.0", ReportJson.usd(Money.ofUsd("0.0000005")), "half-even: 0.0000005 rounds to 0");
    assertEquals("0.000002", ReportJson.usd(Money.ofUsd("0.0000015")), "half-even: 0.0000015 rounds to 2");
    assertEquals("0.000002", ReportJson.usd(Money.ofUsd("0.0000025")), "half-even: 0.0000025 rounds to 2");
    assertEquals("0.1", ReportJson.usd(Money.ofUsd("0.1000004")));
    assertEquals("12345678.901234", ReportJson.usd(Money.ofUsd("12345678.9012345")), "half-even: ...45 rounds to 4");
    assertEquals("12345678.901236", ReportJson.usd(Money.ofUsd("12345678.9012355")));
    assertEquals("9223372036.854776", ReportJson.usd(Money.ofNanos(Long.MAX_VALUE)));
    // 0.1 + 0.2 in doubles is 0.30000000000000004; exact sums are not
    assertEquals("0.3", ReportJson.usd(Money.ofUsd("0.1").plus(Money.ofUsd("0.2"))));
    assertEquals("recorded", ReportJson.provenance(CostProvenance.RECORDED));
    assertEquals("unpriced", ReportJson.provenance(CostProvenance.UNPRICED));
  }

  @Test
  void diagnosticsNeverHoldLogContentAndExtraMessagesAreSorted() throws IOException {
    Diagnostic none = Diagnostic.of(Severity.INFO, "cream.logs.none", "no agent logs were found");
    String json =
        ReportJson.create().withMessages(List.of(none)).report(snapshot.daily(ZoneOffset.UTC), snapshot);
    assertFalse(json.contains(SECRET));
    List<String> codes = new ArrayList<>();
    try (JsonParser p = FakeSource.JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equals("code")) {
          p.nextToken();
          codes.add(p.getText());
        }
      }
    }
    assertEquals(List.of("cream.price.unknown-model", "fake.line.invalid", "cream.logs.none"), codes);
  }

  @Test
  void prettyOutputIsTheSameDocument() throws IOException {
    ReportJson pretty = ReportJson.create().withPrettyPrinting();
    Report days = snapshot.daily(ZoneOffset.UTC);
    String p = pretty.report(days, snapshot);
    assertTrue(p.startsWith("{\n  \"schema\": \"cream.report/1\",\n  \"asOf\": \"2026-03-02T10:00:00Z\",\n"), p);
    assertTrue(p.contains("\"burnRate\"") || p.contains("\"breakdown\": [\n"), p);
    assertEquals(tokens(ReportJson.create().report(days, snapshot)), tokens(p));
    String emptyish = pretty.sessions(List.of(), snapshot, s -> Optional.empty());
    assertTrue(emptyish.contains("\"sessions\": [],"), emptyish);
  }

  @Test
  void streamsGetUtf8AndAFinalNewline() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ReportJson.create().withDemo(true).writeReport(snapshot.monthly(ZoneOffset.UTC), snapshot, out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("}\n"));
    assertTrue(text.startsWith("{\"schema\":\"cream.report/1\",\"asOf\":\"2026-03-02T10:00:00Z\",\"demo\":true,"));
    parse(text);
    out.reset();
    ReportJson.create().writeSessions(snapshot, out);
    parse(out.toString(StandardCharsets.UTF_8));
    out.reset();
    ReportJson.create().writeBlocks(List.of(), Duration.ofHours(5), NOW, snapshot, out);
    parse(out.toString(StandardCharsets.UTF_8));
    out.reset();
    ReportJson.create().writeCache(List.of(), new CacheEfficiency(0, 0, 0, Money.ZERO, 0, Money.ZERO), NOW, snapshot,
        out);
    assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("}\n"));
    parse(out.toString(StandardCharsets.UTF_8));
    out.reset();
    ReportJson.create().writeSources(snapshot.sources(), List.of(), out);
    parse(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void burnRateNeedsAMinuteOfCalls() {
    Block gap = new Block(NOW, NOW.plusSeconds(60), Optional.empty(), Optional.empty(), false, true,
        io.github.cream.api.UsageTotals.ZERO, List.of());
    assertTrue(ReportJson.BurnRate.of(gap, NOW).isEmpty());
    Block one = snapshot.filter(Filter.builder().since(java.time.LocalDate.parse("2026-03-02")).build())
        .blocks(Duration.ofMinutes(20), NOW).get(0);
    assertTrue(ReportJson.BurnRate.of(one, NOW).isEmpty(), "a single call has no rate");
    ReportJson.BurnRate r =
        ReportJson.BurnRate.of(snapshot.blocks(Duration.ofHours(5), NOW).get(2), NOW).orElseThrow();
    assertEquals("7.00", r.tokensPerMinute().toPlainString());
    assertEquals(Money.ofUsd("0.0036"), r.costPerHour());
    assertEquals(240, r.remainingMinutes());
  }

  // --- helpers --------------------------------------------------------------------------------------------------

  /** Parses a document to its end; fails on invalid JSON or trailing content. */
  private static void parse(String json) throws IOException {
    try (JsonParser p = FakeSource.JSON.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      p.skipChildren();
      assertNull(p.nextToken(), "one document only");
    }
  }

  private static List<String> tokens(String json) throws IOException {
    List<String> out = new ArrayList<>();
    try (JsonParser p = FakeSource.JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        out.add(t + ":" + p.getText());
      }
    }
    return out;
  }

  /** The field names of every object, keyed by a path such as {@code daily[].breakdown[]}. */
  private static Map<String, Set<String>> fieldNames(String json) throws IOException {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    try (JsonParser p = FakeSource.JSON.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      walkObject(p, "", out);
      assertNull(p.nextToken());
    }
    assertNotNull(out.get(""));
    return out;
  }

  private static void walkObject(JsonParser p, String path, Map<String, Set<String>> out) throws IOException {
    Set<String> names = out.computeIfAbsent(path, k -> new TreeSet<>());
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      names.add(name);
      String child = path.isEmpty() ? name : path + "." + name;
      JsonToken v = p.nextToken();
      if (v == JsonToken.START_OBJECT) {
        walkObject(p, child, out);
      } else if (v == JsonToken.START_ARRAY) {
        walkArray(p, child + "[]", out);
      }
    }
  }

  private static void walkArray(JsonParser p, String path, Map<String, Set<String>> out) throws IOException {
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == JsonToken.START_OBJECT) {
        walkObject(p, path, out);
      } else if (t == JsonToken.START_ARRAY) {
        walkArray(p, path + "[]", out);
      }
    }
  }
}
