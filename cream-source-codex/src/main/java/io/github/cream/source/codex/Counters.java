package io.github.cream.source.codex;

/**
 * Codex's five token counters in Codex's own meaning: {@code input} includes {@code cached} (and
 * {@code cacheWrite}, when a build reports it), {@code output} includes {@code reasoning}. Used both for the
 * cumulative {@code total_token_usage} and for one step's delta. All values are non-negative.
 */
record Counters(long input, long cached, long output, long reasoning, long cacheWrite) {

  static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

  /** Equal counters; a record's own equality written out (that one makes classes at run time on first use). */
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof Counters c && input == c.input && cached == c.cached && output == c.output
            && reasoning == c.reasoning && cacheWrite == c.cacheWrite;
  }

  /** The counters' hash codes combined in declaration order, as a record's own. */
  @Override
  public int hashCode() {
    int h = Long.hashCode(input);
    h = 31 * h + Long.hashCode(cached);
    h = 31 * h + Long.hashCode(output);
    h = 31 * h + Long.hashCode(reasoning);
    return 31 * h + Long.hashCode(cacheWrite);
  }

  /** Whether every counter is at least the other's: the cumulative total did not move backwards. */
  boolean covers(Counters o) {
    return input >= o.input && cached >= o.cached && output >= o.output && reasoning >= o.reasoning
        && cacheWrite >= o.cacheWrite;
  }

  /** The difference; only meaningful when {@code covers(o)}. */
  Counters minus(Counters o) {
    return new Counters(input - o.input, cached - o.cached, output - o.output, reasoning - o.reasoning,
        cacheWrite - o.cacheWrite);
  }

  /** The sum, saturating at {@link Long#MAX_VALUE}. */
  Counters plus(Counters o) {
    return new Counters(add(input, o.input), add(cached, o.cached), add(output, o.output),
        add(reasoning, o.reasoning), add(cacheWrite, o.cacheWrite));
  }

  boolean isZero() {
    return input == 0 && cached == 0 && output == 0 && reasoning == 0 && cacheWrite == 0;
  }

  private static long add(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  /** A compact text form for dedup keys: {@code input/cached/output/reasoning/cacheWrite}. */
  String key() {
    return input + "/" + cached + "/" + output + "/" + reasoning + "/" + cacheWrite;
  }
}
