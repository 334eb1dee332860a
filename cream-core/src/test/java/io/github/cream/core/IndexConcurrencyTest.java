package io.github.cream.core;

import static io.github.cream.core.IndexFixtures.assertSameResult;
import static io.github.cream.core.IndexFixtures.cream;
import static io.github.cream.core.IndexFixtures.full;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans of one index at once, by threads and by processes: the index is never corrupted, nothing counted twice. */
class IndexConcurrencyTest {

  @TempDir Path home;

  private Path indexFile() {
    return home.resolve(".cache/cream/scan-index-v2.bin");
  }

  private void writeLogs(int files, int linesEach) throws IOException {
    Path root = Files.createDirectories(home.resolve(".fake"));
    for (int f = 0; f < files; f++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < linesEach; i++) {
        sb.append(Lines.keyed("s" + f, "2026-11-20T10:00:" + (10 + i % 40) + "Z", 5, "m" + (f % 3) + "-" + i, "r", 0))
            .append('\n');
      }
      Files.writeString(root.resolve("f" + f + ".jsonl"), sb.toString());
    }
  }

  private void appendEverywhere(int round) throws IOException {
    Path root = home.resolve(".fake");
    try (var files = Files.list(root)) {
      for (Path p : files.toList()) {
        Files.writeString(p, Lines.call("s" + round, "2026-11-20T11:00:00Z", round + 1, 1) + "\n",
            StandardOpenOption.APPEND);
      }
    }
  }

  @Test
  void threadsScanningAtOnceAgreeAndLeaveAValidIndex() throws Exception {
    writeLogs(12, 30);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<UsageSnapshot>> results = new ArrayList<>();
        Cream shared = cream(home).build();
        for (int t = 0; t < 4; t++) {
          boolean own = t % 2 == 0; // two instances of their own, two threads sharing one instance
          results.add(pool.submit(() -> {
            start.await();
            return (own ? cream(home).build() : shared).scan();
          }));
        }
        start.countDown();
        UsageSnapshot reference = full(home);
        for (Future<UsageSnapshot> f : results) {
          assertSameResult(reference, f.get(60, TimeUnit.SECONDS));
        }
        UsageSnapshot after = cream(home).build().scan();
        assertEquals(0, after.stats().filesRead(), "the index holds the latest state");
        assertTrue(after.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
        appendEverywhere(round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aScanThatCannotGetTheLockGoesOnWithoutWriting() throws Exception {
    writeLogs(3, 5);
    UsageSnapshot first = cream(home).build().scan();
    byte[] before = Files.readAllBytes(indexFile());
    appendEverywhere(1);
    Process holder = child("hold", home.toString());
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", out.readLine());
      UsageSnapshot s = cream(home).indexLockTimeout(Duration.ofMillis(200)).build().scan();
      assertTrue(s.diagnostics().stream().anyMatch(d -> d.code().equals("cream.index.busy")), "reported");
      assertSameResult(full(home), s);
      assertEquals(3, s.stats().filesRead(), "the appended files were read from the saved index's offsets");
      assertArrayEquals(before, Files.readAllBytes(indexFile()), "and the index was left alone");
      assertTrue(first.totals().tokens().input() < s.totals().tokens().input());
    } finally {
      holder.getOutputStream().close();
      assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }
    UsageSnapshot later = cream(home).build().scan();
    assertTrue(later.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
    assertSameResult(full(home), later);
  }

  @Test
  void aLockHeldInThisProcessIsWaitedForThenGivenUpOn() throws Exception {
    writeLogs(2, 3);
    cream(home).build().scan();
    try (FileChannel ch = FileChannel.open(home.resolve(".cache/cream/scan-index.lock"), StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      UsageSnapshot s = cream(home).indexLockTimeout(Duration.ZERO).build().scan();
      assertTrue(s.diagnostics().stream().anyMatch(d -> d.code().equals("cream.index.busy")));
      assertEquals(0, s.stats().filesRead(), "the saved index is still used");
      assertTrue(lock.isValid());
    }
  }

  @Test
  void twoProcessesScanningAtOnceNeitherCorruptNorDoubleCount() throws Exception {
    writeLogs(20, 40);
    UsageSnapshot reference = full(home);
    String expected = reference.totals().tokens().input() + " " + reference.records().size() + " false";
    Process a = child("scan", home.toString(), "6");
    Process b = child("scan", home.toString(), "6");
    Set<String> lines = new LinkedHashSet<>();
    for (Process p : List.of(a, b)) {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        n++;
      }
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), () -> "child failed: " + stderr(p));
      assertEquals(6, n);
    }
    assertEquals(Set.of(expected), lines, "every scan of both processes saw exactly the full result");
    UsageSnapshot after = cream(home).build().scan();
    assertTrue(after.diagnostics().stream().noneMatch(d -> d.code().startsWith("cream.index.")));
    assertEquals(0, after.stats().filesRead());
    assertSameResult(reference, after);
  }

  @Test
  void aProcessKilledAtAnyInstantLosesNothingAlreadySaved() throws Exception {
    writeLogs(6, 10);
    Path root = home.resolve(".fake");
    Path gone = root.resolve("gone.jsonl");
    Files.writeString(gone, Lines.call("g", "2026-11-19T10:00:00Z", 100, 1) + "\n"
        + Lines.call("g", "2026-11-19T10:01:00Z", 100, 1) + "\n" + Lines.call("g", "2026-11-19T10:02:00Z", 100, 1)
        + "\n");
    cream(home).build().scan();
    Files.delete(gone); // from now on the index is the only copy of its three calls
    assertEquals(3, cream(home).build().scan().stats().retainedFromMissingFiles());
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 6; round++) {
      Process p = child("churn", home.toString(), "100000");
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (int saves = 1 + random.nextInt(4); saves > 0; saves--) {
        if (out.readLine() == null) {
          break; // the child died on its own: its stderr says why below
        }
      }
      Thread.sleep(random.nextInt(40)); // somewhere inside a later scan or save
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));

      UsageSnapshot s = cream(home).build().scan();
      assertTrue(s.diagnostics().stream().noneMatch(d -> d.code().equals("cream.index.corrupt")
              || d.code().equals("cream.index.section-lost")),
          () -> "round: the index survived the kill: " + s.diagnostics() + " " + stderr(p));
      UsageSnapshot logs = full(home);
      assertEquals(logs.totals().tokens().input() + 300, s.totals().tokens().input(),
          "every call of the logs once, and the deleted log's calls kept");
      assertEquals(3, s.stats().retainedFromMissingFiles());
      assertEquals(logs.totals().calls() + 3, s.records().size());
    }
  }

  private static String stderr(Process p) {
    try {
      return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static Process child(String... args) throws IOException {
    return childProcess(args).start();
  }

  /** A second JVM running {@link IndexChild} with these arguments, on this test's class path. */
  static ProcessBuilder childProcess(String... args) {
    Set<String> cp = new LinkedHashSet<>();
    cp.add(Path.of(location(IndexChild.class)).toString());
    for (String prop : new String[] {"jdk.module.path", "java.class.path"}) {
      String v = System.getProperty(prop);
      if (v != null && !v.isBlank()) {
        for (String e : v.split(File.pathSeparator)) {
          if (!e.isBlank()) {
            cp.add(e);
          }
        }
      }
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, cp));
    cmd.add("-Dslf4j.internal.verbosity=ERROR");
    cmd.add(IndexChild.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  private static java.net.URI location(Class<?> c) {
    try {
      return c.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
