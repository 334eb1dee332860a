package io.github.cream.examples.cli;

import picocli.CommandLine.Command;

/** {@code cream cache}: each session's prompt cache. */
@Command(name = "cache", sortOptions = false,
    description = "Each session's prompt cache: warm, cold or unknown, when it expires, what resuming costs now and once cold; and what caching saved and wasted.",
    footerHeading = "%nExamples:%n",
    footer = {"  cream cache", "  cream cache --source claude", "  cream cache --watch"})
final class CacheCommand extends ReportCommand {

  @Override
  Options.Command command() {
    return Options.Command.CACHE;
  }
}
