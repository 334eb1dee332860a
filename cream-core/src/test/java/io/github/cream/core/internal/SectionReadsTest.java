package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One pass's reads of sections: from one data file or several in turn, a damaged or missing part failing alone, the
 * parts after it read as before.
 */
class SectionReadsTest {

  @TempDir Path dir;

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i * 7);
    }
    return b;
  }

  private static int crc(byte[] b) {
    return IndexCodec.crc(b, 0, b.length);
  }

  @Test
  void partsOfTwoFilesInTurnADamagedOneAndAGoneOne() throws IOException {
    byte[] a1 = bytes(100, 1);
    byte[] a2 = bytes(3000, 2);
    byte[] b1 = bytes(50, 3);
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    byte[] aAll = new byte[a1.length + a2.length];
    System.arraycopy(a1, 0, aAll, 0, a1.length);
    System.arraycopy(a2, 0, aAll, a1.length, a2.length);
    Files.write(a, aAll);
    Files.write(b, b1);
    try (SectionReads reads = new SectionReads()) {
      assertArrayEquals(a2, reads.read(a, a1.length, a2.length, crc(a2)));
      assertArrayEquals(b1, reads.read(b, 0, b1.length, crc(b1)));
      assertArrayEquals(a1, reads.read(a, 0, a1.length, crc(a1)));
      assertThrows(IOException.class, () -> reads.read(a, 0, a1.length, crc(a1) ^ 1), "a damaged part");
      assertThrows(IOException.class, () -> reads.read(a, aAll.length - 10, 20, 0), "past the end");
      assertThrows(IOException.class, () -> reads.read(dir.resolve("gone"), 0, 1, 0), "a file that is gone");
      assertArrayEquals(a1, reads.read(a, 0, a1.length, crc(a1)), "the next part reads as before");
      assertArrayEquals(b1, reads.read(b, 0, b1.length, crc(b1)));
    }
  }
}
