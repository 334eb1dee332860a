package io.github.cream.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.core.Watch;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/telemetry.md's "In your own application" example is this class's {@link #example} (after its first line,
 * which builds {@code cream}): it compiles, it runs, and the page shows exactly this code.
 */
class DocsExampleTest {

  /** What the example leaves running. */
  record Running(Watch watch, CreamMetrics metrics) {}

  static Running example(Cream cream, OpenTelemetry openTelemetry) {
    // docs:begin
    AtomicReference<UsageSnapshot> latest = new AtomicReference<>(cream.scan());
    Watch watch = cream.watch(update -> latest.set(update.snapshot()));      // follow the logs
    CreamMetrics metrics = CreamMetrics.builder(latest::get)
        .zone(ZoneId.of("Europe/Helsinki")).firstDayOfWeek(DayOfWeek.MONDAY)
        .register(openTelemetry);                                             // your SDK, cumulative temporality
    // docs:end
    return new Running(watch, metrics);
  }

  @Test
  void theExampleRunsAndPublishesTheTotals(@TempDir Path home) throws IOException {
    Files.createDirectories(home.resolve(".t"));
    Files.writeString(home.resolve(".t/a.jsonl"), "2026-03-02T10:00:00Z|s|acme|m|10|0|0|0|5|0|0.25\n");
    Cream cream = Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()),
            Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC)))
        .discoverProviders(false).noIndex().source(new LineSource("t")).build();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setMeterProvider(provider).build()) {
      Running running = example(cream, sdk);
      try (Watch w = running.watch(); CreamMetrics m = running.metrics()) {
        MetricData calls = reader.collectAllMetrics().stream()
            .filter(d -> d.getName().equals(MetricNames.CALL_COUNT)).findFirst().orElseThrow();
        assertEquals(1, calls.getLongSumData().getPoints().iterator().next().getValue());
        assertTrue(w.isOpen() && m != null);
      }
    }
  }

  @Test
  void theDocsShowThisCode() throws IOException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> block = javaBlock(base.resolve("../../docs/telemetry.md"), "Cream cream = Cream.builder().build();");
    List<String> code = Files.readAllLines(
        base.resolve("src/test/java/io/github/cream/otel/DocsExampleTest.java"), StandardCharsets.UTF_8);
    int begin = code.indexOf("    // docs:begin");
    int end = code.indexOf("    // docs:end");
    assertEquals(normalize(code.subList(begin + 1, end)), normalize(block.subList(1, block.size())));
  }

  /** The first {@code ```java} block of a Markdown file whose first line starts with a text. */
  private static List<String> javaBlock(Path markdown, String firstLine) throws IOException {
    List<String> block = null;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (block == null) {
        if (line.strip().equals("```java")) {
          block = new ArrayList<>();
        }
      } else if (line.strip().equals("```")) {
        if (!block.isEmpty() && block.get(0).startsWith(firstLine)) {
          return block;
        }
        block = null;
      } else {
        block.add(line);
      }
    }
    throw new AssertionError("no java block starting with '" + firstLine + "' in " + markdown);
  }

  private static List<String> normalize(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
