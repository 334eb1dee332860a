package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageTotals;
import java.util.List;
import java.util.Objects;

/**
 * What one read of a session's messages gave: the messages (all of them on a first read, those appended since on
 * later reads of a {@link MessageCursor}), the changes to messages an earlier read gave, and what could not be
 * shown.
 *
 * <p>Messages are in order: by timestamp, a message without one taking the time of the message before it in its
 * file; ties in file order (the main transcript before its subagents' files, which sort after it), then by
 * {@link PricedMessage#part()}.
 *
 * <p>Diagnostics (never log content) say why messages are missing: {@value #UNKNOWN_SOURCE},
 * {@value #NO_MESSAGES} (the source cannot show messages), {@value #UNKNOWN_SESSION}, {@value #MISSING_FILES} (some
 * of the session's calls come from transcripts that no longer exist, kept by the scan index), {@value #UNMATCHED}
 * (calls the scan counted that no message read here carries), and the problems of the lines read.
 *
 * @param source the source id asked for
 * @param sessionId the session id asked for
 * @param messages the new messages, in order
 * @param usageChanges changes to messages earlier reads gave (always empty on a first read)
 * @param diagnostics why something could not be shown
 * @param filesRead how many of the session's files were read (files without new bytes are not opened)
 * @param bytesRead how many bytes were read
 */
public record SessionMessages(
    String source,
    String sessionId,
    List<PricedMessage> messages,
    List<MessageUsageChange> usageChanges,
    List<Diagnostic> diagnostics,
    long filesRead,
    long bytesRead) {

  /** The source id names no source of this instance. */
  public static final String UNKNOWN_SOURCE = "cream.messages.unknown-source";

  /** The source cannot show messages (it is not a {@code MessageReader}). */
  public static final String NO_MESSAGES = "cream.messages.unsupported";

  /** No session of the source has this id. */
  public static final String UNKNOWN_SESSION = "cream.messages.unknown-session";

  /** Some of the session's calls come from transcripts that no longer exist. */
  public static final String MISSING_FILES = "cream.messages.missing-files";

  /** Some of the session's counted calls are on no message read. */
  public static final String UNMATCHED = "cream.messages.usage-unmatched";

  /**
   * Validates and copies the components.
   *
   * @param source source id
   * @param sessionId session id
   * @param messages messages
   * @param usageChanges changes to earlier messages
   * @param diagnostics diagnostics
   * @param filesRead files read
   * @param bytesRead bytes read
   */
  public SessionMessages {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sessionId, "sessionId");
    messages = List.copyOf(messages);
    usageChanges = List.copyOf(usageChanges);
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * The totals of the calls the messages carry: on a first read of a session whose files all exist, the session's
   * totals.
   *
   * @return the totals
   */
  public UsageTotals totals() {
    return PricedMessage.totals(messages);
  }

  /**
   * The tokens of the calls the messages carry.
   *
   * @return the sum
   */
  public TokenCounts tokens() {
    return totals().tokens();
  }
}
