package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.core.internal.DiskIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cream} launcher's young generation: 200 MB at least where the scan index exists (a report from a
 * large index then needs no collection), never for a first scan, never when the user sets a heap size, and only
 * where Linux says the machine has 3 GB or more. A stand-in {@code java} records the options it was given.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherYoungGenerationTest {

  private static final Path LAUNCHER = Path.of("src/main/launcher/cream").toAbsolutePath();
  private static final String YOUNG = "-XX:NewSize=200m";

  @TempDir Path tmp;
  private Path dist;
  private Path jdk;
  private Path home;

  @BeforeEach
  void setUp() throws IOException {
    dist = Files.createDirectories(tmp.resolve("dist"));
    Files.copy(LAUNCHER, dist.resolve("cream"));
    Files.setPosixFilePermissions(dist.resolve("cream"), PosixFilePermissions.fromString("rwx------"));
    Files.createFile(dist.resolve("cream.jar"));
    jdk = Files.createDirectories(tmp.resolve("jdk/bin"));
    Path java = jdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + tmp.resolve("java.args") + "\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    home = Files.createDirectories(tmp.resolve("home"));
  }

  @Test
  void theLauncherLooksForTheFileTheIndexIsSavedIn() throws IOException {
    assertTrue(Files.readString(LAUNCHER).contains("/cream/" + DiskIndex.FILE_NAME),
        "the launcher tests for " + DiskIndex.FILE_NAME);
  }

  @Test
  void aFirstScanKeepsTheSmallYoungGeneration() throws Exception {
    List<String> args = run(Map.of());
    assertFalse(args.contains(YOUNG), args.toString());
    assertTrue(args.contains("-XX:G1NewSizePercent=15"), args.toString());
  }

  @Test
  void aReportFromTheIndexGetsALargeOneWhereTheMachineHasTheMemory() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/meminfo")), "Linux's /proc/meminfo");
    Files.createDirectories(home.resolve(".cache/cream"));
    Files.createFile(home.resolve(".cache/cream/" + DiskIndex.FILE_NAME));
    List<String> args = run(Map.of());
    assertEquals(memTotalKb() >= 3_000_000, args.contains(YOUNG), args.toString());
    // the cache directory XDG_CACHE_HOME names, where the library keeps the index then
    Path cache = Files.createDirectories(tmp.resolve("xdg/cream"));
    Files.createFile(cache.resolve(DiskIndex.FILE_NAME));
    Files.delete(home.resolve(".cache/cream/" + DiskIndex.FILE_NAME));
    assertEquals(memTotalKb() >= 3_000_000, run(Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString()))
        .contains(YOUNG));
  }

  @Test
  void aHeapSizeTheUserSetsIsLeftAlone() throws Exception {
    Files.createDirectories(home.resolve(".cache/cream"));
    Files.createFile(home.resolve(".cache/cream/" + DiskIndex.FILE_NAME));
    for (String opts : List.of("-Xmx256m", "-Xms64m -Xmx2g", "-Xmn32m", "-XX:MaxHeapSize=300m", "-XX:NewSize=8m",
        "-XX:MaxRAM=1g")) {
      List<String> args = run(Map.of("CREAM_JAVA_OPTS", opts));
      assertFalse(args.contains(YOUNG), opts + ": " + args);
      assertTrue(args.contains(opts.split(" ")[0]), opts + ": " + args);
    }
  }

  private List<String> run(Map<String, String> extra) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", dist.resolve("cream").toString(), "daily", "--json");
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", "/usr/bin:/bin");
    pb.environment().put("JAVA_HOME", jdk.getParent().toString());
    pb.environment().putAll(extra);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ended");
    assertEquals(0, p.exitValue());
    List<String> args = Files.readAllLines(tmp.resolve("java.args"), StandardCharsets.UTF_8);
    Files.delete(tmp.resolve("java.args"));
    assertTrue(args.contains("daily"), args.toString());
    return args;
  }

  private static long memTotalKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
