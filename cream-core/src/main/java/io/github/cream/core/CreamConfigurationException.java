package io.github.cream.core;

import java.util.Objects;

/**
 * A configuration cream cannot run with: two providers claiming one id, a requested source that is not on the
 * path. Thrown by {@link Cream.Builder#build()}; the message names the culprits and {@link #reason()} says which
 * kind of problem it is, for programs that react differently to each.
 */
public final class CreamConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kind of configuration problem. */
  public enum Reason {
    /** A source was requested by id but no provider on the path has that id. */
    MISSING_SOURCE,
    /** Two providers of one kind claim the same id. */
    DUPLICATE_ID
  }

  /** The kind of problem. */
  private final Reason reason;

  /**
   * An exception with a message naming the problem.
   *
   * @param reason the kind of problem
   * @param message what is wrong and how to fix it
   */
  public CreamConfigurationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * The kind of problem.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
