package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to one file's record section of the scan index loses at most that file's records: a log that still exists
 * is read again; the loss of a deleted log's records is a WARNING with its calls and days.
 */
class SectionDamageTest {

  @TempDir Path home;

  private Path index() {
    return home.resolve(".cache/cream/scan-index-v2.bin");
  }

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  /**
   * Flips a byte in the section of {@code a.jsonl}, wherever it is (the sections of a scan's files come in the order
   * they were written, which threads decide): in its string table, the name of its session, {@code s1}.
   */
  private void damageFirstSection() throws IOException {
    Path data;
    try (var files = Files.list(index().getParent())) {
      data = files.filter(p -> p.getFileName().toString().startsWith("scan-index-v2.data-")).findFirst()
          .orElseThrow(() -> new AssertionError("the index has a data file"));
    }
    byte[] b = Files.readAllBytes(data);
    int at = -1;
    for (int i = 1; i + 1 < b.length && at < 0; i++) {
      if (b[i - 1] == 2 && b[i] == 's' && b[i + 1] == '1') {
        at = i;
      }
    }
    assertTrue(at > 0, "the data file has the section of a.jsonl");
    b[at] ^= 0x21;
    Files.write(data, b);
  }

  private void writeLogs() throws IOException {
    Files.writeString(root().resolve("a.jsonl"),
        Lines.call("s1", "2026-11-18T10:00:00Z", 3, 1) + "\n" + Lines.call("s1", "2026-11-19T10:00:00Z", 4, 1) + "\n"
            + Lines.call("s1", "2026-11-19T11:00:00Z", 5, 1) + "\n");
    Files.writeString(root().resolve("b.jsonl"),
        Lines.call("s2", "2026-11-20T10:00:00Z", 7, 1) + "\n" + Lines.call("s2", "2026-11-20T11:00:00Z", 8, 1) + "\n");
  }

  @Test
  void aDeletedLogsDamagedSectionIsReportedWithItsCallsAndDaysAndNothingElseIsLost() throws IOException {
    writeLogs();
    cream(home).build().scan();
    Files.delete(root().resolve("a.jsonl"));
    UsageSnapshot kept = cream(home).build().scan();
    assertEquals(5, kept.totals().calls(), "the deleted log's calls are kept");
    damageFirstSection();

    UsageSnapshot warm = cream(home).build().scan();
    assertEquals(kept.totals(), warm.totals(), "nothing changed: the saved answer is used, no section is read");
    assertEquals(kept.daily(java.time.ZoneOffset.UTC), warm.daily(java.time.ZoneOffset.UTC));

    Files.writeString(root().resolve("b.jsonl"), Lines.call("s2", "2026-11-20T12:00:00Z", 9, 1) + "\n",
        StandardOpenOption.APPEND);
    UsageSnapshot appended = cream(home).build().scan();
    assertEquals(6, appended.totals().calls(), "an append adds to the saved answer; no other section is read");

    // a log rewritten from its start: everything is combined again, which reads the damaged section
    Files.writeString(root().resolve("b.jsonl"), Lines.call("s2", "2026-11-20T10:00:00Z", 7, 1) + "\n");
    UsageSnapshot changed = cream(home).build().scan();
    Diagnostic loss = changed.diagnostics().stream().filter(d -> d.code().equals("cream.index.section-lost"))
        .findFirst().orElseThrow(() -> new AssertionError("the loss is reported: " + changed.diagnostics()));
    assertEquals(Severity.WARNING, loss.severity());
    assertTrue(loss.message().contains("3 calls from 2026-11-18 to 2026-11-19"), loss.message());
    assertEquals(1, changed.totals().calls(), "only the damaged section's calls are gone");

    UsageSnapshot after = cream(home).build().scan();
    assertEquals(1, after.totals().calls());
    assertEquals(List.of(7L), after.records().stream().map(p -> p.record().tokens().input()).toList());
    assertSameResult(full(home), after);
    UsageSnapshot again = cream(home).build().scan();
    assertTrue(again.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")),
        "reported once: " + again.diagnostics());
    assertEquals(1, again.totals().calls());
  }

  @Test
  void anExistingLogsDamagedSectionIsReadAgainFromTheLog() throws IOException {
    writeLogs();
    cream(home).build().scan();
    damageFirstSection();
    Files.writeString(root().resolve("b.jsonl"), Lines.call("s2", "2026-11-20T12:00:00Z", 9, 1) + "\n",
        StandardOpenOption.APPEND);

    UsageSnapshot s = cream(home).build().scan();
    assertTrue(s.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")), "nothing was lost");
    assertSameResult(full(home), s);
    assertEquals(6, s.totals().calls());

    Files.writeString(root().resolve("a.jsonl"), Lines.call("s1", "2026-11-21T10:00:00Z", 6, 1) + "\n",
        StandardOpenOption.APPEND);
    assertSameResult(full(home), cream(home).build().scan());
  }

  @Test
  void anAppendedLogWhoseSectionIsDamagedIsReadAgainFromTheStart() throws IOException {
    writeLogs();
    cream(home).build().scan();
    damageFirstSection();
    Files.writeString(root().resolve("a.jsonl"), Lines.call("s1", "2026-11-21T10:00:00Z", 6, 1) + "\n",
        StandardOpenOption.APPEND);
    UsageSnapshot s = cream(home).build().scan();
    assertSameResult(full(home), s);
    assertEquals(6, s.totals().calls());
  }

  @Test
  void aVersionOneIndexIsConvertedAndKeepsTheHistoryOfDeletedLogs() throws IOException {
    writeLogs();
    cream(home).build().scan();
    Files.delete(root().resolve("a.jsonl"));
    UsageSnapshot reference = cream(home).build().scan();
    // the same state in format version 1, as the previous release wrote it
    io.github.cream.core.internal.IndexState state;
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(index())) {
      state = io.github.cream.core.internal.IndexCodec.read(ch, index(),
          io.github.cream.core.internal.IndexCodec.trailer(ch));
    } catch (io.github.cream.core.internal.IndexCodec.CorruptIndexException e) {
      throw new AssertionError(e);
    }
    Files.write(index().resolveSibling("scan-index-v1.bin"), io.github.cream.core.internal.IndexV1Writer.encode(state, 7));
    Files.delete(index());
    Files.deleteIfExists(index().resolveSibling("scan-index-v2.bin.previous"));

    UsageSnapshot converted = cream(home).build().scan();
    assertEquals(reference.totals(), converted.totals(), "the deleted log's calls survive the conversion");
    assertEquals(0, converted.stats().filesRead(), "nothing is read again");
    assertTrue(Files.isRegularFile(index()));
    assertTrue(Files.notExists(index().resolveSibling("scan-index-v1.bin")), "the old index is removed");
    assertEquals(reference.totals(), cream(home).build().scan().totals());
  }
}
