package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.append;
import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static io.github.cream.core.IndexFixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.api.ModelPrice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan that finds exactly the files the index's last save found, each as it was then, uses the saved answer
 * without decoding one entry of the index (what a new process does on every report when nothing changed). Whatever
 * the census of the last save cannot vouch for is scanned as before, and the census is saved again for the next.
 */
class UnchangedScanTest {

  @TempDir Path home;

  private Path root() throws IOException {
    return Files.createDirectories(home.resolve(".fake"));
  }

  /** Three logs in two folders, two sessions. */
  private void history() throws IOException {
    append(root().resolve("p/a.jsonl"), line("s1", 1, 10) + line("s1", 2, 20));
    append(root().resolve("p/b.jsonl"), line("s2", 3, 30));
    append(root().resolve("q/c.jsonl"), line("s2", 4, 40) + line("s1", 5, 50));
  }

  /** A scan by a new instance, as a new process makes it: returns how many of its scans found nothing changed. */
  private long freshScanIsUnchanged(Cream.Builder builder) {
    Cream cream = builder.build();
    UsageSnapshot s = cream.scan();
    assertSameResult(full(home), s);
    return cream.unchangedScans();
  }

  @Test
  void aNewProcessFindingNothingChangedUsesTheSavedAnswerAndItEqualsAFullScan() throws IOException {
    history();
    Cream first = cream(home).build();
    UsageSnapshot before = first.scan();
    assertEquals(0, first.unchangedScans(), "the first scan has nothing to compare with");

    Cream later = cream(home).build();
    UsageSnapshot again = later.scan();
    assertEquals(1, later.unchangedScans());
    assertEquals(0, again.stats().filesRead());
    assertEquals(3, again.stats().filesScanned());
    assertSameResult(before, again);
    assertSameResult(full(home), again);
    assertEquals(before.sessions(), again.sessions());
    // the same instance again: nothing changed since its own save either
    later.scan();
    assertEquals(2, later.unchangedScans());
  }

  @Test
  void everyChangeIsScannedAsBeforeAndTheNextProcessFindsItUnchangedAgain() throws IOException {
    history();
    cream(home).build().scan();
    assertEquals(1, freshScanIsUnchanged(cream(home)));

    Path a = root().resolve("p/a.jsonl");
    append(a, line("s1", 6, 60)); // grown
    assertEquals(0, freshScanIsUnchanged(cream(home)));
    assertEquals(1, freshScanIsUnchanged(cream(home)));

    Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-11-20T11:00:00Z"))); // only touched
    assertEquals(0, freshScanIsUnchanged(cream(home)));
    assertEquals(1, freshScanIsUnchanged(cream(home)));

    append(root().resolve("r/d.jsonl"), line("s3", 7, 70)); // a new log
    assertEquals(0, freshScanIsUnchanged(cream(home)));
    assertEquals(1, freshScanIsUnchanged(cream(home)));

    // renamed: the same file with the same identity under another path (a log gone, a new one)
    Files.move(root().resolve("q/c.jsonl"), root().resolve("q/moved.jsonl"));
    Cream renamed = cream(home).build();
    renamed.scan();
    assertEquals(0, renamed.unchangedScans());
    Cream after = cream(home).build();
    after.scan();
    assertEquals(1, after.unchangedScans());
  }

  @Test
  void otherPricesAreNoReasonToTrustTheSavedAnswer() throws IOException {
    history();
    cream(home).build().scan();
    Cream cream = cream(home).price(price()).build();
    UsageSnapshot s = cream.scan();
    assertEquals(0, cream.unchangedScans(), "the answer was saved with other prices");
    assertEquals(cream(home).noIndex().price(price()).build().scan().totals(), s.totals());
    Cream again = cream(home).price(price()).build();
    again.scan();
    assertEquals(1, again.unchangedScans());
  }

  private static ModelPrice price() {
    return ModelPrice.builder("m").provider("prov").input("10").output("10").cacheRead("1").cacheWrite5m("12.5")
        .cacheWrite1h("20").build();
  }

  @Test
  void logsDeletedSinceTheirSaveKeepCountingWhenNothingElseChanged() throws IOException {
    history();
    UsageSnapshot before = cream(home).build().scan();
    Files.delete(root().resolve("p/b.jsonl"));
    UsageSnapshot retaining = cream(home).build().scan(); // scanned: a file is gone
    assertEquals(1, retaining.stats().retainedFromMissingFiles());

    Cream later = cream(home).build();
    UsageSnapshot again = later.scan();
    assertEquals(1, later.unchangedScans());
    assertEquals(before.totals(), again.totals());
    assertEquals(before.records(), again.records());
    assertEquals(retaining.stats().retainedFromMissingFiles(), again.stats().retainedFromMissingFiles());
    assertEquals(retaining.diagnostics(), again.diagnostics());
    assertEquals(2, again.stats().filesScanned());

    assertEquals(1, later.forgetMissingFiles());
    UsageSnapshot forgotten = later.scan();
    assertSameResult(full(home), forgotten);
    assertEquals(0, forgotten.stats().retainedFromMissingFiles());
    Cream after = cream(home).build();
    assertSameResult(full(home), after.scan());
    assertEquals(1, after.unchangedScans(), "the scan after forgetting saved its census");
  }

  /** 1,500 logs whose entries hold a long title each: a directory of ~2 MiB. */
  private void longTitles() throws IOException {
    String title = "T".repeat(1200);
    for (int i = 0; i < 1500; i++) {
      append(root().resolve("p" + (i % 30) + "/l" + i + ".jsonl"), line("s" + i, i % 60, 10 + i)
          + "{\"s\":\"s" + i + "\",\"t\":\"2026-11-20T10:00:00Z\",\"in\":0,\"title\":\"" + title + i + "\"}\n");
    }
  }

  /** What a scan by a JVM with a small heap prints, as {@link #smallHeapReport} prints it, with one more code. */
  private static String reportWith(UsageSnapshot full, String code) {
    java.util.List<String> codes = new java.util.ArrayList<>(full.diagnostics().stream().map(d -> d.code()).toList());
    codes.add(code);
    return full.totals().tokens().input() + " " + full.records().size() + " 0 "
        + String.join(",", codes.stream().sorted().toList());
  }

  /** A scan by a JVM with a small heap: its input tokens, calls, unchanged scans and diagnostics' codes. */
  private String smallHeapReport(String heap) throws Exception {
    ProcessBuilder pb = IndexConcurrencyTest.childProcess("report", home.toString());
    pb.command().add(1, heap);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  @Test
  void aHeapTooSmallForTheIndexReadsEveryFileAndLeavesTheIndexAsItIs() throws Exception {
    longTitles(); // more than a 12 MiB heap decodes
    cream(home).build().scan();
    Path index = home.resolve(".cache/cream/scan-index-v2.bin");
    assertTrue(Files.size(index) > (2 << 20), Files.size(index) + " bytes");
    FileTime saved = Files.getLastModifiedTime(index);
    for (int round = 0; round < 2; round++) {
      assertEquals(reportWith(full(home), "cream.index.too-large"), smallHeapReport("-Xmx12m"),
          "every file read, the index not used");
      assertEquals(saved, Files.getLastModifiedTime(index), "the index left as it is");
      append(root().resolve("p0/l0.jsonl"), line("s0", 59, 5000));
    }
    Cream larger = cream(home).build();
    assertSameResult(full(home), larger.scan());
  }

  @Test
  void aHeapTooSmallToSaveTheIndexStillReportsAndSaysSo() throws Exception {
    longTitles(); // a first scan a 12 MiB heap reads the logs of but cannot encode the directory for
    UsageSnapshot full = full(home);
    assertEquals(reportWith(full, "cream.index.too-large"), smallHeapReport("-Xmx12m"),
        "every file read and reported, the save refused with a WARNING, not an OutOfMemoryError");
    assertFalse(Files.exists(home.resolve(".cache/cream/scan-index-v2.bin")), "no index saved");
    Cream larger = cream(home).build();
    assertSameResult(full, larger.scan());
    assertTrue(Files.exists(home.resolve(".cache/cream/scan-index-v2.bin")), "a heap large enough saves it");
  }

  @Test
  void anotherHomeWithTheSameLogsIsScannedAsBefore() throws IOException {
    history();
    cream(home).build().scan();
    Path elsewhere = Files.createDirectories(home.resolve("other-home"));
    Cream other = Cream.builder()
        .environment(Environment.of(Map.of("HOME", elsewhere.toString()), Clock.fixed(IndexFixtures.NOW,
            ZoneOffset.UTC)))
        .discoverProviders(false)
        .bundledPrices(false)
        .indexDirectory(home.resolve(".cache/cream"))
        .source(new FakeSource())
        .build();
    UsageSnapshot s = other.scan();
    assertEquals(0, other.unchangedScans(), "other roots: other entries may be found or retained");
    assertEquals(0, s.stats().filesScanned());
  }
}
