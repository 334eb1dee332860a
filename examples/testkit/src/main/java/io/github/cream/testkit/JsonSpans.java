package io.github.cream.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of the keys and values of one line of JSON, found by a small recursive-descent scan that needs no JSON
 * library and stops quietly at the first syntax error: what the kit's mutations replace. Bytes outside the spans
 * (whitespace, separators) are kept as they are, so a mutated line differs from the sample only where intended.
 */
final class JsonSpans {

  /** What a span holds. */
  enum Kind {
    STRING,
    NUMBER,
    LITERAL,
    OBJECT,
    ARRAY
  }

  /**
   * One key or value.
   *
   * @param start index of its first byte
   * @param end index after its last byte
   * @param kind what it holds
   * @param key whether it is an object key
   */
  record Span(int start, int end, Kind kind, boolean key) {}

  private static final int MAX_DEPTH = 200;

  private final byte[] b;
  private final List<Span> spans = new ArrayList<>();
  private int pos;

  private JsonSpans(byte[] bytes) {
    this.b = bytes;
  }

  /**
   * The spans of a line, inner ones before the containers holding them.
   *
   * @param line the line's bytes
   * @return every key and value found before the first syntax error
   */
  static List<Span> of(byte[] line) {
    JsonSpans s = new JsonSpans(line);
    try {
      s.value(0);
    } catch (Bad e) {
      // keep what was found
    }
    return s.spans;
  }

  /** The line with one span replaced. */
  static byte[] replace(byte[] line, Span span, byte[] with) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + with.length);
    out.write(line, 0, span.start());
    out.writeBytes(with);
    out.write(line, span.end(), line.length - span.end());
    return out.toByteArray();
  }

  /** The line with text inserted inside a string span, after its opening quote or before its closing one. */
  static byte[] insertIntoString(byte[] line, Span span, String text, boolean atStart) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    int at = atStart ? span.start() + 1 : span.end() - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + t.length);
    out.write(line, 0, at);
    out.writeBytes(t);
    out.write(line, at, line.length - at);
    return out.toByteArray();
  }

  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad() {
      super(null, null, false, false);
    }
  }

  private void value(int depth) throws Bad {
    if (depth > MAX_DEPTH) {
      throw new Bad();
    }
    ws();
    int start = pos;
    byte c = peek();
    switch (c) {
      case '{' -> {
        pos++;
        ws();
        if (peek() == '}') {
          pos++;
        } else {
          while (true) {
            ws();
            int ks = pos;
            string();
            spans.add(new Span(ks, pos, Kind.STRING, true));
            ws();
            expect(':');
            value(depth + 1);
            ws();
            if (peek() == ',') {
              pos++;
              continue;
            }
            expect('}');
            break;
          }
        }
        spans.add(new Span(start, pos, Kind.OBJECT, false));
      }
      case '[' -> {
        pos++;
        ws();
        if (peek() == ']') {
          pos++;
        } else {
          while (true) {
            value(depth + 1);
            ws();
            if (peek() == ',') {
              pos++;
              continue;
            }
            expect(']');
            break;
          }
        }
        spans.add(new Span(start, pos, Kind.ARRAY, false));
      }
      case '"' -> {
        string();
        spans.add(new Span(start, pos, Kind.STRING, false));
      }
      case 't', 'f', 'n' -> {
        while (pos < b.length && b[pos] >= 'a' && b[pos] <= 'z') {
          pos++;
        }
        spans.add(new Span(start, pos, Kind.LITERAL, false));
      }
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw new Bad();
        }
        pos++;
        while (pos < b.length && isNumberByte(b[pos])) {
          pos++;
        }
        spans.add(new Span(start, pos, Kind.NUMBER, false));
      }
    }
  }

  private static boolean isNumberByte(byte c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
  }

  private void string() throws Bad {
    expect('"');
    while (pos < b.length) {
      byte c = b[pos++];
      if (c == '\\') {
        pos++;
      } else if (c == '"') {
        return;
      }
    }
    throw new Bad();
  }

  private void ws() {
    while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\r')) {
      pos++;
    }
  }

  private byte peek() throws Bad {
    if (pos >= b.length) {
      throw new Bad();
    }
    return b[pos];
  }

  private void expect(char c) throws Bad {
    if (peek() != c) {
      throw new Bad();
    }
    pos++;
  }
}
