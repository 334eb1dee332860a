package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.testkit.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text output fits the terminal: every table of every command, on the demo history and on a history with long
 * hostile titles, models and paths, at 80, 100 and 160 columns, has no line wider than that; {@code daily},
 * {@code session}, {@code cache} and {@code blocks} fit 80 and 120 columns and stay aligned with CJK, fullwidth and
 * emoji titles and projects, and on the real logs of the shared fixtures; colours follow {@code NO_COLOR},
 * {@code FORCE_COLOR} and whether standard output is a terminal; a closed pipe ends quietly.
 */
class TerminalLayoutTest {

  @TempDir Path home;

  private static final List<List<String>> COMMANDS = List.of(
      List.of("daily"), List.of("daily", "--compact"), List.of("weekly"), List.of("monthly"), List.of("session"),
      List.of("session", "7d1f3a52"), List.of("session", "c2e8b4d1"), List.of("session", "019cadb4"),
      List.of("session", "4b8e2f61"), List.of("session", "019ca6f0"), List.of("blocks"), List.of("cache"),
      List.of("sources"), List.of("cache", "--active"), List.of("cache", "--last", "3", "--order", "asc"),
      List.of("blocks", "--active", "--token-limit", "max"), List.of("blocks", "--recent", "--token-limit", "50000"),
      List.of("daily", "--by", "project"), List.of("monthly", "--by", "project"));

  @ParameterizedTest
  @ValueSource(ints = {80, 100, 160})
  void noLineIsWiderThanTheTerminal(int columns) {
    for (List<String> command : COMMANDS) {
      List<String> args = new ArrayList<>(command);
      args.add("--demo");
      String[] r = run(args, Map.of("COLUMNS", Integer.toString(columns)));
      assertTrue(r[0].contains("----"), command + ": a table\n" + r[0] + r[1]);
      assertFits(command, r[0] + r[1], columns);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 100, 160})
  void longHostileTextIsTruncatedToo(int columns) throws IOException {
    TerminalSafetyTest.plant(home);
    for (List<String> command : COMMANDS) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--now", TerminalSafetyTest.NOW, "--no-index"));
      String[] r = run(args, Map.of("COLUMNS", Integer.toString(columns), "HOME", home.toString()));
      assertFits(command, r[0] + r[1], columns);
    }
  }

  @Test
  void withoutATerminalLinesAreWhole() {
    String[] r = run(List.of("cache", "--demo"), Map.of());
    assertTrue(r[0].lines().anyMatch(l -> l.length() > 160), r[0]);
  }

  @Test
  void aNarrowTerminalGetsTheCompactLayout() {
    String wide = run(List.of("daily", "--demo"), Map.of("COLUMNS", "160"))[0];
    String narrow = run(List.of("daily", "--demo"), Map.of("COLUMNS", "80"))[0];
    assertTrue(wide.contains("Cache write") && wide.contains("Cache read"), wide);
    assertFalse(narrow.contains("Cache write"), narrow);
    assertTrue(narrow.contains("Total tokens") && narrow.contains("Model"), narrow);
  }

  @Test
  void coloursFollowNoColorAndForceColor() {
    String plain = run(List.of("cache", "--demo"), Map.of())[0];
    assertFalse(plain.contains("\u001b"), "not a terminal: no colour");
    String forced = run(List.of("cache", "--demo"), Map.of("FORCE_COLOR", "1"))[0];
    assertTrue(forced.contains("\u001b[1mSession\u001b[0m"), "bold headers: " + forced);
    assertTrue(forced.contains("\u001b[32mwarm\u001b[0m"), forced);
    assertTrue(forced.contains("\u001b[33m$0.007\u001b[0m"), forced);
    assertFalse(run(List.of("cache", "--demo"), Map.of("FORCE_COLOR", "1", "NO_COLOR", "1"))[0].contains("\u001b"));
    assertFalse(run(List.of("cache", "--demo"), Map.of("FORCE_COLOR", "0"))[0].contains("\u001b"));
    String narrowForced = run(List.of("cache", "--demo"), Map.of("FORCE_COLOR", "1", "COLUMNS", "80"))[0];
    assertFits(List.of("cache", "coloured"), narrowForced, 80);
  }

  @Test
  void aClosedPipeEndsQuietly() {
    PrintStream closed = StandardOutput.over(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("Broken pipe");
      }
    }, StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(new String[] {"session", "--demo"}, closed, new PrintStream(err, true, StandardCharsets.UTF_8),
        environment(Map.of()));
    assertEquals(0, status);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  /** The views the terminal width matters most for: reports, sessions, caches and blocks. */
  private static final List<List<String>> MAIN_VIEWS = List.of(
      List.of("daily"), List.of("session"), List.of("cache"), List.of("blocks"), List.of("daily", "--by", "project"),
      List.of("session", "7d1f3a52"), List.of("blocks", "--active"));

  /** Wide text after words of the demo's titles and projects: CJK, Hangul, fullwidth forms and emoji. */
  static final Map<String, String> WIDE = Map.of(
      "webshop", "-网店项目", "checkout", " 结账总额的舍入问题", "calendar", " カレンダー 📅", "Draft", " 릴리스 노트 초안",
      "Two tests", " 两个测试失败了", "Review", " レビュー", "Write", " 撰写入门指南 ✍", "cream-site", "-ｓｉｔｅ",
      "workspace", "-作業空間");

  /** Writes the demo history of the four agents with {@link #WIDE} text in its titles, prompts and projects. */
  static void plantWide(Path home) throws IOException {
    for (String rel : Demo.files()) {
      String text;
      try (InputStream in = Demo.class.getResourceAsStream("/io/github/cream/examples/demo/home/" + rel)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      String path = Demo.target(rel);
      Path target = home.resolve(path.startsWith(".codex/") ? path : widen(path));
      Files.createDirectories(target.getParent());
      Files.writeString(target, widen(text), StandardCharsets.UTF_8);
    }
  }

  private static String widen(String text) {
    String out = text;
    for (Map.Entry<String, String> e : WIDE.entrySet()) {
      out = out.replace(e.getKey(), e.getKey() + e.getValue());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 120})
  void wideProjectsAndTitlesKeepTablesAlignedAndWithinTheWidth(int columns) throws IOException {
    plantWide(home);
    StringBuilder all = new StringBuilder();
    for (List<String> command : MAIN_VIEWS) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--now", TerminalSafetyTest.NOW, "--timezone", "UTC", "--no-index"));
      String[] r = run(args, Map.of("COLUMNS", Integer.toString(columns), "HOME", home.toString()));
      assertTrue(r[0].contains("----"), command + ": a table\n" + r[0] + r[1]);
      assertFits(command, r[0] + r[1], columns);
      assertAligned(r[0]);
      all.append(r[0]);
    }
    assertTrue(all.toString().contains("网店") && all.toString().contains("结账"), "the wide text is shown:\n" + all);
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 120})
  void realLogsFitAt80And120Columns(int columns) throws IOException {
    Path real = SharedFixtures.require("real-2");
    SharedFixtures.require("real-2/claude");
    SharedFixtures.require("real-2/codex/sessions");
    SharedFixtures.require("real-2/openclaw/agents/main/sessions");
    copyTree(real.resolve("claude"), home.resolve(".claude/projects"));
    copyTree(real.resolve("codex/sessions"), home.resolve(".codex/sessions"));
    copyTree(real.resolve("openclaw/agents/main/sessions"), home.resolve(".openclaw/agents/main/sessions"));
    for (List<String> command : List.of(List.of("daily"), List.of("session"), List.of("cache"), List.of("blocks"))) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--now", "2026-05-04T09:00:00Z", "--timezone", "UTC", "--no-index"));
      String[] r = run(args, Map.of("COLUMNS", Integer.toString(columns), "HOME", home.toString()));
      assertTrue(r[0].contains("----"), command + ": a table\n" + r[0] + r[1]);
      assertFits(command, r[0] + r[1], columns);
      assertAligned(r[0]);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(from)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      Path target = to.resolve(from.relativize(f).toString());
      Files.createDirectories(target.getParent());
      Files.copy(f, target);
    }
  }

  private static void assertFits(List<String> command, String text, int columns) {
    for (String line : text.split("\n")) {
      int width = Terminal.visible(line);
      assertTrue(width <= columns, command + " at " + columns + " columns: " + width + " wide:\n" + line + "\n\n"
          + text);
    }
  }

  /**
   * Asserts every table in a text is aligned on the terminal: below each rule ({@code -----  ---}), every line
   * up to the next blank one leaves blank the columns between the rule's dashes, and is no wider than the rule.
   * Lines are measured in terminal columns, so a CJK character counted as one column would push text into a gap.
   *
   * @param text the output, without colours
   */
  static void assertAligned(String text) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String rule = lines.get(i);
      if (!rule.matches("-{2,}( +-+)*")) {
        continue;
      }
      List<String> table = new ArrayList<>();
      if (i > 0) {
        table.add(lines.get(i - 1)); // the header
      }
      for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
        table.add(lines.get(j));
      }
      for (String line : table) {
        String cells = columns(line);
        assertTrue(cells.length() <= rule.length(), "wider than its table:\n" + line + "\n" + rule + "\n\n" + text);
        for (int c = 0; c < cells.length(); c++) {
          if (rule.charAt(c) == ' ' && cells.charAt(c) != ' ') {
            throw new AssertionError("text in the gap at column " + c + ":\n" + line + "\n" + rule + "\n\n" + text);
          }
        }
      }
    }
  }

  /** A line with one char per terminal column: a space where it is blank, {@code x} where it shows something. */
  private static String columns(String line) {
    StringBuilder sb = new StringBuilder();
    line.codePoints().forEach(cp -> sb.append((cp == ' ' ? " " : "x").repeat(DisplayWidth.of(cp))));
    return sb.toString();
  }

  private Environment environment(Map<String, String> vars) {
    Map<String, String> all = new HashMap<>(vars);
    all.putIfAbsent("HOME", home.toString());
    return Environment.of(all, Clock.fixed(Agents.NOW, ZoneOffset.UTC));
  }

  private String[] run(List<String> args, Map<String, String> vars) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), environment(vars));
    return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }
}
