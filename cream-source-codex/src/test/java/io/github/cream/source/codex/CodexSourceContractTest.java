package io.github.cream.source.codex;

import io.github.cream.spi.Source;
import io.github.cream.testkit.SampleFile;
import io.github.cream.testkit.SourceContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Codex keeps the contract every source keeps, over its synthetic rollouts. */
class CodexSourceContractTest extends SourceContractTest {

  @Override
  protected Source createSource() {
    return new CodexSource();
  }

  @Override
  protected List<SampleFile> sampleFiles() {
    Path root = SampleFile.resourceDirectory(CodexSourceContractTest.class, "/codex-synthetic");
    return List.of(
        SampleFile.of(root, "reemit.jsonl"),
        SampleFile.of(root, "backwards.jsonl"),
        SampleFile.of(root, "fork-child.jsonl"),
        SampleFile.of(root, "spawn-child.jsonl"),
        SampleFile.of(root, "model-switch.jsonl"),
        SampleFile.of(root, "cache-write.jsonl"),
        SampleFile.of(root, "exec-output.jsonl"),
        SampleFile.of(root, "legacy-pre-envelope.jsonl"));
  }

  @Override
  protected Set<String> rootVariables() {
    return Set.of("CODEX_HOME");
  }
}
