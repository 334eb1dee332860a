package io.github.cream.examples.cli;

import picocli.CommandLine.Option;

/** {@code --by project} of {@code daily}, {@code weekly} and {@code monthly} (a picocli mixin). */
final class ByProjectOption {

  @Option(names = "--by", paramLabel = "project",
      description = "--by project: one row per project (working directory) instead of per period.")
  String by;

  /**
   * The focus this option asks for.
   *
   * @return the focus
   * @throws UsageException for another value than {@code project}
   */
  Options.Focus focus() throws UsageException {
    return Options.focus(false, null, null, false, null, by);
  }
}
