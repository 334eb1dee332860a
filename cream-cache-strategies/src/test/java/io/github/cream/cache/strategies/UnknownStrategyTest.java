package io.github.cream.cache.strategies;

import static io.github.cream.cache.strategies.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UnknownStrategyTest {

  private final UnknownStrategy strategy = new UnknownStrategy();

  @Test
  void supportsEverythingAtPriorityZero() {
    assertEquals("unknown", strategy.id());
    assertEquals(OptionalInt.of(0), strategy.supports("acme", "model-x"));
    assertEquals(OptionalInt.of(0), strategy.supports("anthropic", "claude-opus-4-6"));
    assertEquals(OptionalInt.of(0), strategy.supports(null, null));
  }

  @Test
  void alwaysAnswersUnknownWithANote() {
    CacheVerdict v = strategy.evaluate(Fixtures.history("pi"), T0);
    assertEquals(CacheState.UNKNOWN, v.state());
    assertEquals(Confidence.NONE, v.confidence());
    assertEquals("unknown", v.strategy());
    assertFalse(v.notes().isEmpty());
    assertEquals(CacheState.UNKNOWN, strategy.evaluate(null, null).state());
  }
}
