package io.github.cream.source.claude;

import io.github.cream.spi.Source;
import io.github.cream.testkit.SampleFile;
import io.github.cream.testkit.SourceContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Claude Code keeps the contract every source keeps, over its synthetic fixtures. */
class ClaudeSourceContractTest extends SourceContractTest {

  @Override
  protected Source createSource() {
    return new ClaudeSource();
  }

  @Override
  protected List<SampleFile> sampleFiles() {
    String s1 = "-home-me-app/11111111-1111-4111-8111-111111111111";
    return List.of(
        SampleFile.of(fixtures("streaming"), s1 + ".jsonl"),
        SampleFile.of(fixtures("subagents"), s1 + ".jsonl"),
        SampleFile.of(fixtures("subagents"), s1 + "/subagents/agent-a1.jsonl"),
        SampleFile.of(fixtures("sidechain"), s1 + ".jsonl"),
        SampleFile.of(fixtures("resumed"), "-home-me-app/22222222-2222-4222-8222-222222222222.jsonl"),
        SampleFile.of(fixtures("hostile"), s1 + ".jsonl"),
        SampleFile.of(fixtures("crlf"), s1 + ".jsonl"));
  }

  @Override
  protected Set<String> rootVariables() {
    return Set.of("CLAUDE_CONFIG_DIR", "XDG_CONFIG_HOME");
  }

  private static Path fixtures(String name) {
    return SampleFile.resourceDirectory(ClaudeSourceContractTest.class, "/fixtures/" + name);
  }
}
