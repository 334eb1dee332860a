package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Origin;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whether a zone's days are made of whole cells: the quick answer from the zone's offsets and transitions is the one
 * found by looking at each cell's quarter hour, in every zone the JDK knows, for cells from 1850 to 2150 (zones whose
 * early offsets were seconds-exact mean times, whose days do not start on a quarter hour).
 */
class RollupAlignmentProperties {

  private static final List<String> ZONES = new ArrayList<>(new TreeSet<>(ZoneId.getAvailableZoneIds()));

  @Property(tries = 400)
  void theQuickAnswerIsTheCellByCellOne(
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int zoneIndex,
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int count,
      @ForAll @IntRange(min = 0, max = 3) int spread) {
    ZoneId zone = ZoneId.of(ZONES.get(zoneIndex % ZONES.size()));
    Random random = new Random(seed);
    long start = Instant.parse("1850-01-01T00:00:00Z").getEpochSecond() / Rollup.SLOT_SECONDS;
    long end = Instant.parse("2150-01-01T00:00:00Z").getEpochSecond() / Rollup.SLOT_SECONDS;
    long base = start + (long) (random.nextDouble() * (end - start));
    // from cells within a day to cells across centuries
    long width = new long[] {96, 96L * 365, 96L * 365 * 20, end - start}[spread];
    List<Rollup.Cell> cells = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long slot = Math.min(end, base + (long) (random.nextDouble() * width));
      Instant t = Instant.ofEpochSecond(slot * Rollup.SLOT_SECONDS);
      cells.add(new Rollup.Cell(slot, "s", "p", "m", "standard", "session", null, null, Sum.of(new long[Sum.PARTS]),
          1, t, new Origin(Path.of("/f.jsonl"), 1, 0), t));
    }
    assertEquals(cellByCell(cells, zone), new Rollup(cells).alignedFor(zone), zone + " " + cells.size());
  }

  /**
   * Cells are made in report order: a permutation of them in which each kind of call (source, provider, model, tier,
   * upstream) is one run, in time order.
   */
  @net.jqwik.api.Property(tries = 300)
  void cellsSavedInReportOrderAreTheSameCellsEachKindInOneRunInTimeOrder(
      @net.jqwik.api.ForAll("kinds") List<Integer> kinds, @net.jqwik.api.ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    String[] models = {"m1", "m2", "Aa", "BB"}; // "Aa" and "BB" share a hash
    List<Rollup.Cell> cells = new ArrayList<>();
    long base = 1_970_000;
    for (int k : kinds) {
      long slot = base + random.nextInt(5000);
      Instant t = Instant.ofEpochSecond(slot * Rollup.SLOT_SECONDS);
      cells.add(new Rollup.Cell(slot, k % 2 == 0 ? "claude" : "codex", "p", models[k % models.length], "standard",
          "session" + random.nextInt(3), null, k % 3 == 0 ? null : "up", Sum.of(new long[Sum.PARTS]), 1, t,
          new Origin(Path.of("/f.jsonl"), 1, 0), t));
    }
    long[] slots = cells.stream().mapToLong(c -> c.slot).toArray();
    int[] kindHashes = cells.stream().mapToInt(c -> Rollup.kindHash(c.source, c.provider, c.model, c.serviceTier,
        c.upstream)).toArray();
    Rollup.Cell[] ordered = java.util.Arrays.stream(Rollup.reportOrder(slots, kindHashes)).mapToObj(cells::get)
        .toArray(Rollup.Cell[]::new);
    assertEquals(cells.size(), ordered.length);
    java.util.IdentityHashMap<Rollup.Cell, Boolean> seen = new java.util.IdentityHashMap<>();
    for (Rollup.Cell c : ordered) {
      seen.put(c, true);
    }
    assertEquals(cells.size(), seen.size(), "every cell once");
    java.util.Set<List<String>> done = new java.util.HashSet<>();
    for (int i = 0; i < ordered.length; i++) {
      List<String> kind = kind(ordered[i]);
      if (i > 0 && kind.equals(kind(ordered[i - 1]))) {
        org.junit.jupiter.api.Assertions.assertTrue(ordered[i].slot >= ordered[i - 1].slot, "in time order");
      } else {
        org.junit.jupiter.api.Assertions.assertTrue(done.add(kind) || sameHashKinds(ordered, i), "one run per kind");
      }
    }
  }

  /** Kinds of equal hashes may mix; the run then continues past a cell of the other kind. */
  private static boolean sameHashKinds(Rollup.Cell[] ordered, int i) {
    return i > 0 && (ordered[i].model.equals("Aa") || ordered[i].model.equals("BB"))
        && (ordered[i - 1].model.equals("Aa") || ordered[i - 1].model.equals("BB"));
  }

  private static List<String> kind(Rollup.Cell c) {
    return java.util.Arrays.asList(c.source, c.provider, c.model, c.serviceTier, c.upstream);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<List<Integer>> kinds() {
    return net.jqwik.api.Arbitraries.integers().between(0, 11).list().ofMaxSize(60);
  }

  private static boolean cellByCell(List<Rollup.Cell> cells, ZoneId zone) {
    for (Rollup.Cell c : cells) {
      Instant from = Instant.ofEpochSecond(c.slot * Rollup.SLOT_SECONDS);
      Instant to = from.plusSeconds(Rollup.SLOT_SECONDS).minusNanos(1);
      if (!LocalDate.ofInstant(from, zone).equals(LocalDate.ofInstant(to, zone))) {
        return false;
      }
    }
    return true;
  }
}
