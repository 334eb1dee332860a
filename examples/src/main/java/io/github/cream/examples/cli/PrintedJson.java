package io.github.cream.examples.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A JSON document's UTF-8 bytes printed on a {@link PrintStream} as they are written, a piece at a time: the same
 * text as printing the whole decoded document at once (in the stream's own charset), without holding it. A list of
 * 50,000 sessions is about 75 MB of JSON; held as bytes, then as a string, it did not fit a 256 MB heap.
 */
final class PrintedJson extends OutputStream {

  private final PrintStream out;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
  private final CharBuffer chars = CharBuffer.allocate(1 << 16);

  /**
   * Prints on a stream.
   *
   * @param out where the text goes
   */
  PrintedJson(PrintStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) {
    if (!bytes.hasRemaining()) {
      decode(false);
    }
    bytes.put((byte) b);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int at = off;
    int end = off + len;
    while (at < end) {
      if (!bytes.hasRemaining()) {
        decode(false);
      }
      int n = Math.min(bytes.remaining(), end - at);
      bytes.put(b, at, n);
      at += n;
    }
  }

  /** Prints what is complete so far (a character cut between two writes waits for its last bytes). */
  @Override
  public void flush() {
    decode(false);
  }

  /** Prints the rest: the document is complete. */
  void finish() {
    decode(true);
    decoder.flush(chars);
    print();
    decoder.reset();
  }

  private void decode(boolean last) {
    bytes.flip();
    while (true) {
      boolean overflow = decoder.decode(bytes, chars, last).isOverflow();
      print();
      if (!overflow) {
        break;
      }
    }
    bytes.compact();
  }

  private void print() {
    chars.flip();
    if (chars.hasRemaining()) {
      out.print(chars.toString());
    }
    chars.clear();
  }
}
