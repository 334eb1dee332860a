package io.github.cream.cache.strategies;

import static io.github.cream.cache.strategies.Fixtures.min;
import static io.github.cream.cache.strategies.Fixtures.obs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.spi.GapObservation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedLifetimeTest {

  @Test
  void aHitReadsAtLeastHalfThePrompt() {
    assertTrue(LearnedLifetime.isHit(obs(min(1), 5_000, 10_000)));
    assertFalse(LearnedLifetime.isHit(obs(min(1), 4_999, 10_000)));
    assertFalse(LearnedLifetime.isHit(obs(min(1), 0, 10_000)));
    assertFalse(LearnedLifetime.isHit(obs(min(1), 0, 0)));
  }

  @Test
  void exactlyFiveOnEachSideIsEnoughAndFourIsNot() {
    LearnedLifetime five = LearnedLifetime.learn(EmpiricalDropoffStrategyTest.separated(5, min(4), 5, min(10)));
    assertTrue(five.enough());
    assertFalse(five.strong());
    assertEquals(min(4), five.longestHit());
    assertEquals(min(10), five.shortestMiss());
    assertFalse(LearnedLifetime.learn(EmpiricalDropoffStrategyTest.separated(4, min(4), 5, min(10))).enough());
    assertFalse(LearnedLifetime.learn(EmpiricalDropoffStrategyTest.separated(5, min(4), 4, min(10))).enough());
  }

  @Test
  void twentyPercentContradictionsAreToleratedAndMoreAreNot() {
    // 8 clean hits, 8 clean misses; then contradicting pairs: a miss at a short gap, a hit at a long gap
    List<GapObservation> list = new ArrayList<>(EmpiricalDropoffStrategyTest.separated(8, min(4), 8, min(10)));
    list.addAll(Arrays.asList(obs(min(1), 0, 50_000), obs(min(200), 40_000, 50_000)));
    list.addAll(Arrays.asList(obs(min(2), 0, 50_000), obs(min(201), 40_000, 50_000)));
    LearnedLifetime ok = LearnedLifetime.learn(list); // 4 of 20 disagree: 20%
    assertEquals(4, ok.contradictions());
    assertTrue(ok.enough());
    list.add(obs(min(3), 0, 50_000)); // 5 of 21
    LearnedLifetime tooMany = LearnedLifetime.learn(list);
    assertTrue(tooMany.contradictory());
    assertFalse(tooMany.enough());
  }

  @Test
  void equalErrorsPreferTheShorterLifetime() {
    // hits to 4 min, one miss at 5 min, hits again at 6 min, misses from 10 min: splitting before or after the
    // 5-minute miss costs the same, and the shorter lifetime is the cautious one
    List<GapObservation> list = new ArrayList<>(EmpiricalDropoffStrategyTest.separated(6, min(4), 6, min(10)));
    list.add(obs(min(5), 0, 50_000));
    list.add(obs(min(6), 40_000, 50_000));
    LearnedLifetime l = LearnedLifetime.learn(list);
    assertEquals(min(4), l.longestHit());
    assertEquals(min(5), l.shortestMiss());
    assertEquals(1, l.contradictions());
  }

  @Test
  void nullsAndEmptyPromptsAreDropped() {
    List<GapObservation> list = new ArrayList<>();
    list.add(null);
    list.add(obs(min(1), 0, 0));
    LearnedLifetime l = LearnedLifetime.learn(list);
    assertEquals(0, l.usable());
    assertFalse(l.enough());
    assertFalse(LearnedLifetime.learn(null).enough());
  }
}
