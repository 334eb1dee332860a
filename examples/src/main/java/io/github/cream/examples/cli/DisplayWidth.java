package io.github.cream.examples.cli;

/**
 * How many terminal columns text takes, in the manner of {@code wcwidth}: East Asian wide and fullwidth characters
 * (CJK, Hangul, fullwidth forms) and emoji take two columns, combining marks, enclosing marks and format characters
 * (zero-width joiner, variation selectors) none, everything else one. Tables are laid out, padded and truncated by
 * these widths, so that a Chinese title or an emoji keeps its columns aligned; truncation works on whole code
 * points, so a surrogate pair is never split.
 *
 * <p>Control characters count one column: text from the logs has been made {@linkplain TerminalText#safe safe}
 * before it is measured, which leaves none.
 */
final class DisplayWidth {

  /** What stands for the cut part of a truncated text. */
  static final String ELLIPSIS = "...";

  /**
   * The code points that take two columns: inclusive ranges, ascending (Unicode 14's East Asian Width {@code W} and
   * {@code F}, without the marks and format characters among them, and every code point of the CJK extension
   * planes).
   */
  private static final int[] WIDE = {
    0x1100, 0x115F, 0x231A, 0x231B, 0x2329, 0x232A, 0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3, 0x25FD,
    0x25FE, 0x2614, 0x2615, 0x2648, 0x2653, 0x267F, 0x267F, 0x2693, 0x2693, 0x26A1, 0x26A1, 0x26AA, 0x26AB,
    0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26CE, 0x26D4, 0x26D4, 0x26EA, 0x26EA, 0x26F2, 0x26F3, 0x26F5,
    0x26F5, 0x26FA, 0x26FA, 0x26FD, 0x26FD, 0x2705, 0x2705, 0x270A, 0x270B, 0x2728, 0x2728, 0x274C, 0x274C,
    0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2B1B,
    0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x2E80, 0x2E99, 0x2E9B, 0x2EF3, 0x2F00, 0x2FD5, 0x2FF0, 0x2FFB,
    0x3000, 0x3029, 0x302E, 0x303E, 0x3041, 0x3096, 0x309B, 0x30FF, 0x3105, 0x312F, 0x3131, 0x318E, 0x3190,
    0x31E3, 0x31F0, 0x321E, 0x3220, 0x3247, 0x3250, 0x4DBF, 0x4E00, 0xA48C, 0xA490, 0xA4C6, 0xA960, 0xA97C,
    0xAC00, 0xD7A3, 0xF900, 0xFA6D, 0xFA70, 0xFAD9, 0xFE10, 0xFE19, 0xFE30, 0xFE52, 0xFE54, 0xFE66, 0xFE68,
    0xFE6B, 0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0x16FE0, 0x16FE3, 0x16FF0, 0x16FF1, 0x17000, 0x187F7, 0x18800,
    0x18CD5, 0x18D00, 0x18D08, 0x1AFF0, 0x1AFF3, 0x1AFF5, 0x1AFFB, 0x1AFFD, 0x1AFFE, 0x1B000, 0x1B122, 0x1B150,
    0x1B152, 0x1B164, 0x1B167, 0x1B170, 0x1B2FB, 0x1F004, 0x1F004, 0x1F0CF, 0x1F0CF, 0x1F18E, 0x1F18E, 0x1F191,
    0x1F19A, 0x1F200, 0x1F202, 0x1F210, 0x1F23B, 0x1F240, 0x1F248, 0x1F250, 0x1F251, 0x1F260, 0x1F265, 0x1F300,
    0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA, 0x1F3CF, 0x1F3D3, 0x1F3E0,
    0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440, 0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B,
    0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A, 0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680,
    0x1F6C5, 0x1F6CC, 0x1F6CC, 0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6D7, 0x1F6DD, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4,
    0x1F6FC, 0x1F7E0, 0x1F7EB, 0x1F7F0, 0x1F7F0, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF, 0x1FA70,
    0x1FA74, 0x1FA78, 0x1FA7C, 0x1FA80, 0x1FA86, 0x1FA90, 0x1FAAC, 0x1FAB0, 0x1FABA, 0x1FAC0, 0x1FAC5, 0x1FAD0,
    0x1FAD9, 0x1FAE0, 0x1FAE7, 0x1FAF0, 0x1FAF6, 0x20000, 0x2FFFD, 0x30000, 0x3FFFD
  };

  private DisplayWidth() {}

  /**
   * The columns one code point takes.
   *
   * @param cp the code point
   * @return 0, 1 or 2
   */
  static int of(int cp) {
    if (cp < 0x300) {
      return 1; // ASCII and Latin-1: the common case, and nothing in it is zero-width or wide (U+00AD counts one)
    }
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
        || (cp >= 0x1160 && cp <= 0x11FF)) {
      return 0; // combining marks, ZWJ and variation selectors, Hangul medial vowels and final consonants
    }
    return wide(cp) ? 2 : 1;
  }

  /**
   * The columns a text takes.
   *
   * @param s the text, without terminal escapes
   * @return the width
   */
  static int of(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += of(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  /**
   * How many chars of a text's start fit in some columns: whole code points only, and the zero-width marks after
   * the last one that fits come along with it.
   *
   * @param s the text
   * @param columns the columns available
   * @return the length in chars of the longest start that fits
   */
  static int fitting(String s, int columns) {
    int w = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int cw = of(cp);
      if (w + cw > columns) {
        break;
      }
      w += cw;
      i += Character.charCount(cp);
    }
    return i;
  }

  /**
   * A text truncated to some columns, its start kept and the cut marked with an {@link #ELLIPSIS}; as it is when
   * it fits. The result may be a column narrower than asked when a wide character does not fit whole.
   *
   * @param s the text
   * @param columns the most columns it may take, at least the ellipsis's
   * @return the text, at most {@code columns} wide
   */
  static String truncate(String s, int columns) {
    if (of(s) <= columns) {
      return s;
    }
    int room = Math.max(0, columns - ELLIPSIS.length());
    return s.substring(0, fitting(s, room)) + ELLIPSIS;
  }

  /**
   * A text truncated to some columns with its end kept (for paths), the cut marked with an {@link #ELLIPSIS} at
   * the start; as it is when it fits.
   *
   * @param s the text
   * @param columns the most columns it may take, at least the ellipsis's
   * @return the text, at most {@code columns} wide
   */
  static String truncateStart(String s, int columns) {
    if (of(s) <= columns) {
      return s;
    }
    int room = Math.max(0, columns - ELLIPSIS.length());
    int w = 0;
    int start = s.length();
    while (start > 0) {
      int cp = s.codePointBefore(start);
      int cw = of(cp);
      if (w + cw > room) {
        break;
      }
      w += cw;
      start -= Character.charCount(cp);
    }
    // a mark left at the start would combine with the ellipsis: leave it out with its base
    while (start < s.length() && of(s.codePointAt(start)) == 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    return ELLIPSIS + s.substring(start);
  }

  /**
   * At most some chars of a text's start, never ending inside a surrogate pair.
   *
   * @param s the text
   * @param chars the most chars to keep
   * @return the start
   */
  static String prefix(String s, int chars) {
    if (s.length() <= chars) {
      return s;
    }
    int end = Math.max(0, chars);
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1)) && Character.isLowSurrogate(s.charAt(end))) {
      end--;
    }
    return s.substring(0, end);
  }

  private static boolean wide(int cp) {
    if (cp < WIDE[0]) {
      return false;
    }
    int lo = 0;
    int hi = WIDE.length / 2 - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (cp < WIDE[2 * mid]) {
        hi = mid - 1;
      } else if (cp > WIDE[2 * mid + 1]) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}
