package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.DedupKey;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.Origin;
import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.ResumeState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IndexCodecTest {

  private static final Path FILE = Path.of("/home/me/.claude/projects/p/s.jsonl");

  static UsageRecord record(Random rnd, int i) {
    UsageRecord.Builder b =
        UsageRecord.builder()
            .source(rnd.nextInt(10) == 0 ? "other" : "claude")
            .provider(rnd.nextBoolean() ? "anthropic" : "openrouter")
            .model("claude-opus-4-" + rnd.nextInt(3))
            .sessionId("sess-" + rnd.nextInt(4))
            .timestamp(Instant.ofEpochSecond(1_760_000_000L + rnd.nextInt(1_000_000) - 500_000,
                rnd.nextBoolean() ? 0 : rnd.nextInt(1_000_000_000)))
            .tokens(new TokenCounts(rnd.nextInt(1000), Math.abs(rnd.nextLong() >>> 2), rnd.nextInt(5),
                rnd.nextInt(5), rnd.nextInt(100_000), rnd.nextInt(10)))
            .origin(new Origin(rnd.nextInt(8) == 0 ? Path.of("/elsewhere/x.jsonl") : FILE, 1 + rnd.nextInt(1000),
                rnd.nextInt(1_000_000)));
    if (rnd.nextBoolean()) {
      b.project("/home/me/p" + rnd.nextInt(2));
    }
    if (rnd.nextBoolean()) {
      b.recordedCost(Money.ofNanos(Math.abs(rnd.nextLong() >>> 1)));
    }
    if (rnd.nextBoolean()) {
      b.messageId("msg_" + i);
    }
    if (rnd.nextBoolean()) {
      b.requestId("req_" + i);
    }
    if (rnd.nextBoolean()) {
      b.dedupKey(new DedupKey("g" + rnd.nextInt(5), rnd.nextBoolean() ? "" : "v", rnd.nextInt(3)));
    }
    for (RecordFlag f : RecordFlag.values()) {
      if (rnd.nextInt(3) == 0) {
        b.flag(f);
      }
    }
    if (rnd.nextInt(4) == 0) {
      b.serviceTier("priority");
    }
    return b.build();
  }

  static IndexEntry entry(long seed) {
    Random rnd = new Random(seed);
    List<UsageRecord> records = new java.util.ArrayList<>();
    int n = rnd.nextInt(30);
    for (int i = 0; i < n; i++) {
      records.add(record(rnd, i));
    }
    SessionFacts facts =
        SessionFacts.builder("claude", "sess-1")
            .priority(-3)
            .title("Fix the flaky test ✓")
            .project("/home/me/p")
            .category(SessionCategory.SUBAGENT)
            .channel("telegram")
            .cronJob("nightly")
            .parentSessionId("sess-0")
            .seen(Instant.parse("2026-11-20T10:00:00.123Z"))
            .seen(Instant.parse("2026-11-20T11:00:00Z"))
            .rateLimits(new RateLimits(Instant.parse("2026-11-20T10:30:00Z"),
                List.of(new RateLimitWindow("primary", 42.5, OptionalLong.of(300), Optional.empty()),
                    new RateLimitWindow("secondary", 0, OptionalLong.empty(),
                        Optional.of(Instant.parse("2026-11-27T00:00:00Z")))),
                Optional.of("max")))
            .attribute("gitBranch", "main")
            .attribute("version", "2.1.3")
            .build();
    SessionFacts bare = SessionFacts.builder("claude", "sess-2").build();
    List<Diagnostic> diagnostics =
        List.of(
            Diagnostic.of(Severity.WARNING, "claude.usage.invalid", "usage is not an object")
                .withSource("claude").at(FILE, 12, 4096).withCount(3),
            Diagnostic.of(Severity.INFO, "cream.file.vanished", "gone").at(FILE),
            Diagnostic.of(Severity.ERROR, "cream.parser.failed", "failed"));
    return new IndexEntry(
        "claude", FILE, new FileIdentity(123_456, -5, rnd.nextBoolean() ? null : "(dev=801,ino=77)"),
        rnd.nextBoolean(), 120_000, 345, rnd.nextLong(), rnd.nextLong(), rnd.nextBoolean(),
        rnd.nextBoolean() ? null : ResumeState.of(new byte[] {1, 2, 3, (byte) 255}), 7, records,
        List.of(facts, bare), diagnostics);
  }

  @Property(tries = 200)
  void whatIsWrittenIsReadBackExactly(@ForAll long seed) throws Exception {
    IndexEntry a = entry(seed);
    IndexEntry b = new IndexEntry("codex", Path.of("/x/y.jsonl"), new FileIdentity(0, 0, null), false, 0, 0, 0, 0,
        false, ResumeState.initial(), 0, List.of(), List.of(), List.of());
    IndexState state =
        new IndexState(Map.of(a.key(), a, b.key(), b), Map.of("claude", "io.x.Claude|1.0|engine=1", "codex", ""));
    byte[] bytes = IndexCodec.encode(state, seed);
    IndexState back = IndexCodec.decode(bytes);
    assertEquals(state.entryMap(), back.entryMap());
    assertEquals(state.sourceHints(), back.sourceHints());
    assertEquals(seed, IndexCodec.writeIdOf(bytes));
  }

  @Property(tries = 100)
  void aCensusIsReadBackAndTheEntriesAreDecodedWhenFirstAskedFor(
      @ForAll long seed, @ForAll long found, @ForAll int foundCount, @ForAll long context, @ForAll long usedPart,
      @ForAll int usedCount) throws Exception {
    IndexEntry a = entry(seed);
    IndexEntry b = entry(seed + 1);
    IndexEntry c = new IndexEntry("codex", Path.of("/x/y.jsonl"), new FileIdentity(0, 0, null), false, 0, 0, 0, 0,
        false, null, 0, List.of(), List.of(), List.of());
    IndexState.Census census = new IndexState.Census(found, foundCount, context, usedPart, usedCount);
    IndexState state = new IndexState(Map.of(a.key(), a, c.key(), c), Map.of("claude", "h"), null, census);
    IndexState back = IndexCodec.decode(IndexCodec.encode(state, seed));
    assertEquals(census, back.census());
    assertEquals(2, back.size());
    assertEquals(Map.of("claude", "h"), back.sourceHints());
    assertFalse(back.decoded(), "nothing but the census, hints and size was asked for");
    assertEquals(state.entryMap(), back.entryMap());
    assertTrue(back.decoded());
    assertEquals(state.entriesPart(), back.entriesPart());

    IndexState without = IndexCodec.decode(IndexCodec.encode(new IndexState(Map.of(b.key(), b), Map.of()), seed));
    assertNull(without.census(), "an index saved without a census (or by an earlier release) has none");
    assertEquals(Map.of(b.key(), b), without.entryMap());
  }

  @Test
  void everyTruncationOfAnIndexWithACensusIsDetected() throws Exception {
    IndexEntry a = entry(11);
    byte[] bytes = IndexCodec.encode(new IndexState(Map.of(a.key(), a), Map.of("claude", "h"), null,
        new IndexState.Census(1, 1, 2, 3, 1)), 1);
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, len);
      assertThrows(IndexCodec.CorruptIndexException.class, () -> IndexCodec.decode(cut), "length " + len);
    }
  }

  @Property(tries = 200)
  void theKeysOfASectionAreThoseOfItsRecords(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    List<UsageRecord> records = new java.util.ArrayList<>();
    for (int i = 0, n = rnd.nextInt(40); i < n; i++) {
      UsageRecord r = record(rnd, i);
      if (r.dedupKey().isPresent() && rnd.nextInt(3) == 0) {
        // a group that is not ASCII: hashed over its characters, not its bytes
        r = r.toBuilder().dedupKey(new DedupKey("grüße-" + rnd.nextInt(3), "", 0)).build();
      }
      records.add(r);
    }
    byte[] section = IndexCodec.encodeSection(records, "claude", FILE);
    List<Object> fromRecords = new java.util.ArrayList<>();
    RecordGroups.keysOf(IndexCodec.decodeSection(section, records.size(), "claude", FILE), recorder(fromRecords));
    List<Object> fromSection = new java.util.ArrayList<>();
    IndexCodec.sectionKeys(section, records.size(), "claude", recorder(fromSection));
    assertEquals(fromRecords, fromSection);
  }

  private static RecordGroups.Keys recorder(List<Object> out) {
    return new RecordGroups.Keys() {
      @Override
      public void record(String source, String session) {
        out.add(source + "/" + session);
      }

      @Override
      public void dedup(long hash) {
        out.add(hash);
      }
    };
  }

  @Test
  void everyTruncationIsDetected() throws Exception {
    IndexEntry a = entry(7);
    byte[] bytes = IndexCodec.encode(new IndexState(Map.of(a.key(), a), Map.of("claude", "h")), 1);
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(bytes, len);
      assertThrows(IndexCodec.CorruptIndexException.class, () -> IndexCodec.decode(cut), "length " + len);
    }
  }
}
