package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Source;
import io.github.cream.testkit.ParserHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;

/** Resume and garbage properties of the shared parser, over this module's synthetic fixtures. */
class ParserProperties {

  private static final Path HOME;

  static {
    try {
      HOME = Files.createTempDirectory("cream-pi-props");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (var s = Files.walk(HOME)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static final List<String> FILES =
      List.of(
          "pi/sessions/--home-me-app--/2026-03-01T10-00-00-000Z_aaaaaaaa-0000-4000-8000-000000000001.jsonl",
          "pi/sessions/--home-me-app--/forks/2026-03-01T11-00-00-000Z_bbbbbbbb-0000-4000-8000-000000000002.jsonl",
          "pi/sessions/--home-me-app--/2025-11-20T12-00-00-000Z_dddddddd-0000-4000-8000-000000000004.jsonl",
          "pi/apis/2026-04-01T00-00-00-000Z_ffffffff-0000-4000-8000-000000000006.jsonl",
          "pi/hostile/2026-05-01T00-00-00-000Z_99999999-0000-4000-8000-000000000007.jsonl",
          "openclaw/state/agents/main/sessions/11111111-0000-4000-8000-00000000000a.jsonl",
          "openclaw/state/agents/main/sessions/55555555-0000-4000-8000-00000000000e.jsonl.reset.2026-04-06T00-00-00.000Z");

  private static Source sourceFor(String file) {
    return file.startsWith("openclaw/") ? new OpenClawSource() : new PiSource();
  }

  @Provide
  Arbitrary<Tuple2<String, List<Integer>>> fileAndCuts() {
    return Arbitraries.of(FILES)
        .flatMap(f -> Arbitraries.integers().between(0, 1000).list().ofMaxSize(8).map(cuts -> Tuple.of(f, cuts)));
  }

  /** Parsing in pieces, resuming from a snapshot at any set of line boundaries, gives what parsing whole gives. */
  @Property(tries = 200)
  void splittingAtAnyLineBoundaryGivesTheSameRecordsAndFacts(
      @ForAll("fileAndCuts") Tuple2<String, List<Integer>> input) throws IOException {
    Path file = Scans.resources().resolve(input.get1());
    byte[] bytes = Files.readAllBytes(file);
    List<Long> boundaries = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        boundaries.add((long) i + 1);
      }
    }
    TreeSet<Long> stops = new TreeSet<>();
    for (int c : input.get2()) {
      stops.add(boundaries.get(c % boundaries.size()));
    }
    Source source = sourceFor(input.get1());
    ParserHarness.Result whole = ParserHarness.parse(source, file.getParent(), file, Scans.env(HOME));
    ParserHarness.Result pieces =
        ParserHarness.parseInPieces(source, file.getParent(), file, Scans.env(HOME), List.copyOf(stops));
    assertEquals(whole.records(), pieces.records());
    assertEquals(whole.facts(), pieces.facts());
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> words =
        Arbitraries.of("\"usage\"", "\"session\"", "\"user\"", "\"model_change\"", "{", "}", "[", "]", ":", ",",
            "\"type\"", "\"message\"", "1e999", "-1", "null", "\"assistant\"", "\\", "\"");
    Arbitrary<String> chars = Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\u4e2d').ofMaxLength(40);
    return Arbitraries.oneOf(words, chars).list().ofMinSize(1).ofMaxSize(30).map(l -> String.join("", l));
  }

  /** Garbage lines anywhere never lose, change or add a valid call. */
  @Property(tries = 200)
  void garbageLinesNeverLoseAValidRecord(
      @ForAll("fileAndCuts") Tuple2<String, List<Integer>> input,
      @ForAll("garbageLists") List<String> junk) throws IOException {
    Path file = Scans.resources().resolve(input.get1());
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    List<Integer> at = input.get2();
    for (int i = 0; i < junk.size() && i < at.size(); i++) {
      // after the header, so that garbage cannot pose as the session's header
      lines.add(1 + at.get(i) % lines.size(), junk.get(i));
    }
    Path dirty = Files.createTempDirectory(HOME, "g").resolve(file.getFileName().toString());
    Files.writeString(dirty, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Source source = sourceFor(input.get1());
    List<String> clean = calls(ParserHarness.parse(source, file.getParent(), file, Scans.env(HOME)).records());
    List<String> withGarbage = calls(ParserHarness.parse(source, dirty.getParent(), dirty, Scans.env(HOME)).records());
    assertEquals(clean, withGarbage);
  }

  @Provide
  Arbitrary<List<String>> garbageLists() {
    return garbage().list().ofMaxSize(8);
  }

  /** A call without where it was read (garbage moves lines). */
  private static List<String> calls(List<UsageRecord> records) {
    return records.stream()
        .map(r -> String.join("|", r.sessionId(), r.provider(), r.model(), r.timestamp().toString(),
            r.tokens().toString(), r.recordedCost().toString(), r.dedupKey().toString(), r.flags().toString()))
        .toList();
  }
}
