package io.github.cream.source.codex;

import io.github.cream.spi.Timestamps;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Timestamps as Codex writes them (ISO-8601 instants in UTC), validated to a plausible range. */
final class Times {

  /** Earliest instant accepted: nothing written by Codex predates it. */
  static final Instant MIN = Instant.parse("2015-01-01T00:00:00Z");
  /** Latest instant accepted; later values are corrupt or hostile. */
  static final Instant MAX = Instant.parse("2200-01-01T00:00:00Z");

  private Times() {}

  /** An ISO-8601 instant or offset date-time, or null if it is not one or lies outside [MIN, MAX). */
  static Instant parse(String text) {
    if (text == null || text.length() < 20 || text.length() > 40) {
      return null;
    }
    Instant i = Timestamps.utc(text);
    try {
      i = i != null ? i : text.endsWith("Z") || text.endsWith("z")
          ? Instant.parse(text.endsWith("z") ? text.substring(0, text.length() - 1) + "Z" : text)
          : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
    return plausible(i);
  }

  /** Unix seconds, or milliseconds when the value is too large to be seconds; null if implausible. */
  static Instant fromEpoch(double value) {
    if (!Double.isFinite(value) || value <= 0) {
      return null;
    }
    double millis = value < 1e11 ? value * 1000 : value;
    if (millis > 1e15) {
      return null;
    }
    return plausible(Instant.ofEpochMilli((long) millis));
  }

  /** The instant if within [MIN, MAX), else null. */
  static Instant plausible(Instant i) {
    return i == null || i.isBefore(MIN) || !i.isBefore(MAX) ? null : i;
  }
}
