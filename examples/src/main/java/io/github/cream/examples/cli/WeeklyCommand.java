package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cream weekly}: usage per week. */
@Command(name = "weekly", sortOptions = false,
    description = "Usage per week, per source and model.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream weekly", "  cream weekly -w sunday --compact"})
final class WeeklyCommand extends ReportCommand {

  @Mixin ByProjectOption byProject;

  @Override
  Options.Focus focus() throws UsageException {
    return byProject.focus();
  }

  @Override
  Options.Command command() {
    return Options.Command.WEEKLY;
  }
}
