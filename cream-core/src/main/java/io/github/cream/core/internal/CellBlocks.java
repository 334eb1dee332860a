package io.github.cream.core.internal;

import io.github.cream.core.Block;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The billing block open at an instant, from the cells of a rollup instead of the single calls: what the last
 * active block of {@code UsageSnapshot.blocks} is, without decoding a call.
 *
 * <p>Exact because a block starts on an hour and lasts a whole number of quarter hours, so its end is a cell's
 * boundary, and a cell spans less than a quarter hour, so no gap longer than the window lies inside one. A cell that
 * would still straddle a block's end (a call exactly on the boundary beside later ones) makes it give up: the caller
 * then uses the calls.
 */
public final class CellBlocks {

  private CellBlocks() {}

  /** The outcome: whether the cells could decide, and the block they gave. */
  public record Answer(boolean decided, Optional<Block> block) {
    static final Answer UNDECIDED = new Answer(false, Optional.empty());
  }

  /**
   * The last block active at an instant.
   *
   * @param cells the cells of the view
   * @param length the window length
   * @param now the instant that decides which block is active
   * @return the block, or undecided when the window is not a whole number of quarter hours or a cell straddles a
   *     block's end
   */
  public static Answer active(List<Rollup.Cell> cells, Duration length, Instant now) {
    long seconds = length.getSeconds();
    if (length.getNano() != 0 || seconds <= 0 || seconds % Rollup.SLOT_SECONDS != 0) {
      return Answer.UNDECIDED;
    }
    for (long days = 1; ; days *= 4) {
      Instant from = now.minus(Duration.ofDays(days));
      boolean all = days > 365 * 100;
      List<Rollup.Cell> recent = new ArrayList<>();
      Instant before = null; // the last call of the cells left out
      for (Rollup.Cell c : cells) {
        if (all || !c.last.isBefore(from)) {
          recent.add(c);
        } else if (before == null || c.last.isAfter(before)) {
          before = c.last;
        }
      }
      recent.sort(Comparator.comparing((Rollup.Cell c) -> c.first).thenComparing(c -> c.last));
      int reset = -1; // the first cell after a gap longer than the window: blocks start afresh there
      Instant last = before;
      for (int i = 0; i < recent.size(); i++) {
        Rollup.Cell c = recent.get(i);
        if (last == null || Duration.between(last, c.first).compareTo(length) > 0) {
          reset = i;
          break;
        }
        if (c.last.isAfter(last)) {
          last = c.last;
        }
      }
      if (recent.isEmpty()) {
        return new Answer(true, Optional.empty());
      }
      if (reset >= 0) {
        return blocks(recent.subList(reset, recent.size()), length, now);
      }
      if (all) {
        return Answer.UNDECIDED;
      }
    }
  }

  private static Answer blocks(List<Rollup.Cell> cells, Duration length, Instant now) {
    Block active = null;
    Instant start = null;
    Instant last = null;
    List<Rollup.Cell> current = new ArrayList<>();
    for (Rollup.Cell c : cells) {
      if (start != null
          && (Duration.between(start, c.first).compareTo(length) > 0
              || Duration.between(last, c.first).compareTo(length) > 0)) {
        Block b = block(start, length, current, now);
        if (b.active()) {
          active = b;
        }
        current = new ArrayList<>();
        start = null;
      }
      if (start == null) {
        start = c.first.truncatedTo(ChronoUnit.HOURS);
      }
      if (Duration.between(start, c.last).compareTo(length) > 0) {
        return Answer.UNDECIDED; // a call on the block's end beside later ones in one cell
      }
      if (last == null || c.last.isAfter(last)) {
        last = c.last;
      }
      current.add(c);
    }
    if (start != null) {
      Block b = block(start, length, current, now);
      if (b.active()) {
        active = b;
      }
    }
    return new Answer(true, Optional.ofNullable(active));
  }

  private static Block block(Instant start, Duration length, List<Rollup.Cell> cells, Instant now) {
    Instant end = start.plus(length);
    Instant first = null;
    Instant last = null;
    Sum sum = new Sum();
    Map<String, Long> models = new HashMap<>();
    for (Rollup.Cell c : cells) {
      sum.add(c.sum);
      models.merge(c.model, c.calls, Long::sum);
      if (first == null || c.first.isBefore(first)) {
        first = c.first;
      }
      if (last == null || c.last.isAfter(last)) {
        last = c.last;
      }
    }
    boolean active =
        !now.isBefore(last) && Duration.between(last, now).compareTo(length) < 0 && now.isBefore(end);
    List<Map.Entry<String, Long>> e = new ArrayList<>(models.entrySet());
    e.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return new Block(start, end, Optional.of(first), Optional.of(last), active, false, sum.totals(),
        e.stream().map(Map.Entry::getKey).toList());
  }
}
