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
