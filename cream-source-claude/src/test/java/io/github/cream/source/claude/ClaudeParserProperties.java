package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

/** Resuming anywhere gives what reading whole gives; garbage between lines never costs a valid record. */
class ClaudeParserProperties {

  private static final ClaudeSource SOURCE = new ClaudeSource();
  private static final Environment ENV = Fixtures.environment(Path.of(System.getProperty("java.io.tmpdir")));
  private static final Map<Path, ParserHarness.Result> WHOLE = new ConcurrentHashMap<>();
  private static Path scratch;

  /** A fixture file and the root it is read under. */
  record Sample(Path root, Path file) {
    @Override
    public String toString() {
      return root.relativize(file).toString();
    }
  }

  /** Every synthetic fixture, and every real Claude fixture when the shared fixtures are present. */
  static List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    Path synthetic = Fixtures.synthetic("streaming").getParent();
    try (Stream<Path> dirs = Files.list(synthetic)) {
      for (Path dir : dirs.sorted().collect(Collectors.toList())) {
        for (Path f : SOURCE.discover(dir, new WalkContext(ENV))) {
          out.add(new Sample(dir, f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SharedFixtures.find("claude").ifPresent(real -> {
      for (Path f : SOURCE.discover(real, new WalkContext(ENV))) {
        out.add(new Sample(real, f));
      }
    });
    return out;
  }

  private static ParserHarness.Result whole(Sample s) {
    return WHOLE.computeIfAbsent(s.file(), f -> ParserHarness.parse(SOURCE, s.root(), f, ENV));
  }

  @Provide
  Arbitrary<Sample> sample() {
    return Arbitraries.of(samples());
  }

  /** Per code, how many times it was reported (pieces report a problem once per piece it falls in). */
  private static Map<String, Long> counts(List<Diagnostic> ds) {
    Map<String, Long> m = new TreeMap<>();
    for (Diagnostic d : ds) {
      m.merge(d.code(), d.count(), Long::sum);
    }
    return m;
  }

  @Property(tries = 200)
  void parsingInPiecesEqualsParsingWhole(
      @ForAll("sample") Sample sample, @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1000) Integer> cuts)
      throws IOException {
    long size = Files.size(sample.file());
    List<Long> stops = cuts.stream().map(c -> size * c / 1000).sorted().distinct().collect(Collectors.toList());
    ParserHarness.Result whole = whole(sample);
    ParserHarness.Result pieces = ParserHarness.parseInPieces(SOURCE, sample.root(), sample.file(), ENV, stops);
    assertEquals(whole.records(), pieces.records());
    assertEquals(whole.facts(), pieces.facts());
    assertEquals(counts(whole.diagnostics()), counts(pieces.diagnostics()));
    assertEquals(whole.consumedOffset(), pieces.consumedOffset());
  }

  @Property(tries = 100)
  void readingMessagesInPiecesEqualsReadingWhole(
      @ForAll("sample") Sample sample, @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 1000) Integer> cuts)
      throws IOException {
    long size = Files.size(sample.file());
    List<Long> stops = cuts.stream().map(c -> size * c / 1000).sorted().distinct().collect(Collectors.toList());
    ParserHarness.Messages whole = ParserHarness.messages(SOURCE, sample.root(), sample.file(), ENV);
    ParserHarness.Messages pieces = ParserHarness.messagesInPieces(SOURCE, sample.root(), sample.file(), ENV, stops);
    assertEquals(whole.messages(), pieces.messages());
    // the message parser emits the usage parser's records and facts, and each record on one message
    assertEquals(whole(sample).records(), pieces.usage().records());
    assertEquals(whole(sample).facts(), pieces.usage().facts());
    assertEquals(whole(sample).records(),
        pieces.messages().stream().flatMap(m -> m.usage().stream()).collect(Collectors.toList()));
  }

  @Property(tries = 60)
  void resumingAtEveryLineOfASmallFileEqualsParsingWhole(@ForAll("sample") Sample sample) throws IOException {
    byte[] bytes = Files.readAllBytes(sample.file());
    if (bytes.length > 200_000) {
      return; // the large files are covered by random cuts
    }
    List<Long> stops = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        stops.add((long) i + 1);
      }
    }
    ParserHarness.Result pieces = ParserHarness.parseInPieces(SOURCE, sample.root(), sample.file(), ENV, stops);
    assertEquals(whole(sample).records(), pieces.records());
    assertEquals(whole(sample).facts(), pieces.facts());
  }

  @Provide
  Arbitrary<byte[]> garbage() {
    Arbitrary<byte[]> random = Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> jsonish =
        Arbitraries.of(
                "{", "}", "[]", "null", "\"usage\"", "{\"type\":\"assistant\"}", "{\"type\":\"user\",\"message\":",
                "{\"message\":{\"usage\":{\"input_tokens\":1}}}", "{\"type\":\"assistant\",\"message\":{\"usage\":5}}",
                "{\"type\":\"summary\",\"summary\":[1,{\"a\":[[[[",
                "{\"customTitle\":\"\\ud800\",\"type\":\"custom-title\"}", "\u0000\u0001\"user\"\r",
                "{\"sessionId\":\"x\\\"y\",\"type\":\"user\",\"message\":{\"content\":\"hi\"}",
                "{\"type\":\"assistant\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"message\":{\"usage\":{"
                    + "\"input_tokens\":99999999999999999999999999}}}")
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Arbitraries.oneOf(random, jsonish);
  }

  @Property(tries = 150)
  void garbageLinesNeverCostAValidRecordAndNeverThrow(
      @ForAll("sample") Sample sample,
      @ForAll @Size(max = 8) List<@From("garbage") byte[]> lines,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 10_000) Integer> where)
      throws IOException {
    byte[] bytes = Files.readAllBytes(sample.file());
    if (bytes.length > 300_000) {
      return;
    }
    List<byte[]> original = splitLines(bytes);
    List<byte[]> mixed = new ArrayList<>(original);
    for (int i = 0; i < lines.size(); i++) {
      int at = where.isEmpty() ? 0 : where.get(i % where.size()) % (mixed.size() + 1);
      mixed.add(at, lines.get(i));
    }
    Path root = Files.createTempDirectory(scratch(), "root");
    Path file = root.resolve(sample.root().relativize(sample.file()).toString());
    Files.createDirectories(file.getParent());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : mixed) {
      out.write(l);
      out.write('\n');
    }
    Files.write(file, out.toByteArray());
    ParserHarness.Result clean = whole(sample);
    ParserHarness.Result dirty = ParserHarness.parse(SOURCE, root, file, ENV);
    assertEquals(withoutOrigin(clean.records()), withoutOrigin(dirty.records()));
    assertTrue(
        // the engine's own note on a line of binary data is not a parser failure
        dirty.diagnostics().stream()
            .noneMatch(d -> d.code().startsWith("cream.") && !d.code().equals("cream.line.binary")),
        () -> "the parser failed: " + dirty.diagnostics());
  }

  @Property(tries = 100)
  void thePreFilterNeverRejectsALineTheParserWouldUse(
      @ForAll("sample") Sample sample,
      @ForAll @Size(max = 8) List<@From("garbage") byte[]> lines,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 10_000) Integer> where)
      throws IOException {
    byte[] bytes = Files.readAllBytes(sample.file());
    if (bytes.length > 300_000) {
      return;
    }
    List<byte[]> mixed = splitLines(bytes);
    for (int i = 0; i < lines.size(); i++) {
      int at = where.isEmpty() ? 0 : where.get(i % where.size()) % (mixed.size() + 1);
      mixed.add(at, lines.get(i));
      // and a line cut short, as a crash mid-write leaves it
      byte[] victim = mixed.get((at * 7 + 3) % mixed.size());
      mixed.add(at, java.util.Arrays.copyOf(victim, victim.length * (i + 1) / 9));
    }
    io.github.cream.spi.FileContext ctx =
        new io.github.cream.spi.FileContext("claude", sample.root(), sample.file(), ENV);
    io.github.cream.spi.LineParser parser = SOURCE.openParser(ctx, io.github.cream.spi.ResumeState.initial());
    long n = 0;
    for (byte[] bytesOfLine : mixed) {
      if (bytesOfLine.length == 0) {
        continue;
      }
      TestLine line = TestLine.of(bytesOfLine, ++n);
      Collecting sink = new Collecting();
      if (parser.wants(line)) {
        parser.accept(line, sink);
        continue;
      }
      io.github.cream.spi.LineParser probe = SOURCE.openParser(ctx, parser.snapshot());
      probe.accept(line, sink);
      assertTrue(sink.records.isEmpty() && sink.facts.isEmpty(),
          () -> "rejected a line the parser uses, line " + line.number() + " of " + sample);
    }
  }

  @Property(tries = 100)
  void theMessageParserNeverThrowsOnGarbageAndKeepsEveryRecordOnAMessage(
      @ForAll("sample") Sample sample,
      @ForAll @Size(max = 8) List<@From("garbage") byte[]> lines,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 10_000) Integer> where)
      throws IOException {
    byte[] bytes = Files.readAllBytes(sample.file());
    if (bytes.length > 300_000) {
      return;
    }
    List<byte[]> mixed = splitLines(bytes);
    for (int i = 0; i < lines.size(); i++) {
      int at = where.isEmpty() ? 0 : where.get(i % where.size()) % (mixed.size() + 1);
      mixed.add(at, lines.get(i));
      byte[] victim = mixed.get((at * 7 + 3) % mixed.size());
      mixed.add(at, java.util.Arrays.copyOf(victim, victim.length * (i + 1) / 9));
    }
    io.github.cream.spi.FileContext ctx =
        new io.github.cream.spi.FileContext("claude", sample.root(), sample.file(), ENV);
    io.github.cream.spi.LineParser parser =
        SOURCE.openMessageParser(ctx, io.github.cream.spi.ResumeState.initial());
    long n = 0;
    for (byte[] bytesOfLine : mixed) {
      if (bytesOfLine.length == 0) {
        continue;
      }
      TestLine line = TestLine.of(bytesOfLine, ++n);
      List<UsageRecord> onMessages = new ArrayList<>();
      Collecting sink = new Collecting() {
        @Override
        public void message(io.github.cream.api.Message m) {
          m.usage().ifPresent(onMessages::add);
        }
      };
      if (parser.wants(line)) {
        parser.accept(line, sink); // throwing fails the property
      }
      assertEquals(sink.records, onMessages, "every record of line " + n + " is on one of its messages");
      parser = SOURCE.openMessageParser(ctx, parser.snapshot()); // and resumes from any line
    }
  }

  /** A sink that keeps what it is given. */
  private static class Collecting implements io.github.cream.spi.ParseSink {
    final List<UsageRecord> records = new ArrayList<>();
    final List<io.github.cream.api.SessionFacts> facts = new ArrayList<>();

    @Override
    public void record(UsageRecord record) {
      records.add(record);
    }

    @Override
    public void session(io.github.cream.api.SessionFacts f) {
      facts.add(f);
    }

    @Override
    public void problem(io.github.cream.api.Severity severity, String code, String message) {}
  }

  private static List<String> withoutOrigin(List<UsageRecord> records) {
    return records.stream()
        .map(r -> r.sessionId() + "|" + r.messageId() + "|" + r.requestId() + "|" + r.timestamp() + "|" + r.tokens()
            + "|" + r.dedupKey() + "|" + r.flags() + "|" + r.model() + "|" + r.project())
        .collect(Collectors.toList());
  }

  private static List<byte[]> splitLines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(java.util.Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      out.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return out;
  }

  private static synchronized Path scratch() throws IOException {
    if (scratch == null) {
      scratch = Files.createTempDirectory("cream-claude-garbage");
    }
    return scratch;
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    if (scratch != null) {
      try (Stream<Path> walk = Files.walk(scratch)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.deleteIfExists(p);
        }
      }
      scratch = null;
    }
  }

  /** A plain recursive walk, for listing the fixtures the way the engine would. */
  private record WalkContext(Environment environment) implements io.github.cream.spi.DiscoveryContext {
    @Override
    public List<Path> files(Path directory, java.util.function.Predicate<Path> accept) {
      try (Stream<Path> walk = Files.walk(directory)) {
        return walk.filter(Files::isRegularFile).filter(accept).sorted().collect(Collectors.toList());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void problem(io.github.cream.api.Severity severity, String code, String message, Path path) {}
  }
}
