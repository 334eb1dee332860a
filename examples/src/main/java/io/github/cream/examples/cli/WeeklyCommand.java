package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cream weekly}: usage per week. */
@Command(name = "weekly", sortOptions = false,
    description = "Usage per week, per source and model.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream weekly", "  cream weekly -w sunday --compact"})
final class WeeklyCommand extends ReportCommand {

  @Option(names = "--by", paramLabel = "project",
      description = "--by project: one row per project (working directory) instead of per period.")
  String by;

  @Override
  Options.Focus focus() throws UsageException {
    return Options.focus(false, null, null, false, null, by);
  }

  @Override
  Options.Command command() {
    return Options.Command.WEEKLY;
  }
}
