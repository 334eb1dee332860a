package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CostProvenance;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.internal.CacheEvaluator;
import io.github.cream.spi.Enricher;
import io.github.cream.spi.EnrichmentAnswer;
import io.github.cream.spi.EnrichmentRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What enrichment changes in the engine, with an enricher that answers from a table (no network): enriched costs
 * and cost modes, upstream providers in records, sessions, reports and groups, cache verdicts judged for the
 * upstream provider, and the reroute note kept, made precise or dropped.
 */
class EnrichmentTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

  /** Answers from a table; the key of a call is {@code g-<session>-<epoch second>}. */
  static final class TableEnricher implements Enricher {
    final Map<String, Enrichment> answers = new HashMap<>();
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public String id() {
      return "table";
    }

    @Override
    public Optional<String> key(UsageRecord call) {
      if (call.sessionId().equals("boom")) {
        throw new IllegalStateException("a plug-in's bug");
      }
      return call.provider().equals("openrouter")
          ? Optional.of("g-" + call.sessionId() + "-" + call.timestamp().getEpochSecond()) : Optional.empty();
    }

    @Override
    public Optional<String> credentialVariable() {
      return Optional.empty();
    }

    @Override
    public URI defaultBaseUri() {
      return URI.create("http://127.0.0.1:9/unused");
    }

    @Override
    public EnrichmentAnswer ask(String key, EnrichmentRequest request) {
      asked.incrementAndGet();
      if (key.contains("throws")) {
        throw new IllegalStateException("boom");
      }
      Enrichment e = answers.get(key);
      return e == null ? EnrichmentAnswer.notFound() : EnrichmentAnswer.found(e);
    }

    void answer(String session, String at, String upstream, String cost, Enrichment.NativeTokens tokens) {
      String key = "g-" + session + "-" + Instant.parse(at).getEpochSecond();
      answers.put(key, new Enrichment("table", key, Optional.ofNullable(upstream), Optional.of(Money.ofUsd(cost)),
          Optional.empty(), Optional.empty(), false, Optional.ofNullable(tokens)));
    }
  }

  @TempDir Path home;
  final TableEnricher enricher = new TableEnricher();

  static String call(String session, String at, String model, String provider, String cost) {
    return "{\"s\":\"" + session + "\",\"t\":\"" + at + "\",\"m\":\"" + model + "\",\"p\":\"" + provider
        + "\",\"in\":100,\"cr\":50,\"out\":10,\"cost\":\"" + cost + "\"}";
  }

  void write(String... lines) throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    Files.writeString(root.resolve("a.jsonl"), String.join("\n", lines) + "\n");
  }

  Cream.Builder builder() {
    return Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), CLOCK))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new FakeSource())
        .enricher(enricher)
        .cacheStrategy(new CacheTest.TenMinutes("router-ten", "openrouter", 100))
        .cacheStrategy(new CacheTest.TenMinutes("a-ten", "up-a", 100))
        .cacheStrategy(new CacheTest.TenMinutes("b-ten", "up-b", 100))
        .price(ModelPrice.builder("m").provider("x").input("1").output("1").cacheRead("0.1").cacheWrite5m("1.25")
            .cacheWrite1h("2").build());
  }

  UsageSnapshot scan(CostMode mode) {
    return builder().costMode(mode).build().scan();
  }

  EnrichResult enrich() {
    return builder().enrich(EnrichOptions.builder().requestsPerSecond(1000).build()).build().enrich();
  }

  static SessionCache cache(UsageSnapshot s, String session) {
    return s.cacheStates(CLOCK.instant()).stream().filter(c -> c.session().sessionId().equals(session)).findFirst()
        .orElseThrow();
  }

  @Test
  void costsUpstreamProvidersAndVerdictsFollowTheAnswers() throws IOException {
    write(
        // s1: three calls, all served by up-a
        call("s1", "2026-03-10T09:00:00Z", "m", "openrouter", "0.001"),
        call("s1", "2026-03-10T09:01:00Z", "m", "openrouter", "0.001"),
        call("s1", "2026-03-10T09:02:00Z", "m", "openrouter", "0.001"),
        // s2: up-a, then up-b
        call("s2", "2026-03-10T10:00:00Z", "m", "openrouter", "0.001"),
        call("s2", "2026-03-10T10:01:00Z", "m", "openrouter", "0.001"),
        call("s2", "2026-03-10T10:02:00Z", "m", "openrouter", "0.001"),
        // s3: the last call has no answer
        call("s3", "2026-03-10T11:00:00Z", "m", "openrouter", "0.001"),
        call("s3", "2026-03-10T11:01:00Z", "m", "openrouter", "0.001"),
        // s4: two models on two upstream providers: not a reroute
        call("s4", "2026-03-10T11:10:00Z", "m", "openrouter", "0.001"),
        call("s4", "2026-03-10T11:11:00Z", "m2", "openrouter", "0.001"),
        // not routed: no key
        call("s5", "2026-03-10T11:20:00Z", "m", "up-a", "0.001"));
    Enrichment.NativeTokens same = new Enrichment.NativeTokens(150, 10, 50, 0);
    enricher.answer("s1", "2026-03-10T09:00:00Z", "up-a", "0.002", same);
    enricher.answer("s1", "2026-03-10T09:01:00Z", "up-a", "0.002", same);
    enricher.answer("s1", "2026-03-10T09:02:00Z", "up-a", "0.002", same);
    enricher.answer("s2", "2026-03-10T10:00:00Z", "up-a", "0.002", same);
    enricher.answer("s2", "2026-03-10T10:01:00Z", "up-a", "0.002", same);
    enricher.answer("s2", "2026-03-10T10:02:00Z", "up-b", "0.002", new Enrichment.NativeTokens(150, 12, 50, 2));
    enricher.answer("s3", "2026-03-10T11:00:00Z", "up-a", "0.002", null);
    enricher.answer("s4", "2026-03-10T11:10:00Z", "up-a", "0.002", same);
    enricher.answer("s4", "2026-03-10T11:11:00Z", "up-b", "0.002", same);

    UsageSnapshot before = scan(CostMode.AUTO);
    assertEquals(Money.ofUsd("0.011"), before.totals().cost());
    assertEquals(CacheEvaluator.ROUTER_NOTE, cache(before, "s1").verdict().notes().get(1));
    assertEquals("router-ten", cache(before, "s1").verdict().strategy());

    EnrichResult r = enrich();
    EnrichResult.Counts c = r.enrichers().get(0);
    assertEquals(10, c.calls());
    assertEquals(9, c.found());
    assertEquals(1, c.notFound());
    assertEquals(10, enricher.asked.get());

    UsageSnapshot after = scan(CostMode.AUTO);
    assertEquals(9, after.stats().enrichedCalls());
    UsageTotals t = after.totals();
    assertEquals(9, t.enrichedCalls());
    assertEquals(2, t.recordedCalls());
    assertEquals(CostProvenance.MIXED, t.provenance());
    assertEquals(Money.ofUsd("0.020"), t.cost());
    assertEquals(Money.ofUsd("0.011"), scan(CostMode.RECORDED).totals().cost());
    UsageSnapshot enrichedOnly = scan(CostMode.ENRICHED);
    assertEquals(Money.ofUsd("0.018"), enrichedOnly.totals().cost());
    assertEquals(2, enrichedOnly.stats().unpricedCalls());
    UsageSnapshot calculated = scan(CostMode.CALCULATE);
    assertEquals(0, calculated.totals().enrichedCalls(), "calculate ignores what was billed");

    // records, sessions, groups, report lines
    PricedRecord last = after.records().stream().filter(p -> p.record().sessionId().equals("s2"))
        .reduce((a, b) -> b).orElseThrow();
    assertEquals(Optional.of("up-b"), last.upstreamProvider());
    assertEquals("openrouter", last.record().provider());
    assertEquals(List.of("up-a", "up-b"), after.session("fake", "s2").orElseThrow().upstreamProviders());
    assertEquals(List.of(), after.session("fake", "s5").orElseThrow().upstreamProviders());
    Map<String, Long> served = after.by(Dimension.UPSTREAM_PROVIDER).stream()
        .collect(Collectors.toMap(Group::key, g -> g.totals().calls()));
    assertEquals(Map.of("up-a", 8L, "up-b", 2L, "openrouter", 1L), served); // s5 is served by up-a itself
    List<Breakdown> lines = after.daily(ZoneOffset.UTC).rows().get(0).breakdown();
    assertEquals(5, lines.size(), lines.toString());
    assertTrue(lines.stream().anyMatch(b -> b.upstreamProvider().equals(Optional.of("up-b")) && b.model().equals("m")));

    // verdicts: the strategy of the upstream provider; the reroute note only where it says something
    SessionCache s1 = cache(after, "s1");
    assertEquals("a-ten", s1.verdict().strategy());
    assertEquals(Optional.of("up-a"), s1.upstreamProvider());
    assertFalse(s1.verdict().notes().stream().anyMatch(n -> n.contains("upstream provider")), s1.toString());
    SessionCache s2 = cache(after, "s2");
    assertEquals("b-ten", s2.verdict().strategy());
    assertTrue(s2.verdict().notes().contains("The upstream provider serving this session's calls through openrouter"
        + " changed 1 time, from up-a to up-b at 2026-03-10T10:02:00Z. A prompt cache stays with the provider that"
        + " wrote it: a call after a change could not read the cache of the provider before it."),
        s2.verdict().notes().toString());
    SessionCache s3 = cache(after, "s3");
    assertEquals("router-ten", s3.verdict().strategy());
    assertTrue(s3.verdict().notes().contains(CacheEvaluator.ROUTER_NOTE));
    assertFalse(cache(after, "s4").verdict().notes().stream().anyMatch(n -> n.contains("upstream provider")),
        "a change of model is not a reroute");

    // observations are learned per (upstream provider, model): s1's three calls and s2's first two
    assertEquals("3 observations", s1.verdict().notes().get(0));

    // both token counts are kept where they differ, with a diagnostic
    assertTrue(after.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.tokens-differ")
        && d.count() == 1));
    assertEquals(10, last.record().tokens().output());
    assertEquals(12, last.enrichment().orElseThrow().nativeTokens().orElseThrow().completion());
  }

  @Test
  void aFailingEnricherNeverStopsAScanOrARun() throws IOException {
    write(call("boom", "2026-03-10T09:00:00Z", "m", "openrouter", "0.001"),
        call("throws", "2026-03-10T09:01:00Z", "m", "openrouter", "0.001"));
    EnrichResult r = enrich();
    assertEquals(1, r.enrichers().get(0).calls(), "a key() that throws is no key");
    assertEquals(1, r.enrichers().get(0).failed());
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.failed")
        && d.message().contains("IllegalStateException")));
    assertEquals(2, scan(CostMode.AUTO).totals().calls());
  }

  @Test
  void withoutACacheDirectoryThereIsNothingToKeepAnswersIn() throws IOException {
    write(call("s1", "2026-03-10T09:00:00Z", "m", "openrouter", "0.001"));
    EnrichResult r = builder().noIndex().enrich(EnrichOptions.defaults()).build().enrich();
    assertTrue(r.diagnostics().stream().anyMatch(d -> d.code().equals("cream.enrich.no-directory")));
    assertEquals(0, enricher.asked.get());
  }

  @Test
  void theTotalsOfEnrichedCallsAddUp() {
    UsageTotals a = UsageTotals.of(io.github.cream.api.TokenCounts.of(1, 0, 0, 0, 1),
        io.github.cream.api.Cost.enriched(Money.ofUsd("0.5")));
    assertEquals(CostProvenance.ENRICHED, a.provenance());
    assertEquals(1, a.calls());
    UsageTotals b = a.plus(UsageTotals.of(io.github.cream.api.TokenCounts.of(1, 0, 0, 0, 1),
        io.github.cream.api.Cost.recorded(Money.ofUsd("0.25"))));
    assertEquals(CostProvenance.MIXED, b.provenance());
    assertEquals(2, b.calls());
    assertEquals(Money.ofUsd("0.75"), b.cost());
    assertEquals("enriched", ReportJson.provenance(CostProvenance.ENRICHED));
  }
}
