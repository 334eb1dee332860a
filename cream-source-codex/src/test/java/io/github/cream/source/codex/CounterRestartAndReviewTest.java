package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.RecordFlag;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two behaviours of real rollouts: the cumulative counter restarting after {@code info: null} (the restart step is
 * a real call), and a {@code /review} sub-agent's token counts mirrored into its parent's rollout (they count once,
 * in the review's own rollout, under the review's model). Each on a synthetic fixture of this module
 * ({@code codex-real-shapes/}) and on the real rollouts of {@code real-2} in the shared fixtures.
 */
class CounterRestartAndReviewTest {

  private static final String REAL = "real-2/codex/sessions/";
  private static final String RESTART_2025_11_12 =
      REAL + "2025/11/12/rollout-2025-11-12T17-48-11-019a7ae6-1945-7c63-98f2-210adb922af9.jsonl";
  private static final String PARENT_2025_12_25 =
      REAL + "2025/12/25/rollout-2025-12-25T22-45-23-019b55c1-d022-7061-bbb9-b0c90708472b.jsonl";
  private static final String REVIEW_2025_12_26 =
      REAL + "2025/12/26/rollout-2025-12-26T01-48-36-019b5669-8da8-7bc3-bed8-e1c1b805dad5.jsonl";

  @TempDir Path home;

  /** Normalized counts: input without cached, cache read, output. */
  private static TokenCounts t(long input, long cacheRead, long output) {
    return new TokenCounts(input, cacheRead, 0, 0, output, 0);
  }

  private static List<TokenCounts> tokens(List<UsageRecord> records) {
    return records.stream().map(UsageRecord::tokens).toList();
  }

  /** A fixture of {@code codex-real-shapes/}, copied into {@code dir}. */
  private static Path shape(String name, Path dir) {
    try (InputStream in = CounterRestartAndReviewTest.class.getResourceAsStream("/codex-real-shapes/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Files.createDirectories(dir);
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A real rollout of the shared fixtures; skips the test when it is absent. */
  private static Path real(String relative) {
    return SharedFixtures.require(relative); // skips without the real-2 fixtures
  }

  private ParserHarness.Result parse(Path file) {
    ParserHarness.Result r = Support.parse(home, file);
    assertTrue(Support.warnings(r.diagnostics()).isEmpty(), () -> r.diagnostics().toString());
    return r;
  }

  /** Calls and tokens per model of a scan, deduplicated as reports see them. */
  private Map<String, List<Long>> perModel(Path root) {
    UsageSnapshot s = Support.scan(home, root);
    return s.records().stream().map(PricedRecord::record).collect(Collectors.groupingBy(UsageRecord::model,
        TreeMap::new, Collectors.collectingAndThen(Collectors.toList(), rs -> {
          TokenCounts sum = Support.sum(rs);
          return List.of((long) rs.size(), sum.input(), sum.output(), sum.cacheRead(), sum.cacheWrite());
        })));
  }

  // ---- the counter restart

  @Test
  void aRestartedCounterCountsItsFirstStep() {
    ParserHarness.Result r = parse(shape("restart.jsonl", home.resolve("in")));
    // step 1; step 2 (delta); after info:null the total restarts at its own last usage: a call; then a delta
    assertEquals(List.of(t(200, 800, 50), t(300, 1_200, 70), t(200, 500, 30), t(200, 600, 40)), tokens(r.records()));
    assertEquals(Instant.parse("2025-11-13T06:00:05Z"), r.records().get(2).timestamp());
    assertEquals(1L, Support.codes(r.diagnostics()).get("codex.usage.restarted"));
    assertNull(Support.codes(r.diagnostics()).get("codex.usage.backwards"));
    // the restart starts a new epoch: its totals can never be taken for copies of the earlier ones
    assertEquals(4, r.records().stream().map(x -> x.dedupKey().orElseThrow()).distinct().count());
  }

  @Test
  void realRestartAfterThreeIdleHours() {
    ParserHarness.Result r = parse(real(RESTART_2025_11_12));
    assertEquals(102, r.records().size());
    UsageRecord restart = r.records().stream()
        .filter(x -> x.timestamp().equals(Instant.parse("2025-11-13T06:19:43.616Z"))).findFirst().orElseThrow();
    assertEquals(t(59_970 - 3_072, 3_072, 53), restart.tokens());
    assertEquals(1L, Support.codes(r.diagnostics()).get("codex.usage.restarted"));
    assertNull(Support.codes(r.diagnostics()).get("codex.usage.backwards"));
  }

  @Test
  void realRestartsFourTimesInOneRollout() {
    ParserHarness.Result r = parse(real(PARENT_2025_12_25));
    assertEquals(4L, Support.codes(r.diagnostics()).get("codex.usage.restarted"));
    assertNull(Support.codes(r.diagnostics()).get("codex.usage.backwards"));
    // 348 own steps, and the review's 5 mirrored steps as copies one tier down
    assertEquals(348, r.records().stream().filter(x -> x.dedupKey().orElseThrow().tier() == 0).count());
    assertEquals(5, r.records().stream().filter(x -> x.dedupKey().orElseThrow().tier() == 1).count());
  }

  // ---- the /review mirror

  @Test
  void aMirroredReviewLeavesTheParentsCounterAlone() {
    ParserHarness.Result r = parse(shape("review-parent.jsonl", home.resolve("in")));
    List<UsageRecord> own = r.records().stream().filter(x -> !x.has(RecordFlag.SUBAGENT)).toList();
    List<UsageRecord> mirrored = r.records().stream().filter(x -> x.has(RecordFlag.SUBAGENT)).toList();
    // the parent resumes at its earlier total: nothing counted for the resumption, the next step a plain delta
    assertEquals(List.of(t(200, 800, 50), t(400, 1_600, 100), t(300, 1_200, 50)), tokens(own));
    assertEquals(List.of(t(100, 200, 10), t(200, 400, 30)), tokens(mirrored));
    assertTrue(mirrored.stream().allMatch(x -> x.dedupKey().orElseThrow().tier() == 1));
    assertNull(Support.codes(r.diagnostics()).get("codex.usage.backwards"));
  }

  @Test
  void aReviewCountsOnceInItsOwnRolloutUnderItsModel() {
    Path dir = home.resolve("logs");
    shape("review-parent.jsonl", dir);
    shape("review-child.jsonl", dir);
    assertEquals(Map.of(
            "gpt-5.2-codex", List.of(3L, 900L, 200L, 3_600L, 0L),
            "gpt-5.1-codex-max", List.of(2L, 300L, 40L, 600L, 0L)),
        perModel(dir));
  }

  @Test
  void withoutTheReviewsRolloutTheMirrorStillCounts() {
    Path dir = home.resolve("logs");
    shape("review-parent.jsonl", dir);
    assertEquals(Map.of("gpt-5.2-codex", List.of(5L, 1_200L, 240L, 4_200L, 0L)), perModel(dir));
  }

  @Test
  void realReviewMirroredIntoItsParent() {
    Path dir = home.resolve("logs");
    try {
      Files.createDirectories(dir);
      Files.copy(real(PARENT_2025_12_25), dir.resolve("parent.jsonl"));
      Files.copy(real(REVIEW_2025_12_26), dir.resolve("review.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // as counted independently (examples/benchmarks/count_real_logs.py)
    assertEquals(Map.of(
            "gpt-5.2-codex", List.of(348L, 818_075L, 77_761L, 27_454_336L, 0L),
            "gpt-5.1-codex-max", List.of(5L, 32_190L, 2_193L, 40_448L, 0L)),
        perModel(dir));
  }

  @Test
  void realCodexDaysAsCountedIndependently() {
    real(RESTART_2025_11_12);
    Path root = SharedFixtures.require("real-2/codex"); // a Codex home
    assertEquals(Map.of(
            "gpt-5-codex", List.of(24L + 102L, 26_628L + 385_593L, 3_928L + 45_096L, 196_480L + 3_248_000L, 0L),
            "gpt-5.1-codex", List.of(43L, 45_265L, 25_658L, 1_019_264L, 0L),
            "gpt-5.2-codex", List.of(348L, 818_075L, 77_761L, 27_454_336L, 0L),
            "gpt-5.1-codex-max", List.of(5L, 32_190L, 2_193L, 40_448L, 0L)),
        perModel(root));
  }
}
