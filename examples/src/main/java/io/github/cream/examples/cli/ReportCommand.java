package io.github.cream.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A report command ({@code daily}, {@code session}, {@code cache}, ...): its options, merged with those written
 * before it ({@link CreamCommand#options(Options.Command, ReportOptions, String, Options.Focus)}), run through
 * {@link Main#report}.
 */
abstract class ReportCommand implements Callable<Integer> {

  @ParentCommand CreamCommand root;

  @Mixin ReportOptions options;

  /**
   * Which report this command shows.
   *
   * @return the command
   */
  abstract Options.Command command();

  /**
   * The session id argument, for {@code session}.
   *
   * @return the argument, or null
   */
  String sessionId() {
    return null;
  }

  /**
   * The command's own focus options ({@code cache --active}, {@code blocks --recent}, {@code daily --by}, ...).
   *
   * @return the focus
   * @throws UsageException naming a bad value
   */
  Options.Focus focus() throws UsageException {
    return Options.Focus.NONE;
  }

  /**
   * The checked options of this command, merged with those written before it.
   *
   * @return the options
   * @throws UsageException naming the first bad value
   */
  Options options() throws UsageException {
    return root.options(command(), options, sessionId(), focus());
  }

  @Override
  public Integer call() throws Exception {
    return root.main().report(options(), root.out(), root.err(), root.environment());
  }
}
