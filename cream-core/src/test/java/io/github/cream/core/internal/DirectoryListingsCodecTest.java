package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listings' bytes, and when a listing is trusted. */
class DirectoryListingsCodecTest {

  @TempDir Path tmp;

  private static long nanos(Instant t) {
    return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
  }

  private static DirectoryListings.Listing listing(String key, Instant mtime, Instant listedAt, String... names) {
    return new DirectoryListings.Listing(key, nanos(mtime), nanos(listedAt), names);
  }

  @Test
  void listingsReadBackAsTheyWereWritten() throws IOException {
    Instant t = Instant.parse("2026-11-20T10:00:00.123456789Z");
    Map<String, DirectoryListings.Listing> m = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      m.put("/home/u/.claude/projects/p" + i, listing(i % 2 == 0 ? "(dev=803,ino=" + i + ")" : null,
          t.plusSeconds(i), t.plusSeconds(i + 3600), "a" + i + ".jsonl", "b", "sub-" + i));
    }
    m.put("/empty", listing("k", t, t));
    DirectoryListings read = ListingsCodec.decode(encode(DirectoryListings.of(m)));
    assertEquals(m.size(), read.size());
    for (Map.Entry<String, DirectoryListings.Listing> e : m.entrySet()) {
      DirectoryListings.Listing l = read.get(e.getKey());
      assertNotNull(l, e.getKey());
      assertEquals(e.getValue().key(), l.key());
      assertEquals(e.getValue().mtimeNanos(), l.mtimeNanos());
      assertEquals(e.getValue().listedAtNanos(), l.listedAtNanos());
      assertArrayEquals(e.getValue().names(), l.names());
    }
    assertNull(read.get("/home/u/.claude/projects/p3000"));
    assertNull(read.get("/home/u/.claude/projects/p1/"));
    assertNull(read.get("/h\u00e9"));
    Map<String, DirectoryListings.Listing> all = new HashMap<>();
    read.forEach(all::put);
    assertEquals(m.keySet(), all.keySet());
  }

  @Test
  void damagedTruncatedOrForeignBytesAreRefused() {
    byte[] b = encode(DirectoryListings.of(Map.of("/d", listing("k", Instant.EPOCH, Instant.EPOCH,
        "x"))));
    for (int i = 0; i < b.length; i++) {
      byte[] c = b.clone();
      c[i] ^= 0x20;
      assertThrows(IOException.class, () -> ListingsCodec.decode(c), "byte " + i);
    }
    for (int n = 0; n < b.length; n++) {
      byte[] c = java.util.Arrays.copyOf(b, n);
      assertThrows(IOException.class, () -> ListingsCodec.decode(c), n + " bytes");
    }
    assertThrows(IOException.class, () -> ListingsCodec.decode("CREAMIDX and more bytes".getBytes(
        StandardCharsets.US_ASCII)));
  }

  @Test
  void aForgedNameIsNoListingAndAForgedPathNoListings() throws IOException {
    byte[] b = encode(DirectoryListings.of(Map.of("/d", listing("k", Instant.EPOCH, Instant.EPOCH,
        "ok", "..x"))));
    String text = new String(b, StandardCharsets.ISO_8859_1);
    // the same length, the checksum made again: only a writer that means it can do this
    assertNull(ListingsCodec.decode(withCrc(text.replace("..x", "a/b"))).get("/d"));
    assertNull(ListingsCodec.decode(withCrc(text.replace("..x", "..\u0000"))).get("/d"));
    assertNotNull(ListingsCodec.decode(withCrc(text)).get("/d"));
    assertThrows(IOException.class, () -> ListingsCodec.decode(withCrc(text.replace("/d", "/\u00e9"))));
  }

  private static byte[] encode(DirectoryListings listings) {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try {
      assertEquals(ListingsCodec.encode(listings, b), b.size());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  private static byte[] withCrc(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    CRC32C crc = new CRC32C();
    crc.update(b, 0, b.length - 4);
    int v = (int) crc.getValue();
    b[b.length - 4] = (byte) (v >>> 24);
    b[b.length - 3] = (byte) (v >>> 16);
    b[b.length - 2] = (byte) (v >>> 8);
    b[b.length - 1] = (byte) v;
    return b;
  }

  /** A new directory whose modification time is set, with its attributes as a walk reads them. */
  private BasicFileAttributes directory(String name, Instant changed) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(name));
    Files.setLastModifiedTime(dir, FileTime.from(changed));
    return Files.readAttributes(dir, BasicFileAttributes.class);
  }

  @Test
  void aListingIsTrustedOnlySettledUnchangedAndRecent() throws IOException {
    Path dir = tmp.resolve("d");
    Instant changed = Instant.now().minus(Duration.ofHours(1));
    BasicFileAttributes a = directory("d", changed);
    String key = DirectoryListings.keyOf(a);
    Instant now = Instant.now();
    String d = dir.toString();
    assertNotNull(DirectoryListings.of(Map.of(d, listing(key, changed, now.minusSeconds(60), "f"))).use()
        .names(dir, a), "settled, unchanged, a minute old");
    assertNull(DirectoryListings.of(Map.of(d, listing(key, changed, changed.plusSeconds(60), "f"))).use()
        .names(dir, a), "listed a minute after the directory changed: not settled");
    assertNull(DirectoryListings.of(Map.of(d, listing(key, changed, now.minus(Duration.ofMinutes(11)), "f"))).use()
        .names(dir, a), "older than ten minutes");
    assertNull(DirectoryListings.of(Map.of(d, listing(key, changed, now.plus(Duration.ofMinutes(5)), "f"))).use()
        .names(dir, a), "made in the future (the clock went back)");
    assertNull(DirectoryListings.of(Map.of(d, listing(key, changed.minusNanos(1), now, "f"))).use()
        .names(dir, a), "another modification time");
    assertNull(DirectoryListings.of(Map.of(d, listing("(dev=0,ino=0)", changed, now, "f"))).use()
        .names(dir, a), "another directory");
  }

  @Test
  void onlyWhatChangedMakesListingsToKeep() throws IOException {
    Path dir = tmp.resolve("d");
    Instant changed = Instant.now().minus(Duration.ofHours(1));
    BasicFileAttributes a = directory("d", changed);
    Path young = tmp.resolve("young");
    Instant justNow = Instant.now().minusSeconds(60);
    BasicFileAttributes y = directory("young", justNow);
    DirectoryListings.Listing settled = listing(DirectoryListings.keyOf(a), changed, Instant.now(), "f");
    DirectoryListings before = DirectoryListings.of(Map.of(dir.toString(), settled,
        young.toString(), listing(DirectoryListings.keyOf(y), justNow, Instant.now().minusSeconds(30), "g"),
        "/elsewhere/x", settled));

    DirectoryListings.Use same = before.use();
    assertNotNull(same.names(dir, a));
    assertNull(same.names(young, y), "changed a minute ago: listed again");
    same.listed(young, y, List.of("g"));
    assertNull(same.next(List.of(tmp)), "trusted, or listed the same and still not settled: nothing to keep");

    DirectoryListings.Use more = before.use();
    more.names(dir, a);
    more.listed(young, y, List.of("g", "h"));
    DirectoryListings next = more.next(List.of(tmp));
    assertEquals(3, next.size());
    assertArrayEquals(new String[] {"g", "h"}, next.get(young.toString()).names());
    assertNotNull(next.get("/elsewhere/x"), "another root's listing is kept");

    DirectoryListings.Use fewer = before.use();
    fewer.names(dir, a);
    DirectoryListings dropped = fewer.next(List.of(tmp));
    assertNull(dropped.get(young.toString()), "a directory under a walked root that was not met is dropped");
    assertNotNull(dropped.get(dir.toString()));
    assertNotNull(dropped.get("/elsewhere/x"));
  }
}
