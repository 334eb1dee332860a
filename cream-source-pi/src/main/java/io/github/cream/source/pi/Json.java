package io.github.cream.source.pi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.cream.spi.Timestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The one {@link JsonFactory} of this module and the small value readers every parser here shares. */
final class Json {

  /**
   * Limits chosen on purpose rather than inherited:
   *
   * <ul>
   *   <li>strings up to 64 MiB, the engine's longest line: a pasted file or a base64 image in a user message is a
   *       legitimate string that must not make a line unreadable (Jackson's default is 20 million characters);
   *       strings this parser does not need are skipped, never decoded;
   *   <li>numbers up to 1000 characters (Jackson's default): every real count or cost is far shorter, but the
   *       limit applies to every number of a parsed line, those inside skipped tool arguments included, and an
   *       assistant line carries both its usage and the model's tool calls: a long number a model wrote there must
   *       not cost the call. Past 1000 the number is hostile (decoding it could cost quadratic time) and the line
   *       is a diagnostic;
   *   <li>nesting up to 256 levels: tool arguments and results nest, but not that deep; deeper input is hostile
   *       and would only cost stack (100,000 levels are a {@code line.too-large} diagnostic, never a
   *       {@code StackOverflowError});
   *   <li>field names up to 50,000 characters (Jackson's default), set here so that it is a decision: names are
   *       decoded even inside skipped values, and tool arguments may use paths or model-made text as keys;
   *   <li>no source text in error locations, so that no exception message can carry log content.
   * </ul>
   */
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(64 * 1024 * 1024)
                  .maxNumberLength(1000)
                  .maxNestingDepth(256)
                  .maxNameLength(50_000)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /** Earliest instant accepted as a call time: older values are corrupt or in the wrong unit. */
  static final long MIN_EPOCH_MILLI = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  /** Latest instant accepted as a call time. */
  static final long MAX_EPOCH_MILLI = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();

  private Json() {}

  /**
   * The current value as a string if it is a string, else skips it.
   *
   * @param p a parser positioned on a value
   * @return the string, or null
   */
  static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /**
   * The current value as an exact decimal if it is a number, else skips it.
   *
   * @param p a parser positioned on a value
   * @return the number, or null
   */
  static BigDecimal decimal(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDecimalValue();
    }
    p.skipChildren();
    return null;
  }

  /**
   * An ISO-8601 instant, with {@code Z} or an offset.
   *
   * @param text the text, or null
   * @return the instant, or null if absent, unparsable or out of range
   */
  static Instant instant(String text) {
    if (text == null || text.isEmpty() || text.length() > 64) {
      return null;
    }
    Instant i = Timestamps.utc(text);
    try {
      if (i == null) {
        i = Instant.parse(text);
      }
    } catch (DateTimeParseException e) {
      try {
        i = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
    long ms = i.toEpochMilli();
    return ms < MIN_EPOCH_MILLI || ms > MAX_EPOCH_MILLI ? null : i;
  }

  /**
   * Epoch milliseconds as an instant, when in a plausible range.
   *
   * @param millis the value
   * @return the instant, or null
   */
  static Instant epochMillis(long millis) {
    return millis < MIN_EPOCH_MILLI || millis > MAX_EPOCH_MILLI ? null : Instant.ofEpochMilli(millis);
  }
}
