package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.ReportRow;
import io.github.cream.core.SessionCache;
import io.github.cream.core.UsageSnapshot;
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
