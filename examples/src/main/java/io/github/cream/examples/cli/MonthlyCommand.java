package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cream monthly}: usage per month. */
@Command(name = "monthly", sortOptions = false,
    description = "Usage per month, per source and model.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream monthly", "  cream monthly -p ~/projects/webshop"})
final class MonthlyCommand extends ReportCommand {

  @Option(names = "--by", paramLabel = "project",
      description = "--by project: one row per project (working directory) instead of per period.")
  String by;

  @Override
  Options.Focus focus() throws UsageException {
    return Options.focus(false, null, null, false, null, by);
  }

  @Override
  Options.Command command() {
    return Options.Command.MONTHLY;
  }
}
