package io.github.cream.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link LineParser}'s state at a line boundary, as opaque bytes the source alone understands.
 *
 * <p>The engine stores it in its scan index with the offset of the next unread line and, on a later scan of the
 * same file, passes it back to {@link Source#openParser} so that parsing continues there. Parsing a file in one go
 * and parsing it in pieces, resuming at every line boundary, must emit identical records and facts. Keep states
 * small (they are stored per file): at most {@value #MAX_BYTES} bytes.
 */
public final class ResumeState {

  /** The largest state the engine stores. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final ResumeState INITIAL = new ResumeState(new byte[0]);

  private final byte[] bytes;

  private ResumeState(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * The state before the first line of a file.
   *
   * @return the initial state
   */
  public static ResumeState initial() {
    return INITIAL;
  }

  /**
   * A state from bytes the source wrote; the bytes are copied.
   *
   * @param bytes the encoded state; empty means initial
   * @return the state
   * @throws IllegalArgumentException if longer than {@value #MAX_BYTES} bytes
   */
  public static ResumeState of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("resume state is " + bytes.length + " bytes, at most " + MAX_BYTES);
    }
    return bytes.length == 0 ? INITIAL : new ResumeState(bytes.clone());
  }

  /**
   * Whether this is the state before the first line.
   *
   * @return true for the initial state
   */
  public boolean isInitial() {
    return bytes.length == 0;
  }

  /**
   * The encoded state.
   *
   * @return a copy of the bytes
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResumeState other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ResumeState[" + bytes.length + " bytes]";
  }
}
