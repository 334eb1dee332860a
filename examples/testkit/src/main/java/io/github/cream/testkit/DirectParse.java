package io.github.cream.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.cream.api.Environment;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * Feeds lines to a source's parser directly, the way the engine would ({@code wants}, then {@code accept} if
 * wanted), without the engine's safety net: an exception escaping the parser fails the test with the line that
 * caused it, instead of becoming a diagnostic. Everything the parser emits is checked as it comes: records and
 * facts of the source's own id, problems with a valid code prefixed by the id and a fixed, non-blank message.
 */
final class DirectParse {

  private static final Pattern CODE = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

  /** A problem as the parser reported it. */
  record Problem(Severity severity, String code, String message) {}

  private final Source source;
  private final FileContext context;
  private final String id;
  private LineParser parser;
  private long number;
  private long offset;
  final List<UsageRecord> records = new ArrayList<>();
  final Map<String, SessionFacts> facts = new LinkedHashMap<>();
  final List<Problem> problems = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  private final ParseSink sink =
      new ParseSink() {
        @Override
        public void record(UsageRecord record) {
          if (record == null) {
            violations.add("emitted a null record");
          } else if (!id.equals(record.source())) {
            violations.add("emitted a record of source '" + record.source() + "', not '" + id + "'");
          } else {
            records.add(record);
          }
        }

        @Override
        public void session(SessionFacts f) {
          if (f == null) {
            violations.add("emitted null session facts");
          } else if (!id.equals(f.source())) {
            violations.add("emitted session facts of source '" + f.source() + "', not '" + id + "'");
          } else {
            facts.remove(f.sessionId());
            facts.put(f.sessionId(), f);
          }
        }

        @Override
        public void problem(Severity severity, String code, String message) {
          if (severity == null) {
            violations.add("reported a problem without a severity");
          }
          if (code == null || !CODE.matcher(code).matches() || !code.startsWith(id + ".")) {
            violations.add("reported a problem whose code is not lowercase, dotted and prefixed with '" + id
                + ".': " + code);
          }
          if (message == null || message.isBlank()) {
            violations.add("reported a problem without a message (code " + code + ")");
          }
          problems.add(new Problem(severity, code, message));
        }
      };

  DirectParse(Source source, SampleFile sample, Environment environment) {
    this.source = source;
    this.id = source.id();
    this.context = new FileContext(id, sample.root(), sample.file(), environment);
    this.parser = call(() -> source.openParser(context, ResumeState.initial()), "openParser with the initial state");
  }

  /**
   * Feeds one line. Like the engine, a {@code \r} before the newline is not part of the line but is counted in the
   * offsets.
   *
   * @param raw the line's bytes, without its newline
   * @param what what the line is, for the failure message
   */
  void line(byte[] raw, String what) {
    number++;
    byte[] line = content(raw);
    TestLine view = new TestLine(line, number, offset, context.file());
    String where = what + " (line " + number + ": " + preview(line) + ")";
    boolean wanted = call(() -> parser.wants(view), "wants() on " + where);
    if (wanted) {
      call(() -> {
        parser.accept(view, sink);
        return null;
      }, "accept() on " + where);
    }
    offset += raw.length + 1;
    if (!violations.isEmpty()) {
      fail("the parser " + violations.get(0) + ", on " + where);
    }
  }

  /** A line's content: its bytes without a final {@code \r}. */
  static byte[] content(byte[] raw) {
    return raw.length > 0 && raw[raw.length - 1] == '\r' ? java.util.Arrays.copyOf(raw, raw.length - 1) : raw;
  }

  /** Feeds lines. */
  void lines(List<byte[]> lines, String what) {
    for (int i = 0; i < lines.size(); i++) {
      line(lines.get(i), what + " #" + (i + 1));
    }
  }

  /** Takes a snapshot and continues with a new parser resumed from it, as a later scan would. */
  void resume(String what) {
    ResumeState state = call(() -> parser.snapshot(), "snapshot() after " + what);
    if (state == null) {
      fail("snapshot() returned null after " + what);
    }
    parser = call(() -> source.openParser(context, state), "openParser with its own snapshot after " + what);
  }

  /** Continues with another parser of the same file. */
  void useParser(LineParser other) {
    parser = other;
  }

  LineParser parser() {
    return parser;
  }

  FileContext context() {
    return context;
  }

  static <T> T call(Callable<T> action, String what) {
    try {
      return action.call();
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable t) { // a parser must not throw at all: report every kind, StackOverflowError included
      return fail("the parser threw " + t.getClass().getName() + " in " + what, t);
    }
  }

  /** The first bytes of a line, printable, for failure messages. */
  static String preview(byte[] line) {
    String s = new String(line, 0, Math.min(line.length, 160), StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> {
      if (c < 0x20 || c == 0x7f || c == 0xfffd) {
        sb.append(String.format("\\x%02x", c & 0xff));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb + (line.length > 160 ? "... (" + line.length + " bytes)" : "");
  }
}
