package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model ids this source emits for every fixture, exactly as the bundled price table must know them (the table
 * resolves aliases; this list is what it is asked for).
 */
class ModelIdsTest {

  @TempDir Path home;

  private Map<String, Long> models(Path root) {
    UsageSnapshot s = Support.scan(home, root);
    return s.records().stream().map(PricedRecord::record)
        .collect(Collectors.groupingBy(r -> r.model() + (r.flags().isEmpty() ? "" : " " + new TreeSet<>(r.flags())),
            TreeMap::new, Collectors.counting()));
  }

  @Test
  void sharedFixtures() {
    // the whole shared codex folder read as a pile of JSONL files
    Map<String, Long> m = models(SharedFixtures.require("codex"));
    assertEquals(new TreeMap<>(Map.of(
            "gpt-5.3-codex", 485L + 1L,           // localpush (485 steps), ccusage's fixture
            "gpt-5.2-codex", 1L,                  // ccusage's fixture
            "gpt-5.6-luna", 1L,                   // stage0 small
            "gpt-5.2", 1L,                        // stage0 large
            "gpt-5 [FALLBACK_MODEL]", 4L)),       // legacy synthetic 051 (2), 052, 053
        m);
  }

  @Test
  void syntheticFixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(ModelIdsTest.class.getResource("/codex-synthetic/reemit.jsonl").toURI()).getParent();
    Map<String, Long> m = models(dir);
    TreeMap<String, Long> expected = new TreeMap<>();
    expected.put("gpt-5.3-codex", 2L + 3L + 3L);             // reemit, compaction, messages
    expected.put("gpt-5.2-codex", 5L + 1L);                  // backwards, model-switch
    expected.put("gpt-5.1-codex-mini", 3L);                  // last-only
    expected.put("gpt-5.4", 2L + 2L + 2L + 1L);              // fork parent, fork child, model-switch, fork-noids
    expected.put("gpt-5.4-mini", 1L);                        // model-switch (the event's own model)
    expected.put("gpt-5.4-mini [SUBAGENT]", 1L + 2L);        // spawned child, two siblings
    expected.put("gpt-5.5", 2L);                             // spawn parent
    expected.put("gpt-5.6-sol", 2L);                         // cache-write
    expected.put("gpt-5 [FALLBACK_MODEL]", 2L + 2L);         // no-model, exec output
    assertEquals(expected, m);
  }
}
