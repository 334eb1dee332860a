package io.github.cream.source.pi.openrouter;

import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Enricher;
import io.github.cream.spi.EnrichmentAnswer;
import io.github.cream.spi.EnrichmentRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Enricher {@code openrouter}: what OpenRouter knows about the calls Pi and OpenClaw routed through it.
 *
 * <p>Pi (and OpenClaw, which writes Pi's format) logs a call made through OpenRouter with {@code provider:
 * "openrouter"} and, as its {@code responseId}, the id of the streamed response's first chunk, which for OpenRouter
 * is the generation id ({@code gen-...}; research pi-openclaw-sidecar.md section 5.1). That id is this enricher's
 * key: for each, it asks {@code GET <base>/generation?id=<id>} with the user's API key as a bearer token (OpenRouter's
 * "Get request &amp; usage metadata for a generation"), and reads from the answer's {@code data} object:
 * {@code total_cost} (what OpenRouter billed, in US dollars, its cache discount included), {@code cache_discount},
 * {@code upstream_inference_cost}, {@code is_byok}, {@code provider_name} (the upstream provider that served the
 * call, such as "Anthropic" or "Amazon Bedrock", made a lowercase id: {@code anthropic}, {@code amazon-bedrock}),
 * and {@code native_tokens_prompt}, {@code native_tokens_completion}, {@code native_tokens_cached},
 * {@code native_tokens_reasoning} (field names as OpenRouter's API reference and SDK models name them). For a call
 * made with the user's own provider key (BYOK) the cost is OpenRouter's fee plus the upstream provider's charge.
 *
 * <p>Only the generation id leaves the machine, over the API's own base URI (redirects are not followed, so the key
 * goes nowhere else). Answers: 200 is read (a malformed or oversized one is a failure), 404 means OpenRouter does
 * not know the id (yet: the record of a generation appears shortly after it ends), 401 and 403 a refused key, 429
 * and 5xx (with their {@code Retry-After}), timeouts and dropped connections are transient.
 */
public final class OpenRouterEnricher implements Enricher {

  /** The enricher id. */
  public static final String ID = "openrouter";

  /** The provider id Pi and OpenClaw log for calls routed through OpenRouter. */
  static final String PROVIDER = "openrouter";

  /** OpenRouter's API. */
  static final URI DEFAULT_BASE = URI.create("https://openrouter.ai/api/v1");

  /** OpenRouter's generation ids: {@code gen-} and letters, digits, dashes and underscores. */
  private static final Pattern GENERATION_ID = Pattern.compile("gen-[A-Za-z0-9_-]{4,200}");

  private volatile HttpClient client;

  /** ServiceLoader calls this for every engine built: no work here (the HTTP client is made on first use). */
  public OpenRouterEnricher() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "OpenRouter";
  }

  /**
   * The generation id of a call routed through OpenRouter: the response id Pi and OpenClaw log.
   *
   * @param call the call
   * @return its generation id, or empty for a call of another provider or without one
   */
  @Override
  public Optional<String> key(UsageRecord call) {
    if (!call.provider().equals(PROVIDER)) {
      return Optional.empty();
    }
    return call.messageId().filter(id -> GENERATION_ID.matcher(id).matches());
  }

  /**
   * {@code OPENROUTER_API_KEY}.
   *
   * @return the variable
   */
  @Override
  public Optional<String> credentialVariable() {
    return Optional.of("OPENROUTER_API_KEY");
  }

  @Override
  public URI defaultBaseUri() {
    return DEFAULT_BASE;
  }

  @Override
  public EnrichmentAnswer ask(String key, EnrichmentRequest request) throws InterruptedException {
    if (!GENERATION_ID.matcher(key).matches()) {
      return EnrichmentAnswer.failed("not an OpenRouter generation id");
    }
    if (!request.credential().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return EnrichmentAnswer.refused("the API key holds characters an HTTP header cannot carry");
    }
    URI uri;
    try {
      uri = request.resolve("generation?id=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return EnrichmentAnswer.refused("the base URI is not valid");
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .GET()
        .timeout(request.timeout())
        .header("Accept", "application/json");
    if ("http".equals(uri.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    if (!request.credential().isEmpty()) {
      b.header("Authorization", "Bearer " + request.credential());
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        client(request.timeout()).sendAsync(b.build(), LimitedBody.handler(request.maxResponseBytes()));
    HttpResponse<byte[]> response;
    try {
      // the request's own timeout covers the wait for the headers; this one covers the body too
      response = future.get(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      future.cancel(true);
      return EnrichmentAnswer.retry("no complete answer within the timeout", Optional.empty());
    } catch (CancellationException e) {
      return EnrichmentAnswer.retry("the request was cancelled", Optional.empty());
    } catch (ExecutionException e) {
      return failure(e.getCause());
    }
    return answer(key, response);
  }

  private static EnrichmentAnswer failure(Throwable cause) {
    if (cause instanceof LimitedBody.TooLargeException) {
      return EnrichmentAnswer.failed("the answer was larger than the limit");
    }
    if (cause instanceof HttpTimeoutException) {
      return EnrichmentAnswer.retry("no answer within the timeout", Optional.empty());
    }
    if (cause instanceof IOException) {
      return EnrichmentAnswer.retry("the connection failed", Optional.empty());
    }
    return EnrichmentAnswer.failed("the request failed");
  }

  static EnrichmentAnswer answer(String key, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 200) {
      return GenerationJson.parse(key, response.body())
          .map(EnrichmentAnswer::found)
          .orElseGet(() -> EnrichmentAnswer.failed("the answer was not a generation record"));
    }
    if (status == 404) {
      return EnrichmentAnswer.notFound();
    }
    if (status == 401 || status == 403) {
      return EnrichmentAnswer.refused("HTTP " + status);
    }
    if (status == 402) {
      return EnrichmentAnswer.refused("HTTP 402, the account has no credits left");
    }
    if (status == 408 || status == 425 || status == 429 || status >= 500) {
      return EnrichmentAnswer.retry("HTTP " + status, retryAfter(response));
    }
    return EnrichmentAnswer.failed("HTTP " + status);
  }

  /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> v = response.headers().firstValue("Retry-After").map(String::strip);
    if (v.isEmpty() || v.get().isEmpty()) {
      return Optional.empty();
    }
    String s = v.get();
    if (s.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofDays(1)); // absurdly long: the engine cuts it to its cap
      }
    }
    try {
      Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME));
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private HttpClient client(Duration timeout) {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder()
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NEVER) // the key goes to the API's own host only
              .build();
          client = c;
        }
      }
    }
    return c;
  }
}
