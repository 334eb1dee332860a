package io.github.cream.examples.gemini;

import io.github.cream.api.Environment;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.nio.file.Path;
import java.util.List;

/** A deliberately broken plug-in for {@link CliPluginProcessTest}: its constructor throws. */
public final class BrokenSource implements Source {

  /**
   * Always fails, as a plug-in with a bad static setup or a missing dependency would.
   *
   * @throws IllegalStateException always
   */
  public BrokenSource() {
    throw new IllegalStateException("this plug-in is broken on purpose");
  }

  @Override
  public String id() {
    return "broken";
  }

  @Override
  public List<Path> defaultRoots(Environment environment) {
    return List.of();
  }

  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    throw new UnsupportedOperationException();
  }
}
