package io.github.cream.examples.cli;

import io.github.cream.api.Durations;
import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.Block;
import io.github.cream.core.Dimension;
import io.github.cream.core.Filter;
import io.github.cream.core.UsageSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code blocks} per account: each agent's calls count against its own provider account, so each gets its own
 * section. An agent that logs its account's rate-limit windows (Codex: the used percent and the reset time of its
 * 5-hour and weekly windows) shows those, as logged last; the others (Claude: Anthropic's 5-hour windows) are
 * counted in 5-hour blocks from their calls.
 */
final class AccountBlocks {

  /** How far back {@code --recent} reaches. */
  static final Duration RECENT = Duration.ofDays(3);

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private AccountBlocks() {}

  /**
   * The blocks a focused view keeps: only the active one with {@code --active}; only those of the last three days
   * with {@code --recent}; the gap rows only between blocks kept.
   *
   * @param blocks the blocks and gaps, oldest first
   * @param focus the options
   * @param now the report's instant
   * @return the rows to show
   */
  static List<Block> focus(List<Block> blocks, Options.Focus focus, Instant now) {
    List<Block> kept = new ArrayList<>();
    for (Block b : blocks) {
      boolean keep = focus.active() ? b.active() : !focus.recent() || b.end().isAfter(now.minus(RECENT));
      if (keep) {
        kept.add(b);
      }
    }
    while (!kept.isEmpty() && kept.get(0).gap()) {
      kept.remove(0);
    }
    while (!kept.isEmpty() && kept.get(kept.size() - 1).gap()) {
      kept.remove(kept.size() - 1);
    }
    return kept;
  }

  /**
   * The token limit {@code --token-limit} names: a number, or {@code max} for the most tokens any finished block
   * used.
   *
   * @param value the option's value, or null
   * @param blocks the account's blocks
   * @return the limit, if one was asked for and there is one
   */
  static Optional<Long> tokenLimit(String value, List<Block> blocks) {
    if (value == null) {
      return Optional.empty();
    }
    if (!value.equals("max")) {
      return Optional.of(Long.parseLong(value));
    }
    return blocks.stream().filter(b -> !b.gap() && !b.active()).map(b -> b.totals().tokens().total())
        .max(Long::compare).filter(n -> n > 0);
  }

  /**
   * The report: one section per source with calls.
   *
   * @param snapshot the filtered snapshot
   * @param perSource the filter of one source's calls (the options' dates and project)
   * @param focus the options
   * @param now the report's instant
   * @param zone the zone for times
   * @param term the terminal the tables are fitted to
   * @return the text
   */
  static String table(
      UsageSnapshot snapshot, Function<String, Filter> perSource, Options.Focus focus, Instant now, ZoneId zone,
      Terminal term) {
    Set<String> sources = sources(snapshot);
    StringBuilder sb = new StringBuilder(term.wrap("Usage per account: 5-hour blocks, or the agent's own rate-limit"
        + " windows (" + zone.getId() + ")")).append('\n');
    if (sources.isEmpty()) {
      return sb.append("\nNo usage found.\n").toString();
    }
    for (String source : sources) {
      UsageSnapshot one = snapshot.filter(perSource.apply(source));
      Optional<SessionSummary> limited = latestLimits(one);
      sb.append('\n');
      if (limited.isPresent()) {
        sb.append(windows(source, limited.get(), now, zone, term));
        continue;
      }
      List<Block> all = one.blocks(Main.BLOCK_LENGTH, now);
      List<Block> shown = focus(all, focus, now);
      String heading = TerminalText.safe(source) + ": " + Durations.span(Main.BLOCK_LENGTH) + " blocks";
      if (shown.isEmpty()) {
        sb.append(heading).append("\n\n").append(focus.active() ? "No active block.\n" : "No usage found.\n");
        continue;
      }
      sb.append(Tables.blocks(heading, shown, Main.BLOCK_LENGTH, now, zone, tokenLimit(focus.tokenLimit(), all),
          term));
    }
    return sb.toString();
  }

  /**
   * The accounts of a snapshot: the sources with calls or sessions, by id.
   *
   * @param snapshot the filtered snapshot
   * @return the source ids, sorted
   */
  static Set<String> sources(UsageSnapshot snapshot) {
    Set<String> sources = new TreeSet<>();
    snapshot.by(Dimension.SOURCE).forEach(g -> sources.add(g.key()));
    snapshot.sessions().forEach(s -> sources.add(s.source()));
    return sources;
  }

  /**
   * The session whose rate-limit state (with at least one window) was logged last.
   *
   * @param snapshot one source's snapshot
   * @return the session, if any logged one
   */
  static Optional<SessionSummary> latestLimits(UsageSnapshot snapshot) {
    SessionSummary latest = null;
    for (SessionSummary s : snapshot.sessions()) {
      Optional<RateLimits> l = s.rateLimits();
      if (l.isPresent() && !l.get().windows().isEmpty()
          && (latest == null || l.get().observedAt().isAfter(latest.rateLimits().get().observedAt()))) {
        latest = s;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static String windows(String source, SessionSummary s, Instant now, ZoneId zone, Terminal term) {
    RateLimits l = s.rateLimits().orElseThrow();
    StringBuilder sb = new StringBuilder(TerminalText.safe(source)).append(": rate-limit windows as logged at ")
        .append(WHEN.format(l.observedAt().atZone(zone)))
        .append(l.plan().map(p -> " (plan " + TerminalText.safe(p) + ")").orElse(""))
        .append("\n\n");
    List<String> headers = List.of("Window", "Used", "Resets", "At");
    Table t = new Table(headers.toArray(String[]::new),
        new Table.Align[] {Table.Align.LEFT, Table.Align.RIGHT, Table.Align.LEFT, Table.Align.LEFT});
    for (RateLimitWindow w : l.windows()) {
      String at = w.resetsAt().map(i -> WHEN.format(i.atZone(zone))).orElse("");
      t.row(RateLimitText.name(w), RateLimitText.used(w), RateLimitText.resets(w, now), at);
    }
    Tables.style(t, headers, term, "Window").optional(Tables.index(headers, "At"));
    return term.wrap(sb.append(t.render(term)).toString());
  }
}
