package io.github.cream.source.codex;

/** Codex thread, session and turn ids: UUIDs, version 7 (time-ordered) in current builds. */
final class Ids {

  private Ids() {}

  /**
   * The uuid a rollout file's name ends with ({@code rollout-2026-02-23T12-40-23-<uuid>.jsonl}), lowercase, or
   * null.
   */
  static String uuidOfFileName(String fileName) {
    // "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\.jsonl$" found in the name,
    // written out (see below): "$" also matches before a line terminator that ends the text ("\r\n", or one of line
    // feed, carriage return, U+0085, U+2028, U+2029), and find takes the leftmost match: the longest terminator first
    int n = fileName.length();
    if (fileName.endsWith("\r\n") && uuidJsonlEndingAt(fileName, n - 2)) {
      return lower(fileName, n - 2);
    }
    char last = n == 0 ? 'x' : fileName.charAt(n - 1);
    if ((last == '\n' || last == '\r' || last == 0x85 || last == 0x2028 || last == 0x2029)
        && uuidJsonlEndingAt(fileName, n - 1)) {
      return lower(fileName, n - 1);
    }
    return uuidJsonlEndingAt(fileName, n) ? lower(fileName, n) : null;
  }

  /*
   * Regular expressions written out: a pattern matched per file or per session brings the regular-expression
   * engine's code into every first scan of many small files (each tested against its expression in IdsTest).
   */

  private static final int UUID_JSONL = 36 + ".jsonl".length();

  /** Whether {@code text[end - 42, end)} is a UUID (any case) followed by {@code .jsonl}. */
  private static boolean uuidJsonlEndingAt(String text, int end) {
    int from = end - UUID_JSONL;
    if (from < 0 || !text.startsWith(".jsonl", end - 6)) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = text.charAt(from + i);
      if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }

  private static String lower(String text, int end) {
    return text.substring(end - UUID_JSONL, end - 6).toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code t.matches("[a-z0-9" + more + "]+")} for a non-empty {@code t}, from index {@code from}. */
  static boolean allIn(String t, int from, String more) {
    for (int i = from; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!lowerOrDigit(c) && more.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code p.matches("[a-z0-9][a-z0-9._-]*")}: a provider id. */
  static boolean isProviderId(String p) {
    return !p.isEmpty() && lowerOrDigit(p.charAt(0)) && allIn(p, 1, "._-");
  }

  private static boolean lowerOrDigit(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }

  /** How far a version-7 id's time may lie from the instant it is checked against, in milliseconds: a day. */
  static final long PLAUSIBLE_SKEW_MS = 86_400_000L;

  /**
   * The Unix millisecond timestamp a version-7 UUID starts with, or -1 when the text is not a version-7 UUID: the
   * version digit must be {@code 7} and the variant bits those of RFC 9562 ({@code 10xx}: {@code 8}, {@code 9},
   * {@code a} or {@code b} at the variant position). Codex mints thread ids and turn ids as v7 UUIDs, so a turn
   * minted after a thread was created has a timestamp at or after the thread's. A random (version-4 style) id that
   * happens to hold a {@code 7} in the version position passes this test one time in four; callers also check the
   * time against the session's own clock ({@link #near}, {@link #notAfter}).
   */
  static long v7Millis(String id) {
    if (id == null || id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
        || id.charAt(23) != '-' || id.charAt(14) != '7' || "89abAB".indexOf(id.charAt(19)) < 0) {
      return -1;
    }
    long ms = 0;
    for (int i = 0; i < 13; i++) {
      if (i == 8) {
        continue;
      }
      int d = Character.digit(id.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      ms = (ms << 4) | d;
    }
    for (int i = 14; i < 36; i++) {
      if (i != 18 && i != 23 && Character.digit(id.charAt(i), 16) < 0) {
        return -1;
      }
    }
    return ms;
  }

  /**
   * The time of a version-7 id that lies within {@link #PLAUSIBLE_SKEW_MS} of a reference instant (the session's
   * own start), or -1: an id whose time is not near the session's start was not minted by it.
   */
  static long near(String id, java.time.Instant reference) {
    long ms = v7Millis(id);
    return ms >= 0 && reference != null && Math.abs(ms - reference.toEpochMilli()) <= PLAUSIBLE_SKEW_MS ? ms : -1;
  }

  /**
   * The time of a version-7 id minted no later than a day after a line's timestamp and not before
   * {@link Times#MIN}, or -1: a turn id cannot be minted after the line that names it was written.
   */
  static long notAfter(String id, java.time.Instant line) {
    long ms = v7Millis(id);
    if (ms < Times.MIN.toEpochMilli() || line == null || ms > line.toEpochMilli() + PLAUSIBLE_SKEW_MS) {
      return -1;
    }
    return ms;
  }
}
