package io.github.cream.examples.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Standard output that remembers why a write failed, so that a reader going away ({@code cream session | head -2})
 * ends the command quietly with status 0, while any other failure (a full disk) is still an error.
 */
final class StandardOutput extends PrintStream {

  /** Texts at least this long that are all ASCII are written as their bytes. */
  private static final int LONG_TEXT = 4096;

  private final Recorder recorder;
  private final boolean asciiAsIs;

  private StandardOutput(Recorder recorder, Charset charset) {
    super(new BufferedOutputStream(recorder, 8192), false, charset);
    this.recorder = recorder;
    String name = charset.name();
    this.asciiAsIs = name.equals("UTF-8") || name.equals("US-ASCII") || name.equals("ISO-8859-1");
  }

  /**
   * Prints a text. A long one (a JSON document) that is all ASCII, in a charset that writes ASCII as its own bytes,
   * goes out as those bytes in one write: the same bytes, without a character encoder's pass (which a fresh JVM runs
   * interpreted).
   */
  @Override
  public void print(String s) {
    if (asciiAsIs && s != null && s.length() >= LONG_TEXT && ascii(s)) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      write(b, 0, b.length);
      return;
    }
    super.print(s);
  }

  private static boolean ascii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * The process's standard output, in the charset {@code System.out} uses.
   *
   * @return the stream
   */
  static PrintStream open() {
    String name = System.getProperty("sun.stdout.encoding");
    Charset charset = name != null && Charset.isSupported(name) ? Charset.forName(name) : Charset.defaultCharset();
    return new StandardOutput(new Recorder(new FileOutputStream(FileDescriptor.out)), charset);
  }

  /**
   * A stream over another one, for tests.
   *
   * @param target where the bytes go
   * @param charset the charset
   * @return the stream
   */
  static StandardOutput over(OutputStream target, Charset charset) {
    return new StandardOutput(new Recorder(target), charset);
  }

  /**
   * Whether a stream's writes failed because its reader closed the pipe.
   *
   * @param out the stream
   * @return true for a closed pipe
   */
  static boolean closedPipe(PrintStream out) {
    if (!(out instanceof StandardOutput s) || s.recorder.failure == null) {
      return false;
    }
    String m = String.valueOf(s.recorder.failure.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("broken pipe") || m.contains("pipe is being closed") || m.contains("pipe has been ended");
  }

  private static final class Recorder extends FilterOutputStream {
    volatile IOException failure;

    Recorder(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
