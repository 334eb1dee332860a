package io.github.cream.spi;

import io.github.cream.api.Message;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;

/**
 * Where a {@link LineParser} puts what it finds. Provided by the engine; a parser never creates one.
 *
 * <p>Problems are attached by the engine to the line being parsed (file, line number, byte offset), so a parser
 * names only the kind of problem. The message must be a fixed sentence: never put text from the log into it.
 */
public interface ParseSink {

  /**
   * Emits one billed call.
   *
   * @param record the call
   */
  void record(UsageRecord record);

  /**
   * Emits what the file says about a session; replaces the facts this file emitted earlier for that session.
   *
   * @param facts the parser's whole current view of the session
   */
  void session(SessionFacts facts);

  /**
   * Emits a message, with its content. Only message parsers (see {@link MessageReader}) call this; the engine's
   * usage scans ignore it.
   *
   * @param message the message
   */
  default void message(Message message) {}

  /**
   * Reports a problem with the current line.
   *
   * @param severity how much it matters
   * @param code a stable code, prefixed with the source id, for example {@code claude.usage.invalid}
   * @param message a fixed sentence; never content read from the log
   */
  void problem(Severity severity, String code, String message);
}
