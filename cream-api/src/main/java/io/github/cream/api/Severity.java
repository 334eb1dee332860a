package io.github.cream.api;

/** How much a {@link Diagnostic} matters. */
public enum Severity {
  /** Worth knowing, nothing was lost (an unknown entry type that was skipped, say). */
  INFO,
  /** Something was skipped or guessed: a malformed line, a model without a price, a vanished file. */
  WARNING,
  /** A component failed: a provider that could not be loaded or threw, a file that could not be read at all. */
  ERROR
}
