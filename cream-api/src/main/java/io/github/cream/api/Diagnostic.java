package io.github.cream.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A problem met while scanning, reported as data instead of an exception.
 *
 * <p>A diagnostic names <em>where</em> (file, line number, byte offset) and <em>what</em> (a stable {@code code}
 * and a fixed message), never the content of the line: agent logs hold private prompts and outputs, so no
 * diagnostic, exception message or log line of cream ever quotes them.
 *
 * <p>Codes are stable, lowercase and dotted, prefixed with {@code cream.} for the engine's own codes and with the
 * source id for a source's codes, for example {@code cream.line.malformed-json} or {@code claude.usage.invalid}.
 * Repeated problems of one code in one file are folded into one diagnostic whose {@link #count()} says how many
 * times it happened and whose location is the first occurrence.
 *
 * <pre>{@code
 * Diagnostic d = Diagnostic.of(Severity.WARNING, "cream.line.malformed-json", "line is not valid JSON")
 *     .withSource("claude")
 *     .at(Path.of("/home/me/.claude/projects/p/s.jsonl"), 42, 81_920);
 * }</pre>
 *
 * @param severity how much it matters
 * @param code stable machine-readable code, lowercase letters, digits, dots and dashes
 * @param message a fixed human-readable sentence; never content read from a log
 * @param sourceId the source the problem belongs to, if any
 * @param file the file the problem was found in, if any
 * @param line 1-based line number in {@code file}, if known
 * @param byteOffset offset in bytes of the start of that line in {@code file}, if known
 * @param count how many times the problem happened (at least 1)
 */
public record Diagnostic(
    Severity severity,
    String code,
    String message,
    Optional<String> sourceId,
    Optional<Path> file,
    OptionalLong line,
    OptionalLong byteOffset,
    long count) {

  private static final Pattern CODE = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

  /**
   * Validates the components.
   *
   * @param severity how much it matters
   * @param code stable machine-readable code
   * @param message fixed human-readable sentence
   * @param sourceId the source the problem belongs to, if any
   * @param file the file the problem was found in, if any
   * @param line 1-based line number, if known
   * @param byteOffset byte offset of the line, if known
   * @param count how many times the problem happened
   */
  public Diagnostic {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(byteOffset, "byteOffset");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("diagnostic code must be lowercase and dotted, was '" + code + "'");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    if (line.isPresent() && line.getAsLong() < 1) {
      throw new IllegalArgumentException("line must be 1-based, was " + line.getAsLong());
    }
    if (byteOffset.isPresent() && byteOffset.getAsLong() < 0) {
      throw new IllegalArgumentException("byteOffset must not be negative, was " + byteOffset.getAsLong());
    }
  }

  /**
   * A diagnostic without a location.
   *
   * @param severity how much it matters
   * @param code stable code
   * @param message fixed sentence, never log content
   * @return the diagnostic
   */
  public static Diagnostic of(Severity severity, String code, String message) {
    return new Diagnostic(
        severity, code, message, Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), 1);
  }

  /**
   * This diagnostic attributed to a source.
   *
   * @param id the source id
   * @return a copy naming the source
   */
  public Diagnostic withSource(String id) {
    return new Diagnostic(severity, code, message, Optional.of(id), file, line, byteOffset, count);
  }

  /**
   * This diagnostic located in a file, without a line.
   *
   * @param path the file
   * @return a copy naming the file
   */
  public Diagnostic at(Path path) {
    return new Diagnostic(severity, code, message, sourceId, Optional.of(path), line, byteOffset, count);
  }

  /**
   * This diagnostic located at a line of a file.
   *
   * @param path the file
   * @param lineNumber 1-based line number
   * @param offset byte offset of the start of the line
   * @return a copy with the location
   */
  public Diagnostic at(Path path, long lineNumber, long offset) {
    return new Diagnostic(
        severity, code, message, sourceId, Optional.of(path), OptionalLong.of(lineNumber), OptionalLong.of(offset),
        count);
  }

  /**
   * This diagnostic with another occurrence count.
   *
   * @param times how many times it happened, at least 1
   * @return a copy with the count
   */
  public Diagnostic withCount(long times) {
    return new Diagnostic(severity, code, message, sourceId, file, line, byteOffset, times);
  }
}
