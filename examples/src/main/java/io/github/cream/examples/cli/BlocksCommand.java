package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cream blocks}: usage per account, in 5-hour billing blocks or the agent's own rate-limit windows. */
@Command(name = "blocks", sortOptions = false,
    description = "Usage per account: Claude's 5-hour billing blocks with the burn rate of the active one; "
        + "Codex's own rate-limit windows as it last logged them.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream blocks", "  cream blocks --active --token-limit max", "  cream blocks --recent", "  cream blocks --now 2026-03-02T13:00:00Z --json"})
final class BlocksCommand extends ReportCommand {

  @Option(names = "--active", description = "Only the active block of each account.")
  boolean active;

  @Option(names = "--recent", description = "Only the blocks of the last three days.")
  boolean recent;

  @Option(names = "--token-limit", paramLabel = "N|max",
      description = "Project the active block against this token limit (max: the largest earlier block).")
  String tokenLimit;

  @Override
  Options.Focus focus() throws UsageException {
    return Options.focus(active, null, null, recent, tokenLimit, null);
  }

  @Override
  Options.Command command() {
    return Options.Command.BLOCKS;
  }
}
