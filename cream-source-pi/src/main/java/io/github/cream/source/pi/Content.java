package io.github.cream.source.pi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Writer;

/**
 * Reads message content out of a line with bounds: every text is cut at {@link #MAX_BLOCK_CHARS} characters and
 * ends with a marker saying how much was left out, so that one absurd block (a pasted log, a base64 image sent as
 * text) cannot make a message unusable. Lines are parsed with {@link Json#FACTORY}, whose string limit is the
 * engine's longest line, so a long string is decoded and then cut. One instance per parser; {@link #truncated}
 * says whether anything was cut on the current line.
 */
final class Content {

  /**
   * The longest text of one content block, in characters: 1 MiB. Longer texts are cut there (never inside a
   * surrogate pair) and end with {@link #marker(long)}.
   */
  static final int MAX_BLOCK_CHARS = 1 << 20;

  /** The most content blocks one message keeps; later blocks are left out. */
  static final int MAX_BLOCKS = 4096;

  /** Whether a text was cut since the last {@link #reset()}. */
  boolean truncated;

  private final Bounded out = new Bounded();

  void reset() {
    truncated = false;
  }

  /**
   * The marker that ends a cut text.
   *
   * @param omitted how many characters were left out
   * @return the marker, starting with a newline
   */
  static String marker(long omitted) {
    return "\n[cream: " + omitted + " more characters not shown]";
  }

  /** The current string value, bounded; null (and the value skipped) when it is not a string. */
  String string(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    out.start();
    p.getText(out);
    return finish();
  }

  /**
   * The current value as text, bounded: a string as it is, null as empty, anything else as compact JSON (tool
   * arguments logged as an object, say).
   */
  String anyText(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return string(p);
    }
    if (t == JsonToken.VALUE_NULL || t == null) {
      return "";
    }
    out.start();
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return finish();
  }

  private String finish() {
    String s = out.result();
    if (out.cut) {
      truncated = true;
    }
    return s;
  }

  /** A writer that keeps the first {@link #MAX_BLOCK_CHARS} characters and counts the rest. */
  private static final class Bounded extends Writer {
    private final StringBuilder sb = new StringBuilder();
    private long total;
    boolean cut;

    void start() {
      sb.setLength(0);
      total = 0;
      cut = false;
    }

    @Override
    public void write(char[] c, int off, int len) {
      total += len;
      int room = MAX_BLOCK_CHARS - sb.length();
      if (room > 0) {
        sb.append(c, off, Math.min(room, len));
      }
    }

    @Override
    public void write(String s, int off, int len) {
      total += len;
      int room = MAX_BLOCK_CHARS - sb.length();
      if (room > 0) {
        sb.append(s, off, off + Math.min(room, len));
      }
    }

    @Override
    public void write(int c) {
      total++;
      if (sb.length() < MAX_BLOCK_CHARS) {
        sb.append((char) c);
      }
    }

    String result() {
      if (total <= MAX_BLOCK_CHARS) {
        String s = sb.toString();
        sb.setLength(0);
        return s;
      }
      cut = true;
      int keep = MAX_BLOCK_CHARS;
      if (Character.isHighSurrogate(sb.charAt(keep - 1))) {
        keep--;
      }
      String s = sb.substring(0, keep) + marker(total - keep);
      sb.setLength(0);
      sb.trimToSize();
      return s;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
