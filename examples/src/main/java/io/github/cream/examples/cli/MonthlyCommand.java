package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cream monthly}: usage per month. */
@Command(name = "monthly", sortOptions = false,
    description = "Usage per month, per source and model.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream monthly", "  cream monthly -p ~/projects/webshop"})
final class MonthlyCommand extends ReportCommand {

  @Mixin ByProjectOption byProject;

  @Override
  Options.Focus focus() throws UsageException {
    return byProject.focus();
  }

  @Override
  Options.Command command() {
    return Options.Command.MONTHLY;
  }
}
