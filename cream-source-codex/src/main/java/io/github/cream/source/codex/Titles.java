package io.github.cream.source.codex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A session's title from its first prompt ({@code event_msg} {@code user_message}): white space and control
 * characters collapsed to single spaces, at most {@value #MAX_CHARS} characters (an ellipsis marks a cut). Read from
 * Jackson's character buffer, so a huge pasted prompt is never copied. Text Codex itself puts in a user turn (the
 * {@code <environment_context>} and {@code <user_instructions>} blocks of older versions) gives no title.
 */
final class Titles {

  /** The longest title, ellipsis included. */
  static final int MAX_CHARS = 80;

  private Titles() {}

  /**
   * The title the current string value gives.
   *
   * @param p a parser on the value
   * @return the title, or null for a value that is not a string, is blank or was written by Codex
   * @throws IOException when the value cannot be read
   */
  static String of(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    return of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  static String of(char[] buf, int off, int len) {
    StringBuilder sb = new StringBuilder(Math.min(len, MAX_CHARS + 1));
    boolean space = false;
    int end = off + len;
    for (int i = off; i < end && sb.length() <= MAX_CHARS; i++) {
      char c = buf[i];
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        space = sb.length() > 0;
        continue;
      }
      if (sb.length() == 0 && c == '<') {
        return null; // a block Codex wrote, not a prompt
      }
      if (space) {
        sb.append(' ');
        space = false;
      }
      sb.append(c);
    }
    if (sb.length() == 0) {
      return null;
    }
    if (sb.length() > MAX_CHARS) {
      int cut = MAX_CHARS - 1;
      if (Character.isHighSurrogate(sb.charAt(cut - 1))) {
        cut--;
      }
      sb.setLength(cut);
      while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
        sb.setLength(sb.length() - 1);
      }
      sb.append('\u2026');
    }
    return sb.toString();
  }
}
