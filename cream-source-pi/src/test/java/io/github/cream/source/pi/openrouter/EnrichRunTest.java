package io.github.cream.source.pi.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.core.CostMode;
import io.github.cream.core.Cream;
import io.github.cream.core.EnrichOptions;
import io.github.cream.core.EnrichResult;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.source.pi.PiSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrichment runs end to end: Pi sessions routed through OpenRouter, the engine, the OpenRouter enricher and a
 * loopback server answering as OpenRouter does. Each id is asked once ever; "not found yet" is asked again on later
 * runs, a bounded number of times; transient failures are retried with backoff; a run interrupted half way and run
 * again loses and repeats nothing; the key is written nowhere.
 */
class EnrichRunTest {

  static final String KEY = "sk-or-v1-RUNKEY-fedcba9876543210";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-11T08:00:00Z"), ZoneOffset.UTC);

  @TempDir Path home;
  private LoopbackServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------------------------------------- helpers

  static String gen(int i) {
    return String.format("gen-17731%05d-Run%017d", i, i);
  }

  /** A Pi session with one call routed through OpenRouter per id, a minute apart, each recording $0.001. */
  void piSession(String sessionId, List<String> ids) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("{\"type\":\"session\",\"version\":3,\"id\":\"" + sessionId
        + "\",\"timestamp\":\"2026-03-10T09:00:00.000Z\",\"cwd\":\"/w/app\"}");
    String parent = "m0000000";
    lines.add("{\"type\":\"model_change\",\"id\":\"m0000000\",\"parentId\":null,\"timestamp\":\"2026-03-10T09:00:00.010Z\","
        + "\"provider\":\"openrouter\",\"modelId\":\"anthropic/claude-sonnet-4.5\"}");
    for (int i = 0; i < ids.size(); i++) {
      Instant t = Instant.parse("2026-03-10T09:01:00Z").plusSeconds(60L * i);
      String id = String.format("e%07d", i);
      lines.add("{\"type\":\"message\",\"id\":\"" + id + "\",\"parentId\":\"" + parent + "\",\"timestamp\":\""
          + t.plusSeconds(5) + "\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
          + "\"api\":\"openai-completions\",\"provider\":\"openrouter\",\"model\":\"anthropic/claude-sonnet-4.5\","
          + "\"usage\":{\"input\":100,\"output\":10,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":110,"
          + "\"cost\":{\"input\":0.0003,\"output\":0.00015,\"cacheRead\":0,\"cacheWrite\":0,\"total\":0.001}},"
          + "\"stopReason\":\"stop\",\"timestamp\":" + t.toEpochMilli() + ",\"responseId\":\"" + ids.get(i) + "\"}}");
      parent = id;
    }
    Path file = home.resolve(".pi/agent/sessions/--w-app--/2026-03-10T09-00-00-000Z_" + sessionId + ".jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  List<String> session(int n) throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(gen(i));
    }
    piSession("019cd7a0-0000-7000-8000-000000000001", ids);
    return ids;
  }

  static String found(String id) {
    return Generations.json(id, "0.0012", "Anthropic", 100, 10, 0);
  }

  Environment env(Map<String, String> more) {
    Map<String, String> vars = new HashMap<>(more);
    vars.put("HOME", home.toString());
    return Environment.of(vars, CLOCK);
  }

  Cream.Builder builder(Map<String, String> env) {
    return Cream.builder().environment(env(env)).discoverProviders(false).bundledPrices(false)
        .source(new PiSource()).enricher(new OpenRouterEnricher()).parallelism(1);
  }

  EnrichOptions.Builder options() {
    return EnrichOptions.builder().credential("openrouter", KEY).baseUri("openrouter", server.base())
        .requestsPerSecond(1000).initialBackoff(Duration.ofMillis(10)).concurrency(2);
  }

  Cream cream(EnrichOptions options) {
    return builder(Map.of()).enrich(options).build();
  }

  EnrichResult.Counts counts(EnrichResult r) {
    assertEquals(1, r.enrichers().size(), r.toString());
    return r.enrichers().get(0);
  }

  Path answersFile() {
    return home.resolve(".cache/cream/enrichment-v1.jsonl");
  }

  List<String> answerLines() throws IOException {
    List<String> all = Files.readAllLines(answersFile());
    return all.subList(1, all.size());
  }

  // ---------------------------------------------------------------------------------------------- tests

  @Test
  void eachIdIsAskedOnceEverAndEveryLaterScanAppliesTheAnswers() throws Exception {
    List<String> ids = session(5);
    server = new LoopbackServer((r, x) -> x.respond(200, found(r.id())));
    UsageSnapshot before = cream(options().build()).scan();
    assertEquals(CostProvenance.RECORDED, before.totals().provenance());
    assertEquals(Money.ofUsd("0.005"), before.totals().cost());
    assertEquals(0, server.requests().size(), "a scan sends nothing");

    EnrichResult first = cream(options().build()).enrich();
    EnrichResult.Counts c = counts(first);
    assertEquals(5, c.calls());
    assertEquals(5, c.keys());
    assertEquals(5, c.asked());
    assertEquals(5, c.found());
    assertEquals(5, c.requests());
    assertEquals(5, c.enrichedCalls());
    assertFalse(first.interrupted());
    assertEquals(Set.copyOf(ids), Set.copyOf(server.ids()));

    Cream later = cream(options().build());
    EnrichResult second = later.enrich();
    assertEquals(0, counts(second).asked());
    assertEquals(5, counts(second).known());
    assertEquals(5, server.requests().size(), "an id answered is never asked again");

    UsageSnapshot after = builder(Map.of()).build().scan(); // no opt-in needed to apply what was fetched
    assertEquals(5, after.stats().enrichedCalls());
    assertEquals(CostProvenance.ENRICHED, after.totals().provenance());
    assertEquals(Money.ofUsd("0.006"), after.totals().cost());
    for (PricedRecord p : after.records()) {
      assertEquals("anthropic", p.upstreamProvider().orElseThrow());
      assertEquals("anthropic", p.servedBy());
      assertEquals("openrouter", p.record().provider());
    }
    assertEquals(List.of("anthropic"), after.sessions().get(0).upstreamProviders());
    UsageSnapshot recorded = builder(Map.of()).costMode(CostMode.RECORDED).build().scan();
    assertEquals(Money.ofUsd("0.005"), recorded.totals().cost());
    UsageSnapshot enrichedOnly = builder(Map.of()).costMode(CostMode.ENRICHED).build().scan();
    assertEquals(Money.ofUsd("0.006"), enrichedOnly.totals().cost());
    assertEquals(0, enrichedOnly.stats().unpricedCalls());
  }

  @Test
  void withoutTheOptInNothingIsSentAndEnrichIsRefused() throws Exception {
    session(2);
    server = new LoopbackServer((r, x) -> x.respond(200, found(r.id())));
    Cream plain = builder(Map.of("OPENROUTER_API_KEY", KEY)).build();
    plain.scan();
    assertThrows(IllegalStateException.class, plain::enrich);
    assertEquals(0, server.requests().size());
    UsageSnapshot s = builder(Map.of()).costMode(CostMode.ENRICHED).build().scan();
    assertEquals(2, s.stats().unpricedCalls(), "no enriched cost without enrichment");
    assertTrue(s.diagnostics().stream().anyMatch(d -> d.message().contains("no enriched cost")));
  }

  @Test
  void notFoundYetIsAskedAgainOnLaterRunsABoundedNumberOfTimes() throws Exception {
    List<String> ids = session(2);
    AtomicInteger run = new AtomicInteger(1);
    server = new LoopbackServer((r, x) -> {
      if (r.id().equals(ids.get(0)) || run.get() == 1) {
        x.respond(404, "{\"error\":{\"code\":404,\"message\":\"Generation not found\"}}");
      } else {
        x.respond(200, found(r.id()));
      }
    });
    EnrichOptions o = options().runsPerKey(3).build();
    EnrichResult.Counts c1 = counts(cream(o).enrich());
    assertEquals(2, c1.notFound());
    assertEquals(0, c1.enrichedCalls());
    run.set(2);
    EnrichResult.Counts c2 = counts(cream(o).enrich());
    assertEquals(2, c2.asked());
    assertEquals(1, c2.found());
    assertEquals(1, c2.notFound());
    EnrichResult.Counts c3 = counts(cream(o).enrich());
    assertEquals(1, c3.asked(), "only the one still unknown");
    assertEquals(1, c3.known());
    EnrichResult r4 = cream(o).enrich();
    EnrichResult.Counts c4 = counts(r4);
    assertEquals(0, c4.asked(), "asked in 3 runs: given up");
    assertEquals(1, c4.givenUp());
    assertTrue(r4.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.given-up")));
    Map<String, Integer> asked = new HashMap<>();
    server.ids().forEach(id -> asked.merge(id, 1, Integer::sum));
    assertEquals(Map.of(ids.get(0), 3, ids.get(1), 2), asked);
  }

  @Test
  void tooManyRequestsWaitsForItsRetryAfter() throws Exception {
    session(1);
    Map<Integer, Long> at = new ConcurrentHashMap<>();
    AtomicInteger n = new AtomicInteger();
    server = new LoopbackServer((r, x) -> {
      int i = n.incrementAndGet();
      at.put(i, System.nanoTime());
      if (i == 1) {
        x.respond(429, "{\"error\":{\"code\":429,\"message\":\"Rate limit exceeded\"}}", "Retry-After: 1");
      } else {
        x.respond(200, found(r.id()));
      }
    });
    EnrichResult.Counts c = counts(cream(options().build()).enrich());
    assertEquals(1, c.found());
    assertEquals(2, c.requests());
    assertTrue(at.get(2) - at.get(1) >= TimeUnit.MILLISECONDS.toNanos(900),
        "the retry waited for Retry-After: " + (at.get(2) - at.get(1)) / 1_000_000 + " ms");
  }

  @Test
  void serverErrorsAreRetriedThenLeftForTheNextRunWithoutUsingItUp() throws Exception {
    session(1);
    server = new LoopbackServer((r, x) -> x.respond(500, "{\"error\":{\"code\":500}}"));
    EnrichOptions o = options().attempts(3).runsPerKey(1).build();
    EnrichResult r = cream(o).enrich();
    EnrichResult.Counts c = counts(r);
    assertEquals(3, c.requests());
    assertEquals(1, c.failed());
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.failed")
        && d.message().contains("HTTP 500")), r.diagnostics().toString());
    assertEquals(List.of(), answerLines(), "a transient failure is not kept");
    server.handler((req, x) -> x.respond(200, found(req.id())));
    EnrichResult.Counts again = counts(cream(o).enrich());
    assertEquals(1, again.found(), "asked again, although runsPerKey is 1");
  }

  @Test
  void aSlowAnswerPastTheTimeoutAndAResetConnectionAreRetried() throws Exception {
    List<String> ids = session(2);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    server = new LoopbackServer((r, x) -> {
      if (seen.add(r.id())) {
        if (r.id().equals(ids.get(0))) {
          Thread.sleep(3_000);
        } else {
          x.reset();
          return;
        }
      }
      x.respond(200, found(r.id()));
    });
    EnrichResult.Counts c = counts(cream(options().timeout(Duration.ofMillis(300)).build()).enrich());
    assertEquals(2, c.found());
    // the slow one is asked twice; the reset one at least twice (the JDK's client may itself retry a GET once)
    assertEquals(2, server.ids().stream().filter(ids.get(0)::equals).count());
    assertTrue(server.ids().stream().filter(ids.get(1)::equals).count() >= 2);
  }

  @Test
  void malformedAndHugeAnswersAreKeptAsFailuresAndAskedAgainBoundedly() throws Exception {
    List<String> ids = session(2);
    server = new LoopbackServer((r, x) -> {
      if (r.id().equals(ids.get(0))) {
        x.respond(200, "{\"data\":{\"id\":\"" + r.id() + "\",\"total_cost\":");
      } else {
        x.respondHuge(8L << 20);
      }
    });
    EnrichOptions o = options().runsPerKey(2).maxResponseBytes(64 * 1024).build();
    EnrichResult r1 = cream(o).enrich();
    assertEquals(2, counts(r1).failed());
    assertEquals(2, counts(r1).requests(), "a malformed answer is not asked again in the same run");
    assertEquals(2, answerLines().size());
    assertEquals(2, counts(cream(o).enrich()).asked());
    EnrichResult.Counts c3 = counts(cream(o).enrich());
    assertEquals(0, c3.asked());
    assertEquals(2, c3.givenUp());
    assertEquals(4, server.requests().size());
  }

  @Test
  void interruptedHalfWayAndRunAgainLosesAndRepeatsNothing() throws Exception {
    List<String> ids = session(12);
    CountDownLatch sixth = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger n = new AtomicInteger();
    Set<String> answered = ConcurrentHashMap.newKeySet();
    server = new LoopbackServer((r, x) -> {
      if (n.incrementAndGet() == 6) {
        sixth.countDown();
        release.await(30, TimeUnit.SECONDS); // the run is interrupted while it waits for this answer
        return;
      }
      x.respond(200, found(r.id()));
      answered.add(r.id());
    });
    EnrichOptions o = options().concurrency(1).build();
    Cream cream = cream(o);
    AtomicReference<EnrichResult> result = new AtomicReference<>();
    Thread t = new Thread(() -> result.set(cream.enrich()), "enrich-under-test");
    t.start();
    assertTrue(sixth.await(30, TimeUnit.SECONDS));
    t.interrupt();
    t.join(30_000);
    assertFalse(t.isAlive());
    release.countDown();
    EnrichResult first = result.get();
    assertTrue(first.interrupted());
    assertEquals(5, counts(first).found());
    assertEquals(7, counts(first).unasked());
    Set<String> firstAnswered = new HashSet<>(answered);
    assertEquals(5, firstAnswered.size());
    List<String> askedFirst = server.ids();
    assertEquals(ids.subList(0, 6), askedFirst);
    assertEquals(5, answerLines().size(), "every answer received was kept");

    EnrichResult second = cream(o).enrich();
    assertFalse(second.interrupted());
    assertEquals(5, counts(second).known());
    assertEquals(7, counts(second).asked());
    assertEquals(7, counts(second).found());
    List<String> askedSecond = server.ids().subList(6, server.ids().size());
    assertEquals(ids.subList(5, 12), askedSecond, "the rest, and only the rest");
    for (String id : askedSecond) {
      assertFalse(firstAnswered.contains(id), "asked again: " + id);
    }
    List<String> lines = answerLines();
    assertEquals(12, lines.size());
    Set<String> keys = new HashSet<>();
    for (String l : lines) {
      assertTrue(l.contains("\"status\":\"found\""), l);
      keys.add(l.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1"));
    }
    assertEquals(Set.copyOf(ids), keys);
    assertEquals(12, builder(Map.of()).build().scan().stats().enrichedCalls());
  }

  @Test
  void aRefusedKeyStopsTheRunAndKeepsNothing() throws Exception {
    session(6);
    server = new LoopbackServer((r, x) -> x.respond(401, "{\"error\":{\"code\":401,\"message\":\"No auth\"}}"));
    EnrichResult r = cream(options().concurrency(1).build()).enrich();
    assertEquals(1, server.requests().size());
    assertEquals(6, counts(r).unasked());
    Diagnostic d = r.diagnostics().stream().filter(x -> x.code().equals("cream.enrich.refused")).findFirst()
        .orElseThrow();
    assertTrue(d.message().contains("HTTP 401"), d.message());
    assertEquals(List.of(), answerLines());
  }

  @Test
  void requestsInFlightStayWithinTheConcurrency() throws Exception {
    session(10);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    server = new LoopbackServer((r, x) -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Thread.sleep(50);
      inFlight.decrementAndGet();
      x.respond(200, found(r.id()));
    });
    AtomicInteger progress = new AtomicInteger();
    EnrichResult r = cream(options().concurrency(3).build()).enrich((done, total) -> {
      assertEquals(10, total);
      progress.set((int) done);
    });
    assertEquals(10, counts(r).found());
    assertEquals(10, progress.get());
    assertTrue(most.get() <= 3, "at most 3 at once, was " + most.get());
  }

  @Test
  void theKeyComesFromTheEnvironmentOrAKeyFileAndIsWrittenNowhere() throws Exception {
    session(2);
    server = new LoopbackServer((r, x) -> {
      if (!("Bearer " + KEY).equals(r.headers().get("authorization"))) {
        x.respond(401, "{}");
        return;
      }
      x.respond(200, found(r.id()));
    });
    EnrichOptions noKey = EnrichOptions.builder().baseUri("openrouter", server.base()).requestsPerSecond(1000).build();
    EnrichResult missing = builder(Map.of()).enrich(noKey).build().enrich();
    assertTrue(missing.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.no-credential")));
    assertEquals(0, server.requests().size(), "nothing is sent without a key");

    assertEquals(2, counts(builder(Map.of("OPENROUTER_API_KEY", KEY)).enrich(noKey).build().enrich()).found());
    Files.delete(answersFile());

    Path keyFile = home.resolve(".config/cream/openrouter.key");
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, KEY + "\n");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
    EnrichResult fromFile = builder(Map.of()).enrich(noKey).build().enrich();
    assertEquals(2, counts(fromFile).found());
    assertTrue(fromFile.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.key-file-shared")));

    Path named = home.resolve("elsewhere.key");
    Files.writeString(named, KEY);
    Files.delete(answersFile());
    EnrichOptions withFile = EnrichOptions.builder().baseUri("openrouter", server.base()).requestsPerSecond(1000)
        .credentialFile("openrouter", named).build();
    assertEquals(2, counts(builder(Map.of()).enrich(withFile).build().enrich()).found());

    // the key is in the key files the user wrote, and nowhere else under the home: not in the answers, not in
    // the scan index, not in diagnostics
    List<String> holding = new ArrayList<>();
    try (Stream<Path> all = Files.walk(home)) {
      for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
        if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("RUNKEY")) {
          holding.add(home.relativize(p).toString());
        }
      }
    }
    assertEquals(Set.of(".config/cream/openrouter.key", "elsewhere.key"), Set.copyOf(holding));
    assertFalse(fromFile.toString().contains("RUNKEY"));
    assertFalse(withFile.toString().contains("RUNKEY"));
    assertFalse(options().build().toString().contains("RUNKEY"));
  }

  @Test
  void theAnswersFileIsPrivateAndDamageIsADiagnosticNotACrash() throws Exception {
    List<String> ids = session(3);
    server = new LoopbackServer((r, x) -> x.respond(200, found(r.id())));
    cream(options().concurrency(1).build()).enrich();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(answersFile())));
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(answersFile().getParent())));
    List<String> lines = new ArrayList<>(Files.readAllLines(answersFile()));
    String damaged = lines.get(2).replace("anthropic", "anthropiX"); // the checksum no longer matches
    lines.set(2, damaged);
    lines.add("{\"enricher\":\"openrouter\",\"key\":\"gen-1773100000-Torn"); // a write a killed process left
    Files.writeString(answersFile(), String.join("\n", lines)); // no final newline: torn
    UsageSnapshot s = builder(Map.of()).build().scan();
    assertEquals(2, s.stats().enrichedCalls());
    Diagnostic d = s.diagnostics().stream().filter(x -> x.code().equals("cream.enrich.damaged")).findFirst()
        .orElseThrow();
    assertEquals(1, d.count());
    assertEquals(3, d.line().orElseThrow());
    EnrichResult again = cream(options().build()).enrich();
    assertEquals(1, counts(again).asked(), "the damaged answer is asked again");
    assertEquals(ids.get(1), server.ids().get(3));
    assertEquals(3, answerLines().size(), "the file was rewritten whole before appending");
    assertEquals(3, builder(Map.of()).build().scan().stats().enrichedCalls());

    Path stale = answersFile().resolveSibling("enrichment-v1.jsonl.4242.abc.tmp"); // a rewrite a killed run left
    Files.writeString(stale, "x");
    Files.writeString(answersFile(), "not an answers file\n");
    UsageSnapshot foreign = builder(Map.of()).build().scan();
    assertEquals(0, foreign.stats().enrichedCalls());
    assertTrue(foreign.diagnostics().stream().anyMatch(x -> x.code().equals("cream.enrich.corrupt")));
    assertEquals(3, counts(cream(options().build()).enrich()).found());
    assertTrue(Files.exists(answersFile().resolveSibling("enrichment-v1.jsonl.discarded")));
    assertFalse(Files.exists(stale));
  }

  @Test
  void aSymbolicLinkInThePlaceOfTheAnswersIsNeverWrittenThrough() throws Exception {
    session(1);
    server = new LoopbackServer((r, x) -> x.respond(200, found(r.id())));
    Path target = home.resolve("victim.txt");
    Files.writeString(target, "keep me\n");
    Files.createDirectories(answersFile().getParent());
    Files.setPosixFilePermissions(answersFile().getParent(), PosixFilePermissions.fromString("rwx------"));
    Files.createSymbolicLink(answersFile(), target);
    EnrichResult r = cream(options().build()).enrich();
    assertEquals("keep me\n", Files.readString(target));
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.code().startsWith("cream.enrich.")), r.toString());
  }

  @Test
  void anotherRunOnTheSameDirectoryMakesThisOneAskNothing() throws Exception {
    session(2);
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server = new LoopbackServer((r, x) -> {
      asked.countDown();
      release.await(30, TimeUnit.SECONDS);
      x.respond(200, found(r.id()));
    });
    Cream cream = cream(options().concurrency(1).build());
    Thread t = new Thread(cream::enrich);
    t.start();
    assertTrue(asked.await(30, TimeUnit.SECONDS));
    EnrichResult busy = cream(options().build()).enrich();
    assertTrue(busy.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.busy")));
    assertEquals(List.of(), busy.enrichers());
    release.countDown();
    t.join(30_000);
    assertEquals(2, server.requests().size());
  }
}
