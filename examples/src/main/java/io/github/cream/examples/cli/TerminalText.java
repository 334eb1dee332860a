package io.github.cream.examples.cli;

/**
 * Text from the logs made safe to print on a terminal: control characters, ESC, DEL, the C1 controls and the
 * bidirectional controls are shown as visible escapes ({@code \e}, {@code \n}, {@code \x07}, {@code \u202e}) instead
 * of being sent to the terminal.
 */
public final class TerminalText {

  private TerminalText() {}

  /**
   * The text with every control character made visible.
   *
   * @param s the text, possibly null
   * @return the safe text; empty for null
   */
  public static String safe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = escape(s, i, c);
      if (escape == null) {
        if (sb != null) {
          sb.append(c);
        }
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      sb.append(escape);
    }
    return sb == null ? s : sb.toString();
  }

  private static String escape(String s, int i, char c) {
    if (c == '\u001b') {
      return "\\e";
    }
    if (c == '\t') {
      return "\\t";
    }
    if (c == '\n') {
      return "\\n";
    }
    if (c == '\r') {
      return "\\r";
    }
    if (c < 0x20 || c == 0x7f) {
      return String.format("\\x%02x", (int) c);
    }
    boolean c1 = c >= 0x80 && c <= 0x9f;
    boolean bidi = (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e'
        || c == '\u200f' || c == '\u061c' || c == '\u2028' || c == '\u2029';
    boolean lone = Character.isHighSurrogate(c)
        ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
        : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    return c1 || bidi || lone ? String.format("\\u%04x", (int) c) : null;
  }
}
