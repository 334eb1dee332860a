package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.examples.cli.CliHarness.JsonDoc;
import io.github.cream.examples.cli.CliHarness.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code cream enrich} killed half way ({@code SIGKILL}, in a JVM of its own, while it waits for an answer) and run
 * again: every answer received before the kill was kept, none of those ids is asked again, and the second run asks
 * exactly about the rest.
 */
@DisabledOnOs(OS.WINDOWS)
class EnrichKilledTest extends RoutedHome {

  @Test
  void killedHalfWayThenRunAgainLosesAndRepeatsNothing() throws Exception {
    stub.holdAt(5); // answers 1 to 4, then the 5th request waits: the process is killed there
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of("enrich", "--concurrency", "1", "--base-url", base()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().put("OPENROUTER_API_KEY", KEY);
    pb.redirectOutput(home.resolve("out.txt").toFile());
    pb.redirectError(home.resolve("err.txt").toFile());
    Process p = pb.start();
    try {
      assertTrue(stub.awaitHeld(), "the child asked 5 times: " + Files.readString(home.resolve("err.txt")));
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      stub.release();
    }
    List<String> askedFirst = queries();
    assertEquals(5, askedFirst.size());
    List<String> kept = answers();
    assertEquals(List.of("gen-1773133205-ShopA1aaaaaaaaaaaaaaaa", "gen-1773133260-ShopA2bbbbbbbbbbbbbbbb",
        "gen-1773133350-ShopA3cccccccccccccccc", "gen-1773136805-BlogB1dddddddddddddddd"), kept,
        "every answer received before the kill was kept");

    Result again = run("enrich", "--json", "--base-url", base());
    assertEquals(0, again.status(), again.err());
    JsonDoc d = again.json();
    assertEquals("4", d.get("enrichers[0].known"));
    assertEquals("5", d.get("enrichers[0].asked"));
    assertEquals("4", d.get("enrichers[0].found"));
    assertEquals("1", d.get("enrichers[0].notFound"));
    assertEquals("8", d.get("enriched.calls"));
    List<String> askedSecond = queries().subList(5, queries().size());
    assertEquals(5, askedSecond.size());
    for (String id : kept) {
      assertFalse(askedSecond.contains(id), "asked again after its answer was kept: " + id);
    }
    assertEquals(java.util.Set.of("gen-1773136980-BlogB2eeeeeeeeeeeeeeee", "gen-1773137160-BlogB3ffffffffffffffff",
        "gen-1773140410-ClawC1gggggggggggggggg", "gen-1773140440-ClawC2hhhhhhhhhhhhhhhh",
        "gen-1773141600-ClawC3iiiiiiiiiiiiiiii"), java.util.Set.copyOf(askedSecond),
        "the rest, the one in flight when killed included, each once");
    assertTrue(askedSecond.contains(askedFirst.get(4)));
    assertEquals(9, answers().size(), "8 found and 1 not found yet, each once");
  }

  private List<String> queries() {
    return stub.requests().stream().map(r -> r.query().substring("id=".length())).toList();
  }

  /** The keys in the answers file, in order, each line checked whole. */
  private List<String> answers() throws IOException {
    Path file = home.resolve(".cache/cream/enrichment-v1.jsonl");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals("{\"format\":\"cream.enrichment/1\"}", lines.get(0));
    List<String> keys = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      assertTrue(l.matches("\\{\"enricher\":\"openrouter\",\"key\":\"gen-[^\"]+\",.*,\"crc\":\"[0-9a-f]{8}\"\\}"), l);
      keys.add(l.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1"));
    }
    return keys;
  }
}
