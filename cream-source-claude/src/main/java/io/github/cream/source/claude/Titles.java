package io.github.cream.source.claude;

/**
 * Session titles from prompt or summary text: whitespace and control characters collapsed to single spaces, at
 * most {@value #MAX_CHARS} characters (an ellipsis marks a cut). Works on Jackson's character buffer, so a huge
 * pasted prompt is never copied into a string of its own.
 */
final class Titles {

  /** The longest title, ellipsis included. */
  static final int MAX_CHARS = 80;

  private static final String[] GENERATED_PREFIXES = {
    "[Request interrupted",
    "Caveat: ",
    "This session is being continued from a previous conversation",
  };

  private Titles() {}

  /**
   * The title a text gives.
   *
   * @param buf characters
   * @param off first character
   * @param len how many
   * @return the collapsed, truncated text, or null if it holds nothing but whitespace
   */
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
      int trimmed = sb.length();
      while (trimmed > 0 && sb.charAt(trimmed - 1) == ' ') {
        trimmed--;
      }
      sb.setLength(trimmed);
      sb.append('\u2026');
    }
    return sb.toString();
  }

  /**
   * The title a string gives.
   *
   * @param text the text
   * @return the title, or null
   */
  static String of(String text) {
    return text == null ? null : of(text.toCharArray(), 0, text.length());
  }

  /**
   * Whether a user message's text was written by Claude Code rather than typed by the user: slash-command and
   * shell-escape echoes, hook and system reminders, IDE context (all of these open with a tag such as
   * {@code <command-name>}, {@code <local-command-stdout>}, {@code <system-reminder>}, {@code <ide_opened_file>}),
   * interruption notes, the local-command caveat, and the summary injected after compaction.
   *
   * @param buf characters
   * @param off first character
   * @param len how many
   * @return true if the text is not a real prompt
   */
  static boolean generated(char[] buf, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end && (Character.isWhitespace(buf[i]) || Character.isISOControl(buf[i]))) {
      i++;
    }
    if (i == end) {
      return true;
    }
    if (buf[i] == '<' && tagAt(buf, i + 1, end)) {
      return true;
    }
    for (String prefix : GENERATED_PREFIXES) {
      if (startsWith(buf, i, end, prefix)) {
        return true;
      }
    }
    return false;
  }

  /** A tag name ({@code [A-Za-z_][A-Za-z0-9_:-]*}) closed by {@code >} within 64 characters. */
  private static boolean tagAt(char[] buf, int i, int end) {
    int limit = Math.min(end, i + 64);
    if (i >= limit || !(Character.isLetter(buf[i]) && buf[i] < 128 || buf[i] == '_')) {
      return false;
    }
    for (int j = i + 1; j < limit; j++) {
      char c = buf[j];
      if (c == '>') {
        return true;
      }
      boolean nameChar = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == ':');
      if (!nameChar) {
        return false;
      }
    }
    return false;
  }

  private static boolean startsWith(char[] buf, int i, int end, String prefix) {
    if (end - i < prefix.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (buf[i + k] != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
