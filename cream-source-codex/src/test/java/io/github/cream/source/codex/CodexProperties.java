package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Origin;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Parsing is deterministic and robust: a file split at any line boundaries and resumed from the parser's snapshot
 * gives exactly what the whole file gives; garbage lines anywhere never cost a valid record and never throw.
 */
class CodexProperties {

  static final List<String> SYNTHETIC = List.of(
      "reemit.jsonl", "compaction.jsonl", "backwards.jsonl", "last-only.jsonl", "fork-parent.jsonl",
      "fork-child.jsonl", "fork-noids.jsonl", "spawn-parent.jsonl", "spawn-child.jsonl", "sibling-a.jsonl",
      "model-switch.jsonl", "no-model.jsonl", "cache-write.jsonl", "exec-output.jsonl", "legacy-pre-envelope.jsonl");

  static Path home;
  static Path synthetic;

  @BeforeContainer
  static void setUp() throws IOException, URISyntaxException {
    home = Files.createTempDirectory("codex-properties");
    synthetic = Path.of(CodexProperties.class.getResource("/codex-synthetic/reemit.jsonl").toURI()).getParent();
  }

  @AfterContainer
  static void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(home)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Provide
  Arbitrary<String> syntheticFixture() {
    return Arbitraries.of(SYNTHETIC);
  }

  /** Real rollouts from the shared fixtures; skips the property when they are not there. */
  @Provide
  Arbitrary<Path> realFixture() {
    return Arbitraries.of(Support.localpushRollouts(
        "rollout-2026-02-23T12-40-23-019c8a4c-ed82-79a1-aa28-7738fc5ab61a.jsonl",
        "rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad920aa6f9.jsonl",
        "rollout-2026-02-23T12-54-34-019c8a59-e9dd-71f0-9ae3-4079fe9726a9.jsonl",
        "rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl"));
  }

  // ---- resuming at any line boundary

  @Property(tries = 400)
  void splittingASyntheticFileAnywhereGivesTheSameResult(
      @ForAll("syntheticFixture") String name,
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 100_000) Integer> cuts) {
    assertResumable(synthetic.resolve(name), cuts);
  }

  @Property(tries = 40, edgeCases = EdgeCasesMode.NONE)
  void splittingARealRolloutAnywhereGivesTheSameResult(
      @ForAll("realFixture") Path file,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cuts) {
    assertResumable(file, cuts);
  }

  @Property(tries = 15)
  void resumingAfterEveryLineGivesTheSameResult(@ForAll("syntheticFixture") String name) {
    Path file = synthetic.resolve(name);
    ParserHarness.Result whole = Support.parse(home, file);
    ParserHarness.Result pieces =
        ParserHarness.parseInPieces(new CodexSource(), file.getParent(), file, Support.env(home), boundaries(file));
    assertSame(whole, pieces);
  }

  private static void assertResumable(Path file, List<Integer> cuts) {
    List<Long> b = boundaries(file);
    List<Long> stops = cuts.stream().map(c -> b.get(c % b.size())).distinct().sorted().toList();
    ParserHarness.Result whole = Support.parse(home, file);
    ParserHarness.Result pieces =
        ParserHarness.parseInPieces(new CodexSource(), file.getParent(), file, Support.env(home), stops);
    assertSame(whole, pieces);
  }

  private static void assertSame(ParserHarness.Result whole, ParserHarness.Result pieces) {
    assertEquals(whole.records(), pieces.records());
    assertEquals(whole.facts(), pieces.facts());
    assertEquals(codeCounts(whole.diagnostics()), codeCounts(pieces.diagnostics()));
    assertEquals(whole.consumedOffset(), pieces.consumedOffset());
  }

  private static Map<String, Long> codeCounts(List<Diagnostic> ds) {
    return ds.stream().collect(Collectors.groupingBy(Diagnostic::code, TreeMap::new,
        Collectors.summingLong(Diagnostic::count)));
  }

  /** The offsets just after every newline. */
  private static List<Long> boundaries(Path file) {
    byte[] bytes = read(file);
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
  Arbitrary<byte[]> garbage() {
    String[] canned = {
      "{\"timestamp\":\"2026-03-01T10:00:05.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
          + "\"info\":{\"total_token_usage\":{\"input_tokens\":99999999,\"cached_input_tokens\":1,"
          + "\"output_tokens\":5,\"reasoning_output_tokens\":1,\"total_tokens\":100000004}}}}",
      "{\"timestamp\":\"2026-03-01T10:00:01.000Z\",\"type\":\"turn_context\",\"payload\":{\"turn_id\":"
          + "\"019ca8d7-3000-7000-8000-000000000000\",\"model\":\"gpt-garbage\"}}",
      "{\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"garbage\","
          + "\"forked_from_id\":\"parent\"}}",
      "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":5000000,\"output_tokens\":7}}",
    };
    Arbitrary<byte[]> truncated = Arbitraries.of(canned).flatMap(line ->
        Arbitraries.integers().between(0, line.length() - 1)
            .map(n -> line.substring(0, n).getBytes(StandardCharsets.UTF_8)));
    Arbitrary<byte[]> text = Arbitraries.strings().excludeChars('\n', '\r').ofMaxLength(120)
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> needles = Arbitraries.strings().excludeChars('\n', '\r').ofMaxLength(40)
        .map(s -> ("{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":" + s)
            .getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().filter(b -> b != '\n' && b != '\r').array(byte[].class)
        .ofMaxSize(80);
    Arbitrary<byte[]> harmless = Arbitraries.of(
            "[\"token_count\",\"turn_context\"]", "\"session_meta\"", "42", "null", "{}",
            "{\"type\":\"noise\",\"payload\":{\"type\":\"token_count\",\"note\":\"turn_context\"}}",
            "{\"type\":\"event_msg\",\"payload\":{\"type\":\"agent_message\",\"message\":\"\\\"token_count\\\"\"}}",
            "{\"record_type\":\"state\"}")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.oneOf(truncated, text, needles, bytes, harmless);
  }

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void garbageLinesNeverLoseValidRecordsAndNeverThrow(
      @ForAll("syntheticFixture") String name,
      @ForAll @Size(max = 8) List<@From("garbage") byte[]> garbage,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1000) Integer> positions) throws IOException {
    Path clean = synthetic.resolve(name);
    List<byte[]> lines = splitLines(read(clean));
    for (int i = 0; i < garbage.size(); i++) {
      int at = positions.isEmpty() ? 0 : positions.get(i % positions.size()) % (lines.size() + 1);
      lines.add(at, garbage.get(i));
    }
    Path dirty = Files.createTempFile(home, "dirty", ".jsonl");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.write(l);
      out.write('\n');
    }
    Files.write(dirty, out.toByteArray());
    ParserHarness.Result expected = Support.parse(home, clean);
    ParserHarness.Result actual = ParserHarness.parse(new CodexSource(), clean.getParent(), dirty, Support.env(home));
    assertEquals(withoutOrigin(expected.records()), withoutOrigin(actual.records()));
    assertFalse(actual.diagnostics().stream().anyMatch(d -> d.code().startsWith("cream.parser")),
        () -> actual.diagnostics().toString());
  }

  private static List<UsageRecord> withoutOrigin(List<UsageRecord> records) {
    Origin none = new Origin(Path.of("x"), 1, 0);
    return records.stream().map(r -> r.toBuilder().origin(none).build()).toList();
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
    return out;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
