package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.GapObservation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The views that need single calls (cache verdicts of every session, of one session and at an instant, caching
 * efficiency, blocks, a session's timeline) give exactly the same answer from a warm index, which reads the calls a
 * group of files at a time or only the files of one session, as from a scan whose every call is in memory: on
 * generated histories where sessions span files and calls are copied between files and sessions.
 */
class GroupedViewsProperties {

  /** A verdict that depends on every call it is given and on the whole scan's evidence. */
  static final class Echo implements CacheStrategy {
    @Override
    public String id() {
      return "echo";
    }

    @Override
    public OptionalInt supports(String provider, String model) {
      return OptionalInt.of(1);
    }

    @Override
    public CacheVerdict evaluate(CacheHistory history, Instant now) {
      List<UsageRecord> calls = history.calls();
      UsageRecord last = calls.get(calls.size() - 1);
      long tokens = 0;
      StringBuilder order = new StringBuilder();
      for (UsageRecord r : calls) {
        tokens += r.tokens().total();
        order.append(r.tokens().output()).append(',');
      }
      long gaps = 0;
      StringBuilder seen = new StringBuilder();
      for (GapObservation o : history.observations()) {
        gaps += o.idleGap().toSeconds();
        seen.append(o.cacheReadTokens()).append(',');
      }
      Instant expires = last.timestamp().plus(Duration.ofMinutes(10));
      return CacheVerdict.builder("echo", now.isBefore(expires) ? CacheState.WARM : CacheState.COLD)
          .lastActivity(last.timestamp())
          .expiresAt(expires)
          .confidence(Confidence.HIGH)
          .cachedPrefixTokens(last.tokens().prompt())
          .note(calls.size() + " calls, " + tokens + " tokens, outputs " + order)
          .note(history.observations().size() + " observations of " + gaps + " s, reads " + seen)
          .build();
    }
  }

  @Property(tries = 30)
  void warmIndexViewsEqualInMemoryViews(
      @ForAll @IntRange(min = 1, max = 6) int files, @ForAll @IntRange(min = 0, max = 60) int lines,
      @ForAll long seed) throws IOException {
    Random rnd = new Random(seed);
    Path home = Files.createTempDirectory("cream-grouped");
    try {
      Path root = Files.createDirectories(home.resolve(".fake"));
      List<StringBuilder> content = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        content.add(new StringBuilder());
      }
      Instant t = Instant.parse("2026-11-20T08:00:00Z");
      for (int i = 0; i < lines; i++) {
        t = t.plusSeconds(rnd.nextInt(5) == 0 ? 3600 + rnd.nextInt(20_000) : rnd.nextInt(400));
        String s = "s" + rnd.nextInt(6);
        String line = "{\"s\":\"" + s + "\",\"t\":\"" + t + "\",\"m\":\"m" + rnd.nextInt(2) + "\",\"p\":\"prov\",\"in\":"
            + rnd.nextInt(50) + ",\"cr\":" + (rnd.nextBoolean() ? 0 : rnd.nextInt(900)) + ",\"w5\":" + rnd.nextInt(30)
            + ",\"out\":" + (1 + rnd.nextInt(40)) + (rnd.nextInt(3) > 0 ? ",\"k\":\"g" + rnd.nextInt(lines + 1)
            + "\",\"v\":\"v" + rnd.nextInt(2) + "\",\"tier\":" + rnd.nextInt(2) : "")
            + (rnd.nextInt(4) == 0 ? ",\"cwd\":\"/w/p" + rnd.nextInt(2) + "\"" : "") + "}\n";
        content.get(rnd.nextInt(files)).append(line);
        if (rnd.nextInt(4) == 0) { // a copy in another file, perhaps of another session (a resumed one)
          String copy = rnd.nextBoolean() ? line : line.replace("\"s\":\"" + s + "\"", "\"s\":\"r" + s + "\"");
          content.get(rnd.nextInt(files)).append(copy);
        }
      }
      for (int f = 0; f < files; f++) {
        Files.writeString(root.resolve("f" + f + ".jsonl"), content.get(f));
      }
      Instant now = t.plusSeconds(rnd.nextInt(1200));
      UsageSnapshot memory = builder(home).noIndex().build().scan();
      builder(home).build().scan(); // writes the index
      UsageSnapshot warm = builder(home).build().scan(); // a fresh process: the saved answer, no call decoded
      assertFalse(warm.data().recordsLoaded(), "the saved answer is used");

      assertEquals(memory.cacheStates(now), warm.cacheStates(now), "every session's verdict");
      assertEquals(memory.cacheEfficiency(now), warm.cacheEfficiency(now), "caching efficiency");
      assertEquals(memory.blocks(Duration.ofHours(5), now), warm.blocks(Duration.ofHours(5), now), "blocks");
      for (SessionSummary s : memory.sessions()) {
        assertEquals(memory.cacheState(s.source(), s.sessionId(), now),
            warm.cacheState(s.source(), s.sessionId(), now), "one session's verdict");
        Instant at = s.lastActivity().orElse(now).minusSeconds(rnd.nextInt(3000));
        assertEquals(memory.cacheStateAt(s.source(), s.sessionId(), at),
            warm.cacheStateAt(s.source(), s.sessionId(), at), "a verdict at an instant");
      }
      Filter f = Filter.builder().zone(ZoneOffset.UTC).since(LocalDate.parse("2026-11-21")).build();
      assertEquals(memory.filter(f).cacheStates(now), warm.filter(f).cacheStates(now), "a filtered view's verdicts");
      assertEquals(memory.filter(f).cacheEfficiency(now), warm.filter(f).cacheEfficiency(now));
      assertEquals(memory.filter(f).blocks(Duration.ofHours(5), now), warm.filter(f).blocks(Duration.ofHours(5), now));
      // a filter that asks for nothing but a zone is the scan's own view; it agrees with one that filters every call
      // through (by its source, the only one)
      ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
      UsageSnapshot zoneOnly = warm.filter(Filter.builder().zone(kathmandu).build());
      UsageSnapshot bySource = warm.filter(Filter.builder().zone(kathmandu).sources(java.util.Set.of("fake")).build());
      assertEquals(bySource.totals(), zoneOnly.totals(), "totals of a zone-only filter");
      assertEquals(bySource.sessions(), zoneOnly.sessions(), "sessions of a zone-only filter");
      assertEquals(bySource.daily(kathmandu), zoneOnly.daily(kathmandu), "days of a zone-only filter");
      assertEquals(bySource.cacheStates(now), zoneOnly.cacheStates(now), "verdicts of a zone-only filter");
      assertEquals(bySource.blocks(Duration.ofHours(5), now), zoneOnly.blocks(Duration.ofHours(5), now));
      assertFalse(warm.data().recordsLoaded(), "no view materialized every call");
      assertEquals(memory.records(), warm.records(), "and the calls are the same");
      assertTrue(warm.data().recordsLoaded());
    } finally {
      TestFiles.deleteTree(home);
    }
  }

  private static Cream.Builder builder(Path home) {
    return IndexFixtures.cream(home)
        .cacheStrategy(new Echo())
        .price(ModelPrice.builder("m0").provider("prov").input("10").output("10").cacheRead("1")
            .cacheWrite5m("12.5").cacheWrite1h("20").build());
  }
}
