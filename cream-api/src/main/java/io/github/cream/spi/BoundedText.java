package io.github.cream.spi;

import java.io.Writer;
import java.util.Locale;

/**
 * A {@link Writer} that keeps the first {@value #MAX_CHARS} characters written to it and counts the rest: the
 * shared bound message parsers put on one content block, so that one absurd block (a pasted log, a base64 image
 * sent as text) cannot make a message unusable. A cut text never splits a surrogate pair and ends with
 * {@link #marker(long)}, which says how much was left out.
 *
 * <p>Jackson writes into it without building the whole text first ({@code parser.getText(writer)},
 * {@code factory.createGenerator(writer)}). One instance may be reused for many texts; not thread-safe.
 *
 * <pre>{@code
 * BoundedText text = new BoundedText();
 * parser.getText(text);                  // the current string value, however long
 * blocks.add(ContentBlock.text(text.result()));
 * }</pre>
 */
public final class BoundedText extends Writer {

  /** The longest text of one content block, in characters: 1 MiB. */
  public static final int MAX_CHARS = 1 << 20;

  private final StringBuilder sb = new StringBuilder();
  private long total;
  private boolean cut;

  /** An empty text. */
  public BoundedText() {}

  /**
   * The marker that ends a cut text.
   *
   * @param omitted how many characters were left out
   * @return the marker, starting with a newline
   */
  public static String marker(long omitted) {
    return String.format(Locale.ROOT, "\n[cream: %,d more characters not shown]", omitted);
  }

  /**
   * A text cut to the bound, with the marker when it was longer.
   *
   * @param text any text
   * @return the text, or its first {@value #MAX_CHARS} characters and the marker
   */
  public static String cap(CharSequence text) {
    if (text.length() <= MAX_CHARS) {
      return text.toString();
    }
    int keep = keep(text);
    return text.subSequence(0, keep) + marker(text.length() - (long) keep);
  }

  private static int keep(CharSequence kept) {
    return Character.isHighSurrogate(kept.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
  }

  /** Forgets what was written since the last {@link #result()} (after a failed read, say). */
  public void clear() {
    sb.setLength(0);
    total = 0;
  }

  @Override
  public void write(char[] c, int off, int len) {
    total += len;
    int room = MAX_CHARS - sb.length();
    if (room > 0) {
      sb.append(c, off, Math.min(room, len));
    }
  }

  @Override
  public void write(String s, int off, int len) {
    total += len;
    int room = MAX_CHARS - sb.length();
    if (room > 0) {
      sb.append(s, off, off + Math.min(room, len));
    }
  }

  @Override
  public void write(int c) {
    total++;
    if (sb.length() < MAX_CHARS) {
      sb.append((char) c);
    }
  }

  /**
   * The text written since the last {@code result()}, cut with the marker if it was too long; then starts a new
   * text.
   *
   * @return the text
   */
  public String result() {
    String s;
    if (total <= MAX_CHARS) {
      s = sb.toString();
      cut = false;
    } else {
      int keep = keep(sb);
      s = sb.substring(0, keep) + marker(total - keep);
      cut = true;
    }
    sb.setLength(0);
    if (sb.capacity() > 64 * 1024) {
      sb.trimToSize();
    }
    total = 0;
    return s;
  }

  /**
   * Whether the last {@link #result()} was cut.
   *
   * @return true if characters were left out
   */
  public boolean wasCut() {
    return cut;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
