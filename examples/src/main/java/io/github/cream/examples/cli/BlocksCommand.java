package io.github.cream.examples.cli;

import picocli.CommandLine.Command;

/** {@code cream blocks}: usage in 5-hour billing blocks. */
@Command(name = "blocks", sortOptions = false,
    description = "Usage in 5-hour billing blocks, with the burn rate of the active block.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream blocks", "  cream blocks --now 2026-03-02T13:00:00Z --json"})
final class BlocksCommand extends ReportCommand {

  @Override
  Options.Command command() {
    return Options.Command.BLOCKS;
  }
}
