package io.github.cream.examples.dashboard;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's web server: the JDK's built-in HTTP server on the loopback interface only. Every answer needs the
 * Host check and the token of {@link Access}; it serves the page, its scripts (Chart.js inside the jar: nothing is
 * fetched from elsewhere), the JSON documents of {@link Documents} and the server-sent events of {@link EventStream}.
 * Only GET and HEAD are answered: nothing on the page changes anything.
 *
 * <pre>
 * /TOKEN/                 the page
 * /TOKEN/app.js, app.css, chart.umd.min.js, chart.js-LICENSE.md
 * /TOKEN/api/meta         the filters' choices and the server's clock
 * /TOKEN/api/daily        cream.report/1, as daily --json (zone, since, until, source, project)
 * /TOKEN/api/sessions     cream.sessions/1 with cache verdicts, as session --json (same filters)
 * /TOKEN/api/timeline     cream.timeline/1 of one session, as session ID --json (source, session)
 * /TOKEN/api/events       text/event-stream: an update event at every change
 * </pre>
 */
final class DashboardServer implements AutoCloseable {

  /** Every answer's headers: no caching, no sniffing, no framing, no referrer, scripts and data from here only. */
  static final Map<String, String> SECURITY_HEADERS = Map.of(
      "Cache-Control", "no-store",
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "no-referrer",
      "Cross-Origin-Resource-Policy", "same-origin",
      "Content-Security-Policy",
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");

  private static final String WEB = "/io/github/cream/examples/dashboard/web/";

  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/app.js", "app.js",
      "/app.css", "app.css",
      "/chart.umd.min.js", "chart.umd.min.js",
      "/chart.js-LICENSE.md", "chart.js-LICENSE.md");

  private final HttpServer http;
  private final ExecutorService pool;
  private final Access access;
  private final Documents documents;
  private final EventStream events = new EventStream();

  private DashboardServer(HttpServer http, ExecutorService pool, Access access, Documents documents) {
    this.http = http;
    this.pool = pool;
    this.access = access;
    this.documents = documents;
  }

  /**
   * Starts serving on 127.0.0.1.
   *
   * @param live the state to show; every update of it is pushed to open pages
   * @param documents the documents made from it
   * @param port the port, 0 for any free one
   * @return the running server
   * @throws IOException if the port cannot be bound
   */
  static DashboardServer start(LiveUsage live, Documents documents, int port) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "cream-dashboard-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(pool);
    DashboardServer server =
        new DashboardServer(http, pool, Access.forPort(http.getAddress().getPort()), documents);
    http.createContext("/", server::handle);
    live.onUpdate(u -> server.events.publish("update", "{\"version\":" + live.version() + "}"));
    http.start();
    return server;
  }

  /**
   * The page's address, with the token.
   *
   * @return {@code http://127.0.0.1:PORT/TOKEN/}
   */
  URI address() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/" + access.token() + "/");
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      Headers h = x.getResponseHeaders();
      SECURITY_HEADERS.forEach(h::set);
      String method = x.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        h.set("Allow", "GET, HEAD");
        text(x, 405, "method not allowed");
        return;
      }
      if (!access.hostAllowed(x.getRequestHeaders().getFirst("Host"))) {
        text(x, 421, "this server answers only to 127.0.0.1, localhost and [::1] with its own port");
        return;
      }
      String rawPath = x.getRequestURI().getRawPath();
      String rest = access.rest(rawPath);
      if (rest == null) {
        if (("/" + access.token()).equals(rawPath)) {
          h.set("Location", rawPath + "/");
          x.sendResponseHeaders(308, -1);
          return;
        }
        text(x, 404, "not found (the address printed by 'cream dashboard' holds the token)");
        return;
      }
      route(x, rest, method.equals("HEAD"));
    } catch (IOException e) {
      // the page went away mid-answer: nothing to tell anyone
    }
  }

  private void route(HttpExchange x, String rest, boolean head) throws IOException {
    String file = FILES.get(rest);
    if (file != null) {
      resource(x, file, head);
      return;
    }
    try {
      Query q = Query.parse(x.getRequestURI().getRawQuery());
      switch (rest) {
        case "/api/meta" -> json(x, documents.meta(), head);
        case "/api/daily" -> json(x, documents.daily(q), head);
        case "/api/sessions" -> json(x, documents.sessions(q), head);
        case "/api/timeline" -> {
          Optional<String> doc = documents.timeline(q);
          if (doc.isPresent()) {
            json(x, doc.get(), head);
          } else {
            text(x, 404, "no such session");
          }
        }
        case "/api/events" -> events(x, head);
        default -> text(x, 404, "not found");
      }
    } catch (Query.BadRequest e) {
      text(x, 400, e.getMessage());
    } catch (RuntimeException e) {
      text(x, 500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  private void events(HttpExchange x, boolean head) throws IOException {
    if (!events.accepting()) {
      text(x, 503, "too many open pages");
      return;
    }
    Headers h = x.getResponseHeaders();
    h.set("Content-Type", "text/event-stream; charset=utf-8");
    if (head) {
      x.sendResponseHeaders(200, -1);
      return;
    }
    x.sendResponseHeaders(200, 0);
    events.serve(x.getResponseBody(), "{\"version\":" + documents.version() + "}");
  }

  private static void resource(HttpExchange x, String file, boolean head) throws IOException {
    byte[] body;
    try (InputStream in = DashboardServer.class.getResourceAsStream(WEB + file)) {
      if (in == null) {
        text(x, 500, "missing from the jar: " + file);
        return;
      }
      body = in.readAllBytes();
    }
    String type;
    if (file.endsWith(".html")) {
      type = "text/html; charset=utf-8";
    } else if (file.endsWith(".js")) {
      type = "text/javascript; charset=utf-8";
    } else if (file.endsWith(".css")) {
      type = "text/css; charset=utf-8";
    } else {
      type = "text/plain; charset=utf-8";
    }
    send(x, 200, type, body, head);
  }

  private static void json(HttpExchange x, String doc, boolean head) throws IOException {
    send(x, 200, "application/json; charset=utf-8", doc.getBytes(StandardCharsets.UTF_8), head);
  }

  private static void text(HttpExchange x, int status, String message) throws IOException {
    send(x, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8), false);
  }

  private static void send(HttpExchange x, int status, String type, byte[] body, boolean head) throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    if (head) {
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    events.close();
    http.stop(0);
    pool.shutdownNow();
  }
}
