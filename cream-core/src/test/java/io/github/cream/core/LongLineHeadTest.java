package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line longer than the read buffer that the parser rules out from its first bytes
 * ({@link LineParser#skipsLineStartingWith}) is skipped without being held: counted as a line, never handed to the
 * parser, its neighbours read as usual, the index's fingerprints the same as when it is held.
 */
class LongLineHeadTest {

  @TempDir Path home;

  private static final byte[] SKIP = "{\"skip\":".getBytes(StandardCharsets.US_ASCII);

  /** FakeSource, whose parser also rules out, from their heads, lines that start with {@code {"skip":}. */
  static final class HeadSource extends FakeSource {
    final AtomicLong heads = new AtomicLong();
    final AtomicLong longestSeen = new AtomicLong();
    final boolean decide;

    HeadSource(Path root, boolean decide) {
      super("fake", root);
      this.decide = decide;
    }

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      LineParser inner = super.openParser(file, resume);
      return new LineParser() {
        @Override
        public boolean wants(LineView line) {
          longestSeen.accumulateAndGet(line.length(), Math::max);
          return !startsWithSkip(line) && inner.wants(line);
        }

        @Override
        public boolean skipsLineStartingWith(LineView head) {
          heads.incrementAndGet();
          return decide && startsWithSkip(head);
        }

        @Override
        public void accept(LineView line, ParseSink sink) {
          inner.accept(line, sink);
        }

        @Override
        public ResumeState snapshot() {
          return inner.snapshot();
        }
      };
    }

    private static boolean startsWithSkip(LineView line) {
      if (line.length() < SKIP.length) {
        return false;
      }
      for (int i = 0; i < SKIP.length; i++) {
        if (line.buffer()[line.start() + i] != SKIP[i]) {
          return false;
        }
      }
      return true;
    }
  }

  private Cream.Builder cream(HeadSource source) {
    return Cream.builder()
        .environment(
            Environment.of(
                Map.of("HOME", home.toString()),
                Clock.fixed(Instant.parse("2026-11-21T19:00:00Z"), ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .parallelism(1)
        .indexDirectory(home.resolve("index-" + source.decide))
        .source(source);
  }

  private static String skipLine(int size) {
    // "t" inside the value: the marker FakeSource's own pre-filter looks for, so only the head rule rejects it
    return "{\"skip\":\"" + "\\\"t\\\" ".repeat(size / 7) + "\"}";
  }

  private Path history(int longLine) throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    Path file = root.resolve("a.jsonl");
    Files.writeString(file,
        Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n"
            + skipLine(longLine) + "\n"
            + Lines.call("s1", "2026-11-20T10:00:02Z", 2, 1) + "\n"
            + skipLine(longLine) + "\r\n"
            + Lines.call("s1", "2026-11-20T10:00:03Z", 4, 1) + "\n",
        StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void aLongLineRuledOutByItsHeadIsNeverHeldAndTheRestIsRead() throws IOException {
    history(3_000_000);
    HeadSource source = new HeadSource(home.resolve(".fake"), true);
    UsageSnapshot s = cream(source).build().scan();
    assertEquals(3, s.records().size());
    assertEquals(7, s.totals().tokens().input());
    assertEquals(5, s.stats().linesRead());
    assertEquals(0, s.stats().malformedLines());
    assertTrue(s.diagnostics().stream().allMatch(d -> d.code().startsWith("cream.price.")),
        () -> s.diagnostics().toString());
    assertTrue(source.heads.get() >= 2, "asked about both long lines");
    assertTrue(source.longestSeen.get() < 1_000, "no long line reached wants: " + source.longestSeen.get());
    assertEquals(5, s.records().get(2).record().origin().line(), "line numbers count the skipped lines");
  }

  @Test
  void theSameRecordsAndFingerprintsAsWhenTheLineIsHeld() throws IOException {
    Path file = history(3_000_000);
    HeadSource skipping = new HeadSource(home.resolve(".fake"), true);
    HeadSource holding = new HeadSource(home.resolve(".fake"), false);
    Cream a = cream(skipping).build();
    Cream b = cream(holding).build();
    UsageSnapshot first = a.scan();
    assertEquals(b.scan().records(), first.records());
    assertTrue(holding.longestSeen.get() > 2_000_000, "the holding parser saw the whole line");
    // an append: both resume from their saved offset after checking the windows' fingerprints; a fingerprint
    // computed from a skipped line that did not match the bytes on disk would make the scan read everything again
    Files.writeString(file, Lines.call("s1", "2026-11-20T10:00:04Z", 8, 1) + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    UsageSnapshot second = a.scan();
    UsageSnapshot held = b.scan();
    assertEquals(held.records(), second.records());
    assertEquals(15, second.totals().tokens().input());
    assertTrue(second.stats().bytesRead() < 100_000, "only the appended line was read: " + second.stats());
    assertEquals(held.stats().bytesRead(), second.stats().bytesRead());
  }

  @Test
  void aSkippedLineLongerThanTheLimitIsStillReportedAsTooLong() throws IOException {
    history(50_000);
    HeadSource source = new HeadSource(home.resolve(".fake"), true);
    UsageSnapshot s = cream(source).maxLineBytes(8192).build().scan();
    assertEquals(3, s.records().size());
    assertEquals(2, s.stats().malformedLines());
    Diagnostic d = s.diagnostics().stream().filter(x -> x.code().equals("cream.line.too-long")).findFirst()
        .orElseThrow();
    assertEquals(2, d.count());
    assertEquals(2, d.line().getAsLong());
  }
}
