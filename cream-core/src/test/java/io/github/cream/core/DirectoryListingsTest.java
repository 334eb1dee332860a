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
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listings kept beside the scan index: a rescan does not list again a directory that has not changed since it
 * was listed, and every file added, removed or grown is seen as a full scan sees it; damaged, foreign or unreadable
 * listings are none.
 */
class DirectoryListingsTest {

  private static final String LISTINGS = ".cache/cream/walk-listings-v1.bin";

  @TempDir Path home;

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  /** A history of nested directories, every one last changed an hour ago: their listings are trusted at once. */
  private void history() throws IOException {
    for (int i = 0; i < 40; i++) {
      append(root().resolve("p" + (i % 7)).resolve("s" + i).resolve("f" + i + ".jsonl"), line("s" + i, i % 60, i));
      append(root().resolve("p" + (i % 7)).resolve("g" + i + ".jsonl"), line("g" + i, i % 60, 100 + i));
    }
    settle();
  }

  private void settle() throws IOException {
    FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
    Files.walkFileTree(root(), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.setLastModifiedTime(dir, hourAgo);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * A rescan from the listings, then the same rescan listing every directory (the listings removed): a file the
   * first missed would be read by the second. (A full scan is no reference once a file is removed: the index keeps
   * the usage of deleted logs.)
   */
  private UsageSnapshot rescanAsWithoutListings() throws IOException {
    UsageSnapshot fromListings = cream(home).build().scan();
    Files.delete(home.resolve(LISTINGS));
    UsageSnapshot listingEverything = cream(home).build().scan();
    assertEquals(0, listingEverything.stats().filesRead());
    assertSameResult(listingEverything, fromListings);
    return fromListings;
  }

  @Test
  void aRescanFromListingsSeesEveryChangeAFullScanSees() throws IOException {
    history();
    UsageSnapshot cold = cream(home).build().scan();
    assertTrue(Files.isRegularFile(home.resolve(LISTINGS), LinkOption.NOFOLLOW_LINKS));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(LISTINGS))));
    assertSameResult(full(home), cold);
    FileTime kept = Files.getLastModifiedTime(home.resolve(LISTINGS));

    UsageSnapshot warm = cream(home).build().scan();
    assertEquals(0, warm.stats().filesRead());
    assertSameResult(cold, warm);
    assertEquals(kept, Files.getLastModifiedTime(home.resolve(LISTINGS)), "nothing new to keep");

    // a file added to a directory listed before (its modification time moves), one removed, one grown
    append(root().resolve("p3/s3/added.jsonl"), line("added", 1, 7));
    Files.delete(root().resolve("p4/g4.jsonl"));
    append(root().resolve("p5/s5/f5.jsonl"), line("s5", 59, 55));
    append(root().resolve("p6/new/deeper/n.jsonl"), line("new", 2, 9));
    UsageSnapshot changed = rescanAsWithoutListings();
    assertEquals(80 + 1 - 1 + 1, changed.stats().filesScanned());
    assertEquals(3, changed.stats().filesRead());

    settle();
    cream(home).build().scan(); // listed again: every directory settled
    UsageSnapshot again = rescanAsWithoutListings();
    assertEquals(0, again.stats().filesRead());
  }

  @Test
  void aNameThatVanishedWithoutTheDirectoryChangingHasItListedAgain() throws IOException {
    history();
    cream(home).build().scan();
    Path dir = root().resolve("p2");
    FileTime before = Files.getLastModifiedTime(dir);
    Files.delete(dir.resolve("g2.jsonl"));
    append(dir.resolve("other.jsonl"), line("other", 3, 3));
    Files.setLastModifiedTime(dir, before); // as if both happened within one tick of the file system's clock
    UsageSnapshot s = rescanAsWithoutListings();
    assertEquals(80, s.stats().filesScanned());
    assertEquals(1, s.stats().filesRead());
  }

  @Test
  void damagedOrForeignListingsAreNone() throws IOException {
    history();
    UsageSnapshot cold = cream(home).build().scan();
    Path listings = home.resolve(LISTINGS);
    byte[] b = Files.readAllBytes(listings);
    b[b.length / 2] ^= 0x5a;
    Files.write(listings, b);
    assertSameResult(cold, cream(home).build().scan());
    Files.writeString(listings, "not listings at all");
    assertSameResult(cold, cream(home).build().scan());
    Files.write(listings, new byte[0]);
    assertSameResult(cold, cream(home).build().scan());
    assertTrue(Files.size(listings) > 100, "listed anew and kept");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFifoOrADirectoryInPlaceOfTheListingsIsNotRead() throws IOException {
    history();
    UsageSnapshot cold = cream(home).build().scan();
    Path listings = home.resolve(LISTINGS);
    Files.delete(listings);
    assumeTrue(TestFiles.mkfifo(listings), "mkfifo");
    assertSameResult(cold, cream(home).build().scan()); // not read (it would block), replaced by the listings kept
    Files.delete(listings);
    Files.createDirectory(listings);
    assertSameResult(cold, cream(home).build().scan());
  }
}
