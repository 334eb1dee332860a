package io.github.cream.core;

/**
 * A configuration cream cannot run with: two providers claiming one id, a requested source that is not on the
 * path, an invalid builder value. Thrown by {@link Cream.Builder#build()}; the message names the culprits.
 */
public final class CreamConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message naming the problem.
   *
   * @param message what is wrong and how to fix it
   */
  public CreamConfigurationException(String message) {
    super(message);
  }
}
