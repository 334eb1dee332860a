package io.github.cream.source.pi;

import io.github.cream.api.SessionCategory;
import java.util.Locale;
import java.util.Set;

/**
 * Turns what a session says about itself into a category, channel and cron job name, and its first prompt into a
 * title. Structured metadata (OpenClaw session keys and index fields) is read by {@link #fromIndex}; the text
 * markers OpenClaw puts in front of prompts are only a fallback ({@link #fromText}), because they change with
 * OpenClaw releases.
 */
final class Classifier {

  /** Longest title, in code points, before it is cut with an ellipsis. */
  static final int TITLE_MAX = 80;

  /** Only the start of a prompt is looked at: titles and markers are at the start. */
  private static final int SCAN_MAX = 8192;

  /** Channel names OpenClaw writes as the first word of a {@code [Channel Sender ...]} preamble. */
  private static final Set<String> CHANNELS =
      Set.of(
          "telegram", "whatsapp", "discord", "slack", "signal", "imessage", "matrix", "teams", "msteams",
          "line", "wechat", "feishu", "lark", "mattermost", "irc", "email", "sms", "webchat", "zalo", "twitch",
          "nostr", "bluebubbles", "googlechat");

  /** Segments of a session key that mark a conversation on a channel: {@code <channel>:dm:<peer>} and so on. */
  private static final Set<String> CONVERSATION_KINDS = Set.of("dm", "direct", "group", "channel", "thread", "topic");

  private Classifier() {}

  /**
   * The fields of one OpenClaw index entry (a {@code sessions.json} value, or a row of the SQLite store's session
   * tables) that say what kind of session it is. Any may be null.
   *
   * @param key the session key, for example {@code agent:main:telegram:dm:42} or {@code agent:main:cron:<job>}
   * @param label the label, for example {@code Cron: nightly-report}
   * @param channel the {@code channel} field
   * @param originSurface {@code origin.surface}
   * @param deliveryChannel {@code deliveryContext.channel}
   * @param lastChannel {@code lastChannel}
   * @param chatType {@code chatType}
   * @param spawnedBy {@code spawnedBy} or a subagent role: set for spawned sessions
   * @param createdVia the SQLite store's {@code created_via}
   * @param parentSessionId the session this one was forked from
   */
  record IndexFields(
      String key, String label, String channel, String originSurface, String deliveryChannel, String lastChannel,
      String chatType, String spawnedBy, String createdVia, String parentSessionId) {}

  /**
   * Classifies a session from structured metadata.
   *
   * @param f the index fields
   * @return what they say; fields they do not settle are null
   */
  static SessionMeta fromIndex(IndexFields f) {
    SessionCategory category = null;
    String keyChannel = null;
    String jobId = null;
    String agentId = null;
    if (f.key() != null && !f.key().isBlank()) {
      String[] parts = f.key().split(":", -1);
      int from = 0;
      if (parts.length >= 3 && parts[0].equals("agent")) {
        agentId = blankToNull(parts[1]);
        from = 2;
      }
      String kind = parts[from].toLowerCase(Locale.ROOT);
      switch (kind) {
        case "main" -> category = SessionCategory.INTERACTIVE;
        case "cron" -> {
          category = SessionCategory.CRON;
          jobId = parts.length > from + 1 ? blankToNull(parts[from + 1]) : null;
        }
        case "subagent" -> category = SessionCategory.SUBAGENT;
        case "heartbeat", "hook" -> category = SessionCategory.SYSTEM;
        default -> {
          for (int i = from + 1; i < parts.length; i++) {
            if (CONVERSATION_KINDS.contains(parts[i].toLowerCase(Locale.ROOT))) {
              category = SessionCategory.INTERACTIVE;
              keyChannel = channelName(kind);
              break;
            }
          }
          if (category == null && (kind.startsWith("openresponses") || kind.startsWith("openai"))) {
            category = SessionCategory.INTERACTIVE;
            keyChannel = "api";
          }
        }
      }
    }
    String cronName = null;
    if (f.label() != null) {
      String l = f.label().strip();
      if (l.regionMatches(true, 0, "cron:", 0, 5)) {
        cronName = blankToNull(l.substring(5).strip());
        category = SessionCategory.CRON;
      }
    }
    if (f.createdVia() != null && category == null) {
      switch (f.createdVia()) {
        case "cron" -> category = SessionCategory.CRON;
        case "spawn" -> category = SessionCategory.SUBAGENT;
        case "channel", "operator", "talk" -> category = SessionCategory.INTERACTIVE;
        default -> { }
      }
    }
    if (f.spawnedBy() != null && !f.spawnedBy().isBlank() && category != SessionCategory.CRON) {
      category = SessionCategory.SUBAGENT;
    }
    String channel = null;
    if (category == SessionCategory.INTERACTIVE) {
      channel = firstChannel(keyChannel, f.channel(), f.originSurface(), f.deliveryChannel(), f.lastChannel());
      if (channel == null) {
        channel = "direct";
      }
    }
    String cronJob = category == SessionCategory.CRON ? (cronName != null ? cronName : jobId) : null;
    String chatType = f.chatType() == null ? null : channelName(f.chatType());
    return new SessionMeta(category, channel, cronJob, agentId, chatType, blankToNull(f.parentSessionId()));
  }

  private static String firstChannel(String... candidates) {
    for (String c : candidates) {
      String n = c == null ? null : channelName(c);
      if (n != null) {
        return n;
      }
    }
    return null;
  }

  /** A channel name as a lowercase id, or null when it is not a plausible name. */
  static String channelName(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    if (s.isEmpty() || s.length() > 40) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) {
        return null;
      }
    }
    return s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * Classifies an OpenClaw session from the text of its first prompt: the fallback when no index knows the
   * session. Markers: {@code [cron:<job-id> <job-name>]} (cron), {@code [Subagent Context]} (subagent),
   * {@code [Telegram ...]}, {@code [WhatsApp ...]} and other channel preambles (interactive on that channel),
   * prompts made only of {@code System:} event lines (system), {@code System:} lines reporting the WhatsApp gateway
   * before a prompt (interactive on WhatsApp, as OpenClaw only reports that gateway to sessions it serves), and
   * anything else (interactive, channel {@code direct}).
   *
   * @param text the first prompt's text
   * @return the classification; never null
   */
  static SessionMeta fromText(String text) {
    String s = head(text).stripLeading();
    boolean system = false;
    boolean whatsappGateway = false;
    while (s.startsWith("System:")) {
      system = true;
      int nl = s.indexOf('\n');
      String line = nl < 0 ? s : s.substring(0, nl);
      if (line.contains("WhatsApp gateway")) {
        whatsappGateway = true;
      }
      s = nl < 0 ? "" : s.substring(nl + 1).stripLeading();
    }
    if (s.startsWith("[cron:")) {
      int end = s.indexOf(']');
      String inside = end < 0 ? s.substring(6) : s.substring(6, end);
      int space = inside.indexOf(' ');
      String name = space < 0 ? inside : inside.substring(space + 1);
      name = name.strip();
      return new SessionMeta(SessionCategory.CRON, null, name.isEmpty() ? blankToNull(inside.strip()) : name, null,
          null, null);
    }
    if (s.startsWith("[Subagent Context]")) {
      return new SessionMeta(SessionCategory.SUBAGENT, null, null, null, null, null);
    }
    if (s.startsWith("[")) {
      int space = s.indexOf(' ');
      if (space > 1 && space < 24) {
        String word = s.substring(1, space).toLowerCase(Locale.ROOT);
        if (CHANNELS.contains(word)) {
          return new SessionMeta(SessionCategory.INTERACTIVE, word, null, null, null, null);
        }
      }
    }
    if (system && s.isEmpty()) {
      return new SessionMeta(SessionCategory.SYSTEM, null, null, null, null, null);
    }
    if (whatsappGateway) {
      return new SessionMeta(SessionCategory.INTERACTIVE, "whatsapp", null, null, null, null);
    }
    return new SessionMeta(SessionCategory.INTERACTIVE, "direct", null, null, null, null);
  }

  /**
   * A title from a prompt: OpenClaw's preambles removed ({@code System:} event lines, {@code [cron:...]},
   * {@code [Subagent Context]}, channel and time brackets, the "untrusted metadata" JSON blocks, trailing
   * {@code [message_id: ...]} lines), whitespace collapsed, cut to {@value #TITLE_MAX} code points.
   *
   * @param text the prompt
   * @return the title, or null when nothing is left
   */
  static String title(String text) {
    if (text == null) {
      return null;
    }
    String s = head(text).strip();
    while (true) { // each round removes a preamble; the text is at most SCAN_MAX characters
      String before = s;
      if (s.startsWith("System:")) {
        int nl = s.indexOf('\n');
        s = nl < 0 ? "" : s.substring(nl + 1);
      } else if (s.startsWith("[Subagent Context]")) {
        s = s.substring("[Subagent Context]".length());
      } else if (s.startsWith("[")) {
        int end = s.indexOf(']');
        int nl = s.indexOf('\n');
        if (end > 0 && (nl < 0 || end < nl) && isPreamble(s.substring(1, end))) {
          s = s.substring(end + 1);
        }
      } else if (s.startsWith("Conversation info (untrusted metadata):")
          || s.startsWith("Sender (untrusted metadata):")) {
        int open = s.indexOf("```");
        int close = open < 0 ? -1 : s.indexOf("```", open + 3);
        s = close < 0 ? "" : s.substring(close + 3);
      }
      s = s.strip();
      if (s.equals(before)) {
        break;
      }
    }
    // trailing "[message_id: ...]" lines
    int mid = s.lastIndexOf("[message_id:");
    while (mid >= 0 && s.indexOf('\n', mid) < 0) {
      s = s.substring(0, mid).strip();
      mid = s.lastIndexOf("[message_id:");
    }
    String collapsed = collapseWhitespace(s).strip();
    if (collapsed.isEmpty()) {
      return null;
    }
    if (collapsed.codePointCount(0, collapsed.length()) > TITLE_MAX) {
      int cut = collapsed.offsetByCodePoints(0, TITLE_MAX - 1);
      collapsed = collapsed.substring(0, cut).stripTrailing() + "\u2026";
    }
    return collapsed;
  }

  /** Whether a bracket's content is one of OpenClaw's markers rather than the user's own text. */
  private static boolean isPreamble(String inside) {
    if (inside.startsWith("cron:")) {
      return true;
    }
    int space = inside.indexOf(' ');
    String word = (space < 0 ? inside : inside.substring(0, space)).toLowerCase(Locale.ROOT);
    if (CHANNELS.contains(word)) {
      return true;
    }
    // "[Sun 2026-03-08 22:03 GMT+9]": a weekday and an ISO date
    return inside.length() >= 14 && inside.length() <= 40 && weekdayAndDate(inside);
  }

  /*
   * The two tests below are regular expressions written out: a pattern compiled and matched per file brings the
   * regular-expression engine's code into every first scan of many small files (tested against the expressions in
   * ClassifierTest).
   */

  /**
   * {@code s.replaceAll("\\s+", " ")}: each run of {@code \s} (space, tab, line feed, U+000B, form feed, carriage
   * return) as one space.
   */
  static String collapseWhitespace(String s) {
    int n = s.length();
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; ) {
      if (isSpace(s.charAt(i))) {
        b.append(' ');
        do {
          i++;
        } while (i < n && isSpace(s.charAt(i)));
      } else {
        b.append(s.charAt(i++));
      }
    }
    return b.toString();
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /**
   * {@code t.matches("[A-Z][a-z]{2} \\d{4}-\\d{2}-\\d{2}.*")}: a weekday, a space, an ISO date, then anything but a
   * line terminator ({@code .} matches neither of line feed, carriage return, U+0085, U+2028, U+2029).
   */
  static boolean weekdayAndDate(String t) {
    if (t.length() < 14 || !between(t.charAt(0), 'A', 'Z') || !between(t.charAt(1), 'a', 'z')
        || !between(t.charAt(2), 'a', 'z') || t.charAt(3) != ' ' || t.charAt(8) != '-' || t.charAt(11) != '-') {
      return false;
    }
    for (int i = 4; i < 14; i++) {
      if (i != 8 && i != 11 && !between(t.charAt(i), '0', '9')) {
        return false;
      }
    }
    for (int i = 14; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) {
        return false;
      }
    }
    return true;
  }

  private static boolean between(char c, char low, char high) {
    return c >= low && c <= high;
  }

  private static String head(String text) {
    return text.length() > SCAN_MAX ? text.substring(0, SCAN_MAX) : text;
  }
}
