package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.JsonDoc;
import io.github.cream.examples.cli.CliHarness.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code cream enrich} on a home with Pi and OpenClaw sessions routed through OpenRouter
 * ({@code src/test/resources/enrich-home}, synthetic files in the agents' real format), against a loopback server
 * answering as OpenRouter's generation endpoint does. The figures are pinned: the calls enriched, what the agents
 * recorded against what OpenRouter billed, the upstream providers, and the cache verdict of the session whose
 * upstream never changed, which loses its "best guess" note (the home is described in {@link RoutedHome}).
 */
class EnrichCommandTest extends RoutedHome {


  /** The verdict of one session in a cache document. */
  static int session(JsonDoc cache, String id) {
    for (int i = 0; i < cache.count("sessions"); i++) {
      if (id.equals(cache.get("sessions[" + i + "].sessionId"))) {
        return i;
      }
    }
    throw new AssertionError("no session " + id);
  }

  static List<String> notes(JsonDoc cache, int i) {
    List<String> out = new ArrayList<>();
    for (int n = 0; n < cache.count("sessions[" + i + "].notes"); n++) {
      out.add(cache.get("sessions[" + i + "].notes[" + n + "]"));
    }
    return out;
  }

  @Test
  void enrichmentPinnedOnAHomeRoutedThroughOpenRouter() throws IOException {
    CapturingSlf4jProvider.start(); // every log event down to TRACE, searched for the key at the end
    try {
      pinned();
    } finally {
      printed.addAll(CapturingSlf4jProvider.stop());
    }
    // the key was sent, and is written nowhere: not in any output, log event or file
    for (String text : printed) {
      assertFalse(text.contains("CLIKEYMARKER"), text);
    }
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("CLIKEYMARKER"),
            f.toString());
      }
    }
  }

  private void pinned() throws IOException {
    // before: what the logs say; every routed session's verdict is a best guess
    JsonDoc before = run("daily", "--json").json();
    assertEquals("0.099185", before.get("totals.costUsd"));
    assertEquals("recorded", before.get("totals.costProvenance"));
    assertFalse(before.has("diagnostics.enrichedCalls"));
    JsonDoc cacheBefore = run("cache", "--json").json();
    int shopBefore = session(cacheBefore, SHOP);
    assertEquals("openrouter", cacheBefore.get("sessions[" + shopBefore + "].provider"));
    assertFalse(cacheBefore.has("sessions[" + shopBefore + "].upstreamProvider"));
    assertEquals("medium", cacheBefore.get("sessions[" + shopBefore + "].confidence"));
    assertTrue(notes(cacheBefore, shopBefore).contains(ROUTER_NOTE));
    assertEquals(0, stub.requests().size(), "reports send nothing");

    // the run
    Result enrich = run("enrich", "--base-url", base());
    assertEquals(0, enrich.status(), enrich.err());
    assertEquals(
        """
        Enrichment from OpenRouter (openrouter)
          calls with an id   9 (9 distinct ids)
          answered before    0
          asked now          9: found 8, not found (yet) 1, failed 0 (9 requests)
          enriched calls     8

        Enriched calls: 8
          recorded by the agents  $0.097185 (8 of 8 calls recorded a cost)
          billed by the router    $0.102735

        Upstream provider  Calls     Billed
        -----------------  -----  ---------
        anthropic              5  $0.075135
        openai                 2  $0.015150
        amazon-bedrock         1  $0.012450

        Reports now count what the router billed for these calls (cost provenance 'enriched'); --cost-mode recorded\
         or calculate shows the other costs.
        """,
        enrich.out());
    assertEquals("", enrich.err(), "no warning; the INFO 'not found yet' shows with --verbose");
    assertEquals(9, stub.requests().size());
    for (OpenRouterStub.Request r : stub.requests()) {
      assertEquals("Bearer " + KEY, r.authorization());
      assertTrue(r.query().matches("id=gen-[0-9]+-[A-Za-z0-9]+"), "only the generation id is sent: " + r.query());
    }

    // a second run asks only what OpenRouter did not know yet
    Result again = run("enrich", "--json", "--base-url", base());
    JsonDoc second = again.json();
    assertEquals("cream.enrich/1", second.get("schema"));
    assertEquals("8", second.get("enrichers[0].known"));
    assertEquals("1", second.get("enrichers[0].asked"));
    assertEquals("1", second.get("enrichers[0].notFound"));
    assertEquals("8", second.get("enrichers[0].enrichedCalls"));
    assertEquals("8", second.get("enriched.calls"));
    assertEquals("0.097185", second.get("enriched.recordedCostUsd"));
    assertEquals("0.102735", second.get("enriched.enrichedCostUsd"));
    assertEquals("anthropic", second.get("enriched.upstreamProviders[0].upstreamProvider"));
    assertEquals("5", second.get("enriched.upstreamProviders[0].calls"));
    assertEquals("0.075135", second.get("enriched.upstreamProviders[0].enrichedCostUsd"));
    assertEquals("openai", second.get("enriched.upstreamProviders[1].upstreamProvider"));
    assertEquals("0.01515", second.get("enriched.upstreamProviders[1].enrichedCostUsd"));
    assertEquals("amazon-bedrock", second.get("enriched.upstreamProviders[2].upstreamProvider"));
    assertEquals("0.01245", second.get("enriched.upstreamProviders[2].enrichedCostUsd"));
    assertEquals(10, stub.requests().size(), "the 8 answered ids were not asked again");
    assertTrue(stub.requests().get(9).query().contains("ClawC3"));
    schema("cream.enrich/1", again.out());

    // costs: auto takes what OpenRouter billed, recorded and enriched show each side
    Result daily = run("daily", "--json");
    JsonDoc after = daily.json();
    assertEquals("0.104735", after.get("totals.costUsd"), "8 calls as billed, the 9th as recorded");
    assertEquals("mixed", after.get("totals.costProvenance"));
    assertEquals("8", after.get("diagnostics.enrichedCalls"));
    assertEquals("anthropic", after.get("daily[0].breakdown[0].upstreamProvider"));
    assertEquals("5", after.get("daily[0].breakdown[0].calls"));
    assertEquals("0.075135", after.get("daily[0].breakdown[0].costUsd"));
    assertEquals("enriched", after.get("daily[0].breakdown[0].costProvenance"));
    assertEquals("openai", after.get("daily[0].breakdown[1].upstreamProvider"));
    assertEquals("amazon-bedrock", after.get("daily[0].breakdown[2].upstreamProvider"));
    assertFalse(after.has("daily[0].breakdown[3].upstreamProvider"), "the call OpenRouter does not know yet");
    assertTrue(daily.out().contains("\"code\": \"cream.enrich.tokens-differ\""), "the double-counted reasoning");
    schema("cream.report/1", daily.out());
    Result recorded = run("daily", "--json", "--cost-mode", "recorded");
    assertEquals("0.099185", recorded.json().get("totals.costUsd"));
    Result enriched = run("daily", "--json", "--cost-mode", "enriched");
    assertEquals("0.102735", enriched.json().get("totals.costUsd"));
    assertEquals("1", enriched.json().get("diagnostics.unpricedCalls"));
    schema("cream.report/1", enriched.out());
    String table = run("daily", "--timezone", "UTC").out();
    assertTrue(table.contains("anthropic/claude-sonnet-4.5 via anthropic"), table);
    assertTrue(table.contains("anthropic/claude-sonnet-4.5 via amazon-bedrock"), table);

    // sessions: the upstream providers each used
    Result sessions = run("session", "--json");
    JsonDoc s = sessions.json();
    schema("cream.sessions/1", sessions.out());
    Map<String, List<String>> upstream = new HashMap<>();
    for (int i = 0; i < s.count("sessions"); i++) {
      List<String> u = new ArrayList<>();
      for (int n = 0; n < s.count("sessions[" + i + "].upstreamProviders"); n++) {
        u.add(s.get("sessions[" + i + "].upstreamProviders[" + n + "]"));
      }
      upstream.put(s.get("sessions[" + i + "].sessionId"), u);
    }
    assertEquals(Map.of(SHOP, List.of("anthropic"), BLOG, List.of("anthropic", "amazon-bedrock"), CLAW,
        List.of("openai")), upstream);

    // cache verdicts: the strategy judged the real upstream provider
    Result cacheRun = run("cache", "--json");
    schema("cream.cache/1", cacheRun.out());
    JsonDoc cache = cacheRun.json();
    int shop = session(cache, SHOP);
    assertEquals("openrouter", cache.get("sessions[" + shop + "].provider"));
    assertEquals("anthropic", cache.get("sessions[" + shop + "].upstreamProvider"));
    assertEquals("anthropic-ephemeral", cache.get("sessions[" + shop + "].strategy"));
    assertEquals("high", cache.get("sessions[" + shop + "].confidence"), "Anthropic's own rules, not a reseller's");
    assertEquals("2026-03-10T09:07:00Z", cache.get("sessions[" + shop + "].expiresAt"));
    assertEquals(List.of(
        "No call of the live prefix wrote to the cache, so the lifetime of what it read is not known; 5m after each"
            + " read is assumed.",
        "The expiry is set 30s early because the lifetime runs from the start of the request, which the log does not"
            + " record."), notes(cache, shop), "the reroute note is gone: the upstream never changed");
    int blog = session(cache, BLOG);
    assertEquals("amazon-bedrock", cache.get("sessions[" + blog + "].upstreamProvider"));
    assertTrue(notes(cache, blog).contains("The upstream provider serving this session's calls through openrouter"
        + " changed 1 time, from anthropic to amazon-bedrock at 2026-03-10T10:06:00Z. A prompt cache stays with the"
        + " provider that wrote it: a call after a change could not read the cache of the provider before it."),
        notes(cache, blog).toString());
    assertFalse(notes(cache, blog).contains(ROUTER_NOTE));
    int claw = session(cache, CLAW);
    assertTrue(notes(cache, claw).contains(ROUTER_NOTE), "its last call is not enriched: still a best guess");
    assertFalse(cache.has("sessions[" + claw + "].upstreamProvider"));
    JsonDoc warm = run("cache", "--json", "--now", "2026-03-10T09:05:00Z").json();
    assertEquals("warm", warm.get("sessions[" + session(warm, SHOP) + "].state"));

    // the timeline keeps both token counts of the call whose reasoning Pi counted twice
    Result timeline = run("session", "7c1e9a42", "--json");
    schema("cream.timeline/1", timeline.out());
    JsonDoc t = timeline.json();
    int withUsage = -1;
    for (int i = 0; i < t.count("messages"); i++) {
      if ("gen-1773140410-ClawC1gggggggggggggggg".equals(t.get("messages[" + i + "].usage.enriched.key"))) {
        withUsage = i;
      }
    }
    assertTrue(withUsage >= 0);
    assertEquals("420", t.get("messages[" + withUsage + "].usage.outputTokens"));
    assertEquals("300", t.get("messages[" + withUsage + "].usage.enriched.nativeTokens.completionTokens"));
    assertEquals("120", t.get("messages[" + withUsage + "].usage.enriched.nativeTokens.reasoningTokens"));
    assertEquals("0.013", t.get("messages[" + withUsage + "].usage.costUsd"));
    assertEquals("openai", t.get("messages[" + withUsage + "].usage.upstreamProvider"));

    Result sources = run("sources", "--json");
    schema("cream.sources/1", sources.out());
    assertEquals("openrouter", sources.json().get("enrichers[0].id"));
    assertTrue(run("sources").out().contains("openrouter               OpenRouter"));
  }

  @Test
  void progressOnLongRunsGoesToStandardError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    EnrichCommand.Progress quiet = new EnrichCommand.Progress(new PrintStream(err, true, StandardCharsets.UTF_8),
        java.time.Duration.ofHours(1));
    quiet.progress(1, 3);
    quiet.progress(3, 3);
    quiet.finish();
    assertEquals("", err.toString(StandardCharsets.UTF_8), "a short run prints no progress");
    EnrichCommand.Progress every = new EnrichCommand.Progress(new PrintStream(err, true, StandardCharsets.UTF_8),
        java.time.Duration.ZERO);
    every.progress(1, 3);
    every.progress(3, 3);
    every.finish();
    List<String> lines = List.of(err.toString(StandardCharsets.UTF_8).split("\n"));
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("cream: enrich: 1 of 3 ids asked ("), lines.get(0));
    assertEquals("cream: enrich: 3 of 3 ids asked", lines.get(2));
  }

  @Test
  void withoutAKeyNothingIsSent() {
    Result r = run(Map.of(), "enrich", "--base-url", base());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("No API key for the openrouter enricher: set OPENROUTER_API_KEY"), r.err());
    assertEquals(0, stub.requests().size());
  }

  @Test
  void aKeyFileAndAWrongKey() throws IOException {
    Path keyFile = home.resolve("or.key");
    Files.writeString(keyFile, "sk-or-v1-WRONG\n");
    Result refused = run(Map.of(), "enrich", "--key-file", keyFile.toString(), "--base-url", base());
    assertEquals(1, refused.status());
    assertTrue(refused.err().contains("The service of the openrouter enricher refused the credential (HTTP 401)"),
        refused.err());
    assertFalse(refused.err().contains("WRONG"));
    Files.writeString(keyFile, KEY + "\n");
    Result ok = run(Map.of(), "enrich", "--key-file", keyFile.toString(), "--base-url", base());
    assertEquals(0, ok.status(), ok.err());
    assertTrue(ok.out().contains("found 8"), ok.out());
  }

  @Test
  void badCommandLines() {
    assertEquals(2, run("enrich", "--no-index").status());
    assertEquals(2, run("--no-index", "enrich").status());
    assertEquals(2, run("enrich", "--enricher", "nope").status());
    assertEquals(2, run("enrich", "--concurrency", "0").status());
    assertEquals(2, run("enrich", "--base-url", "ftp://x").status());
    assertEquals(2, run("daily", "--cost-mode", "billed").status());
    assertTrue(run("daily", "--cost-mode", "billed").err().contains("auto, calculate, recorded or enriched"));
    assertEquals(0, stub.requests().size());
    Result help = run("enrich", "--help");
    assertEquals(0, help.status());
    assertTrue(help.out().contains("OPENROUTER_API_KEY"));
    assertTrue(run("--help").out().contains("cream enrich"));
  }

  private static void schema(String name, String json) throws IOException {
    assertEquals(List.of(), JsonSchemaCheck.check(JsonSchemasTest.schema(name), JsonSchemaCheck.parse(json)), name);
  }
}
