package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Money;
import io.github.cream.core.internal.CacheEvaluator;
import io.github.cream.examples.cli.CliHarness.JsonDoc;
import io.github.cream.examples.cli.CliHarness.Result;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cache} command and the cache verdict of {@code session}, run in-process with fixed clocks on small
 * synthetic logs: the test source's (any provider, model and cache-write split), Codex rollouts and Pi sessions, with
 * the cache strategies found on the class path as the jar finds them. Every strategy edge the issue names is pinned
 * here: exactly at expiry, a read refreshing the lifetime, 5-minute and 1-hour writes mixed, no cache activity,
 * OpenRouter, and a plug-in strategy outranking the built-ins.
 */
class CacheCommandTest {

  @TempDir Path home;
  private CliHarness cli;

  @BeforeEach
  void setUp() {
    // discovery on, as the jar runs: the real sources and cache strategies, the bundled prices, plus the test source
    cli = new CliHarness(home).with(b -> b.parallelism(1).source(new TestSource("testagent")));
  }

  /** One line of the test source: a call of a session, tokens by kind. */
  private static String call(
      String session, String at, String provider, String model, long in, long read, long w5, long w1, long out) {
    return "{\"s\":\"" + session + "\",\"t\":\"" + at + "\",\"p\":\"" + provider + "\",\"m\":\"" + model
        + "\",\"in\":" + in + ",\"cr\":" + read + ",\"w5\":" + w5 + ",\"w1\":" + w1 + ",\"out\":" + out + "}";
  }

  private static String sonnet(String session, String at, long in, long read, long w5, long w1) {
    return call(session, at, "anthropic", "claude-sonnet-4-5", in, read, w5, w1, 100);
  }

  private void testLog(String file, String... lines) throws IOException {
    CliHarness.write(home.resolve(".testagent").resolve(file), lines);
  }

  private JsonDoc cacheJson(String now, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("cache", "--json", "--now", now));
    args.addAll(List.of(more));
    Result r = cli.run(args.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    JsonDoc d = r.json();
    assertEquals("cream.cache/1", d.get("schema"));
    assertEquals(Instant.parse(now).toString(), d.get("now"));
    return d;
  }

  /** The index of a session in a cache document. */
  private static int index(JsonDoc d, String sessionId) {
    for (int i = 0; i < d.count("sessions"); i++) {
      if (sessionId.equals(d.get("sessions[" + i + "].sessionId"))) {
        return i;
      }
    }
    throw new AssertionError("no session " + sessionId + " in " + d.values());
  }

  private static Map<String, String> entry(JsonDoc d, String prefix) {
    Map<String, String> out = new HashMap<>();
    d.values().forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        out.put(k.substring(prefix.length() + 1), v);
      }
    });
    return out;
  }

  private static Map<String, String> session(JsonDoc d, String sessionId) {
    return entry(d, "sessions[" + index(d, sessionId) + "]");
  }

  private static List<String> notes(Map<String, String> e) {
    List<String> out = new ArrayList<>();
    for (int i = 0; e.containsKey("notes[" + i + "]"); i++) {
      out.add(e.get("notes[" + i + "]"));
    }
    return out;
  }

  /** The table row of a session, found by its id as the table shows it (its first eight characters at least). */
  private static String row(String table, String sessionId) {
    String shown = sessionId.length() > 8 ? sessionId.substring(0, 8) : sessionId;
    return table.lines().filter(l -> l.contains("  " + shown + " "))
        .findFirst().orElseThrow(() -> new AssertionError("no row for " + sessionId + " in\n" + table));
  }

  // --- the strategies' edges, through the CLI -------------------------------------------------------------------

  @Test
  void exactlyAtExpiryTheCacheIsColdAndAMillisecondBeforeItIsWarm() throws IOException {
    testLog("a.jsonl", sonnet("one-hour", "2026-03-02T10:00:00Z", 10, 0, 0, 20_000));
    // one hour from the request's start, which the strategy puts 30 s before the logged time
    String expiry = "2026-03-02T10:59:30Z";

    Map<String, String> before = session(cacheJson("2026-03-02T10:59:29.999Z"), "one-hour");
    assertEquals("warm", before.get("state"));
    assertEquals("anthropic-ephemeral", before.get("strategy"));
    assertEquals("anthropic", before.get("provider"));
    assertEquals("claude-sonnet-4-5", before.get("model"));
    assertEquals("testagent", before.get("source"));
    assertEquals("2026-03-02T10:00:00Z", before.get("lastActivityAt"));
    assertEquals(expiry, before.get("expiresAt"));
    assertEquals("3600", before.get("ttlSeconds"));
    assertEquals("high", before.get("confidence"));
    assertEquals("20000", before.get("cachedPrefixTokens"));
    assertEquals("0.006", before.get("resumeCostWarmUsd"), "20,000 tokens read at $0.30 per million");
    assertEquals("0.12", before.get("resumeCostColdUsd"), "20,000 tokens written again at the 1-hour $6");

    Map<String, String> at = session(cacheJson(expiry), "one-hour");
    assertEquals("cold", at.get("state"), "exactly at the expiry the cache is cold");
    assertEquals(expiry, at.get("expiresAt"));
    assertEquals("medium", at.get("confidence"), "within the 30 s allowance the cache may still live");

    String warmRow = row(cli.run("cache", "--now", "2026-03-02T10:59:29.999Z").out(), "one-hour");
    assertTrue(warmRow.matches(".*  warm +in 1s  .*"), warmRow);
    String coldRow = row(cli.run("cache", "--now", expiry).out(), "one-hour");
    assertTrue(coldRow.matches(".*  cold +expired 0s ago  .*"), coldRow);
  }

  @Test
  void aReadRefreshesTheLifetime() throws IOException {
    testLog("a.jsonl",
        sonnet("refreshed", "2026-03-02T10:00:00Z", 10, 0, 8_000, 0),
        sonnet("refreshed", "2026-03-02T10:04:00Z", 20, 8_000, 0, 0),
        sonnet("not-read", "2026-03-02T10:00:00Z", 10, 0, 8_000, 0));
    JsonDoc d = cacheJson("2026-03-02T10:06:00Z");
    Map<String, String> refreshed = session(d, "refreshed");
    assertEquals("warm", refreshed.get("state"), "the read at 10:04 kept the cache alive past 10:04:30");
    assertEquals("2026-03-02T10:04:00Z", refreshed.get("lastActivityAt"));
    assertEquals("2026-03-02T10:08:30Z", refreshed.get("expiresAt"));
    assertEquals("300", refreshed.get("ttlSeconds"));
    assertEquals("high", refreshed.get("confidence"));
    assertEquals("8000", refreshed.get("cachedPrefixTokens"));
    Map<String, String> notRead = session(d, "not-read");
    assertEquals("cold", notRead.get("state"));
    assertEquals("2026-03-02T10:04:30Z", notRead.get("expiresAt"));

    String table = cli.run("cache", "--now", "2026-03-02T10:06:00Z").out();
    assertTrue(row(table, "refreshed").contains("  in 2m 30s  "), table);
    assertTrue(row(table, "not-read").contains("  expired 1m 30s ago  "), table);
  }

  @Test
  void fiveMinuteAndOneHourWritesMixed() throws IOException {
    testLog("a.jsonl",
        sonnet("mixed", "2026-03-02T10:00:00Z", 10, 0, 0, 10_000),
        sonnet("mixed", "2026-03-02T10:02:00Z", 10, 10_000, 3_000, 0),
        sonnet("five", "2026-03-02T10:01:00Z", 10, 0, 10_000, 0));
    JsonDoc d = cacheJson("2026-03-02T10:30:00Z");
    Map<String, String> mixed = session(d, "mixed");
    assertEquals("warm", mixed.get("state"), "the 1-hour part outlives the 5-minute part");
    assertEquals("3600", mixed.get("ttlSeconds"));
    assertEquals("2026-03-02T11:01:30Z", mixed.get("expiresAt"));
    assertEquals("medium", mixed.get("confidence"), "after 5 min only the 1-hour part is still cached");
    assertTrue(notes(mixed).stream().anyMatch(n -> n.contains("mixes 1-hour and 5-minute cache writes")),
        notes(mixed).toString());
    assertEquals("13000", mixed.get("cachedPrefixTokens"));
    assertEquals("0.0039", mixed.get("resumeCostWarmUsd"));
    assertEquals("0.078", mixed.get("resumeCostColdUsd"), "a 1-hour prefix is written again at the 1-hour price");
    Map<String, String> five = session(d, "five");
    assertEquals("cold", five.get("state"));
    assertEquals("300", five.get("ttlSeconds"));
    assertEquals("2026-03-02T10:05:30Z", five.get("expiresAt"));
    assertEquals("high", five.get("confidence"));
    assertEquals("0.0375", five.get("resumeCostColdUsd"), "a 5-minute prefix is written again at $3.75");
    assertEquals(List.of("mixed", "five"), List.of(d.get("sessions[0].sessionId"), d.get("sessions[1].sessionId")),
        "newest first");
  }

  @Test
  void aSessionWithoutCacheActivity() throws IOException {
    testLog("a.jsonl",
        sonnet("tiny", "2026-03-02T10:00:00Z", 500, 0, 0, 0),
        sonnet("uncached", "2026-03-02T09:00:00Z", 5_000, 0, 0, 0));
    JsonDoc d = cacheJson("2026-03-02T10:01:00Z");
    Map<String, String> tiny = session(d, "tiny");
    assertEquals("cold", tiny.get("state"));
    assertEquals("high", tiny.get("confidence"), "below the model's 1,024-token minimum nothing is cached");
    assertEquals("null", tiny.get("expiresAt"));
    assertEquals("null", tiny.get("ttlSeconds"));
    assertEquals("null", tiny.get("lastActivityAt"), "nothing touched the cache");
    assertEquals("0", tiny.get("cachedPrefixTokens"));
    assertEquals("0.0", tiny.get("resumeCostWarmUsd"));
    assertEquals("0.0", tiny.get("resumeCostColdUsd"));
    Map<String, String> uncached = session(d, "uncached");
    assertEquals("cold", uncached.get("state"));
    assertEquals("medium", uncached.get("confidence"));
    assertTrue(notes(uncached).get(0).startsWith("No call of this model in the session read or wrote the prompt cache"),
        notes(uncached).toString());

    String table = cli.run("cache", "--now", "2026-03-02T10:01:00Z").out();
    assertTrue(row(table, "tiny").matches(".*  cold +not cached +- +high .*"), table);
  }

  @Test
  void openAiThroughCodex() throws IOException {
    String id = "019cae00-0000-7000-8000-00000000c0de";
    CliHarness.write(
        home.resolve(".codex/sessions/2026/03/02/rollout-2026-03-02T09-49-00-" + id + ".jsonl"),
        "{\"timestamp\":\"2026-03-02T09:49:00.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + id
            + "\",\"timestamp\":\"2026-03-02T09:49:00.000Z\",\"cwd\":\"/w/shop\",\"originator\":\"codex_cli_rs\","
            + "\"cli_version\":\"0.104.0\",\"source\":\"cli\",\"model_provider\":\"openai\"}}",
        "{\"timestamp\":\"2026-03-02T09:49:00.100Z\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/w/shop\","
            + "\"model\":\"gpt-5.3-codex\"}}",
        tokenCount("2026-03-02T09:50:00.000Z", 12_000, 0, 500, 12_000, 0, 500),
        tokenCount("2026-03-02T10:00:00.000Z", 32_000, 11_904, 900, 20_000, 11_904, 400));
    Map<String, String> warm = session(cacheJson("2026-03-02T10:03:00Z", "--source", "codex"), id);
    assertEquals("codex", warm.get("source"));
    assertEquals("openai", warm.get("provider"));
    assertEquals("gpt-5.3-codex", warm.get("model"));
    assertEquals("openai-prompt-cache", warm.get("strategy"));
    assertEquals("warm", warm.get("state"));
    assertEquals("medium", warm.get("confidence"));
    assertEquals("1800", warm.get("ttlSeconds"));
    assertEquals("2026-03-02T10:29:30Z", warm.get("expiresAt"));
    assertEquals("19968", warm.get("cachedPrefixTokens"), "the last prompt, in OpenAI's 128-token steps");
    assertEquals("0.003494", warm.get("resumeCostWarmUsd"));
    assertEquals("0.034944", warm.get("resumeCostColdUsd"), "no write fee: a cold prefix costs plain input");
    assertEquals("warm", session(cacheJson("2026-03-02T10:29:29.999Z"), id).get("state"));
    Map<String, String> expired = session(cacheJson("2026-03-02T10:29:30Z"), id);
    assertEquals("cold", expired.get("state"));
    assertEquals("low", expired.get("confidence"), "24-hour retention may still hold it");
    assertEquals("high", session(cacheJson("2026-03-03T09:59:30Z"), id).get("confidence"));
    assertFalse(notes(warm).contains(CacheEvaluator.ROUTER_NOTE));
  }

  private static String tokenCount(
      String at, long totalIn, long totalCached, long totalOut, long in, long cached, long out) {
    return "{\"timestamp\":\"" + at + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{"
        + "\"total_token_usage\":{\"input_tokens\":" + totalIn + ",\"cached_input_tokens\":" + totalCached
        + ",\"output_tokens\":" + totalOut + ",\"reasoning_output_tokens\":0,\"total_tokens\":" + (totalIn + totalOut)
        + "},\"last_token_usage\":{\"input_tokens\":" + in + ",\"cached_input_tokens\":" + cached
        + ",\"output_tokens\":" + out + ",\"reasoning_output_tokens\":0,\"total_tokens\":" + (in + out)
        + "}},\"rate_limits\":null}}";
  }

  /** A Pi session file with one assistant message per call: {@code {provider, model, time, input, read, write}}. */
  private void piSession(String id, String api, String provider, String model, Object[]... calls) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("{\"type\":\"session\",\"version\":3,\"id\":\"" + id + "\",\"timestamp\":\"2026-03-02T09:00:00.000Z\","
        + "\"cwd\":\"/w/site\"}");
    String parent = "null";
    int n = 0;
    for (Object[] c : calls) {
      String entry = "e" + id.substring(4, 8) + n++;
      Instant at = Instant.parse((String) c[0]);
      long in = (Long) c[1];
      long read = (Long) c[2];
      long write = (Long) c[3];
      lines.add("{\"type\":\"message\",\"id\":\"" + entry + "\",\"parentId\":" + parent + ",\"timestamp\":\"" + at
          + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"api\":\""
          + api + "\",\"provider\":\"" + provider + "\",\"model\":\"" + model + "\",\"usage\":{\"input\":" + in
          + ",\"output\":100,\"cacheRead\":" + read + ",\"cacheWrite\":" + write + ",\"totalTokens\":"
          + (in + 100 + read + write) + "},\"stopReason\":\"stop\",\"timestamp\":" + at.toEpochMilli() + "}}");
      parent = "\"" + entry + "\"";
    }
    CliHarness.write(home.resolve(".pi/agent/sessions/--w-site--/2026-03-02T09-00-00-000Z_" + id + ".jsonl"),
        lines.toArray(String[]::new));
  }

  private static Object[] at(String time, long in, long read, long write) {
    return new Object[] {time, in, read, write};
  }

  @Test
  void openRouterThroughPiIsABestGuessWithANote() throws IOException {
    piSession("0000aaaa-kimi", "openai-completions", "openrouter", "moonshotai/kimi-k2",
        at("2026-03-02T10:00:00Z", 9_000, 0, 0), at("2026-03-02T10:03:00Z", 1_000, 8_960, 0));
    piSession("0000bbbb-claude", "openai-completions", "openrouter", "anthropic/claude-sonnet-4.5",
        at("2026-03-02T10:00:00Z", 20, 0, 12_000), at("2026-03-02T10:02:00Z", 20, 12_000, 1_000));
    piSession("0000cccc-direct", "anthropic-messages", "anthropic", "claude-sonnet-4-5",
        at("2026-03-02T10:00:00Z", 20, 0, 12_000), at("2026-03-02T10:02:00Z", 20, 12_000, 1_000));
    JsonDoc d = cacheJson("2026-03-02T10:04:00Z", "--source", "pi");
    assertEquals(3, d.count("sessions"));

    Map<String, String> kimi = session(d, "0000aaaa-kimi");
    assertEquals("openrouter", kimi.get("provider"));
    assertEquals("empirical-dropoff", kimi.get("strategy"), "no published rules: learned from history, if any");
    assertEquals("unknown", kimi.get("state"), "two samples teach no lifetime");
    assertEquals("none", kimi.get("confidence"));
    assertEquals("null", kimi.get("expiresAt"));
    assertTrue(notes(kimi).contains(CacheEvaluator.ROUTER_NOTE), notes(kimi).toString());
    assertTrue(notes(kimi).get(0).startsWith("Of the 1 usable samples"), notes(kimi).toString());
    assertTrue(notes(kimi).contains("The model has no price in the price table, so resume costs are not given."));

    Map<String, String> claude = session(d, "0000bbbb-claude");
    assertEquals("anthropic-ephemeral", claude.get("strategy"), "Claude's rules, wherever it is served");
    assertEquals("warm", claude.get("state"));
    assertEquals("medium", claude.get("confidence"), "a reseller caps the confidence");
    assertTrue(notes(claude).contains(CacheEvaluator.ROUTER_NOTE), notes(claude).toString());
    assertTrue(notes(claude).stream().anyMatch(n -> n.startsWith("The provider resells this Claude model")));

    Map<String, String> direct = session(d, "0000cccc-direct");
    assertEquals("anthropic-ephemeral", direct.get("strategy"));
    assertEquals("high", direct.get("confidence"));
    assertFalse(notes(direct).contains(CacheEvaluator.ROUTER_NOTE), "no router, no router note");

    String table = cli.run("cache", "--source", "pi", "--now", "2026-03-02T10:04:00Z").out();
    assertTrue(row(table, "0000aaaa").matches(".*  unknown +- +\\? +unpriced +none +[\\d,]+$"), table);
    assertTrue(table.contains(". The upstream provider may be rerouted between calls, so the cache state is a best "
        + "guess.\n"), "notes are footnotes, once each: " + table);
    assertEquals(1, table.split("may be rerouted", -1).length - 1, table);
  }

  @Test
  void openRouterWithEnoughHistoryGetsALearnedLifetime() throws IOException {
    // one session on OpenRouter: five calls after gaps of 1 to 5 minutes read the cache, five after 20 to 40 did not
    List<String> lines = new ArrayList<>();
    Instant t = Instant.parse("2026-03-02T08:00:00Z");
    lines.add(call("learned", t.toString(), "openrouter", "google/gemini-2.5-flash", 10_000, 0, 0, 0, 50));
    for (int gap : new int[] {1, 2, 3, 4, 5}) {
      t = t.plus(Duration.ofMinutes(gap));
      lines.add(call("learned", t.toString(), "openrouter", "google/gemini-2.5-flash", 1_000, 9_000, 0, 0, 50));
    }
    for (int gap : new int[] {20, 25, 30, 35, 40}) {
      t = t.plus(Duration.ofMinutes(gap));
      lines.add(call("learned", t.toString(), "openrouter", "google/gemini-2.5-flash", 10_000, 0, 0, 0, 50));
    }
    testLog("a.jsonl", lines.toArray(String[]::new));
    Instant last = t;
    Map<String, String> warm = session(cacheJson(last.plus(Duration.ofMinutes(2)).toString()), "learned");
    assertEquals("empirical-dropoff", warm.get("strategy"));
    assertEquals("warm", warm.get("state"));
    assertEquals("300", warm.get("ttlSeconds"), "the longest gap that still read the cache");
    assertEquals(last.plus(Duration.ofMinutes(5)).toString(), warm.get("expiresAt"));
    assertEquals("low", warm.get("confidence"), "five samples a side is evidence, not strong evidence");
    assertTrue(notes(warm).contains(CacheEvaluator.ROUTER_NOTE), "a learned verdict on a router is still a guess");
    assertEquals("cold", session(cacheJson(last.plus(Duration.ofMinutes(5)).toString()), "learned").get("state"));
  }

  @Test
  void aPluginStrategyOutranksTheBuiltIns() throws IOException {
    testLog("a.jsonl",
        sonnet("claude-session", "2026-03-02T10:00:00Z", 10, 0, 8_000, 0),
        call("acme-session", "2026-03-02T10:00:00Z", "acme", "acme-1", 5_000, 0, 0, 0, 10));
    // the built-ins alone: Anthropic's rules, and nothing learned for an unknown provider
    JsonDoc builtIn = cacheJson("2026-03-02T10:07:00Z", "--source", "testagent");
    assertEquals("anthropic-ephemeral", session(builtIn, "claude-session").get("strategy"));
    assertEquals("cold", session(builtIn, "claude-session").get("state"));
    // the test class path registers PluginStrategy for provider acme through META-INF/services, at priority 100:
    // it outranks empirical-dropoff (50) and unknown (0), which also support every provider
    Map<String, String> acme = session(builtIn, "acme-session");
    assertEquals("acme-ten-minutes", acme.get("strategy"));
    assertEquals("warm", acme.get("state"));
    assertEquals("2026-03-02T10:10:00Z", acme.get("expiresAt"));

    // a plug-in registered with the builder at priority 150 outranks anthropic-ephemeral (100) for Anthropic
    CliHarness plugged =
        new CliHarness(home).with(b -> b.parallelism(1).source(new TestSource("testagent"))
            .cacheStrategy(new PluginStrategy("anthropic-ten-minutes", "anthropic", 150)));
    Result r = plugged.run("cache", "--json", "--now", "2026-03-02T10:07:00Z", "--source", "testagent");
    Map<String, String> claude = session(r.json(), "claude-session");
    assertEquals("anthropic-ten-minutes", claude.get("strategy"));
    assertEquals("warm", claude.get("state"), "ten minutes, where Anthropic's five have passed");
    assertEquals(List.of("judged by the anthropic-ten-minutes plug-in"), notes(claude));
    String table = plugged.run("cache", "--now", "2026-03-02T10:07:00Z", "--source", "testagent").out();
    assertTrue(row(table, "claude-session").contains("  warm   in 3m 0s  "), table);
    JsonDoc sources = plugged.run("sources", "--json").json();
    Set<String> strategies = new TreeSet<>();
    for (int i = 0; i < sources.count("cacheStrategies"); i++) {
      strategies.add(sources.get("cacheStrategies[" + i + "].id"));
    }
    assertTrue(strategies.containsAll(Set.of("anthropic-ten-minutes", "acme-ten-minutes", "anthropic-ephemeral",
        "openai-prompt-cache", "empirical-dropoff", "unknown")), strategies.toString());
  }

  private static boolean claudeSourcePresent() {
    for (ServiceLoader.Provider<Source> p : ServiceLoader.load(Source.class).stream().toList()) {
      try {
        if (p.get().id().equals("claude")) {
          return true;
        }
      } catch (RuntimeException | java.util.ServiceConfigurationError e) {
        // a broken provider is the engine's problem, not this test's
      }
    }
    return false;
  }

  /** One assistant line of a Claude Code transcript, with its cache writes split by lifetime. */
  private static String claudeLine(String session, int n, String at, long read, long w5, long w1) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/w/app\","
        + "\"sessionId\":\"" + session + "\",\"version\":\"2.1.39\",\"message\":{\"model\":\"claude-opus-4-6\","
        + "\"id\":\"msg_" + session.substring(0, 8) + n + "\",\"type\":\"message\",\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"usage\":{"
        + "\"input_tokens\":3,\"cache_creation_input_tokens\":" + (w5 + w1) + ",\"cache_read_input_tokens\":" + read
        + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + w5 + ",\"ephemeral_1h_input_tokens\":" + w1
        + "},\"output_tokens\":200,\"service_tier\":\"standard\"}},\"requestId\":\"req_" + session.substring(0, 8)
        + n + "\",\"type\":\"assistant\",\"uuid\":\"" + session.substring(0, 8) + "-0000-4000-8000-00000000000" + n
        + "\",\"timestamp\":\"" + at + "\"}";
  }

  @Test
  void claudeCodeLogsThroughTheClaudeSource() throws IOException {
    Assumptions.assumeTrue(claudeSourcePresent(), "needs the claude source (cream-source-claude) on the class path");
    String mixed = "11111111-1111-4111-8111-111111111111";
    String five = "22222222-2222-4222-8222-222222222222";
    Path dir = home.resolve(".claude/projects/-w-app");
    CliHarness.write(dir.resolve(mixed + ".jsonl"),
        claudeLine(mixed, 1, "2026-03-02T10:00:00.000Z", 0, 0, 10_000),
        claudeLine(mixed, 2, "2026-03-02T10:02:00.000Z", 10_000, 3_000, 0));
    CliHarness.write(dir.resolve(five + ".jsonl"),
        claudeLine(five, 1, "2026-03-02T10:00:00.000Z", 0, 8_000, 0),
        claudeLine(five, 2, "2026-03-02T10:04:00.000Z", 8_000, 0, 0));

    Map<String, String> m = session(cacheJson("2026-03-02T10:30:00Z", "--source", "claude"), mixed);
    assertEquals("claude", m.get("source"));
    assertEquals("anthropic", m.get("provider"));
    assertEquals("claude-opus-4-6", m.get("model"));
    assertEquals("anthropic-ephemeral", m.get("strategy"));
    assertEquals("warm", m.get("state"));
    assertEquals("3600", m.get("ttlSeconds"), "the 1-hour write of the live prefix sets the lifetime");
    assertEquals("2026-03-02T11:01:30Z", m.get("expiresAt"));
    assertTrue(notes(m).stream().anyMatch(n -> n.contains("mixes 1-hour and 5-minute cache writes")));
    assertEquals("13000", m.get("cachedPrefixTokens"));
    assertEquals("0.13", m.get("resumeCostColdUsd"), "13,000 tokens at the 1-hour write price, $10 per million");
    assertEquals("warm", session(cacheJson("2026-03-02T11:01:29.999Z"), mixed).get("state"));
    assertEquals("cold", session(cacheJson("2026-03-02T11:01:30Z"), mixed).get("state"));

    Map<String, String> f = session(cacheJson("2026-03-02T10:08:29.999Z", "--source", "claude"), five);
    assertEquals("warm", f.get("state"), "the read at 10:04 refreshed the 5-minute cache");
    assertEquals("300", f.get("ttlSeconds"));
    assertEquals("high", f.get("confidence"), "Claude Code's log splits writes by lifetime");
    assertEquals("cold", session(cacheJson("2026-03-02T10:08:30Z", "--source", "claude"), five).get("state"));
  }

  // --- the command ------------------------------------------------------------------------------------------------

  @Test
  void tableReadsAtAGlance() throws IOException {
    testLog("a.jsonl",
        "{\"s\":\"warm-one\",\"t\":\"2026-03-02T12:10:00Z\",\"p\":\"anthropic\",\"m\":\"claude-sonnet-4-5\","
            + "\"in\":10,\"w1\":20000,\"out\":100,\"title\":\"Keep the cache warm\",\"cwd\":\"/w/shop\"}",
        sonnet("cold-one", "2026-03-02T11:00:00Z", 10, 0, 10_000, 0),
        sonnet("cold-one", "2026-03-02T11:01:00Z", 10, 10_000, 0, 0),
        call("mystery", "2026-03-02T09:00:00Z", "acme", "acme-1", 5_000, 0, 0, 0, 10),
        call("no-rules", "2026-03-01T09:00:00Z", "prov", "m1", 5_000, 0, 0, 0, 10));
    Result r = cli.run("cache", "--source", "testagent", "--now", "2026-03-02T12:40:00Z", "--timezone", "UTC");
    assertEquals(0, r.status());
    assertEquals(List.of("2 calls unpriced (run with --json for details)",
        "cream: warning: No price for model 'acme-1' (acme); its calls are counted as unpriced, not as $0."
            + " [cream.price.unknown-model]",
        "cream: warning: No price for model 'm1' (prov); its calls are counted as unpriced, not as $0."
            + " [cream.price.unknown-model]"), r.errLines(), "acme-1 and m1");
    assertEquals(
        """
        Prompt caches at 2026-03-02 12:40:00 (UTC), most recently active first

        Source     Session   Title                Model              State    Expires             Resume now  Once cold  Confidence  Notes
        ---------  --------  -------------------  -----------------  -------  ------------------  ----------  ---------  ----------  -----
        testagent  warm-one  Keep the cache warm  claude-sonnet-4-5  warm     in 29m 30s              $0.006     $0.120  high        1,2
        testagent  cold-one                       claude-sonnet-4-5  cold     expired 1h 34m ago      $0.038             high        3,2
        testagent  mystery                        acme-1             cold     expired 3h 30m ago    unpriced             high        4
        testagent  no-rules                       m1                 unknown  -                            ?   unpriced  none        5,6

        4 sessions: 1 warm, 2 cold, 1 unknown. Resume now: the cached prefix read from a warm cache, or written again to a cold one.
        Hit ratio 20.0% of prompt tokens; cache reads saved $0.027 versus no caching; $0.000 went on cache writes that expired unread.

        Notes:
        1. The live prefix holds a 1-hour cache write, so the cache lives 1h after each read or write.
        2. The expiry is set 30s early because the lifetime runs from the start of the request, which the log does not record.
        3. Every cache write of the live prefix was for 5 minutes, so the cache lives 5m after each read or write.
        4. Judged by the acme-ten-minutes plug-in.
        5. Of the 0 usable samples of idle gap versus cache read for this provider and model, 0 hit below and 0 missed above the best idle threshold; at least 5 of each are needed to learn a lifetime.
        6. The model has no price in the price table, so resume costs are not given.
        """,
        r.out());
  }

  @Test
  void jsonFollowsTheContract() throws IOException {
    testLog("a.jsonl",
        sonnet("s1", "2026-03-02T10:00:00Z", 10, 0, 10_000, 0),
        sonnet("s1", "2026-03-02T10:01:00Z", 10, 10_000, 0, 0),
        sonnet("s2", "2026-03-02T09:00:00Z", 10, 0, 5_000, 0));
    JsonDoc d = cacheJson("2026-03-02T10:02:00Z", "--source", "testagent");
    assertFalse(d.has("demo"));
    assertEquals(2, d.count("sessions"));
    assertEquals("s1", d.get("sessions[0].sessionId"));
    assertEquals("s2", d.get("sessions[1].sessionId"));
    Set<String> contract = Set.of("source", "sessionId", "provider", "model", "strategy", "state", "lastActivityAt",
        "expiresAt", "ttlSeconds", "confidence", "cachedPrefixTokens", "resumeCostWarmUsd", "resumeCostColdUsd");
    Set<String> fields =
        session(d, "s1").keySet().stream().map(k -> k.replaceAll("\\[\\d+\\]$", "")).collect(Collectors.toSet());
    assertTrue(fields.containsAll(contract), fields.toString());
    assertTrue(fields.contains("notes"), fields.toString());
    // prompts 10,010 + 10,010 + 5,010 tokens, of which 10,000 were reads: 10,000 / 25,030
    assertEquals("0.399521", d.get("efficiency.hitRatio"));
    assertEquals("25030", d.get("efficiency.promptTokens"));
    assertEquals("10000", d.get("efficiency.cacheReadTokens"));
    // 10,000 tokens read at $0.30 instead of $3 per million
    assertEquals("0.027", d.get("efficiency.savedUsd"));
    // s2's 5,000-token write expired at 09:04:30 unread: 5,000 x $3.75 per million
    assertEquals("5000", d.get("efficiency.expiredWriteTokens"));
    assertEquals("0.01875", d.get("efficiency.expiredWriteUsd"));
    assertEquals("0", d.get("diagnostics.malformedLines"));
  }

  @Test
  void withoutNowTheEnvironmentClockDecides() throws IOException {
    testLog("a.jsonl", sonnet("s1", "2026-03-02T10:00:00Z", 10, 0, 10_000, 0));
    CliHarness at = new CliHarness(home, Instant.parse("2026-03-02T10:02:00Z"))
        .with(b -> b.parallelism(1).source(new TestSource("testagent")));
    JsonDoc d = at.run("cache", "--json").json();
    assertEquals("2026-03-02T10:02:00Z", d.get("now"));
    assertEquals("warm", d.get("sessions[0].state"));
    JsonDoc later = at.run("cache", "--json", "--now", "2026-03-02T10:02:00+02:00").json();
    assertEquals("2026-03-02T08:02:00Z", later.get("now"), "--now takes an offset");
    assertEquals("warm", later.get("sessions[0].state"), "a call in the future of now: warm, with a note");
  }

  @Test
  void filtersApply() throws IOException {
    testLog("a.jsonl",
        "{\"s\":\"shop\",\"t\":\"2026-03-01T10:00:00Z\",\"p\":\"anthropic\",\"m\":\"claude-sonnet-4-5\",\"in\":10,"
            + "\"w5\":5000,\"out\":10,\"cwd\":\"/w/shop\"}",
        "{\"s\":\"site\",\"t\":\"2026-03-02T10:00:00Z\",\"p\":\"anthropic\",\"m\":\"claude-sonnet-4-5\",\"in\":10,"
            + "\"w5\":5000,\"out\":10,\"cwd\":\"/w/site\"}");
    piSession("0000dddd-pi", "anthropic-messages", "anthropic", "claude-sonnet-4-5",
        at("2026-03-02T11:00:00Z", 20, 0, 12_000));
    JsonDoc all = cacheJson("2026-03-02T12:00:00Z");
    assertEquals(List.of("0000dddd-pi", "site", "shop"),
        List.of(all.get("sessions[0].sessionId"), all.get("sessions[1].sessionId"), all.get("sessions[2].sessionId")),
        "most recently active first");
    JsonDoc pi = cacheJson("2026-03-02T12:00:00Z", "--source", "pi");
    assertEquals(1, pi.count("sessions"));
    JsonDoc shop = cacheJson("2026-03-02T12:00:00Z", "--project", "/w/shop");
    assertEquals(1, shop.count("sessions"));
    assertEquals("shop", shop.get("sessions[0].sessionId"));
    JsonDoc since = cacheJson("2026-03-02T12:00:00Z", "--since", "2026-03-02", "--timezone", "UTC", "--source",
        "testagent");
    assertEquals(1, since.count("sessions"));
    assertEquals("site", since.get("sessions[0].sessionId"));
    assertEquals("0.0", cacheJson("2026-03-02T12:00:00Z", "--until", "2026-02-01").get("efficiency.hitRatio"));
    assertEquals("[]", cacheJson("2026-03-02T12:00:00Z", "--until", "2026-02-01").get("sessions"));
    assertEquals("No sessions found.",
        cli.run("cache", "--until", "2026-02-01", "--now", "2026-03-02T12:00:00Z").out().lines().skip(2).findFirst()
            .orElse(""));
  }

  @Test
  void sessionEmbedsTheSameVerdictAsCache() throws IOException {
    testLog("a.jsonl",
        "{\"s\":\"s1\",\"t\":\"2026-03-02T10:00:00Z\",\"p\":\"anthropic\",\"m\":\"claude-sonnet-4-5\",\"in\":10,"
            + "\"w1\":20000,\"out\":10,\"title\":\"Guide\",\"cwd\":\"/w/site\"}",
        call("s2", "2026-03-02T09:00:00Z", "prov", "m1", 5_000, 0, 0, 0, 10));
    String now = "2026-03-02T10:20:00Z";
    JsonDoc cache = cacheJson(now, "--source", "testagent");
    JsonDoc sessions = cli.run("session", "--json", "--now", now, "--source", "testagent").json();
    assertEquals(cache.count("sessions"), sessions.count("sessions"));
    for (int i = 0; i < sessions.count("sessions"); i++) {
      String id = sessions.get("sessions[" + i + "].sessionId");
      assertEquals(session(cache, id), entry(sessions, "sessions[" + i + "].cache"), id);
    }
    Result table = cli.run("session", "--now", now, "--source", "testagent", "--timezone", "UTC");
    assertTrue(row(table.out(), "s1").endsWith("  warm 39m 30s"), table.out());
    assertTrue(row(table.out(), "s2").endsWith("  unknown"), table.out());
    assertTrue(table.out().lines().skip(2).findFirst().orElse("").endsWith("  Cache"), table.out());
  }

  @Test
  void strategiesAreOnTheTestClassPath() {
    Set<String> ids = new TreeSet<>();
    ServiceLoader.load(CacheStrategy.class).forEach(s -> ids.add(s.id()));
    assertTrue(ids.containsAll(Set.of("anthropic-ephemeral", "openai-prompt-cache", "empirical-dropoff", "unknown",
        "acme-ten-minutes")), ids.toString());
  }

  // --- formatting -------------------------------------------------------------------------------------------------

  @Test
  void timesReadAtAGlance() {
    // the one duration style (Durations, tested in cream-core): countdowns to the second, ages to two units
    Instant now = Instant.parse("2026-03-02T13:00:00Z");
    CacheVerdict warm = CacheVerdict.builder("x", CacheState.WARM).expiresAt(now.plusSeconds(90)).build();
    assertEquals("in 1m 30s", Tables.expires(warm, now));
    CacheVerdict cold = CacheVerdict.builder("x", CacheState.COLD).expiresAt(now.minusSeconds(720))
        .cachedPrefixTokens(10).build();
    assertEquals("expired 12m ago", Tables.expires(cold, now));
    assertEquals("not cached", Tables.expires(CacheVerdict.builder("x", CacheState.COLD).build(), now));
    assertEquals("-", Tables.expires(CacheVerdict.unknown("x", "why"), now));
    assertEquals("-", Tables.expires(CacheVerdict.builder("x", CacheState.WARM).build(), now));

    assertEquals("$0.136", Tables.usd3(Money.ofUsd("0.1356")));
    assertEquals("$0.000", Tables.usd3(Money.ZERO));
    assertEquals("<$0.001", Tables.usd3(Money.ofUsd("0.0004")));
    assertEquals("$1,234.568", Tables.usd3(Money.ofUsd("1234.5675")));
    assertEquals("The upstream may move.", Tables.sentence("the upstream\n may move"));
    assertEquals("Done!", Tables.sentence("Done!"));
  }
}
