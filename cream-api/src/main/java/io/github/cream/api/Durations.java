package io.github.cream.api;

import java.time.Duration;

/**
 * Durations as cream writes them for people, in one compact style: a number and a one-letter unit ({@code d},
 * {@code h}, {@code m}, {@code s}, and {@code ms} below a second), parts separated by a space. The engine's cache
 * notes, the built-in cache strategies and the example CLI all use it, so a time reads the same everywhere; a
 * plug-in's notes can use it too.
 *
 * <pre>{@code
 * Durations.span(Duration.ofMinutes(70))          // "1h 10m"
 * Durations.ago(Duration.ofSeconds(3 * 86400))    // "3d ago"
 * Durations.countdown(Duration.ofSeconds(2976))   // "49m 36s"
 * Durations.span(Duration.ofMinutes(5)) + " TTL"  // "5m TTL"
 * }</pre>
 */
public final class Durations {

  private static final long MINUTE = 60;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private Durations() {}

  /**
   * A length of time, to its two largest units, rounded down: {@code 3d 4h}, {@code 17h 29m}, {@code 1h},
   * {@code 49m 36s}, {@code 5m}, {@code 45s}, {@code 250ms}, {@code 0s}. A zero second part is left out
   * ({@code 1h}, not {@code 1h 0m}).
   *
   * @param d the duration; a negative one counts as zero
   * @return the text
   */
  public static String span(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "0s";
    }
    long seconds = d.getSeconds();
    if (seconds == 0) {
      return d.toMillis() + "ms";
    }
    long[] sizes = {DAY, HOUR, MINUTE, 1};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (seconds >= sizes[i]) {
        String first = seconds / sizes[i] + units[i];
        if (i + 1 == sizes.length) {
          return first;
        }
        long next = (seconds % sizes[i]) / sizes[i + 1];
        return next == 0 ? first : first + " " + next + units[i + 1];
      }
    }
    throw new AssertionError("unreachable: " + seconds);
  }

  /**
   * A time past: {@link #span} followed by {@code ago}, such as {@code 1h 10m ago} or {@code 42s ago}.
   *
   * @param d the time past; a negative one counts as zero
   * @return the text
   */
  public static String ago(Duration d) {
    return span(d) + " ago";
  }

  /**
   * A time left that ticks by the second: every unit from the largest down to seconds, rounded up to the second so
   * that what has not ended never shows {@code 0s}: {@code 45s}, {@code 4m 5s}, {@code 49m 36s},
   * {@code 1h 2m 3s}, {@code 26h 0m 0s} (hours are not counted in days).
   *
   * @param d the time left; zero or negative gives {@code 0s}
   * @return the text
   */
  public static String countdown(Duration d) {
    if (d.isNegative() || d.isZero()) {
      return "0s";
    }
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    long h = seconds / HOUR;
    long m = (seconds % HOUR) / MINUTE;
    long s = seconds % MINUTE;
    if (h > 0) {
      return h + "h " + m + "m " + s + "s";
    }
    return m > 0 ? m + "m " + s + "s" : s + "s";
  }
}
