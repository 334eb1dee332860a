package io.github.cream.core;

import io.github.cream.api.UsageTotals;
import io.github.cream.core.internal.Rollup;
import io.github.cream.core.internal.Sum;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Billing windows ({@link Block}) of calls: a block starts at the hour of its first call and ends after the window's
 * length; a call more than a window after the block's start or after the call before it opens the next block.
 *
 * <p>Computed from the rollup's cells when the window is at least an hour long: the calls of a quarter hour are less
 * than a window apart, and a window that starts on the hour ends on a quarter hour's boundary, so each cell lies in
 * one block, except a cell whose calls straddle a block's end to the nanosecond; that cell alone is expanded into its
 * calls. The result is exactly that of the calls ({@link #ofRecords}).
 */
final class Blocks {

  private Blocks() {}

  /** Some calls of one quarter hour that fall in one block: a cell, or one call of a cell. */
  private record Part(Instant first, Instant last, Sum sum, String model, long calls, Rollup.Cell cell) {}

  /**
   * The blocks of a rollup's cells.
   *
   * @param cells the cells
   * @param calls the calls of a cell, in time order, for a cell whose calls fall in two blocks
   * @param length the window length
   * @param now the instant that decides which block is active
   * @return the blocks and gaps, oldest first; null when the window is shorter than an hour (the calls decide)
   */
  static List<Block> ofCells(
      List<Rollup.Cell> cells, Function<Rollup.Cell, List<PricedRecord>> calls, Duration length, Instant now) {
    if (length.compareTo(Duration.ofHours(1)) < 0) {
      return null;
    }
    List<Rollup.Cell> sorted = new ArrayList<>(cells);
    sorted.sort(Comparator.comparingLong((Rollup.Cell c) -> c.slot));
    List<Block> out = new ArrayList<>();
    Open open = null;
    Instant last = null;
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      long slot = sorted.get(i).slot;
      List<Part> remaining = new ArrayList<>();
      for (; j < sorted.size() && sorted.get(j).slot == slot; j++) {
        Rollup.Cell c = sorted.get(j);
        remaining.add(new Part(c.first, c.last, c.sum, c.model, c.calls, c));
      }
      i = j;
      while (!remaining.isEmpty()) {
        Instant t = remaining.get(0).first();
        for (Part p : remaining) {
          if (p.first().isBefore(t)) {
            t = p.first();
          }
        }
        if (open != null
            && (Duration.between(open.start, t).compareTo(length) > 0
                || Duration.between(last, t).compareTo(length) > 0)) {
          out.add(open.block(length, last, now));
          gap(out, last, t, length);
          open = null;
        }
        if (open == null) {
          open = new Open(t.truncatedTo(ChronoUnit.HOURS), t);
        }
        Instant end = open.start.plus(length);
        List<Part> later = new ArrayList<>();
        for (Part p : remaining) {
          if (!p.last().isAfter(end)) {
            open.add(p);
            if (last == null || p.last().isAfter(last)) {
              last = p.last();
            }
          } else if (p.first().isAfter(end)) {
            later.add(p);
          } else {
            // the cell's calls straddle the block's end: its calls decide, one by one
            for (PricedRecord r : calls.apply(p.cell())) {
              Sum s = new Sum();
              s.add(r.record().tokens(), r.cost());
              Instant at = r.record().timestamp();
              Part one = new Part(at, at, s, r.record().model(), 1, null);
              if (!at.isAfter(end)) {
                open.add(one);
                if (last == null || at.isAfter(last)) {
                  last = at;
                }
              } else {
                later.add(one);
              }
            }
          }
        }
        remaining = later;
      }
    }
    if (open != null) {
      out.add(open.block(length, last, now));
    }
    return List.copyOf(out);
  }

  /**
   * The cells that decide the blocks from an instant's recent past on: those after the last idle gap longer than a
   * window (the blocks after such a gap do not depend on the calls before it), found by looking back a day, then four
   * times further each round, so that a view of a long history sorts only its recent cells.
   *
   * @param cells the cells
   * @param length the window length
   * @param now the instant looked back from
   * @return the cells from the last gap on (all of them when there is none)
   */
  static List<Rollup.Cell> sinceLastGap(List<Rollup.Cell> cells, Duration length, Instant now) {
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
      // the last gap at or before now: calls logged after now (a clock behind the logs') may follow a later gap,
      // and the block open at now lies before it
      Instant last = before;
      int cut = -1;
      for (int i = 0; i < recent.size(); i++) {
        Rollup.Cell c = recent.get(i);
        if (last == null || (Duration.between(last, c.first).compareTo(length) > 0 && !c.first.isAfter(now))) {
          cut = i;
        }
        if (last == null || c.last.isAfter(last)) {
          last = c.last;
        }
      }
      if (cut >= 0) {
        return recent.subList(cut, recent.size());
      }
      if (recent.isEmpty() || all) {
        return recent;
      }
    }
  }

  /** The block being filled. */
  private static final class Open {
    final Instant start;
    final Instant first;
    final Sum sum = new Sum();
    final Map<String, Long> models = new HashMap<>();

    Open(Instant start, Instant first) {
      this.start = start;
      this.first = first;
    }

    void add(Part p) {
      sum.add(p.sum());
      models.merge(p.model(), p.calls(), Long::sum);
    }

    Block block(Duration length, Instant last, Instant now) {
      return block(start, length, first, last, sum.totals(), models, now);
    }

    static Block block(
        Instant start, Duration length, Instant first, Instant last, UsageTotals t, Map<String, Long> models,
        Instant now) {
      Instant end = start.plus(length);
      // open when its last call is less than a window ago and the window has not ended; never "active" for an
      // instant before its last call (a report asked about the past)
      boolean active =
          !now.isBefore(last) && Duration.between(last, now).compareTo(length) < 0 && now.isBefore(end);
      return new Block(start, end, Optional.of(first), Optional.of(last), active, false, t, mostUsedFirst(models));
    }
  }

  /** The idle gap between a block whose last call was at {@code last} and a block whose first call is at {@code t}. */
  private static void gap(List<Block> out, Instant last, Instant t, Duration length) {
    Instant gapStart = last.plus(length);
    Instant next = t.truncatedTo(ChronoUnit.HOURS);
    if (next.isAfter(gapStart)) {
      out.add(new Block(gapStart, next, Optional.empty(), Optional.empty(), false, true, UsageTotals.ZERO, List.of()));
    }
  }

  /**
   * The blocks of calls, one by one.
   *
   * @param records the calls
   * @param length the window length
   * @param now the instant that decides which block is active
   * @return the blocks and gaps, oldest first
   */
  static List<Block> ofRecords(List<PricedRecord> records, Duration length, Instant now) {
    List<PricedRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparing((PricedRecord p) -> p.record().timestamp()));
    List<Block> out = new ArrayList<>();
    Instant start = null;
    Instant last = null;
    List<PricedRecord> current = new ArrayList<>();
    for (PricedRecord p : sorted) {
      Instant t = p.record().timestamp();
      if (start != null
          && (Duration.between(start, t).compareTo(length) > 0 || Duration.between(last, t).compareTo(length) > 0)) {
        out.add(block(start, length, current, now));
        current = new ArrayList<>();
        gap(out, last, t, length);
        start = null;
      }
      if (start == null) {
        start = t.truncatedTo(ChronoUnit.HOURS);
      }
      last = t;
      current.add(p);
    }
    if (start != null) {
      out.add(block(start, length, current, now));
    }
    return List.copyOf(out);
  }

  private static Block block(Instant start, Duration length, List<PricedRecord> calls, Instant now) {
    Instant first = calls.get(0).record().timestamp();
    Instant last = calls.get(calls.size() - 1).record().timestamp();
    UsageTotals t = UsageTotals.ZERO;
    Map<String, Long> models = new HashMap<>();
    for (PricedRecord p : calls) {
      t = t.plus(UsageTotals.of(p.record().tokens(), p.cost()));
      models.merge(p.record().model(), 1L, Long::sum);
    }
    return Open.block(start, length, first, last, t, models, now);
  }

  static List<String> mostUsedFirst(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> e = new ArrayList<>(counts.entrySet());
    e.sort(
        Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    return e.stream().map(Map.Entry::getKey).toList();
  }
}
