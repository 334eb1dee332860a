package io.github.cream.source.pi;

import io.github.cream.spi.Source;
import io.github.cream.testkit.SampleFile;
import io.github.cream.testkit.SourceContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** OpenClaw keeps the contract every source keeps, over its synthetic state directory. */
class OpenClawSourceContractTest extends SourceContractTest {

  @Override
  protected Source createSource() {
    return new OpenClawSource();
  }

  @Override
  protected List<SampleFile> sampleFiles() {
    Path state = SampleFile.resourceDirectory(OpenClawSourceContractTest.class, "/openclaw/state");
    return List.of(
        SampleFile.of(state, "agents/main/sessions/11111111-0000-4000-8000-00000000000a.jsonl"),
        SampleFile.of(state,
            "agents/main/sessions/11111111-0000-4000-8000-00000000000a.checkpoint.0a0b0c0d-0000-4000-8000-000000000000.jsonl"),
        SampleFile.of(state, "agents/main/sessions/22222222-0000-4000-8000-00000000000b.jsonl"),
        SampleFile.of(state, "agents/main/sessions/33333333-0000-4000-8000-00000000000c.jsonl"),
        SampleFile.of(state, "agents/main/sessions/77777777-0000-4000-8000-000000000010.jsonl"),
        SampleFile.of(state, "agents/rafael/sessions/88888888-0000-4000-8000-000000000011.jsonl"));
  }

  @Override
  protected Set<String> rootVariables() {
    return Set.of("OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR", "MOLTBOT_STATE_DIR");
  }
}
