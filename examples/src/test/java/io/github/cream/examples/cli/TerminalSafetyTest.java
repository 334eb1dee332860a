package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from the logs never reaches the terminal raw. The demo history of all four agents (Claude Code, Codex CLI,
 * Pi, OpenClaw) is rewritten with terminal escapes planted in every string a table shows: project paths and cwd
 * (also in the directory names), titles and prompts, model ids, session ids (also in the file names), message text
 * and tool names. Every command's text output then holds no ESC, C0 or C1 control and no bidirectional control,
 * while the JSON output carries the exact strings.
 */
class TerminalSafetyTest {

  /** OSC 52 (clipboard), OSC 0 (window title), OSC 8 (a link), CSI 2J (clear), U+202E, C1 CSI, DEL, a lone BEL. */
  static final String PAYLOAD =
      "\u001b]52;c;aGk=\u0007\u001b]0;pwn\u0007\u001b]8;;x\u001b\\L\u001b]8;;\u001b\\\u001b[2J\u202e\u009b1m\u007f"
          + "\u2066\u200f";

  /** Where the payload is planted: after each of these words, in file contents and in file and folder names. */
  static final List<String> MARKS =
      List.of("webshop", "cream-site", "workspace", "checkout", "calendar", "Draft", "Review", "Two tests",
          "Write", "Add a", "claude-sonnet-4-5", "claude-opus-4-6", "claude-haiku-4-5", "gpt-5.1", "gpt-5.3-codex",
          "\"Read", "\"Grep", "\"bash", "calendar_list", "Here is", "c2e8b4d1", "7d1f3a52", "019ca1d2",
          "019cadb4", "019cae8d", "4b8e2f61", "019ca6f0", "Demo User");

  static final List<String> PREFIXES =
      List.of("c2e8b4d1", "7d1f3a52", "019ca1d2", "019cadb4", "019cae8d", "4b8e2f61", "019ca6f0");

  static final String NOW = "2026-03-02T13:00:00Z";

  @TempDir static Path home;

  @BeforeAll
  static void plant() throws IOException {
    plant(home);
  }

  /** Writes the demo history with the payload planted, under a home. */
  static void plant(Path home) throws IOException {
    String json = Agents.str(PAYLOAD);
    json = json.substring(1, json.length() - 1);
    for (String rel : Demo.files()) {
      String text;
      try (InputStream in = Demo.class.getResourceAsStream("/io/github/cream/examples/demo/home/" + rel)) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      // Codex names its files after the session id: a planted file name would only change the id the source sees
      String path = Demo.target(rel);
      Path target = home.resolve(path.startsWith(".codex/") ? path : plantIn(path, PAYLOAD.replace('/', '_')));
      Files.createDirectories(target.getParent());
      Files.writeString(target, plantIn(text, json), StandardCharsets.UTF_8);
    }
  }

  private static String plantIn(String text, String payload) {
    String out = text;
    for (String mark : MARKS) {
      out = out.replace(mark, mark + payload);
    }
    return out;
  }

  private static List<List<String>> commands() {
    List<List<String>> out = new ArrayList<>();
    for (String c : List.of("daily", "weekly", "monthly", "session", "blocks", "cache", "sources")) {
      out.add(List.of(c));
      out.add(List.of(c, "--compact"));
    }
    for (String id : PREFIXES) {
      out.add(List.of("session", id));
    }
    out.add(List.of("session", "--project", "/home/demo/projects/nothing-here"));
    out.add(List.of("daily", "--verbose"));
    out.add(List.of("cache", "--source", "pi"));
    return out;
  }

  @Test
  void noCommandPrintsALogsControlCharacters() {
    Map<String, String> seen = new LinkedHashMap<>();
    for (List<String> command : commands()) {
      List<String> args = new ArrayList<>(command);
      args.addAll(List.of("--now", NOW, "--timezone", "UTC", "--no-index"));
      String[] result = run(args);
      String all = result[0] + result[1];
      for (int i = 0; i < all.length(); i++) {
        char c = all.charAt(i);
        if (c != '\n' && !TerminalText.isSafe(String.valueOf(c))) {
          throw new AssertionError(command + " printed U+" + Integer.toHexString(c) + " at " + i + ":\n" + all);
        }
      }
      seen.put(String.join(" ", command), all);
    }
    String session = seen.get("session");
    assertTrue(session.contains("\\e]52;c;aGk="), "the planted text is shown, made visible:\n" + session);
    assertTrue(String.join("", seen.values()).contains("\\u202e"), session);
    for (String id : PREFIXES) {
      assertTrue(seen.get("session " + id).contains("\\e]52;c;aGk="), id + ":\n" + seen.get("session " + id));
    }
    assertTrue(seen.get("cache").contains("\\e]0;pwn\\x07"), seen.get("cache"));
  }

  @Test
  void jsonCarriesTheExactStrings() {
    String[] r = run(List.of("session", "--json", "--now", NOW, "--no-index"));
    assertEquals("", r[1]);
    assertFalse(r[0].contains("\u001b"), "JSON escapes ESC itself");
    assertTrue(r[0].contains("webshop\\u001B]52;c;aGk=\\u0007") || r[0].contains("webshop\\u001b]52;c;aGk=\\u0007"),
        r[0]);
  }

  @Test
  void safeShowsEveryControlAndNothingElse() {
    assertEquals("\\e]52;c;aGk=\\x07", TerminalText.safe("\u001b]52;c;aGk=\u0007"));
    assertEquals("a\\tb\\nc\\rd\\x7f\\x00", TerminalText.safe("a\tb\nc\rd\u007f\u0000"));
    assertEquals("\\u009b\\u0085\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c\\u2028",
        TerminalText.safe("\u009b\u0085\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u2028"));
    assertEquals("\\ud800x", TerminalText.safe("\ud800x"));
    String fine = "/home/me/projekt-ä/日本 😀 C:\\Users";
    assertEquals(fine, TerminalText.safe(fine));
    assertEquals("a b \\e", TerminalText.line("  a\n\t b \u001b "));
    assertEquals("", TerminalText.safe(null));
  }

  private static String[] run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Agents.environment(home));
    return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }
}
