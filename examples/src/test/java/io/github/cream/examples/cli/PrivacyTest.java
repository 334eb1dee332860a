package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Privacy: no prompt or output text leaves a scan. Logs are written with markers planted in prompts, answers,
 * thinking, tool inputs and outputs, paths and keys inside content, broken lines and a parser's exception message;
 * the scan runs with the index on and every SLF4J event captured down to TRACE; then the index's bytes, the logs,
 * every diagnostic, every exception message and the CLI's stdout and stderr (every command, text and JSON) are
 * searched: no marker is found. Titles are the one exception, documented: they are session facts that reports show,
 * so the index keeps them (a title is the session's first prompt when the agent names none).
 */
class PrivacyTest {

  @TempDir Path home;

  /** Planted where content goes: none of these may leave a scan. */
  static final List<String> SECRETS = List.of("SECRET-PROMPT-51a", "SECRET-OUTPUT-62b", "SECRET-THINKING-73c",
      "SECRET-TOOLINPUT-84d", "SECRET-TOOLRESULT-95e", "SECRET-PATH-a6f", "SECRET-KEY-b70", "SECRET-BROKEN-c81",
      "SECRET-BARE-d92", "SECRET-EXCEPTION-ea3", "SECRET-INSTRUCTIONS-fb4", "SECRET-SYSTEM-0c5");

  /** The first prompt of each session: its title, which reports show and the index keeps. */
  static String title(Agents a) {
    return "TITLE-OK-" + a.id;
  }

  @Test
  void plantedContentNeverLeavesAScan() throws IOException {
    for (Agents a : Agents.values()) {
      plant(a);
    }
    Path index = home.resolve("index");
    Consumer<Cream.Builder> withIndex = b -> b.indexDirectory(index).source(new ThrowingSource());
    List<String> seen = new ArrayList<>();

    CapturingSlf4jProvider.start();
    UsageSnapshot first;
    try {
      first = Scans.library(home, withIndex);
      // appended bytes (read on from the index) and a rewritten file (read again): the index's other paths
      Files.writeString(Agents.CLAUDE.file(home, 1), Agents.CLAUDE.line(1, Agents.Call.good(9).text(SECRETS.get(1)),
          0) + "\n", java.nio.file.StandardOpenOption.APPEND);
      Scans.library(home, withIndex);
      byte[] codex = Files.readAllBytes(Agents.CODEX.file(home, 1));
      codex[codex.length / 2] = ' ';
      Files.write(Agents.CODEX.file(home, 1), codex);
      UsageSnapshot last = Scans.library(home, withIndex);
      for (UsageSnapshot s : List.of(first, last)) {
        s.diagnostics().forEach(d -> seen.add(d.toString()));
        s.records().forEach(r -> seen.add(r.toString()));
        s.sessions().forEach(x -> seen.add(x.toString()));
        s.cacheStates(Agents.NOW).forEach(c -> seen.add(c.toString()));
      }
      for (String[] args : List.of(new String[] {"daily"}, new String[] {"session"}, new String[] {"cache"},
          new String[] {"blocks"}, new String[] {"sources"}, new String[] {"monthly", "--json"},
          new String[] {"session", "--json"}, new String[] {"cache", "--json"}, new String[] {"blocks", "--json"},
          new String[] {"sources", "--json"}, new String[] {"daily", "--json", "--no-index"})) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--now", Agents.NOW.toString()));
        Scans.Run r = Scans.cli(home, b -> b.source(new ThrowingSource()), all.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        seen.add(r.out());
        seen.add(r.err());
      }
    } finally {
      seen.addAll(CapturingSlf4jProvider.stop());
    }
    assertTrue(first.totals().calls() >= 8, "the planted calls count: " + first.totals().calls());
    assertTrue(first.diagnostics().stream().anyMatch(d -> d.code().equals("cream.parser.failed")),
        "the throwing parser was reached");

    String text = String.join("\n", seen);
    for (String secret : SECRETS) {
      assertFalse(text.contains(secret), () -> secret + " leaked into diagnostics, logs, records or CLI output");
    }
    byte[] indexBytes = concat(allBytes(index), allBytes(home.resolve(".cache")));
    assertTrue(indexBytes.length > 0, "the index was written");
    String indexText = new String(indexBytes, StandardCharsets.ISO_8859_1);
    for (String secret : SECRETS) {
      assertFalse(indexText.contains(secret), () -> secret + " is in the scan index");
    }
    // the documented exception: titles are session facts, kept by the index and shown by reports
    // (Pi's title is its first prompt here; Claude's is the header's prompt, before the planted lines)
    assertTrue(indexText.contains(title(Agents.PI)), "the index keeps titles");
    assertTrue(text.contains(title(Agents.PI)), "reports show titles");
  }

  @Test
  void realFixtureContentNeverLeavesAScan() throws IOException {
    // copies (never into the repository) laid out as each agent keeps them
    Map<String, Path> layout = Map.of(
        "claude", home.resolve(".claude/projects/-home-me-app"),
        "codex", home.resolve(".codex/sessions/2026/02/23"),
        "pi", home.resolve(".pi/agent/sessions/--home-me-app--"),
        "openclaw", home.resolve(".openclaw/agents/main/sessions"));
    Set<String> content = new LinkedHashSet<>();
    for (Map.Entry<String, Path> e : layout.entrySet()) {
      Files.createDirectories(e.getValue());
      Path fixtures = SharedFixtures.require(e.getKey());
      try (Stream<Path> files = Files.walk(fixtures)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
          if (Files.size(f) > 3_000_000) {
            continue;
          }
          Path copy = e.getValue().resolve(fixtures.relativize(f).toString().replace('/', '_'));
          Files.copy(f, copy);
          contentStrings(f, content);
        }
      }
    }
    Path index = home.resolve("index");
    List<String> seen = new ArrayList<>();
    CapturingSlf4jProvider.start();
    UsageSnapshot s;
    try {
      s = Scans.library(home, b -> b.indexDirectory(index));
      Scans.library(home, b -> b.indexDirectory(index));
      for (String[] args : List.of(new String[] {"session", "--json"}, new String[] {"daily"},
          new String[] {"cache", "--json"}, new String[] {"session"})) {
        Scans.Run r = Scans.cli(home, args);
        assertEquals(0, r.status(), r.err());
        seen.add(r.out());
        seen.add(r.err());
      }
    } finally {
      seen.addAll(CapturingSlf4jProvider.stop());
    }
    assertTrue(s.totals().calls() > 100, "the fixtures hold calls");
    s.diagnostics().forEach(d -> seen.add(d.toString()));
    List<String> titles = s.sessions().stream().map(SessionSummary::title).flatMap(java.util.Optional::stream)
        .toList();
    String text = String.join("\n", seen);
    String indexText = new String(concat(allBytes(index), allBytes(home.resolve(".cache"))), StandardCharsets.UTF_8);
    int checked = 0;
    for (String c : content) {
      if (titles.stream().anyMatch(t -> c.contains(t) || t.contains(c))) {
        continue; // a title: the documented exception
      }
      checked++;
      assertFalse(text.contains(c), () -> "fixture content leaked into diagnostics, logs or CLI output: " + c);
      assertFalse(indexText.contains(c), () -> "fixture content is in the scan index: " + c);
    }
    assertTrue(checked > 100, "enough content was searched for: " + checked);
  }

  /** Long text values of prompts, answers, thinking and tool input and output in a real transcript. */
  private static void contentStrings(Path file, Set<String> out) throws IOException {
    JsonFactory f = new JsonFactory();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      try (JsonParser p = f.createParser(line)) {
        String field = "";
        for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
          if (t == JsonToken.FIELD_NAME) {
            field = p.currentName();
          } else if (t == JsonToken.VALUE_STRING && Set.of("text", "thinking", "content", "output", "stdout",
              "arguments", "command", "message", "summary", "input").contains(field)) {
            String v = p.getText().strip();
            // 40 characters: long enough to be content and not a model name, an id or a path fragment
            if (v.length() >= 40) {
              out.add(v.substring(0, Math.min(v.length(), 80)));
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // not JSON: nothing to collect
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] allBytes(Path dir) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (!Files.isDirectory(dir)) {
      return out.toByteArray();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.write(Files.readAllBytes(p));
      }
    }
    return out.toByteArray();
  }

  /** Writes one transcript of an agent with every kind of content carrying a marker. */
  private void plant(Agents a) throws IOException {
    String s = a.session(1);
    String path = "/home/me/" + SECRETS.get(5) + "/notes.txt";
    Agents.Transcript t = a.transcript(1);
    switch (a) {
      case CLAUDE -> {
        t.raw("{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + s + "\",\"message\":{\"role\":\"user\","
            + "\"content\":\"" + title(a) + "\"},\"uuid\":\"u1\",\"timestamp\":\"2026-03-01T10:00:00.500Z\"}");
        t.raw("{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + s + "\",\"message\":{\"role\":\"user\","
            + "\"content\":\"" + SECRETS.get(0) + "\"},\"uuid\":\"u2\",\"timestamp\":\"2026-03-01T10:00:00.600Z\"}");
        t.raw("{\"type\":\"system\",\"content\":\"" + SECRETS.get(11) + "\",\"sessionId\":\"" + s + "\"}");
        t.raw(a.line(1, Agents.Call.good(1).text(SECRETS.get(1)), 0).replace("[{\"type\":\"text\"",
            "[{\"type\":\"thinking\",\"thinking\":\"" + SECRETS.get(2) + "\"},{\"type\":\"tool_use\",\"id\":\"t1\","
                + "\"name\":\"Edit\",\"input\":{\"file_path\":\"" + path + "\",\"" + SECRETS.get(6) + "\":\""
                + SECRETS.get(3) + "\"}},{\"type\":\"text\""));
        t.raw("{\"type\":\"user\",\"cwd\":\"/home/me/app\",\"sessionId\":\"" + s + "\",\"message\":{\"role\":\"user\","
            + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + SECRETS.get(4)
            + "\"}]},\"toolUseResult\":{\"filePath\":\"" + path + "\",\"stdout\":\"" + SECRETS.get(4) + "\"},"
            + "\"uuid\":\"u3\",\"timestamp\":\"2026-03-01T10:01:30.000Z\"}");
      }
      case CODEX -> {
        t.raw("{\"timestamp\":\"2026-03-01T10:00:00.600Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
            + "\"role\":\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + SECRETS.get(10) + "\"}]}}");
        t.raw("{\"timestamp\":\"2026-03-01T10:00:00.700Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\","
            + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + title(a) + "\"}]}}");
        // the first prompt is the title (the documented exception); a later prompt never leaves
        t.raw("{\"timestamp\":\"2026-03-01T10:00:00.800Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"user_message\","
            + "\"message\":\"" + title(a) + "\"}}");
        t.raw("{\"timestamp\":\"2026-03-01T10:00:00.850Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"user_message\","
            + "\"message\":\"" + SECRETS.get(0) + "\"}}");
        t.raw("{\"timestamp\":\"2026-03-01T10:00:00.900Z\",\"type\":\"response_item\",\"payload\":{\"type\":\"reasoning\","
            + "\"summary\":[{\"type\":\"summary_text\",\"text\":\"" + SECRETS.get(2) + "\"}]}}");
        t.raw("{\"timestamp\":\"2026-03-01T10:00:01.000Z\",\"type\":\"response_item\",\"payload\":{\"type\":"
            + "\"function_call\",\"name\":\"shell\",\"arguments\":\"{\\\"cmd\\\":\\\"cat " + path + " "
            + SECRETS.get(3) + "\\\",\\\"" + SECRETS.get(6) + "\\\":1}\",\"call_id\":\"c1\"}}");
        t.raw(HostileInputSuiteTest.noise(a, SECRETS.get(4)));
        t.raw("{\"timestamp\":\"2026-03-01T10:00:02.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":"
            + "\"agent_message\",\"message\":\"" + SECRETS.get(1) + "\"}}");
        t.good(1);
      }
      case PI, OPENCLAW -> {
        t.raw("{\"type\":\"message\",\"id\":\"u1\",\"parentId\":\"e0\",\"timestamp\":\"2026-03-01T10:00:00.500Z\","
            + "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + title(a) + "\"}]}}");
        t.raw("{\"type\":\"message\",\"id\":\"u2\",\"parentId\":\"u1\",\"timestamp\":\"2026-03-01T10:00:00.600Z\","
            + "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + SECRETS.get(0) + "\"}]}}");
        t.raw(a.line(1, Agents.Call.good(1).text(SECRETS.get(1)), 0).replace("[{\"type\":\"text\"",
            "[{\"type\":\"thinking\",\"thinking\":\"" + SECRETS.get(2) + "\"},{\"type\":\"toolCall\",\"id\":\"t1\","
                + "\"name\":\"edit\",\"arguments\":{\"path\":\"" + path + "\",\"" + SECRETS.get(6) + "\":\""
                + SECRETS.get(3) + "\"}},{\"type\":\"text\""));
        t.raw(HostileInputSuiteTest.noise(a, SECRETS.get(4)));
      }
      default -> throw new IllegalStateException();
    }
    // broken lines: cut short, a bare word where a value goes, a usage line whose counts are words
    String broken = a.line(1, Agents.Call.good(2).text(SECRETS.get(7)), t.running());
    t.raw(broken.substring(0, broken.indexOf(SECRETS.get(7)) + SECRETS.get(7).length()));
    t.raw(a.line(1, Agents.Call.good(2).text("@@X@@"), t.running()).replace("\"@@X@@\"", SECRETS.get(8)));
    t.call(Agents.Call.good(2).input("\"" + SECRETS.get(8) + "\"").id("bare"));
    t.raw("{\"" + SECRETS.get(9) + "\":1}"); // what the throwing parser will choke on
    t.good(2, 3, 4, 5, 6, 7, 8);
    t.write(home);
  }

  /**
   * A third-party source whose parser throws with the line's text in its exception message: the engine must name
   * the exception's class only.
   */
  static final class ThrowingSource implements Source {
    @Override
    public String id() {
      return "leaky";
    }

    @Override
    public List<Path> defaultRoots(io.github.cream.api.Environment environment) {
      return List.of(environment.home().resolve(".claude/projects"));
    }

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      return new LineParser() {
        @Override
        public void accept(LineView line, ParseSink sink) {
          String text = new String(line.buffer(), line.start(), line.length(), StandardCharsets.UTF_8);
          throw new IllegalStateException("cannot parse " + text);
        }

        @Override
        public ResumeState snapshot() {
          return ResumeState.initial();
        }
      };
    }
  }
}
