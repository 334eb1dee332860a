package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static io.github.cream.core.IndexFixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {

  @TempDir Path home;

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  private Path indexFile() {
    return home.resolve(".cache/cream/scan-index-v2.bin");
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void bumpTime(Path file, int seconds) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-20T12:00:00Z").plusSeconds(seconds)));
  }

  /**
   * Past {@code Background.ITEMS_PER_THREAD} files the engine looks each up in the index and plans it on two threads
   * (the index is decoded by three): a file listed twice is one file, a rescan still reads nothing, and one after an
   * append and a replacement reads exactly those two files, with the full scan's answer.
   */
  @Test
  void manyFilesShareTheirPerFileStepsAmongThreadsWithTheSameAnswer() throws IOException {
    int files = 4_300;
    for (int i = 0; i < files; i++) {
      Path f = root().resolve("p" + (i % 37)).resolve("f" + i + ".jsonl");
      Files.createDirectories(f.getParent());
      append(f, line("s" + i, i % 60, 10 + i));
    }
    // the same file twice in one walk (a link to another of them): one file
    Files.createSymbolicLink(root().resolve("p0/link.jsonl"), root().resolve("p1/f1.jsonl"));
    UsageSnapshot cold = cream(home).parallelism(2).build().scan();
    assertEquals(files, cold.stats().filesScanned());
    assertEquals(files, cold.stats().filesRead());
    assertSameResult(full(home), cold);

    UsageSnapshot warm = cream(home).parallelism(2).build().scan();
    assertEquals(files, warm.stats().filesScanned());
    assertEquals(0, warm.stats().filesRead());
    assertSameResult(cold, warm);

    append(root().resolve("p5/f5.jsonl"), line("s5", 59, 99));
    Path replaced = root().resolve("p9/f9.jsonl");
    Path next = root().resolve("p9/f9.jsonl.new");
    append(next, line("s9", 58, 77) + line("s9", 59, 78));
    Files.move(next, replaced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    UsageSnapshot changed = cream(home).parallelism(2).build().scan();
    assertEquals(2, changed.stats().filesRead());
    assertSameResult(full(home), changed);
  }

  @Test
  void theIndexLivesInTheCacheHomeAndARescanWithNothingChangedReadsNothing() throws IOException {
    Path a = root().resolve("p/a.jsonl");
    Files.createDirectories(a.getParent());
    append(a, line("s1", 1, 10) + line("s1", 2, 20));
    append(root().resolve("b.jsonl"), line("s2", 3, 30));
    Cream cream = cream(home).build();
    assertEquals(home.resolve(".cache/cream"), cream.indexDirectory().orElseThrow());
    UsageSnapshot cold = cream.scan();
    assertEquals(2, cold.stats().filesRead());
    assertTrue(cold.stats().bytesRead() > 0);
    assertTrue(Files.isRegularFile(indexFile()));

    UsageSnapshot warm = cream(home).build().scan(); // a new process would load the index from disk
    assertEquals(2, warm.stats().filesScanned());
    assertEquals(0, warm.stats().filesRead());
    assertEquals(0, warm.stats().bytesRead());
    assertEquals(0, warm.stats().linesRead());
    assertSameResult(cold, warm);
    assertSameResult(full(home), warm);
  }

  @Test
  void xdgCacheHomeIsHonoured() throws IOException {
    append(root().resolve("a.jsonl"), line("s1", 1, 10));
    Path xdg = home.resolve("xdg");
    Cream cream =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString(), "XDG_CACHE_HOME", xdg.toString()),
                Clock.systemUTC()))
            .discoverProviders(false)
            .source(new FakeSource())
            .build();
    cream.scan();
    assertTrue(Files.isRegularFile(xdg.resolve("cream/scan-index-v2.bin")));
    assertFalse(Files.exists(home.resolve(".cache")));
  }

  @Test
  void noIndexReadsAndWritesNothing() throws IOException {
    append(root().resolve("a.jsonl"), line("s1", 1, 10));
    Cream cream = cream(home).noIndex().build();
    assertTrue(cream.indexDirectory().isEmpty());
    UsageSnapshot s = cream.scan();
    assertEquals(1, s.records().size());
    cream.scan();
    assertEquals(0, cream.forgetMissingFiles());
    assertFalse(Files.exists(home.resolve(".cache")), "no cache directory is created");

    // nor read: a corrupt index in place is not even noticed
    Files.createDirectories(indexFile().getParent());
    Files.write(indexFile(), new byte[] {1, 2, 3});
    UsageSnapshot again = cream.scan();
    assertTrue(again.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
    assertEquals(3, Files.size(indexFile()));
  }

  @Test
  void appendedBytesAreTheOnlyBytesRead() throws IOException {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1, 10));
    Cream cream = cream(home).build();
    cream.scan();
    String more = line("s1", 2, 20) + line("s1", 3, 30);
    append(a, more);
    UsageSnapshot s = cream.scan();
    assertEquals(1, s.stats().filesRead());
    assertEquals(more.length() + Math.min(4096, line("s1", 1, 10).length()), s.stats().bytesRead(),
        "the appended bytes, plus the fingerprint window checked before resuming");
    assertEquals(2, s.stats().linesRead());
    assertEquals(60, s.totals().tokens().input());
    assertSameResult(full(home), s);
  }

  @Test
  void aLineCutInTheMiddleIsReadWhenItIsComplete() throws IOException {
    Path a = root().resolve("a.jsonl");
    String whole = line("s1", 1, 10) + line("s1", 2, 20);
    append(a, whole.substring(0, whole.length() - 10));
    Cream cream = cream(home).build();
    assertEquals(10, cream.scan().totals().tokens().input());
    append(a, whole.substring(whole.length() - 10));
    UsageSnapshot s = cream.scan();
    assertEquals(30, s.totals().tokens().input());
    assertSameResult(full(home), s);
  }

  @Test
  void aShrunkFileIsReadAgainAndItsRecordsReplaced() throws IOException {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1, 10) + line("s1", 2, 20) + line("s1", 3, 30));
    Cream cream = cream(home).build();
    assertEquals(60, cream.scan().totals().tokens().input());
    Files.writeString(a, line("s9", 4, 5));
    UsageSnapshot s = cream.scan();
    assertEquals(5, s.totals().tokens().input(), "replaced, not added");
    assertSameResult(full(home), s);
  }

  @Test
  void aFileRewrittenInPlaceIsReadAgain() throws IOException {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1, 10) + line("s1", 2, 20));
    bumpTime(a, 0);
    Cream cream = cream(home).build();
    cream.scan();
    // same length, other content, then appended: the head fingerprint no longer matches
    Files.writeString(a, line("s7", 1, 70) + line("s7", 2, 80) + line("s7", 3, 90));
    bumpTime(a, 1);
    UsageSnapshot s = cream.scan();
    assertEquals(240, s.totals().tokens().input());
    assertSameResult(full(home), s);
  }

  @Test
  void aFileRewrittenBehindAnUnchangedHeadIsNoticedByItsTail() throws IOException {
    Path a = root().resolve("a.jsonl");
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      head.append(line("s1", i % 60, 1)); // about 4.5 KiB, more than the head window
    }
    append(a, head + line("s1", 1, 100));
    bumpTime(a, 0);
    Cream cream = cream(home).build();
    cream.scan();
    Files.writeString(a, head + line("s1", 1, 900) + line("s1", 2, 5));
    bumpTime(a, 1);
    UsageSnapshot s = cream.scan();
    assertEquals(80 + 900 + 5, s.totals().tokens().input());
    assertSameResult(full(home), s);
  }

  @Test
  void aFileReplacedByARenameIsReadAgain() throws IOException {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1, 10));
    Cream cream = cream(home).build();
    cream.scan();
    Path tmp = root().resolve("a.tmp");
    Files.writeString(tmp, line("s1", 1, 10) + line("s1", 2, 20));
    Files.move(tmp, a, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    UsageSnapshot s = cream.scan();
    assertEquals(30, s.totals().tokens().input());
    assertEquals(1, s.stats().filesRead());
    assertSameResult(full(home), s);
  }

  @Test
  void aStreamedGroupSplitAcrossScansKeepsItsFinalLineAndALaterCopyCountsOnce() throws IOException {
    Path a = root().resolve("a.jsonl");
    append(a, Lines.keyed("s1", "2026-11-20T10:00:00Z", 10, "msg1", "req1", 0) + "\n");
    Cream cream = cream(home).build();
    assertEquals(10, cream.scan().totals().tokens().output());
    append(a, Lines.keyed("s1", "2026-11-20T10:00:03Z", 300, "msg1", "req1", 0) + "\n");
    UsageSnapshot s = cream.scan();
    assertEquals(1, s.records().size());
    assertEquals(300, s.totals().tokens().output());
    assertEquals(Instant.parse("2026-11-20T10:00:00Z"), s.records().get(0).record().timestamp());
    // a resumed session copies the transcript into a new file later on
    Files.copy(a, root().resolve("copy.jsonl"));
    UsageSnapshot copied = cream.scan();
    assertEquals(1, copied.records().size(), "a copy that appears later is still counted once");
    assertEquals(300, copied.totals().tokens().output());
    assertSameResult(full(home), copied);
  }

  @Test
  void deletedTranscriptsKeepCountingUntilForgottenAndAreReconciledWhenTheyReturn() throws IOException {
    Path a = root().resolve("old.jsonl");
    Path b = root().resolve("new.jsonl");
    String oldContent = line("s1", 1, 10) + line("s1", 2, 20);
    append(a, oldContent);
    append(b, line("s2", 3, 5));
    Cream cream = cream(home).build();
    UsageSnapshot before = cream.scan();
    Files.delete(a);
    UsageSnapshot after = cream.scan();
    assertEquals(before.totals(), after.totals(), "a purged month still shows");
    assertEquals(2, after.stats().retainedFromMissingFiles());
    assertEquals(1, after.stats().filesScanned());
    Diagnostic d = after.diagnostics().stream().filter(x -> x.code().equals("cream.index.retained"))
        .findFirst().orElseThrow();
    assertEquals(Severity.INFO, d.severity());
    assertEquals("fake", d.sourceId().orElseThrow());
    assertEquals(1, d.count());
    assertTrue(d.message().contains("1 transcript file") && d.message().contains("2 calls"), d.message());
    assertTrue(after.session("fake", "s1").isPresent());

    // the same file comes back (restored from a backup): reconciled, not doubled
    Files.writeString(a, oldContent);
    UsageSnapshot back = cream.scan();
    assertEquals(before.totals(), back.totals());
    assertEquals(0, back.stats().retainedFromMissingFiles());
    Files.delete(a);
    cream.scan();

    assertEquals(1, cream.forgetMissingFiles());
    UsageSnapshot forgotten = cream.scan();
    assertEquals(5, forgotten.totals().tokens().input());
    assertEquals(0, forgotten.stats().retainedFromMissingFiles());
    assertSameResult(full(home), forgotten);
    assertEquals(0, cream.forgetMissingFiles(), "nothing left to forget");
  }

  @Test
  void filesOfOtherRootsAndSourcesAreKeptButNotCounted() throws IOException {
    Path other = Files.createDirectories(home.resolve("elsewhere"));
    append(root().resolve("a.jsonl"), line("s1", 1, 10));
    append(other.resolve("b.jsonl"), line("s2", 2, 20));
    cream(home).build().scan();
    UsageSnapshot elsewhere = cream(home).roots("fake", List.of(other)).build().scan();
    assertEquals(20, elsewhere.totals().tokens().input(), "the default root's file is not missing, just elsewhere");
    assertEquals(0, elsewhere.stats().retainedFromMissingFiles());
    UsageSnapshot back = cream(home).build().scan();
    assertEquals(10, back.totals().tokens().input());
    assertEquals(0, back.stats().filesRead(), "the other root's scan kept this root's entries");
  }

  @Test
  void aSourceThatRejectsItsSavedStateHasTheFileReadAgainFromTheStart() throws IOException {
    Path a = root().resolve("a.jsonl");
    append(a, line("s1", 1, 10));
    cream(home).build().scan();
    append(a, line("s1", 2, 20));
    AtomicInteger rejected = new AtomicInteger();
    FakeSource picky =
        new FakeSource() {
          @Override
          public LineParser openParser(FileContext file, ResumeState resume) {
            if (!resume.isInitial()) {
              rejected.incrementAndGet();
              throw new IllegalArgumentException("a state of another version");
            }
            return super.openParser(file, resume);
          }
        };
    // same class: exercise the resume path, not the source-changed path
    UsageSnapshot s = cream(home).build().scan();
    assertEquals(30, s.totals().tokens().input());
    append(a, line("s1", 3, 40));
    Cream pickyCream =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
            .discoverProviders(false)
            .bundledPrices(false)
            .source(picky)
            .build();
    UsageSnapshot first = pickyCream.scan(); // another class: the source changed, everything is read again
    assertEquals(70, first.totals().tokens().input());
    append(a, line("s1", 4, 50));
    UsageSnapshot second = pickyCream.scan();
    assertEquals(1, rejected.get());
    assertEquals(120, second.totals().tokens().input());
    assertEquals(4, second.records().size());
  }

  @Test
  void theIndexHoldsNoLogContent() throws IOException {
    String secret = "SECRET-PROMPT-7f3a";
    String output = "PRIVATE-OUTPUT-91bc";
    append(root().resolve("a.jsonl"),
        "{\"s\":\"s1\",\"t\":\"2026-11-20T10:00:00Z\",\"in\":3,\"prompt\":\"" + secret + "\",\"answer\":\""
            + output + "\",\"title\":\"Fix the login\",\"cwd\":\"/w/app\"}\n"
            + "{\"t\":\"" + secret + "\",\"in\":\n"
            + "{\"note\":\"" + output + "\"}\n");
    UsageSnapshot s = cream(home).build().scan();
    assertEquals(1, s.records().size());
    String bytes = new String(Files.readAllBytes(indexFile()), StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains(secret), "no prompt text");
    assertFalse(bytes.contains(output), "no output text");
    assertTrue(bytes.contains("Fix the login"), "session facts are what reports need");
  }

  @Test
  void theIndexFileIsPrivateToItsOwner() throws IOException {
    append(root().resolve("a.jsonl"), line("s1", 1, 10));
    cream(home).build().scan();
    if (!indexFile().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    assertEquals("rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(indexFile())));
  }

  @Test
  void storesResumeByPosition() throws IOException {
    Path store = root().resolve("agent.store");
    Files.writeString(store, "3\t" + Lines.call("s1", "2026-11-20T10:00:00Z", 1, 1) + "\n");
    Cream cream = cream(home).build();
    Cream storeCream =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
            .discoverProviders(false)
            .bundledPrices(false)
            .source(new EntryStoreTest.StoreSource())
            .build();
    assertEquals(1, storeCream.scan().totals().tokens().input());
    append(store, "9\t" + Lines.call("s1", "2026-11-20T10:00:01Z", 2, 1) + "\n");
    UsageSnapshot s = storeCream.scan();
    assertEquals(3, s.totals().tokens().input());
    assertEquals(2, s.records().size());
    UsageSnapshot unchanged = storeCream.scan();
    assertEquals(0, unchanged.stats().filesRead());
    assertEquals(3, unchanged.totals().tokens().input());
    assertEquals(0, cream.forgetMissingFiles());
  }

  @Test
  void builderRulesAreExplicit() {
    Cream.Builder b = Cream.builder().noIndex();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.indexDirectory(home));
    assertEquals("indexDirectory cannot be set: noIndex() was called", e.getMessage());
    Cream.Builder c = Cream.builder().indexDirectory(home);
    assertThrows(IllegalStateException.class, c::noIndex);
    assertThrows(IllegalStateException.class, () -> c.indexDirectory(home));
    assertThrows(IllegalArgumentException.class, () -> Cream.builder().indexLockTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> Cream.builder().watchDebounce(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> Cream.builder().watchPolling(Duration.ZERO));
    assertThrows(NullPointerException.class, () -> Cream.builder().indexDirectory(null));
  }

  @Test
  void anExplicitIndexDirectoryIsUsed() throws IOException {
    append(root().resolve("a.jsonl"), line("s1", 1, 10));
    Path dir = home.resolve("my-index");
    cream(home).indexDirectory(dir).build().scan();
    assertTrue(Files.isRegularFile(dir.resolve("scan-index-v2.bin")));
    assertFalse(Files.exists(home.resolve(".cache")));
    assertEquals(Set.of("scan-index-v2.bin", "scan-index.lock", "scan-index-v2.data-*"),
        Set.copyOf(Files.list(dir).map(p -> p.getFileName().toString().replaceAll("data-[0-9a-f]+$", "data-*"))
            .toList()));
  }
}
