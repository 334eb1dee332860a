package io.github.cream.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    IndexCodec.Out[] parts = encodeParts(state, writeId);
    IndexCodec.Out file = new IndexCodec.Out((long) parts[0].size + parts[1].size + parts[2].size);
    for (IndexCodec.Out part : parts) {
      file.bytes(part.buf, 0, part.size);
    }
    return file.size == file.buf.length ? file.buf : java.util.Arrays.copyOf(file.buf, file.size);
  }

  /** The file in three parts: header, string table, the rest of the body. */
  private static IndexCodec.Out[] encodeParts(IndexState state, long writeId) {
    IndexCodec.Strings strings = new IndexCodec.Strings();
    IndexCodec.Out rest = new IndexCodec.Out(1 << 16);
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
    IndexCodec.Out entry = new IndexCodec.Out(1 << 12);
    for (IndexEntry e : entries) {
      entry.reset();
      IndexCodec.writeEntry(entry, e, o -> IndexCodec.writeRecords(o, e.records(), e.sourceId(), e.file(), strings),
          strings);
      rest.varint(entry.size);
      rest.bytes(entry.buf, 0, entry.size);
    }
    IndexCodec.Out table = new IndexCodec.Out(strings.bytes + 16);
    table.varint(strings.list.size());
    for (byte[] s : strings.list) {
      table.varint(s.length);
      table.bytes(s, 0, s.length);
    }
    CRC32C body = new CRC32C();
    body.update(table.buf, 0, table.size);
    body.update(rest.buf, 0, rest.size);

    IndexCodec.Out header = new IndexCodec.Out(HEADER);
    header.bytes(MAGIC, 0, MAGIC.length);
    header.u32(VERSION);
    header.u32(0);
    header.u64(writeId);
    header.u64((long) table.size + rest.size);
    header.u32((int) body.getValue());
    header.u32(IndexCodec.crc(header.buf, 0, 36));
    return new IndexCodec.Out[] {header, table, rest};
  }
}
