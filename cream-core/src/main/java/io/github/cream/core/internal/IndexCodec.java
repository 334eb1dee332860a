package io.github.cream.core.internal;

import io.github.cream.api.DedupKey;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.ResumeState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The scan index's binary form. Compact (a string table for every repeated string, variable-length integers,
 * deltas between neighbouring records) and quick to load; checksummed so that a damaged file is never trusted.
 *
 * <pre>
 * header (40 bytes, big-endian):
 *   0  magic "CREAMIDX"
 *   8  u32 format version ({@value #VERSION})
 *   12 u32 reserved flags (0)
 *   16 u64 write id (random per write; lets a process tell whether the file changed since it last read it)
 *   24 u64 body length
 *   32 u32 CRC32C of the body
 *   36 u32 CRC32C of header bytes 0..35
 * body:
 *   strings   varint n, then n times (varint byte length, UTF-8 bytes)
 *   sources   varint n, then n times (string source id, string hint)
 *   entries   varint n, then n times (varint byte length, entry)
 * entry:
 *   string source, string path, varint size, zigzag mtime ns, string? file key, byte flags (1 store, 2 state
 *   present, 4 tail known), varint consumed offset, varint last line, u64 head hash, u64 tail hash,
 *   [varint length, state bytes], varint malformed lines,
 *   varint n records, records; varint n facts, facts; varint n diagnostics, diagnostics
 * </pre>
 * "string" is a varint index into the string table; "string?" is 0 for none, else index + 1. A record stores the
 * presence of its optional fields in a bit set, its timestamp as a delta of seconds to the previous record of the
 * file, and its line and byte offset as deltas too. Nothing but what reports need is stored: ids, models, token
 * counts, costs, timestamps, session facts and diagnostics; never a line's content.
 */
public final class IndexCodec {

  /** The format version this code reads and writes. */
  public static final int VERSION = 1;

  /** The header's length. */
  public static final int HEADER = 40;

  static final byte[] MAGIC = "CREAMIDX".getBytes(StandardCharsets.US_ASCII);

  private static final RecordFlag[] RECORD_FLAGS = RecordFlag.values();
  private static final Severity[] SEVERITIES = Severity.values();
  private static final SessionCategory[] CATEGORIES = SessionCategory.values();

  private IndexCodec() {}

  /** Why an index could not be read. */
  public static final class CorruptIndexException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kind of damage. */
    public enum Kind {
      /** Not a cream index at all (wrong magic). */
      FOREIGN,
      /** A cream index of another format version. */
      VERSION,
      /** Truncated, checksum mismatch or inconsistent content. */
      CORRUPT
    }

    private final Kind kind;

    CorruptIndexException(Kind kind, String message) {
      super(message);
      this.kind = kind;
    }

    /**
     * The kind of damage.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }
  }

  /**
   * The parts of a header a process checks before reading the rest.
   *
   * @param version the format version
   * @param writeId the random id of the write
   * @param bodyLength the body's length
   */
  public record Header(int version, long writeId, long bodyLength) {}

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * Encodes a state.
   *
   * @param state the state
   * @param writeId the write's random id
   * @return the file's bytes
   */
  public static byte[] encode(IndexState state, long writeId) {
    Out[] parts = encodeParts(state, writeId);
    Out file = new Out((long) parts[0].size + parts[1].size + parts[2].size);
    for (Out part : parts) {
      file.bytes(part.buf, 0, part.size);
    }
    return file.size == file.buf.length ? file.buf : java.util.Arrays.copyOf(file.buf, file.size);
  }

  /**
   * Encodes a state straight to a channel, without assembling the file in memory first: the heap holds the entries'
   * bytes and the string table once, not three copies of the index.
   *
   * @param state the state
   * @param writeId the write's random id
   * @param out where the file's bytes go
   * @return how many bytes were written
   * @throws java.io.IOException if writing fails
   */
  public static long write(IndexState state, long writeId, java.nio.channels.WritableByteChannel out)
      throws java.io.IOException {
    long n = 0;
    for (Out part : encodeParts(state, writeId)) {
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(part.buf, 0, part.size);
      while (bb.hasRemaining()) {
        n += out.write(bb);
      }
    }
    return n;
  }

  /** The file in three parts: header, string table, the rest of the body. */
  private static Out[] encodeParts(IndexState state, long writeId) {
    Strings strings = new Strings();
    Out rest = new Out(1 << 16);
    rest.varint(state.sourceHints().size());
    state.sourceHints().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              rest.varint(strings.id(e.getKey()));
              rest.varint(strings.id(e.getValue()));
            });
    List<IndexEntry> entries = new ArrayList<>(state.entries());
    entries.sort((a, b) -> a.key().path().equals(b.key().path())
        ? a.sourceId().compareTo(b.sourceId()) : a.key().path().compareTo(b.key().path()));
    rest.varint(entries.size());
    Out entry = new Out(1 << 12);
    for (IndexEntry e : entries) {
      entry.reset();
      writeEntry(entry, e, strings);
      rest.varint(entry.size);
      rest.bytes(entry.buf, 0, entry.size);
    }
    Out table = new Out(strings.bytes + 16);
    table.varint(strings.list.size());
    for (byte[] s : strings.list) {
      table.varint(s.length);
      table.bytes(s, 0, s.length);
    }
    CRC32C body = new CRC32C();
    body.update(table.buf, 0, table.size);
    body.update(rest.buf, 0, rest.size);

    Out header = new Out(HEADER);
    header.bytes(MAGIC, 0, MAGIC.length);
    header.u32(VERSION);
    header.u32(0);
    header.u64(writeId);
    header.u64((long) table.size + rest.size);
    header.u32((int) body.getValue());
    header.u32(crc(header.buf, 0, 36));
    return new Out[] {header, table, rest};
  }

  private static void writeEntry(Out o, IndexEntry e, Strings s) {
    o.varint(s.id(e.sourceId()));
    String path = StoredPath.text(e.file());
    o.varint(s.id(path));
    o.varint(e.identity().size());
    o.zigzag(e.identity().mtimeNanos());
    o.varint(s.optId(e.identity().fileKey()));
    int flags = (e.store() ? 1 : 0) | (e.state() != null ? 2 : 0) | (e.tailKnown() ? 4 : 0);
    o.u8(flags);
    o.varint(e.consumedOffset());
    o.varint(e.linesEnd());
    o.u64(e.headHash());
    o.u64(e.tailHash());
    if (e.state() != null) {
      byte[] st = e.state().bytes();
      o.varint(st.length);
      o.bytes(st, 0, st.length);
    }
    o.varint(e.malformedLines());
    o.varint(e.records().size());
    long prevSecond = 0;
    long prevLine = 0;
    long prevOffset = 0;
    for (UsageRecord r : e.records()) {
      int bits = 0;
      if (r.project().isPresent()) {
        bits |= 1;
      }
      if (r.recordedCost().isPresent()) {
        bits |= 2;
      }
      if (r.messageId().isPresent()) {
        bits |= 4;
      }
      if (r.requestId().isPresent()) {
        bits |= 8;
      }
      if (r.dedupKey().isPresent()) {
        bits |= 16;
      }
      boolean otherFile = !r.origin().file().equals(e.file());
      if (otherFile) {
        bits |= 32;
      }
      if (!r.serviceTier().equals(UsageRecord.STANDARD_TIER)) {
        bits |= 64;
      }
      if (r.timestamp().getNano() != 0) {
        bits |= 128;
      }
      if (!r.flags().isEmpty()) {
        bits |= 256;
      }
      if (!r.source().equals(e.sourceId())) {
        bits |= 512;
      }
      o.varint(bits);
      if ((bits & 512) != 0) {
        o.varint(s.id(r.source()));
      }
      o.varint(s.id(r.provider()));
      o.varint(s.id(r.model()));
      o.varint(s.id(r.sessionId()));
      if ((bits & 1) != 0) {
        o.varint(s.id(r.project().get()));
      }
      long sec = r.timestamp().getEpochSecond();
      o.zigzag(sec - prevSecond);
      prevSecond = sec;
      if ((bits & 128) != 0) {
        o.varint(r.timestamp().getNano());
      }
      TokenCounts t = r.tokens();
      o.varint(t.input());
      o.varint(t.cacheRead());
      o.varint(t.cacheWrite5m());
      o.varint(t.cacheWrite1h());
      o.varint(t.output());
      o.varint(t.reasoning());
      if ((bits & 2) != 0) {
        o.varint(r.recordedCost().get().nanos());
      }
      if ((bits & 4) != 0) {
        o.varint(s.id(r.messageId().get()));
      }
      if ((bits & 8) != 0) {
        o.varint(s.id(r.requestId().get()));
      }
      if ((bits & 16) != 0) {
        DedupKey k = r.dedupKey().get();
        o.varint(s.id(k.group()));
        o.varint(s.id(k.variant()));
        o.varint(k.tier());
      }
      if ((bits & 256) != 0) {
        int f = 0;
        for (RecordFlag flag : r.flags()) {
          f |= 1 << flag.ordinal();
        }
        o.varint(f);
      }
      if ((bits & 64) != 0) {
        o.varint(s.id(r.serviceTier()));
      }
      if (otherFile) {
        o.varint(s.id(StoredPath.text(r.origin().file())));
      }
      o.zigzag(r.origin().line() - prevLine);
      prevLine = r.origin().line();
      o.zigzag(r.origin().byteOffset() - prevOffset);
      prevOffset = r.origin().byteOffset();
    }
    o.varint(e.facts().size());
    for (SessionFacts f : e.facts()) {
      writeFacts(o, f, e.sourceId(), s);
    }
    o.varint(e.diagnostics().size());
    for (Diagnostic d : e.diagnostics()) {
      o.u8(d.severity().ordinal());
      o.varint(s.id(d.code()));
      o.varint(s.id(d.message()));
      o.varint(s.optId(d.sourceId().orElse(null)));
      o.varint(s.optId(d.file().map(StoredPath::text).orElse(null)));
      o.varint(d.line().isPresent() ? d.line().getAsLong() + 1 : 0);
      o.varint(d.byteOffset().isPresent() ? d.byteOffset().getAsLong() + 1 : 0);
      o.varint(d.count());
    }
  }

  private static void writeFacts(Out o, SessionFacts f, String sourceId, Strings s) {
    o.varint(s.optId(f.source().equals(sourceId) ? null : f.source()));
    o.varint(s.id(f.sessionId()));
    o.zigzag(f.priority());
    int bits = (f.title().isPresent() ? 1 : 0)
        | (f.project().isPresent() ? 2 : 0)
        | (f.category().isPresent() ? 4 : 0)
        | (f.channel().isPresent() ? 8 : 0)
        | (f.cronJob().isPresent() ? 16 : 0)
        | (f.parentSessionId().isPresent() ? 32 : 0)
        | (f.firstSeen().isPresent() ? 64 : 0)
        | (f.lastSeen().isPresent() ? 128 : 0)
        | (f.rateLimits().isPresent() ? 256 : 0);
    o.varint(bits);
    f.title().ifPresent(v -> o.varint(s.id(v)));
    f.project().ifPresent(v -> o.varint(s.id(v)));
    f.category().ifPresent(v -> o.varint(v.ordinal()));
    f.channel().ifPresent(v -> o.varint(s.id(v)));
    f.cronJob().ifPresent(v -> o.varint(s.id(v)));
    f.parentSessionId().ifPresent(v -> o.varint(s.id(v)));
    f.firstSeen().ifPresent(v -> instant(o, v));
    f.lastSeen().ifPresent(v -> instant(o, v));
    if (f.rateLimits().isPresent()) {
      RateLimits rl = f.rateLimits().get();
      instant(o, rl.observedAt());
      o.varint(s.optId(rl.plan().orElse(null)));
      o.varint(rl.windows().size());
      for (RateLimitWindow w : rl.windows()) {
        o.varint(s.id(w.name()));
        o.u64(Double.doubleToRawLongBits(w.usedPercent()));
        o.varint(w.windowMinutes().isPresent() ? 1 : 0);
        if (w.windowMinutes().isPresent()) {
          o.zigzag(w.windowMinutes().getAsLong());
        }
        o.varint(w.resetsAt().isPresent() ? 1 : 0);
        w.resetsAt().ifPresent(v -> instant(o, v));
      }
    }
    o.varint(f.attributes().size());
    f.attributes().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            a -> {
              o.varint(s.id(a.getKey()));
              o.varint(s.id(a.getValue()));
            });
  }

  private static void instant(Out o, Instant t) {
    o.zigzag(t.getEpochSecond());
    o.varint(t.getNano());
  }

  private static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** Interns strings for the table. */
  private static final class Strings {
    final Map<String, Integer> ids = new HashMap<>();
    final List<byte[]> list = new ArrayList<>();
    long bytes;

    int id(String v) {
      Integer i = ids.get(v);
      if (i == null) {
        i = list.size();
        ids.put(v, i);
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        list.add(b);
        bytes += b.length + 5;
      }
      return i;
    }

    int optId(String v) {
      return v == null ? 0 : id(v) + 1;
    }
  }

  /** A growable output buffer. */
  private static final class Out {
    byte[] buf;
    int size;

    Out(long capacity) {
      buf = new byte[(int) Math.max(16, Math.min(Integer.MAX_VALUE - 16, capacity))];
    }

    void reset() {
      size = 0;
    }

    private void ensure(int n) {
      if (size + n > buf.length) {
        long want = Math.max((long) buf.length * 2, (long) size + n);
        if (want > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("the scan index would exceed 2 GiB");
        }
        buf = java.util.Arrays.copyOf(buf, (int) want);
      }
    }

    void u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void u32(int v) {
      ensure(4);
      for (int i = 3; i >= 0; i--) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    void u64(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    void varint(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void zigzag(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    void bytes(byte[] b, int off, int n) {
      ensure(n);
      System.arraycopy(b, off, buf, size, n);
      size += n;
    }
  }

  // ------------------------------------------------------------------------------------------------ reading

  /**
   * Reads a header, checking magic, version and the header's own checksum.
   *
   * @param b at least the first {@value #HEADER} bytes of the file
   * @param length how many bytes of {@code b} are valid
   * @return the header
   * @throws CorruptIndexException if the header is damaged, foreign or of another version
   */
  public static Header header(byte[] b, int length) throws CorruptIndexException {
    if (length < MAGIC.length) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        throw new CorruptIndexException(CorruptIndexException.Kind.FOREIGN, "the file is not a cream scan index");
      }
    }
    if (length < HEADER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    In in = new In(b, 8, HEADER);
    int version = (int) in.u32();
    in.u32();
    long writeId = in.u64();
    long bodyLength = in.u64();
    in.u32();
    int headerCrc = (int) in.u32();
    if (headerCrc != crc(b, 0, 36)) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index header's checksum is wrong");
    }
    if (version != VERSION) {
      throw new CorruptIndexException(
          CorruptIndexException.Kind.VERSION, "the index has format version " + version + ", not " + VERSION);
    }
    return new Header(version, writeId, bodyLength);
  }

  /**
   * Decodes a whole index file on one thread.
   *
   * @param b the file's bytes
   * @return the state
   * @throws CorruptIndexException if anything is wrong with it
   */
  public static IndexState decode(byte[] b) throws CorruptIndexException {
    return decode(b, 1);
  }

  /**
   * Decodes a whole index file, its entries on up to {@code parallelism} threads.
   *
   * @param b the file's bytes
   * @param parallelism how many threads may decode entries
   * @return the state
   * @throws CorruptIndexException if anything is wrong with it
   */
  public static IndexState decode(byte[] b, int parallelism) throws CorruptIndexException {
    Header h = header(b, b.length);
    if (h.bodyLength() != b.length - HEADER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated or too long");
    }
    In hin = new In(b, 32, 36);
    int bodyCrc = (int) hin.u32();
    if (bodyCrc != crc(b, HEADER, b.length - HEADER)) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index's checksum is wrong");
    }
    try {
      In in = new In(b, HEADER, b.length);
      int n = in.count();
      String[] strings = new String[n];
      for (int i = 0; i < n; i++) {
        int len = in.count();
        strings[i] = in.string(len);
      }
      int sources = in.count();
      Map<String, String> hints = new LinkedHashMap<>();
      for (int i = 0; i < sources; i++) {
        hints.put(in.str(strings), in.str(strings));
      }
      int entries = in.count();
      int[] starts = new int[entries];
      int[] ends = new int[entries];
      for (int i = 0; i < entries; i++) {
        int len = in.count();
        starts[i] = in.pos;
        ends[i] = in.pos + len;
        in.pos = ends[i];
      }
      if (in.pos != in.end) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index has trailing bytes");
      }
      IndexEntry[] decoded = new IndexEntry[entries];
      int threads = Math.max(1, Math.min(parallelism, 8));
      if (threads == 1 || entries < 64 || b.length < (1 << 20)) {
        decodeRange(b, strings, starts, ends, 0, entries, decoded);
      } else {
        decodeInParallel(b, strings, starts, ends, decoded, threads);
      }
      Map<IndexEntry.Key, IndexEntry> map = new HashMap<>(Math.max(16, entries * 2));
      for (IndexEntry e : decoded) {
        if (map.put(e.key(), e) != null) {
          throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index lists a file twice");
        }
      }
      return new IndexState(map, hints);
    } catch (RuntimeException e) {
      throw new CorruptIndexException(
          CorruptIndexException.Kind.CORRUPT, "the index's content is inconsistent (" + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static void decodeRange(
      byte[] b, String[] strings, int[] starts, int[] ends, int from, int to, IndexEntry[] out)
      throws CorruptIndexException {
    Map<String, Path> paths = new HashMap<>();
    for (int i = from; i < to; i++) {
      out[i] = readEntry(new In(b, starts[i], ends[i]), strings, paths);
    }
  }

  /** Decodes entries in chunks of about equal bytes on short-lived daemon threads. */
  private static void decodeInParallel(
      byte[] b, String[] strings, int[] starts, int[] ends, IndexEntry[] out, int threads)
      throws CorruptIndexException {
    int entries = starts.length;
    long total = 0;
    for (int i = 0; i < entries; i++) {
      total += ends[i] - starts[i];
    }
    int chunks = threads * 4;
    List<int[]> ranges = new ArrayList<>();
    long per = Math.max(1, total / chunks);
    int from = 0;
    long acc = 0;
    for (int i = 0; i < entries; i++) {
      acc += ends[i] - starts[i];
      if (acc >= per || i == entries - 1) {
        ranges.add(new int[] {from, i + 1});
        from = i + 1;
        acc = 0;
      }
    }
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    Throwable[] failure = new Throwable[1];
    Runnable worker =
        () -> {
          for (int r = next.getAndIncrement(); r < ranges.size(); r = next.getAndIncrement()) {
            int[] range = ranges.get(r);
            try {
              decodeRange(b, strings, starts, ends, range[0], range[1], out);
            } catch (CorruptIndexException | RuntimeException | OutOfMemoryError e) {
              synchronized (failure) {
                failure[0] = e; // an index too large for the heap is refused by the caller, not a dead thread
              }
              return;
            }
          }
        };
    List<Thread> started = new ArrayList<>();
    for (int t = 1; t < threads; t++) {
      Thread th = new Thread(worker, "cream-index-load-" + t);
      th.setDaemon(true);
      th.start();
      started.add(th);
    }
    worker.run();
    for (Thread th : started) {
      try {
        th.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("loading the scan index was interrupted", e);
      }
    }
    synchronized (failure) {
      if (failure[0] instanceof CorruptIndexException c) {
        throw c;
      }
      if (failure[0] instanceof RuntimeException r) {
        throw r;
      }
      if (failure[0] instanceof OutOfMemoryError o) {
        throw o;
      }
    }
  }

  private static IndexEntry readEntry(In in, String[] s, Map<String, Path> paths) throws CorruptIndexException {
    String sourceId = in.str(s);
    String pathText = in.str(s);
    Path file = paths.computeIfAbsent(pathText, StoredPath::of);
    long size = in.varint();
    long mtime = in.zigzag();
    String key = in.optStr(s);
    int flags = in.u8();
    long consumed = in.varint();
    long linesEnd = in.varint();
    long headHash = in.u64();
    long tailHash = in.u64();
    ResumeState state = null;
    if ((flags & 2) != 0) {
      int len = in.count();
      state = ResumeState.of(in.raw(len));
    }
    long malformed = in.varint();
    int nr = in.count();
    List<UsageRecord> records = new ArrayList<>(nr);
    long prevSecond = 0;
    long prevLine = 0;
    long prevOffset = 0;
    for (int i = 0; i < nr; i++) {
      int bits = (int) in.varint();
      String source = (bits & 512) != 0 ? in.str(s) : sourceId;
      String provider = in.str(s);
      String model = in.str(s);
      String session = in.str(s);
      Optional<String> project = (bits & 1) != 0 ? Optional.of(in.str(s)) : Optional.empty();
      long sec = prevSecond + in.zigzag();
      prevSecond = sec;
      int nano = (bits & 128) != 0 ? (int) in.varint() : 0;
      TokenCounts tokens =
          new TokenCounts(in.varint(), in.varint(), in.varint(), in.varint(), in.varint(), in.varint());
      Optional<Money> cost = (bits & 2) != 0 ? Optional.of(Money.ofNanos(in.varint())) : Optional.empty();
      Optional<String> messageId = (bits & 4) != 0 ? Optional.of(in.str(s)) : Optional.empty();
      Optional<String> requestId = (bits & 8) != 0 ? Optional.of(in.str(s)) : Optional.empty();
      Optional<DedupKey> dedup =
          (bits & 16) != 0
              ? Optional.of(new DedupKey(in.str(s), in.str(s), (int) in.varint()))
              : Optional.empty();
      Set<RecordFlag> rflags = Set.of();
      if ((bits & 256) != 0) {
        long f = in.varint();
        EnumSet<RecordFlag> set = EnumSet.noneOf(RecordFlag.class);
        for (int k = 0; k < 63 && f != 0; k++, f >>>= 1) {
          if ((f & 1) != 0) {
            if (k >= RECORD_FLAGS.length) {
              throw new IllegalArgumentException("unknown record flag");
            }
            set.add(RECORD_FLAGS[k]);
          }
        }
        rflags = set;
      }
      String tier = (bits & 64) != 0 ? in.str(s) : UsageRecord.STANDARD_TIER;
      Path originFile = (bits & 32) != 0 ? paths.computeIfAbsent(in.str(s), StoredPath::of) : file;
      long line = prevLine + in.zigzag();
      prevLine = line;
      long offset = prevOffset + in.zigzag();
      prevOffset = offset;
      records.add(
          new UsageRecord(
              source, provider, model, session, project, Instant.ofEpochSecond(sec, nano), tokens, cost, messageId,
              requestId, dedup, rflags, tier, new Origin(originFile, line, offset)));
    }
    int nf = in.count();
    List<SessionFacts> facts = new ArrayList<>(nf);
    for (int i = 0; i < nf; i++) {
      facts.add(readFacts(in, sourceId, s));
    }
    int nd = in.count();
    List<Diagnostic> diagnostics = new ArrayList<>(nd);
    for (int i = 0; i < nd; i++) {
      int sev = in.u8();
      if (sev >= SEVERITIES.length) {
        throw new IllegalArgumentException("unknown severity");
      }
      String code = in.str(s);
      String message = in.str(s);
      Optional<String> src = Optional.ofNullable(in.optStr(s));
      Optional<Path> dfile = Optional.ofNullable(in.optStr(s)).map(p -> paths.computeIfAbsent(p, StoredPath::of));
      long line = in.varint();
      long off = in.varint();
      long count = in.varint();
      diagnostics.add(
          new Diagnostic(
              SEVERITIES[sev], code, message, src, dfile,
              line == 0 ? OptionalLong.empty() : OptionalLong.of(line - 1),
              off == 0 ? OptionalLong.empty() : OptionalLong.of(off - 1), count));
    }
    if (in.pos != in.end) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "an index entry has trailing bytes");
    }
    return new IndexEntry(
        sourceId, file, new FileIdentity(size, mtime, key), (flags & 1) != 0, consumed, linesEnd, headHash,
        tailHash, (flags & 4) != 0, state, malformed, records, facts, diagnostics);
  }

  private static SessionFacts readFacts(In in, String sourceId, String[] s) {
    String source = in.optStr(s);
    String sessionId = in.str(s);
    int priority = (int) in.zigzag();
    int bits = (int) in.varint();
    Optional<String> title = (bits & 1) != 0 ? Optional.of(in.str(s)) : Optional.empty();
    Optional<String> project = (bits & 2) != 0 ? Optional.of(in.str(s)) : Optional.empty();
    Optional<SessionCategory> category = Optional.empty();
    if ((bits & 4) != 0) {
      int c = in.count();
      if (c >= CATEGORIES.length) {
        throw new IllegalArgumentException("unknown category");
      }
      category = Optional.of(CATEGORIES[c]);
    }
    Optional<String> channel = (bits & 8) != 0 ? Optional.of(in.str(s)) : Optional.empty();
    Optional<String> cronJob = (bits & 16) != 0 ? Optional.of(in.str(s)) : Optional.empty();
    Optional<String> parent = (bits & 32) != 0 ? Optional.of(in.str(s)) : Optional.empty();
    Optional<Instant> first = (bits & 64) != 0 ? Optional.of(in.instant()) : Optional.empty();
    Optional<Instant> last = (bits & 128) != 0 ? Optional.of(in.instant()) : Optional.empty();
    Optional<RateLimits> limits = Optional.empty();
    if ((bits & 256) != 0) {
      Instant observed = in.instant();
      String plan = in.optStr(s);
      int n = in.count();
      List<RateLimitWindow> windows = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String name = in.str(s);
        double used = Double.longBitsToDouble(in.u64());
        OptionalLong minutes = in.varint() != 0 ? OptionalLong.of(in.zigzag()) : OptionalLong.empty();
        Optional<Instant> resets = in.varint() != 0 ? Optional.of(in.instant()) : Optional.empty();
        windows.add(new RateLimitWindow(name, used, minutes, resets));
      }
      limits = Optional.of(new RateLimits(observed, windows, Optional.ofNullable(plan)));
    }
    int na = in.count();
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < na; i++) {
      attributes.put(in.str(s), in.str(s));
    }
    return new SessionFacts(
        source == null ? sourceId : source, sessionId, priority, title, project, category, channel, cronJob, parent,
        first, last, limits, attributes);
  }

  /** A bounds-checked reader. */
  private static final class In {
    final byte[] b;
    int pos;
    final int end;

    In(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    private void need(int n) {
      if (n < 0 || pos + n > end || pos + n < pos) {
        throw new IndexOutOfBoundsException("read past the end");
      }
    }

    int u8() {
      need(1);
      return b[pos++] & 0xff;
    }

    long u32() {
      need(4);
      long v = 0;
      for (int i = 0; i < 4; i++) {
        v = (v << 8) | (b[pos++] & 0xff);
      }
      return v;
    }

    long u64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xff);
      }
      return v;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        need(1);
        byte x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("a varint is too long");
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    /** A count or length: every counted item takes at least one byte, so it cannot exceed what is left. */
    int count() {
      long v = varint();
      if (v < 0 || v > end - pos) {
        throw new IllegalArgumentException("a count is out of range");
      }
      return (int) v;
    }

    String string(int len) {
      need(len);
      String v = new String(b, pos, len, StandardCharsets.UTF_8);
      pos += len;
      return v;
    }

    byte[] raw(int len) {
      need(len);
      byte[] v = java.util.Arrays.copyOfRange(b, pos, pos + len);
      pos += len;
      return v;
    }

    String str(String[] s) {
      long i = varint();
      if (i < 0 || i >= s.length) {
        throw new IllegalArgumentException("a string index is out of range");
      }
      return s[(int) i];
    }

    String optStr(String[] s) {
      long i = varint();
      if (i == 0) {
        return null;
      }
      if (i < 0 || i > s.length) {
        throw new IllegalArgumentException("a string index is out of range");
      }
      return s[(int) (i - 1)];
    }

    Instant instant() {
      long sec = zigzag();
      long nano = varint();
      if (nano < 0 || nano > 999_999_999L) {
        throw new IllegalArgumentException("nanoseconds out of range");
      }
      return Instant.ofEpochSecond(sec, nano);
    }
  }
}
