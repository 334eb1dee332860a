package io.github.cream.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file beside the scan index that keeps the walks' {@link DirectoryListings}. It is a cache: a missing, damaged,
 * foreign or oversized file reads as no listings (the next walk lists every directory, and keeps its listings), and a
 * listing that cannot be written is logged, never reported. Only a regular file is read and written (a FIFO or a link
 * there is not opened); a write goes to a private temporary file renamed over the last one.
 */
final class ListingsFile {

  private static final Logger LOG = LoggerFactory.getLogger(ListingsFile.class);

  /** The file's name in the index directory. */
  static final String NAME = "walk-listings-v1.bin";

  private final Path file;
  private volatile Read last; // what this process last read or wrote, with the file's attributes then

  private record Read(Object key, long size, long mtime, DirectoryListings listings) {
    boolean describes(BasicFileAttributes a) {
      return size == a.size() && mtime == DirectoryListings.nanos(a.lastModifiedTime())
          && Objects.equals(key, a.fileKey());
    }
  }

  /**
   * The file of listings in an index directory.
   *
   * @param directory the index directory
   */
  ListingsFile(Path directory) {
    this.file = directory.resolve(NAME);
  }

  /**
   * The listings kept, or none. Read without the index's lock (a file is replaced whole, never written in place);
   * the same file as last read or written by this process is not read again.
   *
   * @return the listings
   */
  DirectoryListings read() {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Read r = last;
      if (r != null && r.describes(a)) {
        return r.listings();
      }
      if (!a.isRegularFile() || a.size() > limit()) {
        LOG.debug("the directory listings {} are not read: not a regular file, or too large", file);
        return DirectoryListings.NONE;
      }
      byte[] b;
      try (FileChannel ch = SafeFiles.openToRead(file)) {
        b = new byte[(int) Math.min(ch.size(), a.size())];
        ChannelIo.readFully(ch, b, 0, b.length, 0, "the directory listings shrank while they were read");
      }
      DirectoryListings listings = ListingsCodec.decode(b);
      last = new Read(a.fileKey(), a.size(), DirectoryListings.nanos(a.lastModifiedTime()), listings);
      return listings;
    } catch (NoSuchFileException e) {
      return DirectoryListings.NONE;
    } catch (IOException | RuntimeException e) {
      LOG.debug("the directory listings {} are not used: {}", file, e.toString());
      return DirectoryListings.NONE;
    }
  }

  /** The most bytes of listings read or written: a sixteenth of the heap. */
  private static long limit() {
    return Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory() / 16);
  }

  /**
   * Keeps listings, replacing the file (call with the index's lock held). Listings larger than {@link #limit} (about
   * 256 bytes a directory) are not kept, and the file is removed: every directory is listed then.
   *
   * @param listings the listings
   */
  void write(DirectoryListings listings) {
    Path tmp = file.resolveSibling(NAME + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
    try {
      long length = -1;
      if ((long) listings.size() * 256 <= limit()) {
        try (FileChannel ch =
            SafeFiles.openToWrite(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
          length = ListingsCodec.encode(listings, java.nio.channels.Channels.newOutputStream(ch));
        }
      }
      if (length < 0 || length > limit()) {
        LOG.debug("the directory listings are too large for this heap to keep");
        Files.deleteIfExists(tmp);
        Files.deleteIfExists(file);
        last = null;
        return;
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      last = new Read(a.fileKey(), a.size(), DirectoryListings.nanos(a.lastModifiedTime()), listings);
    } catch (IOException | RuntimeException e) {
      LOG.debug("the directory listings {} could not be kept: {}", file, e.toString());
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException | RuntimeException ignored) {
        // best effort: a later save removes stale temporaries
      }
    }
  }
}
