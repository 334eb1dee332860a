package io.github.cream.core.internal;

/** Saturating arithmetic on non-negative counts. */
final class TokensMath {
  private TokensMath() {}

  static long add(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
