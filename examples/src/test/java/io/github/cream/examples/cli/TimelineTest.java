package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.JsonDoc;
import io.github.cream.examples.cli.CliHarness.Result;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code session SESSION_ID}: the timeline of one session as a table and as {@code cream.timeline/1}, on the demo,
 * on a transcript whose cache expires, on the real spotter fixture; ids that match nothing or too much; and
 * {@code --project} on every report.
 */
class TimelineTest {

  @TempDir Path home;

  private CliHarness demo() {
    return new CliHarness(home);
  }

  @Test
  void theDemosWebshopSessionAsATable() {
    Result r = demo().run("session", "7d1f", "--demo");
    assertEquals(0, r.status(), r.err());
    assertEquals("", r.err());
    String out = r.out();
    assertTrue(out.contains("""
        Session 7d1f3a52-4c1e-4b8a-9a61-2f0c5e9b8d34 (claude)
        Title:     Fix rounding in the checkout total
        Project:   /home/demo/projects/webshop
        Models:    claude-opus-4-6, claude-haiku-4-5-20251001
        Active:    2026-02-27 10:00 to 10:01 (UTC), 1m 4s
        Usage:     5 calls, 66,011 tokens (35,800 read from the cache, 25,600 written to it), $0.25
        Cache now: cold, expired 3d 1h ago (anthropic-ephemeral, 1h TTL)
        """), out);
    assertTrue(out.contains(
        "Time        Role             Model                      Input  Output  Cache read  Cache write    Cost  What\n"),
        out);
    assertTrue(out.contains(
        "10:00:06    assistant        claude-opus-4-6                6     310           0       14,000  $0.148  -> Read\n"),
        out);
    assertTrue(out.contains("10:00:24    assistant        claude-opus-4-6                2     650      14,000        1,800"
        + "  $0.041  (thinking) \"Each line item is rounded before su...\" -> Task\n"), out);
    assertTrue(out.contains("10:00:38    assistant (sub)  claude-haiku-4-5-20251001  1,500     220           0"
        + "        6,000  $0.010  -> Grep\n"), out);
    assertTrue(hasLine(out, "10:01:03    tool ", " <- Task"), out);
    assertTrue(out.contains("Total                                                   2,411   2,200      35,800       25,600"
        + "   $0.25  5 calls, 14 messages\n"), out);
    assertTrue(out.endsWith("\nNo idle gaps of a minute or more in the main conversation.\n"), out);
  }

  @Test
  void theDemosGuideSessionAsJson() throws IOException {
    Result r = demo().run("session", "c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46", "--demo", "--json");
    assertEquals(0, r.status(), r.err());
    JsonDoc d = r.json();
    assertEquals("cream.timeline/1", d.get("schema"));
    assertEquals("true", d.get("demo"));
    assertEquals("2026-03-02T13:00:00Z", d.get("now"));
    assertEquals("c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46", d.get("session.sessionId"));
    assertEquals("warm", d.get("session.cache.state"));
    assertEquals(7, d.count("messages"));
    assertEquals("system", d.get("messages[0].role"));
    assertEquals("summary: Write the getting-started guide", d.get("messages[0].content[0].text"));
    assertEquals("user", d.get("messages[1].role"));
    assertEquals("assistant", d.get("messages[2].role"));
    assertEquals("claude-sonnet-4-5-20250929", d.get("messages[2].usage.model"));
    assertEquals("18500", d.get("messages[2].usage.cacheWrite1hTokens"));
    assertEquals("true", d.get("messages[2].cacheWrite"));
    assertEquals("false", d.get("messages[2].cacheRead"));
    assertEquals("null", d.get("messages[1].usage"));
    assertEquals(2, d.count("gaps"));
    assertEquals("3", d.get("gaps[0].before"));
    assertEquals("false", d.get("gaps[0].cacheExpired"));
    assertEquals("warm", d.get("gaps[0].cache.state"));
    assertEquals("3600", d.get("gaps[0].cache.ttlSeconds"));
    assertEquals(d.get("session.calls"), d.get("totals.calls"));
    assertEquals(d.get("session.totalTokens"), d.get("totals.totalTokens"));
    assertEquals(d.get("session.costUsd"), d.get("totals.costUsd"));
  }

  @Test
  void aPrefixMustNameOneSession() {
    Result ambiguous = demo().run("session", "019", "--demo");
    assertEquals(2, ambiguous.status());
    assertEquals(List.of("cream: session: '019' matches 4 sessions (codex 019cae8d-e6d4-7b52-9c1e-5a7f3d2b8e61, codex "
        + "019cadb4-8e21-7a3f-b6d0-2e5c9f1a4b77, pi 019ca6f0-2c1d-7e55-8b3a-41d9e0f7a2c6, codex "
        + "019ca1d2-5b7e-7c40-9e3a-6f1b2d8c4a90); give more of the id, or --source"), ambiguous.errLines());
    assertEquals("", ambiguous.out(), "nothing on stdout for a bad argument");
    Result narrowed = demo().run("session", "019", "--demo", "--source", "pi");
    assertEquals(0, narrowed.status(), narrowed.err());
    assertTrue(narrowed.out().contains("Session 019ca6f0-2c1d-7e55-8b3a-41d9e0f7a2c6 (pi)"), narrowed.out());
    for (String id : List.of("zzz", "../../etc/passwd", "/etc/passwd", "7d1f3a52-4c1e-4b8a-9a61-2f0c5e9b8d34x")) {
      Result none = demo().run("session", id, "--demo");
      assertEquals(2, none.status(), id);
      assertEquals(List.of("cream: session: no session's id is or starts with '" + id
          + "' (run 'session' to list them)"), none.errLines());
    }
    Result nul = demo().run("session", "7d1f\u0000x", "--demo");
    assertEquals(2, nul.status());
    assertEquals(List.of("cream: session: expected a session id or a prefix of one, got '7d1f?x'"), nul.errLines());
    Result tooLong = demo().run("session", "7".repeat(600), "--demo");
    assertEquals(2, tooLong.status());
    Result two = demo().run("session", "7d1f", "c2e8", "--demo");
    assertEquals(List.of("cream: unexpected argument 'c2e8'"), two.errLines());
    Result watch = demo().run("session", "7d1f", "--watch");
    assertEquals(List.of("cream: --watch: follows the list of sessions, not one session's timeline"), watch.errLines());
  }

  @Test
  void aSourceThatCannotShowMessagesSaysSo() throws IOException {
    MainTest.writeHistory(home);
    CliHarness cli = new CliHarness(home).with(CliHarness.testEngine());
    Result r = cli.run("session", "s1", "--timezone", "UTC");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().startsWith("Session s1 (testagent)\nTitle:     Fix the checkout total\n"), r.out());
    assertTrue(r.out().endsWith("\nThe testagent source cannot show a session's messages; only its usage (above) is"
        + " known.\n"), r.out());
    JsonDoc d = cli.run("session", "s1", "--json").json();
    assertEquals("[]", d.get("messages"));
    assertTrue(d.values().containsValue("cream.messages.unsupported"), d.values().toString());
    assertEquals("0", d.get("totals.calls"));
    assertEquals("2", d.get("session.calls"));
  }

  /** A Claude Code session whose 5-minute cache expires during a 12-minute wait. */
  private void writeExpiringSession() throws IOException {
    String s = "5e55f00d-0000-4000-8000-000000000001";
    String head = "{\"parentUuid\":null,\"isSidechain\":false,\"cwd\":\"/w/app\",\"sessionId\":\"" + s
        + "\",\"version\":\"2.1.39\",";
    String usage = "\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":%d,\"cache_read_input_tokens\":%d,"
        + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":%d,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":50}";
    CliHarness.write(home.resolve(".claude/projects/-w-app/" + s + ".jsonl"),
        head + "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"Add a login page\"},\"uuid\":\"u1\","
            + "\"timestamp\":\"2026-03-02T10:00:00.000Z\"}",
        head + "\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_1\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Done.\"}]," + String.format(usage, 20000, 0, 20000)
            + "},\"requestId\":\"req_1\",\"type\":\"assistant\",\"uuid\":\"a1\",\"timestamp\":\"2026-03-02T10:00:05.000Z\"}",
        head + "\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"Now the tests\"},\"uuid\":\"u2\","
            + "\"timestamp\":\"2026-03-02T10:12:30.000Z\"}",
        head + "\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\"msg_2\",\"role\":\"assistant\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Added.\"}]," + String.format(usage, 20100, 0, 20100)
            + "},\"requestId\":\"req_2\",\"type\":\"assistant\",\"uuid\":\"a2\",\"timestamp\":\"2026-03-02T10:12:35.000Z\"}");
  }

  @Test
  void anIdleGapThatOutlivesTheCacheIsFlagged() throws IOException {
    writeExpiringSession();
    CliHarness cli = new CliHarness(home, Instant.parse("2026-03-02T11:00:00Z"));
    Result r = cli.run("session", "5e55", "--timezone", "UTC");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains(" idle 12m 25s -- cache expired (5m TTL)\n10:12:30    user "), r.out());
    assertTrue(r.out().endsWith("\n1 idle gap of a minute or more; all let the cache expire, and the calls after them"
        + " wrote 20,100 tokens to the cache again.\n"), r.out());
    JsonDoc d = cli.run("session", "5e55", "--json").json();
    assertEquals("true", d.get("gaps[0].cacheExpired"));
    assertEquals("cold", d.get("gaps[0].cache.state"));
    assertEquals("300", d.get("gaps[0].cache.ttlSeconds"));
    assertEquals("745", d.get("gaps[0].idleSeconds"));
  }

  @Test
  void theRealSpotterSessionReadsAsATimeline() throws IOException {
    Path real = SharedFixtures.require("claude/spotter-real");
    String main = "258c7280-ae70-4798-800f-63464d01a85d";
    Path project = home.resolve(".claude/projects/-home-USER-projects-spotter-worktrees-spotter-gqc");
    copy(real.resolve(main + ".jsonl"), project.resolve(main + ".jsonl"));
    for (String agent : List.of("agent-a881341.jsonl", "agent-acompact-fffbd0.jsonl")) {
      copy(real.resolve(main).resolve("subagents").resolve(agent), project.resolve(main).resolve("subagents")
          .resolve(agent));
    }
    CliHarness cli = new CliHarness(home, Instant.parse("2026-02-12T09:00:00Z"));
    Result r = cli.run("session", "258c7280", "--timezone", "UTC");
    assertEquals(0, r.status(), r.err());
    String out = r.out();
    assertTrue(out.startsWith("""
        Session 258c7280-ae70-4798-800f-63464d01a85d (claude)
        Title:     Implement spotter-gqc
        Project:   /home/USER/projects/spotter-worktrees/spotter-gqc
        Models:    claude-opus-4-6, claude-sonnet-4-5-20250929
        Active:    2026-02-11 20:36 to 21:46 (UTC), 1h 9m
        """), out);
    assertTrue(hasLine(out, "20:36:45    user ", " \"Implement spotter-gqc\""), out);
    assertTrue(out.contains("21:24:21    assistant (sub)  claude-sonnet-4-5-20250929"), out);
    assertTrue(out.contains("idle 9m 31s -- cache still warm (1h TTL)\n21:46:21    user"), out);
    assertTrue(out.contains("156 calls, 508 messages\n"), out);
    assertTrue(out.endsWith("\n9 idle gaps of a minute or more; none let the cache expire.\n"), out);
    JsonDoc d = cli.run("session", "258c7280", "--json").json();
    assertEquals(508, d.count("messages"));
    assertEquals("156", d.get("totals.calls"));
    assertEquals(d.get("session.totalTokens"), d.get("totals.totalTokens"));
    assertEquals(d.get("session.costUsd"), d.get("totals.costUsd"));
    assertEquals(9, d.count("gaps"));
  }

  /** Whether a line starts and ends so (the columns between depend on the widest cell). */
  private static boolean hasLine(String text, String start, String end) {
    return text.lines().anyMatch(l -> l.startsWith(start) && l.endsWith(end));
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- --project on every report

  @ParameterizedTest
  @ValueSource(strings = {"daily", "weekly", "monthly", "session", "blocks", "cache"})
  void projectFiltersEveryReport(String command) throws IOException {
    MainTest.writeHistory(home);
    CliHarness cli = new CliHarness(home).with(CliHarness.testEngine());
    JsonDoc all = cli.run(command, "--json").json();
    JsonDoc shop = cli.run(command, "--json", "--project", "/w/shop").json();
    JsonDoc none = cli.run(command, "--json", "--project", "/nowhere").json();
    if (command.equals("cache")) {
      assertEquals(3, all.count("sessions"));
      assertEquals(2, shop.count("sessions"));
      assertEquals(List.of("s3", "s1"), Stream.of(0, 1).map(i -> shop.get("sessions[" + i + "].sessionId")).toList());
      assertEquals(0, none.count("sessions"));
    } else {
      assertEquals("6", all.get("totals.calls"));
      assertEquals("4", shop.get("totals.calls"), "s1 (/w/shop) and s3 (/w/shop/sub)");
      assertEquals("0", none.get("totals.calls"));
    }
  }

  @Test
  void helpShowsTheTimeline() {
    Result r = demo().run("--help");
    assertTrue(r.out().contains("cream session 7d1f3a52     one session as a timeline"), r.out());
    assertTrue(r.out().contains("cream.timeline/1"), r.out());
    Result s = demo().run("help", "session");
    assertTrue(s.out().startsWith("Usage: cream session ") && s.out().contains("[SESSION_ID]"), s.out());
    assertTrue(s.out().contains("With SESSION_ID: one session as a timeline"), s.out());
  }

  @Test
  void sourcesShowWhatEachSourceCanDo() throws IOException {
    JsonDoc d = demo().run("sources", "--demo", "--json").json();
    for (int i = 0; i < d.count("sources"); i++) {
      String at = "sources[" + i + "]";
      if ("claude".equals(d.get(at + ".id"))) {
        assertEquals("project", d.get(at + ".watchScope"));
        assertEquals(List.of("usage", "messages", "recorded-cost", "watch", "cache-state", "project-scoping"),
            Stream.of(0, 1, 2, 3, 4, 5).map(k -> d.get(at + ".capabilities[" + k + "]")).toList());
        return;
      }
    }
    Assumptions.abort("the claude source is not on the class path");
  }
}
