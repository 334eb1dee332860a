package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.DedupKey;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.Cream;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzing over real fixture lines: one line of a real transcript is mutated (bytes flipped, cut short, duplicated,
 * a field dropped or retyped) and the file is scanned by the engine, every provider loaded as in production. The
 * scan never throws and no parser fails; and the calls of the untouched lines are counted exactly as before.
 *
 * <p>"The calls of the untouched lines": every counted call whose deduplication group no version of the mutated
 * line produced (a streamed message spans several lines; its copies on untouched lines still stand for it). Codex
 * logs running totals, so a call's tokens depend on the line before it: there, when the mutated line held usage,
 * only the lines before it are compared.
 */
class MutatedFixtureProperties {

  /** A real transcript and where its agent keeps it. */
  record Fixture(Agents agent, Path file) {
    @Override
    public String toString() {
      return agent.id + ":" + file.getFileName();
    }
  }

  enum Mutation { FLIP, CUT, DUPLICATE, DROP_FIELD, RETYPE }

  private static final Map<Agents, List<String>> FILES = Map.of(
      Agents.CLAUDE, List.of("claude/spotter-real/short.jsonl", "claude/spotter-real/tool_heavy.jsonl",
          "claude/agent-sessions-stage0/small.jsonl", "claude/claude-code-log-derived/sidechain_integrated.jsonl",
          "claude/agent-sessions-stage0/schema_drift.jsonl"),
      Agents.CODEX, List.of("codex/agent-sessions-stage0/small.jsonl", "codex/agent-sessions-stage0/large.jsonl",
          "codex/localpush-real-2026-02-23/raw/sessions/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl",
          "codex/localpush-real-2026-02-23/raw/sessions/rollout-2026-02-23T12-41-04-019c8a4d-8f45-7010-8b5d-7fad920aa6f9.jsonl",
          "codex/agent-sessions-legacy-synthetic/codex_053_rate_limit.jsonl"),
      Agents.PI, List.of("pi/agent-sessions-stage0-small.jsonl", "pi/sidecar/pi/tool-session.jsonl",
          "pi/sidecar/piagent/session1.jsonl", "pi/pi-mono/large-session.jsonl"),
      Agents.OPENCLAW, List.of(
          "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/6a5d2a19-7148-419a-8c4c-28a69f062726.jsonl",
          "openclaw/cat-tj-openclaw-config-backup/agents/main/sessions/003d9e5b-51f2-496b-911f-3564cacac047.jsonl",
          "openclaw/42naodia-moltbot-config/agents/main/sessions/76cc5ab5-0425-4038-b41f-0af9f313d594.jsonl"));

  /** The keys whose values decide what is counted, in every format. */
  private static final Pattern KEY = Pattern.compile(
      "\"(input_tokens|output_tokens|cache_read_input_tokens|cache_creation_input_tokens|cached_input_tokens|"
          + "total_tokens|total_token_usage|last_token_usage|usage|timestamp|id|model|message|type|sessionId|"
          + "requestId|payload|info|input|output|cacheRead|cacheWrite|totalTokens|responseId|role|provider)\":");

  private static final Map<Fixture, State> STATES = new HashMap<>();

  /** A fixture's scratch home, its engine, and what the untouched file gives. */
  private record State(Path home, Path target, List<byte[]> lines, Cream cream, UsageSnapshot original) {}

  @Provide
  Arbitrary<Fixture> fixtures() {
    // skips the property when the shared fixtures are not there
    List<Fixture> out = new ArrayList<>();
    FILES.forEach((agent, files) -> files.forEach(f -> out.add(new Fixture(agent, SharedFixtures.require(f)))));
    out.sort((a, b) -> a.toString().compareTo(b.toString()));
    return Arbitraries.of(out);
  }

  @Property(tries = 600, seed = "20260301")
  void aMutatedLineNeverThrowsAndNeverCostsAnUntouchedCall(
      @ForAll("fixtures") Fixture fixture, @ForAll Mutation mutation, @ForAll long seed, @ForAll int which)
      throws IOException {
    State st = state(fixture);
    Random rnd = new Random(seed);
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < st.lines().size(); i++) {
      if (st.lines().get(i).length > 0) {
        candidates.add(i);
      }
    }
    int index = candidates.get(Math.floorMod(which, candidates.size()));
    byte[] line = st.lines().get(index);
    List<byte[]> replacement = mutate(line, mutation, rnd);
    List<byte[]> mutated = new ArrayList<>(st.lines());
    mutated.remove(index);
    mutated.addAll(index, replacement);
    write(st.target(), mutated);

    UsageSnapshot after = st.cream().scan(); // must not throw
    after.diagnostics().forEach(d -> assertTrue(
        !d.code().startsWith("cream.parser.") && !d.code().startsWith("cream.source."), () -> "a parser failed: " + d));

    long mutatedLine = index + 1L;                       // 1-based
    long shift = replacement.size() - 1L;                // lines after it move by this much
    Set<String> touched = new HashSet<>();
    boolean usageTouched = false;
    for (PricedRecord p : st.original().records()) {
      if (p.record().origin().line() == mutatedLine) {
        touched.add(group(p.record()));
        usageTouched = true;
      }
    }
    for (PricedRecord p : after.records()) {
      long l = p.record().origin().line();
      if (l >= mutatedLine && l <= mutatedLine + shift) {
        touched.add(group(p.record()));
        usageTouched = true;
      }
    }
    boolean onlyBefore = fixture.agent() == Agents.CODEX && usageTouched;
    assertEquals(untouched(st.original().records(), touched, onlyBefore ? mutatedLine : Long.MAX_VALUE),
        untouched(after.records(), touched, onlyBefore ? mutatedLine : Long.MAX_VALUE),
        () -> "calls of untouched lines, after " + mutation + " of line " + mutatedLine);
  }

  /**
   * The untouched calls, as a multiset of their tokens (a mutated session header may rename the session and so
   * every group: what must not change is which calls count and what they count).
   */
  private static Map<String, Long> untouched(List<PricedRecord> records, Set<String> touched, long before) {
    Map<String, Long> out = new HashMap<>();
    for (PricedRecord p : records) {
      UsageRecord r = p.record();
      String g = group(r);
      if (touched.contains(g) || r.origin().line() >= before) {
        continue;
      }
      out.merge(r.tokens().toString(), 1L, Long::sum);
    }
    return out;
  }

  private static String group(UsageRecord r) {
    return r.source() + "|" + r.sessionId() + "|" + r.dedupKey().map(DedupKey::group).orElse("line:"
        + r.origin().line());
  }

  /** One line, mutated into zero, one or two lines (never containing a line end). */
  static List<byte[]> mutate(byte[] line, Mutation m, Random rnd) {
    switch (m) {
      case FLIP -> {
        byte[] b = line.clone();
        int n = 1 + rnd.nextInt(8);
        for (int i = 0; i < n; i++) {
          int at = rnd.nextInt(b.length);
          byte v = (byte) rnd.nextInt(256);
          b[at] = v == '\n' || v == '\r' ? (byte) '~' : v;
        }
        return List.of(b);
      }
      case CUT -> {
        return List.of(Arrays.copyOf(line, rnd.nextInt(line.length)));
      }
      case DUPLICATE -> {
        return List.of(line, line.clone());
      }
      default -> {
        String s = new String(line, StandardCharsets.UTF_8);
        List<int[]> keys = new ArrayList<>();
        Matcher k = KEY.matcher(s);
        while (k.find()) {
          keys.add(new int[] {k.start(), k.end()});
        }
        if (keys.isEmpty()) {
          return List.of(line);
        }
        int[] at = keys.get(rnd.nextInt(keys.size()));
        if (m == Mutation.DROP_FIELD) {
          // renaming a key drops the field and keeps the line valid JSON
          return List.of((s.substring(0, at[0]) + "\"x_dropped_" + rnd.nextInt(1000) + "\":" + s.substring(at[1]))
              .getBytes(StandardCharsets.UTF_8));
        }
        String[] values = {"\"42\"", "-1", "1.5", "true", "null", "{}", "[]", "\"\"", "9007199254740993",
            "\"2026-13-45T99:99:99Z\""};
        int valueEnd = endOfValue(s, at[1]);
        return List.of((s.substring(0, at[1]) + values[rnd.nextInt(values.length)] + s.substring(valueEnd))
            .getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Where the JSON value starting at {@code from} ends (a scalar, or a balanced object, array or string). */
  private static int endOfValue(String s, int from) {
    int depth = 0;
    boolean inString = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
          if (depth == 0) {
            return i + 1;
          }
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> depth++;
        case '}', ']' -> {
          if (depth == 0) {
            return i;
          }
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
        case ',' -> {
          if (depth == 0) {
            return i;
          }
        }
        default -> { }
      }
    }
    return s.length();
  }

  private static synchronized State state(Fixture f) throws IOException {
    State st = STATES.get(f);
    if (st != null) {
      return st;
    }
    Path home = Files.createTempDirectory("cream-fuzz");
    Path target = switch (f.agent()) {
      case CLAUDE -> home.resolve(".claude/projects/-home-me-app").resolve(f.file().getFileName().toString());
      case CODEX -> home.resolve(".codex/sessions/2026/02/23").resolve(f.file().getFileName().toString());
      case PI -> home.resolve(".pi/agent/sessions/--home-me-app--").resolve(f.file().getFileName().toString());
      case OPENCLAW -> home.resolve(".openclaw/agents/main/sessions").resolve(f.file().getFileName().toString());
    };
    Files.createDirectories(target.getParent());
    List<byte[]> lines = split(Files.readAllBytes(f.file()));
    write(target, lines);
    Cream cream = Cream.builder().environment(Agents.environment(home)).noIndex().parallelism(1).build();
    st = new State(home, target, lines, cream, cream.scan());
    STATES.put(f, st);
    return st;
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    for (State st : STATES.values()) {
      try (var walk = Files.walk(st.home())) {
        walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
    STATES.clear();
  }

  private static List<byte[]> split(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      out.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return out;
  }

  private static void write(Path file, List<byte[]> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] l : lines) {
      out.write(l);
      out.write('\n');
    }
    Files.write(file, out.toByteArray());
  }
}
