package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scan index on disk: {@value #FILE_NAME} in a directory ({@code $XDG_CACHE_HOME/cream/} by default), guarded
 * by {@value #LOCK_NAME}.
 *
 * <p>Concurrency. A scan holds the index exclusively from reading the previous state to writing the next: first a
 * lock per directory inside this JVM (threads), then an OS file lock on {@value #LOCK_NAME} ({@link FileChannel#tryLock()},
 * retried until the lock timeout; processes). A scan that cannot get both in time reads the last complete index
 * without the lock (safe: the file is only ever replaced whole, by an atomic rename) and does not write it, with an
 * INFO diagnostic: it never waits forever and never writes a state derived from an index another scan is
 * replacing, so no history is lost and nothing is counted twice.
 *
 * <p>Writes go to a temporary file in the same directory, are forced to disk and renamed over the index
 * ({@code ATOMIC_MOVE}, else {@code REPLACE_EXISTING}). A reader sees the old index or the new one, never a mix.
 * Files are created readable by their owner only where the file system supports POSIX permissions.
 *
 * <p>Damage. An index that is empty, truncated, fails its checksums, has another magic or another format version
 * is not trusted: a WARNING diagnostic says so, the scan starts from nothing, and the bad file is set aside as
 * {@value #FILE_NAME}{@code .discarded} before the rebuilt index replaces it.
 *
 * <p>A process keeps the state it last read or wrote in memory and reuses it while the file's header still carries
 * the same write id, so repeated scans in one process read only the 40-byte header of the index.
 */
public final class DiskIndex implements ScanIndex {

  /** The index file's name. */
  public static final String FILE_NAME = "scan-index-v" + IndexCodec.VERSION + ".bin";

  /** The lock file's name. It is never deleted (deleting lock files races). */
  public static final String LOCK_NAME = "scan-index.lock";

  private static final Logger LOG = LoggerFactory.getLogger(DiskIndex.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long RETRY_MILLIS = 20;

  private final Path directory;
  private final Path file;
  private final Duration lockTimeout;
  private final int parallelism;
  private volatile Cached cached;
  private volatile FutureTask<Void> prefetching;

  private record Cached(long writeId, long length, IndexState state) {}

  /**
   * An index in a directory.
   *
   * @param directory where the index lives; created when first written
   * @param lockTimeout how long a scan waits for another scan's lock before going on without writing
   * @param parallelism how many threads may decode the index
   */
  public DiskIndex(Path directory, Duration lockTimeout, int parallelism) {
    this.directory = directory.toAbsolutePath().normalize();
    this.file = this.directory.resolve(FILE_NAME);
    this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
    this.parallelism = parallelism;
  }

  /**
   * The directory.
   *
   * @return the index directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * The index file.
   *
   * @return the path of the index
   */
  public Path file() {
    return file;
  }

  /**
   * Reads and decodes the index on a daemon thread, without the lock, into the cache that {@link #begin} checks
   * (by write id) under the lock: a file replaced meanwhile is simply read again there. Problems are not reported
   * here; the load under the lock meets them again and reports them.
   */
  @Override
  public void prefetch() {
    if (prefetching != null || cached != null) {
      return;
    }
    prefetching =
        Background.start(
            "cream-index-prefetch",
            () -> {
              load(new Diagnostics(), false);
              return null;
            });
  }

  /** Waits for a prefetch under way, so that the load under the lock does not decode the same bytes twice. */
  private void awaitPrefetch() {
    FutureTask<Void> task = prefetching;
    if (task == null) {
      return;
    }
    prefetching = null;
    Background.settle(task); // the load under the lock meets any problem again and reports it
  }

  @Override
  public Lease begin(Diagnostics diagnostics) {
    awaitPrefetch();
    long deadline = System.nanoTime() + Math.max(0, lockTimeout.toNanos());
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(directory, k -> new ReentrantLock());
    boolean jvmLocked;
    try {
      jvmLocked = jvm.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      jvmLocked = false;
    }
    if (!jvmLocked) {
      busy(diagnostics);
      return new DiskLease(null, null, null, load(diagnostics, false), false);
    }
    FileChannel channel = null;
    FileLock lock = null;
    try {
      createDirectory();
      channel = FileChannel.open(
          directory.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by another class loader's copy of cream in this JVM: treat as busy
        }
        if (lock != null || System.nanoTime() >= deadline) {
          break;
        }
        Thread.sleep(RETRY_MILLIS);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      jvm.unlock();
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.index.unwritable",
                  "the scan index directory cannot be written (" + e.getClass().getSimpleName()
                      + "); this scan reads every file and saves nothing")
              .at(directory));
      return new DiskLease(null, null, null, load(diagnostics, false), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (lock == null) {
      closeQuietly(channel);
      jvm.unlock();
      busy(diagnostics);
      return new DiskLease(null, null, null, load(diagnostics, false), false);
    }
    Loaded loaded = load(diagnostics, true);
    return new DiskLease(jvm, channel, lock, loaded, loaded.trusted);
  }

  private void busy(Diagnostics diagnostics) {
    diagnostics.add(
        Diagnostic.of(Severity.INFO, "cream.index.busy",
                "another scan holds the scan index; this scan used it as last saved and did not update it")
            .at(directory));
  }

  private void createDirectory() throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(directory, ownerOnly(true));
    } catch (FileAlreadyExistsException e) {
      // created meanwhile by another scan
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(directory);
    }
  }

  private FileAttribute<?>[] ownerOnly(boolean dir) {
    if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"))
    };
  }

  /** What loading found. */
  private record Loaded(IndexState state, boolean trusted) {}

  /**
   * Loads the index.
   *
   * @param diagnostics where damage is reported
   * @param locked whether this scan holds the lock (and may set a damaged file aside)
   * @return the state, and whether a new state may be written over the file (false if it could not be read)
   */
  private Loaded load(Diagnostics diagnostics, boolean locked) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      byte[] head = new byte[(int) Math.min(size, IndexCodec.HEADER)];
      readFully(ch, head, 0);
      Cached c = cached;
      if (head.length == IndexCodec.HEADER && c != null && c.length == size) {
        try {
          IndexCodec.Header h = IndexCodec.header(head, head.length);
          if (h.writeId() == c.writeId) {
            return new Loaded(c.state, true);
          }
        } catch (IndexCodec.CorruptIndexException e) {
          // fall through: the full decode reports it
        }
      }
      if (size > Integer.MAX_VALUE - 16) {
        throw new IOException("the scan index is larger than 2 GiB");
      }
      long t0 = System.nanoTime();
      byte[] all = new byte[(int) size];
      System.arraycopy(head, 0, all, 0, head.length);
      readFully(ch, all, head.length);
      long t1 = System.nanoTime();
      IndexState state = IndexCodec.decode(all, parallelism);
      if (LOG.isDebugEnabled()) {
        LOG.debug("scan index {}: {} bytes read in {} ms, {} files decoded in {} ms", file, size,
            (t1 - t0) / 1_000_000, state.size(), (System.nanoTime() - t1) / 1_000_000);
      }
      IndexCodec.Header h = IndexCodec.header(all, all.length);
      cached = new Cached(h.writeId(), size, state);
      return new Loaded(state, true);
    } catch (NoSuchFileException e) {
      cached = null;
      return new Loaded(IndexState.EMPTY, true);
    } catch (IndexCodec.CorruptIndexException e) {
      cached = null;
      boolean version = e.kind() == IndexCodec.CorruptIndexException.Kind.VERSION;
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, version ? "cream.index.version" : "cream.index.corrupt",
                  (version ? "the scan index was written in another format version"
                          : e.kind() == IndexCodec.CorruptIndexException.Kind.FOREIGN
                              ? "the scan index file is not a cream scan index"
                              : "the scan index is damaged (truncated or failing its checksum)")
                      + "; it was not trusted, and the index is rebuilt from the logs")
              .at(file));
      LOG.debug("scan index {} discarded: {}", file, e.getMessage());
      if (locked) {
        setAside();
      }
      return new Loaded(IndexState.EMPTY, true);
    } catch (IOException | RuntimeException e) {
      cached = null;
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.index.unreadable",
                  "the scan index could not be read (" + e.getClass().getSimpleName()
                      + "); this scan reads every file and leaves the index as it is")
              .at(file));
      return new Loaded(IndexState.EMPTY, false);
    }
  }

  private void setAside() {
    try {
      Files.move(file, directory.resolve(FILE_NAME + ".discarded"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not set the damaged scan index aside", e);
    }
  }

  private static void readFully(FileChannel ch, byte[] b, int from) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(b, from, b.length - from);
    long pos = from;
    while (bb.hasRemaining()) {
      int n = ch.read(bb, pos);
      if (n < 0) {
        throw new java.io.EOFException("the scan index shrank while it was read");
      }
      pos += n;
    }
  }

  private boolean write(IndexState next, Diagnostics diagnostics) {
    long writeId = RANDOM.nextLong();
    byte[] bytes = IndexCodec.encode(next, writeId);
    Path tmp = directory.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + "." + Long.toHexString(writeId)
        + ".tmp");
    try {
      removeStaleTemporaries();
      try (FileChannel ch = FileChannel.open(
          tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(false))) {
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      cached = new Cached(writeId, bytes.length, next);
      return true;
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException | RuntimeException ignored) {
        // best effort
      }
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.index.unwritable",
                  "the scan index could not be saved (" + e.getClass().getSimpleName()
                      + "); the next scan reads the changed files again")
              .at(file));
      return false;
    }
  }

  /** Under the lock no other scan is writing, so any temporary file left is from a scan that died. */
  private void removeStaleTemporaries() {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, FILE_NAME + ".*.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not remove stale temporary index files", e);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }

  /** A scan's hold on the disk index. */
  private final class DiskLease implements Lease {
    private final ReentrantLock jvm;
    private final FileChannel channel;
    private final FileLock lock;
    private final IndexState state;
    private final boolean writable;
    private boolean open = true;

    DiskLease(ReentrantLock jvm, FileChannel channel, FileLock lock, Loaded loaded, boolean writable) {
      this.jvm = jvm;
      this.channel = channel;
      this.lock = lock;
      this.state = loaded.state;
      this.writable = writable && lock != null;
    }

    @Override
    public IndexState state() {
      return state;
    }

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public boolean commit(IndexState next, Diagnostics diagnostics) {
      return open && writable && write(next, diagnostics);
    }

    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      if (lock != null) {
        try {
          lock.release();
        } catch (IOException | RuntimeException e) {
          LOG.debug("could not release the scan index lock", e);
        }
      }
      closeQuietly(channel);
      if (jvm != null) {
        jvm.unlock();
      }
    }
  }
}
