package io.github.cream.examples.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus server (the system's {@code prometheus}) for a test: its own configuration and data directory
 * in a temporary folder, a free loopback port, a one-second scrape interval; {@link #close()} always ends it.
 */
final class PrometheusServer implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonFactory JSON = new JsonFactory();

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The {@code prometheus} program on the {@code PATH}, if installed. */
  static Optional<Path> program() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, "prometheus");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Its version line, such as {@code prometheus, version 2.42.0+ds ...}. */
  static String version(Path program) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return out.lines().findFirst().orElse("").strip();
  }

  /**
   * Starts Prometheus scraping targets every second.
   *
   * @param program the program
   * @param dir a temporary folder for its configuration, data and log
   * @param targets {@code host:port} of the targets, all in job {@code cream}
   * @return the running server, answering its HTTP API
   */
  static PrometheusServer start(Path program, Path dir, List<String> targets) throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: cream",
        "    static_configs:",
        "      - targets: [" + targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", ")) + "]",
        ""));
    Path data = Files.createDirectories(dir.resolve("data"));
    Path log = dir.resolve("prometheus.log");
    int port = Exports.freePort();
    Process process = new ProcessBuilder(program.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    process.getOutputStream().close();
    PrometheusServer server = new PrometheusServer(process, port, log);
    try {
      boolean ready = Exports.await(() -> {
        if (!process.isAlive()) {
          return true;
        }
        try {
          return HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/-/ready"))
              .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true;
        }
      });
      if (!ready || !process.isAlive()) {
        throw new IllegalStateException("prometheus did not start: " + server.log());
      }
      return server;
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** What Prometheus logged, for failure messages. */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** One series of an instant query's answer: its labels and its value exactly as Prometheus wrote it. */
  record Series(Map<String, String> labels, String value) {
    /** The value in nano-units: exact for the dollar amounts cream publishes. */
    long nanos() {
      return Math.round(Double.parseDouble(value) * 1e9);
    }
  }

  /**
   * Runs an instant query.
   *
   * @param promql the query
   * @return the series of its vector answer
   * @throws IllegalStateException when Prometheus refuses the query
   */
  List<Series> query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/query?query="
        + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("\"status\":\"success\"")) {
      throw new IllegalStateException("query " + promql + " failed: " + r.statusCode() + " " + r.body());
    }
    List<Series> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(r.body())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == JsonToken.FIELD_NAME && p.currentName().equals("result")) {
          p.nextToken();
          if (p.currentToken() != JsonToken.START_ARRAY) {
            continue; // a scalar answer
          }
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Map<String, String> labels = new LinkedHashMap<>();
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String field = p.currentName();
              p.nextToken();
              if (field.equals("metric")) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                  String name = p.currentName();
                  labels.put(name, p.nextTextValue());
                }
              } else if (field.equals("value")) {
                p.nextToken(); // the timestamp
                value = p.nextTextValue();
                p.nextToken(); // end of the pair
              } else {
                p.skipChildren();
              }
            }
            out.add(new Series(labels, value));
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
