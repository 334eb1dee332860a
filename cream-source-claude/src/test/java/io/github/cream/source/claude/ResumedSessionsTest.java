package io.github.cream.source.claude;

import static io.github.cream.source.claude.Fixtures.copyTree;
import static io.github.cream.source.claude.Fixtures.scan;
import static io.github.cream.source.claude.Fixtures.synthetic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.SessionSummary;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ReportRow;
import io.github.cream.core.UsageSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions resumed by Claude Code 1.0.x: the new session's file starts with copies of the calls of the session it
 * continues, re-stamped at the resume and carrying the new session's id, and with copies of its prompts, which keep
 * the earlier session's id. The calls stay with the original session (the file holding the earliest copy), with
 * their first timestamps; copied prompts make no session. On a synthetic fixture of this module
 * ({@code fixtures/resumed-restamped}, whose copy file sorts before the original) and on the real sessions of
 * {@code real-2} in the shared fixtures.
 */
class ResumedSessionsTest {

  static final String ORIGINAL = "eeeeeeee-0000-4000-8000-00000000000e";
  static final String RESUMED = "0b0b0b0b-0000-4000-8000-00000000000b";

  @TempDir Path home;

  private static Map<String, Long> callsPerSession(UsageSnapshot s) {
    return s.sessions().stream().collect(Collectors.toMap(SessionSummary::sessionId, x -> x.totals().calls(),
        (a, b) -> a + b, TreeMap::new));
  }

  @Test
  void theOriginalSessionKeepsItsCallsAndTheirTimestamps() {
    UsageSnapshot s = scan(home, synthetic("resumed-restamped"));
    assertEquals(Map.of(ORIGINAL, 2L, RESUMED, 1L), callsPerSession(s), "no session from the copied prompts");
    List<PricedRecord> records = s.records();
    assertEquals(List.of(ORIGINAL, ORIGINAL, RESUMED), records.stream().map(r -> r.record().sessionId()).toList());
    assertEquals(List.of(Instant.parse("2025-08-14T21:44:00Z"), Instant.parse("2025-08-14T21:50:00Z"),
        Instant.parse("2025-08-15T00:10:00Z")), records.stream().map(r -> r.record().timestamp()).toList());
    SessionSummary original = s.session(ClaudeSource.ID, ORIGINAL).orElseThrow();
    assertEquals(Optional.of("Kernel build fixes"), original.title());
    assertEquals(Optional.of(Instant.parse("2025-08-14T21:44:00Z")), original.firstActivity(),
        "the earlier session's prompts are not this session's activity");
    assertEquals(Optional.of("go on"), s.session(ClaudeSource.ID, RESUMED).orElseThrow().title());
    assertEquals(2, s.stats().duplicatesDropped());
  }

  @Test
  void realResumedSessions() {
    String base = System.getProperty("cream.fixtures");
    assumeTrue(base != null, "cream.fixtures is not set");
    Path real = Path.of(base).resolve("real-2/claude");
    String original = "eb58ac6d-1d26-40b0-b0d2-e767a62574a3";
    String resumed = "54bc4295-98ad-4a3f-b5d9-e94ef3095a20";
    assumeTrue(Files.isRegularFile(real.resolve("-home-ubuntu-Documents-Claude/" + original + ".jsonl"))
        && Files.isRegularFile(real.resolve("-home-ubuntu-Documents-Claude/" + resumed + ".jsonl")),
        "real-2 fixtures are not available");
    UsageSnapshot s = scan(home, copyTree(real, home.resolve("projects")));
    // as counted independently (examples/benchmarks/count_real_logs.py); a1bb1115, named only by prompts copied
    // into eb58ac6d, is no session
    assertEquals(Map.of(
            resumed, 79L,
            original, 91L,
            "86f87fad-a317-4a18-89b3-d1e33de12a4a", 171L,
            "95c8727c-24a7-4c9a-8b98-dc0842f69917", 59L,
            "9ef4f65f-6cf2-434a-95c5-16277742099b", 95L),
        callsPerSession(s));
    assertEquals(Optional.of(Instant.parse("2025-08-14T21:44:19.910Z")),
        s.session(ClaudeSource.ID, original).orElseThrow().firstActivity());
    // every day and model as counted independently: calls, input, output, cache read, cache write
    Map<String, List<Long>> rows = new TreeMap<>();
    for (ReportRow row : s.daily(ZoneOffset.UTC).rows()) {
      row.breakdown().forEach(b -> rows.put(row.key() + " " + b.model(), List.of(b.totals().calls(),
          b.totals().tokens().input(), b.totals().tokens().output(), b.totals().tokens().cacheRead(),
          b.totals().tokens().cacheWrite())));
    }
    assertEquals(Map.of(
            "2025-08-14 claude-opus-4-1-20250805", List.of(47L, 229L, 22_055L, 5_461_793L, 363_002L),
            "2025-08-14 claude-sonnet-4-20250514", List.of(88L, 522L, 83_841L, 5_993_851L, 257_923L),
            "2025-08-15 claude-opus-4-1-20250805", List.of(32L, 192L, 24_812L, 3_718_246L, 282_177L),
            "2025-08-15 claude-sonnet-4-20250514", List.of(3L, 12L, 7_311L, 2_480L, 13_322L),
            "2025-08-25 claude-opus-4-1-20250805", List.of(143L, 269L, 8_867L, 10_406_594L, 515_718L),
            "2025-08-25 claude-sonnet-4-20250514", List.of(182L, 619L, 26_265L, 17_007_452L, 903_707L)),
        rows);
  }
}
