package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
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

/**
 * Runs a parser over one file as the engine frames it, whole or in pieces resumed from its snapshot: the engine's own
 * tests' copy of the test kit's {@code ParserHarness} (which depends on this module, so this module's tests cannot
 * use it).
 */
final class Pieces {

  private Pieces() {}

  /** What a file produced: records in file order, the last facts per session, problems, where reading stopped. */
  record Result(
      List<UsageRecord> records, List<SessionFacts> facts, List<Diagnostic> diagnostics, long consumedOffset) {}

  static Result parse(Source source, Path root, Path file, Environment environment) {
    return parseInPieces(source, root, file, environment, List.of());
  }

  /** Parses up to each stop offset, then resumes a fresh parser from the snapshot; then the rest. */
  static Result parseInPieces(Source source, Path root, Path file, Environment environment, List<Long> stops) {
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
      FileResult r = scanner.scan(source, ctx, offset, line, state, limit);
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
    return new Result(List.copyOf(records), List.copyOf(facts.values()), List.copyOf(diagnostics), offset);
  }
}
