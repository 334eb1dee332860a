package io.github.cream.examples.cli;

/** Text from logs or files made safe to print on a terminal: control and bidi characters are shown escaped. */
public final class TerminalText {

  private TerminalText() {}

  /**
   * The text with control characters, ESC, DEL, C1 controls and bidi overrides made visible ({@code \e},
   * {@code \u202e}, ...).
   *
   * @param s the text, or null
   * @return the safe text ({@code ""} for null)
   */
  public static String safe(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = c == 0x1b ? "\\e" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
          : c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c
          ? String.format("\\u%04x", (int) c) : null;
      if (r != null && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (r != null) {
          b.append(r);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
