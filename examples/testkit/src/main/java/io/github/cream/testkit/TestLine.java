package io.github.cream.testkit;

import io.github.cream.spi.LineView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A line handed to a parser directly, inside a larger buffer of other bytes: a parser that reads outside
 * {@code buffer()[start(), start() + length())} parses garbage and is caught.
 */
final class TestLine implements LineView {

  private static final byte[] BEFORE = "{\"x\":[1,\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] AFTER = "\"]}\n{\"".getBytes(StandardCharsets.US_ASCII);

  private final byte[] buffer;
  private final int length;
  private final long number;
  private final long offset;
  private final Path file;

  TestLine(byte[] content, long number, long offset, Path file) {
    this.buffer = new byte[BEFORE.length + content.length + AFTER.length];
    System.arraycopy(BEFORE, 0, buffer, 0, BEFORE.length);
    System.arraycopy(content, 0, buffer, BEFORE.length, content.length);
    System.arraycopy(AFTER, 0, buffer, BEFORE.length + content.length, AFTER.length);
    this.length = content.length;
    this.number = number;
    this.offset = offset;
    this.file = file;
  }

  @Override
  public byte[] buffer() {
    return buffer;
  }

  @Override
  public int start() {
    return BEFORE.length;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public long number() {
    return number;
  }

  @Override
  public long byteOffset() {
    return offset;
  }

  @Override
  public Path file() {
    return file;
  }
}
