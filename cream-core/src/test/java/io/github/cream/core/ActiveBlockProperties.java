package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The block open at an instant, from the folded calls, is the last active block of the calls themselves. */
class ActiveBlockProperties {

  private static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");

  @Property(tries = 120)
  void theActiveBlockOfTheCellsIsTheLastActiveBlockOfTheCalls(
      @ForAll("offsets") List<Integer> minutes, @ForAll("nows") int nowMinute, @ForAll("lengths") int lengthMinutes)
      throws IOException {
    check(minutes, nowMinute, lengthMinutes);
  }

  /** Calls logged after now, past a gap longer than a window: the block open at now lies before that gap. */
  @net.jqwik.api.Example
  void callsAfterNowPastAGapLeaveTheBlockOpenAtNow() throws IOException {
    check(List.of(302, 0, 0, 0, 0, 0, 0, 601, 0, 1306, 0, 0, 0, 0, 0, 0, 0, 0, 0, 900, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1906, 1572, 240, 42, 13, 60, 1192), 1622, 300);
  }

  static void check(List<Integer> minutes, int nowMinute, int lengthMinutes) throws IOException {
    Path home = Files.createTempDirectory("cream-blocks");
    try {
      Path f = Files.createDirectories(home.resolve(".fake")).resolve("a.jsonl");
      StringBuilder sb = new StringBuilder();
      int i = 0;
      for (int m : minutes) {
        // seconds too, and a call exactly on an hour now and then
        Instant t = BASE.plusSeconds(m * 60L + (i % 3 == 0 ? 0 : (i * 37L) % 60));
        sb.append("{\"s\":\"s").append(i % 3).append("\",\"t\":\"").append(t).append("\",\"m\":\"m")
            .append(i % 2).append("\",\"in\":").append(i + 1).append(",\"out\":2,\"cost\":\"0.01\"}\n");
        i++;
      }
      Files.writeString(f, sb.toString(), StandardCharsets.UTF_8);
      Instant now = BASE.plusSeconds(nowMinute * 60L);
      UsageSnapshot s = Cream.builder()
          .environment(Environment.of(Map.of("HOME", home.toString()), Clock.fixed(now, ZoneOffset.UTC)))
          .discoverProviders(false).bundledPrices(false).source(new FakeSource()).noIndex().build().scan();
      Duration length = Duration.ofMinutes(lengthMinutes);
      Optional<Block> expected = s.blocks(length, now).stream().filter(Block::active).reduce((a, b) -> b);
      assertEquals(expected, s.activeBlock(length, now));
    } finally {
      try (var w = Files.walk(home)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.delete(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }

  @Provide
  Arbitrary<List<Integer>> offsets() {
    return Arbitraries.oneOf(
            Arbitraries.integers().between(0, 3 * 24 * 60),
            Arbitraries.integers().between(0, 3 * 24 * 60).map(m -> m / 60 * 60))
        .list().ofMinSize(0).ofMaxSize(40);
  }

  @Provide
  Arbitrary<Integer> nows() {
    return Arbitraries.integers().between(0, 3 * 24 * 60 + 600);
  }

  @Provide
  Arbitrary<Integer> lengths() {
    return Arbitraries.of(300, 300, 300, 60, 15, 7, 90);
  }
}
