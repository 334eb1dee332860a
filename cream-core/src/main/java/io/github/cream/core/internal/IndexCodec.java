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
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 * version {@value #VERSION}, the head file (big-endian):
 *   prefix    "CREAMIDX", u32 format version, u32 reserved flags (0)
 *   sections  each entry's records, when there is no data file (else they are in the data file, append-only)
 *   directory strings, head, entries, answer (one CRC32C over all of it, in the trailer)
 *   trailer   u64 write id (random per write), u64 directory offset, u64 directory length, u32 its CRC32C,
 *             u32 format version, u32 reserved, u32 CRC32C of the trailer's first 36 bytes
 * directory:
 *   strings   varint n, then n times (varint byte length, UTF-8 bytes); the last may be the census (see below)
 *   head      string? the data file's name; varint n, then n times (string source id, string hint)
 *   entries   varint n, then n times (varint byte length, entry)
 *   answer    byte 1 and the saved answer (fingerprint, counters, problems, cells), then byte 1 and the places
 *             of its deduplication groups' parts (or byte 0); or byte 0
 * entry:
 *   string source, string path, varint size, zigzag mtime ns, string? file key, byte flags (1 store, 2 state
 *   present, 4 tail known), varint consumed offset, varint last line, u64 head hash, u64 tail hash,
 *   [varint length, state bytes], varint malformed lines, the section's place (offset, length, CRC32C, records,
 *   first and last second); varint n facts, facts; diagnostics
 * </pre>
 * "string" is a varint index into the string table; "string?" is 0 for none, else index + 1. A record stores the
 * presence of its optional fields in a bit set, its timestamp as a delta of seconds to the previous record of the
 * file, and its line and byte offset as deltas too. Nothing but what reports need is stored: ids, models, token
 * counts, costs, timestamps, session facts and diagnostics; never a line's content. The census of the scan that
 * saved the answer ({@link IndexState.Census}) is the table's last string, {@link #CENSUS_MARK} and five numbers
 * in hexadecimal: no entry names it, so a reader that does not know it reads the file as before. A save that copies
 * the entries that did not change ({@link EncodedDirectory}) writes the table it read as it was, strings nothing
 * names any more included, with the strings it adds after it; its census has a sixth number, how many strings such
 * saves added since the table was last written whole (a reader that knows five takes it for no census). Version 1
 * (one file, one checksum over a body of inline records) is read once, to be converted.
 */
public final class IndexCodec {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IndexCodec.class);

  /** The format version this code writes. */
  public static final int VERSION = 2;

  /** The format version this code reads once, to convert it. */
  public static final int VERSION_1 = 1;

  /** How the names of the index's data files start. */
  static final String DATA_PREFIX = "scan-index-v2.data-";

  /** The length of the prefix: magic, version, flags. */
  public static final int PREFIX = 16;

  /** The length of the trailer. */
  public static final int TRAILER = 40;

  /** A version 1 index's header length. */
  static final int V1_HEADER = 40;

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
   * The parts of a trailer a process checks before reading the rest.
   *
   * @param version the format version
   * @param writeId the random id of the write
   * @param metaOffset where the directory starts
   * @param metaLength the directory's length
   * @param metaCrc the directory's CRC32C
   */
  public record Header(int version, long writeId, long metaOffset, long metaLength, int metaCrc) {}

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * What writing a state did.
   *
   * @param length the file's length
   * @param moved the sections written to the data file (copied as they were, or encoded again from their records),
   *     and where each is in it
   * @param lost the entries of deleted logs whose records could not be read to be copied: left out (the entries of
   *     logs that still exist are written without records, to be read again from their logs)
   * @param differs whether the file differs from the state (entries written without the records they lost)
   */
  record Written(long length, Map<RecordSection, SectionRef> moved, List<IndexEntry> lost, boolean differs) {}

  /**
   * Encodes a state in memory (for tests and small indexes).
   *
   * @param state the state
   * @param writeId the write's random id
   * @return the file's bytes
   */
  public static byte[] encode(IndexState state, long writeId) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      write(state, writeId, java.nio.channels.Channels.newChannel(bytes), null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The append-only data file a save puts record sections in, and what may stay where it is. */
  interface DataFile {
    /**
     * The data file.
     *
     * @return its path
     */
    Path path();

    /**
     * Whether a section already lies in this data file (and may be referred to where it is).
     *
     * @param s the section
     * @return true when it stays
     */
    boolean keeps(RecordSection s);

    /**
     * Appends bytes.
     *
     * @param b the bytes
     * @return the offset they start at
     * @throws java.io.IOException if writing fails
     */
    long append(byte[] b) throws java.io.IOException;
  }

  /**
   * Encodes a state straight to a channel, one file's records at a time: sections of records that were never
   * decoded are copied as they are (or, in a data file, left where they are), so the heap holds one section and
   * the directory, not the index.
   *
   * @param state the state
   * @param writeId the write's random id
   * @param out where the head file's bytes go, from its start
   * @param data where sections go, or null to put them in the head file itself
   * @return what was written
   * @throws java.io.IOException if writing fails
   */
  static Written write(
      IndexState state, long writeId, java.nio.channels.WritableByteChannel out, DataFile data)
      throws java.io.IOException {
    return write(state, writeId, out, data, null);
  }

  /**
   * {@link #write(IndexState, long, java.nio.channels.WritableByteChannel, DataFile)}, beginning with what a draft
   * encoded already when it {@linkplain Draft#fits fits} the state and the data file (else the draft is ignored).
   *
   * @param draft the entries encoded while the scan combined its calls, or null; used up by this write
   */
  static Written write(
      IndexState state, long writeId, java.nio.channels.WritableByteChannel out, DataFile data, Draft draft)
      throws java.io.IOException {
    Out prefix = new Out(PREFIX);
    prefix.bytes(MAGIC, 0, MAGIC.length);
    prefix.u32(VERSION);
    prefix.u32(0);
    long[] pos = {put(out, prefix.buf, prefix.size)};
    Sink sink = b -> {
      if (data != null) {
        return data.append(b);
      }
      long at = pos[0];
      pos[0] += put(out, b, b.length);
      return at;
    };

    Map<RecordSection, SectionRef> moved = new java.util.IdentityHashMap<>();
    List<IndexEntry> lost = new ArrayList<>();
    boolean differs = false;
    Strings strings;
    Out meta;
    if (draft != null && data != null && draft.fits(state, data)) {
      strings = draft.strings;
      meta = draft.meta; // the head and every entry, each section where it lies already
    } else {
      strings = new Strings();
      meta = new Out(1 << 16);
      differs = writeDirectory(state, meta, strings, data, sink, moved, lost);
    }
    IndexState.Stored stored = differs ? null : state.stored();
    meta.u8(stored == null ? 0 : 1);
    if (stored != null) {
      writeStored(meta, stored, strings);
      List<DedupGroups.Part> parts = null;
      if (stored.groups() != null) {
        try {
          parts = groupParts(stored.groups(), data, sink);
        } catch (java.io.IOException e) {
          parts = null; // unreadable: the next append combines everything once
        }
      }
      meta.u8(parts == null ? 0 : 1);
      if (parts != null) {
        meta.varint(parts.size());
        for (DedupGroups.Part p : parts) {
          meta.varint(p.offset());
          meta.varint(p.length());
          meta.u32(p.crc());
        }
      }
    }
    IndexState.Census census = differs ? null : state.census();
    if (census != null) {
      // the table's last string, named by nothing (with how many strings copying saves added, itself included)
      strings.append(censusText(census, strings.base == null ? 0 : strings.grown() + 1));
    } else if (strings.base != null) {
      strings.append(""); // the copied table's last string may be a census: it is not the last any more
    }
    // the table: its count, the copied table's strings as they were (written from where they lie, so that they keep
    // their places), then the strings added
    StringTable copied = strings.base == null ? null : strings.base.strings;
    int copiedLength = copied == null ? 0 : copied.to - copied.from;
    Out table = new Out(strings.bytes - copiedLength + 16);
    table.varint(strings.size());
    int countLength = table.size;
    for (byte[] b : strings.list) {
      table.varint(b.length);
      table.bytes(b, 0, b.length);
    }
    CRC32C metaCrc = new CRC32C();
    metaCrc.update(table.buf, 0, countLength);
    if (copied != null) {
      metaCrc.update(copied.b, copied.from, copiedLength);
    }
    metaCrc.update(table.buf, countLength, table.size - countLength);
    metaCrc.update(meta.buf, 0, meta.size);
    long metaOffset = pos[0];
    pos[0] += put(out, table.buf, countLength);
    if (copied != null) {
      pos[0] += ChannelIo.write(out, copied.b, copied.from, copiedLength);
    }
    pos[0] += ChannelIo.write(out, table.buf, countLength, table.size - countLength);
    pos[0] += put(out, meta.buf, meta.size);

    Out trailer = new Out(TRAILER);
    trailer.u64(writeId);
    trailer.u64(metaOffset);
    trailer.u64((long) table.size + copiedLength + meta.size);
    trailer.u32((int) metaCrc.getValue());
    trailer.u32(VERSION);
    trailer.u32(0); // reserved
    trailer.u32(crc(trailer.buf, 0, 36));
    pos[0] += put(out, trailer.buf, trailer.size);
    return new Written(pos[0], moved, lost, differs);
  }

  /**
   * Writes the head of the directory (the data file's name, the source hints) and every entry, each file's section
   * put in the data file (or the head file) unless it lies there already.
   *
   * @return whether the state differs from what was written (a section that could not be read, a file lost)
   */
  private static boolean writeDirectory(IndexState state, Out meta, Strings strings, DataFile data, Sink sink,
      Map<RecordSection, SectionRef> moved, List<IndexEntry> lost) throws java.io.IOException {
    writeHead(meta, strings, data == null ? null : data.path(), state.sourceHints());
    List<IndexEntry> entries = Arrays.asList(sorted(state.entries()));
    boolean differs = false;
    List<IndexEntry> written = new ArrayList<>(entries.size());
    List<SectionRef> refs = new ArrayList<>(entries.size());
    for (IndexEntry e : entries) {
      List<UsageRecord> records = e.records();
      SectionRef kept = data == null ? null : keptRef(e, data::keeps);
      if (kept != null) {
        refs.add(kept);
        written.add(e);
        continue; // where it is: nothing read, nothing written
      }
      byte[] section = null;
      IndexEntry entry = e;
      if (records instanceof RecordSection rs && !rs.isMaterialized()) {
        section = rs.rawBytes();
        if (section == null) {
          differs = true;
          if (!java.nio.file.Files.exists(e.file())) {
            lost.add(e);
            continue; // a deleted log's records: nothing is left of it
          }
          entry = withoutRecords(e);
          records = List.of();
        }
      } else if (records instanceof RecordSection rs && rs.lost()) {
        differs = true; // reported when the loss was found
        if (!java.nio.file.Files.exists(e.file())) {
          continue;
        }
        entry = withoutRecords(e);
        records = List.of();
      }
      long first = 0;
      long last = 0;
      if (section != null) {
        RecordSection rs = (RecordSection) records;
        first = rs.firstSecond();
        last = rs.lastSecond();
      } else {
        section = encodeSection(records, entry.sourceId(), entry.file());
        long[] seconds = RecordSection.seconds(records);
        first = seconds[0];
        last = seconds[1];
      }
      long at = sink.append(section);
      SectionRef ref =
          new SectionRef(at, section.length, crc(section, 0, section.length), records.size(), first, last);
      if (data != null && records instanceof RecordSection rs) {
        moved.put(rs, ref); // a section written ahead to a data file that is not this one, say
      }
      refs.add(ref);
      written.add(entry);
    }
    writeEntries(meta, strings, written, refs);
    return differs;
  }

  /** Where an entry's section lies, when it stays there (a section found lost does not); else null. */
  private static SectionRef keptRef(IndexEntry e, java.util.function.Predicate<RecordSection> keeps) {
    if (keptSection(e, keeps)) {
      RecordSection rs = (RecordSection) e.records();
      return new SectionRef(rs.offset(), rs.length(), rs.crc(), rs.storedCount(), rs.firstSecond(),
          rs.lastSecond());
    }
    return null;
  }

  /** Whether an entry's section stays where it lies (not one found lost), without making its place. */
  static boolean keptSection(IndexEntry e, java.util.function.Predicate<RecordSection> keeps) {
    return e.records() instanceof RecordSection rs && keeps.test(rs) && !(rs.isMaterialized() && rs.lost());
  }

  /** The data file's name and the source hints, in order, as the directory begins. */
  private static void writeHead(Out meta, Strings strings, Path data, Map<String, String> sourceHints) {
    meta.varint(strings.optId(data == null ? null : data.getFileName().toString()));
    meta.varint(sourceHints.size());
    List<Map.Entry<String, String>> hints = new ArrayList<>(sourceHints.entrySet());
    hints.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, String> e : hints) {
      meta.varint(strings.id(e.getKey()));
      meta.varint(strings.id(e.getValue()));
    }
  }

  /** The entries by path, then source: the order of the texts, told apart after the prefix the paths share. */
  private static IndexEntry[] sorted(java.util.Collection<IndexEntry> entries) {
    IndexEntry[] sorted = entries.toArray(new IndexEntry[0]);
    sortEntries(sorted);
    return sorted;
  }

  /** Sorts entries in the order a directory lists them: {@link #compareEntries}. */
  static void sortEntries(IndexEntry[] entries) {
    TextOrder.sort(entries, e -> e.key().path(), 0, (x, y) -> x.sourceId().compareTo(y.sourceId()));
  }

  /** The order a directory lists entries in: by path text, then source. */
  static int compareEntries(IndexEntry a, IndexEntry b) {
    int c = a.key().path().compareTo(b.key().path());
    return c != 0 ? c : a.sourceId().compareTo(b.sourceId());
  }

  /** The entries, each with its section's place, as the directory lists them. */
  private static void writeEntries(Out meta, Strings strings, List<IndexEntry> written, List<SectionRef> refs) {
    meta.varint(written.size());
    Out one = new Out(1 << 12);
    for (int i = 0; i < written.size(); i++) {
      writeListed(meta, one, written.get(i), refs.get(i), strings);
    }
  }

  /** An entry as the directory lists it: its length, then its bytes (encoded in {@code one}, reused). */
  private static void writeListed(Out meta, Out one, IndexEntry e, SectionRef ref, Strings strings) {
    one.reset();
    writeEntry(one, e, ref::write, strings);
    meta.varint(one.size);
    meta.bytes(one.buf, 0, one.size);
  }

  /**
   * A write's first part, encoded ahead (while a scan deduplicates and prices what it read): the directory's head
   * and every entry, for entries whose sections all lie in the data file the write will keep. The write then adds
   * the saved answer, the string table and the trailer. Used once, by one write, and only if it still
   * {@linkplain #fits fits}: the same entries, hints and data file, every section still where it was.
   */
  static final class Draft {
    private final Path data;
    private final Map<String, String> hints;
    private final IndexEntry[] entries;
    private final IndexEntry[] given; // the entries in the order they were given
    private final SectionRef[] refs;
    private final Strings strings;
    private final Out meta;
    private final boolean[] copied; // which entries' bytes were copied as they were decoded, or null for none

    private Draft(Path data, Map<String, String> hints, IndexEntry[] entries, IndexEntry[] given, SectionRef[] refs,
        Strings strings, Out meta, boolean[] copied) {
      this.data = data;
      this.hints = hints;
      this.entries = entries;
      this.given = given;
      this.refs = refs;
      this.strings = strings;
      this.meta = meta;
      this.copied = copied;
    }

    /**
     * Encodes the head and the entries, if every entry's section lies in {@code data} already.
     *
     * @param entries the entries the write will likely be of
     * @param hints the source hints it will likely have
     * @param data the data file the write will keep
     * @param keeps whether a section lies in that data file, to be referred to where it is
     * @return the draft, or null when some section is elsewhere (in memory, in another file, lost)
     */
    static Draft of(IndexEntry[] entries, Map<String, String> hints, Path data,
        java.util.function.Predicate<RecordSection> keeps) {
      return of(entries, hints, data, keeps, null);
    }

    /**
     * {@link #of(IndexEntry[], Map, Path, java.util.function.Predicate)}, copying the bytes of the entries that are
     * still those a directory was decoded into (see {@link EncodedDirectory}).
     *
     * @param base the directory the entries were decoded from, or null
     */
    static Draft of(IndexEntry[] entries, Map<String, String> hints, Path data,
        java.util.function.Predicate<RecordSection> keeps, EncodedDirectory base) {
      List<EncodedDirectory.Part> parts = base == null ? null
          : base.plan(entries, data.getFileName().toString(), keeps);
      if (parts != null) {
        return copying(entries, hints, data, keeps, base, parts);
      }
      IndexEntry[] sorted = sorted(Arrays.asList(entries));
      SectionRef[] refs = new SectionRef[sorted.length];
      for (int i = 0; i < sorted.length; i++) {
        SectionRef r = keptRef(sorted[i], keeps);
        if (r == null) {
          return null;
        }
        refs[i] = r;
      }
      Strings strings = new Strings();
      Out meta = new Out(1 << 16);
      writeHead(meta, strings, data, hints);
      writeEntries(meta, strings, Arrays.asList(sorted), Arrays.asList(refs));
      return new Draft(data, Map.copyOf(hints), sorted, entries, refs, strings, meta, null);
    }

    /** The draft of a save that copies the entries {@code parts} says are kept, and encodes the others. */
    private static Draft copying(IndexEntry[] entries, Map<String, String> hints, Path data,
        java.util.function.Predicate<RecordSection> keeps, EncodedDirectory base, List<EncodedDirectory.Part> parts) {
      IndexEntry[] sorted = new IndexEntry[parts.size()];
      SectionRef[] refs = new SectionRef[sorted.length];
      boolean[] copied = new boolean[sorted.length];
      for (int i = 0; i < sorted.length; i++) {
        sorted[i] = parts.get(i).entry();
        copied[i] = parts.get(i).copied();
        // a copied entry's section is where it was decoded from (the plan checked it): its place is in its bytes
        refs[i] = copied[i] ? null : keptRef(sorted[i], keeps);
        if (!copied[i] && refs[i] == null) {
          return null;
        }
      }
      Strings strings = Strings.extending(base);
      // room for the head, the entries and the saved answer after them: a buffer doubled for the answer was 40 MB
      Out meta = new Out(base.b.length - (long) (base.strings.to - base.strings.from) + (1 << 16));
      writeHead(meta, strings, data, hints);
      meta.varint(sorted.length);
      Out one = new Out(1 << 12);
      for (int i = 0; i < sorted.length; i++) {
        EncodedDirectory.Part p = parts.get(i);
        if (p.copied()) {
          base.copy(meta, p.at());
        } else {
          writeListed(meta, one, sorted[i], refs[i], strings);
        }
      }
      return new Draft(data, Map.copyOf(hints), sorted, entries, refs, strings, meta, copied);
    }

    /**
     * Whether the draft is what a write of this state to this data file begins with: the same data file, hints and
     * entries (the same instances), every section still where the draft says.
     */
    boolean fits(IndexState state, DataFile file) {
      if (!data.equals(file.path()) || !hints.equals(state.sourceHints())
          || state.entries().size() != entries.length) {
        return false;
      }
      // the same instances: by identity, not by key (whose paths would be compared character by character)
      if (!sameInstances(state.entries())) {
        return false;
      }
      for (int i = 0; i < entries.length; i++) {
        if (copied != null && copied[i]) {
          // decoded from this data file, never moved since (only sections a save writes are placed): only a section
          // found unreadable meanwhile is not written as it was
          if (!keptSection(entries[i], file::keeps)) {
            return false;
          }
        } else if (!refs[i].equals(keptRef(entries[i], file::keeps))) {
          return false; // moved, or no longer kept where it was
        }
      }
      return true;
    }

    /**
     * Whether the entries are the draft's instances: in the order they were given first (a state made from the map
     * the draft was made from iterates as it did, so 50,000 entries need no set of them), else in any order.
     */
    private boolean sameInstances(java.util.Collection<IndexEntry> now) {
      if (now.size() != given.length) {
        return false;
      }
      int i = 0;
      for (IndexEntry e : now) {
        if (e != given[i]) {
          break;
        }
        i++;
      }
      if (i == given.length) {
        return true;
      }
      java.util.IdentityHashMap<IndexEntry, Boolean> mine = new java.util.IdentityHashMap<>(entries.length * 2);
      for (IndexEntry e : entries) {
        mine.put(e, Boolean.TRUE);
      }
      for (IndexEntry e : now) {
        if (mine.get(e) == null) {
          return false;
        }
      }
      return true;
    }
  }

  /** Appends bytes where sections go. */
  @FunctionalInterface
  private interface Sink {
    long append(byte[] b) throws java.io.IOException;
  }

  /**
   * The parts of the deduplication groups in the saved file: the parts already in the data file stay, the groups
   * added since are one more part, and many parts (or parts elsewhere) are merged into one.
   */
  private static List<DedupGroups.Part> groupParts(DedupGroups groups, DataFile data, Sink sink)
      throws java.io.IOException {
    List<DedupGroups.Part> kept = new ArrayList<>();
    boolean elsewhere = false;
    for (DedupGroups.Part p : groups.parts()) {
      if (data != null && p.file().equals(data.path())) {
        kept.add(p);
      } else {
        elsewhere = true;
      }
    }
    Path where = data == null ? null : data.path();
    if (elsewhere || kept.size() + 1 > DedupGroups.MAX_PARTS) {
      byte[] b = DedupGroups.encode(groups.hashes());
      return List.of(new DedupGroups.Part(where, sink.append(b), b.length, crc(b, 0, b.length)));
    }
    if (groups.extra().length > 0) {
      byte[] b = DedupGroups.encode(groups.extra());
      kept.add(new DedupGroups.Part(where, sink.append(b), b.length, crc(b, 0, b.length)));
    }
    return kept;
  }

  private static void writeStored(Out o, IndexState.Stored st, Strings s) {
    o.u64(st.fingerprint());
    o.varint(st.recordsRead());
    o.varint(st.duplicatesDropped());
    o.varint(st.unpricedCalls());
    o.varint(st.retainedCalls());
    o.varint(st.malformedLines());
    o.varint(st.enrichedCalls());
    writeDiagnostics(o, st.diagnostics(), s);
    List<Rollup.Cell> cells = st.rollup().cells();
    o.varint(cells.size());
    // neighbouring cells (in report order: see Rollup#reportOrder) mostly name the same source, provider, model,
    // tier and upstream: the last id of each is reused without a lookup in the table
    LastId source = new LastId();
    LastId provider = new LastId();
    LastId model = new LastId();
    LastId tier = new LastId();
    LastId session = new LastId();
    LastId project = new LastId();
    LastId upstream = new LastId();
    // each cell's file, as the cells hold it (one instance per file): its text is made once, not once per cell
    Map<Object, Integer> originIds = new java.util.IdentityHashMap<>();
    for (Rollup.Cell c : cells) {
      o.zigzag(c.slot);
      o.varint(source.of(s, c.source));
      o.varint(provider.of(s, c.provider));
      o.varint(model.of(s, c.model));
      o.varint(tier.of(s, c.serviceTier));
      int sessionAt = s.baseIndex(c.texts(), c.sessionIndex()); // a cell read from the table copied: its place
      o.varint(sessionAt >= 0 ? sessionAt : session.of(s, c.sessionId()));
      o.varint(project.opt(s, c.project));
      o.varint(upstream.opt(s, c.upstream));
      for (long part : c.sum.parts()) {
        o.zigzag(part);
      }
      o.varint(c.calls);
      instant(o, c.first);
      int originAt = s.baseIndex(c.texts(), c.originIndex());
      if (originAt < 0) {
        Integer originId = originIds.get(c.firstOriginFile());
        if (originId == null) {
          originId = s.id(c.firstOriginText());
          originIds.put(c.firstOriginFile(), originId);
        }
        originAt = originId;
      }
      o.varint(originAt);
      o.varint(c.firstOriginLine());
      o.varint(c.firstOriginOffset());
      instant(o, c.last);
    }
  }

  /** The table id of the string last asked for, kept while the same string (the same instance) is asked again. */
  private static final class LastId {
    private String last;
    private int id = -1;

    int of(Strings s, String v) {
      if (v != last || id < 0) {
        id = s.id(v);
        last = v;
      }
      return id;
    }

    int opt(Strings s, String v) {
      return v == null ? 0 : of(s, v) + 1;
    }
  }

  /**
   * What follows the entries: the saved answer, if any, and where its deduplication groups are.
   *
   * @param end where reading stopped
   */
  private record Saved(IndexState.Stored stored, List<long[]> groupParts, int end) {}

  private static Saved readSaved(In in, StringTable strings) {
    IndexState.Stored stored = null;
    List<long[]> parts = null;
    if (in.u8() == 1) {
      stored = readStored(in, strings);
      if (in.u8() == 1) {
        int np = in.count();
        parts = new ArrayList<>(np);
        for (int i = 0; i < np; i++) {
          parts.add(new long[] {in.varint(), in.count32(), (int) in.u32()});
        }
      }
    }
    return new Saved(stored, parts, in.pos);
  }

  private static IndexState.Stored readStored(In in, StringTable s) {
    long fingerprint = in.u64();
    long recordsRead = in.varint();
    long dropped = in.varint();
    long unpriced = in.varint();
    long retained = in.varint();
    long malformed = in.varint();
    long enriched = in.varint();
    List<Diagnostic> diagnostics = readDiagnostics(in, s, new HashMap<>());
    int n = in.count();
    List<Rollup.Cell> cells = new ArrayList<>(n);
    long[] parts = new long[Sum.PARTS];
    for (int i = 0; i < n; i++) {
      cells.add(readCell(in, s, parts));
    }
    // summed here, on the thread that decodes the index beside the scan's walk, not by the first report after it
    return new IndexState.Stored(fingerprint, new Rollup(cells).prime(), recordsRead, dropped, unpriced, retained,
        malformed, diagnostics, null, enriched);
  }

  /** One rollup cell (a method of its own: it is compiled where a loop body would be interpreted). */
  private static Rollup.Cell readCell(In in, StringTable s, long[] parts) {
    long slot = in.zigzag();
    String source = in.str(s);
    String provider = in.str(s);
    String model = in.str(s);
    String tier = in.str(s);
    int session = in.strIndex(s); // the id made when asked for: a report by day or model never asks
    String project = in.optStr(s);
    String upstream = in.optStr(s);
    for (int k = 0; k < parts.length; k++) {
      parts[k] = in.zigzag(); // copied into the sum: one array for every cell
    }
    long calls = in.varint();
    Instant first = in.instant();
    int originFile = s.checkedPath(in.strIndex(s));
    long line = in.varint();
    long offset = in.varint();
    Instant last = in.instant();
    return new Rollup.Cell(slot, source, provider, model, tier, s, session, project, upstream, Sum.of(parts), calls,
        first, originFile, line, offset, last);
  }

  private static IndexEntry withoutRecords(IndexEntry e) {
    // read again from the log when it still exists; its identity never matches
    return new IndexEntry(e.sourceId(), e.file(), new FileIdentity(-1, 0, null), e.store(), 0, 0, 0, 0, false, null,
        0, List.of(), e.facts(), e.diagnostics());
  }

  private static long put(java.nio.channels.WritableByteChannel out, byte[] b, int n) throws java.io.IOException {
    return ChannelIo.write(out, b, 0, n);
  }

  /**
   * Writes an entry: the file, how far it was read, then its records or where they are (version 1 wrote them in the
   * entry, version 2 where its section is), its facts and problems. The twin of {@link #readEntry}.
   *
   * @param o where it goes
   * @param e the entry
   * @param records writes the records or their place
   * @param s the string table
   */
  static void writeEntry(Out o, IndexEntry e, java.util.function.Consumer<Out> records, Strings s) {
    o.varint(s.id(e.sourceId()));
    o.varint(s.id(e.lazyFile().text()));
    o.varint(e.identity().size());
    o.zigzag(e.identity().mtimeNanos());
    o.varint(s.optId(e.identity().fileKey()));
    int flags = (e.store() ? 1 : 0) | (e.resumable() ? 2 : 0) | (e.tailKnown() ? 4 : 0);
    o.u8(flags);
    o.varint(e.consumedOffset());
    o.varint(e.linesEnd());
    o.u64(e.headHash());
    o.u64(e.tailHash());
    byte[] st = e.stateBytes();
    if (st != null) {
      o.varint(st.length);
      o.bytes(st, 0, st.length);
    }
    o.varint(e.malformedLines());
    records.accept(o);
    o.varint(e.facts().size());
    for (SessionFacts f : e.facts()) {
      writeFacts(o, f, e.sourceId(), s);
    }
    writeDiagnostics(o, e.diagnostics(), s);
  }

  /** Where an entry's records are in the file, and what the directory says of them. */
  record SectionRef(long offset, int length, int crc, int count, long firstSecond, long lastSecond) {

    /** Equal places; a record's own equality written out (that one makes classes at run time on first use). */
    @Override
    public boolean equals(Object o) {
      return o == this
          || o instanceof SectionRef r && offset == r.offset && length == r.length && crc == r.crc
              && count == r.count && firstSecond == r.firstSecond && lastSecond == r.lastSecond;
    }

    /** The components' hash codes combined in declaration order, as a record's own. */
    @Override
    public int hashCode() {
      int h = Long.hashCode(offset);
      h = 31 * h + length;
      h = 31 * h + crc;
      h = 31 * h + count;
      h = 31 * h + Long.hashCode(firstSecond);
      return 31 * h + Long.hashCode(lastSecond);
    }

    /** Writes it as {@link #sectionRef} reads it. */
    void write(Out o) {
      o.varint(offset);
      o.varint(length);
      o.u32(crc);
      o.varint(count);
      o.zigzag(firstSecond);
      o.zigzag(lastSecond);
    }
  }

  /**
   * Encodes one file's records as a self-contained section: its own string table, then the records.
   *
   * @param records the records
   * @param sourceId the entry's source (records of another source say so)
   * @param file the entry's file (records read from another file say so)
   * @return the section's bytes
   */
  static byte[] encodeSection(List<UsageRecord> records, String sourceId, Path file) {
    Strings s = new Strings();
    Out o = new Out(64L + records.size() * 48L);
    writeRecords(o, records, sourceId, file, s);
    Out table = new Out(s.bytes + 16 + o.size);
    table.varint(s.list.size());
    for (byte[] b : s.list) {
      table.varint(b.length);
      table.bytes(b, 0, b.length);
    }
    table.bytes(o.buf, 0, o.size);
    return table.size == table.buf.length ? table.buf : java.util.Arrays.copyOf(table.buf, table.size);
  }
  /**
   * Writes records: their count, then each with the presence of its optional fields in a bit set and its timestamp,
   * line and byte offset as deltas to the previous record's. Version 1 wrote them inside the entry, with the file's
   * string table; version 2 writes them in a section, with the section's own.
   *
   * @param o where they go
   * @param records the records
   * @param sourceId the entry's source (records of another source say so)
   * @param file the entry's file (records read from another file say so)
   * @param s the string table
   */
  static void writeRecords(Out o, List<UsageRecord> records, String sourceId, Path file, Strings s) {
    o.varint(records.size());
    long prevSecond = 0;
    long prevLine = 0;
    long prevOffset = 0;
    for (UsageRecord r : records) {
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
      boolean otherFile = !r.origin().file().equals(file);
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
      if (!r.source().equals(sourceId)) {
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
  }


  static void writeDiagnostics(Out o, List<Diagnostic> diagnostics, Strings s) {
    o.varint(diagnostics.size());
    for (Diagnostic d : diagnostics) {
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

  static void writeFacts(Out o, SessionFacts f, String sourceId, Strings s) {
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

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  /** Interns strings for the table. */
  static final class Strings {
    final Map<String, Integer> ids = new HashMap<>();
    final List<byte[]> list = new ArrayList<>();
    long bytes;
    final EncodedDirectory base; // whose table the strings begin with, as it is; or null
    private final int baseCount;
    private HashSlots baseByHash; // the base table's strings by hash, made when first needed

    Strings() {
      this(null);
    }

    private Strings(EncodedDirectory base) {
      this.base = base;
      this.baseCount = base == null ? 0 : base.strings.size();
      this.bytes = base == null ? 0 : base.strings.to - base.strings.from;
    }

    /**
     * Strings that begin with a directory's table as it is, each at its place there, for a save that copies entries
     * naming them.
     *
     * @param base the directory
     * @return the strings
     */
    static Strings extending(EncodedDirectory base) {
      return new Strings(java.util.Objects.requireNonNull(base, "base"));
    }

    /** How many strings there are. */
    int size() {
      return baseCount + list.size();
    }

    /** How many strings the copied table had grown by since it was encoded whole, with those added now. */
    int grown() {
      return base.grown + list.size();
    }

    /**
     * How many strings a copying save appends before it looks strings up in the copied table: a save of a few changed
     * entries adds their few strings again rather than index the whole table (tens of milliseconds for 200,000
     * strings); one that would add more (every cell made anew) finds them there.
     */
    static final int APPENDED_BEFORE_LOOKUP = 64;

    int id(String v) {
      Integer i = ids.get(v);
      if (i == null) {
        int at = baseCount == 0 || list.size() < APPENDED_BEFORE_LOOKUP ? -1 : inBase(v);
        if (at >= 0) {
          i = at;
          ids.put(v, i);
        } else {
          i = append(v);
        }
      }
      return i;
    }

    /** Adds a string at the end, whether or not the table has it already (a census must be the last string). */
    int append(String v) {
      int i = size();
      ids.putIfAbsent(v, i);
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      list.add(b);
      bytes += b.length + 5;
      return i;
    }

    /** The place of a string in the base table, or -1. */
    private int inBase(String v) {
      HashSlots byHash = baseByHash;
      if (byHash == null) {
        // the base table's strings filed by String.hashCode, taken over their UTF-8 bytes
        byHash = new HashSlots(baseCount);
        for (int i = 0; i < baseCount; i++) {
          byHash.put(base.strings.hash(i), i);
        }
        baseByHash = byHash;
      }
      int h = v.hashCode();
      for (int s = byHash.first(h); s >= 0; s = byHash.next(s, h)) {
        if (v.equals(base.strings.get(byHash.place(s)))) {
          return byHash.place(s);
        }
      }
      return -1;
    }

    /**
     * The place of a cell's text when it names one of the base table's (read from that directory), else -1.
     *
     * @param texts where the cell's texts are
     * @param at the text's place there
     */
    int baseIndex(Rollup.Texts texts, int at) {
      return base != null && texts == base.strings && at >= 0 ? at : -1;
    }

    int optId(String v) {
      return v == null ? 0 : id(v) + 1;
    }
  }

  /** A growable output buffer. */
  static final class Out {
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
   * Checks a file's prefix: magic and version.
   *
   * @param b the file's first bytes
   * @param length how many are valid
   * @return the version (1 or {@value #VERSION})
   * @throws CorruptIndexException if the file is foreign, truncated or of an unknown version
   */
  static int version(byte[] b, int length) throws CorruptIndexException {
    if (length < MAGIC.length) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        throw new CorruptIndexException(CorruptIndexException.Kind.FOREIGN, "the file is not a cream scan index");
      }
    }
    if (length < PREFIX) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    long version = new In(b, 8, 12).u32();
    if (version != VERSION && version != VERSION_1) {
      // a plausible version is another release's; anything else is damage (the trailer repeats the version)
      throw new CorruptIndexException(
          version < 100 ? CorruptIndexException.Kind.VERSION : CorruptIndexException.Kind.CORRUPT,
          "the index has format version " + version + ", not " + VERSION);
    }
    return (int) version;
  }

  /**
   * Reads a version 2 file's trailer, checking the prefix and the trailer's own checksum.
   *
   * @param ch the file
   * @return the trailer
   * @throws java.io.IOException if reading fails
   * @throws CorruptIndexException if the file is damaged, foreign or of another version
   */
  public static Header trailer(FileChannel ch) throws java.io.IOException, CorruptIndexException {
    long size = ch.size();
    byte[] prefix = new byte[(int) Math.min(size, PREFIX)];
    readAt(ch, prefix, 0);
    int prefixVersion;
    try {
      prefixVersion = version(prefix, prefix.length);
    } catch (CorruptIndexException e) {
      if (e.kind() == CorruptIndexException.Kind.VERSION && size >= PREFIX + TRAILER && wholeTrailer(ch, size)) {
        // the trailer says version 2: the prefix is damaged, not of another release
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index prefix is damaged");
      }
      throw e;
    }
    if (prefixVersion != VERSION || new In(prefix, 12, 16).u32() != 0) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index prefix is damaged");
    }
    if (size < PREFIX + TRAILER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    byte[] t = new byte[TRAILER];
    readAt(ch, t, size - TRAILER);
    return trailer(t, 0, size);
  }

  /**
   * Reads a version 2 trailer, checking its checksum and that it describes a file of this size.
   *
   * @param b bytes holding the trailer
   * @param at where it starts in them
   * @param size the file's size
   * @return the trailer
   * @throws CorruptIndexException if it is damaged or does not fit the file
   */
  private static Header trailer(byte[] b, int at, long size) throws CorruptIndexException {
    In in = new In(b, at, at + TRAILER);
    long writeId = in.u64();
    long metaOffset = in.u64();
    long metaLength = in.u64();
    int metaCrc = (int) in.u32();
    int version = (int) in.u32();
    in.u32(); // reserved
    if ((int) in.u32() != crc(b, at, 36)) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index trailer's checksum is wrong");
    }
    if (version != VERSION || metaOffset < PREFIX || metaLength < 0 || metaOffset + metaLength != size - TRAILER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated or too long");
    }
    return new Header(version, writeId, metaOffset, metaLength, metaCrc);
  }

  private static boolean wholeTrailer(FileChannel ch, long size) throws java.io.IOException {
    byte[] t = new byte[TRAILER];
    readAt(ch, t, size - TRAILER);
    return (int) new In(t, 36, 40).u32() == crc(t, 0, 36) && new In(t, 28, 32).u32() == VERSION;
  }

  /**
   * The write id of a version 2 file.
   *
   * @param ch the file
   * @return its write id
   * @throws java.io.IOException if it cannot be read or is not a whole version 2 index
   */
  static long writeIdOf(FileChannel ch) throws java.io.IOException {
    try {
      return trailer(ch).writeId();
    } catch (CorruptIndexException e) {
      throw new java.io.IOException(e.getMessage(), e);
    }
  }

  /**
   * The write id in a version 2 file held in memory.
   *
   * @param b the file's bytes
   * @return its write id
   * @throws CorruptIndexException if the file is too short
   */
  static long writeIdOf(byte[] b) throws CorruptIndexException {
    if (b.length < PREFIX + TRAILER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    return new In(b, b.length - TRAILER, b.length).u64();
  }

  private static void readAt(FileChannel ch, byte[] b, long at) throws java.io.IOException {
    ChannelIo.readFully(ch, b, 0, b.length, at, "the scan index shrank while it was read");
  }

  /**
   * Reads a version 2 index's directory; each file's records stay in the file, read when first asked for.
   *
   * @param ch the file
   * @param file its path, for reading sections later
   * @param h its trailer
   * @return the state
   * @throws java.io.IOException if reading fails
   * @throws CorruptIndexException if the directory is damaged
   */
  public static IndexState read(FileChannel ch, Path file, Header h)
      throws java.io.IOException, CorruptIndexException {
    if (h.metaLength() > Integer.MAX_VALUE - 16) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index directory is too long");
    }
    byte[] meta = new byte[(int) h.metaLength()];
    readAt(ch, meta, h.metaOffset());
    if (crc(meta, 0, meta.length) != h.metaCrc()) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index's checksum is wrong");
    }
    long limit = h.metaOffset();
    return decodeMeta(meta, new Layout() {
      private Path dataFile; // resolved once (racy but idempotent: every entry names the same data file)

      @Override
      public List<UsageRecord> section(String data, SectionRef r, String sourceId, LazyPath f)
          throws CorruptIndexException {
        if (data != null) {
          Path d = dataFile;
          if (d == null) {
            d = file.resolveSibling(data);
            dataFile = d;
          }
          return RecordSection.inData(d, r.offset(), r.length(), r.crc(), r.count(),
              r.firstSecond(), r.lastSecond(), sourceId, f);
        }
        if (r.offset() < PREFIX || r.offset() + r.length() > limit) {
          throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a section lies outside the index");
        }
        return new RecordSection(file, h.writeId(), r.offset(), r.length(), r.crc(), r.count(), r.firstSecond(),
            r.lastSecond(), sourceId, f);
      }

      @Override
      public DedupGroups groups(String data, List<long[]> parts) throws CorruptIndexException {
        if (data == null) {
          return null; // only a file in memory keeps its groups in itself
        }
        List<DedupGroups.Part> out = new ArrayList<>();
        for (long[] p : parts) {
          out.add(new DedupGroups.Part(file.resolveSibling(data), p[0], (int) p[1], (int) p[2]));
        }
        return DedupGroups.stored(out);
      }
    });
  }

  /**
   * Decodes a whole index file held in memory, every section decoded: version 2, or version 1 to convert it.
   *
   * @param b the file's bytes
   * @return the state
   * @throws CorruptIndexException if anything is wrong with it
   */
  public static IndexState decode(byte[] b) throws CorruptIndexException {
    return decode(b, 1);
  }

  /**
   * Decodes a whole index file held in memory.
   *
   * @param b the file's bytes
   * @param parallelism how many threads may decode a version 1 file's entries
   * @return the state
   * @throws CorruptIndexException if anything is wrong with it
   */
  public static IndexState decode(byte[] b, int parallelism) throws CorruptIndexException {
    if (version(b, b.length) == VERSION_1) {
      return decodeV1(b, parallelism);
    }
    if (new In(b, 12, 16).u32() != 0) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index prefix is damaged");
    }
    if (b.length < PREFIX + TRAILER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    Header h = trailer(b, b.length - TRAILER, b.length);
    long metaOffset = h.metaOffset();
    byte[] meta = java.util.Arrays.copyOfRange(b, (int) metaOffset, (int) (metaOffset + h.metaLength()));
    if (crc(meta, 0, meta.length) != h.metaCrc()) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index's checksum is wrong");
    }
    return decodeMeta(meta, new Layout() {
      @Override
      public List<UsageRecord> section(String data, SectionRef r, String sourceId, LazyPath f)
          throws CorruptIndexException {
        if (data != null) {
          throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index's sections are elsewhere");
        }
        return decodeSection(part(b, r.offset(), r.length(), r.crc(), metaOffset), r.count(), sourceId, f.get());
      }

      @Override
      public DedupGroups groups(String data, List<long[]> parts) throws CorruptIndexException {
        long[] all = new long[0];
        for (long[] p : parts) {
          try {
            long[] h = DedupGroups.decode(part(b, p[0], (int) p[1], (int) p[2], metaOffset));
            long[] merged = java.util.Arrays.copyOf(all, all.length + h.length);
            System.arraycopy(h, 0, merged, all.length, h.length);
            all = merged;
          } catch (java.io.IOException e) {
            throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, e.getMessage());
          }
        }
        return DedupGroups.of(DedupGroups.sortedDistinct(all, all.length));
      }
    });
  }

  private static byte[] part(byte[] b, long offset, int length, int crc, long limit) throws CorruptIndexException {
    if (offset < PREFIX || length < 0 || offset + length > limit) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a part lies outside the index");
    }
    byte[] p = java.util.Arrays.copyOfRange(b, (int) offset, (int) (offset + length));
    if (crc(p, 0, p.length) != crc) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a part fails its checksum");
    }
    return p;
  }


  /** Where a version 2 file's sections and groups are: in the file itself, or in a data file beside it. */
  interface Layout {
    /**
     * An entry's records.
     *
     * @param data the data file's name, or null when sections are in the file itself
     * @param r where the section is
     * @param sourceId the entry's source
     * @param file the entry's file
     * @return the records, decoded or to be read when asked for
     * @throws CorruptIndexException if the place is impossible
     */
    List<UsageRecord> section(String data, SectionRef r, String sourceId, LazyPath file) throws CorruptIndexException;

    /**
     * The deduplication groups.
     *
     * @param data the data file's name, or null
     * @param parts the parts' places (offset, length, crc)
     * @return the groups
     * @throws CorruptIndexException if a place is impossible or, for a file in memory, a part is damaged
     */
    DedupGroups groups(String data, List<long[]> parts) throws CorruptIndexException;
  }

  private static IndexState decodeMeta(byte[] b, Layout layout) throws CorruptIndexException {
    try {
      In in = new In(b, 0, b.length);
      StringTable strings = StringTable.read(in);
      String data = in.optStr(strings);
      if (data != null && (data.contains("/") || data.contains("\\") || !data.startsWith(DATA_PREFIX))) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index names a foreign data file");
      }
      Sections sections = (sin, s, sourceId, f) -> layout.section(data, sectionRef(sin), sourceId, f);
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
      IndexState.Census census = readCensus(strings);
      int grown = census == null ? 0 : readGrown(strings);
      if (census != null) {
        // the saved answer now, the entries when first asked for: a scan that finds the census unchanged needs none
        Saved after = readSaved(in, strings);
        if (after.end() != in.end) {
          throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index has trailing bytes");
        }
        return IndexState.deferred(entries, () -> {
          try {
            return readEntries(b, strings, sections, starts, ends, data, grown);
          } catch (CorruptIndexException | RuntimeException e) {
            return IndexState.Decoded.none(e instanceof CorruptIndexException ? e.getMessage()
                : "the index's content is inconsistent (" + e.getClass().getSimpleName() + ")", false);
          }
        }, hints, withGroups(after, layout, data), census);
      }
      // a large directory is decoded by three threads, two for the halves of the entries and one for the saved
      // answer after them: on a no-change run its decoding, not the walk beside it, is what the scan waits for
      java.util.concurrent.FutureTask<Saved> saved = entries < PARALLEL_ENTRIES ? null
          : Background.start("cream-index-decode-answer", () -> readSaved(new In(b, in.pos, in.end), strings));
      IndexState.Decoded decoded = readEntries(b, strings, sections, starts, ends, data, grown);
      Saved after = saved != null ? Background.join(saved, "decoding the index") : readSaved(in, strings);
      if (after.end() != in.end) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index has trailing bytes");
      }
      return IndexState.adopting(decoded, hints, withGroups(after, layout, data));
    } catch (RuntimeException e) {
      throw new CorruptIndexException(
          CorruptIndexException.Kind.CORRUPT, "the index's content is inconsistent (" + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * How a directory keeps the census of the scan that saved it ({@link IndexState.Census}): as the last string of its
   * table, a text that no path can be (it starts with NUL) and that nothing in the directory names, so that a release
   * that does not know it reads the file as before, and one that does finds it without decoding an entry.
   */
  static final String CENSUS_MARK = "\u0000census ";

  static String censusText(IndexState.Census c) {
    return censusText(c, 0);
  }

  /**
   * The census's text; with a sixth number when the table holds strings that saves copying entries added (see
   * {@link EncodedDirectory}), which a reader that knows only five takes for no census (it then reads every entry).
   */
  static String censusText(IndexState.Census c, int grown) {
    return CENSUS_MARK + Long.toHexString(c.found()) + ' ' + Integer.toHexString(c.foundCount()) + ' '
        + Long.toHexString(c.context()) + ' ' + Long.toHexString(c.usedPart()) + ' '
        + Integer.toHexString(c.usedCount()) + (grown > 0 ? " " + Integer.toHexString(grown) : "");
  }

  /** The census's sixth number: how many strings saves that copied entries added to the table (0 when none). */
  static int readGrown(StringTable strings) {
    String[] f = censusFields(strings);
    if (f == null || f.length != 6) {
      return 0;
    }
    try {
      return Integer.parseUnsignedInt(f[5], 16);
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE; // as if grown too much: the next save encodes the table anew
    }
  }

  private static String[] censusFields(StringTable strings) {
    int last = strings.size() - 1;
    if (last < 0 || strings.ends[last] == strings.starts[last] || strings.b[strings.starts[last]] != 0) {
      return null;
    }
    String t = strings.get(last);
    return t.startsWith(CENSUS_MARK) ? t.substring(CENSUS_MARK.length()).split(" ", -1) : null;
  }

  /** The census in a directory's table, or null when it has none (or one this code cannot read: as if none). */
  static IndexState.Census readCensus(StringTable strings) {
    String[] f = censusFields(strings);
    if (f == null || f.length != 5 && f.length != 6) {
      return null;
    }
    try {
      return new IndexState.Census(Long.parseUnsignedLong(f[0], 16), Integer.parseUnsignedInt(f[1], 16),
          Long.parseUnsignedLong(f[2], 16), Long.parseUnsignedLong(f[3], 16), Integer.parseUnsignedInt(f[4], 16));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The saved answer with its deduplication groups' places, as the layout has them. */
  private static IndexState.Stored withGroups(Saved after, Layout layout, String data) throws CorruptIndexException {
    IndexState.Stored stored = after.stored();
    if (stored != null && after.groupParts() != null) {
      stored = new IndexState.Stored(stored.fingerprint(), stored.rollup(), stored.recordsRead(),
          stored.duplicatesDropped(), stored.unpricedCalls(), stored.retainedCalls(), stored.malformedLines(),
          stored.diagnostics(), layout.groups(data, after.groupParts()), stored.enrichedCalls());
    }
    return stored;
  }

  /**
   * Every entry of the directory, by key: a large directory's halves on two threads.
   *
   * @param data the data file's name, or null when the sections are in the file itself
   * @param grown the strings saves that copied entries added to the table (see {@link EncodedDirectory})
   */
  private static IndexState.Decoded readEntries(byte[] b, StringTable strings, Sections sections, int[] starts,
      int[] ends, String data, int grown) throws CorruptIndexException {
    int entries = starts.length;
    IndexEntry[] decoded = new IndexEntry[entries];
    int split = entries >= PARALLEL_ENTRIES ? entries / 2 : entries;
    java.util.concurrent.FutureTask<Long> second = split == entries ? null
        : Background.start("cream-index-decode",
            () -> readEntries(b, strings, sections, starts, ends, split, entries, decoded));
    long part = readEntries(b, strings, sections, starts, ends, 0, split, decoded);
    if (second != null) {
      part += Background.join(second, "decoding the index");
    }
    HashMap<IndexEntry.Key, IndexEntry> map = new HashMap<>(Math.max(16, entries * 2));
    for (IndexEntry e : decoded) {
      if (map.put(e.key(), e) != null) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index lists a file twice");
      }
    }
    // kept for the next save, which copies the entries that did not change (sections in a data file only)
    EncodedDirectory encoded = data == null ? null
        : new EncodedDirectory(b, strings, data, starts, ends, decoded, grown);
    if (encoded != null) {
      for (int i = 0; i < decoded.length; i++) {
        decoded[i].decodedFrom(encoded, i); // before the entries are shared: the state publishes them
      }
    }
    return new IndexState.Decoded(map, part, null, false, encoded);
  }

  /** Decodes a version 1 file (one checksum over the body, records inline), to convert it. */
  private static IndexState decodeV1(byte[] b, int parallelism) throws CorruptIndexException {
    if (b.length < V1_HEADER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated");
    }
    In hin = new In(b, 16, V1_HEADER);
    hin.u64();
    long bodyLength = hin.u64();
    int bodyCrc = (int) hin.u32();
    if ((int) hin.u32() != crc(b, 0, 36)) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index header's checksum is wrong");
    }
    if (bodyLength != b.length - V1_HEADER) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index is truncated or too long");
    }
    if (bodyCrc != crc(b, V1_HEADER, b.length - V1_HEADER)) {
      throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "the index's checksum is wrong");
    }
    try {
      In in = new In(b, V1_HEADER, b.length);
      StringTable strings = StringTable.read(in);
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
      byte[] b, StringTable strings, int[] starts, int[] ends, int from, int to, IndexEntry[] out)
      throws CorruptIndexException {
    for (int i = from; i < to; i++) {
      out[i] = readEntry(new In(b, starts[i], ends[i]), strings, INLINE, false);
    }
  }

  /** Decodes entries in chunks of about equal bytes on short-lived daemon threads. */
  private static void decodeInParallel(
      byte[] b, StringTable strings, int[] starts, int[] ends, IndexEntry[] out, int threads)
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

  /** Directories of at least this many files are decoded by two threads. */
  static final int PARALLEL_ENTRIES = 1024;

  /** Decodes entries {@code from} to {@code to}; returns the sum of their fingerprint parts. */
  private static long readEntries(byte[] b, StringTable strings, Sections sections,
      int[] starts, int[] ends, int from, int to, IndexEntry[] out) throws CorruptIndexException {
    long part = 0;
    for (int i = from; i < to; i++) {
      out[i] = readEntry(new In(b, starts[i], ends[i]), strings, sections, true);
      part += out[i].fingerprintPart(false);
    }
    return part;
  }

  /**
   * Reads an entry.
   *
   * @param keyed whether the path's text is its stored form ({@link StoredPath#text}), which version 2 writes: the
   *     entry's key is then made of it instead of computed again (version 1 may have written another form)
   */
  private static IndexEntry readEntry(
      In in, StringTable s, Sections sections, boolean keyed)
      throws CorruptIndexException {
    String sourceId = in.str(s);
    int pathIndex = in.strIndex(s);
    String pathText = s.get(pathIndex);
    LazyPath file = s.path(pathIndex);
    long size = in.varint();
    long mtime = in.zigzag();
    String key = in.optStr(s);
    int flags = in.u8();
    long consumed = in.varint();
    long linesEnd = in.varint();
    long headHash = in.u64();
    long tailHash = in.u64();
    IndexEntry.EncodedState state = null;
    if ((flags & 2) != 0) {
      int len = in.count();
      if (len > ResumeState.MAX_BYTES) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT,
            "a resume state is " + len + " bytes, at most " + ResumeState.MAX_BYTES);
      }
      state = new IndexEntry.EncodedState(in.b, in.skip(len), len);
    }
    long malformed = in.varint();
    List<UsageRecord> records = sections.read(in, s, sourceId, file);
    // the facts and problems, the rest of the entry, are decoded when first asked for: a no-change scan never does
    byte[] b = in.b;
    int tailFrom = in.pos;
    int tailTo = in.end;
    return new IndexEntry(keyed ? new IndexEntry.Key(sourceId, pathText) : null,
        sourceId, file, new FileIdentity(size, mtime, key), (flags & 1) != 0, consumed, linesEnd, headHash,
        tailHash, (flags & 4) != 0, state, malformed, records,
        Lazy.of(new TailReader(b, tailFrom, tailTo, sourceId, s)));
  }

  /**
   * Decodes an entry's tail when first asked for. A class, not a lambda: some builds' class-data archives lacked the
   * lambda's class although the training reached it, and each warm run then made it (~10 ms on a decoding thread).
   */
  private record TailReader(byte[] b, int from, int to, String sourceId, StringTable s)
      implements java.util.function.Supplier<IndexEntry.Tail> {
    @Override
    public IndexEntry.Tail get() {
      return readTail(b, from, to, sourceId, s);
    }
  }

  /**
   * Decodes an entry's facts and problems. The directory's checksum held when it was read, so only bytes written to
   * be consistent (by a faulty writer, or forged with their checksum) can fail here; such a tail counts as empty.
   */
  private static IndexEntry.Tail readTail(byte[] b, int from, int to, String sourceId, StringTable s) {
    try {
      In in = new In(b, from, to);
      int nf = in.count();
      List<SessionFacts> facts = new ArrayList<>(nf);
      for (int i = 0; i < nf; i++) {
        facts.add(readFacts(in, sourceId, s));
      }
      List<Diagnostic> diagnostics = readDiagnostics(in, s, new HashMap<>());
      if (in.pos != in.end) {
        throw new IllegalArgumentException("an index entry has trailing bytes");
      }
      return new IndexEntry.Tail(facts, diagnostics);
    } catch (RuntimeException e) {
      LOG.debug("a file's facts in the scan index are inconsistent; read as none: {}", e.toString());
      return new IndexEntry.Tail(List.of(), List.of());
    }
  }

  /** Reads an entry's records, or what says where they are. */
  @FunctionalInterface
  interface Sections {
    List<UsageRecord> read(In in, StringTable strings, String sourceId, LazyPath file)
        throws CorruptIndexException;
  }

  /** Version 1: the records are in the entry, their strings in the file's table. */
  private static final Sections INLINE = (in, s, sourceId, file) -> {
    Path f = file.get();
    Map<String, Path> origins = new HashMap<>();
    origins.put(StoredPath.text(f), f);
    return readRecords(in, s, origins, in.count(), sourceId, f);
  };

  /** Version 2: the entry says where the records' section is. */
  private static SectionRef sectionRef(In in) {
    long offset = in.varint();
    int length = in.count32();
    int crc = (int) in.u32();
    int count = in.count32();
    long first = in.zigzag();
    long last = in.zigzag();
    return new SectionRef(offset, length, crc, count, first, last);
  }

  /**
   * Decodes a section written by {@link #encodeSection}.
   *
   * @param b the section's bytes
   * @param nr how many records the directory says it holds
   * @param sourceId the entry's source
   * @param file the entry's file
   * @return the records
   * @throws CorruptIndexException if the section is inconsistent
   */
  static List<UsageRecord> decodeSection(byte[] b, int nr, String sourceId, Path file)
      throws CorruptIndexException {
    try {
      In in = new In(b, 0, b.length);
      StringTable s = StringTable.read(in);
      if (in.count() != nr) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a section's record count is wrong");
      }
      Map<String, Path> paths = new HashMap<>();
      paths.put(StoredPath.text(file), file);
      List<UsageRecord> records = readRecords(in, s, paths, nr, sourceId, file);
      if (in.pos != in.end) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a section has trailing bytes");
      }
      return records;
    } catch (RuntimeException e) {
      throw new CorruptIndexException(
          CorruptIndexException.Kind.CORRUPT, "a section's content is inconsistent (" + e.getClass().getSimpleName()
              + ")");
    }
  }

  /**
   * Gives the keys of a section's records (see {@link RecordGroups.Keys}) without making the records: the section is
   * walked as {@link #readRecords} reads it, and only sources, sessions and deduplication groups are looked at.
   *
   * @param b the section's bytes
   * @param nr how many records the directory says it holds
   * @param sourceId the entry's source
   * @param keys receives the keys
   * @throws CorruptIndexException if the section is inconsistent (some keys may have been given already)
   */
  static void sectionKeys(byte[] b, int nr, String sourceId, RecordGroups.Keys keys) throws CorruptIndexException {
    try {
      In in = new In(b, 0, b.length);
      StringTable s = StringTable.read(in);
      if (in.count() != nr) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a section's record count is wrong");
      }
      for (int i = 0; i < nr; i++) {
        recordKeys(in, s, sourceId, keys);
      }
      if (in.pos != in.end) {
        throw new CorruptIndexException(CorruptIndexException.Kind.CORRUPT, "a section has trailing bytes");
      }
    } catch (RuntimeException e) {
      throw new CorruptIndexException(
          CorruptIndexException.Kind.CORRUPT, "a section's content is inconsistent (" + e.getClass().getSimpleName()
              + ")");
    }
  }

  /** One record of {@link #sectionKeys}, field by field as {@link #readRecords} reads it. */
  private static void recordKeys(In in, StringTable s, String sourceId, RecordGroups.Keys keys) {
    int bits = (int) in.varint();
    String source = (bits & 512) != 0 ? in.str(s) : sourceId;
    in.index(s); // provider
    in.index(s); // model
    String session = in.str(s);
    if ((bits & 1) != 0) {
      in.index(s); // project
    }
    in.zigzag(); // second
    if ((bits & 128) != 0) {
      in.varint(); // nanoseconds
    }
    for (int t = 0; t < 6; t++) {
      in.varint(); // tokens
    }
    if ((bits & 2) != 0) {
      in.varint(); // cost
    }
    if ((bits & 4) != 0) {
      in.index(s); // message id
    }
    if ((bits & 8) != 0) {
      in.index(s); // request id
    }
    keys.record(source, session);
    if ((bits & 16) != 0) {
      int group = in.index(s);
      in.index(s); // variant
      in.varint(); // tier
      keys.dedup(DedupGroups.hash(source, s, group));
    }
    if ((bits & 256) != 0) {
      in.varint(); // flags
    }
    if ((bits & 64) != 0) {
      in.index(s); // service tier
    }
    if ((bits & 32) != 0) {
      in.index(s); // origin file
    }
    in.zigzag(); // line
    in.zigzag(); // offset
  }

  private static List<UsageRecord> readRecords(
      In in, StringTable s, Map<String, Path> paths, int nr, String sourceId, Path file) {
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
    return records;
  }

  private static List<Diagnostic> readDiagnostics(In in, StringTable s, Map<String, Path> paths) {
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
    return diagnostics;
  }

  private static SessionFacts readFacts(In in, String sourceId, StringTable s) {
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

  /**
   * A table of strings (a count, then each string's length and UTF-8 bytes), each decoded when first asked for: a
   * no-change scan never decodes the titles and other facts it does not show. Safe to share between threads (two may
   * decode the same string; both get equal values).
   */
  static final class StringTable implements Rollup.Texts {
    private final byte[] b;
    private final int[] starts;
    private final int[] ends;
    private final String[] decoded;
    private volatile LazyPath[] paths; // made when a path is first asked for: most strings of a table are no path
    final int from; // where the strings (each a length and bytes) begin in b, after their count
    final int to; // where they end

    private StringTable(byte[] b, int[] starts, int[] ends, int from, int to) {
      this.b = b;
      this.starts = starts;
      this.ends = ends;
      this.decoded = new String[starts.length];
      this.from = from;
      this.to = to;
    }

    /**
     * {@link String#hashCode} of string {@code i}, over its UTF-8 bytes (decoded on the way, none made a string);
     * bytes that are not well-formed UTF-8 are left to the string the decoder makes of them.
     */
    int hash(int i) {
      int h = 0;
      int p = starts[i];
      int end = ends[i];
      while (p < end) {
        int c = b[p] & 0xff;
        if (c < 0x80) {
          h = 31 * h + c;
          p++;
          continue;
        }
        int n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
        if (n == 0 || c >= 0xf8 || p + n > end) {
          return get(i).hashCode();
        }
        int cp = c & (0x7f >> n);
        for (int k = 1; k < n; k++) {
          int x = b[p + k] & 0xff;
          if ((x & 0xc0) != 0x80) {
            return get(i).hashCode();
          }
          cp = cp << 6 | (x & 0x3f);
        }
        int least = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
        if (cp < least || cp > Character.MAX_CODE_POINT || (cp >= 0xd800 && cp <= 0xdfff)) {
          return get(i).hashCode(); // overlong, out of range or a surrogate: as the decoder replaces it
        }
        if (cp >= 0x10000) {
          h = 31 * (31 * h + Character.highSurrogate(cp)) + Character.lowSurrogate(cp);
        } else {
          h = 31 * h + cp;
        }
        p += n;
      }
      return h;
    }

    private final java.util.function.IntFunction<String> getter = this::get;

    /**
     * Reads a table's place, checking that every string lies within the reader's bounds.
     *
     * @param in the reader, left after the table
     * @return the table
     */
    static StringTable read(In in) {
      int n = in.count();
      int from = in.pos;
      int[] starts = new int[n];
      int[] ends = new int[n];
      for (int i = 0; i < n; i++) {
        int len = in.count();
        starts[i] = in.skip(len);
        ends[i] = in.pos;
      }
      return new StringTable(in.b, starts, ends, from, in.pos);
    }

    int size() {
      return starts.length;
    }

    /** The FNV-1a step of {@link DedupGroups} over string {@code i}'s characters. */
    long fnv(long h, int i) {
      long x = h;
      for (int p = starts[i], end = ends[i]; p < end; p++) {
        byte c = b[p];
        if (c < 0) {
          return DedupGroups.fnv(h, get(i)); // not ASCII: over its characters
        }
        x = (x ^ c) * DedupGroups.FNV_PRIME;
      }
      return x;
    }

    @Override
    public String text(int i) {
      return get(i);
    }

    String get(int i) {
      String v = decoded[i];
      if (v == null) {
        v = new String(b, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
        decoded[i] = v;
      }
      return v;
    }

    /**
     * String {@code i} as a path, one instance for every entry and cell that names it (two threads may each make one;
     * both are equal), with no map of texts to paths.
     */
    @Override
    public LazyPath path(int i) {
      LazyPath[] all = paths;
      if (all == null) {
        all = pathsArray();
      }
      LazyPath p = all[i];
      if (p == null) {
        p = plainAscii(i) ? LazyPath.inTable(getter, i) : LazyPath.stored(get(i));
        all[i] = p;
      }
      return p;
    }

    /**
     * String {@code i}, checked to be a path here without making one where it is plain ASCII (any such text is): any
     * other is made now, so that a text that names no path here fails while the index is read, as {@link #path} does.
     *
     * @return {@code i}
     */
    int checkedPath(int i) {
      if (!plainAscii(i)) {
        path(i);
      }
      return i;
    }

    /** Whether string {@code i} is plain ASCII with no NUL, not empty and no URI: a path that can be deferred. */
    private boolean plainAscii(int i) {
      int from = starts[i];
      int to = ends[i];
      if (to == from || to - from >= 5 && b[from] == 'f' && b[from + 1] == 'i' && b[from + 2] == 'l'
          && b[from + 3] == 'e' && b[from + 4] == ':') {
        return false;
      }
      for (int p = from; p < to; p++) {
        if (b[p] <= 0) {
          return false;
        }
      }
      return true;
    }

    private synchronized LazyPath[] pathsArray() {
      if (paths == null) {
        paths = new LazyPath[starts.length];
      }
      return paths;
    }
  }

  /** A bounds-checked reader. */
  static final class In {
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

    /** A count or length that need not fit in what is left (it describes another part of the file). */
    int count32() {
      long v = varint();
      if (v < 0 || v > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("a count is out of range");
      }
      return (int) v;
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

    String str(StringTable s) {
      return s.get(strIndex(s));
    }

    /** A string's index in the table. */
    int strIndex(StringTable s) {
      long i = varint();
      if (i < 0 || i >= s.size()) {
        throw new IllegalArgumentException("a string index is out of range");
      }
      return (int) i;
    }

    String optStr(StringTable s) {
      long i = varint();
      if (i == 0) {
        return null;
      }
      if (i < 0 || i > s.size()) {
        throw new IllegalArgumentException("a string index is out of range");
      }
      return s.get((int) (i - 1));
    }

    /** A string's index in a table, checked but not decoded. */
    int index(StringTable s) {
      long i = varint();
      if (i < 0 || i >= s.size()) {
        throw new IllegalArgumentException("a string index is out of range");
      }
      return (int) i;
    }

    /** Skips {@code len} bytes and returns where they start. */
    int skip(int len) {
      need(len);
      int at = pos;
      pos += len;
      return at;
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
