package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-filter on a long line's head only rules out lines that {@code wants} rejects whole (function call outputs
 * and other response items), and never in a message scan, which reads every line.
 */
class HeadPreFilterTest {

  @TempDir Path home;

  private static final ParseSink NONE = new ParseSink() {
    @Override
    public void record(UsageRecord record) {}

    @Override
    public void session(SessionFacts facts) {}

    @Override
    public void problem(Severity severity, String code, String message) {}
  };

  private record View(byte[] buffer, int start, int length, long number, Path file) implements LineView {
    @Override
    public long byteOffset() {
      return 0;
    }
  }

  private static List<Path> fixtures() throws IOException, URISyntaxException {
    List<Path> out = new ArrayList<>();
    Path synthetic = Path.of(HeadPreFilterTest.class.getResource("/codex-synthetic").toURI());
    for (Path dir : new Path[] {synthetic, SharedFixtures.find("codex").orElse(null)}) {
      if (dir == null) {
        continue;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void aHeadIsRuledOutOnlyWhenTheWholeLineIsRejected() throws Exception {
    CodexSource source = new CodexSource();
    long ruledOut = 0;
    for (Path file : fixtures()) {
      FileContext ctx = new FileContext("codex", file.getParent(), file, Support.env(home));
      LineParser parser = source.openParser(ctx, ResumeState.initial());
      LineParser messages = source.openMessageParser(ctx, ResumeState.initial());
      long n = 0;
      for (byte[] line : lines(Files.readAllBytes(file))) {
        n++;
        View whole = new View(line, 0, line.length, n, file);
        boolean wanted = parser.wants(whole);
        for (int cut : new int[] {100, 191, 192, 193, 400, line.length / 2, line.length - 1}) {
          if (cut <= 0 || cut >= line.length) {
            continue;
          }
          View head = new View(line, 0, cut, n, file);
          assertFalse(messages.skipsLineStartingWith(head), "a message scan reads every line");
          if (parser.skipsLineStartingWith(head)) {
            ruledOut++;
            long number = n;
            assertFalse(wanted, () -> "line " + number + " of " + file + " ruled out from " + cut + " bytes");
          }
        }
        if (wanted) {
          parser.accept(whole, NONE);
        }
      }
    }
    assertTrue(ruledOut > 0, "some heads were ruled out");
  }

  private static List<byte[]> lines(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        if (i > start) {
          out.add(Arrays.copyOfRange(bytes, start, i));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
