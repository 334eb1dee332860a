package io.github.cream.source.claude;

import io.github.cream.spi.LineView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A line for calling a parser directly, padded inside a larger buffer as the engine's lines are. */
record TestLine(byte[] buffer, int start, int length, long number, Path file) implements LineView {

  static TestLine of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8), 1);
  }

  static TestLine of(byte[] bytes, long number) {
    byte[] padded = new byte[bytes.length + 8];
    padded[0] = 'x';
    padded[1] = '\n';
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    padded[3 + bytes.length] = '\n';
    padded[4 + bytes.length] = '{';
    return new TestLine(padded, 3, bytes.length, number, Path.of("/projects/p/s.jsonl"));
  }

  @Override
  public long byteOffset() {
    return 100;
  }
}
