package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.spi.ResumeState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParserStateTest {

  @Test
  void encodesAndDecodesEverything() {
    ParserState s = new ParserState();
    s.current = "s1";
    ParserState.Session a = s.touch("s1");
    a.title(ParserState.PROMPT_TITLE, "Fix the bug");
    a.cwd("/home/me/app");
    a.version("2.1.39");
    a.gitBranch("main");
    a.entrypoint("cli");
    a.seen(Instant.parse("2026-01-01T00:00:00.123456789Z"));
    a.seen(Instant.parse("2026-01-02T00:00:00Z"));
    s.touch("s2");
    byte[] bytes = s.encode();
    ParserState back = ParserState.decode(bytes);
    assertArrayEquals(bytes, back.encode());
    assertEquals("s1", back.current);
    assertTrue(back.titled("s1"));
    assertFalse(back.titled("s2"));
    assertEquals(2, back.size());
  }

  @Test
  void titlesFollowTheirRanks() {
    ParserState.Session s = new ParserState().touch("s");
    assertTrue(s.title(ParserState.PROMPT_TITLE, "first prompt"));
    assertFalse(s.title(ParserState.PROMPT_TITLE, "second prompt"), "only the first prompt");
    assertTrue(s.title(ParserState.SUMMARY_TITLE, "summary"));
    assertFalse(s.title(ParserState.PROMPT_TITLE, "prompt"));
    assertTrue(s.title(ParserState.CUSTOM_TITLE, "custom"));
    assertFalse(s.title(ParserState.AI_TITLE, "ai"), "a generated title never replaces the user's");
    assertTrue(s.title(ParserState.CUSTOM_TITLE, "renamed"), "the latest custom title wins");
    assertEquals("renamed", s.title);
  }

  @Test
  void staysBoundedWhateverTheFileHolds() {
    ParserState s = new ParserState();
    String huge = "x".repeat(5000);
    for (int i = 0; i < 100; i++) {
      ParserState.Session x = s.touch(("s" + i + "-" + "\u00e9".repeat(250)).substring(0, 190));
      x.title(ParserState.PROMPT_TITLE, Titles.of("\u4e2d".repeat(500)));
      x.cwd("/\u4e2d".repeat(511));
      x.cwd(huge);
      x.version("\u4e2d".repeat(200));
      x.gitBranch("\u4e2d".repeat(200));
      x.entrypoint("\u4e2d".repeat(200));
      x.seen(Instant.EPOCH);
    }
    assertEquals(ParserState.MAX_SESSIONS, s.size(), "the least recently touched sessions are forgotten");
    byte[] bytes = s.encode();
    assertTrue(bytes.length < ResumeState.MAX_BYTES, bytes.length + " bytes");
    ResumeState.of(bytes);
  }

  @Test
  void refusesForeignBytes() {
    assertThrows(IllegalArgumentException.class, () -> ParserState.decode(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> ParserState.decode(new byte[] {9}));
    byte[] ok = new ParserState().encode();
    byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertThrows(IllegalArgumentException.class, () -> ParserState.decode(trailing));
    ParserState s = new ParserState();
    s.touch("a");
    byte[] one = s.encode();
    for (int cut = 1; cut < one.length; cut++) {
      byte[] part = java.util.Arrays.copyOf(one, cut);
      assertThrows(IllegalArgumentException.class, () -> ParserState.decode(part), "cut at " + cut);
    }
  }
}
