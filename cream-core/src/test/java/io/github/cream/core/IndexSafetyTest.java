package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index's history survives damage (the previous generation is used) and its files are safe: only regular files
 * are opened, no link is followed to write, the directory and lock are private, an unsafe directory is refused.
 */
class IndexSafetyTest {

  @TempDir Path home;

  private Path dir() {
    return home.resolve(".cache/cream");
  }

  private Path indexFile() {
    return dir().resolve("scan-index-v2.bin");
  }

  private Path log(String name, String session, int calls) throws IOException {
    Path f = Files.createDirectories(home.resolve(".fake")).resolve(name);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < calls; i++) {
      sb.append(Lines.call(session, "2026-11-20T10:00:" + (10 + i) + "Z", i + 1, 1)).append('\n');
    }
    Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
    return f;
  }

  private static Optional<Diagnostic> indexDiagnostic(UsageSnapshot s) {
    return s.diagnostics().stream().filter(d -> d.code().startsWith("cream.index.")
        && !d.code().equals("cream.index.retained")).findFirst();
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void aDamagedIndexFallsBackToThePreviousGenerationAndKeepsTheHistoryOfDeletedLogs() throws IOException {
    Path a = log("a.jsonl", "s1", 5);
    log("b.jsonl", "s2", 3);
    cream(home).build().scan(); // generation 1: a and b
    Files.delete(a);
    log("c.jsonl", "s3", 1);
    UsageSnapshot reference = cream(home).build().scan(); // generation 2: a retained, c new; generation 1 kept
    assertEquals(5, reference.stats().retainedFromMissingFiles());
    assertTrue(Files.isRegularFile(dir().resolve("scan-index-v2.bin.previous")), "the previous generation is kept");

    byte[] bytes = Files.readAllBytes(indexFile());
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(indexFile(), bytes);
    UsageSnapshot s = cream(home).build().scan();
    Diagnostic d = indexDiagnostic(s).orElseThrow();
    assertEquals("cream.index.corrupt", d.code());
    assertEquals(Severity.WARNING, d.severity());
    assertTrue(d.message().contains("previous generation"), d.message());
    assertEquals(5, s.stats().retainedFromMissingFiles(), "the deleted log still counts");
    assertSameResult(reference, s);
    assertArrayEquals(bytes, Files.readAllBytes(dir().resolve("scan-index-v2.bin.discarded")));

    UsageSnapshot next = cream(home).build().scan();
    assertTrue(indexDiagnostic(next).isEmpty(), "rebuilt");
    assertSameResult(reference, next);
  }

  @Test
  void whenBothGenerationsAreDamagedTheLossOfDeletedLogsIsAWarning() throws IOException {
    Path a = log("a.jsonl", "s1", 5);
    log("b.jsonl", "s2", 3);
    cream(home).build().scan();
    Files.delete(a);
    log("c.jsonl", "s3", 1);
    cream(home).build().scan();
    Files.write(indexFile(), new byte[] {1, 2, 3});
    Files.write(dir().resolve("scan-index-v2.bin.previous"), new byte[] {4, 5, 6});
    UsageSnapshot s = cream(home).build().scan();
    Diagnostic d = indexDiagnostic(s).orElseThrow();
    assertEquals(Severity.WARNING, d.severity());
    assertTrue(d.message().contains("deleted") && d.message().contains("lost"), d.message());
    assertEquals(7, s.totals().tokens().input(), "b's and c's calls are read again, a's are lost");
    assertEquals(0, s.stats().retainedFromMissingFiles());
  }

  @Test
  void aFifoInPlaceOfTheIndexOrTheLockNeverBlocksARun() throws IOException {
    log("a.jsonl", "s1", 2);
    Files.createDirectories(dir());
    assumeTrue(TestFiles.mkfifo(indexFile()), "mkfifo is available");
    UsageSnapshot s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cream(home).build().scan());
    assertEquals(3, s.totals().tokens().input());
    assertEquals("cream.index.unreadable", indexDiagnostic(s).orElseThrow().code());
    Files.delete(indexFile());
    Files.delete(dir().resolve("scan-index.lock"));

    assertTrue(TestFiles.mkfifo(dir().resolve("scan-index.lock")));
    UsageSnapshot t = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> cream(home).build().scan());
    assertEquals(3, t.totals().tokens().input());
    assertEquals(Severity.WARNING, indexDiagnostic(t).orElseThrow().severity());
    assertFalse(Files.exists(indexFile()), "nothing written without the lock");
  }

  @Test
  void noSymbolicLinkIsFollowedToWrite() throws IOException {
    log("a.jsonl", "s1", 2);
    Files.createDirectories(dir());
    Path victim = Files.writeString(home.resolve("victim.txt"), "keep me");
    Files.createSymbolicLink(dir().resolve("scan-index.lock"), victim);
    UsageSnapshot s = cream(home).build().scan();
    assertEquals(3, s.totals().tokens().input());
    assertEquals("cream.index.unsafe", indexDiagnostic(s).orElseThrow().code());
    assertEquals("keep me", Files.readString(victim));
    Files.delete(dir().resolve("scan-index.lock"));

    Files.createSymbolicLink(indexFile(), victim);
    UsageSnapshot t = cream(home).build().scan();
    assertEquals(3, t.totals().tokens().input());
    assertEquals("keep me", Files.readString(victim), "the link is replaced, its target never written");
    assertTrue(Files.isRegularFile(indexFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void theDirectoryAndLockArePrivateAndADirectoryOthersMayWriteIsRefused() throws IOException {
    log("a.jsonl", "s1", 2);
    assumeTrue(posix(home));
    cream(home).build().scan();
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir())));
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("scan-index.lock"))));

    Files.setPosixFilePermissions(dir(), PosixFilePermissions.fromString("rwxrwxrwx"));
    byte[] before = Files.readAllBytes(indexFile());
    log("b.jsonl", "s2", 1);
    UsageSnapshot s = cream(home).build().scan();
    Diagnostic d = indexDiagnostic(s).orElseThrow();
    assertEquals("cream.index.unsafe", d.code());
    assertEquals(Severity.WARNING, d.severity());
    assertTrue(d.message().contains("writable by other users"), d.message());
    assertEquals(4, s.totals().tokens().input(), "the logs are still read");
    assertArrayEquals(before, Files.readAllBytes(indexFile()), "the index is neither trusted nor written");
  }

  @Test
  void aRunWithoutALocaleReadsTheIndexOfARunWithOneNonAsciiPathsIncluded() throws Exception {
    assumeTrue("UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding")), "this JVM has a UTF-8 locale");
    Path a = log("a.jsonl", "s1", 2);
    Path accented = Files.createDirectories(a.resolveSibling("projé-日本"));
    Files.move(a, accented.resolve("a.jsonl"));
    log("b.jsonl", "s2", 1);
    UsageSnapshot reference = cream(home).build().scan();
    assertEquals(4, reference.totals().tokens().input());

    // cron, systemd, env -i: no LANG, so file names are not UTF-8 to the JVM
    ProcessBuilder pb = IndexConcurrencyTest.childProcess("scan", home.toString(), "2");
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertEquals("4 3 false\n4 3 false\n", out, "same totals, the index trusted, twice");

    UsageSnapshot back = cream(home).build().scan();
    assertTrue(indexDiagnostic(back).isEmpty(), "and back in a UTF-8 locale");
    assertEquals(0, back.stats().filesRead());
    assertSameResult(reference, back);
  }

  @Test
  void aMovedHomeKeepsItsHistory() throws IOException {
    Path a = home.resolve("a");
    Path logs = Files.createDirectories(a.resolve(".fake/p"));
    Files.writeString(logs.resolve("x.jsonl"), Lines.call("s1", "2026-11-20T10:00:10Z", 5, 1) + "\n");
    Files.writeString(logs.resolve("y.jsonl"), Lines.call("s2", "2026-11-20T10:00:11Z", 7, 1) + "\n");
    cream(a).build().scan();
    Files.delete(logs.resolve("y.jsonl")); // its usage now lives in the index only
    UsageSnapshot before = cream(a).build().scan();
    assertEquals(12, before.totals().tokens().input());

    Path b = home.resolve("b");
    Files.move(a, b); // /home/a renamed /home/b, the cache with it
    UsageSnapshot after = cream(b).build().scan();
    assertEquals(12, after.totals().tokens().input(), "the deleted log still counts");
    assertEquals(1, after.stats().retainedFromMissingFiles());
    assertEquals(0, after.stats().filesRead(), "the log still there is recognised, not read again");
    Diagnostic d = after.diagnostics().stream().filter(x -> x.code().equals("cream.index.rerooted"))
        .findFirst().orElseThrow();
    assertEquals(Severity.INFO, d.severity());
    assertEquals(2, d.count());
    assertTrue(after.records().stream().allMatch(r -> r.record().origin().file().startsWith(b)));

    UsageSnapshot again = cream(b).build().scan();
    assertTrue(again.diagnostics().stream().noneMatch(x -> x.code().equals("cream.index.rerooted")), "adopted once");
    assertEquals(12, again.totals().tokens().input());
  }
}
