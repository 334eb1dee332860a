package io.github.cream.examples.gemini;

import io.github.cream.spi.Source;
import io.github.cream.testkit.SampleFile;
import io.github.cream.testkit.SourceContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The plug-in keeps the contract every source keeps. */
class GeminiSourceContractTest extends SourceContractTest {

  @Override
  protected Source createSource() {
    return new GeminiCliSource();
  }

  @Override
  protected List<SampleFile> sampleFiles() {
    Path root = Support.fixtureRoot();
    return List.of(
        SampleFile.of(root, "my-app/chats/session-2026-06-10T09-58-0f0e0d0c.jsonl"),
        SampleFile.of(root, "my-app/chats/0f0e0d0c-1111-4222-8333-444455556666/x1y2z3.jsonl"),
        SampleFile.of(root, "other-proj/chats/session-2026-06-11T14-00-77aa88bb.jsonl"));
  }

  @Override
  protected Set<String> rootVariables() {
    return Set.of("GEMINI_CLI_HOME");
  }
}
