package io.github.cream.examples.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the embedded demo history adds up to, per source and per day (UTC), the numbers the README shows. Claude
 * and Codex costs are calculated at list prices (per million tokens: claude-opus-4-6 $5 in / $25 out / $0.50 cache
 * read / $10 1-hour cache write; claude-sonnet-4-5 $3 / $15 / $0.30 / $6; claude-haiku-4-5 $1 / $5 / $0.10 / $1.25
 * 5-minute cache write; gpt-5.3-codex $1.75 in / $14 out / $0.175 cached input; gpt-5.1, which the third Codex
 * session uses through OpenRouter as openai/gpt-5.1, $1.25 in / $10 out / $0.125 cached input); Pi (claude-sonnet-4-5) and
 * OpenClaw (gpt-5.1) costs are the ones their logs recorded, at the same list prices.
 */
final class DemoExpectations {

  private DemoExpectations() {}

  /** Totals of a part of the demo. */
  record Totals(
      long calls, long input, long output, long reasoning, long cacheRead, long cacheWrite5m, long cacheWrite1h,
      String costUsd) {

    long cacheWrite() {
      return cacheWrite5m + cacheWrite1h;
    }

    long total() {
      return input + output + cacheRead + cacheWrite();
    }

    BigDecimal cost() {
      return new BigDecimal(costUsd);
    }

    Totals plus(Totals o) {
      return new Totals(calls + o.calls, input + o.input, output + o.output, reasoning + o.reasoning,
          cacheRead + o.cacheRead, cacheWrite5m + o.cacheWrite5m, cacheWrite1h + o.cacheWrite1h,
          cost().add(o.cost()).toPlainString());
    }
  }

  /** Per source. */
  static final Map<String, Totals> BY_SOURCE = new LinkedHashMap<>();

  /** Per day, UTC. */
  static final Map<String, Totals> BY_DAY = new LinkedHashMap<>();

  static {
    BY_SOURCE.put("claude", new Totals(8, 2_420, 4_930, 0, 76_000, 7_200, 41_000, "0.439392"));
    BY_SOURCE.put("codex", new Totals(8, 56_620, 5_660, 2_270, 71_680, 0, 0, "0.1777678"));
    BY_SOURCE.put("pi", new Totals(3, 2_640, 2_040, 0, 22_250, 13_250, 0, "0.0948825"));
    BY_SOURCE.put("openclaw", new Totals(3, 15_200, 690, 0, 28_544, 0, 0, "0.029468"));

    BY_DAY.put("2026-02-27", new Totals(8, 27_799, 4_950, 1_150, 74_712, 7_200, 18_400, "0.3404936"));
    BY_DAY.put("2026-02-28", new Totals(3, 2_640, 2_040, 0, 22_250, 13_250, 0, "0.0948825"));
    BY_DAY.put("2026-03-01", new Totals(3, 15_200, 690, 0, 28_544, 0, 0, "0.029468"));
    BY_DAY.put("2026-03-02", new Totals(8, 31_241, 5_640, 1_120, 72_968, 0, 22_600, "0.2766662"));
  }

  /** Everything: 22 calls, 350,124 tokens, $0.7415103. */
  static Totals all() {
    return BY_SOURCE.values().stream().reduce(Totals::plus).orElseThrow();
  }
}
