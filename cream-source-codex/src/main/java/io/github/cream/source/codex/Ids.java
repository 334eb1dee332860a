package io.github.cream.source.codex;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Codex thread, session and turn ids: UUIDs, version 7 (time-ordered) in current builds. */
final class Ids {

  private static final Pattern UUID_AT_END =
      Pattern.compile("([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\.jsonl$");

  private Ids() {}

  /**
   * The uuid a rollout file's name ends with ({@code rollout-2026-02-23T12-40-23-<uuid>.jsonl}), lowercase, or
   * null.
   */
  static String uuidOfFileName(String fileName) {
    Matcher m = UUID_AT_END.matcher(fileName);
    return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT) : null;
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
