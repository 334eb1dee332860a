package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameAnswer;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.SessionSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexOnlyScanTest {

  @TempDir Path home;

  private Path file(String name) throws IOException {
    Path f = home.resolve(".fake").resolve(name);
    Files.createDirectories(f.getParent());
    return f;
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static String call(String session, int minute, String key) {
    String t = "2026-11-21T18:" + (minute < 10 ? "0" : "") + minute + ":00Z";
    return Lines.keyed(session, t, 10 + minute, key, "v", 0) + "\n";
  }

  private static void age(Path file, int hoursAgo) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(IndexFixtures.NOW.minusSeconds(3600L * hoursAgo)));
  }

  @Test
  void whenOnlyTheNamedFileGrewTheAnswerIsAFullScansAndOnlyItsNewBytesAreRead() throws IOException {
    Path a = file("p/a.jsonl");
    Path b = file("q/b.jsonl");
    append(a, call("s1", 1, "k1") + call("s1", 2, "k2"));
    append(b, call("s2", 3, "k3"));
    cream(home).build().scan();
    String grown = call("s1", 4, "k4") + call("s1", 5, "k5");
    append(a, grown);

    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertTrue(r.fromIndex());
    assertSameAnswer(full(home), r.snapshot());
    assertEquals(1, r.snapshot().stats().filesScanned(), "no other file is looked at");
    assertEquals(2, r.snapshot().stats().linesRead(), "only the appended lines are parsed");

    // what it saved is what a normal scan would have: the next one reads nothing and agrees
    UsageSnapshot next = cream(home).build().scan();
    assertEquals(0, next.stats().bytesRead());
    assertSameAnswer(full(home), next);
  }

  @Test
  void aSaveIntervalSavesAtMostThatOftenAndEveryAnswerStillHasEveryCall() throws IOException {
    Path a = file("p/a.jsonl");
    append(a, call("s1", 1, "k1"));
    append(file("q/b.jsonl"), call("s2", 2, "k2"));
    cream(home).build().scan();
    Cream kept = cream(home).build();
    java.time.Duration minute = java.time.Duration.ofMinutes(1);

    append(a, call("s1", 3, "k3"));
    IndexedScan first = kept.scanFromIndex(List.of(a), minute); // this instance's first: saves
    assertTrue(first.fromIndex());
    assertSameAnswer(full(home), first.snapshot());
    assertEquals(0, cream(home).build().scan().stats().bytesRead(), "saved");

    append(a, call("s1", 4, "k4") + call("s1", 5, "k5"));
    IndexedScan second = kept.scanFromIndex(List.of(a), minute); // within the minute: answers, does not save
    assertTrue(second.fromIndex());
    assertSameAnswer(full(home), second.snapshot());
    append(a, call("s1", 6, "k6"));
    IndexedScan third = kept.scanFromIndex(List.of(a), minute);
    assertSameAnswer(full(home), third.snapshot());
    assertEquals(3, third.snapshot().stats().linesRead(), "what was appended since the last save, read again");

    IndexedScan fourth = kept.scanFromIndex(List.of(a), java.time.Duration.ZERO); // due: saves
    assertSameAnswer(full(home), fourth.snapshot());
    UsageSnapshot next = cream(home).build().scan();
    assertEquals(0, next.stats().bytesRead(), "saved");
    assertSameAnswer(full(home), next);
    append(a, call("s1", 8, "k8"));
    assertSameAnswer(full(home), kept.scanFromIndex(List.of(a), java.time.Duration.ofDays(365L * 10_000)).snapshot());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> kept.scanFromIndex(List.of(a), java.time.Duration.ofSeconds(-1)));
  }

  @Test
  void theNextLineOfAStreamedResponseCombinesOnlyItsGroupAndAgreesWithAFullScan() throws IOException {
    Path a = file("p/a.jsonl");
    Path b = file("q/b.jsonl");
    Path c = file("r/c.jsonl");
    append(a, call("s1", 1, "k1") + call("s1", 2, "k2"));
    append(b, call("s2", 3, "k3") + Lines.keyed("s2", "2026-11-21T18:04:00Z", 5, "k1", "v", 0) + "\n");
    append(c, call("s3", 5, "k5"));
    cream(home).build().scan();
    Cream kept = cream(home).build();
    java.time.Duration minute = java.time.Duration.ofMinutes(1);

    // the next line of the response k2: more output, so it replaces the counted line
    append(a, Lines.keyed("s1", "2026-11-21T18:02:00Z", 40, "k2", "v", 0) + "\n");
    IndexedScan first = kept.scanFromIndex(List.of(a), minute);
    assertTrue(first.fromIndex(), "answered from the index");
    assertSameAnswer(full(home), first.snapshot());
    assertEquals(1, first.snapshot().stats().filesScanned(), "no other file is looked at");

    // a repeat of k1, whose other copy is in b (another session): both files are combined again
    append(a, Lines.keyed("s1", "2026-11-21T18:01:00Z", 90, "k1", "v", 0) + "\n");
    IndexedScan second = kept.scanFromIndex(List.of(a), minute);
    assertTrue(second.fromIndex());
    assertSameAnswer(full(home), second.snapshot());

    // a worse copy changes nothing but the count of dropped copies; a new call is simply added
    append(a, Lines.keyed("s1", "2026-11-21T18:02:00Z", 1, "k2", "v", 0) + "\n" + call("s1", 7, "k7"));
    IndexedScan third = kept.scanFromIndex(List.of(a), java.time.Duration.ZERO);
    assertTrue(third.fromIndex());
    assertSameAnswer(full(home), third.snapshot());
    UsageSnapshot next = cream(home).build().scan();
    assertEquals(0, next.stats().bytesRead(), "what it saved is what a full scan saves");
    assertSameAnswer(full(home), next);
  }

  @Test
  void aRepeatedCallThatJoinsAnotherSessionsCallsSendsItTheNormalWay() throws IOException {
    Path a = file("p/a.jsonl");
    Path c = file("r/c.jsonl");
    append(a, call("s1", 1, "k1"));
    append(c, call("s3", 5, "k5"));
    cream(home).build().scan();
    // a line of session s3 appended to a: it would join a's group to c's
    append(a, Lines.keyed("s3", "2026-11-21T18:05:00Z", 99, "k5", "v", 0) + "\n");
    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertSameAnswer(full(home), r.snapshot());
  }

  @Test
  void nothingChangedReadsNothing() throws IOException {
    Path a = file("a.jsonl");
    append(a, call("s1", 1, "k1"));
    append(file("b.jsonl"), call("s2", 2, "k2"));
    cream(home).build().scan();
    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertTrue(r.fromIndex());
    assertEquals(0, r.snapshot().stats().bytesRead());
    assertSameAnswer(full(home), r.snapshot());
  }

  @Test
  void anotherFileThatChangedIsCountedAsTheIndexLastSawItUntilTheNextScan() throws IOException {
    Path a = file("a.jsonl");
    Path b = file("b.jsonl");
    append(a, call("s1", 1, "k1"));
    append(b, call("s2", 2, "k2"));
    cream(home).build().scan();
    UsageSnapshot then = full(home);
    append(a, call("s1", 3, "k3"));
    UsageSnapshot onlyA = full(home);
    append(b, call("s2", 4, "k4"));

    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertTrue(r.fromIndex());
    assertSameAnswer(onlyA, r.snapshot()); // stale for b, consistent: a's new call counted once, b as it was
    assertEquals(then.totals().calls() + 1, r.snapshot().totals().calls());

    // nothing of b is lost: the next normal scan reads what it appended
    UsageSnapshot next = cream(home).build().scan();
    assertSameAnswer(full(home), next);
  }

  @Test
  void theCallsOfTheNamedFilesAloneAreASnapshotOfTheirOwn() throws IOException {
    Path a = file("a.jsonl");
    append(a, call("s1", 1, "k1") + call("s1", 2, "k2"));
    append(file("b.jsonl"), call("s2", 3, "k3"));
    cream(home).build().scan();
    append(a, call("s1", 4, "k4"));
    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    UsageSnapshot files = r.files();
    assertEquals(3, files.records().size());
    assertEquals(List.of("s1"), files.sessions().stream().map(SessionSummary::sessionId).toList());
    assertEquals(r.snapshot().session("fake", "s1").orElseThrow().totals(), files.totals());
    assertTrue(files.cacheState("fake", "s1", IndexFixtures.NOW).isPresent());
  }

  @Test
  void aFileTheIndexDoesNotKnowSendsItTheNormalWay() throws IOException {
    append(file("a.jsonl"), call("s1", 1, "k1"));
    cream(home).build().scan();
    Path c = file("c.jsonl");
    append(c, call("s3", 2, "k2"));
    IndexedScan r = cream(home).build().scanFromIndex(List.of(c));
    assertFalse(r.fromIndex());
    assertSameAnswer(full(home), r.snapshot());
    assertEquals(1, r.files().records().size());
  }

  @Test
  void aRewrittenFileSendsItTheNormalWay() throws IOException {
    Path a = file("a.jsonl");
    append(a, call("s1", 1, "k1") + call("s1", 2, "k2"));
    append(file("b.jsonl"), call("s2", 3, "k3"));
    cream(home).build().scan();
    Files.writeString(a, call("s1", 5, "k9"), StandardCharsets.UTF_8);
    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertFalse(r.fromIndex());
    assertSameAnswer(full(home), r.snapshot());
  }

  @Test
  void anAppendedCopyOfACountedCallSendsItTheNormalWay() throws IOException {
    Path a = file("a.jsonl");
    Path b = file("b.jsonl");
    append(a, call("s1", 1, "k1"));
    append(b, call("s2", 2, "k2"));
    cream(home).build().scan();
    append(a, call("s1", 7, "k2")); // the same call as b's, with more tokens: the copy that counts changes
    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertFalse(r.fromIndex());
    assertSameAnswer(full(home), r.snapshot());
  }

  @Test
  void aPathOutsideEverySourceIsNeverRead() throws IOException {
    append(file("a.jsonl"), call("s1", 1, "k1"));
    cream(home).build().scan();
    Path elsewhere = home.resolve("elsewhere.jsonl");
    append(elsewhere, call("s9", 1, "k9"));
    IndexedScan r = cream(home).build().scanFromIndex(List.of(elsewhere));
    assertFalse(r.fromIndex());
    assertSameAnswer(full(home), r.snapshot());
    assertEquals(0, r.files().records().size());
  }

  @Test
  void filesThatNoLongerExistKeepCounting() throws IOException {
    Path old = file("old.jsonl");
    Path older = file("older.jsonl");
    Path a = file("a.jsonl");
    append(older, call("s0", 0, "k0"));
    append(old, call("s1", 1, "k1"));
    append(a, call("s2", 2, "k2"));
    age(older, 48);
    age(old, 24);
    age(a, 1);
    Cream cream = cream(home).build();
    UsageSnapshot all = cream.scan();
    Files.delete(old);
    Files.delete(older);
    UsageSnapshot retained = cream.scan();
    assertEquals(2, retained.stats().retainedFromMissingFiles());
    append(a, call("s2", 3, "k3"));

    IndexedScan r = cream(home).build().scanFromIndex(List.of(a));
    assertTrue(r.fromIndex());
    assertEquals(all.totals().calls() + 1, r.snapshot().totals().calls());
    UsageSnapshot next = cream(home).build().scan();
    assertEquals(0, next.stats().bytesRead());
    assertSameAnswer(next, r.snapshot());
  }

  @Test
  void withoutAnIndexItIsANormalScan() throws IOException {
    Path a = file("a.jsonl");
    append(a, call("s1", 1, "k1"));
    IndexedScan r = cream(home).noIndex().build().scanFromIndex(List.of(a));
    assertFalse(r.fromIndex());
    assertSameAnswer(full(home), r.snapshot());
    assertEquals(1, r.files().records().size());
    assertFalse(Files.exists(home.resolve(".cache")));
  }

  @Test
  void aSecondConfigurationDoesNotUseTheFirstOnesAnswer() throws IOException {
    Path a = file("a.jsonl");
    append(a, call("s1", 1, "k1"));
    cream(home).build().scan();
    append(a, call("s1", 2, "k2"));
    IndexedScan r = cream(home).costMode(CostMode.CALCULATE).build().scanFromIndex(List.of(a));
    assertFalse(r.fromIndex());
    assertEquals(2, r.snapshot().totals().calls());
  }
}
