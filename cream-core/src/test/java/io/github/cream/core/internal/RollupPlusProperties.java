package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.cream.api.Cost;
import io.github.cream.api.Money;
import io.github.cream.core.PricedRecord;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link Rollup#plus} makes the cells a builder makes from the rollup's cells and the added calls, in the same order,
 * and keeps every cell no call joins as the same instance.
 */
class RollupPlusProperties {

  private static List<PricedRecord> priced(Random rnd, int n, int from) {
    List<PricedRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      io.github.cream.api.UsageRecord r = IndexCodecTest.record(rnd, from + i);
      out.add(new PricedRecord(r, Cost.calculated(Money.ofNanos(r.tokens().total() % 1_000_000))));
    }
    return out;
  }

  private static String text(Rollup.Cell c) {
    return c.slot + " " + c.source + " " + c.provider + " " + c.model + " " + c.serviceTier + " " + c.sessionId()
        + " " + c.project + " " + c.upstream + " " + java.util.Arrays.toString(c.sum.parts()) + " " + c.calls + " "
        + c.first + " " + c.firstOrigin() + " " + c.last;
  }

  @Property(tries = 200)
  void addingCallsEqualsBuildingAgain(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<PricedRecord> before = priced(rnd, rnd.nextInt(60), 0);
    List<PricedRecord> added = priced(rnd, rnd.nextInt(8), 1000);
    Rollup saved = Rollup.of(before);

    Rollup plus = saved.plus(added);
    Rollup.Builder b = new Rollup.Builder().addAll(saved.cells());
    added.forEach(b::add);
    Rollup built = b.build();

    assertEquals(built.cells().stream().map(RollupPlusProperties::text).toList(),
        plus.cells().stream().map(RollupPlusProperties::text).toList());
    assertEquals(built.totals(), plus.totals());
    Map<Rollup.Cell, Boolean> kept = new IdentityHashMap<>();
    saved.cells().forEach(c -> kept.put(c, true));
    long same = plus.cells().stream().filter(kept::containsKey).count();
    long joined = saved.cells().stream().filter(c -> !plus.cells().contains(c)).count();
    assertEquals(saved.cells().size(), same + joined, "every saved cell is kept or joined");
    if (added.isEmpty()) {
      assertSame(saved, plus);
    }
  }
}
