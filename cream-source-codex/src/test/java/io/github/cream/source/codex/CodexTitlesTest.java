package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cream.api.SessionFacts;
import io.github.cream.testkit.ParserHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Codex session's title: its first prompt, collapsed and cut as the other agents' titles are. */
class CodexTitlesTest {

  @TempDir Path home;

  private static String prompt(String ts, String jsonText) {
    return "{\"timestamp\":\"" + ts + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"user_message\","
        + "\"message\":" + jsonText + ",\"images\":[]}}";
  }

  private SessionFacts facts(String... lines) {
    String[] all = new String[lines.length + 1];
    all[0] = SessionFactsTest.META;
    System.arraycopy(lines, 0, all, 1, lines.length);
    ParserHarness.Result r = Support.parse(home, Support.write(home.resolve("f/x.jsonl"), all));
    return r.facts().get(0);
  }

  @Test
  void theFirstPromptIsTheTitle() {
    SessionFacts f = facts(
        prompt("2026-03-01T10:00:01Z", "\"<environment_context>\\n  <cwd>/work/app</cwd>\\n</environment_context>\""),
        prompt("2026-03-01T10:00:02Z", "\"  Fix the flaky\\n\\tlogin test  \""),
        prompt("2026-03-01T10:05:00Z", "\"and now the docs\""));
    assertEquals("Fix the flaky login test", f.title().orElseThrow());
  }

  @Test
  void aLongPromptIsCut() {
    String title = facts(prompt("2026-03-01T10:00:01Z", "\"" + "word ".repeat(100) + "\"")).title().orElseThrow();
    assertEquals(Titles.MAX_CHARS, title.length());
    assertEquals('\u2026', title.charAt(title.length() - 1));
  }

  @Test
  void noPromptNoTitle() {
    assertFalse(facts().title().isPresent());
    assertNull(Titles.of(new char[] {' ', '\n'}, 0, 2));
  }

  @Test
  void theTitleSurvivesTheParserState() {
    State s = new State();
    s.title = "Fix the flaky login test";
    assertEquals("Fix the flaky login test", State.decode(s.encode()).title);
    State none = new State();
    assertNull(State.decode(none.encode()).title);
  }
}
