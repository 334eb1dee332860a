package io.github.cream.source.claude;

import io.github.cream.api.DedupKey;
import io.github.cream.api.TokenCounts;
import java.util.Optional;

/**
 * The parts of a record that repeat from one call line to the next, handed back as the same instances: Claude Code
 * writes one line per content block of a streamed response, each repeating the message id, the request id, often
 * the usage so far, and the working directory every line of a file repeats. A scan keeps every record until it
 * ends, so parts shared by a message's copies are kept (and copied by each young collection) once instead of once
 * per line.
 *
 * <p>Only the last value of each part is remembered (one parser reads one file), so it stays as small as a line.
 * A part handed back is always equal to the one asked for; which instance a record holds is never visible.
 */
final class RecordParts {

  /** The last value of one part, and its optional: an equal value gets the same optional back. */
  private static final class Last<T> {
    private T value;
    private Optional<T> part = Optional.empty();

    Optional<T> of(T v) {
      if (v == null) {
        return Optional.empty();
      }
      if (!v.equals(value)) {
        value = v;
        part = Optional.of(v);
      }
      return part;
    }
  }

  private final Last<String> project = new Last<>();
  private final Last<String> messageId = new Last<>();
  private final Last<String> requestId = new Last<>();
  private final Last<DedupKey> key = new Last<>();
  private DedupKey messageKey;
  private String messageKeyId;
  private String messageKeyRequest;
  private int messageKeyTier;
  private TokenCounts tokens;

  private static String blankIsNone(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** The project as {@link io.github.cream.api.UsageRecord.Builder#project} makes it: blank is none. */
  Optional<String> project(String value) {
    return project.of(blankIsNone(value));
  }

  /** The message id as {@link io.github.cream.api.UsageRecord.Builder#messageId} makes it: blank is none. */
  Optional<String> messageId(String value) {
    return messageId.of(blankIsNone(value));
  }

  /** The request id as {@link io.github.cream.api.UsageRecord.Builder#requestId} makes it: blank is none. */
  Optional<String> requestId(String value) {
    return requestId.of(blankIsNone(value));
  }

  /**
   * The key of a call with a message id and a request id ({@code m:<message id>}, variant the request id, see
   * {@link ClaudeParser#dedupKey}): the last one made when the ids and the tier are the same, else a new one.
   */
  DedupKey messageKey(String messageId, String requestId, int tier) {
    if (messageKey == null
        || tier != messageKeyTier
        || !messageId.equals(messageKeyId)
        || !requestId.equals(messageKeyRequest)) {
      messageKey = new DedupKey("m:" + messageId, requestId, tier);
      messageKeyId = messageId;
      messageKeyRequest = requestId;
      messageKeyTier = tier;
    }
    return messageKey;
  }

  /** The key as {@link io.github.cream.api.UsageRecord.Builder#dedupKey} makes it: null is none. */
  Optional<DedupKey> key(DedupKey value) {
    return key.of(value);
  }

  /** Counts equal to these: the last ones when they are the same, else new ones. */
  TokenCounts tokens(long input, long cacheRead, long write5m, long write1h, long output, long reasoning) {
    TokenCounts t = tokens;
    if (t != null
        && t.input() == input
        && t.cacheRead() == cacheRead
        && t.cacheWrite5m() == write5m
        && t.cacheWrite1h() == write1h
        && t.output() == output
        && t.reasoning() == reasoning) {
      return t;
    }
    return tokens = new TokenCounts(input, cacheRead, write5m, write1h, output, reasoning);
  }
}
