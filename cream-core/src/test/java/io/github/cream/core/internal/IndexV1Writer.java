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

/** The scan index's format version 1, as the previous release wrote it: for testing its conversion. */
public final class IndexV1Writer {

  static final int VERSION = 1;
  static final int HEADER = 40;
  static final byte[] MAGIC = IndexCodec.MAGIC;

  private IndexV1Writer() {}

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

}
