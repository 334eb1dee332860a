package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.append;
import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static io.github.cream.core.IndexFixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.core.internal.IndexCodec;
import io.github.cream.core.internal.IndexEntry;
import io.github.cream.core.internal.IndexState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save after a scan that changed a few of many logs copies the other entries' bytes from the directory they were
 * read from, with the string table as it was and the new strings after it: the next process reads the same entries,
 * answer and census as a save that encoded everything would have given it.
 */
class CopyingSaveTest {

  @TempDir Path home;

  private Path log(int i) {
    return home.resolve(".fake/p" + (i % 7) + "/l" + i + ".jsonl");
  }

  private Path index() {
    return home.resolve(".cache/cream/scan-index-v2.bin");
  }

  /** The census's numbers in the head file, as text: five after a save that encoded the table, six after copying. */
  private String[] census() throws IOException {
    String head = new String(Files.readAllBytes(index()), StandardCharsets.ISO_8859_1);
    int at = head.lastIndexOf("\u0000census ");
    assertTrue(at >= 0, "a census is saved");
    int end = at + head.charAt(at - 1); // shorter than 128 bytes: its length is the one byte before it
    return head.substring(at + 8, end).split(" ");
  }

  /** The entries a new process reads, by file, as text (records, identity, facts, diagnostics). */
  private Map<String, String> entries() throws IOException, IndexCodec.CorruptIndexException {
    IndexState state;
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(index())) {
      state = IndexCodec.read(ch, index(), IndexCodec.trailer(ch));
    }
    Map<String, String> out = new TreeMap<>();
    for (IndexEntry e : state.entries()) {
      out.put(e.key().path(), e.sourceId() + " " + e.identity() + " " + e.records() + " " + e.facts() + " "
          + e.diagnostics() + " " + e.consumedOffset() + " " + e.linesEnd() + " " + e.headHash() + " " + e.tailHash()
          + " " + e.resumable() + " " + e.malformedLines() + " " + e.store());
    }
    return out;
  }

  @Test
  void aFewChangedLogsAmongManyAreEncodedAndTheRestCopied() throws Exception {
    for (int i = 0; i < 40; i++) {
      append(log(i), line("s" + (i % 9), i % 50, 10 + i));
    }
    cream(home).build().scan();
    assertEquals(5, census().length, "a first save encodes everything");

    List<Map<String, String>> seen = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      append(log(round * 5), line("s" + round, 50 + round, 100 + round)); // grown
      if (round == 2) {
        append(home.resolve(".fake/p0/a-first.jsonl"), line("s20", 3, 7)); // new logs, before and after the others
        append(home.resolve(".fake/zz/last.jsonl"), line("s21", 4, 8));
      }
      if (round == 4) {
        Files.delete(log(11)); // a deleted log: its entry is retained, copied as it was
      }
      Cream cream = cream(home).build();
      UsageSnapshot s = cream.scan();
      assertSameAnswer(s, round >= 4 ? 1 : 0);
      // the answer the last save fingerprinted is the one the appended calls are added to (not when a log was just
      // deleted: its calls, now retained, are counted anew)
      assertEquals(round == 4 ? 0 : 1, cream.appendedScans(), "round " + round + ": appended to the saved answer");
      String[] c = census();
      assertEquals(6, c.length, "round " + round + ": the save copied entries and says how many strings it added");
      // a save adds the strings of what it encodes (up to 64 again, the table then looked up), never the table's
      assertTrue(Integer.parseInt(c[5], 16) <= 40 * (round + 1), "few strings added: " + c[5]);

      Cream next = cream(home).build();
      UsageSnapshot again = next.scan();
      assertEquals(1, next.unchangedScans(), "the copying save's census is read");
      assertEquals(s.records(), again.records(), "the records of copied entries");
      assertEquals(s.totals(), again.totals());
      assertEquals(s.sessions(), again.sessions());
      seen.add(entries());
    }
    // what the copying saves wrote is what a save of everything writes
    Files.delete(index());
    cream(home).build().scan();
    Map<String, String> whole = entries();
    Map<String, String> copied = seen.get(seen.size() - 1);
    assertEquals(41, whole.size());
    assertEquals(42, copied.size(), "the deleted log's entry retained");
    for (String file : whole.keySet()) {
      assertEquals(whole.get(file), copied.get(file), file);
    }
  }

  @Test
  void aSaveEncodesEverythingAgainWhenMostLogsChangedOrTheTableGrewTooMuch() throws Exception {
    for (int i = 0; i < 20; i++) {
      append(log(i), line("s" + (i % 5), i % 50, 10 + i));
    }
    cream(home).build().scan();
    append(log(3), line("s3", 51, 99));
    cream(home).build().scan();
    assertEquals(6, census().length, "one changed log: copied");

    for (int i = 0; i < 12; i++) {
      append(log(i), line("s" + i, 52, 100 + i));
    }
    UsageSnapshot most = cream(home).build().scan();
    assertSameAnswer(most, 0);
    assertEquals(5, census().length, "most logs changed: everything encoded again");

    append(log(5), line("s5", 53, 120));
    cream(home).build().scan();
    String[] c = census();
    assertEquals(6, c.length);
    claimGrowth(c[5], "fffff");
    append(log(6), line("s6", 54, 121));
    UsageSnapshot grown = cream(home).build().scan();
    assertSameAnswer(grown, 0);
    assertEquals(5, census().length, "a table grown past its limit: everything encoded again");
    Cream next = cream(home).build();
    assertSameAnswer(next.scan(), 0);
    assertEquals(1, next.unchangedScans());
  }

  /** Rewrites the head file as if copying saves had added {@code to} (hexadecimal) strings, checksums made anew. */
  private void claimGrowth(String from, String to) throws Exception {
    byte[] b = Files.readAllBytes(index());
    IndexCodec.Header h;
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(index())) {
      h = IndexCodec.trailer(ch);
    }
    String text = new String(b, StandardCharsets.ISO_8859_1);
    int at = text.lastIndexOf("\u0000census ");
    int lengthAt = at - 1; // the census is shorter than 128 bytes: its length is the one byte before it
    int end = at + b[lengthAt];
    assertEquals(from, text.substring(text.lastIndexOf(' ', end - 1) + 1, end));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(b, 0, lengthAt);
    out.write(end - at - from.length() + to.length());
    out.write(b, at, end - from.length() - at);
    out.write(to.getBytes(StandardCharsets.US_ASCII));
    int trailer = b.length - IndexCodec.TRAILER;
    out.write(b, end, trailer - end);
    byte[] head = out.toByteArray();
    long metaLength = head.length - h.metaOffset();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(head, (int) h.metaOffset(), (int) metaLength);
    java.nio.ByteBuffer t = java.nio.ByteBuffer.allocate(IndexCodec.TRAILER);
    t.putLong(h.writeId()).putLong(h.metaOffset()).putLong(metaLength).putInt((int) crc.getValue())
        .putInt(IndexCodec.VERSION).putInt(0);
    java.util.zip.CRC32C tc = new java.util.zip.CRC32C();
    tc.update(t.array(), 0, 36);
    t.putInt((int) tc.getValue());
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.write(head);
    all.write(t.array());
    Files.write(index(), all.toByteArray());
    assertEquals(to, census()[5]);
  }

  /** The answer a scan without an index gives, with the calls of logs deleted since they were indexed. */
  private void assertSameAnswer(UsageSnapshot s, int retainedLogs) {
    UsageSnapshot full = full(home);
    assertEquals(retainedLogs, s.stats().retainedFromMissingFiles());
    if (retainedLogs == 0) {
      assertSameResult(full, s);
    } else {
      assertEquals(full.records().size() + 1, s.records().size(), "the deleted log's call retained");
    }
  }
}
