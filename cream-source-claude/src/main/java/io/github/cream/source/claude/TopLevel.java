package io.github.cream.source.claude;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The byte pre-filter's look at a line: walks the keys of the top-level JSON object, skipping their values without
 * decoding them, until it meets {@code "type"} or {@code "message"}. Claude Code writes the line type near the start
 * ({@code progress}, {@code user}, {@code system} and snapshot lines name it within their first few hundred bytes,
 * before their large {@code data}, {@code message}, {@code toolUseResult} or {@code snapshot} values) and an
 * assistant line's {@code message} early too, so most of a transcript's bytes are never looked at, not even by a
 * byte search.
 *
 * <p>The walk is exact for well-formed JSON (strings with escapes, nested objects and arrays) and gives up with
 * {@link #UNSURE} on anything it cannot settle on bytes alone: escaped keys or type values, a {@code type} that is
 * not a string, malformed input. Giving up means "parse it": the pre-filter never rejects a line the parser would
 * take. One instance per parser (it remembers where the line's top-level {@code sessionId} is); not thread-safe.
 */
final class TopLevel {

  /** Not a JSON object: nothing for this source. */
  static final int NOT_OBJECT = 0;
  /** An object without {@code type} or {@code message}: nothing for this source. */
  static final int NOTHING = 1;
  /** Could not decide on bytes; the parser decides. */
  static final int UNSURE = 2;
  /** {@code message} comes before any {@code type} (assistant lines, untyped lines). */
  static final int MESSAGE = 3;
  /** {@code "type":"assistant"}. */
  static final int ASSISTANT = 4;
  /** {@code "type":"user"}. */
  static final int USER = 5;
  /** {@code "type"} is {@code summary}, {@code custom-title} or {@code ai-title}. */
  static final int TITLE = 6;
  /** A {@code type} Claude Code is known to write for lines that are not calls ({@link #NOT_CALLS}). */
  static final int OTHER = 7;
  /** A {@code type} this version does not know. */
  static final int UNKNOWN = 8;

  /**
   * The line types Claude Code writes that never carry a call: conversation and bookkeeping records seen in its
   * logs up to 2.1.2xx ({@code user} and the title types are classified on their own). A type outside this list is
   * parsed, so that a new kind of line carrying usage is at least reported.
   */
  static final List<String> NOT_CALLS =
      List.of(
          "progress", "system", "file-history-snapshot", "queue-operation", "attachment", "last-prompt",
          "permission-mode", "mode", "worktree-state", "agent-name", "pr-link", "frame-link", "relocated",
          "bridge-session", "atis-latch", "started", "result", "tool_use", "tool_result");

  private static final byte[][] NOT_CALL_BYTES =
      NOT_CALLS.stream().map(t -> t.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

  private static final byte[] TYPE = {'t', 'y', 'p', 'e'};
  private static final byte[] MESSAGE_KEY = {'m', 'e', 's', 's', 'a', 'g', 'e'};
  private static final byte[] SESSION_ID = {'s', 'e', 's', 's', 'i', 'o', 'n', 'I', 'd'};
  private static final byte[] ASSISTANT_VALUE = {'a', 's', 's', 'i', 's', 't', 'a', 'n', 't'};
  private static final byte[] USER_VALUE = {'u', 's', 'e', 'r'};
  private static final byte[] SUMMARY_VALUE = {'s', 'u', 'm', 'm', 'a', 'r', 'y'};
  private static final byte[] CUSTOM_TITLE_VALUE = {'c', 'u', 's', 't', 'o', 'm', '-', 't', 'i', 't', 'l', 'e'};
  private static final byte[] AI_TITLE_VALUE = {'a', 'i', '-', 't', 'i', 't', 'l', 'e'};

  /** Where the last classified line's top-level {@code sessionId} value starts, or -1 if it was not seen first. */
  int sessionStart = -1;
  /** Where that value ends (exclusive). */
  int sessionEnd = -1;

  /**
   * Classifies a line.
   *
   * @param b the buffer
   * @param start the line's first byte
   * @param end the index after its last byte
   * @return one of the constants of this class
   */
  int classify(byte[] b, int start, int end) {
    sessionStart = -1;
    sessionEnd = -1;
    int i = ws(b, start, end);
    if (end - i >= 3 && b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF) {
      i = ws(b, i + 3, end); // a byte order mark
    }
    if (i >= end || b[i] != '{') {
      return NOT_OBJECT;
    }
    i++;
    while (true) {
      i = ws(b, i, end);
      if (i >= end) {
        return UNSURE;
      }
      if (b[i] == '}') {
        return NOTHING;
      }
      if (b[i] != '"') {
        return UNSURE;
      }
      int keyStart = i + 1;
      int keyEnd = plainStringEnd(b, keyStart, end);
      if (keyEnd < 0) {
        return UNSURE; // an escaped key might decode to "type"
      }
      i = ws(b, keyEnd + 1, end);
      if (i >= end || b[i] != ':') {
        return UNSURE;
      }
      i = ws(b, i + 1, end);
      if (i >= end) {
        return UNSURE;
      }
      if (equal(b, keyStart, keyEnd, TYPE)) {
        if (b[i] != '"') {
          return UNSURE; // null or not a string: the parser treats the line as untyped
        }
        int valueEnd = plainStringEnd(b, i + 1, end);
        return valueEnd < 0 ? UNSURE : type(b, i + 1, valueEnd);
      }
      if (equal(b, keyStart, keyEnd, MESSAGE_KEY)) {
        return MESSAGE;
      }
      if (equal(b, keyStart, keyEnd, SESSION_ID) && b[i] == '"' && sessionStart < 0) {
        int valueEnd = plainStringEnd(b, i + 1, end);
        if (valueEnd >= 0) {
          sessionStart = i + 1;
          sessionEnd = valueEnd;
        }
      }
      i = skipValue(b, i, end);
      if (i < 0) {
        return UNSURE;
      }
      i = ws(b, i, end);
      if (i >= end) {
        return UNSURE;
      }
      if (b[i] == ',') {
        i++;
      } else if (b[i] == '}') {
        return NOTHING;
      } else {
        return UNSURE;
      }
    }
  }

  private static int type(byte[] b, int from, int to) {
    if (equal(b, from, to, ASSISTANT_VALUE)) {
      return ASSISTANT;
    }
    if (equal(b, from, to, USER_VALUE)) {
      return USER;
    }
    if (equal(b, from, to, SUMMARY_VALUE)
        || equal(b, from, to, CUSTOM_TITLE_VALUE)
        || equal(b, from, to, AI_TITLE_VALUE)) {
      return TITLE;
    }
    for (byte[] known : NOT_CALL_BYTES) {
      if (equal(b, from, to, known)) {
        return OTHER;
      }
    }
    return UNKNOWN;
  }

  private static int ws(byte[] b, int i, int end) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static boolean equal(byte[] b, int from, int to, byte[] word) {
    if (to - from != word.length) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      if (b[from + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  /** The closing quote of a string without escapes that starts at {@code from}, or -1 (escaped or unterminated). */
  private static int plainStringEnd(byte[] b, int from, int end) {
    for (int j = from; j < end; j++) {
      byte c = b[j];
      if (c == '"') {
        return j;
      }
      if (c == '\\') {
        return -1;
      }
    }
    return -1;
  }

  /** The closing quote of a string that starts at {@code from}, escapes allowed, or -1 if unterminated. */
  private static int stringEnd(byte[] b, int from, int end) {
    for (int j = from; j < end; j++) {
      byte c = b[j];
      if (c == '"') {
        return j;
      }
      if (c == '\\') {
        j++;
      }
    }
    return -1;
  }

  /** The index after the value at {@code i}, or -1 if the line ends first. */
  private static int skipValue(byte[] b, int i, int end) {
    byte c = b[i];
    if (c == '"') {
      int e = stringEnd(b, i + 1, end);
      return e < 0 ? -1 : e + 1;
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      for (int j = i; j < end; j++) {
        byte x = b[j];
        if (x == '"') {
          int e = stringEnd(b, j + 1, end);
          if (e < 0) {
            return -1;
          }
          j = e;
        } else if (x == '{' || x == '[') {
          depth++;
        } else if (x == '}' || x == ']') {
          depth--;
          if (depth == 0) {
            return j + 1;
          }
        }
      }
      return -1;
    }
    int j = i;
    while (j < end) {
      byte x = b[j];
      if (x == ',' || x == '}' || x == ']' || x == ' ' || x == '\t' || x == '\r' || x == '\n') {
        break;
      }
      j++;
    }
    return j == i ? -1 : j;
  }
}
