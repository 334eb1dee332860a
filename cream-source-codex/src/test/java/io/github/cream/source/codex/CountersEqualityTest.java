package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** {@link Counters}' written-out equality: component-wise, hashed as a record's own. */
class CountersEqualityTest {

  @Test
  void equalExactlyWhenEveryCounterIs() {
    Counters a = new Counters(1, 2, 3, 4, 5);
    assertEquals(a, new Counters(1, 2, 3, 4, 5));
    assertEquals(a.hashCode(), new Counters(1, 2, 3, 4, 5).hashCode());
    assertEquals(((((Long.hashCode(1) * 31 + Long.hashCode(2)) * 31 + Long.hashCode(3)) * 31 + Long.hashCode(4)) * 31
        + Long.hashCode(5)), a.hashCode());
    assertNotEquals(a, new Counters(0, 2, 3, 4, 5));
    assertNotEquals(a, new Counters(1, 0, 3, 4, 5));
    assertNotEquals(a, new Counters(1, 2, 0, 4, 5));
    assertNotEquals(a, new Counters(1, 2, 3, 0, 5));
    assertNotEquals(a, new Counters(1, 2, 3, 4, 0));
    assertNotEquals(a, null);
    assertEquals(Counters.ZERO, new Counters(0, 0, 0, 0, 0));
  }
}
