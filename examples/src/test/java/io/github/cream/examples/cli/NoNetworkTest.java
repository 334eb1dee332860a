package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No network: not one class of the library, its sources, strategies or the CLI refers to a socket, an HTTP client,
 * a URL connection or a URL stream, except the OpenRouter enricher, the one opt-in way out of the library. Checked in
 * the compiled classes' constant pools, so that no code path, however rare, can reach the network; and the enricher's
 * classes are reached only through the {@code Enricher} SPI, whose requests only an enrichment run makes
 * ({@code cream enrich}, {@code Cream.enrich} on an engine built with {@code Builder.enrich}).
 *
 * <p>The CLI's other way out is {@code cream export}, which the user runs and points at an endpoint: only its classes
 * may name OpenTelemetry's SDK and exporters (which send, or serve a scrape endpoint), and they name no socket or
 * HTTP client of their own. The library module {@code cream-otel} names the OpenTelemetry API alone.
 */
class NoNetworkTest {

  private static final List<String> NETWORK = List.of("java/net/Socket", "java/net/ServerSocket",
      "java/net/DatagramSocket", "java/net/http/", "java/net/URLConnection", "java/net/HttpURLConnection",
      "java/nio/channels/SocketChannel", "java/nio/channels/DatagramChannel", "openConnection", "openStream",
      "java/net/InetAddress", "javax/net/");

  @Test
  void noCreamClassRefersToTheNetwork() throws IOException {
    List<String> offenders = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int classes = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p) && !p.toString().contains("test-classes")) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path c : walk.filter(f -> f.toString().endsWith(".class")).toList()) {
            if (p.relativize(c).toString().startsWith("io/github/cream/")) {
              classes++;
              String name = p.relativize(c).toString().replace(File.separatorChar, '/');
              names.add(name);
              check(name, Files.readAllBytes(c), offenders);
            }
          }
        }
      } else if (Files.isRegularFile(p) && p.getFileName().toString().startsWith("cream-")) {
        try (JarFile jar = new JarFile(p.toFile())) {
          for (JarEntry e : java.util.Collections.list(jar.entries())) {
            if (e.getName().startsWith("io/github/cream/") && e.getName().endsWith(".class")) {
              classes++;
              names.add(e.getName());
              try (InputStream in = jar.getInputStream(e)) {
                check(p.getFileName() + "!" + e.getName(), in.readAllBytes(), offenders);
              }
            }
          }
        }
      }
    }
    assertTrue(classes > 100, "the classes were found: " + classes);
    assertTrue(names.stream().anyMatch(n -> n.contains(EXPORT)), "the export's classes were checked");
    assertTrue(names.stream().anyMatch(n -> n.contains("io/github/cream/otel/")), "cream-otel's were checked");
    assertTrue(offenders.isEmpty(), () -> "network use: " + offenders);
    assertTrue(enricherClasses > 0, "the OpenRouter enricher's classes were found");
  }

  /**
   * The one exception: {@code cream dashboard} listens, so its classes may name {@code InetAddress} (to bind the
   * loopback address); they too never open a connection anywhere.
   */
  private static final String DASHBOARD = "io/github/cream/examples/dashboard/";

  /**
   * The other exception: the OpenRouter enricher asks OpenRouter's API with the JDK's HTTP client, when and only
   * when the user runs enrichment. No class outside its package may name it (it is found through
   * {@code ServiceLoader}), and only the enrichment run may make an enricher's request.
   */
  private static final String ENRICHER = "io/github/cream/source/pi/openrouter/";

  /** The classes that may name an enricher's request: the SPI itself, the enrichment run, the enricher. */
  private static final List<String> MAY_ASK = List.of("io/github/cream/spi/Enricher",
      "io/github/cream/spi/EnrichmentRequest", "io/github/cream/core/internal/EnrichmentRun", ENRICHER);

  private int enricherClasses;

  /** {@code cream export}: the classes that may name OpenTelemetry's SDK and exporters. */
  private static final String EXPORT = "io/github/cream/examples/export/";

  /** OpenTelemetry's SDK, its exporters and what they send with. */
  private static final List<String> SENDERS = List.of("io/opentelemetry/sdk/", "io/opentelemetry/exporter/",
      "okhttp3/", "io/grpc/", "io/prometheus/");

  private void check(String name, byte[] bytes, List<String> offenders) {
    String pool = new String(bytes, StandardCharsets.ISO_8859_1);
    boolean enricher = name.contains(ENRICHER);
    enricherClasses += enricher ? 1 : 0;
    if (!name.contains(EXPORT)) {
      for (String sender : SENDERS) {
        if (pool.contains(sender)) {
          offenders.add(name + " -> " + sender);
        }
      }
    }
    for (String n : NETWORK) {
      if (n.equals("java/net/InetAddress") && name.contains(DASHBOARD)) {
        continue;
      }
      if (n.equals("java/net/http/") && enricher) {
        continue;
      }
      if (pool.contains(n)) {
        offenders.add(name + " -> " + n);
      }
    }
    if (!enricher && pool.contains(ENRICHER)) {
      offenders.add(name + " -> the OpenRouter enricher, which only ServiceLoader may load");
    }
    if (pool.contains("io/github/cream/spi/EnrichmentRequest") && MAY_ASK.stream().noneMatch(name::contains)) {
      offenders.add(name + " -> an enricher's request, which only an enrichment run may make");
    }
  }
}
