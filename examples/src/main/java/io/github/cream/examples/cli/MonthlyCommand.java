package io.github.cream.examples.cli;

import picocli.CommandLine.Command;

/** {@code cream monthly}: usage per month. */
@Command(name = "monthly", sortOptions = false,
    description = "Usage per month, per source and model.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream monthly", "  cream monthly -p ~/projects/webshop"})
final class MonthlyCommand extends ReportCommand {

  @Override
  Options.Command command() {
    return Options.Command.MONTHLY;
  }
}
