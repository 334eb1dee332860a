package io.github.cream.source.codex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;

/**
 * What one line says that matters for usage, cache state and session facts, read in one streaming pass. One
 * instance per parser, {@linkplain #reset() reset} before every line; values are never kept beyond the line.
 *
 * <p>Everything else in the line (prompts, outputs, instructions, tool schemas) is skipped with
 * {@link JsonParser#skipChildren()} and never decoded into strings.
 *
 * <p>Shapes read, all optional:
 * <pre>
 * envelope:   {"timestamp", "type", "payload", "ordinal"}
 * session_meta payload: id, timestamp, cwd, originator, cli_version, model_provider, forked_from_id,
 *             parent_thread_id, thread_source, source ("cli" | {"subagent": "review" | {"thread_spawn": {...}}}), git.branch
 * turn_context payload: model, turn_id, cwd
 * event_msg payload:    type, turn_id, info {total_token_usage, last_token_usage, model, model_name,
 *             metadata.model}, rate_limits {...}, usage {...}
 * codex exec --json:    {"type": "thread.started", "thread_id"} and {"type": "turn.completed", "usage"}
 * pre-envelope header:  {"id", "timestamp", "instructions", "cwd"?, "model"?, "git"?}
 * </pre>
 */
final class Entry {

  /** Largest token count accepted in one counter: far above any real cumulative session total. */
  static final long MAX_TOKENS = 1_000_000_000_000L;

  /** Longest identifier or path kept; longer values are cut (ids and models are far shorter). */
  static final int MAX_TEXT = 1024;

  /** Indexes into {@link RawCounters#values}. */
  static final int INPUT = 0;
  static final int CACHED = 1;
  static final int OUTPUT = 2;
  static final int REASONING = 3;
  static final int CACHE_WRITE = 4;

  /** Token counters as read: which keys were present, and whether any value was unusable. */
  static final class RawCounters {
    final long[] values = new long[5];
    final boolean[] present = new boolean[5];
    boolean seen;
    boolean invalid;

    void reset() {
      java.util.Arrays.fill(values, 0);
      java.util.Arrays.fill(present, false);
      seen = false;
      invalid = false;
    }

    boolean anyPresent() {
      for (boolean b : present) {
        if (b) {
          return true;
        }
      }
      return false;
    }

    /** The counters, with absent ones taken from {@code absent} (the baseline for totals, zero for steps). */
    Counters resolve(Counters absent) {
      return new Counters(
          present[INPUT] ? values[INPUT] : absent.input(),
          present[CACHED] ? values[CACHED] : absent.cached(),
          present[OUTPUT] ? values[OUTPUT] : absent.output(),
          present[REASONING] ? values[REASONING] : absent.reasoning(),
          present[CACHE_WRITE] ? values[CACHE_WRITE] : absent.cacheWrite());
    }
  }

  /** One rate-limit window as read; NaN or -1 for absent values. */
  static final class RawWindow {
    double usedPercent;
    long windowMinutes;
    double resetsAtEpoch;
    String resetsAtText;
    double resetsInSeconds;
    boolean invalid;

    void reset() {
      usedPercent = Double.NaN;
      windowMinutes = -1;
      resetsAtEpoch = Double.NaN;
      resetsAtText = null;
      resetsInSeconds = Double.NaN;
      invalid = false;
    }
  }

  /** A rate-limit snapshot as read. */
  static final class RawLimits {
    boolean present;
    String plan;
    final RawWindow primary = new RawWindow();
    final RawWindow secondary = new RawWindow();
    final RawWindow individual = new RawWindow();

    void reset() {
      present = false;
      plan = null;
      primary.reset();
      secondary.reset();
      individual.reset();
    }
  }

  boolean object;
  String type;
  String timestamp;
  double timestampNumber;
  String payloadType;
  String topId;
  String id;
  String metaTimestamp;
  String cwd;
  String originator;
  String cliVersion;
  String modelProvider;
  String forkedFromId;
  String parentThreadId;
  String threadSource;
  String sourceKind;
  String subagentKind;
  String spawnParentId;
  String gitBranch;
  String model;
  String turnId;
  String serviceTier;
  /** A {@code user_message} event's prompt, as a title. */
  String prompt;
  boolean infoPresent;
  String infoModel;
  String threadId;
  final RawCounters total = new RawCounters();
  final RawCounters last = new RawCounters();
  final RawCounters usage = new RawCounters();
  final RawLimits limits = new RawLimits();

  Entry() {
    reset();
  }

  void reset() {
    object = false;
    prompt = null;
    type = null;
    timestamp = null;
    timestampNumber = Double.NaN;
    payloadType = null;
    serviceTier = null;
    topId = null;
    id = null;
    metaTimestamp = null;
    cwd = null;
    originator = null;
    cliVersion = null;
    modelProvider = null;
    forkedFromId = null;
    parentThreadId = null;
    threadSource = null;
    sourceKind = null;
    subagentKind = null;
    spawnParentId = null;
    gitBranch = null;
    model = null;
    turnId = null;
    infoPresent = false;
    infoModel = null;
    threadId = null;
    total.reset();
    last.reset();
    usage.reset();
    limits.reset();
  }

  /** The envelope timestamp, or null if absent or invalid. */
  Instant instant() {
    if (timestamp != null) {
      return Times.parse(timestamp);
    }
    return Double.isNaN(timestampNumber) ? null : Times.fromEpoch(timestampNumber);
  }

  /** Whether the envelope named a timestamp at all (valid or not). */
  boolean hasTimestamp() {
    return timestamp != null || !Double.isNaN(timestampNumber);
  }

  // ---- reading

  /**
   * Reads a whole line. Leaves {@link #object} false when the line is not a JSON object.
   *
   * @throws IOException when the line is not valid JSON (or breaks the parser's limits)
   */
  void read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> type = text(p);
        case "timestamp" -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            timestampNumber = p.getDoubleValue();
          } else {
            timestamp = text(p);
          }
        }
        case "payload" -> {
          if (t == JsonToken.START_OBJECT) {
            readPayload(p);
          } else {
            p.skipChildren();
          }
        }
        // the pre-envelope header keeps session facts at the top level
        case "id" -> topId = text(p);
        case "cwd" -> cwd = text(p);
        case "originator" -> originator = text(p);
        case "cli_version" -> cliVersion = text(p);
        case "model" -> model = text(p);
        case "git" -> readGit(p);
        // codex exec --json
        case "thread_id" -> threadId = text(p);
        case "usage" -> readCounters(p, usage);
        default -> p.skipChildren();
      }
    }
    if (p.nextToken() != null) {
      throw new IOException("trailing content after the object");
    }
    object = true;
  }

  private void readPayload(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> payloadType = text(p);
        case "id" -> id = text(p);
        case "timestamp" -> metaTimestamp = text(p);
        case "cwd" -> cwd = text(p);
        case "originator" -> originator = text(p);
        case "cli_version" -> cliVersion = text(p);
        case "model_provider" -> modelProvider = text(p);
        case "forked_from_id" -> forkedFromId = text(p);
        case "parent_thread_id" -> parentThreadId = text(p);
        case "thread_source" -> threadSource = text(p);
        case "source" -> readSource(p);
        case "git" -> readGit(p);
        case "model" -> model = text(p);
        case "turn_id" -> turnId = text(p);
        case "service_tier" -> serviceTier = text(p);
        case "thread_settings" -> readThreadSettings(p);
        case "message" -> prompt = Titles.of(p);
        case "info" -> {
          if (t == JsonToken.START_OBJECT) {
            infoPresent = true;
            readInfo(p);
          } else {
            p.skipChildren();
          }
        }
        case "rate_limits" -> {
          if (t == JsonToken.START_OBJECT) {
            readLimits(p);
          } else {
            p.skipChildren();
          }
        }
        case "usage" -> readCounters(p, usage);
        default -> p.skipChildren();
      }
    }
  }

  /** {@code thread_settings_applied}: only the service tier the thread runs at (priority, flex, default). */
  private void readThreadSettings(JsonParser p) throws IOException {
    serviceTier = textField(p, "service_tier", serviceTier);
  }

  private void readInfo(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "total_token_usage" -> readCounters(p, total);
        case "last_token_usage" -> readCounters(p, last);
        case "model" -> infoModel = firstNonNull(infoModel, text(p));
        case "model_name" -> infoModel = firstNonNull(infoModel, text(p));
        case "metadata" -> {
          if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String n = p.currentName();
              p.nextToken();
              if (n.equals("model")) {
                infoModel = firstNonNull(infoModel, text(p));
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private void readSource(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.START_OBJECT) {
      sourceKind = text(p);
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (!name.equals("subagent")) {
        if (sourceKind == null) {
          sourceKind = name;
        }
        p.skipChildren();
        continue;
      }
      sourceKind = "subagent";
      if (v != JsonToken.START_OBJECT) {
        subagentKind = text(p);
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String kind = p.currentName();
        JsonToken k = p.nextToken();
        if (subagentKind == null) {
          subagentKind = kind;
        }
        if (kind.equals("thread_spawn") && k == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String n = p.currentName();
            p.nextToken();
            if (n.equals("parent_thread_id")) {
              spawnParentId = text(p);
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
  }

  private void readGit(JsonParser p) throws IOException {
    gitBranch = textField(p, "branch", gitBranch);
  }

  /**
   * The text of one field of the object at the parser (the last copy when it repeats), skipping everything else;
   * {@code current} when the value is not an object or has no such field.
   */
  private static String textField(JsonParser p, String key, String current) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return current;
    }
    String value = current;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String n = p.currentName();
      p.nextToken();
      if (n.equals(key)) {
        value = text(p);
      } else {
        p.skipChildren();
      }
    }
    return value;
  }

  private void readLimits(JsonParser p) throws IOException {
    limits.present = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "primary" -> readWindow(p, limits.primary);
        case "secondary" -> readWindow(p, limits.secondary);
        case "individual_limit" -> readWindow(p, limits.individual);
        case "plan_type" -> limits.plan = text(p);
        // an older flat shape
        case "primary_used_percent" -> limits.primary.usedPercent = number(p, limits.primary);
        case "secondary_used_percent" -> limits.secondary.usedPercent = number(p, limits.secondary);
        case "primary_window_minutes" -> limits.primary.windowMinutes = minutes(p, limits.primary);
        case "secondary_window_minutes" -> limits.secondary.windowMinutes = minutes(p, limits.secondary);
        case "primary_resets_in_seconds", "primary_reset_after_seconds" ->
            limits.primary.resetsInSeconds = number(p, limits.primary);
        case "secondary_resets_in_seconds", "secondary_reset_after_seconds" ->
            limits.secondary.resetsInSeconds = number(p, limits.secondary);
        default -> p.skipChildren();
      }
    }
  }

  private static void readWindow(JsonParser p, RawWindow w) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "used_percent" -> w.usedPercent = number(p, w);
        case "window_minutes" -> w.windowMinutes = minutes(p, w);
        // "reset_at" is a misspelling some builds wrote
        case "resets_at", "reset_at", "resetsAt" -> {
          if (t == JsonToken.VALUE_STRING) {
            w.resetsAtText = text(p);
          } else {
            w.resetsAtEpoch = number(p, w);
          }
        }
        case "resets_in_seconds", "reset_after_seconds" -> w.resetsInSeconds = number(p, w);
        default -> p.skipChildren();
      }
    }
  }

  private static double number(JsonParser p, RawWindow w) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return Double.NaN;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      if (s.length() <= 32) {
        try {
          return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          // falls through to invalid
        }
      }
    }
    p.skipChildren();
    w.invalid = true;
    return Double.NaN;
  }

  private static long minutes(JsonParser p, RawWindow w) throws IOException {
    double d = number(p, w);
    if (Double.isNaN(d)) {
      return -1;
    }
    if (d < 0 || d > 1e9 || d != Math.rint(d)) {
      w.invalid = true;
      return -1;
    }
    return (long) d;
  }

  private static void readCounters(JsonParser p, RawCounters c) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    c.seen = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "input_tokens", "prompt_tokens" -> count(p, c, INPUT);
        case "cached_input_tokens", "cache_read_input_tokens", "cached_tokens" -> count(p, c, CACHED);
        case "output_tokens", "completion_tokens" -> count(p, c, OUTPUT);
        case "reasoning_output_tokens", "reasoning_tokens" -> count(p, c, REASONING);
        case "cache_write_input_tokens", "cache_creation_input_tokens" -> count(p, c, CACHE_WRITE);
        // the OpenAI Responses shape nests the cached and reasoning parts
        case "input_tokens_details", "prompt_tokens_details" -> details(p, c, "cached_tokens", CACHED);
        case "output_tokens_details", "completion_tokens_details" -> details(p, c, "reasoning_tokens", REASONING);
        default -> p.skipChildren();
      }
    }
  }

  private static void details(JsonParser p, RawCounters c, String key, int index) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String n = p.currentName();
      p.nextToken();
      if (n.equals(key)) {
        count(p, c, index);
      } else {
        p.skipChildren();
      }
    }
  }

  /** Reads one count: a non-negative integer (an integral float or a string of digits is tolerated). */
  private static void count(JsonParser p, RawCounters c, int index) throws IOException {
    JsonToken t = p.currentToken();
    long v;
    switch (t) {
      case VALUE_NULL -> {
        return;
      }
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          c.invalid = true;
          return;
        }
        v = p.getLongValue();
      }
      case VALUE_NUMBER_FLOAT -> {
        double d = p.getDoubleValue();
        if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > MAX_TOKENS) {
          c.invalid = true;
          return;
        }
        v = (long) d;
      }
      case VALUE_STRING -> {
        String s = p.getText().strip();
        if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          c.invalid = true;
          return;
        }
        v = Long.parseLong(s);
      }
      default -> {
        p.skipChildren();
        c.invalid = true;
        return;
      }
    }
    if (v < 0 || v > MAX_TOKENS) {
      c.invalid = true;
      return;
    }
    if (!c.present[index]) {
      c.present[index] = true;
      c.values[index] = v;
    }
  }

  /**
   * A short string value: null for anything else (skipped), blank, or holding control characters; cut to
   * {@link #MAX_TEXT} characters.
   */
  private static String text(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    String s = p.getText();
    if (s.length() > MAX_TEXT) {
      s = s.substring(0, MAX_TEXT);
    }
    s = s.strip();
    if (s.isEmpty()) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 0x20) {
        return null;
      }
    }
    return s;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }
}
