package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.SharedFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenClaw's transcript-repair backups ({@code <id>.jsonl.bak-<n>-<ms>}): the transcript as it was before a repair
 * rewrote it. The entries they share with the live transcript count once; an answer the repair removed, whose only
 * trace is a backup, counts once too. Compaction checkpoints keep adding nothing. On a synthetic state directory of
 * this module ({@code openclaw/repair}) and on the real one of {@code real-2} in the shared fixtures.
 */
class TranscriptRepairBackupsTest {

  private static final String REAL = "real-2/openclaw/agents/main/sessions";
  private static final String LIVE = "5e9096eb-a13b-48ae-990d-ca9d6f231b05";

  @TempDir Path home;

  private UsageSnapshot scan(Path root) {
    return Scans.scan(home, new OpenClawSource(), root, CostMode.RECORDED);
  }

  private static List<UsageRecord> records(UsageSnapshot s) {
    return s.records().stream().map(PricedRecord::record).toList();
  }

  @Test
  void backupNamesAreTranscriptsOfTheirSession() {
    String name = LIVE + ".jsonl.bak-164503-1777882106821";
    assertTrue(OpenClawSource.isTranscriptName(name));
    assertEquals(LIVE, PiSource.sessionIdOfFileName(name));
  }

  @Test
  void anAnswerWhoseOnlyTraceIsABackupCountsOnce() {
    UsageSnapshot s = scan(Scans.resources().resolve("openclaw/repair"));
    // live: A, C; backup: A (a copy) and B (removed from the live file by the repair); checkpoint: A, C (copies)
    assertEquals(3, s.totals().calls());
    assertEquals(900 + 400 + 700, s.totals().tokens().input());
    assertEquals(100 + 50 + 80, s.totals().tokens().output());
    assertEquals(3_000 + 3_500 + 3_500, s.totals().tokens().cacheRead());
    assertEquals(80_000_000L, s.totals().cost().nanos());
    assertEquals(3, s.stats().duplicatesDropped(), "A in the backup, A and C in the checkpoint");
    assertTrue(records(s).stream().allMatch(r -> r.sessionId().equals("99999999-0000-4000-8000-000000000012")));
    assertEquals(1, s.sessions().size());
  }

  @Test
  void realBackupsAndCheckpoints() {
    Path real = SharedFixtures.require(REAL + "/" + LIVE + ".jsonl").getParent(); // skips without real-2
    Path dir = home.resolve("sessions");
    Scans.copyTree(real, dir);
    UsageSnapshot s = scan(dir);
    // as counted independently (examples/benchmarks/count_real_logs.py): per day and model, calls, input, output,
    // cache read
    Map<String, List<Long>> byDayModel = records(s).stream().collect(Collectors.groupingBy(
        r -> r.timestamp().toString().substring(0, 10) + " " + r.model(), TreeMap::new,
        Collectors.collectingAndThen(Collectors.toList(), rs -> List.of((long) rs.size(),
            rs.stream().mapToLong(r -> r.tokens().input()).sum(),
            rs.stream().mapToLong(r -> r.tokens().output()).sum(),
            rs.stream().mapToLong(r -> r.tokens().cacheRead()).sum()))));
    assertEquals(Map.of(
            "2026-05-01 llama3:latest", List.of(17L, 69_632L, 329L, 0L),
            "2026-05-02 llama3:latest", List.of(48L, 196_608L, 288L, 0L),
            "2026-05-03 llama3:latest", List.of(32L, 131_072L, 192L, 0L),
            "2026-05-04 llama3:latest", List.of(1L, 4_096L, 438L, 0L),
            "2026-05-04 gpt-5.5", List.of(6L, 14_364L, 1_163L, 65_024L)),
        byDayModel);
    // the two answers only the backups hold, each once, with their recorded cost
    assertEquals(List.of(478L, 623L), records(s).stream()
        .filter(r -> r.model().equals("gpt-5.5") && r.tokens().output() <= 100 && r.tokens().input() < 700)
        .map(r -> r.tokens().input()).sorted().toList());
    // the checkpoints of 29330952 add nothing: 97 calls in that session
    assertEquals(97, records(s).stream().filter(r -> r.sessionId().startsWith("29330952")).count());
    assertEquals(7, records(s).stream().filter(r -> r.sessionId().equals(LIVE)).count());
  }
}
