package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.examples.cli.DemoExpectations.Totals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The embedded demo history on its own, without any source: it extracts to a temporary home and is deleted again,
 * its files are in each agent's real format, and the totals the README shows follow from them by the agents'
 * documented rules (computed here independently of the sources).
 */
class DemoTest {

  @Test
  void extractsUnderHiddenDirectoriesAndDeletesAfterwards() throws IOException {
    List<String> files = Demo.files();
    assertEquals(9, files.size());
    Path home;
    try (Demo demo = Demo.extract()) {
      home = demo.home();
      for (String rel : files) {
        assertTrue(Files.isRegularFile(home.resolve(Demo.target(rel))), rel);
      }
      assertTrue(Files.isDirectory(home.resolve(".claude/projects/-home-demo-projects-webshop")));
      assertTrue(Files.isDirectory(home.resolve(".codex/sessions/2026/02/27")));
      assertTrue(Files.isDirectory(home.resolve(".pi/agent/sessions")));
      assertTrue(Files.isRegularFile(home.resolve(".openclaw/agents/main/sessions/sessions.json")));
      try (Stream<Path> all = Files.walk(home)) {
        assertEquals(9, all.filter(Files::isRegularFile).count(), "nothing but the demo files");
      }
    }
    assertFalse(Files.exists(home), "the demo home is deleted on close");
    assertEquals(".claude/projects/x/a.jsonl", Demo.target("_claude/projects/x/a.jsonl"));
    assertEquals(".pi/agent/sessions/--home-demo--/a.jsonl", Demo.target("_pi/agent/sessions/--home-demo--/a.jsonl"));
  }

  @Test
  void everyLineIsAJsonObject() throws IOException {
    try (Demo demo = Demo.extract()) {
      for (String rel : Demo.files()) {
        Path f = demo.home().resolve(Demo.target(rel));
        if (rel.endsWith(".jsonl")) {
          List<Map<String, Object>> lines = read(f);
          assertFalse(lines.isEmpty(), rel);
        } else {
          assertNotNull(parse(Files.readString(f, StandardCharsets.UTF_8)), rel);
        }
      }
    }
  }

  @Test
  void claudeFilesLookLikeClaudeCode() throws IOException {
    try (Demo demo = Demo.extract()) {
      Path dir = demo.home().resolve(".claude/projects/-home-demo-projects-webshop");
      String session = "7d1f3a52-4c1e-4b8a-9a61-2f0c5e9b8d34";
      List<Map<String, Object>> main = read(dir.resolve(session + ".jsonl"));
      List<Map<String, Object>> sub = read(dir.resolve(session + "/subagents/agent-a3c9e1f.jsonl"));
      Map<String, List<Long>> streamed = new LinkedHashMap<>();
      for (Map<String, Object> l : main) {
        if ("assistant".equals(l.get("type"))) {
          assertEquals(session, l.get("sessionId"));
          assertEquals(false, l.get("isSidechain"));
          String key = get(l, "message.id") + "/" + l.get("requestId");
          streamed.computeIfAbsent(key, k -> new ArrayList<>()).add(num(l, "message.usage.output_tokens"));
        }
      }
      assertEquals(List.of(24L, 24L, 650L), streamed.get("msg_01DemoWebshopA2xxxxxxxxx/req_011DemoWebshopA2xxxxxxx"),
          "one response streamed as three lines, the last one final");
      for (Map<String, Object> l : sub) {
        assertEquals(true, l.get("isSidechain"));
        assertEquals(session, l.get("sessionId"), "a subagent file carries its parent's session id");
        assertEquals("a3c9e1f", l.get("agentId"));
      }
    }
  }

  @Test
  void codexFilesLookLikeCodexRollouts() throws IOException {
    try (Demo demo = Demo.extract()) {
      for (Path f : jsonl(demo.home().resolve(".codex/sessions"))) {
        List<Map<String, Object>> lines = read(f);
        assertEquals("session_meta", lines.get(0).get("type"));
        assertTrue(f.getFileName().toString().endsWith(get(lines.get(0), "payload.id") + ".jsonl"));
        List<Map<String, Object>> totals = new ArrayList<>();
        boolean reEmitted = false;
        for (Map<String, Object> l : lines) {
          assertNotNull(Instant.parse((String) l.get("timestamp")));
          if ("token_count".equals(get(l, "payload.type")) && get(l, "payload.info") != null) {
            Object total = get(l, "payload.info.total_token_usage");
            if (!totals.isEmpty() && totals.get(totals.size() - 1).equals(total)) {
              reEmitted = true;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> t = (Map<String, Object>) total;
            assertEquals(num(t, "input_tokens") + num(t, "output_tokens"), num(t, "total_tokens"));
            totals.add(t);
          }
          if ("turn_context".equals(l.get("type"))) {
            // gpt-5.3-codex on OpenAI; the OpenRouter session names the model the router's way
            String provider = (String) get(lines.get(0), "payload.model_provider");
            assertEquals(provider.equals("openrouter") ? "openai/gpt-5.1" : "gpt-5.3-codex", get(l, "payload.model"));
          }
        }
        assertTrue(reEmitted, f + " has a re-emitted total");
      }
    }
  }

  @Test
  void piAndOpenClawFilesLookLikePiSessions() throws IOException {
    try (Demo demo = Demo.extract()) {
      Path oc = demo.home().resolve(".openclaw/agents/main/sessions");
      List<Path> files = new ArrayList<>(jsonl(demo.home().resolve(".pi/agent/sessions")));
      files.addAll(jsonl(oc));
      for (Path f : files) {
        List<Map<String, Object>> lines = read(f);
        assertEquals("session", lines.get(0).get("type"));
        assertEquals(3L, num(lines.get(0), "version"));
        assertTrue(f.getFileName().toString().endsWith(lines.get(0).get("id") + ".jsonl"));
        for (Map<String, Object> l : lines) {
          if ("assistant".equals(get(l, "message.role"))) {
            long sum = num(l, "message.usage.input") + num(l, "message.usage.output")
                + num(l, "message.usage.cacheRead") + num(l, "message.usage.cacheWrite");
            assertEquals(sum, num(l, "message.usage.totalTokens"));
            BigDecimal parts = dec(l, "message.usage.cost.input").add(dec(l, "message.usage.cost.output"))
                .add(dec(l, "message.usage.cost.cacheRead")).add(dec(l, "message.usage.cost.cacheWrite"));
            assertEquals(0, parts.compareTo(dec(l, "message.usage.cost.total")), f.toString());
          }
        }
      }
      Map<String, Object> index = parse(Files.readString(oc.resolve("sessions.json"), StandardCharsets.UTF_8));
      Object id = get(index, "agent:main:telegram:dm:48213907.sessionId");
      assertTrue(Files.exists(oc.resolve(id + ".jsonl")), "sessions.json names an existing transcript");
    }
  }

  /** Recomputes the README's numbers from the files by each agent's documented rules. */
  @Test
  void totalsFollowFromTheFiles() throws IOException {
    Map<String, Totals> bySource = new TreeMap<>();
    Map<String, Totals> byDay = new TreeMap<>();
    try (Demo demo = Demo.extract()) {
      for (Call c : calls(demo.home())) {
        Totals t = c.totals();
        bySource.merge(c.source(), t, Totals::plus);
        byDay.merge(LocalDate.ofInstant(c.at(), ZoneOffset.UTC).toString(), t, Totals::plus);
      }
    }
    assertEquals(new TreeMap<>(normalize(DemoExpectations.BY_SOURCE)), normalize(bySource));
    assertEquals(new TreeMap<>(normalize(DemoExpectations.BY_DAY)), normalize(byDay));
    Totals all = DemoExpectations.all();
    assertEquals(22, all.calls());
    assertEquals(350_124, all.total());
    assertEquals(0, new BigDecimal("0.7415103").compareTo(all.cost()));
  }

  private static Map<String, Totals> normalize(Map<String, Totals> m) {
    Map<String, Totals> out = new TreeMap<>();
    m.forEach((k, t) -> out.put(k, new Totals(t.calls(), t.input(), t.output(), t.reasoning(), t.cacheRead(),
        t.cacheWrite5m(), t.cacheWrite1h(), t.cost().stripTrailingZeros().toPlainString())));
    return out;
  }

  // --- an independent reading of the demo, by the agents' documented rules -------------------------------------

  record Call(String source, String model, Instant at, long input, long output, long reasoning, long cacheRead,
      long cacheWrite5m, long cacheWrite1h, BigDecimal cost) {
    Totals totals() {
      return new Totals(1, input, output, reasoning, cacheRead, cacheWrite5m, cacheWrite1h, cost.toPlainString());
    }
  }

  /** List prices per million tokens: input, output, cache read, 5-minute write, 1-hour write. */
  private static final Map<String, String[]> PRICES =
      Map.of(
          "claude-opus-4-6", new String[] {"5", "25", "0.5", "6.25", "10"},
          "claude-sonnet-4-5-20250929", new String[] {"3", "15", "0.3", "3.75", "6"},
          "claude-haiku-4-5-20251001", new String[] {"1", "5", "0.1", "1.25", "2"},
          "gpt-5.3-codex", new String[] {"1.75", "14", "0.175", "0", "0"},
          "openai/gpt-5.1", new String[] {"1.25", "10", "0.125", "0", "0"});

  private static BigDecimal price(String model, long in, long out, long read, long w5, long w1) {
    String[] p = Objects.requireNonNull(PRICES.get(model), model);
    long[] n = {in, out, read, w5, w1};
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < n.length; i++) {
      sum = sum.add(new BigDecimal(p[i]).multiply(BigDecimal.valueOf(n[i])));
    }
    return sum.movePointLeft(6);
  }

  private static List<Call> calls(Path home) throws IOException {
    List<Call> out = new ArrayList<>();
    // Claude Code: assistant lines; a streamed response keeps its last line, dated at its first
    Map<String, Map<String, Object>> last = new LinkedHashMap<>();
    Map<String, Instant> first = new HashMap<>();
    for (Path f : jsonl(home.resolve(".claude/projects"))) {
      for (Map<String, Object> l : read(f)) {
        if ("assistant".equals(l.get("type"))) {
          String key = get(l, "message.id") + "/" + l.get("requestId");
          last.put(key, l);
          first.putIfAbsent(key, Instant.parse((String) l.get("timestamp")));
        }
      }
    }
    last.forEach((key, l) -> {
      String model = (String) get(l, "message.model");
      long in = num(l, "message.usage.input_tokens");
      long out5 = num(l, "message.usage.cache_creation.ephemeral_5m_input_tokens");
      long out1 = num(l, "message.usage.cache_creation.ephemeral_1h_input_tokens");
      long read = num(l, "message.usage.cache_read_input_tokens");
      long o = num(l, "message.usage.output_tokens");
      out.add(new Call("claude", model, first.get(key), in, o, 0, read, out5, out1, price(model, in, o, read, out5,
          out1)));
    });
    // Codex: deltas of the cumulative total; a repeated total is no call; input excludes cached input
    for (Path f : jsonl(home.resolve(".codex/sessions"))) {
      long[] prev = new long[4];
      String model = null;
      for (Map<String, Object> l : read(f)) {
        if ("turn_context".equals(l.get("type"))) {
          model = (String) get(l, "payload.model");
        }
        if ("token_count".equals(get(l, "payload.type")) && get(l, "payload.info") != null) {
          long[] t = {
            num(l, "payload.info.total_token_usage.input_tokens"),
            num(l, "payload.info.total_token_usage.cached_input_tokens"),
            num(l, "payload.info.total_token_usage.output_tokens"),
            num(l, "payload.info.total_token_usage.reasoning_output_tokens")
          };
          long in = t[0] - prev[0];
          long cached = t[1] - prev[1];
          long o = t[2] - prev[2];
          if (in + o > 0) {
            out.add(new Call("codex", model, Instant.parse((String) l.get("timestamp")), in - cached, o, t[3] - prev[3],
                cached, 0, 0, price(model, in - cached, o, cached, 0, 0)));
          }
          prev = t;
        }
      }
    }
    // Pi and OpenClaw: every assistant message with its recorded cost
    Map<String, Path> pi = Map.of("pi", home.resolve(".pi/agent/sessions"), "openclaw", home.resolve(".openclaw"));
    for (Map.Entry<String, Path> e : new TreeMap<>(pi).entrySet()) {
      for (Path f : jsonl(e.getValue())) {
        for (Map<String, Object> l : read(f)) {
          if ("assistant".equals(get(l, "message.role"))) {
            out.add(new Call(e.getKey(), (String) get(l, "message.model"),
                Instant.ofEpochMilli(num(l, "message.timestamp")), num(l, "message.usage.input"),
                num(l, "message.usage.output"), 0, num(l, "message.usage.cacheRead"),
                num(l, "message.usage.cacheWrite"), 0, dec(l, "message.usage.cost.total")));
          }
        }
      }
    }
    return out;
  }

  // --- a small JSON reader on jackson-core's streaming parser --------------------------------------------------

  private static List<Path> jsonl(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  private static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      out.add(parse(line));
    }
    return out;
  }

  private static Map<String, Object> parse(String json) throws IOException {
    try (JsonParser p = TestSource.JSON.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken(), json);
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) JsonSchemaCheck.value(p);
      assertEquals(null, p.nextToken(), "one object per line");
      return m;
    }
  }

  @SuppressWarnings("unchecked")
  private static Object get(Map<String, Object> m, String path) {
    Object cur = m;
    String rest = path;
    while (cur instanceof Map<?, ?> map) {
      // keys may contain dots (sessions.json keys do not, but "agent:main:..." has colons): try the longest key
      String key = null;
      for (Object k : map.keySet()) {
        String s = (String) k;
        if ((rest.equals(s) || rest.startsWith(s + ".")) && (key == null || s.length() > key.length())) {
          key = s;
        }
      }
      if (key == null) {
        return null;
      }
      cur = ((Map<String, Object>) map).get(key);
      if (rest.equals(key)) {
        return cur;
      }
      rest = rest.substring(key.length() + 1);
    }
    return null;
  }

  private static long num(Map<String, Object> m, String path) {
    Object v = get(m, path);
    return v == null ? 0 : ((Number) v).longValue();
  }

  private static BigDecimal dec(Map<String, Object> m, String path) {
    Object v = get(m, path);
    return v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).longValue());
  }
}
