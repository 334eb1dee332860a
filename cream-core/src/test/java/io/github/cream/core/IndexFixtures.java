package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Helpers shared by the scan index tests. */
final class IndexFixtures {

  static final Instant NOW = Instant.parse("2026-11-21T19:00:00Z");

  private IndexFixtures() {}

  /** A builder for a home with a {@link FakeSource} at {@code ~/.fake}, no bundled prices, a fixed clock. */
  static Cream.Builder cream(Path home) {
    return Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new FakeSource());
  }

  /** Appends text to a log, making the log and its folders when they do not exist. */
  static void append(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** A {@link FakeSource} call of a session at 10:00:{@code second} on 2026-11-20, as a line. */
  static String line(String session, int second, long in) {
    return Lines.call(session, "2026-11-20T10:00:" + (second < 10 ? "0" : "") + second + "Z", in, 1) + "\n";
  }

  /** The same scan without the index: the reference every incremental result must equal. */
  static UsageSnapshot full(Path home) {
    return cream(home).noIndex().parallelism(1).build().scan();
  }

  /** Diagnostics except the index's own, which only an indexed scan can have. */
  static List<Diagnostic> logDiagnostics(UsageSnapshot s) {
    return s.diagnostics().stream().filter(d -> !d.code().startsWith("cream.index.")).toList();
  }

  /** Asserts that an incremental result is exactly the full scan's. */
  static void assertSameResult(UsageSnapshot full, UsageSnapshot incremental) {
    assertSameAnswer(full, incremental);
    assertEquals(full.stats().filesScanned(), incremental.stats().filesScanned(), "files scanned");
  }

  /** Asserts the same answer: calls, totals, sessions, problems and counters, apart from what the scan looked at. */
  static void assertSameAnswer(UsageSnapshot expected, UsageSnapshot actual) {
    assertEquals(expected.records(), actual.records(), "records");
    assertEquals(expected.totals(), actual.totals(), "totals");
    assertEquals(expected.sessions(), actual.sessions(), "sessions");
    assertEquals(logDiagnostics(expected), logDiagnostics(actual), "diagnostics");
    assertEquals(expected.stats().recordsRead(), actual.stats().recordsRead(), "records read");
    assertEquals(expected.stats().duplicatesDropped(), actual.stats().duplicatesDropped(), "duplicates");
    assertEquals(expected.stats().malformedLines(), actual.stats().malformedLines(), "malformed lines");
  }
}
