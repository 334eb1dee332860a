package io.github.cream.source.pi.openrouter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.DedupKey;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.EnrichmentAnswer;
import io.github.cream.spi.EnrichmentRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenRouter enricher against a real HTTP server on the loopback interface, answering as OpenRouter's
 * generation endpoint does: a record, 404, 429 with {@code Retry-After}, 500, a slow answer past the timeout, a
 * malformed body, a huge body and a connection reset. One request each; the engine's retries are tested elsewhere.
 */
class OpenRouterEnricherTest {

  static final String KEY = "sk-or-v1-TESTKEY-0123456789abcdef";
  static final String GEN = "gen-1773133205-ShopA1aaaaaaaaaaaaaaaa";

  private final OpenRouterEnricher enricher = new OpenRouterEnricher();
  private LoopbackServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private EnrichmentAnswer ask(LoopbackServer.Handler handler, Duration timeout, int maxBytes)
      throws IOException, InterruptedException {
    server = new LoopbackServer(handler);
    return enricher.ask(GEN, new EnrichmentRequest(server.base(), KEY, timeout, maxBytes));
  }

  private EnrichmentAnswer ask(LoopbackServer.Handler handler) throws IOException, InterruptedException {
    return ask(handler, Duration.ofSeconds(5), 1 << 20);
  }

  @Test
  void aGenerationRecordIsReadExactly() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respond(200,
        Generations.json(GEN, "0.0381", "-0.006", "null", "Anthropic", 9200, 300, 0, 0, false)));
    assertEquals(EnrichmentAnswer.Kind.FOUND, a.kind(), a.toString());
    Enrichment e = a.enrichment().orElseThrow();
    assertEquals("openrouter", e.enricher());
    assertEquals(GEN, e.key());
    assertEquals(Optional.of("anthropic"), e.upstreamProvider());
    assertEquals(Optional.of(Money.ofUsd("0.0381")), e.cost());
    assertEquals(Optional.of(Money.ofUsd("-0.006")), e.cacheDiscount());
    assertEquals(Optional.empty(), e.upstreamCost());
    assertFalse(e.byok());
    assertEquals(Optional.of(new Enrichment.NativeTokens(9200, 300, 0, 0)), e.nativeTokens());
    LoopbackServer.Request r = server.requests().get(0);
    assertEquals("GET", r.method());
    assertEquals("/api/v1/generation", r.path());
    assertEquals(Map.of("id", GEN), r.query(), "only the generation id is sent");
    assertEquals("Bearer " + KEY, r.headers().get("authorization"));
  }

  @Test
  void byokCostsOpenRoutersFeeAndTheProvidersBill() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respond(200,
        Generations.json(GEN, "0.0005", "null", "0.0100", "Amazon Bedrock", 100, 10, 0, 0, true)));
    Enrichment e = a.enrichment().orElseThrow();
    assertTrue(e.byok());
    assertEquals(Optional.of(Money.ofUsd("0.0105")), e.cost());
    assertEquals(Optional.of(Money.ofUsd("0.0100")), e.upstreamCost());
    assertEquals(Optional.of("amazon-bedrock"), e.upstreamProvider());
    assertEquals(Optional.empty(), e.cacheDiscount());
  }

  @Test
  void notFoundIsNotFound() throws Exception {
    assertEquals(EnrichmentAnswer.Kind.NOT_FOUND,
        ask((r, x) -> x.respond(404, "{\"error\":{\"code\":404,\"message\":\"Generation not found\"}}")).kind());
  }

  @Test
  void tooManyRequestsIsRetriedAfterItsRetryAfter() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respond(429, "{\"error\":{\"code\":429}}", "Retry-After: 7"));
    assertEquals(EnrichmentAnswer.Kind.RETRY, a.kind());
    assertEquals(Optional.of(Duration.ofSeconds(7)), a.retryAfter());
  }

  @Test
  void retryAfterAsAnHttpDate() throws Exception {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
    EnrichmentAnswer a = ask((r, x) -> x.respond(429, "{}", "Retry-After: " + date));
    assertEquals(EnrichmentAnswer.Kind.RETRY, a.kind());
    Duration d = a.retryAfter().orElseThrow();
    assertTrue(d.compareTo(Duration.ofSeconds(100)) > 0 && d.compareTo(Duration.ofSeconds(121)) <= 0, d.toString());
  }

  @Test
  void serverErrorsAreTransient() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respond(500, "{\"error\":{\"code\":500}}"));
    assertEquals(EnrichmentAnswer.Kind.RETRY, a.kind());
    assertEquals(Optional.empty(), a.retryAfter());
    assertEquals(EnrichmentAnswer.Kind.RETRY, ask((r, x) -> x.respond(503, "", "Retry-After: 2")).kind());
  }

  @Test
  void anAnswerSlowerThanTheTimeoutIsTransient() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> {
      Thread.sleep(5_000);
      x.respond(200, Generations.json(GEN, "0.01", "Anthropic", 1, 1, 0));
    }, Duration.ofMillis(300), 1 << 20);
    assertEquals(EnrichmentAnswer.Kind.RETRY, a.kind(), a.toString());
  }

  @Test
  void aBodyThatStallsPastTheTimeoutIsTransient() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respondHeadersThenStall(5_000), Duration.ofMillis(300), 1 << 20);
    assertEquals(EnrichmentAnswer.Kind.RETRY, a.kind(), a.toString());
  }

  @Test
  void malformedJsonIsAFailure() throws Exception {
    for (String body : new String[] {"{\"data\":{\"id\":", "<html>Bad gateway</html>", "[]", "{\"data\":[]}",
        "{\"data\":{\"total_cost\":\"0.5\"}}", "{\"data\":{\"native_tokens_prompt\":-4}}",
        "{\"data\":{\"id\":\"gen-1773133205-Another00000000000000\"}}", "{\"data\":{}} trailing",
        "{\"data\":{\"total_cost\":1e400}}", "{\"data\":{\"total_cost\":-0.01}}"}) {
      EnrichmentAnswer a = ask((r, x) -> x.respond(200, body));
      assertEquals(EnrichmentAnswer.Kind.FAILED, a.kind(), body);
      server.close();
    }
  }

  @Test
  void aHugeBodyIsAbandonedAtTheLimit() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respondHuge(64L << 20), Duration.ofSeconds(20), 64 * 1024);
    assertEquals(EnrichmentAnswer.Kind.FAILED, a.kind(), a.toString());
    assertTrue(a.reason().contains("larger"), a.reason());
  }

  @Test
  void aConnectionResetIsTransient() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.reset());
    assertEquals(EnrichmentAnswer.Kind.RETRY, a.kind(), a.toString());
  }

  @Test
  void aRefusedKeyStopsTheRun() throws Exception {
    assertEquals(EnrichmentAnswer.Kind.REFUSED, ask((r, x) -> x.respond(401, "{\"error\":{\"code\":401}}")).kind());
    assertEquals(EnrichmentAnswer.Kind.REFUSED, ask((r, x) -> x.respond(403, "{}")).kind());
  }

  @Test
  void aKeyAnHttpHeaderCannotCarryIsRefusedUnsent() throws Exception {
    server = new LoopbackServer((r, x) -> x.respond(200, "{}"));
    EnrichmentAnswer a = enricher.ask(GEN, new EnrichmentRequest(server.base(), "sk-or\r\nX-Evil: 1",
        Duration.ofSeconds(5), 1024));
    assertEquals(EnrichmentAnswer.Kind.REFUSED, a.kind());
    assertEquals(0, server.requests().size());
  }

  @Test
  void noRedirectIsFollowed() throws Exception {
    EnrichmentAnswer a = ask((r, x) -> x.respond(302, "", "Location: http://127.0.0.1:9/steal"));
    assertEquals(EnrichmentAnswer.Kind.FAILED, a.kind());
    assertEquals(1, server.requests().size());
  }

  @Test
  void reasonsNeverCarryTheKeyOrTheAnswer() throws Exception {
    for (LoopbackServer.Handler h : new LoopbackServer.Handler[] {
        (r, x) -> x.respond(500, "{\"error\":\"" + KEY + " secret-body\"}"),
        (r, x) -> x.respond(200, "{\"data\":{\"id\":\"" + KEY + "\"}}"),
        (r, x) -> x.respond(401, KEY)}) {
      EnrichmentAnswer a = ask(h);
      assertFalse(a.toString().contains("TESTKEY") || a.toString().contains("secret-body"), a.toString());
      server.close();
    }
    EnrichmentRequest req = new EnrichmentRequest(java.net.URI.create("http://127.0.0.1:1/x"), KEY,
        Duration.ofSeconds(1), 1024);
    assertFalse(req.toString().contains("TESTKEY"));
  }

  @Test
  void onlyOpenRouterGenerationIdsAreKeys() {
    assertEquals(Optional.of(GEN), enricher.key(call("openrouter", GEN)));
    assertEquals(Optional.empty(), enricher.key(call("anthropic", GEN)));
    assertEquals(Optional.empty(), enricher.key(call("openrouter", "chatcmpl-123")));
    assertEquals(Optional.empty(), enricher.key(call("openrouter", "gen-../../etc")));
    assertEquals(Optional.empty(), enricher.key(call("openrouter", null)));
  }

  @Test
  void providerNamesBecomeIds() {
    assertEquals(Optional.of("amazon-bedrock"), GenerationJson.slug("Amazon Bedrock"));
    assertEquals(Optional.of("google-ai-studio"), GenerationJson.slug(" Google AI Studio "));
    assertEquals(Optional.of("z.ai"), GenerationJson.slug("Z.AI"));
    assertEquals(Optional.empty(), GenerationJson.slug("   "));
    assertEquals(Optional.empty(), GenerationJson.slug("\u202e"));
    assertEquals(Optional.empty(), GenerationJson.slug(null));
  }

  private static UsageRecord call(String provider, String messageId) {
    return UsageRecord.builder().source("pi").provider(provider).model("anthropic/claude-sonnet-4.5")
        .sessionId("s").timestamp(Instant.parse("2026-03-10T09:00:05Z")).tokens(TokenCounts.of(1, 0, 0, 0, 1))
        .messageId(messageId).dedupKey(DedupKey.of("k")).origin(new Origin(Path.of("/x.jsonl"), 1, 0)).build();
  }
}
