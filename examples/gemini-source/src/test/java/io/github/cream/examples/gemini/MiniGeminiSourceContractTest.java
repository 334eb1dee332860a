package io.github.cream.examples.gemini;

import io.github.cream.spi.Source;
import io.github.cream.testkit.SampleFile;
import io.github.cream.testkit.SourceContractTest;
import java.util.List;
import java.util.Set;

/**
 * The README's minimal source keeps the contract too, but for registration: it is a test class, with no services
 * file or module-info of its own, so those two tests are switched off here (overridden without {@code @Test}).
 */
class MiniGeminiSourceContractTest extends SourceContractTest {

  @Override
  protected Source createSource() {
    return new MiniGeminiSource();
  }

  @Override
  protected List<SampleFile> sampleFiles() {
    return new GeminiSourceContractTest().sampleFiles();
  }

  @Override
  protected Set<String> rootVariables() {
    return Set.of("GEMINI_CLI_HOME");
  }

  /** Not registered: an example kept in the test sources. */
  @Override
  public void registeredInTheServicesFile() {}

  /** Not registered: an example kept in the test sources. */
  @Override
  public void registeredInTheModuleDescriptor() {}

  /** Not registered: an example kept in the test sources. */
  @Override
  public void serviceLoaderFindsItOnTheClassPath() {}

  /** Not registered: an example kept in the test sources. */
  @Override
  public void serviceLoaderFindsItOnTheModulePath() {}
}
