package io.github.cream.examples.cli;

/**
 * Text from the logs made safe to print on a terminal. A log's title, project path, model id or message can hold
 * terminal escape sequences (OSC 52 writes the clipboard, OSC 0 the window title, OSC 8 plants links, CSI 2J clears
 * the screen) or bidirectional controls that make text read differently from what it is; {@link #safe} shows every
 * such character as a visible escape instead of sending it to the terminal:
 *
 * <ul>
 *   <li>ESC (U+001B) as {@code \e};
 *   <li>tab, line feed and carriage return as {@code \t}, {@code \n} and {@code \r};
 *   <li>the other C0 controls (U+0000 to U+001F) and DEL (U+007F) as {@code \x07}-style two-digit escapes;
 *   <li>the C1 controls (U+0080 to U+009F, CSI and OSC among them), the bidirectional embeddings, overrides and
 *       isolates (U+202A to U+202E, U+2066 to U+2069), the direction marks (U+200E, U+200F, U+061C), the line and
 *       paragraph separators (U+2028, U+2029) and lone surrogates as {@code \u202e}-style four-digit escapes.
 * </ul>
 *
 * <p>The escapes are for reading, not a reversible encoding: a backslash already in the text is left as it is (a
 * Windows path stays readable). JSON output never goes through this class: it carries the exact strings.
 */
public final class TerminalText {

  private TerminalText() {}

  /**
   * The text with every control character, ESC, DEL, C1 control and bidirectional control made visible.
   *
   * @param s the text, possibly null
   * @return the safe text; empty for null
   */
  public static String safe(String s) {
    if (s == null) {
      return "";
    }
    int i = 0;
    while (i < s.length() && !unsafe(s, i)) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unsafe(s, i)) {
        sb.append(c);
      } else if (c == '\u001b') {
        sb.append("\\e");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        hex(sb, "\\x", c, 2);
      } else {
        hex(sb, "\\u", c, 4);
      }
    }
    return sb.toString();
  }

  /**
   * The text on one line: runs of white space (line breaks and tabs included) become one space, the ends are
   * stripped, and the rest is made {@link #safe}.
   *
   * @param s the text, possibly null
   * @return the safe line; empty for null
   */
  public static String line(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000b') {
        space = sb.length() > 0;
        continue;
      }
      if (space) {
        sb.append(' ');
        space = false;
      }
      sb.append(c);
    }
    return safe(sb.toString());
  }

  /**
   * Whether a text holds nothing {@link #safe} would change.
   *
   * @param s the text
   * @return true when it can be printed as it is
   */
  public static boolean isSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (unsafe(s, i)) {
        return false;
      }
    }
    return true;
  }

  private static void hex(StringBuilder sb, String prefix, char c, int digits) {
    sb.append(prefix);
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((c >> shift) & 0xf, 16));
    }
  }

  private static boolean unsafe(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    if (c < 0x061c) {
      return false;
    }
    if (c == 0x061c || c == 0x200e || c == 0x200f || c == 0x2028 || c == 0x2029
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
