package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cream.api.Environment;
import io.github.cream.api.Origin;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of the value types give what the general way gives: a record's flags whichever set they come in,
 * and a file's relative path cut from the paths' text as relativizing would make it.
 */
class RecordValuesTest {

  private static UsageRecord.Builder record() {
    return UsageRecord.builder()
        .source("claude").provider("anthropic").model("m").sessionId("s")
        .timestamp(Instant.parse("2026-02-10T21:11:59.186Z"))
        .tokens(new TokenCounts(1, 2, 3, 4, 5, 0))
        .origin(new Origin(Path.of("/x.jsonl"), 1, 0));
  }

  @Test
  void flagsAreTheSameSetWhicheverWayTheyAreGiven() {
    UsageRecord none = record().build();
    assertEquals(Set.of(), none.flags());
    assertEquals(Set.of(), none.toBuilder().build().flags());
    assertEquals(Set.of(), record().flags(List.of()).build().flags());
    for (int mask = 0; mask < 1 << RecordFlag.values().length; mask++) {
      EnumSet<RecordFlag> flags = EnumSet.noneOf(RecordFlag.class);
      UsageRecord.Builder b = record();
      for (RecordFlag f : RecordFlag.values()) {
        if ((mask & (1 << f.ordinal())) != 0) {
          flags.add(f);
          b.flag(f);
        }
      }
      UsageRecord built = b.build();
      assertEquals(flags, built.flags());
      assertSame(built.flags(), record().flags(new ArrayList<>(flags)).build().flags());
      assertSame(built.flags(), built.toBuilder().build().flags());
      assertSame(built.flags(), built.withTimestamp(Instant.EPOCH).flags());
      assertSame(built.flags(), new UsageRecord(
          "claude", "anthropic", "m", "s", built.project(), built.timestamp(), built.tokens(), built.recordedCost(),
          built.messageId(), built.requestId(), built.dedupKey(), new HashSet<>(flags), built.serviceTier(),
          built.origin()).flags());
    }
  }

  @Test
  void aNullFlagIsRefused() {
    UsageRecord r = record().build();
    Set<RecordFlag> withNull = new HashSet<>(Arrays.asList(RecordFlag.SUBAGENT, null));
    assertThrows(NullPointerException.class, () -> new UsageRecord(
        "claude", "anthropic", "m", "s", r.project(), r.timestamp(), r.tokens(), r.recordedCost(), r.messageId(),
        r.requestId(), r.dedupKey(), withNull, r.serviceTier(), r.origin()));
    assertThrows(NullPointerException.class, () -> record().flag(null));
  }

  @Test
  void relativePathsAreWhatRelativizingGives() {
    Environment env = Environment.of(Map.of("HOME", "/home/me"), Clock.systemUTC());
    String[][] cases = {
      {"/home/me/.claude/projects", "/home/me/.claude/projects/-home-me-app/258c7280/subagents/agent-a8.jsonl"},
      {"/home/me/.claude/projects", "/home/me/.claude/projects/a.jsonl"},
      {"/home/me/.claude/projects", "/home/me/.claude/projects"},
      {"/home/me/.claude/projects", "/home/me/.claude/projectsX/a.jsonl"},
      {"/home/me/.claude/projects", "/elsewhere/a.jsonl"},
      {"/home/me/.claude/projects", "/home/me/.claude/projects/./a.jsonl"},
      {"/home/me/.claude/projects", "/home/me/.claude/projects/x/../a.jsonl"},
      {"/home/me/.claude/projects", "/home/me/.claude/projects/x/.."},
      {"/home/me/.claude/projects", "/home/me/.claude/projects/..a/.b/a..jsonl"},
      {"/home/me/./projects", "/home/me/./projects/a.jsonl"},
      {"/", "/a/b.jsonl"},
      {"rel/root", "rel/root/a.jsonl"},
      {"/home/me/projects", "rel/a.jsonl"},
    };
    for (String[] c : cases) {
      Path root = Path.of(c[0]);
      Path file = Path.of(c[1]);
      FileContext ctx = new FileContext("claude", root, file, env);
      assertEquals(relativized(root, file), ctx.relativePath(), c[1]);
    }
  }

  /** What relativePath gave before it cut paths' text: relativized, then joined with '/'. */
  private static String relativized(Path root, Path file) {
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
