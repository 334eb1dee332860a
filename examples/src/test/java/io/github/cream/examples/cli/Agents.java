package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes transcripts as the four built-in agents lay them out under a home directory, with calls whose every
 * value can be replaced by raw JSON text (to plant hostile values). Used by the hostile-input, fuzzing, privacy and
 * path tests; nothing here reads a real log.
 *
 * <p>Good call {@code k} (1-based) always has input {@code 100k}, output {@code 10k}, cache read {@code 1000k} and
 * no cache write, so {@code n} good calls total {@code 1110 * n(n+1)/2} tokens in every agent's format.
 */
enum Agents {
  CLAUDE("claude"),
  CODEX("codex"),
  PI("pi"),
  OPENCLAW("openclaw");

  /** The clock of every test: a day after the calls. */
  static final Instant NOW = Instant.parse("2026-03-03T01:00:00Z");

  final String id;

  Agents(String id) {
    this.id = id;
  }

  /** One call's values as raw JSON text; null leaves a field out. */
  record Call(int k, String input, String output, String cacheRead, String timestamp, String id, String text) {

    /** Good call {@code k}. */
    static Call good(int k) {
      return new Call(k, String.valueOf(100L * k), String.valueOf(10L * k), String.valueOf(1000L * k),
          "\"" + time(k) + "\"", "id-" + k, "answer " + k);
    }

    Call input(String raw) {
      return new Call(k, raw, output, cacheRead, timestamp, id, text);
    }

    Call timestamp(String raw) {
      return new Call(k, input, output, cacheRead, raw, id, text);
    }

    Call id(String value) {
      return new Call(k, input, output, cacheRead, timestamp, value, text);
    }

    Call text(String value) {
      return new Call(k, input, output, cacheRead, timestamp, id, value);
    }

    Call output(String raw) {
      return new Call(k, input, raw, cacheRead, timestamp, id, text);
    }
  }

  /** The time of good call {@code k}: 2026-03-01T10:00:00Z plus k minutes. */
  static String time(int k) {
    return Instant.parse("2026-03-01T10:00:00Z").plusSeconds(60L * k).toString();
  }

  /** The total tokens of good calls 1..n. */
  static long tokensOfGood(int... ks) {
    long t = 0;
    for (int k : ks) {
      t += 1110L * k;
    }
    return t;
  }

  /** The test environment: HOME only, clock fixed. */
  static Environment environment(Path home) {
    return Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The session id of transcript {@code n} of this agent. */
  String session(int n) {
    return switch (this) {
      case CLAUDE -> "11111111-1111-4111-8111-" + String.format("%012d", n);
      case CODEX -> "019fc710-e100-7101-8010-" + String.format("%012d", n);
      case PI -> "aaaaaaaa-0000-4000-8000-" + String.format("%012d", n);
      case OPENCLAW -> "bbbbbbbb-0000-4000-8000-" + String.format("%012d", n);
    };
  }

  /** The root below a home that this agent's transcripts go in. */
  Path root(Path home) {
    return switch (this) {
      case CLAUDE -> home.resolve(".claude/projects");
      case CODEX -> home.resolve(".codex/sessions");
      case PI -> home.resolve(".pi/agent/sessions");
      case OPENCLAW -> home.resolve(".openclaw/agents/main/sessions");
    };
  }

  /** Where transcript {@code n} goes, as the agent names it. */
  Path file(Path home, int n) {
    String s = session(n);
    return switch (this) {
      case CLAUDE -> root(home).resolve("-home-me-app").resolve(s + ".jsonl");
      case CODEX -> root(home).resolve("2026/03/01").resolve("rollout-2026-03-01T10-00-00-" + s + ".jsonl");
      case PI -> root(home).resolve("--home-me-app--").resolve("2026-03-01T10-00-00-000Z_" + s + ".jsonl");
      case OPENCLAW -> root(home).resolve(s + ".jsonl");
    };
  }

  /** A folder of transcripts below the root (where a directory or a loop can go). */
  Path folder(Path home) {
    return file(home, 1).getParent();
  }

  /** The lines before the calls of transcript {@code n}. */
  List<String> header(int n) {
    String s = session(n);
    return switch (this) {
      case CLAUDE -> List.of(
          "{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + s + "\",\"message\":{\"role\":\"user\","
              + "\"content\":\"the first prompt\"},\"uuid\":\"u0\",\"timestamp\":\"2026-03-01T10:00:00.000Z\"}");
      case CODEX -> List.of(
          "{\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + s
              + "\",\"timestamp\":\"2026-03-01T10:00:00.000Z\",\"cwd\":\"/home/me/app\",\"originator\":\"codex_cli_rs\","
              + "\"cli_version\":\"0.46.0\",\"source\":\"cli\",\"model_provider\":\"openai\"}}",
          "{\"timestamp\":\"2026-03-01T10:00:00.500Z\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/home/me/app\","
              + "\"model\":\"gpt-5-codex\"}}");
      case PI, OPENCLAW -> List.of(
          "{\"type\":\"session\",\"version\":3,\"id\":\"" + s + "\",\"timestamp\":\"2026-03-01T10:00:00.000Z\","
              + "\"cwd\":\"/home/me/app\"}",
          "{\"type\":\"model_change\",\"id\":\"e0\",\"parentId\":null,\"timestamp\":\"2026-03-01T10:00:00.010Z\","
              + "\"provider\":\"anthropic\",\"modelId\":\"claude-sonnet-4-5\"}");
    };
  }

  /**
   * The line of one call. Codex logs cumulative totals: {@code before} is the sum of the good calls' k before this
   * one (its running total), and a call's own values are added to it.
   */
  String line(int n, Call c, long before) {
    String s = session(n);
    String ts = c.timestamp();
    return switch (this) {
      case CLAUDE -> "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/home/me/app\","
          + "\"sessionId\":\"" + s + "\",\"version\":\"2.1.39\",\"type\":\"assistant\",\"message\":{\"model\":"
          + "\"claude-sonnet-4-5-20250929\",\"id\":\"msg_" + c.id() + "\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"text\",\"text\":" + str(c.text()) + "}],\"stop_reason\":\"end_turn\","
          + "\"usage\":{" + field("input_tokens", c.input()) + field("cache_creation_input_tokens", "0")
          + field("cache_read_input_tokens", c.cacheRead()) + field("output_tokens", c.output())
          + "\"service_tier\":\"standard\"}},\"requestId\":\"req_" + c.id() + "\",\"uuid\":\"a" + c.k() + "\""
          + (ts == null ? "" : ",\"timestamp\":" + ts) + "}";
      case CODEX -> {
        String cum = codexUsage(c, before, true);
        String last = codexUsage(c, 0, false);
        yield "{" + (ts == null ? "" : "\"timestamp\":" + ts + ",") + "\"type\":\"event_msg\",\"payload\":{\"type\":"
            + "\"token_count\",\"text\":" + str(c.text()) + ",\"info\":{\"total_token_usage\":" + cum + ",\"last_token_usage\":" + last
            + ",\"model_context_window\":258400},\"rate_limits\":null}}";
      }
      case PI, OPENCLAW -> "{\"type\":\"message\",\"id\":\"e" + c.k() + "\",\"parentId\":\"e0\""
          + (ts == null ? "" : ",\"timestamp\":" + ts) + ",\"message\":{\"role\":\"assistant\",\"content\":"
          + "[{\"type\":\"text\",\"text\":" + str(c.text()) + "}],\"api\":\"anthropic-messages\",\"provider\":"
          + "\"anthropic\",\"model\":\"claude-sonnet-4-5\",\"usage\":{" + field("input", c.input())
          + field("output", c.output()) + field("cacheRead", c.cacheRead()) + field("cacheWrite", "0")
          + "\"cost\":{\"total\":0.001}},\"stopReason\":\"stop\",\"responseId\":\"msg_" + c.id() + "\"}}";
    };
  }

  /** Codex's usage object: input includes the cached tokens; cumulative adds the running total. */
  private static String codexUsage(Call c, long before, boolean cumulative) {
    long b = cumulative ? before : 0;
    String input = plus(c.input(), c.cacheRead(), 1100 * b);
    String cached = plus(c.cacheRead(), null, 1000 * b);
    String output = plus(c.output(), null, 10 * b);
    String total = input != null && output != null && isLong(input) && isLong(output)
        ? String.valueOf(Long.parseLong(input) + Long.parseLong(output)) : null;
    return "{" + field("input_tokens", input) + field("cached_input_tokens", cached) + field("output_tokens", output)
        + field("reasoning_output_tokens", "0") + field("total_tokens", total == null ? "0" : total)
        .replaceAll(",$", "") + "}";
  }

  /** {@code raw + other + base} when all are integers; otherwise the raw text as it is (a hostile value). */
  private static String plus(String raw, String other, long base) {
    if (raw == null) {
      return null;
    }
    if (!isLong(raw) || (other != null && !isLong(other))) {
      return raw;
    }
    return String.valueOf(Long.parseLong(raw) + (other == null ? 0 : Long.parseLong(other)) + base);
  }

  private static boolean isLong(String s) {
    try {
      return Long.parseLong(s) >= 0; // a negative value is planted as it is
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String field(String name, String raw) {
    return raw == null ? "" : "\"" + name + "\":" + raw + ",";
  }

  /** A JSON string literal. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** A transcript being put together: the header, then calls and raw lines in order. */
  final class Transcript {
    private final int n;
    private final int session;
    private final List<byte[]> lines = new ArrayList<>();
    private long running;
    private long lineCount;

    Transcript(int n, int session) {
      this.n = n;
      this.session = session;
      header(session).forEach(this::raw);
    }

    /** Appends good calls; returns this. */
    Transcript good(int... ks) {
      for (int k : ks) {
        call(Call.good(k));
        running += k;
      }
      return this;
    }

    /** Appends a call line that is counted: its k is added to the running total. */
    Transcript counted(Call c) {
      call(c);
      running += c.k();
      return this;
    }

    /** Appends a call line (not added to the running total: a hostile call is not counted). */
    Transcript call(Call c) {
      return raw(line(session, c, running));
    }

    /** Appends a raw line. */
    Transcript raw(String line) {
      return raw(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Appends a raw line of bytes. */
    Transcript raw(byte[] line) {
      lines.add(line);
      lineCount++;
      return this;
    }

    /** The number the next line will have (1-based). */
    long nextLine() {
      return lineCount + 1;
    }

    /** The running total of Codex's cumulative counts (sum of the good calls' k). */
    long running() {
      return running;
    }

    /** Writes the transcript with {@code \n} (or {@code \r\n}) line ends and returns its path. */
    Path write(Path home, boolean crlf) throws IOException {
      Path f = file(home, n);
      Files.createDirectories(f.getParent());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] l : lines) {
        out.write(l);
        if (crlf) {
          out.write('\r');
        }
        out.write('\n');
      }
      Files.write(f, out.toByteArray());
      return f;
    }

    Path write(Path home) throws IOException {
      return write(home, false);
    }
  }

  Transcript transcript(int n) {
    return new Transcript(n, n);
  }

  /** Transcript file {@code n} holding lines of session {@code session} (a resumed or copied session). */
  Transcript transcript(int n, int session) {
    return new Transcript(n, session);
  }
}
