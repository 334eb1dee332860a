package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text output fits the terminal: every table of every command, on the demo history and on a history with long
 * hostile titles, models and paths, at 80, 100 and 160 columns, has no line wider than that; colours follow
 * {@code NO_COLOR}, {@code FORCE_COLOR} and whether standard output is a terminal; a closed pipe ends quietly.
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

  private static void assertFits(List<String> command, String text, int columns) {
    for (String line : text.split("\n")) {
      String plain = line.replaceAll("\u001b\\[[0-9;]*m", "");
      int width = plain.codePointCount(0, plain.length());
      assertTrue(width <= columns, command + " at " + columns + " columns: " + width + " wide:\n" + line + "\n\n"
          + text);
    }
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
