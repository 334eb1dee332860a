package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cream daily}: usage per day, per source and model. */
@Command(name = "daily", sortOptions = false,
    description = "Usage per day, per source and model (the default command).",
    footerHeading = "%nExamples:%n",
    footer = {"  cream daily", "  cream daily -s 20260301 -u 20260307 -z Europe/Helsinki", "  cream daily --source claude --compact", "  cream daily --by project --project webshop",
        "  cream daily --json"})
final class DailyCommand extends ReportCommand {

  @Mixin ByProjectOption byProject;

  @Override
  Options.Focus focus() throws UsageException {
    return byProject.focus();
  }

  @Override
  Options.Command command() {
    return Options.Command.DAILY;
  }
}
