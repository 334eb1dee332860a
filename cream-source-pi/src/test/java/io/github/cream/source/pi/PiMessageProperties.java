package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cream.api.Diagnostic;
import io.github.cream.spi.Source;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The message parser resumes exactly: a file split at any line boundaries, each piece resuming from the message
 * parser's snapshot, gives exactly the messages (and records) of the whole file; garbage never throws and never
 * breaks the rule that the messages carry exactly the file's records.
 */
class PiMessageProperties {

  private static final Path HOME;

  static {
    try {
      HOME = Files.createTempDirectory("cream-pi-message-props");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (Stream<Path> s = Files.walk(HOME)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static final List<String> FILES =
      List.of(
          PiMessagesTest.MESSAGES,
          PiMessagesTest.BRANCHES,
          PiMessagesTest.OPENCLAW,
          "pi/sessions/--home-me-app--/forks/2026-03-01T11-00-00-000Z_bbbbbbbb-0000-4000-8000-000000000002.jsonl",
          "pi/sessions/--home-me-app--/2025-11-20T12-00-00-000Z_dddddddd-0000-4000-8000-000000000004.jsonl",
          "pi/hostile/2026-05-01T00-00-00-000Z_99999999-0000-4000-8000-000000000007.jsonl",
          "openclaw/state/agents/main/sessions/55555555-0000-4000-8000-00000000000e.jsonl.reset.2026-04-06T00-00-00.000Z");

  private static final List<String> REAL =
      List.of(
          "pi/pi-mono/large-session.jsonl",
          "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/003d9e5b-51f2-496b-911f-3564cacac047.jsonl",
          "openclaw/42naodia-moltbot-config/agents/main/sessions/76cc5ab5-0425-4038-b41f-0af9f313d594.jsonl");

  private static Source sourceFor(String file) {
    return file.startsWith("openclaw/") ? new OpenClawSource() : new PiSource();
  }

  @Provide
  Arbitrary<Tuple2<String, List<Integer>>> fileAndCuts() {
    return Arbitraries.of(FILES)
        .flatMap(f -> Arbitraries.integers().between(0, 100_000).list().ofMaxSize(10).map(c -> Tuple.of(f, c)));
  }

  @Provide
  Arbitrary<Tuple2<String, List<Integer>>> realFileAndCuts() {
    REAL.forEach(SharedFixtures::require); // skips the property when the shared fixtures are not there
    return Arbitraries.of(REAL)
        .flatMap(f -> Arbitraries.integers().between(0, 100_000).list().ofMinSize(1).ofMaxSize(12)
            .map(c -> Tuple.of(f, c)));
  }

  @Property(tries = 300)
  void splittingAtAnyLineBoundaryGivesTheSameMessages(@ForAll("fileAndCuts") Tuple2<String, List<Integer>> in) {
    assertResumable(in.get1(), Scans.resources().resolve(in.get1()), in.get2());
  }

  @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
  void splittingARealSessionAnywhereGivesTheSameMessages(
      @ForAll("realFileAndCuts") Tuple2<String, List<Integer>> in) {
    assertResumable(in.get1(), SharedFixtures.find(in.get1()).orElseThrow(), in.get2());
  }

  @Property(tries = 7)
  void resumingAfterEveryLineGivesTheSameMessages(@ForAll("files") String name) {
    Path file = Scans.resources().resolve(name);
    Source source = sourceFor(name);
    assertSame(messages(source, file, List.of()), messages(source, file, boundaries(file)));
  }

  @Provide
  Arbitrary<String> files() {
    return Arbitraries.of(FILES);
  }

  private static void assertResumable(String name, Path file, List<Integer> cuts) {
    List<Long> b = boundaries(file);
    TreeSet<Long> stops = new TreeSet<>();
    for (int c : cuts) {
      stops.add(b.get(c % b.size()));
    }
    Source source = sourceFor(name);
    assertSame(messages(source, file, List.of()), messages(source, file, List.copyOf(stops)));
  }

  private static ParserHarness.Messages messages(Source source, Path file, List<Long> stops) {
    return ParserHarness.messagesInPieces(source, file.getParent(), file, Scans.env(HOME), stops);
  }

  private static void assertSame(ParserHarness.Messages whole, ParserHarness.Messages pieces) {
    assertEquals(whole.messages(), pieces.messages());
    assertEquals(whole.usage().records(), pieces.usage().records());
    assertEquals(codeCounts(whole.usage().diagnostics()), codeCounts(pieces.usage().diagnostics()));
  }

  private static Map<String, Long> codeCounts(List<Diagnostic> ds) {
    return ds.stream().collect(Collectors.groupingBy(Diagnostic::code, TreeMap::new,
        Collectors.summingLong(Diagnostic::count)));
  }

  private static List<Long> boundaries(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add((long) i + 1);
      }
    }
    return out;
  }

  // ---- garbage

  @Provide
  Arbitrary<String> garbage() {
    String[] canned = {
      "{\"type\":\"message\",\"id\":\"z1\",\"timestamp\":\"2026-03-01T10:00:01.000Z\",\"message\":{\"role\":\"user\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"},{\"type\":\"image\",\"data\":\"AAAA\",\"mimeType\":\"image/png\"}]}}",
      "{\"type\":\"message\",\"id\":\"z2\",\"timestamp\":\"2026-03-01T10:00:02.000Z\",\"message\":{\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"toolCall\",\"id\":\"t\",\"name\":\"n\",\"arguments\":{\"a\":[1]}}],"
          + "\"provider\":\"anthropic\",\"model\":\"m\",\"usage\":{\"input\":1,\"output\":2,\"cacheRead\":3,"
          + "\"cacheWrite\":4,\"totalTokens\":10},\"stopReason\":\"toolUse\"}}",
      "{\"type\":\"message\",\"id\":\"z3\",\"message\":{\"role\":\"toolResult\",\"toolCallId\":\"t\",\"content\":"
          + "[{\"type\":\"text\",\"text\":\"out\"}],\"isError\":true}}",
      "{\"type\":\"compaction\",\"id\":\"z4\",\"summary\":\"s\",\"firstKeptEntryId\":\"z1\",\"tokensBefore\":5}",
      "{\"type\":\"message\",\"id\":\"z5\",\"message\":{\"role\":\"bashExecution\",\"command\":\"ls\",\"output\":\"x\","
          + "\"exitCode\":0}}",
    };
    Arbitrary<String> truncated = Arbitraries.of(canned).flatMap(line ->
        Arbitraries.integers().between(0, line.length()).map(n -> line.substring(0, n)));
    Arbitrary<String> mutated = Arbitraries.of(canned).flatMap(line ->
        Arbitraries.integers().between(0, line.length() - 1).flatMap(at ->
            Arbitraries.of("42", "null", "[]", "{}", "\"s\"", "true", "[[[[", "\"\\ud800\"")
                .map(v -> line.substring(0, at) + v + line.substring(at))));
    Arbitrary<String> chars = Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\u4e2d')
        .ofMaxLength(60);
    return Arbitraries.oneOf(truncated, mutated, chars);
  }

  @Provide
  Arbitrary<List<String>> garbageLists() {
    return garbage().list().ofMaxSize(8);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void garbageNeverThrowsAndMessagesStillCarryExactlyTheRecords(
      @ForAll("fileAndCuts") Tuple2<String, List<Integer>> in, @ForAll("garbageLists") List<String> junk)
      throws IOException {
    Path file = Scans.resources().resolve(in.get1());
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    List<Integer> at = in.get2();
    for (int i = 0; i < junk.size(); i++) {
      int pos = at.isEmpty() ? 1 : 1 + at.get(i % at.size()) % lines.size();
      lines.add(pos, junk.get(i));
    }
    Path dirty = Files.createTempDirectory(HOME, "g").resolve(file.getFileName().toString());
    Files.writeString(dirty, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    Source source = sourceFor(in.get1());
    ParserHarness.Messages r = messages(source, dirty, List.of());
    assertFalse(r.usage().diagnostics().stream().anyMatch(d -> d.code().startsWith("cream.parser")),
        () -> r.usage().diagnostics().toString());
    assertEquals(r.usage().records(), r.messages().stream().flatMap(m -> m.usage().stream()).toList());
    assertEquals(ParserHarness.parse(source, dirty.getParent(), dirty, Scans.env(HOME)).records(),
        r.usage().records(), "the usage parser's records");
  }
}
