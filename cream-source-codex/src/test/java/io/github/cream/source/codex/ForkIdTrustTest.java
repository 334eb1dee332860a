package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.testkit.ParserHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The fork replay gate trusts a session id as a UUIDv7 only with RFC 9562 variant bits and a time near the session's
 * own start; a random id with a 7 in the version position never costs a child its own calls.
 */
class ForkIdTrustTest {

  private static final List<TokenCounts> OWN =
      List.of(new TokenCounts(2_000, 5_000, 0, 0, 120, 60), new TokenCounts(500, 3_500, 0, 0, 90, 20));
  private static final String OWN_TURN_1 = "019cae34-8338-7c1c-81c1-c1c1c1c1c1c1";
  private static final String OWN_TURN_2 = "019cae36-4c40-7c2c-82c2-c2c2c2c2c2c2";
  private static final String PARENT_TURN_1 = "019cadc6-9e68-7f1f-81f1-f1f1f1f1f1f1";
  private static final String PARENT_TURN_2 = "019cadcf-c240-7f2f-82f2-f2f2f2f2f2f2";

  private static String fixture() throws IOException {
    try (InputStream in = ForkIdTrustTest.class.getResourceAsStream("/codex-synthetic/fork-child.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ParserHarness.Result parse(Path home, String content) throws IOException {
    Path dir = Files.createTempDirectory(home, "f");
    Path f = dir.resolve("rollout.jsonl");
    Files.writeString(f, content, StandardCharsets.UTF_8);
    return Support.parse(home, f);
  }

  private static List<TokenCounts> tokens(ParserHarness.Result r) {
    return r.records().stream().map(UsageRecord::tokens).toList();
  }

  @Test
  void v7ParsingNeedsTheVersionDigitAndTheRfc9562Variant() {
    assertEquals(0x019cae347780L, Ids.v7Millis(ForkReplayTest.FORK));
    assertEquals(-1, Ids.v7Millis("019cae34-7780-7c0c-00c0-c0c0c0c0c0c0")); // variant 0xxx (NCS)
    assertEquals(-1, Ids.v7Millis("019cae34-7780-7c0c-c0c0-c0c0c0c0c0c0")); // variant 110x (Microsoft)
    assertEquals(-1, Ids.v7Millis("019cae34-7780-4c0c-80c0-c0c0c0c0c0c0")); // version 4
    assertEquals(0x019cae347780L, Ids.v7Millis("019CAE34-7780-7C0C-B0C0-C0C0C0C0C0C0"));
  }

  @Test
  void aForkWhoseIdTimeIsFarFromItsStartUsesTheSessionMetaTime() throws IOException {
    // a v7-shaped id whose clock says the year 5138: the session-meta rule decides
    String child = "bad00000-0000-7c0c-80c0-c0c0c0c0c0c0";
    ParserHarness.Result r = parse(Files.createTempDirectory("h"), fixture().replace(ForkReplayTest.FORK, child));
    assertEquals(OWN, tokens(r));
    assertEquals(3L, Support.codes(r.diagnostics()).get("codex.replay.skipped"));
  }

  @Test
  void droppingRowsStampedAfterTheChildBeganIsAWarning() throws IOException {
    // the child's own turns carry ids minted before the fork (a clock gone back): the gate never opens, and the
    // child's own steps are dropped as replay; the rows stamped after the child began are more than the parent had
    String content = fixture().replace(OWN_TURN_1, "019cadd0-0000-7c1c-81c1-c1c1c1c1c1c1")
        .replace(OWN_TURN_2, "019cadd0-0001-7c2c-82c2-c2c2c2c2c2c2");
    ParserHarness.Result r = parse(Files.createTempDirectory("h"), content);
    assertEquals(List.of(), tokens(r));
    Map<String, Long> codes = Support.codes(r.diagnostics());
    assertEquals(4L, codes.get("codex.replay.skipped"), codes.toString());
    assertEquals(3L, codes.get("codex.replay.suspect"), codes.toString());
    assertEquals(3L, Support.warnings(r.diagnostics()).get("codex.replay.suspect"));
  }

  @Provide
  Arbitrary<String> randomWithSeven() {
    net.jqwik.api.arbitraries.StringArbitrary hex = Arbitraries.strings().withChars("0123456789abcdef".toCharArray());
    return Combinators.combine(hex.ofLength(8), hex.ofLength(4), hex.ofLength(3), hex.ofLength(4), hex.ofLength(12))
        .as((a, b, c, d, e) -> a + "-" + b + "-7" + c + "-" + d + "-" + e);
  }

  @Property(tries = 200)
  void randomIdsWithASevenInTheVersionDigitNeverLoseAChildsOwnCalls(
      @ForAll("randomWithSeven") String child,
      @ForAll("randomWithSeven") String turn1,
      @ForAll("randomWithSeven") String turn2,
      @ForAll("randomWithSeven") String parentTurn1,
      @ForAll("randomWithSeven") String parentTurn2) throws IOException {
    String content = fixture().replace(ForkReplayTest.FORK, child).replace(OWN_TURN_1, turn1)
        .replace(OWN_TURN_2, turn2).replace(PARENT_TURN_1, parentTurn1).replace(PARENT_TURN_2, parentTurn2);
    Path home = Files.createTempDirectory("cream-fork");
    try {
      ParserHarness.Result r = parse(home, content);
      assertEquals(OWN, tokens(r), child + " " + turn1 + " " + turn2);
    } finally {
      try (var walk = Files.walk(home)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
