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
 * <p>What the engine relies on (the contract kit's message tests check each rule on a source's samples):
 * <ol>
 *   <li>The message parser emits, through the same sink, exactly the records, session facts and problems the usage
 *       parser emits for the same lines (simplest: run the usage parser inside it, as {@code wants} then
 *       {@code accept}).
 *   <li>Every record is the {@link io.github.cream.api.Message#usage() usage} of exactly one message emitted for
 *       its line, in the order the records are emitted: a line that reports two calls gives two messages. A
 *       message's {@link io.github.cream.api.Message#sessionId() session} is its record's.
 *   <li>Within one file, no two messages of one session share an {@link io.github.cream.api.Message#id() id}.
 *       Across files, messages of one session with one id are copies (a resumed or forked session repeating its
 *       history): the engine shows one, the copy whose call it counts. Leave the id empty when the log has none.
 *   <li>The parser resumes: reading a file in pieces, from its {@code snapshot()} at line boundaries, emits the
 *       messages reading it whole emits. Its states are its own (the engine never passes it a usage parser's state,
 *       and {@code openMessageParser} may refuse one with {@link IllegalArgumentException}).
 *   <li>Content is complete, except where a documented cap bounds an absurd size; images and other binary data are
 *       named by type only ({@link io.github.cream.api.ContentBlock#attachment}).
 * </ol>
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
