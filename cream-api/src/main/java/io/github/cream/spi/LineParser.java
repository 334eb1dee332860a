package io.github.cream.spi;

/**
 * Parses one file of one source, a line at a time, keeping whatever state the format needs (the current model,
 * a cumulative baseline, whether a title was found...).
 *
 * <p>The engine calls, for each complete line of the file in order: {@link #wants(LineView)}, and if it answers
 * true, {@link #accept(LineView, ParseSink)}. A final line without its newline is never passed: the agent may
 * still be writing it. After the last complete line the engine may call {@link #snapshot()} and store the state
 * to resume from on a later scan.
 *
 * <p>Rules:
 * <ul>
 *   <li>Never throw on bad input. A line that is not what it should be is a {@link ParseSink#problem problem},
 *       and the next line is parsed as usual. (An exception that escapes anyway is caught by the engine, counted as
 *       an error diagnostic, and the file's remaining lines are still passed.)
 *   <li>Never quote the log's content in a problem, an exception or a log message.
 *   <li>Be deterministic: the records and facts emitted depend only on the lines, and parsing a file in pieces
 *       (resuming from a {@link #snapshot()} at any line boundary) emits exactly what parsing it whole emits.
 *   <li>One parser serves one file on one thread; it need not be thread-safe.
 * </ul>
 */
public interface LineParser {

  /**
   * The cheap pre-filter: whether a line can matter, decided on its bytes without parsing it (see {@link Bytes}).
   * Most lines of agent logs carry no usage; skipping them here is what makes scans fast. The answer may depend on
   * the parser's state (once a title is known, user lines stop mattering) but must not change it.
   *
   * @param line the line
   * @return true to have {@link #accept} called for it
   */
  default boolean wants(LineView line) {
    return true;
  }

  /**
   * The pre-filter for a line longer than the engine's read buffer, asked with the line's first bytes before the
   * engine holds the rest of it: true means that {@link #wants} would answer false for any line that starts with
   * these bytes, whatever follows, and the engine then skips to the line's end without holding it in memory or
   * handing it over. Agents' logs have single lines of tens of megabytes (tool outputs, file contents, images) whose
   * first few hundred bytes already say they carry no usage; answering here saves growing a buffer to their size.
   * The default, false, has the whole line held and passed to {@link #wants} as usual. Like {@code wants}, it must
   * not change the parser's state.
   *
   * @param head the line's first bytes; {@link LineView#length()} is how many are known, not the line's length
   * @return true only if {@link #wants} would answer false for every line starting with these bytes
   */
  default boolean skipsLineStartingWith(LineView head) {
    return false;
  }

  /**
   * Parses one line and emits what it finds.
   *
   * @param line the line; valid only during this call
   * @param sink where records, session facts and problems go
   */
  void accept(LineView line, ParseSink sink);

  /**
   * The parser's state after the last line accepted (or skipped), to resume from later.
   *
   * @return the state; {@link ResumeState#initial()} when the format needs none
   */
  ResumeState snapshot();
}
