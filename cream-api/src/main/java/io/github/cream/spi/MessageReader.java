package io.github.cream.spi;

/**
 * Optional capability of a {@link Source} that can show a session's messages, content included (a side panel or a
 * timeline in a tool built on cream). The engine checks with {@code instanceof}.
 *
 * <p>A message parser is an ordinary {@link LineParser} that, besides the records a usage parser emits, calls
 * {@link ParseSink#message} for every message it reads. Where a line is a billed call, the message's usage must be
 * the very record the usage parser emits for that line (same tokens, origin and {@link io.github.cream.api.DedupKey}),
 * so that deduplication attaches each call's usage to exactly one message. Message parsers run only when a caller
 * asks for messages; their output is never stored by the engine.
 *
 * <pre>{@code
 * public LineParser openMessageParser(FileContext file, ResumeState resume) {
 *   return new MyParser(file, resume, true);   // the usage parser, with message output switched on
 * }
 * }</pre>
 */
public interface MessageReader {

  /**
   * A parser for one file that emits messages as well as records.
   *
   * @param file the file and its root
   * @param resume {@link ResumeState#initial()}, or a state from this method's parsers' {@code snapshot()}
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} is not a state this method's parsers wrote
   */
  LineParser openMessageParser(FileContext file, ResumeState resume);
}
