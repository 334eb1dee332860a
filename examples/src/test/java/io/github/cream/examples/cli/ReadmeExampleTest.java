package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Environment;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.Cream;
import io.github.cream.core.MessageCursor;
import io.github.cream.core.PricedMessage;
import io.github.cream.core.ReportRow;
import io.github.cream.core.SessionCache;
import io.github.cream.core.SessionMessages;
import io.github.cream.core.SessionView;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.Capability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Use cream as a library" example is this class's {@link #example} (after the README's first line,
 * which builds {@code cream}): it compiles, it runs, and the README shows exactly this code.
 */
class ReadmeExampleTest {

  /** The README's example, from its second line on. */
  static void example(Cream cream) {
    // readme:begin
    UsageSnapshot snapshot = cream.scan();                  // as often as needed: each scan is a new snapshot

    for (ReportRow day : snapshot.daily(ZoneId.systemDefault()).rows()) {
      System.out.printf("%s  %,d tokens  $%s%n",
          day.key(), day.totals().tokens().total(), day.totals().cost().toUsd(2));
    }

    for (SessionCache c : snapshot.cacheStates(Instant.now())) {
      CacheVerdict v = c.verdict();
      System.out.printf("%s %s  %s until %s%n", c.session().source(), c.session().sessionId(),
          v.state(), v.expiresAt().map(Instant::toString).orElse("-"));
    }

    snapshot.diagnostics().forEach(d -> System.err.println(d.severity() + " " + d.code() + ": " + d.message()));
    // readme:end
  }

  /** The README's "Browse sessions and messages" example, from its second line on. */
  static SessionMessages browse(Cream cream, Path project) {
    // readme-browse:begin
    cream.detect(project).forEach((source, found) -> System.out.println(source + ": " + found));

    List<SessionView> sessions = cream.sessions(project);              // newest first
    for (SessionView v : sessions) {
      SessionSummary s = v.session();
      System.out.printf("%s %s  %s  %d calls  $%s  cache %s  messages: %s%n", s.source(), s.sessionId(),
          s.title().orElse(""), s.totals().calls(), s.totals().cost().toUsd(2),
          v.verdict().map(CacheVerdict::state).orElse(null), v.capabilities().has(Capability.MESSAGES));
    }

    SessionSummary open = sessions.get(0).session();
    MessageCursor cursor = cream.openMessages(open.source(), open.sessionId());  // keep it while it is on screen
    for (PricedMessage m : cursor.read().messages()) {                  // every message so far, in order
      System.out.printf("%s %-11s %s%n", m.message().timestamp().map(String::valueOf).orElse("-"),
          m.message().role(),
          m.usage().map(u -> u.tokens().total() + " tokens, $" + m.cost().orElseThrow().amount().toUsd(4))
              .orElse(""));
    }
    SessionMessages later = cursor.read();   // later: only what the agent appended (and usageChanges)
    // readme-browse:end
    return later;
  }

  @Test
  void theExampleRunsOnTheDemoHistory() throws IOException {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (Demo demo = Demo.extract()) {
      Cream cream = Cream.builder()
          .environment(Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC)))
          .build();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      example(cream);
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out.lines().anyMatch(l -> l.matches("2026-0\\d-\\d\\d  [\\d,]+ tokens  \\$[\\d,.]+")), out);
  }

  @Test
  void theReadmeShowsThisCode() throws IOException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> block = javaBlock(base.resolve("../README.md"), "Cream cream = Cream.builder().build();");
    assertTrue(block.get(0).startsWith("Cream cream = Cream.builder().build();"), block.get(0));
    List<String> code = Files.readAllLines(
        base.resolve("src/test/java/io/github/cream/examples/cli/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
    int begin = code.indexOf("    // readme:begin");
    int end = code.indexOf("    // readme:end");
    assertEquals(normalize(code.subList(begin + 1, end)), normalize(block.subList(1, block.size())));
  }

  @Test
  void theBrowseExampleRunsOnTheDemoHistory() throws IOException {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    SessionMessages later;
    try (Demo demo = Demo.extract()) {
      Cream cream = Cream.builder()
          .environment(Environment.of(Map.of("HOME", demo.home().toString()), Clock.fixed(Demo.NOW, ZoneOffset.UTC)))
          .build();
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      later = browse(cream, Path.of("/home/demo/projects/cream-site"));
    } finally {
      System.setOut(stdout);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("claude: true\n"), out);
    assertTrue(out.contains("codex: false\n"), out);
    assertTrue(out.contains("claude c2e8b4d1-6f3a-4e97-8b20-5d9a1c7e3f46  Write the getting-started guide  3 calls"
        + "  $0.19  cache WARM  messages: true\n"), out);
    assertTrue(out.contains("\n2026-03-02T11:42:10.300Z ASSISTANT   19064 tokens, $0.1194\n"), out);
    assertTrue(out.contains("\n- SYSTEM      \n"), out);
    assertEquals(java.util.List.of(), later.messages(), "nothing was appended");
  }

  @Test
  void theReadmeShowsTheBrowseCode() throws IOException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> block = javaBlock(base.resolve("../README.md"), "Path project = ");
    List<String> code = Files.readAllLines(
        base.resolve("src/test/java/io/github/cream/examples/cli/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
    int begin = code.indexOf("    // readme-browse:begin");
    int end = code.indexOf("    // readme-browse:end");
    assertEquals(normalize(code.subList(begin + 1, end)), normalize(block.subList(1, block.size())));
  }

  /** The first {@code ```java} block of a Markdown file whose first line starts with a text. */
  private static List<String> javaBlock(Path markdown, String firstLine) throws IOException {
    List<String> block = null;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (block == null) {
        if (line.strip().equals("```java")) {
          block = new ArrayList<>();
        }
      } else if (line.strip().equals("```")) {
        if (!block.isEmpty() && block.get(0).startsWith(firstLine)) {
          return block;
        }
        block = null;
      } else {
        block.add(line);
      }
    }
    throw new AssertionError("no java block starting with '" + firstLine + "' in " + markdown);
  }

  private static List<String> normalize(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
