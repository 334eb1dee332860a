package io.github.cream.spi;

import java.time.Instant;

/**
 * A fast path for the timestamps agents write: {@code 2026-02-10T21:11:59.186Z}. {@link Instant#parse} costs
 * microseconds per call (a general formatter, a parsed-field map, a resolver); sources parse one timestamp per
 * billed call, so for them it was a visible part of a scan. This reads the one common shape directly and declines
 * everything else, so that a caller falls back to the JDK's parsers and gets exactly their answers.
 *
 * <pre>{@code
 * Instant t = Timestamps.utc(text);
 * if (t == null) {
 *   t = Instant.parse(text); // offsets, leap seconds, 24:00, lower-case letters...
 * }
 * }</pre>
 */
public final class Timestamps {

  private Timestamps() {}

  /**
   * The instant of {@code YYYY-MM-DDTHH:MM:SS[.F{1,9}]Z} (four-digit year from 0001, a real calendar date, hours
   * 00 to 23, minutes and seconds 00 to 59), or null for any other text. On the texts it accepts the answer is
   * {@link Instant#parse}'s.
   *
   * @param text the text, or null
   * @return the instant, or null when the text is not of that shape
   */
  public static Instant utc(CharSequence text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':'
        || year < 1 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
        || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int nanos = 0;
    if (n > 20) {
      int fraction = n - 21; // between the '.' and the 'Z'
      if (text.charAt(19) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      int f = digits(text, 20, fraction);
      if (f < 0) {
        return null;
      }
      nanos = f;
      for (int k = fraction; k < 9; k++) {
        nanos *= 10;
      }
    }
    long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1 if one is not a digit. */
  private static int digits(CharSequence text, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = text.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (the algorithm of {@code LocalDate.toEpochDay}). */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)) {
        total--;
      }
    }
    return total - 719_528; // days from year 0 to 1970
  }
}
