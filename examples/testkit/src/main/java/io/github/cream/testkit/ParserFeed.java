package io.github.cream.testkit;

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
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Feeds lines to a parser directly, the way the engine would ({@code wants}, then {@code accept} when wanted),
 * without the engine's safety net, and keeps everything the parser emits: for a source's own unit tests of odd
 * lines, where an exception must surface instead of becoming a diagnostic.
 *
 * <pre>{@code
 * ParserFeed out = ParserFeed.feed(source.openParser(ctx, ResumeState.initial()), file,
 *     List.of("{\"type\":\"assistant\", ...}", "not json"));
 * assertEquals(1, out.records().size());
 * assertEquals(List.of("acme.line.invalid"), out.codes());
 * }</pre>
 */
public final class ParserFeed implements ParseSink {

  /**
   * One problem as the parser reported it.
   *
   * @param severity its severity
   * @param code its code
   * @param message its message
   * @param line the 1-based number of the line it was reported on
   */
  public record Problem(Severity severity, String code, String message, long line) {}

  private final List<UsageRecord> records = new ArrayList<>();
  private final List<SessionFacts> facts = new ArrayList<>();
  private final List<Message> messages = new ArrayList<>();
  private final List<Problem> problems = new ArrayList<>();
  private long line;

  private ParserFeed() {}

  /**
   * Feeds each line to the parser: 1-based line numbers, byte offsets as if the lines were joined with newlines.
   *
   * @param parser the parser
   * @param file the file the lines claim to come from
   * @param lines the lines, without newlines
   * @return what the parser emitted
   */
  public static ParserFeed feed(LineParser parser, Path file, List<String> lines) {
    Objects.requireNonNull(parser, "parser");
    ParserFeed out = new ParserFeed();
    long offset = 0;
    for (String s : lines) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.line++;
      TestLine v = new TestLine(b, out.line, offset, file);
      if (parser.wants(v)) {
        parser.accept(v, out);
      }
      offset += b.length + 1;
    }
    return out;
  }

  /**
   * One line as the engine would pass it, at offset 0.
   *
   * @param text the line, without its newline
   * @param number its 1-based number
   * @param file the file it claims to come from
   * @return the view
   */
  public static LineView line(String text, long number, Path file) {
    return new TestLine(text.getBytes(StandardCharsets.UTF_8), number, 0, file);
  }

  /**
   * The records emitted, in order.
   *
   * @return the records
   */
  public List<UsageRecord> records() {
    return Collections.unmodifiableList(records);
  }

  /**
   * Every session-facts emission, in order.
   *
   * @return the facts
   */
  public List<SessionFacts> facts() {
    return Collections.unmodifiableList(facts);
  }

  /**
   * The messages emitted (by a message parser), in order.
   *
   * @return the messages
   */
  public List<Message> messages() {
    return Collections.unmodifiableList(messages);
  }

  /**
   * The problems reported, in order.
   *
   * @return the problems
   */
  public List<Problem> problems() {
    return Collections.unmodifiableList(problems);
  }

  /**
   * The codes of the problems reported, in order.
   *
   * @return the codes
   */
  public List<String> codes() {
    return problems.stream().map(Problem::code).toList();
  }

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
}
