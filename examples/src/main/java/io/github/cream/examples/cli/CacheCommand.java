package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cream cache}: each session's prompt cache. */
@Command(name = "cache", sortOptions = false,
    description = "Each session's prompt cache: warm, cold or unknown, when it expires, what resuming costs now and once cold; and what caching saved and wasted.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream cache", "  cream cache --source claude", "  cream cache --active", "  cream cache --last 5 --order asc", "  cream cache --watch"})
final class CacheCommand extends ReportCommand {

  @Option(names = "--active",
      description = "Only warm caches and those that expired within the last hour.")
  boolean active;

  @Option(names = "--last", paramLabel = "N", description = "Only the N most recently active sessions.")
  String last;

  @Option(names = "--order", paramLabel = "asc|desc",
      description = "desc: most recently active first (the default); asc: oldest first.")
  String order;

  @Override
  Options.Focus focus() throws UsageException {
    return Options.focus(active, last, order, false, null, null);
  }

  @Override
  Options.Command command() {
    return Options.Command.CACHE;
  }
}
