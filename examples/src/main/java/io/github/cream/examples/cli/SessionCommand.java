package io.github.cream.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cream session [SESSION_ID]}: the sessions, or one session as a timeline. */
@Command(name = "session", sortOptions = false,
    description = {"Usage per session, most recent first.",
        "With SESSION_ID: one session as a timeline: each step with its time, role, model, tokens (input, output,"
            + " cache read, cache write), cost and the tools it called, the idle gaps that let the prompt cache"
            + " expire, and totals."},
    footerHeading = "%nExamples:%n",
    footer = {"  cream session", "  cream session -p . --since 20260301", "  cream session 7d1f3a52",
        "  cream session 7d1f3a52 --json"})
final class SessionCommand extends ReportCommand {

  @Parameters(arity = "0..1", paramLabel = "SESSION_ID",
      description = "The session's id, or a prefix of it that names one session.")
  String sessionId;

  @Override
  Options.Command command() {
    return Options.Command.SESSION;
  }

  @Override
  String sessionId() {
    return sessionId;
  }
}
