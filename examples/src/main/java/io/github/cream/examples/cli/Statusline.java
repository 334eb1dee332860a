package io.github.cream.examples.cli;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Durations;
import io.github.cream.api.Money;
import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Block;
import io.github.cream.core.Filter;
import io.github.cream.core.ReportJson;
import io.github.cream.core.SessionCache;
import io.github.cream.core.UsageSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one line {@code cream statusline} prints: the model, this session's cost, today's cost, the current usage
 * window (a 5-hour block for Claude, the agent's own rate-limit windows where it logs them), and the prompt cache.
 *
 * <pre>
 * Opus 4.1 | session $1.23 | today $4.56 | block 2h 13m left, $3.10/h, ~$12.40 | cache warm 3m 12s, resume $0.045
 * </pre>
 *
 * <p>A pure function of the snapshot, the agent's input and the instant: the tests pin it for fixed clocks.
 */
final class Statusline {

  /** A warm cache with less than this left is about to expire (shown in yellow). */
  static final Duration EXPIRING = Duration.ofMinutes(1);

  static final String SEPARATOR = " | ";
  private static final int MODEL_WIDTH = 32;

  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String RED = "\u001b[31m";
  private static final String DIM = "\u001b[2m";
  private static final String RESET = "\u001b[0m";

  private final boolean colour;

  Statusline(boolean colour) {
    this.colour = colour;
  }

  /**
   * The line.
   *
   * @param input what the agent wrote on standard input (or {@link StatuslineInput#NONE})
   * @param snapshot the scan of the session's agent
   * @param calls a snapshot that holds the session's calls (the scan itself, or one of the session's transcript
   *     only): its prompt cache is judged from them
   * @param session the session the line is for, if the scan knows it
   * @param now the instant to judge at
   * @param zone the zone that decides what "today" is
   * @return the line, without a line break
   */
  String line(
      StatuslineInput input, UsageSnapshot snapshot, UsageSnapshot calls, Optional<SessionSummary> session,
      Instant now, ZoneId zone) {
    List<String> parts = new ArrayList<>();
    parts.add(model(input, session));
    parts.add("session " + session.map(s -> Tables.cost(s.totals())).orElse(Tables.cost(UsageTotals.ZERO)));
    LocalDate today = now.atZone(zone).toLocalDate();
    UsageSnapshot day = snapshot.filter(
        Filter.builder().zone(zone).sources(snapshot.appliedFilter().sources()).since(today).until(today).build());
    parts.add("today " + Tables.cost(day.totals()));
    parts.add(window(snapshot, session, now));
    parts.add(cache(calls, session, now));
    return String.join(SEPARATOR, parts);
  }

  /**
   * The line when the scan could not finish in time or failed: the model and the agent's own cost estimate, if the
   * input had them, and the reason.
   *
   * @param input the agent's input, or {@link StatuslineInput#NONE}
   * @param reason a few words, no log content
   * @return the line
   */
  String fallback(StatuslineInput input, String reason) {
    List<String> parts = new ArrayList<>();
    input.modelName().or(input::modelId).ifPresent(m -> parts.add(Tables.truncate(TerminalText.safe(m), MODEL_WIDTH)));
    input.agentCostUsd().ifPresent(
        usd -> parts.add("session $" + usd.setScale(2, RoundingMode.HALF_EVEN).toPlainString()));
    parts.add(paint(DIM, "cream: " + reason));
    return String.join(SEPARATOR, parts);
  }

  private static String model(StatuslineInput input, Optional<SessionSummary> session) {
    String m = input.modelName()
        .or(input::modelId)
        .or(() -> session.flatMap(s -> s.models().stream().findFirst()))
        .orElse("?");
    return Tables.truncate(TerminalText.safe(Tables.oneLine(m)), MODEL_WIDTH);
  }

  /** The agent's usage window: its own rate limits when it logs them (Codex), else the active 5-hour block. */
  private static String window(UsageSnapshot snapshot, Optional<SessionSummary> session, Instant now) {
    Optional<RateLimits> limits = session.flatMap(SessionSummary::rateLimits).or(() -> latestLimits(snapshot));
    if (limits.isPresent() && !limits.get().windows().isEmpty()) {
      List<String> w = new ArrayList<>();
      for (RateLimitWindow window : limits.get().windows()) {
        w.add(RateLimitText.window(window, now));
      }
      return String.join(", ", w);
    }
    Optional<Block> active = snapshot.activeBlock(Main.BLOCK_LENGTH, now);
    if (active.isEmpty()) {
      return "no active block";
    }
    Block b = active.get();
    Duration left = Duration.between(now, b.end());
    StringBuilder sb = new StringBuilder("block ").append(Durations.span(left.isNegative() ? Duration.ZERO : left))
        .append(" left");
    ReportJson.BurnRate.of(b, now).ifPresent(
        r -> sb.append(", ").append(money(r.costPerHour())).append("/h, ~").append(money(r.projectedCost())));
    return sb.toString();
  }

  /** The latest rate-limit state any session of the snapshot logged. */
  static Optional<RateLimits> latestLimits(UsageSnapshot snapshot) {
    RateLimits latest = null;
    for (SessionSummary s : snapshot.sessions()) {
      if (s.rateLimits().isPresent()
          && (latest == null || s.rateLimits().get().observedAt().isAfter(latest.observedAt()))) {
        latest = s.rateLimits().get();
      }
    }
    return Optional.ofNullable(latest);
  }

  private String cache(UsageSnapshot snapshot, Optional<SessionSummary> session, Instant now) {
    if (session.isEmpty() || session.get().totals().calls() == 0) {
      return paint(DIM, "cache -, no calls yet");
    }
    Optional<SessionCache> c = snapshot.cacheState(session.get().source(), session.get().sessionId(), now);
    if (c.isEmpty()) {
      return paint(DIM, "cache -, no calls yet");
    }
    CacheVerdict v = c.get().verdict();
    return switch (v.state()) {
      case WARM -> {
        Duration left = v.expiresAt().map(at -> Duration.between(now, at)).orElse(Duration.ZERO);
        String text = "cache warm"
            + (left.isNegative() || left.isZero() ? "" : " " + Durations.countdown(left))
            + cost(", resume ", v, v.resumeCostWarm());
        yield paint(left.compareTo(EXPIRING) < 0 ? YELLOW : GREEN, text);
      }
      case COLD -> paint(RED, v.cachedPrefixTokens() == 0
          ? "cache cold, nothing cached"
          : "cache cold" + cost(", rewrite ", v, v.resumeCostCold()));
      default -> paint(DIM, "cache ?" + (v.state() == CacheState.UNKNOWN ? "" : " " + ReportJson.state(v.state())));
    };
  }

  private static String cost(String label, CacheVerdict v, Optional<Money> cost) {
    if (v.cachedPrefixTokens() == 0) {
      return "";
    }
    return label + cost.map(Tables::usd3).orElse("unpriced");
  }

  private static String money(Money m) {
    BigDecimal usd = m.toUsd(2);
    return "$" + Tables.grouped(usd);
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }
}
