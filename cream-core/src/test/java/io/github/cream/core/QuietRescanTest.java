package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.append;
import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static io.github.cream.core.IndexFixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-running engine's rescans while nothing changes give the last answer again without looking at the files,
 * and every kind of change is seen by the very next scan.
 */
class QuietRescanTest {

  @TempDir Path home;

  private static final Set<String> LOCAL = Set.of("ext2", "ext3", "ext4", "ext2/ext3", "xfs", "btrfs", "tmpfs");

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  /** Where the engine can watch: Linux, a local file system. */
  private void assumeWatchable() throws IOException {
    assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"), "not Linux");
    FileStore store = Files.getFileStore(home);
    assumeTrue(LOCAL.contains(store.type()), "not a local file system: " + store.type());
  }

  /**
   * Scans until the engine answers again without looking (three scans after the first), and checks the answer. A
   * process keeps a few watches open at most, and engines of earlier tests may hold them until they are collected:
   * then they are collected, and the engine tries again.
   */
  private static UsageSnapshot settle(Cream cream, Path home) {
    long before = cream.quietRescans();
    UsageSnapshot s = null;
    for (int i = 0; i < 20 && cream.quietRescans() == before; i++) {
      if (i > 0 && i % 4 == 0) {
        collectDroppedEngines();
      }
      s = cream.scan();
    }
    assertTrue(cream.quietRescans() > before, "the engine never answered again without looking");
    assertSameResult(cream(home).build().scan(), s);
    return s;
  }

  private static void collectDroppedEngines() {
    System.gc();
    try {
      Thread.sleep(100); // the cleaner closes their watches
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aProcessKeepsAFewWatchesAtMost() throws IOException {
    assumeWatchable();
    append(root().resolve("p/a.jsonl"), line("s1", 1, 10));
    collectDroppedEngines();
    List<Cream> engines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Cream c = cream(home).build();
      for (int j = 0; j < 5; j++) {
        assertSameResult(full(home), c.scan());
      }
      engines.add(c);
    }
    long answeringAgain = engines.stream().filter(c -> c.quietRescans() > 0).count();
    assertTrue(answeringAgain <= 4, answeringAgain + " engines watch at once");
  }

  @Test
  void whileNothingChangesTheAnswerIsGivenAgainAndEqualsAFullScan() throws IOException {
    assumeWatchable();
    append(root().resolve("p/a.jsonl"), line("s1", 1, 10) + line("s1", 2, 20));
    append(root().resolve("b.jsonl"), line("s2", 3, 30));
    Cream cream = cream(home).build();
    UsageSnapshot first = cream.scan();
    UsageSnapshot again = settle(cream, home);
    assertSameResult(first, again);
    UsageSnapshot more = cream.scan();
    assertTrue(cream.quietRescans() >= 2);
    assertSameResult(full(home), more);
    assertEquals(0, more.stats().filesRead());
  }

  @Test
  void everyKindOfChangeIsSeenByTheNextScan() throws IOException {
    assumeWatchable();
    Path a = root().resolve("p/a.jsonl");
    append(a, line("s1", 1, 10));
    append(root().resolve("b.jsonl"), line("s2", 2, 20));
    Cream cream = cream(home).build();
    cream.scan();
    settle(cream, home);

    append(a, line("s1", 3, 30)); // an appended call
    assertSameResult(full(home), cream.scan());
    settle(cream, home);

    append(root().resolve("p/c.jsonl"), line("s3", 4, 40)); // a new file in a watched directory
    assertSameResult(full(home), cream.scan());
    settle(cream, home);

    append(root().resolve("q/r/d.jsonl"), line("s4", 5, 50)); // a new directory with a file
    assertSameResult(full(home), cream.scan());
    settle(cream, home);

    append(root().resolve("q/r/e.jsonl"), line("s5", 6, 60)); // a file in that new directory: it is watched too
    assertSameResult(full(home), cream.scan());
    settle(cream, home);

    Files.move(root().resolve("p/c.jsonl"), root().resolve("q/c.jsonl")); // a rename
    assertSameResult(cream(home).build().scan(), cream.scan());
    settle(cream, home);

    Files.delete(root().resolve("b.jsonl")); // a deleted log: its calls are kept by the index
    UsageSnapshot afterDelete = cream.scan();
    assertSameResult(cream(home).build().scan(), afterDelete);
    assertTrue(afterDelete.stats().retainedFromMissingFiles() > 0);
    settle(cream, home);

    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-11-20T12:00:00Z"))); // metadata only
    assertSameResult(cream(home).build().scan(), cream.scan());
    settle(cream, home);

    // another process forgets the deleted log's calls: the index changed, not the logs
    cream(home).build().forgetMissingFiles();
    UsageSnapshot forgotten = cream.scan();
    assertEquals(0, forgotten.stats().retainedFromMissingFiles());
    assertSameResult(full(home), forgotten);
    settle(cream, home);
  }

  @Test
  void aNewLogKeepsTheWatchAndADirectoryRenewsIt() throws IOException {
    assumeWatchable();
    append(root().resolve("p/a.jsonl"), line("s1", 1, 10));
    Cream cream = cream(home).build();
    cream.scan();
    settle(cream, home);

    append(root().resolve("p/b.jsonl"), line("s2", 2, 20)); // a new log: read by the next scan, the watch kept
    long before = cream.quietRescans();
    assertSameResult(full(home), cream.scan());
    cream.scan(); // nothing changed: its answer is the one to give again
    UsageSnapshot again = cream.scan();
    assertEquals(before + 1, cream.quietRescans());
    assertSameResult(full(home), again);

    append(root().resolve("q/c.jsonl"), line("s3", 3, 30)); // a new directory: watched from the next set-up on
    assertSameResult(full(home), cream.scan());
    settle(cream, home);
    append(root().resolve("q/c.jsonl"), line("s3", 4, 40));
    assertSameResult(full(home), cream.scan());
  }

  @Test
  void theMarkerLivesInTheIndexDirectoryAndOnesLeftByDeadProcessesGo() throws IOException {
    assumeWatchable();
    append(root().resolve("p/a.jsonl"), line("s1", 1, 10));
    Path index = home.resolve(".cache/cream");
    Path stale = Files.createDirectories(index.resolve("fence-999999999-left"));
    Files.writeString(stale.resolve("marker"), "");
    Cream cream = cream(home).build();
    cream.scan();
    settle(cream, home);
    assertTrue(Files.notExists(stale), "a killed process's marker is deleted");
    try (var s = Files.list(index)) {
      String mine = "fence-" + ProcessHandle.current().pid() + "-";
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith(mine)
          && Files.isRegularFile(p.resolve("marker"))), "this process's marker is in the index directory");
    }
  }

  @Test
  void aRootThatAppearsIsSeen() throws IOException {
    assumeWatchable();
    Files.createDirectories(home.resolve(".cache"));
    Cream cream = cream(home).build();
    cream.scan();
    settle(cream, home);
    append(home.resolve(".fake/p/a.jsonl"), line("s1", 1, 10));
    UsageSnapshot s = cream.scan();
    assertEquals(1, s.totals().calls());
    assertSameResult(full(home), s);
  }

  @Test
  void aTreeWithASymbolicLinkIsAlwaysLookedAt() throws IOException {
    assumeWatchable();
    Path outside = home.resolve("elsewhere/x.jsonl");
    append(outside, line("s1", 1, 10));
    Files.createDirectories(root());
    Files.createSymbolicLink(root().resolve("linked.jsonl"), outside);
    Cream cream = cream(home).build();
    for (int i = 0; i < 5; i++) {
      cream.scan();
    }
    assertEquals(0, cream.quietRescans());
    append(outside, line("s1", 2, 20)); // a change behind the link, which no watch of the root reports
    UsageSnapshot s = cream.scan();
    assertEquals(2, s.totals().calls());
    assertSameResult(full(home), s);
  }

  @Test
  void aRootReachedThroughALinkIsWatchedAndALinkThatNowLeadsElsewhereIsSeen() throws IOException {
    assumeWatchable();
    append(home.resolve("kept/one/p/a.jsonl"), line("s1", 1, 10));
    append(home.resolve("kept/two/p/b.jsonl"), line("s2", 2, 20) + line("s2", 3, 30));
    Files.createSymbolicLink(home.resolve(".fake"), home.resolve("kept/one"));
    Cream cream = cream(home).build();
    cream.scan();
    settle(cream, home);
    append(home.resolve("kept/one/p/a.jsonl"), line("s1", 4, 40)); // a change behind the root's link: watched
    assertSameResult(full(home), cream.scan());
    settle(cream, home);
    Files.delete(home.resolve(".fake"));
    Files.createSymbolicLink(home.resolve(".fake"), home.resolve("kept/two"));
    UsageSnapshot s = cream.scan();
    assertSameResult(cream(home).build().scan(), s);
  }

  @Test
  void anEngineWithoutIndexNeverAnswersAgain() throws IOException {
    append(root().resolve("a.jsonl"), line("s1", 1, 10));
    Cream cream = cream(home).noIndex().build();
    for (int i = 0; i < 5; i++) {
      cream.scan();
    }
    assertEquals(0, cream.quietRescans());
  }
}
