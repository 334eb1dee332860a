package io.github.cream.source.codex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.github.cream.spi.BoundedText;
import java.io.IOException;

/**
 * Reads message content out of a line with bounds: every text is cut at {@link #MAX_BLOCK_CHARS} characters and
 * ends with a marker saying how much was left out, so that one absurd block (a pasted log, a base64 image sent as
 * text) cannot make a message unusable. One instance per parser; {@link #truncated} says whether anything was cut on
 * the current line.
 */
final class Content {

  /**
   * The longest text of one content block, in characters: 1 MiB. Longer texts are cut there (never inside a
   * surrogate pair) and end with {@link #marker(long)}.
   */
  static final int MAX_BLOCK_CHARS = BoundedText.MAX_CHARS;

  /** The most content blocks one message keeps; later blocks are left out. */
  static final int MAX_BLOCKS = 4096;

  /**
   * The factory for the content pass. Unlike the usage parser's factory, it must decode long strings (prompts and
   * outputs are what a message shows), so strings may be as long as the engine's longest line (64 MiB); the depth
   * limit is the usage parser's.
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(256)
                  .maxNumberLength(1000)
                  .maxStringLength(64 * 1024 * 1024)
                  .maxNameLength(4096)
                  .build())
          .build();

  /** Whether a text was cut since the last {@link #reset()}. */
  boolean truncated;

  private final BoundedText out = new BoundedText();

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
    return BoundedText.marker(omitted);
  }

  /** The current string value, bounded; null (and the value skipped) when it is not a string. */
  String string(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    out.clear();
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
    out.clear();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return finish();
  }

  private String finish() {
    String s = out.result();
    if (out.wasCut()) {
      truncated = true;
    }
    return s;
  }
}
