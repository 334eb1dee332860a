package io.github.cream.examples.cli;

import picocli.CommandLine.Command;

/** {@code cream sources}: the sources and what they found. */
@Command(name = "sources", sortOptions = false,
    description = "Where each source looks, what it found, where it was loaded from, and what it can do (messages, recorded costs, watching, cache state, projects).",
    footerHeading = "%nExamples:%n",
    footer = {"  cream sources", "  cream sources --json"})
final class SourcesCommand extends ReportCommand {

  @Override
  Options.Command command() {
    return Options.Command.SOURCES;
  }
}
