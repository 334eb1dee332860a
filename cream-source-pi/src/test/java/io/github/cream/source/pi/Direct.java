package io.github.cream.source.pi;

import io.github.cream.api.Message;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds lines to a parser directly, without the engine, so that an exception surfaces instead of being caught and
 * counted: what the hostile-input tests need.
 */
final class Direct {

  /** One problem as reported. */
  record Problem(Severity severity, String code, String message, long line) {}

  /** Everything a parser emitted. */
  static final class Out implements ParseSink {
    final List<UsageRecord> records = new ArrayList<>();
    final List<SessionFacts> facts = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();
    long line;

    @Override
    public void record(UsageRecord record) {
      records.add(record);
    }

    @Override
    public void session(SessionFacts f) {
      facts.add(f);
    }

    @Override
    public void message(Message message) {
      messages.add(message);
    }

    @Override
    public void problem(Severity severity, String code, String message) {
      problems.add(new Problem(severity, code, message, line));
    }

    List<String> codes() {
      return problems.stream().map(Problem::code).toList();
    }
  }

  private Direct() {}

  /** Feeds each line (1-based numbers, offsets as if joined with newlines) to the parser, as the engine would. */
  static Out feed(LineParser parser, Path file, List<String> lines) {
    Out out = new Out();
    long offset = 0;
    long n = 0;
    for (String s : lines) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      n++;
      out.line = n;
      View v = new View(b, n, offset, file);
      if (parser.wants(v)) {
        parser.accept(v, out);
      }
      offset += b.length + 1;
    }
    return out;
  }

  /** One line as the engine would pass it. */
  static LineView view(String line, long number, Path file) {
    return new View(line.getBytes(StandardCharsets.UTF_8), number, 0, file);
  }

  private record View(byte[] buffer, long number, long byteOffset, Path file) implements LineView {
    @Override
    public int start() {
      return 0;
    }

    @Override
    public int length() {
      return buffer.length;
    }
  }
}
