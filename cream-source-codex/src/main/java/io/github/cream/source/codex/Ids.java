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

  /**
   * The Unix millisecond timestamp a version-7 UUID starts with, or -1 when the text is not a version-7 UUID.
   * Codex mints thread ids and turn ids as v7 UUIDs, so a turn minted after a thread was created has a timestamp
   * at or after the thread's.
   */
  static long v7Millis(String id) {
    if (id == null || id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
        || id.charAt(23) != '-' || id.charAt(14) != '7') {
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
}
