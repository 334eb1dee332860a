package io.github.cream.source.claude;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The part of a JSON pull parser that {@link ClaudeParser} reads a line with, in Jackson's terms (its tokens, its
 * method names and meanings), so that one reading of a line runs over either implementation: {@link FastLineJson}
 * over the line's bytes, or {@link Jackson}, a {@link JsonParser} (the reference, and the fallback for every line the
 * fast reader declines).
 */
abstract class LineJson {

  /**
   * The next token, as {@link JsonParser#nextToken}.
   *
   * @return the token, or null after the root value
   * @throws IOException if the JSON is broken
   */
  abstract JsonToken nextToken() throws IOException;

  /**
   * The current token, as {@link JsonParser#currentToken}.
   *
   * @return the token
   */
  abstract JsonToken currentToken();

  /**
   * The current field name, as {@link JsonParser#currentName}.
   *
   * @return the name
   * @throws IOException if the JSON is broken
   */
  abstract String currentName() throws IOException;

  /**
   * The current token's text, as {@link JsonParser#getText}.
   *
   * @return the text
   * @throws IOException if the JSON is broken or a limit is exceeded
   */
  abstract String getText() throws IOException;

  /**
   * The current string value, like {@link #getText}, for values that repeat from line to line (paths, versions,
   * session ids, models): an implementation may hand back an equal string it made before.
   *
   * @return the text
   * @throws IOException if the JSON is broken or a limit is exceeded
   */
  String sharedText() throws IOException {
    return getText();
  }

  /**
   * The current string value, like {@link #getText}, for a value that often repeats the one the same field had on
   * the line before (a streamed message's id and request id): {@code previous} itself when equal to it.
   *
   * @param previous the value before, or null
   * @return the text
   * @throws IOException if the JSON is broken or a limit is exceeded
   */
  String textLike(String previous) throws IOException {
    String text = getText();
    return text.equals(previous) ? previous : text;
  }

  /**
   * The current string value's characters, like {@link #getText}, for a value only looked at while the reader is on
   * it (a timestamp, parsed at once): an implementation may hand back a view of the line instead of a string, valid
   * until the next token.
   *
   * @return the text
   * @throws IOException if the JSON is broken or a limit is exceeded
   */
  CharSequence textView() throws IOException {
    return getText();
  }

  /**
   * The current text's characters, as {@link JsonParser#getTextCharacters}; call before the offset and length.
   *
   * @return a buffer holding the text
   * @throws IOException if the JSON is broken or a limit is exceeded
   */
  abstract char[] getTextCharacters() throws IOException;

  /**
   * Where the text starts in {@link #getTextCharacters}'s buffer.
   *
   * @return the offset
   * @throws IOException if the JSON is broken
   */
  abstract int getTextOffset() throws IOException;

  /**
   * The text's length in {@link #getTextCharacters}'s buffer.
   *
   * @return the length
   * @throws IOException if the JSON is broken
   */
  abstract int getTextLength() throws IOException;

  /**
   * The current integer's type, as {@link JsonParser#getNumberType}.
   *
   * @return the type
   * @throws IOException if the JSON is broken
   */
  abstract JsonParser.NumberType getNumberType() throws IOException;

  /**
   * The current integer, as {@link JsonParser#getLongValue}.
   *
   * @return the value
   * @throws IOException if the JSON is broken or the number does not fit
   */
  abstract long getLongValue() throws IOException;

  /**
   * The current number, as {@link JsonParser#getDecimalValue}.
   *
   * @return the value
   * @throws IOException if the JSON is broken
   */
  abstract BigDecimal getDecimalValue() throws IOException;

  /**
   * Skips the current object or array to its end, as {@link JsonParser#skipChildren}; nothing on other tokens.
   *
   * @throws IOException if the JSON is broken
   */
  abstract void skipChildren() throws IOException;

  /** A Jackson parser, as it is. */
  static final class Jackson extends LineJson {
    private final JsonParser p;

    Jackson(JsonParser p) {
      this.p = p;
    }

    @Override
    JsonToken nextToken() throws IOException {
      return p.nextToken();
    }

    @Override
    JsonToken currentToken() {
      return p.currentToken();
    }

    @Override
    String currentName() throws IOException {
      return p.currentName();
    }

    @Override
    String getText() throws IOException {
      return p.getText();
    }

    @Override
    char[] getTextCharacters() throws IOException {
      return p.getTextCharacters();
    }

    @Override
    int getTextOffset() throws IOException {
      return p.getTextOffset();
    }

    @Override
    int getTextLength() throws IOException {
      return p.getTextLength();
    }

    @Override
    JsonParser.NumberType getNumberType() throws IOException {
      return p.getNumberType();
    }

    @Override
    long getLongValue() throws IOException {
      return p.getLongValue();
    }

    @Override
    BigDecimal getDecimalValue() throws IOException {
      return p.getDecimalValue();
    }

    @Override
    void skipChildren() throws IOException {
      p.skipChildren();
    }
  }
}
