package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.Environment;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The byte-level reader gives exactly what Jackson gives: the same tokens, names and values for whatever it reads
 * without declining, and the same records, session facts, problems and resume state from the Claude parser whether
 * it tries the byte-level reader first or reads every line with Jackson. Lines are generated like Claude Code's
 * (any field order, escapes, non-ASCII text, odd values, a {@code "usage":{} text inside content) and then often
 * broken: torn, a byte changed, a byte inserted, a key doubled.
 */
class FastLineJsonProperties {

  private static final Environment ENV = Fixtures.environment(Path.of(System.getProperty("java.io.tmpdir")));

  // ---- tokens

  @Property(tries = 1500)
  void tokensEqualJacksonsWhereverTheFastReaderReads(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    String json = r.nextInt(3) == 0 ? value(r, 0) : claudeLine(r);
    byte[] bytes = mutate(r, json.getBytes(StandardCharsets.UTF_8));
    long walkSeed = r.nextLong();
    List<String> fast = walkFast(bytes, walkSeed);
    if (fast == null) {
      return; // declined: Jackson reads the line, nothing to compare
    }
    List<String> jackson = walkJackson(bytes, walkSeed);
    assertEquals(jackson, fast, new String(bytes, StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void wellFormedLinesAreReadWithoutDeclining(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    // what it declines by design: integers of more than 18 digits, decimal costs (Jackson's own rules decide)
    String line = claudeLine(r, false).replace("99999999999999999999", "7").replace("1234567890123456789", "7")
        .replace("costUSD", "costX");
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    List<String> fast = walkFast(bytes, seed);
    assertTrue(fast != null, "declined " + new String(bytes, StandardCharsets.UTF_8));
    assertEquals(walkJackson(bytes, seed), fast);
  }

  @Example
  void limitsAreLeftToJackson() throws IOException {
    String big = "x".repeat((1 << 20) + 10);
    String deep = "[".repeat(150) + "]".repeat(150);
    String deeper = "[".repeat(250) + "]".repeat(250);
    String number = "1".repeat(2000);
    String name = "n".repeat(60_000);
    List<String> lines = List.of(
        assistant("\"content\":[{\"type\":\"text\",\"text\":\"" + big + "\"}]"),
        "{\"type\":\"summary\",\"summary\":\"" + big + "\",\"sessionId\":\"s1\"}",
        "{\"type\":\"assistant\",\"cwd\":\"" + big + "\"," + assistant("").substring(1),
        assistant("\"content\":" + deep),
        assistant("\"content\":" + deeper),
        assistant("\"content\":[" + number + "]"),
        assistant("\"content\":[" + number + ".5]"),
        assistant("\"content\":{\"" + name + "\":1}"),
        "{\"type\":\"user\",\"" + name + "\":1}",
        "{\"type\":\"assistant\",\"costUSD\":1e400," + assistant("").substring(1),
        "{\"type\":\"assistant\",\"costUSD\":0.0125," + assistant("").substring(1),
        "{\"type\":\"assistant\",\"costUSD\":12," + assistant("").substring(1));
    for (String line : lines) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      List<String> fast = walkFast(bytes, 1);
      if (fast != null) {
        assertEquals(walkJackson(bytes, 1), fast);
      }
    }
    assertSameOutput(null, lines, "/projects/-w/s1.jsonl");
  }

  private static String assistant(String extra) {
    return "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"timestamp\":\"2026-02-10T21:11:59.186Z\","
        + "\"requestId\":\"req_1\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-opus-4-6\","
        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":7}" + (extra.isEmpty() ? "" : "," + extra) + "}}";
  }

  // ---- the parser, both ways

  @Property(tries = 600)
  void claudeParserGivesTheSameWithOrWithoutTheFastReader(@ForAll long seed) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(8);
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      lines.add(claudeLine(r));
    }
    String[] files = {"/projects/-w/s1.jsonl", "/projects/-w/s1/subagents/agent-a1.jsonl", "/projects/-w/agent-9.jsonl"};
    assertSameOutput(r, lines, files[r.nextInt(files.length)]);
  }

  private static void assertSameOutput(Random r, List<String> texts, String file) {
    FileContext ctx = new FileContext("claude", Path.of("/projects"), Path.of(file), ENV);
    FileLayout layout = FileLayout.of(ctx);
    ClaudeParser fast = new ClaudeParser(layout, new ParserState(), true);
    ClaudeParser reference = new ClaudeParser(layout, new ParserState(), false);
    Sink a = new Sink();
    Sink b = new Sink();
    long number = 0;
    for (String text : texts) {
      byte[] bytes = r == null ? text.getBytes(StandardCharsets.UTF_8) : mutate(r, text.getBytes(StandardCharsets.UTF_8));
      TestLine line = TestLine.of(bytes, ++number);
      boolean wantsA = fast.wants(line);
      boolean wantsB = reference.wants(line);
      assertEquals(wantsB, wantsA);
      if (wantsA) {
        fast.accept(line, a);
        reference.accept(line, b);
      }
      // every line, wanted or not, is also accepted (the head pre-filter and the message parser do so)
      fast.accept(line, a);
      reference.accept(line, b);
      String shown = new String(bytes, StandardCharsets.UTF_8);
      assertEquals(b.records, a.records, shown);
      assertEquals(b.facts, a.facts, shown);
      assertEquals(b.problems, a.problems, shown);
      assertTrue(Arrays.equals(reference.snapshot().bytes(), fast.snapshot().bytes()), shown);
    }
    // and resumed from the state either way
    LineParser resumed = new ClaudeSource().openParser(ctx, ResumeState.of(fast.snapshot().bytes()));
    assertTrue(Arrays.equals(reference.snapshot().bytes(), resumed.snapshot().bytes()));
  }

  private static final class Sink implements ParseSink {
    final List<UsageRecord> records = new ArrayList<>();
    final List<SessionFacts> facts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    @Override
    public void record(UsageRecord record) {
      records.add(record);
    }

    @Override
    public void session(SessionFacts f) {
      facts.add(f);
    }

    @Override
    public void problem(Severity severity, String code, String message) {
      problems.add(severity + " " + code + " " + message);
    }
  }

  // ---- walking both readers the same way

  /** Every token the fast reader gives, skipping some containers; null if it declined. */
  private static List<String> walkFast(byte[] bytes, long seed) {
    byte[] padded = new byte[bytes.length + 6];
    padded[0] = '\n';
    padded[1] = '{';
    System.arraycopy(bytes, 0, padded, 2, bytes.length);
    padded[bytes.length + 2] = '\n';
    padded[bytes.length + 3] = '"';
    if (!FastLineJson.tries(padded, 2, bytes.length)) {
      return null;
    }
    try {
      return walk(new FastLineJson().reset(padded, 2, bytes.length), seed);
    } catch (FastLineJson.Declined e) {
      return null;
    } catch (IOException e) {
      throw new AssertionError("the fast reader throws nothing but its decline", e);
    }
  }

  private static List<String> walkJackson(byte[] bytes, long seed) throws IOException {
    try (JsonParser p = ClaudeParser.JSON.createParser(bytes)) {
      return walk(new LineJson.Jackson(p), seed);
    }
  }

  private static List<String> walk(LineJson p, long seed) throws IOException {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != null) {
      switch (t) {
        case FIELD_NAME -> out.add("name " + p.currentName());
        case VALUE_STRING -> {
          int how = r.nextInt(3);
          if (how == 0) {
            out.add("string " + p.getText());
          } else if (how == 1) {
            out.add("shared " + p.sharedText());
          } else {
            char[] c = p.getTextCharacters();
            out.add("chars " + new String(c, p.getTextOffset(), p.getTextLength()));
          }
        }
        case VALUE_NUMBER_INT -> {
          JsonParser.NumberType type = p.getNumberType();
          out.add("int " + (type == JsonParser.NumberType.BIG_INTEGER ? "big" : type + " " + p.getLongValue()));
        }
        case START_OBJECT, START_ARRAY -> {
          if (out.size() > 0 && r.nextInt(3) == 0) {
            p.skipChildren();
            out.add("skipped to " + p.currentToken());
          } else {
            out.add(t.toString());
          }
        }
        default -> out.add(t.toString());
      }
    }
    return out;
  }

  // ---- generating lines

  private static final String[] TEXTS = {
    "hello", "a b", "\\\"quoted\\\"", "back\\\\slash", "line\\nbreak", "tab\\t", "\\u00e9t\\u00E9", "\\ud83d\\ude00",
    "é", "😀", "中文", "\\/", "\\\"usage\\\":{\\\"input_tokens\\\":5}", "\"usage\":{", "<command-name>x",
    "<system-reminder>", "\\u0000", "x".repeat(40), "ü".repeat(20), " ", "", "\\b\\f\\r"
  };

  private static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(4);
    for (int k = 0; k < n; k++) {
      sb.append(TEXTS[r.nextInt(TEXTS.length)]);
    }
    return sb.toString().replace("\"usage\":{", "\\\"usage\\\":{");
  }

  private static String str(Random r) {
    return "\"" + text(r) + "\"";
  }

  private static final String[] NUMBERS = {
    "0", "1", "-1", "12", "4294967296", "123456789012345678", "1234567890123456789", "99999999999999999999",
    "1.5", "-0", "0.0", "1e3", "2E-2", "1000000000000", "1000000000001", "-0.0"
  };

  private static String number(Random r) {
    return NUMBERS[r.nextInt(NUMBERS.length)];
  }

  /** Any JSON value. */
  private static String value(Random r, int depth) {
    return value(r, depth, true);
  }

  /** Any JSON value; names escaped now and then if asked (the fast reader declines those it walks into). */
  private static String value(Random r, int depth, boolean escapedNames) {
    int kind = r.nextInt(depth > 4 ? 5 : 7);
    return switch (kind) {
      case 0 -> str(r);
      case 1 -> number(r);
      case 2 -> "true";
      case 3 -> "false";
      case 4 -> "null";
      case 5 -> {
        StringBuilder sb = new StringBuilder("{");
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
          sb.append(k > 0 ? "," : "").append(ws(r))
              .append(escapedNames && r.nextInt(4) == 0 ? str(r) : "\"" + key(r) + "\"")
              .append(ws(r)).append(':').append(ws(r)).append(value(r, depth + 1, escapedNames)).append(ws(r));
        }
        yield sb.append('}').toString();
      }
      default -> {
        StringBuilder sb = new StringBuilder("[");
        int n = r.nextInt(4);
        for (int k = 0; k < n; k++) {
          sb.append(k > 0 ? "," : "").append(ws(r)).append(value(r, depth + 1, escapedNames)).append(ws(r));
        }
        yield sb.append(']').toString();
      }
    };
  }

  private static final String[] KEYS = {
    "type", "usage", "input_tokens", "text", "content", "model", "id", "kind", "x", "ü", "cache_creation"
  };

  private static String key(Random r) {
    return KEYS[r.nextInt(KEYS.length)];
  }

  private static String ws(Random r) {
    return r.nextInt(8) == 0 ? new String[] {" ", "\t", "\r\n", "  "}[r.nextInt(4)] : "";
  }

  private static final String[] TYPES = {
    "assistant", "assistant", "assistant", "user", "user", "progress", "summary", "custom-title", "ai-title",
    "system", "new-kind", "tool_result"
  };

  /** A line as Claude Code writes it, in any field order, with odd values now and then. */
  private static String claudeLine(Random r) {
    return claudeLine(r, true);
  }

  private static String claudeLine(Random r, boolean escapedNames) {
    List<String> fields = new ArrayList<>();
    String type = TYPES[r.nextInt(TYPES.length)];
    if (r.nextInt(12) != 0) {
      fields.add("\"type\":" + (r.nextInt(20) == 0 ? odd(r) : "\"" + type + "\""));
    }
    fields.add("\"parentUuid\":" + (r.nextBoolean() ? "null" : "\"p-" + r.nextInt(5) + "\""));
    maybe(r, fields, "\"isSidechain\":" + pick(r, "false", "true", "null", "\"yes\"", "1"));
    maybe(r, fields, "\"userType\":\"external\"");
    maybe(r, fields, "\"cwd\":" + pick(r, "\"/home/u/proj\"", "\"/home/ü/prój\"", "\"C:\\\\Users\\\\me\"", "null",
        "\"\"", "\"  \"", "7"));
    maybe(r, fields, "\"sessionId\":" + pick(r, "\"s1\"", "\"s1\"", "\"s2\"", "\"s\\u0031\"", "\"\"", "null", "\"ß\""));
    maybe(r, fields, "\"version\":" + pick(r, "\"2.1.3\"", "\"1.0.80\"", "null"));
    maybe(r, fields, "\"gitBranch\":" + pick(r, "\"main\"", "\"feät\"", "\"\""));
    maybe(r, fields, "\"entrypoint\":\"cli\"");
    maybe(r, fields, "\"requestId\":" + pick(r, "\"req_1\"", "\"req_2\"", "null", "\"\""));
    maybe(r, fields, "\"uuid\":\"u-" + r.nextInt(9) + "\"");
    maybe(r, fields, "\"timestamp\":" + pick(r, "\"2026-02-10T21:11:59.186Z\"", "\"2026-02-10T21:11:59Z\"",
        "\"2026-02-10T23:11:59.186+02:00\"", "\"yesterday\"", "null", "1700000000000", "\"0001-01-01T00:00:00Z\""));
    maybe(r, fields, "\"isMeta\":" + pick(r, "true", "false"));
    maybe(r, fields, "\"isApiErrorMessage\":" + pick(r, "true", "false"));
    maybe(r, fields, "\"isCompactSummary\":true");
    maybe(r, fields, "\"isVisibleInTranscriptOnly\":true");
    maybe(r, fields, "\"costUSD\":" + pick(r, "0.0125", "null", "\"x\"", "-1", "3", "1e2"));
    maybe(r, fields, "\"summary\":" + str(r));
    maybe(r, fields, "\"customTitle\":" + str(r));
    maybe(r, fields, "\"aiTitle\":" + str(r));
    maybe(r, fields, "\"origin\":" + pick(r, "{\"kind\":\"human\"}", "{\"kind\":\"task-notification\"}", "null",
        "{\"x\":[1,2]}"));
    maybe(r, fields, "\"toolUseResult\":" + value(r, 1, escapedNames));
    maybe(r, fields, "\"data\":{\"message\":{\"message\":{\"usage\":{\"input_tokens\":9}}}}");
    if (r.nextInt(8) != 0) {
      fields.add("\"message\":" + (r.nextInt(30) == 0 ? odd(r) : message(r, type, escapedNames)));
    }
    Collections.shuffle(fields, r);
    StringBuilder sb = new StringBuilder("{");
    for (int k = 0; k < fields.size(); k++) {
      sb.append(k > 0 ? "," : "").append(ws(r)).append(fields.get(k).replaceFirst("\":", "\":" + ws(r)));
    }
    return sb.append(ws(r)).append('}').toString();
  }

  private static String message(Random r, String type, boolean escapedNames) {
    List<String> fields = new ArrayList<>();
    maybe(r, fields, "\"id\":" + pick(r, "\"msg_1\"", "\"msg_2\"", "null"));
    maybe(r, fields, "\"type\":\"message\"");
    maybe(r, fields, "\"role\":" + pick(r, "\"assistant\"", "\"user\"", "\"" + type + "\""));
    maybe(r, fields, "\"model\":" + pick(r, "\"claude-opus-4-6\"", "\"<synthetic>\"",
        "\"anthropic.claude-3-5-sonnet-20241022-v2:0\"", "\"claude-3-5-sonnet@20241022\"", "\"cläude\"", "null"));
    maybe(r, fields, "\"content\":" + content(r, escapedNames));
    maybe(r, fields, "\"stop_reason\":null");
    if (r.nextInt(5) != 0) {
      fields.add("\"usage\":" + (r.nextInt(25) == 0 ? odd(r) : usage(r)));
    }
    Collections.shuffle(fields, r);
    return "{" + String.join(",", fields) + "}";
  }

  private static String content(Random r, boolean escapedNames) {
    return switch (r.nextInt(5)) {
      case 0 -> str(r);
      case 1 -> "[{\"type\":\"text\",\"text\":" + str(r) + "}]";
      case 2 -> "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":" + str(r) + "}]";
      case 3 -> "[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":" + value(r, 1, escapedNames)
          + "},{\"type\":\"text\",\"text\":\"{\\\"usage\\\":{\\\"input_tokens\\\":1}}\"}]";
      default -> "[{\"type\":\"thinking\",\"thinking\":" + str(r) + ",\"usage\":{\"input_tokens\":3}}]";
    };
  }

  private static String usage(Random r) {
    List<String> fields = new ArrayList<>();
    maybe(r, fields, "\"input_tokens\":" + count(r));
    maybe(r, fields, "\"output_tokens\":" + count(r));
    maybe(r, fields, "\"cache_read_input_tokens\":" + count(r));
    maybe(r, fields, "\"cache_creation_input_tokens\":" + count(r));
    maybe(r, fields, "\"cache_creation\":" + pick(r, "{\"ephemeral_5m_input_tokens\":" + count(r)
        + ",\"ephemeral_1h_input_tokens\":" + count(r) + "}", "null", "{}", "3"));
    maybe(r, fields, "\"output_tokens_details\":" + pick(r, "{\"thinking_tokens\":" + count(r) + "}", "null", "[]"));
    maybe(r, fields, "\"speed\":" + pick(r, "\"fast\"", "\"standard\"", "null"));
    maybe(r, fields, "\"service_tier\":\"standard\"");
    maybe(r, fields, "\"server_tool_use\":{\"web_search_requests\":0}");
    maybe(r, fields, "\"iterations\":[{\"type\":" + pick(r, "\"message\"", "\"advisor_message\"") + ",\"model\":"
        + pick(r, "\"claude-opus-4-6\"", "null") + ",\"input_tokens\":" + count(r) + ",\"output_tokens\":" + count(r)
        + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + count(r) + "}}]");
    Collections.shuffle(fields, r);
    return "{" + String.join(",", fields) + "}";
  }

  private static String count(Random r) {
    return r.nextInt(6) == 0 ? pick(r, "null", "-1", "1.5", "\"3\"", "1000000000001", "99999999999999999999", "[]")
        : Integer.toString(r.nextInt(5000));
  }

  private static String odd(Random r) {
    return pick(r, "null", "[]", "{}", "\"x\"", "3", "true", "[{\"usage\":{}}]");
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  private static void maybe(Random r, List<String> fields, String field) {
    if (r.nextInt(3) != 0) {
      fields.add(field);
      if (r.nextInt(40) == 0) {
        fields.add(field); // a doubled key
      }
    }
  }

  /** Leaves the line whole most of the time; else tears it, changes a byte or inserts one. */
  private static byte[] mutate(Random r, byte[] b) {
    if (b.length == 0) {
      return b;
    }
    switch (r.nextInt(8)) {
      case 0 -> {
        return Arrays.copyOf(b, r.nextInt(b.length)); // torn
      }
      case 1 -> {
        byte[] c = b.clone();
        c[r.nextInt(c.length)] = MUTATIONS[r.nextInt(MUTATIONS.length)];
        return c;
      }
      case 2 -> {
        int at = r.nextInt(b.length + 1);
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] = MUTATIONS[r.nextInt(MUTATIONS.length)];
        System.arraycopy(b, at, c, at + 1, b.length - at);
        return c;
      }
      default -> {
        return b;
      }
    }
  }

  private static final byte[] MUTATIONS = {
    '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-', '.', 'e', 'x', 0, 1, 0x1f, (byte) 0x80, (byte) 0xC3,
    (byte) 0xED, (byte) 0xF4, (byte) 0xFF, '\t', 'u', 'n'
  };
}
