package io.github.cream.spi;

import io.github.cream.api.UsageRecord;
import java.net.URI;
import java.util.Optional;

/**
 * Fetches, on the user's request only, what the service that routed a call knows about it: for a call routed through
 * OpenRouter, the generation record OpenRouter keeps (what it billed, which upstream provider served the call, the
 * provider's own token counts).
 *
 * <p>Enrichment is opt-in and the only way cream reaches the network: an enricher is asked nothing unless the user
 * runs it ({@code cream enrich}, or {@code Cream.builder().enrich(...)} then {@code cream.enrich()}). Nothing but
 * the {@linkplain #key key} of a call is sent, never log content. The engine owns everything around the one request
 * an enricher makes: it picks the calls (those whose {@link #key} is present and not answered before), paces the
 * requests (bounded concurrency and rate), retries what can be retried (with backoff, honouring a
 * {@code Retry-After}), keeps every answer in cream's cache directory so that an id is asked once ever, and applies
 * the answers to every later scan.
 *
 * <p>Enrichers are discovered with {@link java.util.ServiceLoader} like {@link Source}s and
 * {@link CacheStrategy}s: a public no-argument constructor that does no work,
 * {@code META-INF/services/io.github.cream.spi.Enricher} and {@code provides io.github.cream.spi.Enricher with ...}
 * in {@code module-info.java}. They must be thread-safe: {@link #ask} is called from several threads at once.
 *
 * <h2>A worked example</h2>
 * A router "acme" whose calls carry a request id {@code acme-...} as their message id, and which answers
 * {@code GET /v1/requests/<id>} with the cost it billed:
 * <pre>{@code
 * public final class AcmeEnricher implements Enricher {
 *   private static final HttpClient HTTP = HttpClient.newHttpClient();
 *
 *   public String id() { return "acme"; }
 *   public Optional<String> credentialVariable() { return Optional.of("ACME_API_KEY"); }
 *   public URI defaultBaseUri() { return URI.create("https://api.acme.example/v1"); }
 *
 *   public Optional<String> key(UsageRecord call) {
 *     return call.provider().equals("acme") ? call.messageId().filter(id -> id.startsWith("acme-"))
 *         : Optional.empty();
 *   }
 *
 *   public EnrichmentAnswer ask(String key, EnrichmentRequest request) throws InterruptedException {
 *     HttpRequest get = HttpRequest.newBuilder(request.resolve("requests/" + key))
 *         .header("Authorization", "Bearer " + request.credential()).timeout(request.timeout()).build();
 *     try {
 *       HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
 *       return switch (r.statusCode()) {
 *         case 200 -> EnrichmentAnswer.found(parse(key, r.body()));     // an Enrichment, "acme" and key
 *         case 404 -> EnrichmentAnswer.notFound();
 *         case 401, 403 -> EnrichmentAnswer.refused("the service refused the API key");
 *         case 429 -> EnrichmentAnswer.retry("rate limited", Optional.empty());
 *         default -> r.statusCode() >= 500 ? EnrichmentAnswer.retry("server error", Optional.empty())
 *             : EnrichmentAnswer.failed("unexpected answer");
 *       };
 *     } catch (IOException e) {
 *       return EnrichmentAnswer.retry("the connection failed", Optional.empty());
 *     }
 *   }
 * }
 * }</pre>
 * A real enricher bounds the size of the answer it reads, reads {@code Retry-After}, and validates every field.
 */
public interface Enricher {

  /**
   * The stable id, lowercase: {@code openrouter}. It names the enricher's answers in the cache directory, so it
   * must not change.
   *
   * @return the id
   */
  String id();

  /**
   * A name for people.
   *
   * @return the display name; the id by default
   */
  default String displayName() {
    return id();
  }

  /**
   * The id to ask about for a call, if this enricher can enrich it. Called for every counted call of every scan:
   * cheap, no I/O, thread-safe.
   *
   * @param call the call, as the log gave it
   * @return the key (OpenRouter's generation id), or empty for a call this enricher knows nothing about
   */
  Optional<String> key(UsageRecord call);

  /**
   * The environment variable that holds the API key by default ({@code OPENROUTER_API_KEY}). Without it, the key
   * is read from {@code $XDG_CONFIG_HOME/cream/<id>.key}, unless one is given explicitly.
   *
   * @return the variable's name, or empty when the service needs no key
   */
  Optional<String> credentialVariable();

  /**
   * Where the service's API is, unless the user names another base ({@code https://openrouter.ai/api/v1}).
   *
   * @return the base URI
   */
  URI defaultBaseUri();

  /**
   * Asks the service about one key, once. The engine decides whether and when to ask again. Must not throw on any
   * answer of the service: every outcome is an {@link EnrichmentAnswer} (an exception other than
   * {@link InterruptedException} counts as {@link EnrichmentAnswer.Kind#FAILED}). The answer's reasons are fixed
   * sentences: never the service's response, never the credential.
   *
   * @param key a key {@link #key} returned
   * @param request the base URI, the credential, the per-request timeout and the largest answer to read
   * @return the answer
   * @throws InterruptedException if the thread was interrupted while waiting for the service
   */
  EnrichmentAnswer ask(String key, EnrichmentRequest request) throws InterruptedException;
}
