package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.api.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hostile-input suite: every case is laid out as the agent writes it, in a temporary home, and scanned end to
 * end twice, through {@code Cream.builder()...scan()} and through the CLI ({@code daily --json}, status 0). Each case
 * pins how many calls and tokens are counted (every valid call, nothing else) and exactly which diagnostics name
 * which file and line. Every case runs for every built-in source.
 */
class HostileInputSuiteTest {

  @TempDir Path home;

  /** What a case must give: calls, tokens, and the located diagnostics ({@code code@file:line}). */
  record Expect(long calls, long tokens, List<String> located) {}

  /** Scans through the library and the CLI, and checks both against the expectation. */
  private UsageSnapshot check(Agents agent, String name, Consumer<Cream.Builder> extra, Expect expected)
      throws IOException {
    UsageSnapshot s = Scans.library(home, extra);
    Scans.Outcome o = Scans.outcome(s);
    HostileExpectations.note(agent, name, o);
    assertEquals(expected.calls(), o.calls(), "calls counted");
    assertEquals(expected.tokens(), o.tokens(), "tokens counted");
    assertEquals(expected.located(), o.located(), "located diagnostics");
    s.diagnostics().forEach(d -> assertTrue(!d.code().equals("cream.parser.failed"), "no parser exception: " + d));
    Scans.cliAgrees(home, extra, o);
    // and once more, now from the scan index the two scans saved: the same answer
    Scans.Outcome again = Scans.outcome(Scans.library(home, extra));
    assertEquals(o.calls(), again.calls(), "calls from the index");
    assertEquals(o.tokens(), again.tokens(), "tokens from the index");
    assertEquals(o.located(), again.located(), "diagnostics from the index");
    return s;
  }

  private UsageSnapshot check(Agents agent, String name, Expect expected) throws IOException {
    return check(agent, name, b -> {}, expected);
  }

  private static Expect expect(Agents a, String name, long calls, long tokens) {
    return new Expect(calls, tokens, HostileExpectations.expected(a, name));
  }

  // ---- framing and files ------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Agents.class)
  void crlfLineEnds(Agents a) throws IOException {
    a.transcript(1).good(1, 2, 3, 4, 5, 6).write(home, true);
    check(a, "crlf", expect(a, "crlf", 6, Agents.tokensOfGood(1, 2, 3, 4, 5, 6)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void emptyFileAndDirectoryNamedJsonl(Agents a) throws IOException {
    a.transcript(1).good(1, 2, 3).write(home);
    Path empty = a.file(home, 2);
    Files.createDirectories(empty.getParent());
    Files.write(empty, new byte[0]);
    Files.createDirectories(a.folder(home).resolve("x.jsonl"));
    check(a, "empty", expect(a, "empty", 3, Agents.tokensOfGood(1, 2, 3)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void binaryFileNamedJsonl(Agents a) throws IOException {
    a.transcript(1).good(1, 2, 3).write(home);
    byte[] junk = new byte[256 * 1024];
    new Random(42).nextBytes(junk);
    Path bin = a.file(home, 2);
    Files.createDirectories(bin.getParent());
    Files.write(bin, junk);
    check(a, "binary", expect(a, "binary", 3, Agents.tokensOfGood(1, 2, 3)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void nonUtf8Bytes(Agents a) throws IOException {
    byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0x80};
    Agents.Transcript t = a.transcript(1).good(1, 2);
    t.raw(replace(noise(a, "@@X@@"), "@@X@@", bad));                    // a prompt with broken bytes
    t.raw(replace(a.line(1, Agents.Call.good(9).text("@@X@@"), t.running()), "@@X@@", bad)); // an answer with them
    t.good(3, 4).write(home);
    check(a, "non-utf8", expect(a, "non-utf8", 4, Agents.tokensOfGood(1, 2, 3, 4)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void fortyMegabyteLines(Agents a) throws IOException {
    String big = "x".repeat(40 * 1024 * 1024);
    Agents.Transcript t = a.transcript(1).good(1, 2);
    t.raw(noise(a, big));                                     // 40 MB without usage: a tool output
    t.counted(Agents.Call.good(3).text(big));                 // 40 MB with usage: counted
    t.good(4).write(home);
    check(a, "40mb", expect(a, "40mb", 4, Agents.tokensOfGood(1, 2, 3, 4)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void hundredThousandDeepNesting(Agents a) throws IOException {
    Agents.Transcript t = a.transcript(1).good(1, 2);
    t.raw("[".repeat(100_000));                                                   // top level, never closed
    t.raw("{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000));              // top level, closed
    t.raw(a.line(1, Agents.Call.good(9).text("@@X@@"), t.running())
        .replace("\"@@X@@\"", "[".repeat(100_000) + "]".repeat(100_000)));    // inside a call
    t.raw(noise(a, "@@X@@").replace("\"@@X@@\"", "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000)));
    t.good(3, 4).write(home);
    check(a, "deep", expect(a, "deep", 4, Agents.tokensOfGood(1, 2, 3, 4)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void unusualButValidContentStillCounts(Agents a) throws IOException {
    // valid JSON a model may well write into a call's content or tool input: long numbers, long keys, deep-ish
    // nesting; the call's usage must still count
    Agents.Transcript t = a.transcript(1).good(1, 2);
    String odd = "{\"n\":" + "7".repeat(900) + ",\"f\":-" + "3".repeat(400) + ".5e-" + "9".repeat(50)
        + ",\"" + "k".repeat(20_000) + "\":" + "[".repeat(60) + "1" + "]".repeat(60) + "}";
    t.raw(a.line(1, Agents.Call.good(3).text("@@X@@"), t.running()).replace("\"@@X@@\"", odd));
    t.write(home);
    check(a, "unusual", expect(a, "unusual", HostileExpectations.calls(a, "unusual", 3),
        HostileExpectations.tokens(a, "unusual", Agents.tokensOfGood(1, 2, 3))));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void symlinkLoops(Agents a) throws IOException {
    a.transcript(1).good(1, 2, 3).write(home);
    Files.createSymbolicLink(a.folder(home).resolve("loop"), a.root(home));
    Files.createSymbolicLink(a.folder(home).resolve("self"), Path.of("self"));
    check(a, "loops", expect(a, "loops", 3, Agents.tokensOfGood(1, 2, 3)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void fileVanishesBeforeItIsRead(Agents a) throws IOException {
    a.transcript(1).good(1, 2, 3).write(home);
    Path doomed = a.transcript(2).good(4, 5).write(home);
    Consumer<Cream.Builder> deleteAfterListing = b -> b.source(new Hooked(builtIn(a.id), doomed, Hook.DELETE_ON_LIST));
    Scans.Outcome o = Scans.outcome(Scans.library(home, deleteAfterListing));
    HostileExpectations.note(a, "vanish", o);
    assertEquals(3, o.calls());
    assertEquals(Agents.tokensOfGood(1, 2, 3), o.tokens());
    assertEquals(HostileExpectations.expected(a, "vanish"), o.located());
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void fileVanishesWhileItIsRead(Agents a) throws IOException {
    Path f = a.transcript(1).good(1, 2, 3).write(home);
    Consumer<Cream.Builder> deleteWhileReading = b -> b.source(new Hooked(builtIn(a.id), f, Hook.DELETE_ON_FIRST_LINE));
    Scans.Outcome o = Scans.outcome(Scans.library(home, deleteWhileReading));
    HostileExpectations.note(a, "vanish-reading", o);
    assertTrue(Files.notExists(f));
    assertEquals(3, o.calls(), "an open file stays readable after it is deleted");
    assertEquals(Agents.tokensOfGood(1, 2, 3), o.tokens());
    assertEquals(HostileExpectations.expected(a, "vanish-reading"), o.located());
    // the next scan keeps the history of the file that is gone
    Scans.Outcome later = Scans.outcome(Scans.library(home, b -> {}));
    assertEquals(3, later.calls());
    assertEquals(Agents.tokensOfGood(1, 2, 3), later.tokens());
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void fileShrinksWhileItIsRead(Agents a) throws IOException {
    // more than the scanner's 1 MiB read buffer, so that the truncation happens between two reads
    Agents.Transcript t = a.transcript(1).good(1, 2, 3);
    String filler = noise(a, "y".repeat(64 * 1024));
    for (int i = 0; i < 40; i++) {
      t.raw(filler);
    }
    Path f = t.good(4, 5, 6).write(home);
    long cut = Files.size(f) / 2 + 7; // in the middle of a filler line, past the first read
    Consumer<Cream.Builder> truncate = b -> b.source(new Hooked(builtIn(a.id), f, Hook.truncateOnFirstLine(cut)));
    Scans.Outcome o = Scans.outcome(Scans.library(home, truncate));
    HostileExpectations.note(a, "shrink", o);
    assertEquals(Files.size(f), cut);
    assertEquals(3, o.calls(), "the calls before the cut");
    assertEquals(Agents.tokensOfGood(1, 2, 3), o.tokens());
    assertEquals(HostileExpectations.expected(a, "shrink"), o.located());
    // the agent goes on writing: the next scan reads on from the last complete line
    try (var out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
      out.write('\n');
      Agents.Transcript more = a.transcript(1);
      out.write((a.line(1, Agents.Call.good(7), 6) + "\n").getBytes(StandardCharsets.UTF_8));
      assertTrue(more.nextLine() > 0);
    }
    Scans.Outcome later = Scans.outcome(Scans.library(home, b -> {}));
    assertEquals(4, later.calls());
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void fileAndDirectoryWithoutReadPermission(Agents a) throws IOException, InterruptedException {
    a.transcript(1).good(1, 2, 3).write(home);
    Path locked = a.transcript(2).good(4, 5).write(home);
    Path lockedDir = a.folder(home).resolve("locked");
    Files.createDirectories(lockedDir);
    Files.copy(a.file(home, 1), lockedDir.resolve("copy.jsonl"));
    Files.setPosixFilePermissions(locked, Set.of());
    Files.setPosixFilePermissions(lockedDir, Set.of());
    Expect expected = expect(a, "permission", 3, Agents.tokensOfGood(1, 2, 3));
    if (!Files.isReadable(locked)) {
      check(a, "permission", expected);
      return;
    }
    // root reads everything: the CLI runs again in a child JVM as the unprivileged user, where it is denied
    Assumptions.assumeTrue(AsNobody.available(), "running as root without setpriv: cannot drop privileges");
    Scans.Run r = AsNobody.cli(home, "daily", "--json", "--no-index", "--now", Agents.NOW.toString());
    assertEquals(0, r.status(), r.err());
    CliHarness.JsonDoc d = r.json();
    assertEquals("3", d.get("totals.calls"));
    assertEquals(String.valueOf(expected.tokens()), d.get("totals.totalTokens"));
    assertEquals(expected.located(), Scans.located(d));
  }

  // ---- values -----------------------------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Agents.class)
  void hostileTokenCounts(Agents a) throws IOException {
    Agents.Transcript t = a.transcript(1).good(1, 2);
    t.call(Agents.Call.good(9).input("-5"));                          // negative
    t.call(Agents.Call.good(9).input("1.5"));                         // fractional
    t.call(Agents.Call.good(9).input("9007199254740993"));            // above 2^53
    t.call(Agents.Call.good(9).input("1" + "0".repeat(30)));          // beyond a long
    t.call(Agents.Call.good(9).output("\"ten\""));                    // a word
    t.call(Agents.Call.good(9).input("true"));                        // a boolean
    // a count written as a string of digits: Codex reads it (its own logs have had that); the others refuse it
    Agents.Call quoted = Agents.Call.good(3);
    if (a == Agents.CODEX) {
      t.counted(quoted.input("\"" + (3300 + 1100 * t.running()) + "\""));
    } else {
      t.call(quoted.input("\"300\"").id("quoted"));
      t.good(3);
    }
    t.good(4).write(home);
    check(a, "numbers", expect(a, "numbers", 4, Agents.tokensOfGood(1, 2, 3, 4)));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void hostileTimestamps(Agents a) throws IOException {
    Agents.Transcript t = a.transcript(1).good(1, 2);
    List<Agents.Call> odd = List.of(
        Agents.Call.good(11).timestamp(null).id("t1"),
        Agents.Call.good(12).timestamp("\"not a time\"").id("t2"),
        Agents.Call.good(13).timestamp("\"0001-01-01T00:00:00Z\"").id("t3"),
        Agents.Call.good(14).timestamp("\"9999-12-31T23:59:59Z\"").id("t4"),
        Agents.Call.good(15).timestamp("\"1970-01-01T00:00:00Z\"").id("t5"),
        Agents.Call.good(16).timestamp("12345").id("t6"));
    long calls = 4;
    long tokens = Agents.tokensOfGood(1, 2, 3, 4);
    for (Agents.Call c : odd) {
      if (HostileExpectations.countsOddTimestamp(a, c.id())) {
        t.counted(c);
        calls++;
        tokens += Agents.tokensOfGood(c.k());
      } else {
        t.call(c);
      }
    }
    t.good(3, 4).write(home);
    check(a, "timestamps", expect(a, "timestamps", calls, tokens));
  }

  @ParameterizedTest
  @EnumSource(Agents.class)
  void duplicateIdsWithDifferentUsage(Agents a) throws IOException {
    Agents.Transcript t = a.transcript(1).good(1, 2);
    if (a == Agents.CODEX) {
      // Codex's ids are its running totals: the same total again, with another last call, is a re-emission
      t.raw(a.line(1, Agents.Call.good(0), t.running()).replace("\"last_token_usage\":{\"input_tokens\":0",
          "\"last_token_usage\":{\"input_tokens\":999"));
    } else {
      t.call(Agents.Call.good(2).input("999").id("id-2"));             // call 2's id, other usage
    }
    t.good(3).write(home);
    a.transcript(2, 1).good(1, 2, 3).write(home);                      // the session copied into a second file
    check(a, "duplicates", expect(a, "duplicates", HostileExpectations.calls(a, "duplicates", 3),
        HostileExpectations.tokens(a, "duplicates", Agents.tokensOfGood(1, 2, 3))));
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /** A line without usage that carries text: a prompt (Claude, Pi) or a tool output (Codex). */
  static String noise(Agents a, String text) {
    return switch (a) {
      case CLAUDE -> "{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + a.session(1) + "\",\"message\":"
          + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":"
          + Agents.str(text) + "}]},\"uuid\":\"n\",\"timestamp\":\"2026-03-01T10:00:30.000Z\"}";
      case CODEX -> "{\"timestamp\":\"2026-03-01T10:00:30.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":"
          + "\"function_call_output\",\"call_id\":\"c\",\"output\":" + Agents.str(text) + "}}";
      case PI, OPENCLAW -> "{\"type\":\"message\",\"id\":\"n\",\"parentId\":\"e0\",\"timestamp\":"
          + "\"2026-03-01T10:00:30.000Z\",\"message\":{\"role\":\"toolResult\",\"toolCallId\":\"t\",\"content\":"
          + "[{\"type\":\"text\",\"text\":" + Agents.str(text) + "}]}}";
    };
  }

  /** A line's bytes with a placeholder replaced by raw bytes. */
  static byte[] replace(String line, String placeholder, byte[] with) {
    int i = line.indexOf(placeholder);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(line.substring(0, i).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(with);
    out.writeBytes(line.substring(i + placeholder.length()).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A fresh instance of a built-in source, as discovery would find it. */
  static Source builtIn(String id) {
    for (Source s : ServiceLoader.load(Source.class)) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalStateException("no source " + id);
  }

  /** What a {@link Hooked} source does to one file, deterministically, at a given point of the scan. */
  interface Hook {
    Hook DELETE_ON_LIST = (phase, file) -> {
      if (phase == Phase.LISTED) {
        Files.delete(file);
      }
    };
    Hook DELETE_ON_FIRST_LINE = (phase, file) -> {
      if (phase == Phase.FIRST_LINE) {
        Files.delete(file);
      }
    };

    static Hook truncateOnFirstLine(long size) {
      return (phase, file) -> {
        if (phase == Phase.FIRST_LINE) {
          try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
          }
        }
      };
    }

    void at(Phase phase, Path file) throws IOException;
  }

  enum Phase { LISTED, FIRST_LINE }

  /** A built-in source whose discovery or parser does something to one file while the engine works on it. */
  static final class Hooked implements Source {
    private final Source delegate;
    private final Path target;
    private final Hook hook;

    Hooked(Source delegate, Path target, Hook hook) {
      this.delegate = delegate;
      this.target = target.toAbsolutePath().normalize();
      this.hook = hook;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public List<Path> defaultRoots(Environment environment) {
      return delegate.defaultRoots(environment);
    }

    @Override
    public List<Path> discover(Path root, DiscoveryContext context) {
      List<Path> found = new ArrayList<>(delegate.discover(root, context));
      if (found.stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(target))) {
        run(Phase.LISTED);
      }
      return found;
    }

    private void run(Phase phase) {
      try {
        hook.at(phase, target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      LineParser p = delegate.openParser(file, resume);
      if (!file.file().toAbsolutePath().normalize().equals(target)) {
        return p;
      }
      return new LineParser() {
        private boolean first = true;

        @Override
        public boolean wants(LineView line) {
          if (first) {
            first = false;
            run(Phase.FIRST_LINE);
          }
          return p.wants(line);
        }

        @Override
        public void accept(LineView line, ParseSink sink) {
          p.accept(line, sink);
        }

        @Override
        public ResumeState snapshot() {
          return p.snapshot();
        }
      };
    }
  }
}
