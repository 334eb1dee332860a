package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScanTest {

  @TempDir Path home;

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  private Cream.Builder cream(int parallelism) {
    return Cream.builder()
        .environment(
            Environment.of(
                Map.of("HOME", home.toString()),
                Clock.fixed(Instant.parse("2026-11-21T19:00:00Z"), ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .parallelism(parallelism)
        .source(new FakeSource());
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void countsCompleteLinesOnly(int parallelism) throws IOException {
    write(root().resolve("a.jsonl"),
        Lines.call("s1", "2026-11-20T10:00:00Z", 10, 5) + "\n" + Lines.call("s1", "2026-11-20T10:01:00Z", 20, 5));
    UsageSnapshot s = cream(parallelism).build().scan();
    assertEquals(1, s.records().size(), "a final line without its newline is not read");
    assertEquals(10, s.totals().tokens().input());
  }

  @Test
  void crlfEmptyLinesAndEmptyFiles() throws IOException {
    write(root().resolve("a.jsonl"),
        Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\r\n\r\n\n" + Lines.call("s1", "2026-11-20T10:00:01Z", 2, 1)
            + "\r\n");
    write(root().resolve("empty.jsonl"), "");
    UsageSnapshot s = cream(1).build().scan();
    assertEquals(2, s.records().size());
    assertEquals(2, s.stats().filesScanned());
    assertEquals(0, s.stats().malformedLines());
  }

  @Test
  void malformedLinesAreDiagnosticsWithLocationAndNoContent() throws IOException {
    String secret = "PRIVATE-PROMPT-TEXT";
    write(root().resolve("a.jsonl"),
        Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n"
            + "{\"t\":\"" + secret + "\",\"in\":\n"
            + Lines.call("s1", "2026-11-20T10:00:02Z", 2, 1) + "\n");
    UsageSnapshot s = cream(1).build().scan();
    assertEquals(2, s.records().size(), "valid lines around a broken one still count");
    assertEquals(1, s.stats().malformedLines());
    Diagnostic d = only(s, "fake.line.invalid");
    assertEquals(2, d.line().getAsLong());
    assertEquals(Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1).length() + 1, d.byteOffset().getAsLong());
    assertTrue(d.file().orElseThrow().endsWith("a.jsonl"));
    assertFalse(s.diagnostics().toString().contains(secret));
  }

  @Test
  void tooLongLinesAreSkippedWithoutLosingTheRest() throws IOException {
    String huge = "{\"t\":\"2026-11-20T10:00:00Z\",\"x\":\"" + "a".repeat(50_000) + "\"}";
    write(root().resolve("a.jsonl"),
        Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n" + huge + "\n"
            + Lines.call("s1", "2026-11-20T10:00:02Z", 2, 1) + "\n");
    UsageSnapshot s = cream(1).maxLineBytes(8192).build().scan();
    assertEquals(2, s.records().size());
    Diagnostic d = only(s, "cream.line.too-long");
    assertEquals(2, d.line().getAsLong());
    assertEquals(1, s.stats().malformedLines());
  }

  @Test
  void longLinesWithinTheLimitAreParsed() throws IOException {
    String big = "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:00Z\",\"in\":7,\"x\":\"" + "a".repeat(3_000_000) + "\"}";
    write(root().resolve("a.jsonl"), big + "\n" + Lines.call("s1", "2026-11-20T10:00:02Z", 2, 1) + "\n");
    UsageSnapshot s = cream(1).build().scan();
    assertEquals(2, s.records().size());
    assertEquals(9, s.totals().tokens().input());
  }

  @Test
  void binaryFilesAndDirectoriesNamedJsonlAreHarmless() throws IOException {
    byte[] junk = new byte[70_000];
    new java.util.Random(7).nextBytes(junk);
    Files.write(root().resolve("junk.jsonl"), junk);
    Files.createDirectories(root().resolve("dir.jsonl"));
    write(root().resolve("ok.jsonl"), Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n");
    UsageSnapshot s = cream(2).build().scan();
    assertEquals(1, s.records().size());
    assertEquals(2, s.stats().filesScanned());
  }

  @Test
  void dedupKeepsTheLargestCopyAtTheEarliestTimeAcrossFiles() throws IOException {
    write(root().resolve("a.jsonl"),
        Lines.keyed("s1", "2026-11-20T10:00:00Z", 10, "msg1", "req1", 0) + "\n"
            + Lines.keyed("s1", "2026-11-20T10:00:03Z", 300, "msg1", "req1", 0) + "\n");
    write(root().resolve("b.jsonl"),
        Lines.keyed("s2", "2026-11-20T10:00:05Z", 300, "msg1", "req1", 0) + "\n"
            + Lines.keyed("s2", "2026-11-20T10:00:06Z", 50, "msg1", "req2", 0) + "\n"
            + Lines.keyed("s2", "2026-11-20T10:00:07Z", 999, "msg1", "req3", 1) + "\n");
    UsageSnapshot s = cream(2).build().scan();
    assertEquals(2, s.records().size(), "req1 once, req2 once, the tier-1 replay never");
    assertEquals(350, s.totals().tokens().output());
    PricedRecord first = s.records().get(0);
    assertEquals(Instant.parse("2026-11-20T10:00:00Z"), first.record().timestamp());
    assertEquals(300, first.record().tokens().output());
    assertEquals(3, s.stats().duplicatesDropped());
  }

  @Test
  void costModes() throws IOException {
    write(root().resolve("a.jsonl"),
        "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:00Z\",\"m\":\"known\",\"in\":1000000,\"cost\":\"1.5\"}\n"
            + "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:01Z\",\"m\":\"known\",\"in\":1000000}\n"
            + "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:02Z\",\"m\":\"mystery\",\"in\":1000000}\n");
    ModelPrice known =
        ModelPrice.builder("known").provider("prov").input("3").output("15").cacheRead("0.3")
            .cacheWrite5m("3.75").cacheWrite1h("6").build();
    UsageSnapshot auto = cream(1).price(known).build().scan();
    assertEquals(Money.ofUsd("4.5"), auto.totals().cost());
    assertEquals(CostProvenance.MIXED, auto.totals().provenance());
    assertEquals(1, auto.totals().unpricedCalls());
    assertEquals(1, auto.stats().unpricedCalls());
    Diagnostic d = only(auto, "cream.price.unknown-model");
    assertEquals(Severity.WARNING, d.severity());
    assertTrue(d.message().contains("mystery"));

    UsageSnapshot calc = cream(1).price(known).costMode(CostMode.CALCULATE).build().scan();
    assertEquals(Money.ofUsd("6"), calc.totals().cost());
    UsageSnapshot rec = cream(1).price(known).costMode(CostMode.RECORDED).build().scan();
    assertEquals(Money.ofUsd("1.5"), rec.totals().cost());
    assertEquals(2, rec.totals().unpricedCalls());
  }

  @Test
  void bundledPricesAndTheUserOverrideFile() throws IOException {
    write(root().resolve("a.jsonl"),
        "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:00Z\",\"p\":\"anthropic\",\"m\":\"claude-opus-4-6\","
            + "\"in\":180,\"out\":38899,\"cr\":14771617,\"w1\":349474}\n");
    Environment env = Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC());
    UsageSnapshot s =
        Cream.builder().environment(env).discoverProviders(false).source(new FakeSource()).build().scan();
    assertEquals(Money.ofNanos(11_853_923_500L), s.totals().cost(), "claude-opus-4-6 list prices");
    // the default override file: $XDG_CONFIG_HOME/cream/prices.json, here ~/.config/cream/prices.json
    write(home.resolve(".config/cream/prices.json"),
        "{\"format\":\"cream.prices/1\",\"currency\":\"USD\",\"unit\":\"per-million-tokens\",\"models\":"
            + "{\"claude-opus-4-6\":{\"output\":\"-1\"}}}");
    UsageSnapshot bad =
        Cream.builder().environment(env).discoverProviders(false).source(new FakeSource()).build().scan();
    assertEquals(Money.ofNanos(11_853_923_500L), bad.totals().cost(), "a bad entry is skipped, not applied");
    assertEquals(Severity.WARNING, only(bad, "cream.prices.override-entry-invalid").severity());
    write(home.resolve(".config/cream/prices.json"),
        "{\"format\":\"cream.prices/1\",\"currency\":\"USD\",\"unit\":\"per-million-tokens\",\"models\":"
            + "{\"claude-opus-4-6\":{\"cacheRead\":\"0\",\"cacheWrite1h\":\"0\",\"output\":\"0\"}}}");
    UsageSnapshot cheap =
        Cream.builder().environment(env).discoverProviders(false).source(new FakeSource()).build().scan();
    assertEquals(Money.ofUsd("0.0009"), cheap.totals().cost(), "180 input tokens at $5 per million");
  }

  @Test
  void sessionsMergeFactsAndTotals() throws IOException {
    write(root().resolve("p/s1.jsonl"),
        "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:00Z\",\"in\":5,\"title\":\"Fix it\",\"cwd\":\"/w/app\"}\n"
            + Lines.call("s1", "2026-11-20T11:00:00Z", 5, 1) + "\n");
    write(root().resolve("p/s2.jsonl"), Lines.call("s2", "2026-11-21T08:00:00Z", 1, 1) + "\n");
    UsageSnapshot s = cream(2).build().scan();
    List<SessionSummary> sessions = s.sessions();
    assertEquals(List.of("s2", "s1"), sessions.stream().map(SessionSummary::sessionId).toList());
    SessionSummary s1 = sessions.get(1);
    assertEquals("Fix it", s1.title().orElseThrow());
    assertEquals("/w/app", s1.project().orElseThrow());
    assertEquals(2, s1.totals().calls());
    assertEquals(Instant.parse("2026-11-20T11:00:00Z"), s1.lastActivity().orElseThrow());
    assertEquals(1, s.filter(Filter.builder().project(Path.of("/w")).build()).sessions().size());
  }

  @Test
  void dailyReportsFollowTheZone() throws IOException {
    write(root().resolve("a.jsonl"),
        Lines.call("s1", "2026-11-20T23:30:00Z", 1, 1) + "\n" + Lines.call("s1", "2026-11-21T00:30:00Z", 2, 1) + "\n");
    UsageSnapshot s = cream(1).build().scan();
    assertEquals(List.of("2026-11-20", "2026-11-21"),
        s.daily(ZoneOffset.UTC).rows().stream().map(ReportRow::key).toList());
    assertEquals(List.of("2026-11-21"),
        s.daily(ZoneId.of("Europe/Helsinki")).rows().stream().map(ReportRow::key).toList());
    assertEquals(List.of("2026-11"), s.monthly(ZoneOffset.UTC).rows().stream().map(ReportRow::key).toList());
    Filter since = Filter.builder().zone(ZoneOffset.UTC).since(java.time.LocalDate.parse("2026-11-21")).build();
    assertEquals(2, s.filter(since).totals().tokens().input());
  }

  @Test
  void noSourcesGivesAnEmptyResultAndAWarning() {
    UsageSnapshot s =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
            .discoverProviders(false)
            .build()
            .scan();
    assertTrue(s.records().isEmpty());
    assertEquals(Severity.WARNING, only(s, "cream.source.none").severity());
  }

  @Test
  void requestedSourcesMustExist() {
    CreamConfigurationException e =
        assertThrows(
            CreamConfigurationException.class, () -> cream(1).onlySources(Set.of("codex")).build());
    assertEquals(
        "source 'codex' was requested but cream-source-codex is not on the class path or module path; add it as a "
            + "dependency",
        e.getMessage());
    CreamConfigurationException unknown =
        assertThrows(CreamConfigurationException.class, () -> cream(1).onlySources(Set.of("acme")).build());
    assertEquals("source 'acme' was requested but no provider has that id; available: fake", unknown.getMessage());
  }

  @Test
  void twoProvidersWithOneIdFailFastNamingBoth() {
    CreamConfigurationException e =
        assertThrows(CreamConfigurationException.class, () -> cream(1).source(new FakeSource()).build());
    assertTrue(e.getMessage().startsWith("two source providers have the id 'fake': "), e.getMessage());
    assertEquals(2, e.getMessage().split(FakeSource.class.getName(), -1).length - 1, e.getMessage());
  }

  @Test
  void aFailingSourceIsIsolated() throws IOException {
    write(root().resolve("a.jsonl"), Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n");
    Source broken =
        new Source() {
          @Override
          public String id() {
            return "broken";
          }

          @Override
          public List<Path> defaultRoots(Environment environment) {
            throw new IllegalStateException("boom");
          }

          @Override
          public LineParser openParser(FileContext file, ResumeState resume) {
            throw new UnsupportedOperationException();
          }
        };
    UsageSnapshot s = cream(1).source(broken).build().scan();
    assertEquals(1, s.records().size());
    Diagnostic d = only(s, "cream.source.failed");
    assertEquals(Severity.ERROR, d.severity());
    assertEquals("broken", d.sourceId().orElseThrow());
  }

  @Test
  void aParserThatThrowsLosesOnlyItsLine() throws IOException {
    write(root().resolve("a.jsonl"), "x\n" + Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\nx\n");
    Source throwing =
        new FakeSource() {
          @Override
          public LineParser openParser(FileContext file, ResumeState resume) {
            LineParser inner = super.openParser(file, resume);
            return new LineParser() {
              @Override
              public void accept(io.github.cream.spi.LineView line, io.github.cream.spi.ParseSink sink) {
                if (line.length() == 1) {
                  throw new IllegalStateException("secret content " + line.buffer()[line.start()]);
                }
                inner.accept(line, sink);
              }

              @Override
              public ResumeState snapshot() {
                return inner.snapshot();
              }
            };
          }
        };
    UsageSnapshot s =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
            .discoverProviders(false)
            .bundledPrices(false)
            .source(throwing)
            .build()
            .scan();
    assertEquals(1, s.records().size());
    Diagnostic d = only(s, "cream.parser.failed");
    assertEquals(2, d.count());
    assertFalse(d.message().contains("secret"));
  }

  @Test
  void vanishedRootsAndUnreadableFilesAreDiagnostics() throws IOException {
    Path f = root().resolve("a.jsonl");
    write(f, Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n");
    assertTrue(f.toFile().setReadable(false));
    try {
      UsageSnapshot s = cream(1).build().scan();
      if (Files.isReadable(f)) {
        return; // running as a user who can read anything (root): nothing to check
      }
      assertEquals(0, s.records().size());
      assertEquals("cream.file.permission-denied", s.diagnostics().get(0).code());
    } finally {
      assertTrue(f.toFile().setReadable(true));
    }
  }

  private static Diagnostic only(UsageSnapshot s, String code) {
    List<Diagnostic> ds = s.diagnostics().stream().filter(d -> d.code().equals(code)).toList();
    assertEquals(1, ds.size(), () -> "expected one " + code + " in " + s.diagnostics());
    return ds.get(0);
  }
}
