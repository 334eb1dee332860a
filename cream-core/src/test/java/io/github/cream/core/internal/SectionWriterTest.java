package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    try (FileChannel dch = FileChannel.open(data, StandardOpenOption.WRITE);
        FileChannel ch = FileChannel.open(head, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long[] end = {dch.size()};
      IndexCodec.Written written = IndexCodec.write(state, 42, ch, new IndexCodec.DataFile() {
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
          long at = end[0];
          ByteBuffer bb = ByteBuffer.wrap(b);
          while (bb.hasRemaining()) {
            end[0] += dch.write(bb, end[0]);
          }
          return at;
        }
      });
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
}
