package io.github.cream.testkit;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Message;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.internal.FileResult;
import io.github.cream.core.internal.FileScanner;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one source's parser over one file exactly as the engine frames it, in one go or in pieces that resume from
 * the parser's {@link io.github.cream.spi.LineParser#snapshot() snapshot}. For source authors' tests: parsing in
 * pieces at any line boundary must give what parsing whole gives.
 *
 * <pre>{@code
 * ParserHarness.Result whole = ParserHarness.parse(source, root, file, env);
 * ParserHarness.Result pieces = ParserHarness.parseInPieces(source, root, file, env, List.of(4096L, 9000L));
 * assertEquals(whole.records(), pieces.records());
 * }</pre>
 *
 * <p>No deduplication or pricing happens here: the records are the parser's raw output. The framing is the engine's
 * own (its line scanner, from {@code io.github.cream.core.internal}, which cream-core exports to this kit alone), so
 * what the harness gives is what a scan would read.
 */
public final class ParserHarness {

  private ParserHarness() {}

  /**
   * What a file produced.
   *
   * @param records the records, in file order
   * @param facts the last facts emitted per session
   * @param diagnostics the problems, folded per code
   * @param consumedOffset the offset just after the last complete line
   * @param lines the number of complete lines
   */
  public record Result(
      List<UsageRecord> records,
      List<SessionFacts> facts,
      List<Diagnostic> diagnostics,
      long consumedOffset,
      long lines) {

    /**
     * Copies the collections.
     *
     * @param records records
     * @param facts facts
     * @param diagnostics diagnostics
     * @param consumedOffset offset after the last complete line
     * @param lines complete lines
     */
    public Result {
      records = List.copyOf(records);
      facts = List.copyOf(facts);
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /**
   * Parses a whole file.
   *
   * @param source the source
   * @param root the root the file is under
   * @param file the file
   * @param environment the environment
   * @return what it produced
   */
  public static Result parse(Source source, Path root, Path file, Environment environment) {
    return parseInPieces(source, root, file, environment, List.of());
  }

  /**
   * Parses a file in pieces: up to each stop offset, then a snapshot, then a fresh parser resuming from it. A
   * stop inside a line behaves like a file that ends there for now (the partial line is read by the next piece).
   *
   * @param source the source
   * @param root the root the file is under
   * @param file the file
   * @param environment the environment
   * @param stops byte offsets to pause at, ascending
   * @return what all pieces produced together
   */
  public static Result parseInPieces(
      Source source, Path root, Path file, Environment environment, List<Long> stops) {
    return run(source, root, file, environment, stops, null);
  }

  /**
   * Parses a whole file with the source's message parser (the source must be a
   * {@link io.github.cream.spi.MessageReader}).
   *
   * @param source the source
   * @param root the root the file is under
   * @param file the file
   * @param environment the environment
   * @return the messages, in file order, and what the message parser produced besides them
   */
  public static Messages messages(Source source, Path root, Path file, Environment environment) {
    return messagesInPieces(source, root, file, environment, List.of());
  }

  /**
   * Parses a file with the source's message parser in pieces, resuming from its snapshot at each stop: the
   * messages must be those of {@link #messages}.
   *
   * @param source the source
   * @param root the root the file is under
   * @param file the file
   * @param environment the environment
   * @param stops byte offsets to pause at, ascending
   * @return the messages of all pieces, and what the message parser produced besides them
   */
  public static Messages messagesInPieces(
      Source source, Path root, Path file, Environment environment, List<Long> stops) {
    List<Message> messages = new ArrayList<>();
    Result r = run(source, root, file, environment, stops, messages::add);
    return new Messages(messages, r);
  }

  /**
   * What a message parser produced.
   *
   * @param messages the messages, in file order, with the raw usage the parser attached (copies included)
   * @param usage the records, facts and problems it produced besides
   */
  public record Messages(List<Message> messages, Result usage) {

    /**
     * Copies the messages.
     *
     * @param messages messages
     * @param usage the rest
     */
    public Messages {
      messages = List.copyOf(messages);
      Objects.requireNonNull(usage, "usage");
    }
  }

  private static Result run(
      Source source, Path root, Path file, Environment environment, List<Long> stops, Consumer<Message> messages) {
    Objects.requireNonNull(source, "source");
    FileContext ctx = new FileContext(source.id(), root, file, environment);
    FileScanner scanner = new FileScanner(FileScanner.DEFAULT_MAX_LINE_BYTES);
    List<UsageRecord> records = new ArrayList<>();
    Map<String, SessionFacts> facts = new LinkedHashMap<>();
    List<Diagnostic> diagnostics = new ArrayList<>();
    long offset = 0;
    long line = 0;
    ResumeState state = ResumeState.initial();
    List<Long> limits = new ArrayList<>(stops);
    limits.add(Long.MAX_VALUE);
    for (long limit : limits) {
      if (limit < offset) {
        continue;
      }
      FileResult r =
          messages == null
              ? scanner.scan(source, ctx, offset, line, state, limit)
              : scanner.scanMessages(source, ctx, offset, line, state, limit, messages);
      records.addAll(r.records());
      for (SessionFacts f : r.facts()) {
        facts.remove(f.sessionId());
        facts.put(f.sessionId(), f);
      }
      diagnostics.addAll(r.diagnostics());
      offset = r.consumedOffset();
      line = r.linesEnd();
      state = r.endState();
    }
    return new Result(records, new ArrayList<>(facts.values()), diagnostics, offset, line);
  }
}
