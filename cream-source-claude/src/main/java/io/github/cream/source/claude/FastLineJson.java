package io.github.cream.source.claude;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict JSON pull reader over one line's bytes, giving the same tokens, names and values as
 * {@link ClaudeParser#JSON}'s Jackson parser, without a parser object, a symbol table or a char buffer per line:
 * names and repeating values come from small per-reader caches, strings are decoded straight from the bytes, and
 * skipped values are checked word at a time.
 *
 * <h2>Declining</h2>
 * It reads only a strict subset of what Jackson accepts and throws {@link #DECLINED} on anything else: malformed or
 * torn JSON, escaped names, a string that is not valid UTF-8 (surrogates and overlong forms included), numbers
 * longer than {@value #MAX_NUMBER_CHARS} characters or not followed by a delimiter, nesting deeper than
 * {@value #MAX_DEPTH}, names longer than {@value #MAX_NAME_BYTES} bytes, decoded strings longer than
 * {@value #MAX_TEXT_BYTES} bytes, a decimal value, lines shorter than 4 bytes or not starting with {@code '{'}. It
 * checks eagerly what Jackson checks lazily (a string's content as soon as its token is read, a scalar's delimiter),
 * so whatever it reads without declining, Jackson reads too, to the same tokens. The caller then reads the line
 * again with Jackson, which gives the old answer, error or not: declining is never visible.
 *
 * <p>One instance per thread, reused from line to line and file to file; not thread-safe.
 */
final class FastLineJson extends LineJson {

  /** Thrown when the reader leaves a line to Jackson; no stack trace, one instance. */
  static final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Declined() {
      super("left to the full parser", null, false, false);
    }
  }

  static final Declined DECLINED = new Declined();

  static final int MAX_DEPTH = 128;
  static final int MAX_NAME_BYTES = 1000;
  static final int MAX_NUMBER_CHARS = 100;
  static final int MAX_TEXT_BYTES = 1 << 20;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private byte[] b;
  private int i;
  private int end;
  private final boolean[] object = new boolean[MAX_DEPTH + 2];
  private final boolean[] hasElement = new boolean[MAX_DEPTH + 2];
  private int depth;
  private boolean started;
  private boolean valueNext;
  private JsonToken token;
  private String name;
  /** The current value's bytes: a string's content (without quotes) or a number. */
  private int valueStart;
  private int valueEnd;
  private boolean valueFloat;
  /** Set by {@link #scanString}: whether the string holds escapes, whether all of it is ASCII. */
  private boolean escaped;
  private boolean ascii;
  private boolean valueEscaped;
  private boolean valueAscii;
  private char[] chars;

  private final Strings names = new Strings(512);
  private final Strings values = new Strings(64);
  private final AsciiView view = new AsciiView();

  /**
   * Whether a line is worth trying: long enough that Jackson's encoding detection reads UTF-8 from it, and an
   * object from its first byte.
   *
   * @param buf the buffer
   * @param start the line's first byte
   * @param length its length
   * @return false to leave the line to Jackson at once
   */
  static boolean tries(byte[] buf, int start, int length) {
    return length >= 4 && buf[start] == '{' && buf[start + 1] != 0 && buf[start + 2] != 0 && buf[start + 3] != 0;
  }

  /**
   * Starts reading a line.
   *
   * @param buf the buffer
   * @param start the line's first byte
   * @param length its length
   * @return this reader
   */
  FastLineJson reset(byte[] buf, int start, int length) {
    b = buf;
    i = start;
    end = start + length;
    depth = 0;
    started = false;
    valueNext = false;
    token = null;
    name = null;
    return this;
  }

  @Override
  JsonToken nextToken() {
    if (valueNext) {
      valueNext = false;
      return token = value();
    }
    int j = ws(i);
    if (depth == 0) {
      if (started) {
        if (j < end) {
          throw DECLINED; // more after the root value
        }
        i = j;
        return token = null;
      }
      started = true;
      if (j >= end || b[j] != '{') {
        throw DECLINED;
      }
      i = j;
      return token = value();
    }
    if (j >= end) {
      throw DECLINED;
    }
    byte c = b[j];
    boolean obj = object[depth];
    if (c == (obj ? '}' : ']')) {
      depth--;
      i = j + 1;
      return token = obj ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
    }
    if (hasElement[depth]) {
      if (c != ',') {
        throw DECLINED;
      }
      j = ws(j + 1);
      if (j >= end) {
        throw DECLINED;
      }
      c = b[j];
    }
    hasElement[depth] = true;
    if (!obj) {
      i = j;
      return token = value();
    }
    if (c != '"') {
      throw DECLINED;
    }
    int q = scanString(j + 1);
    if (escaped || q - (j + 1) > MAX_NAME_BYTES) {
      throw DECLINED;
    }
    name = names.get(b, j + 1, q, ascii);
    j = ws(q + 1);
    if (j >= end || b[j] != ':') {
      throw DECLINED;
    }
    i = ws(j + 1);
    valueNext = true;
    return token = JsonToken.FIELD_NAME;
  }

  /** The value token at {@link #i}. */
  private JsonToken value() {
    int j = i;
    if (j >= end) {
      throw DECLINED;
    }
    byte c = b[j];
    switch (c) {
      case '{' -> {
        push(true);
        i = j + 1;
        return JsonToken.START_OBJECT;
      }
      case '[' -> {
        push(false);
        i = j + 1;
        return JsonToken.START_ARRAY;
      }
      case '"' -> {
        int q = scanString(j + 1);
        valueStart = j + 1;
        valueEnd = q;
        valueEscaped = escaped;
        valueAscii = ascii;
        i = q + 1;
        return JsonToken.VALUE_STRING;
      }
      case 't' -> {
        i = literal(j, TRUE);
        return JsonToken.VALUE_TRUE;
      }
      case 'f' -> {
        i = literal(j, FALSE);
        return JsonToken.VALUE_FALSE;
      }
      case 'n' -> {
        i = literal(j, NULL);
        return JsonToken.VALUE_NULL;
      }
      default -> {
        int e = number(j);
        valueStart = j;
        valueEnd = e;
        i = e;
        return valueFloat ? JsonToken.VALUE_NUMBER_FLOAT : JsonToken.VALUE_NUMBER_INT;
      }
    }
  }

  private void push(boolean obj) {
    if (depth >= MAX_DEPTH) {
      throw DECLINED;
    }
    depth++;
    object[depth] = obj;
    hasElement[depth] = false;
  }

  @Override
  JsonToken currentToken() {
    return token;
  }

  @Override
  String currentName() {
    if (token != JsonToken.FIELD_NAME) {
      throw DECLINED;
    }
    return name;
  }

  @Override
  String getText() {
    if (token != JsonToken.VALUE_STRING || valueEnd - valueStart > MAX_TEXT_BYTES) {
      throw DECLINED;
    }
    if (!valueEscaped) {
      return new String(b, valueStart, valueEnd - valueStart,
          valueAscii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
    return unescape(valueStart, valueEnd);
  }

  @Override
  String sharedText() {
    if (token != JsonToken.VALUE_STRING || valueEscaped || valueEnd - valueStart > Strings.MAX_BYTES) {
      return getText();
    }
    return values.get(b, valueStart, valueEnd, valueAscii);
  }

  /** Compares the bytes with the previous value before making a string of them: an equal value makes none. */
  @Override
  String textLike(String previous) {
    int n = valueEnd - valueStart;
    if (token == JsonToken.VALUE_STRING && !valueEscaped && valueAscii && previous != null
        && previous.length() == n && n <= MAX_TEXT_BYTES) {
      int k = 0;
      while (k < n && b[valueStart + k] == previous.charAt(k)) {
        k++;
      }
      if (k == n) {
        return previous;
      }
    }
    String text = getText();
    return text.equals(previous) ? previous : text;
  }

  /** The bytes of a plain ASCII value as characters, without a string (see {@link AsciiView}). */
  @Override
  CharSequence textView() {
    if (token == JsonToken.VALUE_STRING && !valueEscaped && valueAscii && valueEnd - valueStart <= MAX_TEXT_BYTES) {
      return view.of(b, valueStart, valueEnd);
    }
    return getText();
  }

  @Override
  char[] getTextCharacters() {
    chars = getText().toCharArray();
    return chars;
  }

  @Override
  int getTextOffset() {
    return 0;
  }

  @Override
  int getTextLength() {
    return chars.length;
  }

  @Override
  JsonParser.NumberType getNumberType() {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw DECLINED;
    }
    long v = getLongValue();
    return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? JsonParser.NumberType.INT : JsonParser.NumberType.LONG;
  }

  @Override
  long getLongValue() {
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw DECLINED;
    }
    int j = valueStart;
    boolean negative = b[j] == '-';
    if (negative) {
      j++;
    }
    if (valueEnd - j > 18) {
      throw DECLINED; // may not fit a long: Jackson's own rules decide
    }
    long v = 0;
    for (; j < valueEnd; j++) {
      v = v * 10 + (b[j] - '0');
    }
    return negative ? -v : v;
  }

  @Override
  BigDecimal getDecimalValue() {
    throw DECLINED;
  }

  @Override
  void skipChildren() {
    if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
      return;
    }
    boolean obj = token == JsonToken.START_OBJECT;
    i = skipBody(i, obj, depth);
    depth--;
    token = obj ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
  }

  // ---- checking and skipping

  /** The index after the container whose body starts at {@code j}, checking all of it. */
  private int skipBody(int j, boolean obj, int d) {
    j = ws(j);
    if (j >= end) {
      throw DECLINED;
    }
    byte close = obj ? (byte) '}' : (byte) ']';
    if (b[j] == close) {
      return j + 1;
    }
    while (true) {
      if (obj) {
        if (b[j] != '"') {
          throw DECLINED;
        }
        int q = scanString(j + 1);
        if (q - (j + 1) > MAX_NAME_BYTES) {
          throw DECLINED;
        }
        j = ws(q + 1);
        if (j >= end || b[j] != ':') {
          throw DECLINED;
        }
        j = ws(j + 1);
        if (j >= end) {
          throw DECLINED;
        }
      }
      j = skipValue(j, d);
      j = ws(j);
      if (j >= end) {
        throw DECLINED;
      }
      byte c = b[j];
      if (c == ',') {
        j = ws(j + 1);
        if (j >= end) {
          throw DECLINED;
        }
      } else if (c == close) {
        return j + 1;
      } else {
        throw DECLINED;
      }
    }
  }

  /** The index after the value at {@code j}, checking it. */
  private int skipValue(int j, int d) {
    switch (b[j]) {
      case '"' -> {
        return scanString(j + 1) + 1;
      }
      case '{', '[' -> {
        if (d + 1 > MAX_DEPTH) {
          throw DECLINED;
        }
        return skipBody(j + 1, b[j] == '{', d + 1);
      }
      case 't' -> {
        return literal(j, TRUE);
      }
      case 'f' -> {
        return literal(j, FALSE);
      }
      case 'n' -> {
        return literal(j, NULL);
      }
      default -> {
        return number(j);
      }
    }
  }

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  /** The index after a literal at {@code j}, which must be followed by a delimiter. */
  private int literal(int j, byte[] word) {
    int e = j + word.length;
    if (e >= end) {
      throw DECLINED;
    }
    for (int k = 1; k < word.length; k++) {
      if (b[j + k] != word[k]) {
        throw DECLINED;
      }
    }
    delimiter(e);
    return e;
  }

  /** The index after a number at {@code j} (strict JSON grammar), which must be followed by a delimiter. */
  private int number(int j) {
    int k = j;
    if (b[k] == '-') {
      k++;
    }
    if (k >= end) {
      throw DECLINED;
    }
    if (b[k] == '0') {
      k++;
    } else if (b[k] >= '1' && b[k] <= '9') {
      k = digits(k + 1);
    } else {
      throw DECLINED;
    }
    boolean fraction = false;
    if (k < end && b[k] == '.') {
      int f = digits(k + 1);
      if (f == k + 1) {
        throw DECLINED;
      }
      k = f;
      fraction = true;
    }
    if (k < end && (b[k] == 'e' || b[k] == 'E')) {
      k++;
      if (k < end && (b[k] == '+' || b[k] == '-')) {
        k++;
      }
      int f = digits(k);
      if (f == k) {
        throw DECLINED;
      }
      k = f;
      fraction = true;
    }
    if (k - j > MAX_NUMBER_CHARS) {
      throw DECLINED;
    }
    delimiter(k);
    valueFloat = fraction;
    return k;
  }

  private int digits(int k) {
    while (k < end && b[k] >= '0' && b[k] <= '9') {
      k++;
    }
    return k;
  }

  /** Declines unless a structural character or white space follows a scalar at {@code e}. */
  private void delimiter(int e) {
    if (e >= end) {
      throw DECLINED;
    }
    byte c = b[e];
    if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      throw DECLINED;
    }
  }

  private int ws(int j) {
    while (j < end) {
      byte c = b[j];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        break;
      }
      j++;
    }
    return j;
  }

  /**
   * The closing quote of the string whose content starts at {@code j}, checking escapes and UTF-8; sets
   * {@link #escaped} and {@link #ascii}. Eight bytes at a time while none is a quote, a backslash, a control
   * character or a non-ASCII byte.
   */
  private int scanString(int j) {
    boolean esc = false;
    boolean asc = true;
    byte[] b = this.b;
    int end = this.end;
    words:
    while (true) {
      while (j + Long.BYTES <= end) {
        long w = (long) LONGS.get(b, j);
        long q = w ^ QUOTES;
        long s = w ^ BACKSLASHES;
        long t = ((q - ONES) & ~q) | ((s - ONES) & ~s) | (w - SPACES) | w;
        if ((t & HIGHS) != 0) {
          break;
        }
        j += Long.BYTES;
      }
      // a byte at a time from the first byte the word test flagged, back to words after a plain ASCII byte
      while (true) {
        if (j >= end) {
          throw DECLINED;
        }
        int c = b[j] & 0xFF;
        if (c >= 0x80) {
          asc = false;
          // the common two- and three-byte forms here; the rest (and anything malformed) in utf8
          if (c >= 0xC2 && c <= 0xDF && j + 1 < end && (b[j + 1] & 0xC0) == 0x80) {
            j += 2;
          } else if (c >= 0xE1 && c <= 0xEC && j + 2 < end && (b[j + 1] & 0xC0) == 0x80
              && (b[j + 2] & 0xC0) == 0x80) {
            j += 3;
          } else {
            j = utf8(j, c);
          }
        } else if (c == '"') {
          escaped = esc;
          ascii = asc;
          return j;
        } else if (c == '\\') {
          esc = true;
          j = escape(j);
        } else if (c < 0x20) {
          throw DECLINED;
        } else {
          j++;
          continue words;
        }
      }
    }
  }

  /** The index after the escape at {@code j}. */
  private int escape(int j) {
    if (j + 1 >= end) {
      throw DECLINED;
    }
    switch (b[j + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return j + 2;
      }
      case 'u' -> {
        if (j + 6 > end) {
          throw DECLINED;
        }
        for (int k = j + 2; k < j + 6; k++) {
          if (hex(b[k]) < 0) {
            throw DECLINED;
          }
        }
        return j + 6;
      }
      default -> throw DECLINED;
    }
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** The index after the well-formed UTF-8 sequence whose lead byte {@code c} is at {@code j} (RFC 3629). */
  private int utf8(int j, int c) {
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) {
        lo = 0xA0;
      } else if (c == 0xED) {
        hi = 0x9F; // no surrogates
      }
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) {
        lo = 0x90;
      } else if (c == 0xF4) {
        hi = 0x8F;
      }
    } else {
      throw DECLINED;
    }
    if (j + n >= end) {
      throw DECLINED;
    }
    int c1 = b[j + 1] & 0xFF;
    if (c1 < lo || c1 > hi) {
      throw DECLINED;
    }
    for (int k = 2; k <= n; k++) {
      int ck = b[j + k] & 0xFF;
      if (ck < 0x80 || ck > 0xBF) {
        throw DECLINED;
      }
    }
    return j + n + 1;
  }

  /** Decodes a string with escapes (already checked by {@link #scanString}). */
  private String unescape(int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    int j = from;
    int run = from;
    while (j < to) {
      if (b[j] != '\\') {
        j++;
        continue;
      }
      if (j > run) {
        sb.append(new String(b, run, j - run, StandardCharsets.UTF_8));
      }
      byte e = b[j + 1];
      switch (e) {
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) ((hex(b[j + 2]) << 12) | (hex(b[j + 3]) << 8) | (hex(b[j + 4]) << 4) | hex(b[j + 5])));
          j += 4;
        }
        default -> sb.append((char) e); // '"', '\\', '/'
      }
      j += 2;
      run = j;
    }
    if (to > run) {
      sb.append(new String(b, run, to - run, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** ASCII bytes as characters (a byte is its character); one per reader, pointed at one value at a time. */
  static final class AsciiView implements CharSequence {
    private byte[] bytes;
    private int from;
    private int length;

    AsciiView of(byte[] b, int start, int end) {
      bytes = b;
      from = start;
      length = end - start;
      return this;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= length) {
        throw new IndexOutOfBoundsException(index);
      }
      return (char) bytes[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
      return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * A small direct-mapped cache of strings by their UTF-8 bytes: names and values that repeat from line to line
   * are decoded once. An entry holds the bytes it was made from, so a hit is an exact match.
   */
  static final class Strings {
    static final int MAX_BYTES = 256;
    private final int shift;
    private final byte[][] keys;
    private final String[] strings;

    Strings(int slots) {
      shift = 32 - Integer.numberOfTrailingZeros(slots);
      keys = new byte[slots][];
      strings = new String[slots];
    }

    /** The string of these bytes: two slots per hash, the newer first. */
    String get(byte[] b, int from, int to, boolean ascii) {
      int n = to - from;
      long x;
      if (n >= Long.BYTES) {
        // the first and the last eight bytes and the length: two loads, whatever the length
        x = (long) LONGS.get(b, from) * 0x9E3779B97F4A7C15L ^ (long) LONGS.get(b, to - Long.BYTES) ^ n;
      } else {
        x = n;
        for (int k = from; k < to; k++) {
          x = (x << 8) | (b[k] & 0xFF);
        }
      }
      x *= 0xBF58476D1CE4E5B9L;
      int slot = (int) (x >>> 32) >>> shift;
      int other = slot ^ 1;
      byte[] key = keys[slot];
      if (key != null && Arrays.equals(key, 0, key.length, b, from, to)) {
        return strings[slot];
      }
      key = keys[other];
      if (key != null && Arrays.equals(key, 0, key.length, b, from, to)) {
        return strings[other];
      }
      String s = new String(b, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      if (to - from <= MAX_BYTES) {
        keys[other] = keys[slot];
        strings[other] = strings[slot];
        keys[slot] = Arrays.copyOfRange(b, from, to);
        strings[slot] = s;
      }
      return s;
    }
  }
}
