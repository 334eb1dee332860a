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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
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
 * ({@code ATOMIC_MOVE}, else {@code REPLACE_EXISTING}); just before, the index being replaced is kept as
 * {@value #PREVIOUS_NAME} (a hard link renamed into place). A reader sees the old index or the new one, never a
 * mix, and a process killed at any instant leaves a whole index behind.
 *
 * <p>Safety. The directory is created 0700 and the lock and index files 0600 whatever the umask; a directory owned
 * by another user or writable by others is refused (neither read nor written, a WARNING says why); only regular
 * files are opened (a FIFO in the index's place would block a run forever), and no symbolic link is followed to
 * write. An index too large for the heap to decode is refused with a WARNING and left as it is.
 *
 * <p>Damage. An index that is empty, truncated, fails its checksums or has another magic is not trusted: the
 * previous generation is used instead when it is whole, else the scan starts from nothing; a WARNING says which
 * (and that the usage of deleted logs is lost when nothing could be used). The bad file is set aside as
 * {@value #FILE_NAME}{@code .discarded} before the next index replaces it.
 *
 * <p>A process keeps the state it last read or wrote in memory and reuses it while the file's header still carries
 * the same write id, so repeated scans in one process read only the 40-byte header of the index.
 */
public final class DiskIndex implements ScanIndex {

  /** The index file's name. */
  public static final String FILE_NAME = "scan-index-v" + IndexCodec.VERSION + ".bin";

  /**
   * The previous generation's name: the index as it was before the last write, kept (a hard link, else a copy) so
   * that a damaged index falls back to it instead of losing the history of deleted logs.
   */
  public static final String PREVIOUS_NAME = FILE_NAME + ".previous";

  /** The name of the index of format version 1, converted by the first write. */
  static final String LEGACY_NAME = "scan-index-v" + IndexCodec.VERSION_1 + ".bin";

  /** What the previous generation's name adds to the index's. */
  static final String PREVIOUS_SUFFIX = ".previous";

  /**
   * The least heap that decoding one byte of index takes: an index larger than the heap divided by this is refused
   * before it is read; a smaller one that still does not fit is refused when the decoding runs out of memory (its
   * entries, decoded when a scan first needs them, then leave the index as it is and every file is read without it).
   * Either way a diagnostic, never an {@link OutOfMemoryError} (but for a view of single calls or a session's files
   * after a scan that found nothing changed, which needs the entries then).
   */
  static final long DECODED_BYTES_PER_BYTE = 8;

  /** The lock file's name. It is never deleted (deleting lock files races). */
  public static final String LOCK_NAME = "scan-index.lock";

  private static final Logger LOG = LoggerFactory.getLogger(DiskIndex.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  /** Random names for the files written: made on the first write (a read-only run never seeds it). */
  private static final class Random {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private static final long RETRY_MILLIS = 20;

  private final Path directory;
  private final Path file;
  private final Duration lockTimeout;
  private final int parallelism;
  private volatile Cached cached;
  private volatile FutureTask<Void> prefetching;
  private volatile FutureTask<DirectoryListings> listingsAhead; // the listings read by a prefetch
  private final ListingsFile listings;

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
    this.listings = new ListingsFile(this.directory);
  }

  /**
   * The directory.
   *
   * @return the index directory
   */
  @Override
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
    if (listingsAhead == null) {
      // the listings first, on a thread of their own: the walk needs them before anything else
      listingsAhead = Background.start("cream-listings-read", listings::read);
    }
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

  /** The listings kept beside the index ({@link ListingsFile}): read without the lock. */
  @Override
  public DirectoryListings listings() {
    FutureTask<DirectoryListings> ahead = listingsAhead;
    if (ahead != null) {
      listingsAhead = null;
      Background.settle(ahead); // what it read is kept by the file, and used below if the file did not change since
    }
    return listings.read();
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
      SafeFiles.privateDirectory(directory);
      channel = SafeFiles.openToWrite(
          directory.resolve(LOCK_NAME), java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
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
    } catch (SafeFiles.UnsafeException e) {
      closeQuietly(channel);
      jvm.unlock();
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.index.unsafe",
                  "the scan index directory or its lock is not safe to use (" + e.getMessage()
                      + "); this scan neither reads nor writes the index: make the directory yours and writable "
                      + "by you only (chmod 700), or set XDG_CACHE_HOME to another place")
              .at(directory));
      return new DiskLease(null, null, null, new Loaded(IndexState.EMPTY, false), false);
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
    try {
      return new Loaded(read(file, true), true);
    } catch (NoSuchFileException e) {
      cached = null;
      return new Loaded(legacy(), true);
    } catch (IndexCodec.CorruptIndexException e) {
      cached = null;
      LOG.debug("scan index {} discarded: {}", file, e.getMessage());
      boolean version = e.kind() == IndexCodec.CorruptIndexException.Kind.VERSION;
      String what = version ? "the scan index was written in another format version"
          : e.kind() == IndexCodec.CorruptIndexException.Kind.FOREIGN
              ? "the scan index file is not a cream scan index"
              : "the scan index is damaged (truncated or failing its checksum)";
      IndexState previous = version ? null : readPrevious();
      if (locked) {
        setAside();
      }
      if (previous != null) {
        diagnostics.add(
            Diagnostic.of(Severity.WARNING, "cream.index.corrupt",
                    what + "; the previous generation of the index (" + PREVIOUS_NAME + ") was used instead: the "
                        + "logs changed since it was saved are read again, and only the records of logs deleted "
                        + "since then can be missing")
                .at(file));
        return new Loaded(previous, true);
      }
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, version ? "cream.index.version" : "cream.index.corrupt",
                  what + "; it was not trusted, and the index is rebuilt from the logs"
                      + (version ? "" : ": the usage of logs deleted since they were indexed is lost"))
              .at(file));
      return new Loaded(IndexState.EMPTY, true);
    } catch (TooLargeException e) {
      cached = null;
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.index.too-large",
                  "the scan index (" + e.getMessage() + ") does not fit this process's memory; it was left as it "
                      + "is and this scan reads every file without it: give the JVM more memory (-Xmx) to use it")
              .at(file));
      return new Loaded(IndexState.EMPTY, false);
    } catch (IOException | RuntimeException e) {
      cached = null;
      diagnostics.add(
          Diagnostic.of(Severity.WARNING, "cream.index.unreadable",
                  "the scan index could not be read ("
                      + (e instanceof SafeFiles.UnsafeException ? e.getMessage() : e.getClass().getSimpleName())
                      + "); this scan reads every file and leaves the index as it is")
              .at(file));
      return new Loaded(IndexState.EMPTY, false);
    }
  }

  /** The version 1 index to convert, or nothing. */
  private IndexState legacy() {
    Path old = directory.resolve(LEGACY_NAME);
    if (!Files.exists(old, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return IndexState.EMPTY;
    }
    try {
      return read(old, false);
    } catch (IOException | IndexCodec.CorruptIndexException | TooLargeException | RuntimeException e) {
      LOG.debug("the version 1 scan index could not be converted: {}", e.toString());
      return IndexState.EMPTY;
    }
  }

  /** An index whose decoding would not fit the heap. */
  private static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /**
   * Reads and decodes an index file, or reuses the state this process last read or wrote when the header carries
   * the same write id.
   */
  private IndexState read(Path from, boolean cache)
      throws IOException, IndexCodec.CorruptIndexException, TooLargeException {
    try (FileChannel ch = SafeFiles.openToRead(from)) {
      long size = ch.size();
      byte[] prefix = new byte[(int) Math.min(size, IndexCodec.PREFIX)];
      readFully(ch, prefix, 0);
      int version;
      try {
        version = IndexCodec.version(prefix, prefix.length);
      } catch (IndexCodec.CorruptIndexException e) {
        if (e.kind() != IndexCodec.CorruptIndexException.Kind.VERSION) {
          throw e;
        }
        version = -1; // another release's, or a damaged prefix: the trailer tells
      }
      if (version == IndexCodec.VERSION_1) {
        return readWhole(ch, size, from);
      }
      IndexCodec.Header h = IndexCodec.trailer(ch);
      Cached c = cached;
      if (cache && c != null && c.length == size && c.writeId == h.writeId()) {
        return c.state;
      }
      long max = Runtime.getRuntime().maxMemory() / DECODED_BYTES_PER_BYTE;
      if (h.metaLength() > max) {
        throw new TooLargeException((h.metaLength() >> 20) + " MiB of directory, of which this heap decodes at most "
            + (max >> 20) + " MiB");
      }
      long t0 = System.nanoTime();
      IndexState state;
      try {
        state = IndexCodec.read(ch, from, h);
      } catch (OutOfMemoryError e) { // NOPMD: the decoded state is garbage once this frame is left
        throw new TooLargeException((h.metaLength() >> 20) + " MiB of directory, more than this heap could decode");
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("scan index {}: {} bytes, directory of {} files read in {} ms", from, size, state.size(),
            (System.nanoTime() - t0) / 1_000_000);
      }
      if (cache) {
        cached = new Cached(h.writeId(), size, state);
      }
      return state;
    }
  }

  /** A version 1 index, read whole to be converted by the next write. */
  private IndexState readWhole(FileChannel ch, long size, Path from)
      throws IOException, IndexCodec.CorruptIndexException, TooLargeException {
    long max = Runtime.getRuntime().maxMemory() / DECODED_BYTES_PER_BYTE;
    if (size > Integer.MAX_VALUE - 16 || size > max) {
      throw new TooLargeException((size >> 20) + " MiB, of which this heap decodes at most " + (max >> 20) + " MiB");
    }
    try {
      byte[] all = new byte[(int) size];
      readFully(ch, all, 0);
      IndexState state = IndexCodec.decode(all, parallelism);
      LOG.debug("scan index {} of format version 1 read, to be converted", from);
      return state;
    } catch (OutOfMemoryError e) { // NOPMD: the decoded state is garbage once this frame is left
      throw new TooLargeException((size >> 20) + " MiB, more than this heap could decode");
    }
  }

  /** The previous generation, when it is whole; null when there is none or it is damaged too. */
  private IndexState readPrevious() {
    try {
      return read(directory.resolve(PREVIOUS_NAME), false);
    } catch (IOException | IndexCodec.CorruptIndexException | TooLargeException | RuntimeException e) {
      LOG.debug("the previous scan index generation is not usable either: {}", e.toString());
      return null;
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
    ChannelIo.readFully(ch, b, from, b.length - from, from, "the scan index shrank while it was read");
  }

  private boolean write(IndexState next, Diagnostics diagnostics, SpillFile spill, IndexCodec.Draft draft) {
    long writeId = Random.RANDOM.nextLong();
    Path tmp = directory.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + "." + Long.toHexString(writeId)
        + ".tmp");
    if (spill != null) {
      spill.flush(); // the save appends after what the spill file wrote, not after what it holds still
    }
    Path spilled = spill == null ? null : spill.path();
    Path before = dataFileOf(next.entries(), spilled);
    Path data = keptDataFile(next.entries(), next.stored(), spilled);
    boolean fresh = data == null;
    if (fresh) {
      data = directory.resolve(IndexCodec.DATA_PREFIX + Long.toHexString(Random.RANDOM.nextLong() & Long.MAX_VALUE));
    }
    IndexCodec.Written written;
    try {
      removeStaleTemporaries();
      try (FileChannel dch = SafeFiles.openToWrite(data, fresh
              ? java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
              : java.util.Set.of(StandardOpenOption.WRITE));
          FileChannel ch = SafeFiles.openToWrite(
              tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
        long[] end = {dch.size()};
        if (fresh) {
          ByteBuffer prefix = ByteBuffer.allocate(IndexCodec.PREFIX);
          prefix.put(DATA_MAGIC).putInt(IndexCodec.VERSION).putInt(0).flip();
          end[0] += writeAt(dch, prefix, 0);
        }
        Path target = data;
        written = IndexCodec.write(next, writeId, ch, new IndexCodec.DataFile() {
          @Override
          public Path path() {
            return target;
          }

          @Override
          public boolean keeps(RecordSection section) {
            return !fresh && section.in(target);
          }

          @Override
          public long append(byte[] b) throws IOException {
            long at = end[0];
            end[0] += ChannelIo.write(dch, b, 0, b.length, at);
            return at;
          }
        }, draft);
        dch.force(true); // the sections before the directory that names them
        ch.force(true);
      }
      keepPrevious(writeId);
      replace(tmp, file);
    } catch (IOException | RuntimeException | OutOfMemoryError e) { // NOPMD: the save's buffers are garbage here
      try {
        Files.deleteIfExists(tmp);
        if (fresh) {
          Files.deleteIfExists(data);
        }
      } catch (IOException | RuntimeException ignored) {
        // best effort
      }
      diagnostics.add(e instanceof OutOfMemoryError
          ? Diagnostic.of(Severity.WARNING, "cream.index.too-large",
                  "the scan index could not be saved: encoding it does not fit this process's memory; the next scan"
                      + " reads the changed files again: give the JVM more memory (-Xmx) to save it")
              .at(file)
          : Diagnostic.of(Severity.WARNING, "cream.index.unwritable",
                  "the scan index could not be saved (" + e.getClass().getSimpleName()
                      + "); the next scan reads the changed files again")
              .at(file));
      return false;
    }
    Path target = data;
    written.moved().forEach((section, ref) -> section.placed(target, ref.offset(), ref.length(), ref.crc()));
    if (!written.differs()) {
      cached = new Cached(writeId, written.length(), next);
    } else {
      cached = null; // the file differs from the state: read it back next time
    }
    if (!written.lost().isEmpty()) {
      IndexLoss.report(written.lost(), diagnostics, file);
    }
    removeLegacy();
    removeUnusedData(data, before);
    return true;
  }

  /** The magic of the index's data files. */
  static final byte[] DATA_MAGIC = "CREAMDAT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** Data files no generation names are removed once they are this old (a process may still read them). */
  static final Duration UNUSED_DATA_AGE = Duration.ofHours(1);

  private static long writeAt(FileChannel ch, ByteBuffer b, long at) throws IOException {
    long pos = at;
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
    return pos - at;
  }

  /** The data file the state's sections lie in, or null when none does. */
  static Path dataFileOf(IndexState state) {
    return dataFileOf(state.entries(), null);
  }

  /**
   * The data file a save keeps: the records this scan spilled stay where they are (the spill file becomes the data
   * file), else the one the entries' sections lie in, unless it is due for compaction.
   *
   * @param stored the saved answer (its deduplication groups lie in the data file too), or null
   * @return the data file, or null for a new one
   */
  private static Path keptDataFile(Collection<IndexEntry> entries, IndexState.Stored stored, Path spilled) {
    if (spilled != null && !compactionDue(entries, stored, spilled)) {
      return spilled;
    }
    Path before = dataFileOf(entries, spilled);
    return before != null && !compactionDue(entries, stored, before) ? before : null;
  }

  /** The data file the entries' sections lie in, other than a spill file, or null when none does. */
  private static Path dataFileOf(Collection<IndexEntry> entries, Path spill) {
    for (IndexEntry e : entries) {
      if (e.records() instanceof RecordSection rs) {
        Path d = rs.dataFile();
        if (d != null && d != spill && !d.equals(spill)) { // most sections of a first scan: the spill file itself
          return d;
        }
      }
    }
    return null;
  }

  /**
   * Whether the data file holds so much that no generation uses any more (sections of files read again, of files
   * forgotten) that the next save should copy what is used into a new one.
   */
  private static boolean compactionDue(Collection<IndexEntry> entries, IndexState.Stored stored, Path data) {
    long used = 0;
    for (IndexEntry e : entries) {
      if (e.records() instanceof RecordSection rs && rs.in(data) && !(rs.isMaterialized() && rs.lost())) {
        used += rs.length();
      }
    }
    if (stored != null && stored.groups() != null) {
      for (DedupGroups.Part p : stored.groups().parts()) {
        used += p.length();
      }
    }
    try {
      return Files.size(data) > 2 * used + (8L << 20);
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Removes the data files that neither this generation nor the one it replaced names, once they are old enough
   * that no process is still reading them.
   */
  private void removeUnusedData(Path current, Path previous) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, IndexCodec.DATA_PREFIX + "*")) {
      long now = System.currentTimeMillis();
      for (Path p : ds) {
        if (p.equals(current) || p.equals(previous)) {
          continue;
        }
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
            java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (now - a.lastModifiedTime().toMillis() > UNUSED_DATA_AGE.toMillis()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not remove unused scan index data files", e);
    }
  }

  /** The version 1 index, once its content lives on in a version 2 one. */
  private void removeLegacy() {
    for (String name : new String[] {LEGACY_NAME, LEGACY_NAME + PREVIOUS_SUFFIX}) {
      try {
        Files.deleteIfExists(directory.resolve(name));
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not remove the version 1 scan index", e);
      }
    }
  }

  /**
   * Keeps the index about to be replaced as the previous generation: a hard link (else a copy) under a temporary
   * name, renamed over the last one, so that the index file itself exists at every instant.
   */
  private void keepPrevious(long writeId) {
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path tmp = directory.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + "." + Long.toHexString(writeId)
        + ".previous.tmp");
    try {
      try {
        Files.createLink(tmp, file);
      } catch (IOException | UnsupportedOperationException e) {
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      replace(tmp, directory.resolve(PREVIOUS_NAME));
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not keep the previous scan index generation", e);
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException | RuntimeException ignored) {
        // best effort
      }
    }
  }

  private static void replace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Under the lock no other scan is writing, so any temporary file left is from a scan that died. */
  private void removeStaleTemporaries() {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory,
        "{" + FILE_NAME + "," + ListingsFile.NAME + "}.*.tmp")) {
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
    private IndexState state; // forgotten when closed: a scan may close the lease early to let it go
    private final boolean writable;
    private boolean open = true;
    private SpillFile spill;
    private boolean spillTried;
    private SectionWriter sections;
    private FutureTask<IndexCodec.Draft> draft;
    private FutureTask<Void> listingsWrite;

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
      if (!open || !writable) {
        return false;
      }
      SectionWriter w = sectionWriter();
      if (w != null) {
        w.finish(); // every section written ahead is placed (or stays pending, to be encoded by the save)
      }
      return write(next, diagnostics, spill, takeDraft());
    }

    @Override
    public synchronized void keepListings(DirectoryListings next) {
      if (open && writable && listingsWrite == null) {
        // written beside the scan, under the lock: close() waits for it
        listingsWrite = Background.start("cream-listings", () -> {
          listings.write(next);
          return null;
        });
      }
    }

    @Override
    public synchronized void prepare(Map<IndexEntry.Key, IndexEntry> entries, Map<String, String> hints) {
      if (!open || !writable || draft != null) {
        return;
      }
      IndexEntry[] all = entries.values().toArray(new IndexEntry[0]); // the caller may change its map afterwards
      Map<String, String> h = Map.copyOf(hints);
      EncodedDirectory base = state == null ? null : state.encoded(); // the entries' directory, when decoded
      SectionWriter w = sections;
      SpillFile spillFile = spill;
      Path spilled = spill == null ? null : spill.path();
      draft = Background.start("cream-index-draft", () -> {
        if (w != null) {
          w.finish(); // the sections written ahead are placed first: the draft refers to them where they lie
        }
        if (spillFile != null) {
          spillFile.force(); // most of the save's flush, done beside the combination
        }
        Path data = keptDataFile(Arrays.asList(all), null, spilled);
        return data == null ? null : IndexCodec.Draft.of(all, h, data, rs -> rs.in(data), base);
      });
    }

    /** The draft made meanwhile, once done; null when there is none or it failed (the save then does it all). */
    private IndexCodec.Draft takeDraft() {
      FutureTask<IndexCodec.Draft> task;
      synchronized (this) {
        task = draft;
        draft = null;
      }
      if (task == null) {
        return null;
      }
      try {
        return Background.join(task, "encoding the index ahead");
      } catch (RuntimeException | OutOfMemoryError e) { // NOPMD: what the draft encoded is garbage here
        LOG.debug("the index could not be encoded ahead; the save encodes it: {}", e.toString());
        return null;
      }
    }

    @Override
    public synchronized SectionWriter sections() {
      if (sections == null && open && writable) {
        SpillFile f = spill();
        if (f != null) {
          sections = new SectionWriter(f);
        }
      }
      return sections;
    }

    private synchronized SectionWriter sectionWriter() {
      return sections;
    }

    @Override
    public synchronized SpillFile spill() {
      if (!spillTried && open && writable) {
        spillTried = true;
        try {
          // after the sections of the index's data file, unless that one is mostly garbage already
          Path existing = dataFileOf(state);
          if (existing != null && directory.equals(existing.getParent())
              && !compactionDue(state.entries(), state.stored(), existing)) {
            try {
              spill = SpillFile.append(existing);
            } catch (IOException | RuntimeException e) {
              LOG.debug("could not append to the scan index data file; spilling to a new one", e);
            }
          }
          if (spill == null) {
            spill = SpillFile.create(
                directory.resolve(IndexCodec.DATA_PREFIX
                    + Long.toHexString(Random.RANDOM.nextLong() & Long.MAX_VALUE)));
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("could not create a spill file; the records stay in memory", e);
        }
      }
      return spill;
    }

    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      IndexState s = state;
      state = IndexState.EMPTY;
      Cached c = cached;
      if (s.tooLarge() && c != null && c.state == s) {
        cached = null; // entries that did not fit: the next scan reads the index again (and may need none of them)
      }
      SectionWriter w = sectionWriter();
      if (w != null) {
        w.stop(); // nothing is written once the lock is released
      }
      FutureTask<IndexCodec.Draft> d;
      FutureTask<Void> l;
      synchronized (this) {
        d = draft;
        draft = null;
        l = listingsWrite;
        listingsWrite = null;
      }
      if (d != null) {
        Background.settle(d); // a draft never committed: it only encodes in memory, and ends soon
      }
      if (l != null) {
        Background.settle(l); // the listings are written before the lock is released
      }
      if (spill != null) {
        spill.close(); // its sections stay readable: the saved index, or the snapshot, refers to them
      }
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
