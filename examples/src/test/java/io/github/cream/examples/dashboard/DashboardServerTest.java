package io.github.cream.examples.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's server through an HTTP client: access rules, the documents, escaping and live updates. */
class DashboardServerTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static Dashboard demo;

  @BeforeAll
  static void startDemo() throws Exception {
    demo = Dashboard.start(new Dashboard.Settings(Environment.system(), true, null, false, 0, b -> {}));
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listensOnLoopbackOnly() {
    URI a = demo.address();
    assertEquals("127.0.0.1", a.getHost());
    assertTrue(a.getPath().matches("/[0-9a-f]{32}/"), a.getPath());
  }

  @Test
  void everyPathNeedsTheToken() throws Exception {
    URI a = demo.address();
    String base = "http://127.0.0.1:" + a.getPort();
    assertEquals(200, get(a.resolve("api/meta")).statusCode());
    assertEquals(404, get(URI.create(base + "/api/meta")).statusCode());
    assertEquals(404, get(URI.create(base + "/")).statusCode());
    String wrong = a.getPath().substring(1, 32) + (a.getPath().charAt(32) == '0' ? "1" : "0");
    assertEquals(404, get(URI.create(base + "/" + wrong + "/api/meta")).statusCode());
    HttpResponse<String> missing = get(URI.create(base + "/" + wrong + "/"));
    assertFalse(missing.body().contains(a.getPath().substring(1, 33)), "the token is never echoed");
    HttpResponse<String> noSlash = HTTP.send(HttpRequest.newBuilder(URI.create(base + a.getPath()
        .substring(0, 33))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(308, noSlash.statusCode());
  }

  @Test
  void foreignHostNamesAreRefused() throws Exception {
    URI a = demo.address();
    assertEquals(421, status(a, "evil.example:" + a.getPort()));
    assertEquals(421, status(a, "127.0.0.1.nip.io:" + a.getPort()));
    assertEquals(421, status(a, "127.0.0.1:" + (a.getPort() == 1 ? 2 : 1)));
    assertEquals(421, status(a, null));
    assertEquals(200, status(a, "127.0.0.1:" + a.getPort()));
    assertEquals(200, status(a, "localhost:" + a.getPort()));
  }

  /** A raw request, since HTTP clients set the Host header themselves. */
  private static int status(URI a, String host) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), a.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      String req = "GET " + a.getPath() + "api/meta HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
          + "Connection: close\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String first = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(first.split(" ")[1]);
    }
  }

  @Test
  void onlyReadingMethodsAreAnswered() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(demo.address().resolve("api/daily"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, r.statusCode());
  }

  @Test
  void thePageIsLockedDown() throws Exception {
    HttpResponse<String> page = get(demo.address());
    assertEquals(200, page.statusCode());
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
        && csp.contains("connect-src 'self'"), csp);
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
    assertFalse(page.body().contains("http://") || page.body().contains("https://") || page.body().contains("//cdn"),
        "the page loads nothing from elsewhere");
    HttpResponse<String> chart = get(demo.address().resolve("chart.umd.min.js"));
    assertEquals(200, chart.statusCode());
    assertTrue(chart.body().startsWith("/*!\n * Chart.js v4.6.2"), "Chart.js is served from the jar");
    assertTrue(get(demo.address().resolve("chart.js-LICENSE.md")).body().contains("The MIT License"));
  }

  @Test
  void theDailyDocumentIsDailyJson() throws Exception {
    Environment env = Environment.system();
    assertEquals(Json.normal(Json.cli(env, "daily", "--json", "--demo")),
        Json.normal(get(demo.address().resolve("api/daily")).body()));
    // with --source the CLI scans only those sources, so only the diagnostics' file counts may differ
    String cli = Json.normal(Json.cli(env, "daily", "--json", "--demo", "--timezone", "Pacific/Auckland",
        "--since", "2026-02-28", "--until", "2026-03-03", "--source", "claude,codex"));
    String page = Json.normal(get(demo.address().resolve(
        "api/daily?zone=Pacific/Auckland&since=2026-02-28&until=2026-03-03&source=claude,codex")).body());
    assertTrue(cli.contains("\"date\":\"2026-03-03\""), cli);
    assertEquals(withoutDiagnostics(cli), withoutDiagnostics(page));
    assertEquals(Json.normal(Json.cli(env, "daily", "--json", "--demo", "--project", "/home/demo/projects/webshop")),
        Json.normal(get(demo.address().resolve("api/daily?project=%2Fhome%2Fdemo%2Fprojects%2Fwebshop")).body()));
  }

  private static String withoutDiagnostics(String normal) {
    return normal.substring(0, normal.indexOf(",\"diagnostics\":"));
  }

  @Test
  void theSessionsDocumentIsSessionJson() throws Exception {
    assertEquals(Json.normal(Json.cli(Environment.system(), "session", "--json", "--demo")),
        Json.normal(get(demo.address().resolve("api/sessions")).body()));
  }

  @Test
  void aTimelineHasItsCallsAndGaps() throws Exception {
    HttpResponse<String> r = get(demo.address().resolve(
        "api/timeline?source=claude&session=c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46"));
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("\"schema\":\"cream.timeline/1\""));
    assertTrue(r.body().contains("\"idleSeconds\":1989"), "the idle gap is there");
    assertTrue(r.body().contains("\"costUsd\":0.188637"), "the session's cost is there");
    assertEquals(404, get(demo.address().resolve("api/timeline?source=claude&session=c2e8")).statusCode());
    assertEquals(404, get(demo.address().resolve("api/timeline?source=x&session=../../etc")).statusCode());
  }

  @Test
  void badParametersAreRefusedWithoutEchoingThem() throws Exception {
    for (String q : new String[] {"zone=Mars/Olympus%3Cb%3E", "since=yesterday", "project=relative/dir",
        "since=2026-03-02&until=2026-02-01"}) {
      HttpResponse<String> r = get(demo.address().resolve("api/daily?" + q));
      assertEquals(400, r.statusCode(), q);
      assertFalse(r.body().contains("<") || r.body().contains("Olympus") || r.body().contains("yesterday"), r.body());
    }
  }

  @Test
  void logStringsStayInertInEveryDocument(@TempDir Path dir) throws Exception {
    ClaudeHome home = ClaudeHome.create(dir, ClaudeHome.HOSTILE_TITLE);
    try (Dashboard d = Dashboard.start(new Dashboard.Settings(home.environment(), false, null, true, 0, b -> {}))) {
      for (String path : new String[] {"api/sessions", "api/meta", "api/daily",
          "api/timeline?source=claude&session=" + ClaudeHome.SESSION}) {
        HttpResponse<String> r = get(d.address().resolve(path));
        assertEquals(200, r.statusCode(), path);
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertFalse(r.body().contains("<") || r.body().contains(">"), path + " holds no raw angle bracket");
      }
      String sessions = get(d.address().resolve("api/sessions")).body();
      assertTrue(Json.normal(sessions).contains("\\u003Cscript>window.pwned=1\\u003C/script>")
          || Json.normal(sessions).contains("<script>window.pwned=1</script>"), "the title is kept, as data");
    }
  }

  @Test
  void anAppendedCallIsPushedAsAnEvent(@TempDir Path dir) throws Exception {
    ClaudeHome home = ClaudeHome.create(dir, "live");
    try (Dashboard d = Dashboard.start(new Dashboard.Settings(home.environment(), false, null, true, 0, b -> {}))) {
      assertTrue(get(d.address().resolve("api/daily")).body().contains("\"calls\":1,"));
      BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
      HttpResponse<java.util.stream.Stream<String>> events = HTTP.send(
          HttpRequest.newBuilder(d.address().resolve("api/events")).build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("Content-Type").orElse(""));
      Thread reader = new Thread(() -> {
        try {
          events.body().forEach(lines::offer);
        } catch (java.io.UncheckedIOException e) {
          // closed at the end of the test
        }
      }, "sse-reader");
      reader.setDaemon(true);
      reader.start();
      assertEquals("retry: 1000", lines.poll(10, TimeUnit.SECONDS));
      assertEquals("event: hello", lines.poll(10, TimeUnit.SECONDS));
      long start = System.nanoTime();
      home.appendCall();
      String line;
      do {
        line = lines.poll(30, TimeUnit.SECONDS);
      } while (line != null && !line.equals("event: update"));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertEquals("event: update", line, "an update event arrived");
      System.out.println("dashboard: an appended call was pushed after " + millis + " ms"
          + (d.polling() ? " (polling)" : ""));
      assertTrue(get(d.address().resolve("api/daily")).body().contains("\"calls\":2,"), "the new call counts");
      events.body().close();
    }
  }
}
