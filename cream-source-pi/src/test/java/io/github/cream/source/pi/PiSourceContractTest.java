package io.github.cream.source.pi;

import io.github.cream.spi.Source;
import io.github.cream.testkit.SampleFile;
import io.github.cream.testkit.SourceContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Pi keeps the contract every source keeps, over its synthetic sessions. */
class PiSourceContractTest extends SourceContractTest {

  @Override
  protected Source createSource() {
    return new PiSource();
  }

  @Override
  protected List<SampleFile> sampleFiles() {
    Path sessions = SampleFile.resourceDirectory(PiSourceContractTest.class, "/pi/sessions");
    Path apis = SampleFile.resourceDirectory(PiSourceContractTest.class, "/pi/apis");
    Path hostile = SampleFile.resourceDirectory(PiSourceContractTest.class, "/pi/hostile");
    return List.of(
        SampleFile.of(sessions, "--home-me-app--/2026-03-01T10-00-00-000Z_aaaaaaaa-0000-4000-8000-000000000001.jsonl"),
        SampleFile.of(sessions,
            "--home-me-app--/forks/2026-03-01T11-00-00-000Z_bbbbbbbb-0000-4000-8000-000000000002.jsonl"),
        SampleFile.of(sessions, "--home-me-app--/2025-11-20T10-00-00-000Z_cccccccc-0000-4000-8000-000000000003.jsonl"),
        SampleFile.of(apis, "2026-04-01T00-00-00-000Z_ffffffff-0000-4000-8000-000000000006.jsonl"),
        SampleFile.of(hostile, "2026-05-01T00-00-00-000Z_99999999-0000-4000-8000-000000000007.jsonl"));
  }

  @Override
  protected Set<String> rootVariables() {
    return Set.of("PI_CODING_AGENT_DIR", "PI_CODING_AGENT_SESSION_DIR");
  }
}
