package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Cost;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.internal.Dedup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class EngineProperties {

  // ---- summaries are a commutative monoid: any split, any merge order, identical exact totals

  @Provide
  Arbitrary<UsageTotals> call() {
    Arbitrary<Long> n = Arbitraries.longs().between(0, 5_000_000_000L);
    Arbitrary<TokenCounts> tokens =
        Combinators.combine(n, n, n, n, n).as((a, b, c, d, e) -> new TokenCounts(a, b, c, d, e, e / 3));
    Arbitrary<Cost> cost =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 900_000_000_000L).map(x -> Cost.calculated(Money.ofNanos(x))),
            Arbitraries.longs().between(0, 900_000_000_000L).map(x -> Cost.recorded(Money.ofNanos(x))),
            Arbitraries.just(Cost.UNPRICED));
    return Combinators.combine(tokens, cost).as(UsageTotals::of);
  }

  @Property(tries = 300)
  void mergingInAnyOrderGivesIdenticalTotals(
      @ForAll @Size(max = 60) List<@From("call") UsageTotals> calls, @ForAll long seed) {
    UsageTotals sequential = UsageTotals.ZERO;
    for (UsageTotals c : calls) {
      sequential = sequential.plus(c);
    }
    Random rnd = new Random(seed);
    List<UsageTotals> parts = new ArrayList<>(calls);
    // merge random neighbours until one is left: every bracketing and order is reachable
    Collections.shuffle(parts, rnd);
    while (parts.size() > 1) {
      int i = rnd.nextInt(parts.size() - 1);
      UsageTotals merged = rnd.nextBoolean() ? parts.get(i).plus(parts.get(i + 1)) : parts.get(i + 1).plus(parts.get(i));
      parts.set(i, merged);
      parts.remove(i + 1);
    }
    UsageTotals merged = parts.isEmpty() ? UsageTotals.ZERO : parts.get(0);
    assertEquals(sequential, merged);
    assertEquals(sequential, UsageTotals.ZERO.plus(sequential));
  }

  // ---- dedup depends on the set of records only, never on their order

  @Property(tries = 200)
  void dedupIsOrderIndependent(@ForAll @IntRange(min = 0, max = 80) int n, @ForAll long seed) {
    Random rnd = new Random(seed);
    List<UsageRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean keyed = rnd.nextInt(5) > 0;
      records.add(
          UsageRecord.builder()
              .source("fake")
              .provider("prov")
              .model("m")
              .sessionId("s" + rnd.nextInt(3))
              .timestamp(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(rnd.nextInt(100)))
              .tokens(TokenCounts.of(rnd.nextInt(5), 0, 0, 0, rnd.nextInt(5)))
              .dedupKey(keyed ? new DedupKey("g" + rnd.nextInt(4), "v" + rnd.nextInt(2), rnd.nextInt(2)) : null)
              .origin(new Origin(Path.of("/f" + rnd.nextInt(3)), i + 1, i * 100L))
              .build());
    }
    List<UsageRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, rnd);
    assertEquals(sorted(Dedup.apply(records).kept()), sorted(Dedup.apply(shuffled).kept()));
  }

  private static List<UsageRecord> sorted(List<UsageRecord> rs) {
    List<UsageRecord> out = new ArrayList<>(rs);
    out.sort(Comparator.comparing(UsageRecord::origin));
    return out;
  }

  // ---- garbage lines never lose a valid record; resuming at any boundary gives the same records

  @Provide
  Arbitrary<String> line() {
    Arbitrary<String> valid =
        Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 59))
            .as((s, sec) -> Lines.call("s" + s, "2026-11-20T10:00:" + (sec < 10 ? "0" : "") + sec + "Z", s, sec));
    Arbitrary<String> garbage =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40).map(x -> x.replace('\n', ' ').replace('\r', ' ')),
            Arbitraries.just("{\"t\":"),
            Arbitraries.just("{\"t\":\"not a time\"}"),
            Arbitraries.just("[1,2,3]"),
            Arbitraries.just("{\"t\":\"2026-11-20T10:00:00Z\",\"in\":-5}"),
            Arbitraries.just("\u0000\u0001\u00ff"));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(2, garbage));
  }

  @Property(tries = 150)
  void garbageNeverLosesAValidRecordAndResumingChangesNothing(
      @ForAll @Size(max = 30) List<@From("line") String> lines, @ForAll long seed) throws IOException {
    Path dir = Files.createTempDirectory("cream-prop");
    try {
      Path file = dir.resolve("a.jsonl");
      Files.writeString(file, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
      long valid = lines.stream().filter(l -> l.startsWith("{\"s\":")).count();
      Environment env = Environment.of(Map.of("HOME", dir.toString()), Clock.systemUTC());
      FakeSource source = new FakeSource();
      Pieces.Result whole = Pieces.parse(source, dir, file, env);
      assertEquals(valid, whole.records().size());
      // pause at random offsets, line boundaries or not
      long size = Files.size(file);
      Random rnd = new Random(seed);
      Set<Long> stops = new HashSet<>();
      for (int i = 0; i < 4 && size > 0; i++) {
        stops.add((long) rnd.nextInt((int) size + 1));
      }
      List<Long> ordered = new ArrayList<>(stops);
      Collections.sort(ordered);
      Pieces.Result pieces = Pieces.parseInPieces(source, dir, file, env, ordered);
      assertEquals(whole.records(), pieces.records());
      assertEquals(whole.facts(), pieces.facts());
      assertEquals(whole.consumedOffset(), pieces.consumedOffset());
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
