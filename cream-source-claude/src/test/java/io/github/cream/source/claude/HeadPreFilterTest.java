package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pre-filter on a long line's head ({@code skipsLineStartingWith}) only ever rules out lines that
 * {@code wants} rejects whole, at every point of every fixture (titles found or not, sessions switching), for
 * heads cut anywhere; and it does rule out the long lines that matter: tool results, progress and snapshots.
 */
class HeadPreFilterTest {

  private static final ClaudeSource SOURCE = new ClaudeSource();
  private static final Environment ENV = Fixtures.environment(Path.of(System.getProperty("java.io.tmpdir")));

  @Test
  void aHeadIsRuledOutOnlyWhenTheWholeLineIsRejected() throws IOException {
    long ruledOut = 0;
    for (ClaudeParserProperties.Sample sample : ClaudeParserProperties.samples()) {
      LineParser parser =
          SOURCE.openParser(new FileContext("claude", sample.root(), sample.file(), ENV), ResumeState.initial());
      long n = 0;
      for (byte[] line : lines(Files.readAllBytes(sample.file()))) {
        n++;
        TestLine whole = new TestLine(line, 0, line.length, n, sample.file());
        boolean wanted = parser.wants(whole);
        for (int cut : cuts(line.length)) {
          if (parser.skipsLineStartingWith(new TestLine(line, 0, cut, n, sample.file()))) {
            ruledOut++;
            long number = n;
            assertFalse(wanted, () -> "a head of " + cut + " bytes ruled out line " + number + " of " + sample
                + ", which the parser wants");
          }
        }
        if (wanted) {
          parser.accept(whole, NONE);
        }
      }
    }
    // the synthetic fixtures have a few long lines; the real ones, when present, thousands
    long expected = SharedFixtures.find("claude").isPresent() ? 1000 : 10;
    assertTrue(ruledOut > expected, "heads were ruled out: " + ruledOut);
  }

  @Test
  void longToolResultsProgressAndSnapshotsAreRuledOutFromTheirHeads() {
    String head = "{\"parentUuid\":\"p\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/w\","
        + "\"sessionId\":\"0a1b2c3d-0000-4000-8000-000000000001\",\"version\":\"2.1.39\",\"gitBranch\":\"main\",";
    LineParser parser = SOURCE.openParser(
        new FileContext("claude", Path.of("/projects"), Path.of("/projects/-w/s.jsonl"), ENV), ResumeState.initial());
    String prompt = head + "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"fix the build\"},"
        + "\"uuid\":\"u1\",\"timestamp\":\"2026-02-10T10:00:00.000Z\"}";
    TestLine first = TestLine.of(prompt);
    if (parser.wants(first)) {
      parser.accept(first, NONE);
    }
    String toolResult = head + "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"t\","
        + "\"type\":\"tool_result\",\"content\":\"" + "x".repeat(5000);
    assertTrue(parser.skipsLineStartingWith(TestLine.of(toolResult)), "a tool result once the session has a title");
    assertTrue(parser.skipsLineStartingWith(TestLine.of(head + "\"type\":\"progress\",\"data\":{\"type\":\"bash")));
    assertTrue(parser.skipsLineStartingWith(
        TestLine.of("{\"type\":\"file-history-snapshot\",\"messageId\":\"m\",\"snapshot\":{\"trackedFileBackups\":{")));
    assertFalse(parser.skipsLineStartingWith(TestLine.of(head + "\"message\":{\"model\":\"claude\",\"content\":[")),
        "an assistant line is never ruled out");
    assertFalse(parser.skipsLineStartingWith(TestLine.of(head.substring(0, 100))), "not settled within the head");
  }

  private static final ParseSink NONE = new ParseSink() {
    @Override
    public void record(io.github.cream.api.UsageRecord record) {}

    @Override
    public void session(io.github.cream.api.SessionFacts facts) {}

    @Override
    public void problem(io.github.cream.api.Severity severity, String code, String message) {}
  };

  private static int[] cuts(int length) {
    return Arrays.stream(new int[] {1, 2, 16, 64, 150, 300, 600, 1200, length / 2, length - 1})
        .filter(c -> c > 0 && c < length)
        .distinct()
        .toArray();
  }

  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        if (end > start) {
          out.add(Arrays.copyOfRange(bytes, start, end));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
