package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Cost;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import io.github.cream.spi.ResumeState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Reading the calls a group of files at a time gives exactly the calls of deduplicating everything at once: the
 * batches together are the whole answer, each session's calls lie in one batch, and the group of a session holds
 * all of its calls, whatever the batch size.
 */
class RecordGroupsProperties {

  private static final Comparator<PricedRecord> IN_TIME_ORDER =
      Comparator.comparing((PricedRecord p) -> p.record().timestamp()).thenComparing(p -> p.record().origin());

  /** Deduplicates and "prices" (a cost from the tokens), in time order, as the engine does. */
  private static List<PricedRecord> combine(List<UsageRecord> records) {
    List<PricedRecord> out = new ArrayList<>();
    for (UsageRecord r : Dedup.apply(records).kept()) {
      out.add(new PricedRecord(r, Cost.calculated(Money.ofNanos(r.tokens().total()))));
    }
    out.sort(IN_TIME_ORDER);
    return out;
  }

  @Property(tries = 300)
  void groupsTogetherAreTheWholeAnswer(
      @ForAll @IntRange(min = 0, max = 12) int files, @ForAll @IntRange(min = 0, max = 80) int n,
      @ForAll @IntRange(min = 1, max = 40) int batch, @ForAll long seed) {
    Random rnd = new Random(seed);
    List<List<UsageRecord>> perFile = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      perFile.add(new ArrayList<>());
    }
    for (int i = 0; i < n && files > 0; i++) {
      int f = rnd.nextInt(files);
      boolean keyed = rnd.nextInt(3) > 0;
      perFile.get(f).add(
          UsageRecord.builder()
              .source(rnd.nextInt(4) == 0 ? "other" : "fake")
              .provider("prov")
              .model("m")
              .sessionId("s" + rnd.nextInt(files + 2))
              .timestamp(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(rnd.nextInt(5000)))
              .tokens(TokenCounts.of(rnd.nextInt(5), 0, 0, 0, rnd.nextInt(5)))
              .dedupKey(keyed ? new DedupKey("g" + rnd.nextInt(n / 2 + 1), "v" + rnd.nextInt(2), rnd.nextInt(2)) : null)
              .origin(new Origin(Path.of("/f" + f), i + 1, i * 100L))
              .build());
    }
    List<IndexEntry> entries = new ArrayList<>();
    List<UsageRecord> all = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      entries.add(new IndexEntry("fake", Path.of("/f" + f), new FileIdentity(0, 0, null), false, 0, 0, 0, 0, false,
          ResumeState.initial(), 0, perFile.get(f), List.of(), List.of()));
      all.addAll(perFile.get(f));
    }
    List<PricedRecord> expected = combine(all);
    RecordGroups groups = new RecordGroups(entries, (e, reads) -> e.records(), RecordGroupsProperties::combine, batch);

    List<PricedRecord> together = new ArrayList<>();
    Map<SessionRef, Integer> batchOf = new HashMap<>();
    int[] b = {0};
    groups.forEach(calls -> {
      for (int i = 1; i < calls.size(); i++) {
        assertTrue(IN_TIME_ORDER.compare(calls.get(i - 1), calls.get(i)) <= 0, "a batch is in time order");
      }
      for (PricedRecord p : calls) {
        Integer before = batchOf.put(new SessionRef(p.record().source(), p.record().sessionId()), b[0]);
        assertTrue(before == null || before == b[0], "a session's calls are in one batch");
      }
      together.addAll(calls);
      b[0]++;
    });
    together.sort(IN_TIME_ORDER);
    assertEquals(expected, together);

    for (SessionRef s : batchOf.keySet()) {
      List<PricedRecord> mine = new ArrayList<>();
      for (PricedRecord p : groups.groupOf(s)) {
        if (p.record().source().equals(s.source()) && p.record().sessionId().equals(s.sessionId())) {
          mine.add(p);
        }
      }
      List<PricedRecord> reference = expected.stream()
          .filter(p -> p.record().source().equals(s.source()) && p.record().sessionId().equals(s.sessionId()))
          .toList();
      assertEquals(reference, mine, "a session's group holds its calls");
    }
    assertEquals(List.of(), groups.groupOf(new SessionRef("fake", "nobody")));
  }
}
