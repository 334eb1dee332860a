package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sections written ahead of the save: kept where they are when the save uses their data file, encoded again and
 * placed where the save wrote them when it uses another (a compaction), and encoded by the save when they could
 * not be written.
 */
class SectionWriterTest {

  @TempDir Path dir;

  /** An entry like the one given whose records are a section written ahead to a data file. */
  private static IndexEntry writtenAhead(IndexEntry e, SectionWriter w) {
    RecordSection s = w.submit(e.records(), e.sourceId(), e.file());
    return new IndexEntry(e.sourceId(), e.file(), e.identity(), e.store(), e.consumedOffset(), e.linesEnd(),
        e.headHash(), e.tailHash(), e.tailKnown(), e.state(), e.malformedLines(), s, e.facts(), e.diagnostics());
  }

  /** Saves a state as {@link DiskIndex} does: the head, with sections in a data file (kept when they lie in it). */
  private IndexCodec.Written save(IndexState state, Path data, Path head) throws IOException {
    return save(state, data, head, null);
  }

  /** {@link #save(IndexState, Path, Path)}, beginning with a draft if it fits. */
  private IndexCodec.Written save(IndexState state, Path data, Path head, IndexCodec.Draft draft)
      throws IOException {
    try (FileChannel dch = FileChannel.open(data, StandardOpenOption.WRITE);
        FileChannel ch = FileChannel.open(head, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      IndexCodec.Written written = IndexCodec.write(state, 42, ch, dataFile(data, dch), draft);
      written.moved().forEach((section, ref) -> section.placed(data, ref.offset(), ref.length(), ref.crc()));
      return written;
    }
  }

  private static List<UsageRecord> readBack(Path head, IndexEntry e) throws Exception {
    try (FileChannel ch = FileChannel.open(head, StandardOpenOption.READ)) {
      IndexState back = IndexCodec.read(ch, head, IndexCodec.trailer(ch));
      RecordSection s = (RecordSection) back.get(e.key()).records();
      assertFalse(s.lost());
      return List.copyOf(s);
    }
  }

  @Test
  void aSectionWrittenAheadIsKeptWhereItIs() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    IndexEntry e = IndexCodecTest.entry(11);
    IndexEntry ahead;
    long size;
    try (SpillFile spill = SpillFile.create(data)) {
      SectionWriter w = new SectionWriter(spill);
      ahead = writtenAhead(e, w);
      w.finish();
      size = Files.size(data);
    }
    RecordSection s = (RecordSection) ahead.records();
    assertTrue(s.in(data), "placed once written");
    assertEquals(e.records(), List.copyOf(s), "the records stay in memory");
    IndexCodec.Written written = save(new IndexState(Map.of(ahead.key(), ahead), Map.of()), data,
        dir.resolve("head"));
    assertTrue(written.moved().isEmpty(), "nothing written again");
    assertEquals(size, Files.size(data));
    assertEquals(e.records(), readBack(dir.resolve("head"), ahead));
  }

  @Test
  void aSectionWrittenAheadToAnotherDataFileIsWrittenAgainAndPlacedThere() throws Exception {
    Path first = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    IndexEntry e = IndexCodecTest.entry(12);
    IndexEntry ahead;
    try (SpillFile spill = SpillFile.create(first)) {
      SectionWriter w = new SectionWriter(spill);
      ahead = writtenAhead(e, w);
      w.finish();
    }
    Path second = dir.resolve(IndexCodec.DATA_PREFIX + "2");
    SpillFile.create(second).close();
    save(new IndexState(Map.of(ahead.key(), ahead), Map.of()), second, dir.resolve("head"));
    RecordSection s = (RecordSection) ahead.records();
    assertTrue(s.in(second), "the section now refers to where the save wrote it");
    byte[] bytes = RecordSection.readData(second, s.offset(), s.length(), s.crc());
    assertEquals(e.records(), IndexCodec.decodeSection(bytes, s.storedCount(), e.sourceId(), e.file()));
    assertEquals(e.records(), readBack(dir.resolve("head"), ahead));
  }

  @Test
  void aSectionNotWrittenIsEncodedByTheSave() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    IndexEntry e = IndexCodecTest.entry(13);
    IndexEntry ahead;
    try (SpillFile spill = SpillFile.create(data)) {
      SectionWriter w = new SectionWriter(spill);
      w.stop();
      ahead = writtenAhead(e, w); // too late: pending
    }
    RecordSection s = (RecordSection) ahead.records();
    assertNull(s.dataFile());
    assertEquals(e.records(), List.copyOf(s));
    save(new IndexState(Map.of(ahead.key(), ahead), Map.of()), data, dir.resolve("head"));
    assertTrue(s.in(data));
    assertEquals(e.records(), readBack(dir.resolve("head"), ahead));
  }

  /** The entry given, of another file. */
  private static IndexEntry onFile(IndexEntry e, Path file) {
    return new IndexEntry(e.sourceId(), file, e.identity(), e.store(), e.consumedOffset(), e.linesEnd(),
        e.headHash(), e.tailHash(), e.tailKnown(), e.state(), e.malformedLines(), e.records(), e.facts(),
        e.diagnostics());
  }

  /** Entries of {@code n} files in a few folders, their sections submitted to a writer. */
  private static List<IndexEntry> submitted(SectionWriter w, int n) {
    List<IndexEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      IndexEntry e = onFile(IndexCodecTest.entry(100 + i), Path.of("/logs/p" + (i % 7) + "/s" + i + ".jsonl"));
      out.add(writtenAhead(e, w));
    }
    return out;
  }

  private static Map<IndexEntry.Key, IndexEntry> byKey(List<IndexEntry> entries) {
    Map<IndexEntry.Key, IndexEntry> m = new HashMap<>();
    entries.forEach(e -> m.put(e.key(), e));
    return m;
  }

  @Test
  void heldSectionsAreWrittenOnceReleasedInBatches() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    List<IndexEntry> entries;
    try (SpillFile spill = SpillFile.create(data)) {
      SectionWriter w = new SectionWriter(spill);
      w.hold();
      entries = submitted(w, 3 * SectionWriter.BATCH + 5);
      for (IndexEntry e : entries) {
        assertNull(((RecordSection) e.records()).dataFile(), "held: nothing written while files are read");
      }
      assertNull(IndexCodec.Draft.of(entries.toArray(new IndexEntry[0]), Map.of(), data, rs -> rs.in(data)),
          "no draft while a section is not in the data file");
      w.release(2);
      w.finish();
    }
    IndexState state = new IndexState(byKey(entries), Map.of());
    IndexCodec.Written written = save(state, data, dir.resolve("head"));
    assertTrue(written.moved().isEmpty(), "every section was placed by the writer");
    for (IndexEntry e : entries) {
      assertTrue(((RecordSection) e.records()).in(data));
      assertEquals(e.records(), readBack(dir.resolve("head"), e));
    }
  }

  /** A head saved with the draft and one saved without it: they must be the same bytes. */
  private void assertSameHead(IndexState state, Path data, IndexCodec.Draft draft, String name) throws Exception {
    Path with = dir.resolve(name + "-with");
    Path without = dir.resolve(name + "-without");
    save(state, data, with, draft);
    save(state, data, without, null);
    assertArrayEquals(Files.readAllBytes(without), Files.readAllBytes(with), name);
  }

  @Test
  void aDraftIsUsedOnlyWhileItFitsAndTheHeadIsTheSameEitherWay() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    List<IndexEntry> entries;
    try (SpillFile spill = SpillFile.create(data)) {
      SectionWriter w = new SectionWriter(spill);
      w.hold();
      entries = submitted(w, 40);
      w.release(2);
      w.finish();
    }
    Map<String, String> hints = Map.of("claude", "io.x.Claude|1.0", "codex", "");
    IndexEntry[] all = entries.toArray(new IndexEntry[0]);
    IndexCodec.Draft fits = IndexCodec.Draft.of(all, hints, data, rs -> rs.in(data));
    assertNotNull(fits);
    IndexState state = new IndexState(byKey(entries), hints);
    assertTrue(fits.fits(state, dataFile(data)));
    assertSameHead(state, data, fits, "fits");

    // other hints, one entry more, one entry another instance, another data file: each draft is ignored
    IndexState otherHints = new IndexState(byKey(entries), Map.of("claude", "io.x.Claude|2.0", "codex", ""));
    assertFalse(draft(all, hints, data).fits(otherHints, dataFile(data)));
    assertSameHead(otherHints, data, draft(all, hints, data), "hints");
    IndexEntry[] fewer = java.util.Arrays.copyOf(all, all.length - 1);
    assertFalse(draft(fewer, hints, data).fits(state, dataFile(data)));
    assertSameHead(state, data, draft(fewer, hints, data), "more");
    Map<IndexEntry.Key, IndexEntry> copied = byKey(entries);
    IndexEntry first = entries.get(0);
    copied.put(first.key(), onFile(first, first.file()));
    IndexState another = new IndexState(copied, hints);
    assertFalse(draft(all, hints, data).fits(another, dataFile(data)));
    assertSameHead(another, data, draft(all, hints, data), "instance");
    assertFalse(draft(all, hints, data).fits(state, dataFile(dir.resolve(IndexCodec.DATA_PREFIX + "2"))));

    // a section placed elsewhere in the same file after the draft was made: ignored, the new place is written
    IndexCodec.Draft before = draft(all, hints, data);
    RecordSection moved = (RecordSection) entries.get(3).records();
    long end = Files.size(data);
    byte[] bytes = RecordSection.readData(data, moved.offset(), moved.length(), moved.crc());
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), end);
    }
    moved.placed(data, end, moved.length(), moved.crc());
    assertFalse(before.fits(state, dataFile(data)));
    assertSameHead(state, data, before, "moved");
    assertEquals(entries.get(3).records(), readBack(dir.resolve("moved-with"), entries.get(3)));
  }

  private static IndexCodec.Draft draft(IndexEntry[] entries, Map<String, String> hints, Path data) {
    return IndexCodec.Draft.of(entries, hints, data, rs -> rs.in(data));
  }

  /** The data file as a save that keeps it sees it (appending is not expected). */
  private static IndexCodec.DataFile dataFile(Path data) throws IOException {
    return dataFile(data, null);
  }

  /**
   * The data file as a save that keeps it sees it: its sections stay, what is appended goes at its end.
   *
   * @param channel the file open for writing, or null when nothing may be appended
   */
  static IndexCodec.DataFile dataFile(Path data, FileChannel channel) throws IOException {
    long[] end = {channel == null ? 0 : channel.size()};
    return new IndexCodec.DataFile() {
      @Override
      public Path path() {
        return data;
      }

      @Override
      public boolean keeps(RecordSection section) {
        return section.in(data);
      }

      @Override
      public long append(byte[] b) throws IOException {
        if (channel == null) {
          throw new AssertionError("nothing is appended");
        }
        long at = end[0];
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
          end[0] += channel.write(bb, end[0]);
        }
        return at;
      }
    };
  }
}
