package io.github.cream.examples.export;

/**
 * A command line or an {@code OTEL_*} variable that cannot work: one line naming it, after which the command exits
 * with status 2.
 */
final class BadArgument extends Exception {

  private static final long serialVersionUID = 1L;

  BadArgument(String message) {
    super(message);
  }

  /** A value quoted in a message: made terminal-safe, and cut when long. */
  static String quote(String value) {
    String v = value.length() > 120 ? value.substring(0, 120) + "..." : value;
    return "'" + io.github.cream.examples.cli.TerminalText.line(v) + "'";
  }
}
