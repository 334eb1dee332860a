package io.github.cream.examples.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README.md's "Write your own source" example is {@link MiniGeminiSource}, and it counts what the full source does. */
class ReadmeSourceExampleTest {

  @Test
  void theReadmeShowsTheCodeThatIsCompiled() throws IOException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    List<String> readme = ReadmeBlocks.javaBlock(base.resolve("../../README.md"), "public final class MiniGeminiSource");
    List<String> source = ReadmeBlocks.between(
        Files.readAllLines(base.resolve("src/test/java/io/github/cream/examples/gemini/MiniGeminiSource.java"),
            StandardCharsets.UTF_8), "// readme:begin", "// readme:end");
    assertEquals(ReadmeBlocks.normalize(source), ReadmeBlocks.normalize(readme.subList(
        readme.indexOf(readme.stream().filter(l -> l.startsWith("public final class")).findFirst().orElseThrow()),
        readme.size())));
  }

  /**
   * Over the chat directories, the minimal source counts what the full one does (it reads every {@code *.jsonl}
   * below its roots, so over the whole {@code tmp} directory it would also count a {@code /chat save} checkpoint).
   */
  @Test
  void theMinimalSourceCountsWhatTheFullOneCounts() {
    List<Path> chats = List.of(Support.fixtureRoot().resolve("my-app/chats"),
        Support.fixtureRoot().resolve("other-proj/chats"));
    UsageSnapshot full = Cream.builder().environment(Support.env(Support.fixtureHome())).discoverProviders(false)
        .source(new GeminiCliSource()).roots("gemini", chats).parallelism(1).build().scan();
    UsageSnapshot mini = Cream.builder().environment(Support.env(Support.fixtureHome())).discoverProviders(false)
        .source(new MiniGeminiSource()).roots("mini-gemini", chats).parallelism(1).build().scan();
    assertEquals(7, full.totals().calls());
    assertEquals(full.totals().calls(), mini.totals().calls());
    assertEquals(full.totals().tokens(), mini.totals().tokens());
    assertEquals(full.totals().cost(), mini.totals().cost());
  }
}
