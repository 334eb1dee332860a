package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cream.api.Cost;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.internal.Rollup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Blocks summed from the rollup's cells equal blocks counted call by call, whatever the calls and the window length:
 * calls on the hour and on quarter hours, in bursts and after long gaps, several models and sessions per quarter hour,
 * windows of whole hours and of odd lengths.
 */
class BlocksProperties {

  private static final Instant BASE = Instant.parse("2026-03-01T00:00:00Z");

  @Property(tries = 400)
  void blocksFromCellsEqualBlocksFromCalls(
      @ForAll @IntRange(min = 0, max = 120) int n, @ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int lengthKind) {
    Random rnd = new Random(seed);
    List<PricedRecord> calls = calls(rnd, n);
    Duration length = switch (lengthKind) {
      case 0 -> Duration.ofHours(5);
      case 1 -> Duration.ofHours(1 + rnd.nextInt(8));
      case 2 -> Duration.ofMinutes(60 + rnd.nextInt(600));
      case 3 -> Duration.ofSeconds(3600 + rnd.nextInt(40_000)).plusNanos(rnd.nextInt(3) * 500_000_000L);
      case 4 -> Duration.ofMinutes(1 + rnd.nextInt(59)); // shorter than an hour: the calls decide
      default -> Duration.ofMinutes(15 * (1 + rnd.nextInt(24)));
    };
    Instant now = calls.isEmpty() ? BASE : calls.get(rnd.nextInt(calls.size())).record().timestamp()
        .plusSeconds(rnd.nextInt(20_000) - 2_000);
    List<Block> expected = Blocks.ofRecords(calls, length, now);
    List<Block> fromCells = Blocks.ofCells(Rollup.of(calls).cells(), c -> callsOf(calls, c), length, now);
    if (length.compareTo(Duration.ofHours(1)) < 0) {
      assertNull(fromCells);
    } else {
      assertNotNull(fromCells);
      assertEquals(expected, fromCells);
    }
  }

  @Example
  void aCallExactlyAtTheBlockEndStaysInItsBlock() {
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    List<PricedRecord> calls = new ArrayList<>();
    calls.add(call(start.plusSeconds(600), "a", "s", 0));
    calls.add(call(start.plus(Duration.ofHours(4)).plusSeconds(3000), "a", "s", 1));
    calls.add(call(start.plus(Duration.ofHours(5)), "a", "s", 2)); // exactly at the end: the first block's
    calls.add(call(start.plus(Duration.ofHours(5)).plusSeconds(1), "a", "s", 3)); // same cell, the next block
    List<Block> expected = Blocks.ofRecords(calls, Duration.ofHours(5), start);
    assertEquals(2, expected.size());
    assertEquals(3, expected.get(0).totals().calls());
    assertEquals(expected,
        Blocks.ofCells(Rollup.of(calls).cells(), c -> callsOf(calls, c), Duration.ofHours(5), start));
  }

  private static List<PricedRecord> callsOf(List<PricedRecord> calls, Rollup.Cell c) {
    List<PricedRecord> out = new ArrayList<>();
    for (PricedRecord p : calls) {
      UsageRecord r = p.record();
      if (Rollup.slotOf(r.timestamp()) == c.slot && r.source().equals(c.source) && r.sessionId().equals(c.sessionId())
          && r.provider().equals(c.provider) && r.model().equals(c.model) && r.serviceTier().equals(c.serviceTier)
          && Objects.equals(r.project().orElse(null), c.project)) {
        out.add(p);
      }
    }
    return out;
  }

  /** Calls in bursts: most a few minutes apart, some hours or days apart, some exactly on the hour or quarter. */
  private static List<PricedRecord> calls(Random rnd, int n) {
    List<PricedRecord> out = new ArrayList<>();
    Instant t = BASE.plusSeconds(rnd.nextInt(86_400));
    for (int i = 0; i < n; i++) {
      switch (rnd.nextInt(10)) {
        case 0 -> t = t.plus(Duration.ofMinutes(30 + rnd.nextInt(600)));
        case 1 -> t = t.plus(Duration.ofHours(1 + rnd.nextInt(30)));
        case 2 -> t = t.plusSeconds(900 - Math.floorMod(t.getEpochSecond(), 900)); // on a quarter hour
        case 3 -> t = t.plusSeconds(3600 - Math.floorMod(t.getEpochSecond(), 3600)); // on the hour
        case 4 -> { } // the same instant
        default -> t = t.plusMillis(rnd.nextInt(600_000));
      }
      out.add(call(t, "m" + rnd.nextInt(3), "s" + rnd.nextInt(3), i));
    }
    // the calls of a scan are in time order; a block's calls are taken in that order
    out.sort(Comparator.comparing((PricedRecord p) -> p.record().timestamp())
        .thenComparing(p -> p.record().origin()));
    return out;
  }

  private static PricedRecord call(Instant t, String model, String session, int i) {
    UsageRecord r = UsageRecord.builder()
        .source("fake")
        .provider("prov")
        .model(model)
        .sessionId(session)
        .timestamp(t)
        .tokens(TokenCounts.of(1 + i % 7, i % 3, 0, i % 2, 2 + i % 5))
        .origin(new Origin(Path.of("/f" + session), i + 1, i * 100L))
        .build();
    Cost cost = i % 4 == 0 ? Cost.UNPRICED : Cost.calculated(Money.ofNanos(1_000L * (i + 1)));
    return new PricedRecord(r, cost);
  }
}
