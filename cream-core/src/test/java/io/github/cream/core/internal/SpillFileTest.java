package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
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
 * The spill file gathers the sections it is given and writes them together: until written a section holds its
 * records (and reads as it will from the file), once written it is placed there and lets go of them, and a write that
 * fails loses nothing (the save encodes the sections that hold their records).
 */
class SpillFileTest {

  @TempDir Path dir;

  private record Place(RecordSection section, List<UsageRecord> records, String sourceId, Path file)
      implements SpillFile.Placement {}

  private static List<IndexEntry> entries(int n) {
    List<IndexEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      IndexEntry e = IndexCodecTest.entry(500 + i);
      out.add(new IndexEntry(e.sourceId(), Path.of("/logs/p" + (i % 3) + "/s" + i + ".jsonl"), e.identity(),
          e.store(), e.consumedOffset(), e.linesEnd(), e.headHash(), e.tailHash(), e.tailKnown(), e.state(),
          e.malformedLines(), e.records(), e.facts(), e.diagnostics()));
    }
    return out;
  }

  private static IndexEntry withRecords(IndexEntry e, List<UsageRecord> records) {
    return new IndexEntry(e.sourceId(), e.file(), e.identity(), e.store(), e.consumedOffset(), e.linesEnd(),
        e.headHash(), e.tailHash(), e.tailKnown(), e.state(), e.malformedLines(), records, e.facts(),
        e.diagnostics());
  }

  private static List<RecordSection> put(SpillFile spill, List<IndexEntry> entries) throws IOException {
    List<RecordSection> out = new ArrayList<>();
    for (IndexEntry e : entries) {
      out.add(spill.put(e.records(), e.sourceId(), e.file()));
    }
    return out;
  }

  @Test
  void sectionsAreWrittenTogetherAndReadBackAsTheyWere() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    List<IndexEntry> entries = entries(40);
    List<RecordSection> sections;
    try (SpillFile spill = SpillFile.create(data)) {
      sections = put(spill, entries);
      assertEquals(IndexCodec.PREFIX, Files.size(data), "nothing written while the sections are gathered");
      for (int i = 0; i < sections.size(); i++) {
        RecordSection s = sections.get(i);
        assertNull(s.dataFile(), "not placed before it is written");
        assertEquals(entries.get(i).records(), List.copyOf(s));
        assertEquals(entries.get(i).records(), s.readOnce());
        assertTrue(spill.groups(s) != null, "its groups are kept beside it");
      }
      spill.flush();
      assertTrue(Files.size(data) > IndexCodec.PREFIX);
    }
    long end = IndexCodec.PREFIX;
    try (SectionReads reads = new SectionReads()) {
      for (int i = 0; i < sections.size(); i++) {
        RecordSection s = sections.get(i);
        assertTrue(s.in(data));
        assertFalse(s.isMaterialized(), "written: the records are let go of");
        assertEquals(end, s.offset(), "one after the other, in the order they were put");
        end += s.length();
        assertEquals(entries.get(i).records(), s.readOnce(reads), "read through one open file");
        assertEquals(entries.get(i).records(), s.readOnce(), "and each on its own");
        assertFalse(s.isMaterialized());
      }
    }
    assertEquals(end, Files.size(data));
  }

  @Test
  void sectionsBeyondTheBufferAreWrittenAsItFills() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    List<IndexEntry> entries = entries(30);
    List<UsageRecord> many = new ArrayList<>();
    while (many.size() < 20_000) {
      for (IndexEntry e : entries) {
        many.addAll(e.records());
      }
    }
    IndexEntry big = withRecords(entries.get(0), many);
    try (SpillFile spill = SpillFile.create(data)) {
      List<RecordSection> small = put(spill, entries.subList(1, 10));
      RecordSection huge = spill.put(big.records(), big.sourceId(), big.file());
      assertTrue(small.get(0).in(data), "the gathered sections are written before one that does not fit after them");
      assertNull(huge.dataFile(), "a section larger than the buffer waits for the next write like any other");
      assertEquals(many, List.copyOf(huge));
      spill.flush();
      assertTrue(huge.in(data));
      assertEquals(many, huge.readOnce());
      assertEquals(huge.offset() + huge.length(), Files.size(data));
    }
  }

  @Test
  void sectionsPlacedTogetherComeAfterTheGatheredOnes() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    List<IndexEntry> entries = entries(12);
    List<RecordSection> sections = new ArrayList<>();
    try (SpillFile spill = SpillFile.create(data)) {
      sections.addAll(put(spill, entries.subList(0, 6)));
      List<Place> writes = new ArrayList<>();
      for (IndexEntry e : entries.subList(6, 12)) {
        RecordSection s = RecordSection.pending(e.records(), e.sourceId(), e.file());
        sections.add(s);
        writes.add(new Place(s, e.records(), e.sourceId(), e.file()));
      }
      spill.placeAll(writes);
    }
    long end = IndexCodec.PREFIX;
    for (int i = 0; i < sections.size(); i++) {
      RecordSection s = sections.get(i);
      assertTrue(s.in(data));
      assertEquals(end, s.offset());
      end += s.length();
      assertEquals(entries.get(i).records(), s.readOnce());
    }
  }

  @Test
  void aWriteThatFailsLosesNothingAndTheSaveEncodesTheSections() throws Exception {
    Path data = dir.resolve(IndexCodec.DATA_PREFIX + "1");
    SpillFile.create(data).close();
    List<IndexEntry> entries = entries(8);
    List<RecordSection> sections;
    try (SpillFile spill = new SpillFile(data, FileChannel.open(data, StandardOpenOption.READ), Files.size(data))) {
      sections = put(spill, entries.subList(0, 5));
      spill.flush(); // a read-only channel: the write fails
      assertThrows(IOException.class, () -> spill.put(entries.get(5).records(), "claude", entries.get(5).file()),
          "a file that failed takes no more sections: the caller keeps those records itself");
    }
    Map<IndexEntry.Key, IndexEntry> state = new HashMap<>();
    for (int i = 0; i < sections.size(); i++) {
      RecordSection s = sections.get(i);
      assertNull(s.dataFile(), "not placed");
      assertEquals(entries.get(i).records(), List.copyOf(s), "the records are still held");
      IndexEntry e = withRecords(entries.get(i), s);
      state.put(e.key(), e);
    }
    Path head = dir.resolve("head");
    try (FileChannel dch = FileChannel.open(data, StandardOpenOption.WRITE);
        FileChannel ch = FileChannel.open(head, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      IndexCodec.Written written = IndexCodec.write(new IndexState(state, Map.of()), 42, ch,
          SectionWriterTest.dataFile(data, dch), null);
      written.moved().forEach((section, ref) -> section.placed(data, ref.offset(), ref.length(), ref.crc()));
    }
    try (FileChannel ch = FileChannel.open(head, StandardOpenOption.READ)) {
      IndexState back = IndexCodec.read(ch, head, IndexCodec.trailer(ch));
      for (IndexEntry e : state.values()) {
        RecordSection s = (RecordSection) back.get(e.key()).records();
        assertFalse(s.lost());
        assertEquals(List.copyOf(e.records()), List.copyOf(s));
      }
    }
  }
}
