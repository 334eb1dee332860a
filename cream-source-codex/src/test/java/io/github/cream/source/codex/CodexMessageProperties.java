package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Message;
import io.github.cream.testkit.ParserHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * The message parser resumes exactly: a file split at any line boundaries, each piece resuming from the message
 * parser's snapshot, gives exactly the messages (and records) of the whole file; garbage never throws and never
 * breaks the rule that the messages carry exactly the file's records.
 */
class CodexMessageProperties {

  static final List<String> SYNTHETIC = List.of(
      "messages.jsonl", "reemit.jsonl", "compaction.jsonl", "backwards.jsonl", "fork-child.jsonl",
      "fork-noids.jsonl", "spawn-child.jsonl", "model-switch.jsonl", "exec-output.jsonl",
      "legacy-pre-envelope.jsonl");

  static Path home;
  static Path synthetic;

  @BeforeContainer
  static void setUp() throws IOException, URISyntaxException {
    home = Files.createTempDirectory("codex-message-properties");
    synthetic = Path.of(CodexMessageProperties.class.getResource("/codex-synthetic/messages.jsonl").toURI())
        .getParent();
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
        "rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad920aa6f9.jsonl",
        "rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl",
        "rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl"));
  }

  @Property(tries = 300)
  void splittingASyntheticFileAnywhereGivesTheSameMessages(
      @ForAll("syntheticFixture") String name,
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 100_000) Integer> cuts) {
    assertResumable(synthetic.resolve(name), cuts);
  }

  @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
  void splittingARealRolloutAnywhereGivesTheSameMessages(
      @ForAll("realFixture") Path file,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cuts) {
    assertResumable(file, cuts);
  }

  @Property(tries = 10)
  void resumingAfterEveryLineGivesTheSameMessages(@ForAll("syntheticFixture") String name) {
    Path file = synthetic.resolve(name);
    assertSame(messages(file, List.of()), messages(file, boundaries(file)));
  }

  private static void assertResumable(Path file, List<Integer> cuts) {
    List<Long> b = boundaries(file);
    List<Long> stops = cuts.stream().map(c -> b.get(c % b.size())).distinct().sorted().toList();
    assertSame(messages(file, List.of()), messages(file, stops));
  }

  private static ParserHarness.Messages messages(Path file, List<Long> stops) {
    return ParserHarness.messagesInPieces(new CodexSource(), file.getParent(), file, Support.env(home), stops);
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
      "{\"timestamp\":\"2026-03-01T10:00:05.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
          + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"},{\"type\":\"input_image\","
          + "\"image_url\":\"data:image/png;base64,AAAA\"}]}}",
      "{\"timestamp\":\"2026-03-01T10:00:05.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":"
          + "\"function_call_output\",\"call_id\":\"c\",\"output\":{\"content\":\"x\",\"success\":false}}}",
      "{\"timestamp\":\"2026-03-01T10:00:05.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
          + "\"info\":{\"total_token_usage\":{\"input_tokens\":99999999,\"cached_input_tokens\":1,"
          + "\"output_tokens\":5,\"reasoning_output_tokens\":1,\"total_tokens\":100000004}}}}",
      "{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"mcp_tool_call\",\"server\":\"s\","
          + "\"tool\":\"t\",\"arguments\":{\"a\":[1,2]},\"result\":{\"content\":[]},\"status\":\"completed\"}}",
      "{\"timestamp\":\"2026-03-01T10:00:09.000Z\",\"type\":\"compacted\",\"payload\":{\"message\":\"s\","
          + "\"replacement_history\":[]}}",
    };
    Arbitrary<byte[]> truncated = Arbitraries.of(canned).flatMap(line ->
        Arbitraries.integers().between(0, line.length())
            .map(n -> line.substring(0, n).getBytes(StandardCharsets.UTF_8)));
    Arbitrary<byte[]> mutated = Arbitraries.of(canned).flatMap(line ->
        Arbitraries.integers().between(0, line.length() - 1).flatMap(at ->
            Arbitraries.of("42", "null", "[]", "{}", "\"s\"", "true", "[[[[", "\"\\ud800\"")
                .map(v -> (line.substring(0, at) + v + line.substring(at)).getBytes(StandardCharsets.UTF_8))));
    Arbitrary<byte[]> text = Arbitraries.strings().excludeChars('\n', '\r').ofMaxLength(120)
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().filter(b -> b != '\n' && b != '\r').array(byte[].class)
        .ofMaxSize(80);
    return Arbitraries.oneOf(truncated, mutated, text, bytes);
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
  void garbageNeverThrowsAndMessagesStillCarryExactlyTheRecords(
      @ForAll("syntheticFixture") String name,
      @ForAll @Size(max = 8) List<@From("garbage") byte[]> garbage,
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 1000) Integer> positions) throws IOException {
    List<byte[]> lines = splitLines(read(synthetic.resolve(name)));
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
    ParserHarness.Messages r = messages(dirty, List.of());
    assertFalse(r.usage().diagnostics().stream().anyMatch(d -> d.code().startsWith("cream.parser")),
        () -> r.usage().diagnostics().toString());
    assertEquals(r.usage().records(), r.messages().stream().flatMap(m -> m.usage().stream()).toList());
    assertEquals(Support.parse(home, dirty).records(), r.usage().records(), "the usage parser's records");
    for (Message m : r.messages()) {
      assertEquals(dirty, m.origin().file());
    }
  }

  private static List<byte[]> splitLines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(Arrays.copyOfRange(bytes, start, i));
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
