package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cream.api.TokenCounts;
import org.junit.jupiter.api.Test;

/** {@link TokenCounts.Builder} names each count and gives what the positional constructor gives. */
class TokenCountsBuilderTest {

  @Test
  void eachNameSetsItsOwnCount() {
    TokenCounts t = TokenCounts.builder()
        .input(1).cacheRead(2).cacheWrite5m(3).cacheWrite1h(4).output(5).reasoning(6).build();
    assertEquals(new TokenCounts(1, 2, 3, 4, 5, 6), t);
  }

  @Test
  void unsetCountsAreZeroAndNegativeOnesAreRejected() {
    assertEquals(TokenCounts.ZERO, TokenCounts.builder().build());
    assertEquals(TokenCounts.of(0, 7, 0, 0, 0), TokenCounts.builder().cacheRead(7).build());
    assertThrows(IllegalArgumentException.class, () -> TokenCounts.builder().output(-1).build());
  }
}
