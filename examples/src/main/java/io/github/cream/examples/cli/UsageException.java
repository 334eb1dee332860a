package io.github.cream.examples.cli;

/**
 * A command line cream cannot run: an unknown option, a bad value, a source that is not on the class path. The
 * message is one line that names the argument; the CLI prints it after {@code cream: } and exits with status 2.
 */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
