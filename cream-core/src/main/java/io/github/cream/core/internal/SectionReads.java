package io.github.cream.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads the sections of one pass over many entries (a combination, a view's index of sessions) keeping the data
 * file they lie in open from one section to the next: a first scan of 50,000 small files reads 50,000 sections back
 * from its spill file, and opening and closing the file for each was two thirds of the system calls of that pass.
 *
 * <p>Only sections in a data file (see {@link RecordSection#readData}) are read through it; a data file is
 * append-only and never rewritten in place, so a channel kept open reads what a new one would. One thread; close
 * it when the pass ends.
 */
final class SectionReads implements AutoCloseable {

  private Path path;
  private FileChannel channel;

  /**
   * Reads a checksummed part of a data file of the index.
   *
   * @param f the data file
   * @param at where the part starts
   * @param length its length
   * @param crc its CRC32C
   * @return the bytes
   * @throws IOException if the file is gone or the part is damaged
   */
  byte[] read(Path f, long at, int length, int crc) throws IOException {
    if (channel == null || !f.equals(path)) {
      close();
      channel = SafeFiles.openToRead(f);
      path = f;
    }
    try {
      return RecordSection.readPart(channel, at, length, crc);
    } catch (IOException | RuntimeException e) {
      close(); // the next section opens the file again, as it would have without this
      throw e;
    }
  }

  @Override
  public void close() {
    FileChannel ch = channel;
    channel = null;
    path = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // read-only: nothing was left unwritten
      }
    }
  }
}
