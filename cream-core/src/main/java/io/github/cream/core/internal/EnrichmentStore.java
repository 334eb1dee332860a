package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers enrichers fetched, kept in {@value #FILE_NAME} in cream's cache directory, next to the scan index
 * (and independent of it): one line per answer, so that an id is asked once ever and every later scan applies the
 * answers.
 *
 * <p>Format ({@value #FORMAT}): JSON lines. The first line is {@code {"format":"cream.enrichment/1"}}; each further
 * line is one answer about one (enricher, key), ending with a CRC-32 of the line's text before it
 * ({@code ...,"crc":"1a2b3c4d"}). A later line about the same key replaces an earlier one (a "not found" asked again).
 * The file holds enricher ids, the keys asked about (OpenRouter's generation ids), what the service answered
 * (costs in nano-dollars, the upstream provider, token counts) and when: never a credential, never log content.
 *
 * <p>Writing. A run of {@code cream enrich} holds {@value #LOCK_NAME} (a lock per directory in this JVM, then an OS
 * file lock) and appends each answer as one line as soon as it arrives, with a single write: a run interrupted or
 * killed at any instant keeps every answer it received, and its next run asks only what is still unanswered. A
 * process killed in the middle of a write leaves at most an incomplete last line, which readers ignore. When the
 * file holds damage, an incomplete last line or many replaced lines, the run first rewrites it whole (a new file,
 * forced to disk, renamed over the old one). The directory is created 0700 and the files 0600 whatever the umask, a
 * directory owned by another user or writable by others is refused, only regular files are opened, and no symbolic
 * link is followed to write (the rules of the scan index, {@link SafeFiles}).
 *
 * <p>Reading. Scans read the file without the lock (appends are whole lines; a rewrite is an atomic rename) and keep
 * what they read while its size, modification time and file key stay the same. A damaged line is skipped with a
 * WARNING ({@code cream.enrich.damaged}; its key is asked again by the next run); a file of another format is not
 * trusted ({@code cream.enrich.corrupt}) and is set aside as {@value #FILE_NAME}{@code .discarded} by the next run.
 * Nothing ever stops a scan.
 */
public final class EnrichmentStore {

  /** The file's name. */
  public static final String FILE_NAME = "enrichment-v1.jsonl";

  /** The lock file's name. It is never deleted. */
  public static final String LOCK_NAME = "enrichment.lock";

  /** The format id of the first line. */
  public static final String FORMAT = "cream.enrichment/1";

  /** The longest line read; longer ones are damage. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** The largest file read at all. */
  static final long MAX_FILE_BYTES = 512L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(EnrichmentStore.class);
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  /** Random names for the files written: made on the first write (a read-only run never seeds it). */
  private static final class Random {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private static final byte[] HEADER_LINE =
      ("{\"format\":\"" + FORMAT + "\"}\n").getBytes(StandardCharsets.US_ASCII);

  /** A store that holds nothing and cannot be written: for engines without a cache directory. */
  public static final EnrichmentStore NONE = new EnrichmentStore(null);

  /** What a key's last answer was. */
  public enum Status {
    /** The service knew the call; never asked again. */
    FOUND,
    /** The service did not know the key (yet); asked again by later runs, a bounded number of times. */
    NOT_FOUND,
    /** Asking failed (a malformed or oversized answer, retries used up); asked again by later runs, bounded. */
    FAILED
  }

  /**
   * One answer.
   *
   * @param enricher the enricher id
   * @param key the key asked about
   * @param status what the answer was
   * @param attempts how many runs asked about the key without finding it (1 for a key found at once)
   * @param at when the last answer came
   * @param enrichment what the service said, for {@link Status#FOUND}
   */
  public record Entry(
      String enricher, String key, Status status, int attempts, Instant at, Optional<Enrichment> enrichment) {

    /**
     * Validates the components.
     *
     * @param enricher enricher id
     * @param key the key
     * @param status the status
     * @param attempts runs that asked
     * @param at when
     * @param enrichment what the service said
     */
    public Entry {
      Objects.requireNonNull(enricher, "enricher");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(enrichment, "enrichment");
      if ((status == Status.FOUND) != enrichment.isPresent()) {
        throw new IllegalArgumentException("an answer has an enrichment exactly when it was found");
      }
    }
  }

  /** The answers of one read of the file, per enricher and key. Immutable. */
  public static final class Answers {
    /** No answers. */
    public static final Answers EMPTY = new Answers(Map.of(), 0, 0, 0);

    private final Map<String, Map<String, Entry>> byEnricher;
    private final int lines;
    private final int damaged;
    private final int found;

    Answers(Map<String, Map<String, Entry>> byEnricher, int lines, int damaged, int found) {
      this.byEnricher = byEnricher;
      this.lines = lines;
      this.damaged = damaged;
      this.found = found;
    }

    /**
     * A fingerprint of every answer: equal fingerprints give equal enrichments, so a saved combined answer stays
     * valid.
     *
     * @return the fingerprint
     */
    public long fingerprint() {
      return byEnricher.isEmpty() ? 0 : 0x9E3779B97F4A7C15L * byEnricher.hashCode() + found;
    }

    /**
     * The last answer about a key.
     *
     * @param enricher the enricher id
     * @param key the key
     * @return the answer, if the key was asked about
     */
    public Optional<Entry> get(String enricher, String key) {
      Map<String, Entry> m = byEnricher.get(enricher);
      return m == null ? Optional.empty() : Optional.ofNullable(m.get(key));
    }

    /**
     * What the service said about a key, if it knew it.
     *
     * @param enricher the enricher id
     * @param key the key
     * @return the enrichment
     */
    public Optional<Enrichment> found(String enricher, String key) {
      Map<String, Entry> m = byEnricher.get(enricher);
      Entry e = m == null ? null : m.get(key);
      return e == null ? Optional.empty() : e.enrichment();
    }

    /**
     * Whether the file held no answer at all.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
      return byEnricher.isEmpty();
    }

    /**
     * How many keys were found.
     *
     * @return the count
     */
    public int foundCount() {
      return found;
    }

    /**
     * How many keys have an answer.
     *
     * @return the count
     */
    public int size() {
      int n = 0;
      for (Map<String, Entry> m : byEnricher.values()) {
        n += m.size();
      }
      return n;
    }

    /** Every answer, for rewriting the file. */
    List<Entry> entries() {
      List<Entry> out = new ArrayList<>();
      for (Map<String, Entry> m : byEnricher.values()) {
        out.addAll(m.values());
      }
      return out;
    }

    int lines() {
      return lines;
    }

    int damaged() {
      return damaged;
    }
  }

  private final Path directory;
  private final Path file;
  private volatile Cached cached;

  private record Cached(long size, Object modified, Object fileKey, Answers answers, List<Diagnostic> problems) {}

  /**
   * A store in a directory.
   *
   * @param directory cream's cache directory (where the scan index is), or null for {@link #NONE}
   */
  public EnrichmentStore(Path directory) {
    this.directory = directory == null ? null : directory.toAbsolutePath().normalize();
    this.file = this.directory == null ? null : this.directory.resolve(FILE_NAME);
  }

  /**
   * The file.
   *
   * @return the path of the answers, or empty for {@link #NONE}
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  // ------------------------------------------------------------------------------------------------- reading

  /** What a read of the file gave. */
  private record Read(Answers answers, boolean trusted, boolean tornTail) {}

  /**
   * The answers, as the file holds them now; reused while the file is unchanged. Never throws: problems are
   * diagnostics.
   *
   * @param diagnostics where damage is reported
   * @return the answers
   */
  public Answers answers(Diagnostics diagnostics) {
    if (file == null) {
      return Answers.EMPTY;
    }
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      cached = null;
      return Answers.EMPTY;
    } catch (IOException | RuntimeException e) {
      diagnostics.add(unreadable(e));
      return Answers.EMPTY;
    }
    Cached c = cached;
    if (c != null && c.size == a.size() && Objects.equals(c.modified, a.lastModifiedTime())
        && Objects.equals(c.fileKey, a.fileKey())) {
      diagnostics.addAll(c.problems);
      return c.answers;
    }
    Diagnostics problems = new Diagnostics();
    Answers answers;
    try {
      SafeFiles.privateDirectory(directory);
      answers = read(problems).answers();
    } catch (SafeFiles.UnsafeException e) {
      problems.add(unsafe(e));
      answers = Answers.EMPTY;
    } catch (NoSuchFileException e) {
      answers = Answers.EMPTY;
    } catch (IOException | RuntimeException e) {
      problems.add(unreadable(e));
      answers = Answers.EMPTY;
    }
    List<Diagnostic> p = problems.toList();
    cached = new Cached(a.size(), a.lastModifiedTime(), a.fileKey(), answers, p);
    diagnostics.addAll(p);
    return answers;
  }

  private Read read(Diagnostics problems) throws IOException {
    byte[] all;
    try (FileChannel ch = SafeFiles.openToRead(file)) {
      long size = ch.size();
      long max = Math.min(MAX_FILE_BYTES, Runtime.getRuntime().maxMemory() / 8);
      if (size > max) {
        problems.add(
            Diagnostic.of(Severity.WARNING, "cream.enrich.too-large",
                    "the enrichment answers (" + (size >> 20) + " MiB) do not fit this process's memory; this scan"
                        + " does without them")
                .at(file));
        return new Read(Answers.EMPTY, false, false);
      }
      all = new byte[(int) size];
      int n = ChannelIo.readUpTo(ch, all, 0, all.length, 0);
      if (n < all.length) {
        all = java.util.Arrays.copyOf(all, n); // shrank while read: a rewrite renamed over it
      }
    }
    return parse(all, problems);
  }

  private Read parse(byte[] all, Diagnostics problems) {
    int end = indexOf(all, 0, (byte) '\n');
    if (end < 0 || !java.util.Arrays.equals(all, 0, end + 1, HEADER_LINE, 0, HEADER_LINE.length)) {
      if (all.length == 0) {
        return new Read(Answers.EMPTY, true, false);
      }
      problems.add(
          Diagnostic.of(Severity.WARNING, "cream.enrich.corrupt",
                  "the enrichment answers file is not in the format " + FORMAT + "; it was not trusted, so calls are"
                      + " reported without enrichment until cream enrich asks again")
              .at(file));
      return new Read(Answers.EMPTY, false, false);
    }
    Map<String, Map<String, Entry>> out = new LinkedHashMap<>();
    int lines = 0;
    int damaged = 0;
    long firstDamagedLine = -1;
    long firstDamagedOffset = -1;
    int start = end + 1;
    long lineNo = 1;
    boolean torn = false;
    while (start < all.length) {
      int nl = indexOf(all, start, (byte) '\n');
      lineNo++;
      if (nl < 0) {
        torn = true; // an append in progress, or one a killed process left incomplete: not an answer yet
        break;
      }
      lines++;
      Entry e = nl - start > MAX_LINE_BYTES ? null : EnrichmentLines.entry(all, start, nl);
      if (e == null) {
        damaged++;
        if (firstDamagedLine < 0) {
          firstDamagedLine = lineNo;
          firstDamagedOffset = start;
        }
      } else {
        out.computeIfAbsent(e.enricher(), k -> new HashMap<>()).put(e.key(), e);
      }
      start = nl + 1;
    }
    if (damaged > 0) {
      problems.add(
          Diagnostic.of(Severity.WARNING, "cream.enrich.damaged",
                  "lines of the enrichment answers file are damaged and were skipped; the next cream enrich asks"
                      + " about their calls again")
              .at(file, firstDamagedLine, firstDamagedOffset)
              .withCount(damaged));
    }
    int found = 0;
    for (Map<String, Entry> m : out.values()) {
      for (Entry e : m.values()) {
        if (e.status() == Status.FOUND) {
          found++;
        }
      }
    }
    Map<String, Map<String, Entry>> frozen = new LinkedHashMap<>();
    out.forEach((k, v) -> frozen.put(k, Collections.unmodifiableMap(v)));
    return new Read(new Answers(Collections.unmodifiableMap(frozen), lines, damaged, found), true, torn);
  }

  private static int indexOf(byte[] b, int from, byte what) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == what) {
        return i;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------------------------------------- writing

  /**
   * Takes the store for a run: the lock, the answers as they are, and a way to append. Returns empty, with a
   * diagnostic, when another run holds the lock or the directory cannot be used.
   *
   * @param diagnostics where problems go
   * @return the open store, to close when the run ends
   */
  public Optional<Writer> open(Diagnostics diagnostics) {
    if (file == null) {
      diagnostics.add(Diagnostic.of(Severity.ERROR, "cream.enrich.no-directory",
          "enrichment needs cream's cache directory to keep its answers, and this engine has none (noIndex)"));
      return Optional.empty();
    }
    ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(directory, k -> new ReentrantLock());
    if (!jvm.tryLock()) {
      diagnostics.add(busy());
      return Optional.empty();
    }
    FileChannel lockChannel = null;
    FileLock lock = null;
    try {
      SafeFiles.privateDirectory(directory);
      lockChannel = SafeFiles.openToWrite(
          directory.resolve(LOCK_NAME), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        closeQuietly(lockChannel);
        jvm.unlock();
        diagnostics.add(busy());
        return Optional.empty();
      }
      removeStaleTemporaries();
      Diagnostics problems = new Diagnostics();
      Read r;
      try {
        r = read(problems);
      } catch (NoSuchFileException e) {
        r = new Read(Answers.EMPTY, true, false);
      }
      diagnostics.addAll(problems.toList());
      boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
      if (!r.trusted() && exists) {
        setAside();
      }
      Answers answers = r.trusted() ? r.answers() : Answers.EMPTY;
      boolean rewrite = !exists || !r.trusted() || r.tornTail() || answers.damaged() > 0
          || answers.lines() > 2 * answers.size() + 16;
      if (rewrite) {
        rewrite(answers.entries());
      }
      FileChannel append = SafeFiles.openToWrite(file, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND));
      return Optional.of(new Writer(jvm, lockChannel, lock, append, answers));
    } catch (SafeFiles.UnsafeException e) {
      release(jvm, lockChannel, lock);
      diagnostics.add(unsafe(e));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      release(jvm, lockChannel, lock);
      diagnostics.add(
          Diagnostic.of(Severity.ERROR, "cream.enrich.unwritable",
                  "the enrichment answers cannot be written (" + e.getClass().getSimpleName() + "); nothing was"
                      + " asked")
              .at(file));
      return Optional.empty();
    }
  }

  private static void release(ReentrantLock jvm, FileChannel channel, FileLock lock) {
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not release the enrichment lock", e);
      }
    }
    closeQuietly(channel);
    jvm.unlock();
  }

  /** Writes the answers whole to a new file and renames it over the old one. */
  private void rewrite(List<Entry> entries) throws IOException {
    Path tmp = directory.resolve(FILE_NAME + "." + ProcessHandle.current().pid() + "."
        + Long.toHexString(Random.RANDOM.nextLong()) + ".tmp");
    try {
      try (FileChannel ch = SafeFiles.openToWrite(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + entries.size() * 200);
        buf.write(HEADER_LINE);
        for (Entry e : entries) {
          buf.write(EnrichmentLines.line(e));
        }
        writeFully(ch, ByteBuffer.wrap(buf.toByteArray()));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Under the lock no other run is rewriting, so a temporary file left is from a run that died. */
  private void removeStaleTemporaries() {
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(directory, FILE_NAME + ".*.tmp")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not remove stale temporary enrichment files", e);
    }
  }

  private void setAside() {
    try {
      Files.move(file, directory.resolve(FILE_NAME + ".discarded"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not set the untrusted enrichment file aside", e);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer bb) throws IOException {
    while (bb.hasRemaining()) {
      ch.write(bb);
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

  private Diagnostic busy() {
    return Diagnostic.of(Severity.WARNING, "cream.enrich.busy",
            "another cream enrich is running on this cache directory; this one asked nothing")
        .at(directory);
  }

  private Diagnostic unsafe(SafeFiles.UnsafeException e) {
    return Diagnostic.of(Severity.WARNING, "cream.enrich.unsafe",
            "the cache directory or the enrichment answers file is not safe to use (" + e.getMessage() + "); the"
                + " answers are neither read nor written: make the directory yours and writable by you only (chmod"
                + " 700)")
        .at(directory);
  }

  private Diagnostic unreadable(Exception e) {
    return Diagnostic.of(Severity.WARNING, "cream.enrich.unreadable",
            "the enrichment answers could not be read (" + e.getClass().getSimpleName() + "); this scan does"
                + " without them")
        .at(file);
  }

  /** A run's hold on the store: the lock, the answers, and appending. Not thread-safe: a run appends from one thread. */
  public final class Writer implements AutoCloseable {
    private final ReentrantLock jvm;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel append;
    private final Map<String, Map<String, Entry>> answers = new HashMap<>();
    private int appended;
    private boolean open = true;

    Writer(ReentrantLock jvm, FileChannel lockChannel, FileLock lock, FileChannel append, Answers current) {
      this.jvm = jvm;
      this.lockChannel = lockChannel;
      this.lock = lock;
      this.append = append;
      for (Entry e : current.entries()) {
        answers.computeIfAbsent(e.enricher(), k -> new HashMap<>()).put(e.key(), e);
      }
    }

    /**
     * The last answer about a key, this run's included.
     *
     * @param enricher the enricher id
     * @param key the key
     * @return the answer, if any
     */
    public Optional<Entry> get(String enricher, String key) {
      Map<String, Entry> m = answers.get(enricher);
      return m == null ? Optional.empty() : Optional.ofNullable(m.get(key));
    }

    /**
     * Appends an answer: one line, one write, before this returns.
     *
     * @param e the answer
     * @throws IOException if it could not be written
     */
    public void append(Entry e) throws IOException {
      if (!open) {
        throw new IllegalStateException("the enrichment store was closed");
      }
      writeFully(append, ByteBuffer.wrap(EnrichmentLines.line(e)));
      answers.computeIfAbsent(e.enricher(), k -> new HashMap<>()).put(e.key(), e);
      appended++;
    }

    /**
     * Compacts the file when many of its lines were replaced, and releases the lock.
     */
    @Override
    public void close() {
      if (!open) {
        return;
      }
      open = false;
      closeQuietly(append);
      try {
        int live = 0;
        for (Map<String, Entry> m : answers.values()) {
          live += m.size();
        }
        if (appended > 0 && Files.size(file) > 0) {
          Diagnostics ignored = new Diagnostics();
          Read r = read(ignored);
          if (r.trusted() && r.answers().lines() > 2 * live + 16) {
            rewrite(r.answers().entries());
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("could not compact the enrichment answers", e);
      } finally {
        release(jvm, lockChannel, lock);
      }
    }
  }
}
