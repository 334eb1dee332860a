package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.DedupKey;
import io.github.cream.api.Origin;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Records whose keys are one shared instance (a streamed message's lines, as the parsers make them) deduplicate and
 * group exactly as records with equal keys of their own: the reducer and the groups reuse the previous record's
 * answer only for the very same key.
 */
class DedupSharedKeysProperties {

  @Property(tries = 300)
  void sharedKeyInstancesGiveWhatEqualKeysGive(
      @ForAll @IntRange(min = 0, max = 120) int n, @ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    // a few keys, reused in runs (the lines of one message) and now and then again later, in two sources
    DedupKey[] pool = new DedupKey[6];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = new DedupKey("g" + rnd.nextInt(3), "v" + rnd.nextInt(2), rnd.nextInt(3));
    }
    List<UsageRecord> shared = new ArrayList<>();
    List<UsageRecord> copied = new ArrayList<>();
    DedupKey key = pool[0];
    String source = "a";
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(3) == 0) {
        key = pool[rnd.nextInt(pool.length)];
      }
      if (rnd.nextInt(8) == 0) {
        source = rnd.nextBoolean() ? "a" : "b";
      }
      boolean keyed = rnd.nextInt(6) > 0;
      UsageRecord.Builder b = UsageRecord.builder()
          .source(source)
          .provider("p")
          .model("m")
          .sessionId("s" + rnd.nextInt(2))
          .timestamp(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(rnd.nextInt(50)))
          .tokens(TokenCounts.of(rnd.nextInt(4), 0, 0, 0, rnd.nextInt(4)))
          .origin(new Origin(Path.of("/f" + rnd.nextInt(2)), i + 1, i * 10L));
      shared.add(b.dedupKey(keyed ? key : null).build());
      copied.add(b.dedupKey(keyed ? new DedupKey(key.group(), key.variant(), key.tier()) : null).build());
    }
    Dedup.Result a = Dedup.apply(shared);
    Dedup.Result c = Dedup.apply(copied);
    assertEquals(c.dropped(), a.dropped());
    assertEquals(byOrigin(c.kept()), byOrigin(a.kept()));
    assertEquals(Arrays.toString(DedupGroups.of(copied).hashes()), Arrays.toString(DedupGroups.of(shared).hashes()));
  }

  private static List<UsageRecord> byOrigin(List<UsageRecord> records) {
    List<UsageRecord> out = new ArrayList<>(records);
    out.sort(Comparator.comparing(UsageRecord::origin));
    return out;
  }
}
