package io.github.cream.examples.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * OpenRouter's generation endpoint, played on the loopback interface: {@code GET /api/v1/generation?id=...} answers
 * the record given for the id, 404 for any other id, and 401 without the expected bearer key. Records every
 * request it receives, so a test can tell what was sent.
 */
final class OpenRouterStub implements AutoCloseable {

  /** One request: the query and the authorization header, exactly as received. */
  record Request(String query, String authorization) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile int holdAt;
  private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
  private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

  OpenRouterStub(String key, Map<String, String> records) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "openrouter-stub");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/api/v1/generation", x -> {
      String query = x.getRequestURI().getRawQuery();
      String auth = x.getRequestHeaders().getFirst("Authorization");
      requests.add(new Request(query, auth));
      if (requests.size() == holdAt) {
        held.countDown();
        try {
          release.await(60, java.util.concurrent.TimeUnit.SECONDS); // the client is stopped while it waits
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        x.close();
        return;
      }
      if (!("Bearer " + key).equals(auth)) {
        send(x, 401, "{\"error\":{\"code\":401,\"message\":\"No auth credentials found\"}}");
        return;
      }
      String id = query != null && query.startsWith("id=")
          ? URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8) : "";
      String body = records.get(id);
      if (body == null) {
        send(x, 404, "{\"error\":{\"code\":404,\"message\":\"Generation not found\"}}");
      } else {
        send(x, 200, body);
      }
    });
    server.start();
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  /**
   * Holds the n-th request unanswered until {@link #release()}; {@link #awaitHeld()} returns once it arrived.
   *
   * @param n the request's number, from 1
   */
  void holdAt(int n) {
    this.holdAt = n;
  }

  boolean awaitHeld() throws InterruptedException {
    return held.await(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  void release() {
    release.countDown();
  }

  /** The base URL to give {@code --base-url}. */
  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * A generation record as OpenRouter's API reference shapes it ({@code {"data": {...}}}, snake_case), with the
   * fields cream reads and others it skips.
   */
  static String record(String id, String totalCost, String cacheDiscount, String provider, long prompt,
      long completion, long cached, long reasoning) {
    return "{\"data\":{\"id\":\"" + id + "\",\"upstream_id\":\"chatcmpl-stub\",\"total_cost\":" + totalCost
        + ",\"cache_discount\":" + cacheDiscount + ",\"upstream_inference_cost\":null,"
        + "\"created_at\":\"2026-03-10T09:00:14.433273+00:00\",\"model\":\"stub\",\"app_id\":null,\"streamed\":true,"
        + "\"cancelled\":false,\"provider_name\":\"" + provider + "\",\"latency\":1250,\"moderation_latency\":null,"
        + "\"generation_time\":1200,\"finish_reason\":\"stop\",\"native_finish_reason\":\"stop\","
        + "\"tokens_prompt\":" + prompt + ",\"tokens_completion\":" + completion
        + ",\"native_tokens_prompt\":" + prompt + ",\"native_tokens_completion\":" + completion
        + ",\"native_tokens_completion_images\":0,\"native_tokens_reasoning\":" + reasoning
        + ",\"native_tokens_cached\":" + cached + ",\"num_media_prompt\":null,\"num_input_audio_prompt\":null,"
        + "\"num_media_completion\":0,\"num_search_results\":0,\"origin\":\"\",\"usage\":" + totalCost
        + ",\"is_byok\":false,\"router\":null,\"provider_responses\":[{\"status\":200}],\"api_type\":\"completions\""
        + "}}";
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
