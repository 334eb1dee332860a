package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of damaged index is survived: a diagnostic, never an exception, never trusted data, then a rebuild. */
class IndexCorruptionTest {

  @TempDir Path home;

  private Path indexFile() {
    return home.resolve(".cache/cream/scan-index-v2.bin");
  }

  private void writeLogs() throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      sb.append(Lines.keyed("s" + (i % 3), "2026-11-20T10:00:" + (10 + i) + "Z", i + 1, "m" + i, "r", 0))
          .append('\n');
    }
    Files.writeString(root.resolve("a.jsonl"), sb.toString());
    Files.writeString(root.resolve("b.jsonl"),
        "{\"s\":\"s1\",\"t\":\"2026-11-20T11:00:00Z\",\"in\":5,\"title\":\"T\",\"cwd\":\"/w\"}\nnot json\n");
  }

  /** A valid index's bytes as another format version would say it: in its prefix and its trailer. */
  static byte[] withVersion(byte[] valid, int version) {
    byte[] b = valid.clone();
    ByteBuffer bb = ByteBuffer.wrap(b);
    bb.putInt(8, version);
    int t = b.length - 40;
    bb.putInt(t + 28, version);
    CRC32C c = new CRC32C();
    c.update(b, t, 36);
    bb.putInt(t + 36, (int) c.getValue());
    return b;
  }

  /** A valid prefix and trailer around any directory, checksums right: only the decoder can tell it is nonsense. */
  static byte[] forged(byte[] valid, byte[] body) {
    byte[] b = new byte[16 + body.length + 40];
    System.arraycopy(valid, 0, b, 0, 16);
    System.arraycopy(body, 0, b, 16, body.length);
    ByteBuffer bb = ByteBuffer.wrap(b);
    int t = 16 + body.length;
    bb.putLong(t, ByteBuffer.wrap(valid).getLong(valid.length - 40));
    bb.putLong(t + 8, 16);
    bb.putLong(t + 16, body.length);
    CRC32C c = new CRC32C();
    c.update(body);
    bb.putInt(t + 24, (int) c.getValue());
    bb.putInt(t + 28, 2);
    bb.putInt(t + 32, 0);
    CRC32C h = new CRC32C();
    h.update(b, t, 36);
    bb.putInt(t + 36, (int) h.getValue());
    return b;
  }

  static Stream<Arguments> damage() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("empty", (UnaryOperator<byte[]>) b -> new byte[0], "cream.index.corrupt"));
    for (int cut : new int[] {3, 8, 20, 39, 40, 41}) {
      out.add(Arguments.of("truncated at " + cut, (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, cut),
          "cream.index.corrupt"));
    }
    out.add(Arguments.of("truncated by half", (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length / 2),
        "cream.index.corrupt"));
    out.add(Arguments.of("last byte missing",
        (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length - 1), "cream.index.corrupt"));
    out.add(Arguments.of("a byte too many",
        (UnaryOperator<byte[]>) b -> java.util.Arrays.copyOf(b, b.length + 1), "cream.index.corrupt"));
    out.add(Arguments.of("random bytes", (UnaryOperator<byte[]>) b -> {
      byte[] r = new byte[b.length];
      new Random(42).nextBytes(r);
      return r;
    }, "cream.index.corrupt"));
    // the prefix's version, the directory (it ends 40 bytes before the end) and the trailer; a flipped byte in a
    // file's record section is found when that section is read (SectionDamageTest)
    for (int at : new int[] {9, -1, -5, -13, -30, -41, -45, -60}) {
      out.add(Arguments.of("byte flipped at " + at, (UnaryOperator<byte[]>) b -> {
        byte[] r = b.clone();
        int i = at < 0 ? r.length + at : at;
        r[i] ^= 0x10;
        return r;
      }, "cream.index.corrupt"));
    }
    out.add(Arguments.of("older version", (UnaryOperator<byte[]>) b -> withVersion(b, 0), "cream.index.version"));
    out.add(Arguments.of("newer version", (UnaryOperator<byte[]>) b -> withVersion(b, 3), "cream.index.version"));
    out.add(Arguments.of("foreign magic", (UnaryOperator<byte[]>) b -> {
      byte[] r = b.clone();
      System.arraycopy("NOTCREAM".getBytes(StandardCharsets.US_ASCII), 0, r, 0, 8);
      return r;
    }, "cream.index.corrupt"));
    out.add(Arguments.of("a JSON file", (UnaryOperator<byte[]>) b -> "{\"records\":[]}".getBytes(
        StandardCharsets.UTF_8), "cream.index.corrupt"));
    out.add(Arguments.of("checksummed nonsense", (UnaryOperator<byte[]>) b -> forged(b, new byte[] {5, 1, 2, 3}),
        "cream.index.corrupt"));
    out.add(Arguments.of("checksummed empty body", (UnaryOperator<byte[]>) b -> forged(b, new byte[0]),
        "cream.index.corrupt"));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damage")
  void aDamagedIndexIsSurvivedReportedAndRebuilt(String name, UnaryOperator<byte[]> harm, String code)
      throws IOException {
    writeLogs();
    UsageSnapshot reference = cream(home).build().scan();
    byte[] valid = Files.readAllBytes(indexFile());
    byte[] damaged = harm.apply(valid);
    Files.write(indexFile(), damaged);

    UsageSnapshot s = cream(home).build().scan();
    Diagnostic d = s.diagnostics().stream().filter(x -> x.code().startsWith("cream.index."))
        .findFirst().orElseThrow(() -> new AssertionError("no index diagnostic for " + name));
    assertEquals(code, d.code(), name);
    assertEquals(Severity.WARNING, d.severity());
    assertEquals(indexFile(), d.file().orElseThrow());
    assertSameResult(full(home), s);
    assertSameResult(reference, s);
    assertEquals(2, s.stats().filesRead(), "nothing was trusted: every file was read");
    assertArrayEquals(damaged, Files.readAllBytes(indexFile().resolveSibling("scan-index-v2.bin.discarded")),
        "the damaged file is set aside, not lost");

    UsageSnapshot rebuilt = cream(home).build().scan();
    assertTrue(rebuilt.diagnostics().stream().noneMatch(x -> x.code().startsWith("cream.index.")));
    assertEquals(0, rebuilt.stats().filesRead(), "rebuilt");
    assertSameResult(reference, rebuilt);
  }

  @Property(tries = 200)
  void checksummedGarbageIsNeverTrusted(@ForAll @Size(max = 300) byte[] body) throws IOException {
    Path dir = Files.createTempDirectory("cream-forged");
    try {
      Path root = Files.createDirectories(dir.resolve(".fake"));
      Files.writeString(root.resolve("a.jsonl"), Lines.call("s1", "2026-11-20T10:00:00Z", 3, 1) + "\n");
      cream(dir).build().scan();
      Path index = dir.resolve(".cache/cream/scan-index-v2.bin");
      Files.write(index, forged(Files.readAllBytes(index), body));
      UsageSnapshot s = cream(dir).build().scan();
      assertEquals(3, s.totals().tokens().input());
      // either the bytes happen to decode into a consistent index (then nothing wrong is counted), or they are
      // reported and discarded; never an exception
      assertTrue(s.diagnostics().stream().allMatch(d -> !d.code().startsWith("cream.index.")
          || d.code().equals("cream.index.corrupt")));
    } finally {
      TestFiles.deleteTree(dir);
    }
  }
}
