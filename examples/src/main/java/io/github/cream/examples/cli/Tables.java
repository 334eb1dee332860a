package io.github.cream.examples.cli;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Durations;
import io.github.cream.api.Money;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.Block;
import io.github.cream.core.Breakdown;
import io.github.cream.core.CacheEfficiency;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.Report;
import io.github.cream.core.ReportJson;
import io.github.cream.core.ReportRow;
import io.github.cream.core.SessionCache;
import io.github.cream.core.SourceStatus;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.examples.cli.Table.Align;
import io.github.cream.spi.Capability;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The tables people read: reports, sessions, blocks, prompt caches and sources. Plain ASCII, numbers grouped by thousands. */
final class Tables {

  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final String UNPRICED_NOTE =
      "* includes calls of models without a known price, counted as $0 here (see --json diagnostics)";
  private static final int TITLE_WIDTH = 36;
  private static final int PROJECT_WIDTH = 32;
  private static final int CACHE_TITLE_WIDTH = 28;

  private Tables() {}

  // --- daily, weekly, monthly -----------------------------------------------------------------------------------

  static String report(Report report, boolean compact, Terminal term) {
    String first =
        switch (report.period()) {
          case DAY -> "Date";
          case WEEK -> "Week of";
          case MONTH -> "Month";
        };
    String title =
        switch (report.period()) {
          case DAY -> "Usage per day";
          case WEEK -> "Usage per week";
          case MONTH -> "Usage per month";
        };
    StringBuilder sb = new StringBuilder(title).append(" (").append(report.zone().getId()).append(")\n\n");
    if (report.rows().isEmpty()) {
      return sb.append("No usage found.\n").toString();
    }
    List<String> headers = new ArrayList<>(List.of(first));
    List<Align> aligns = new ArrayList<>(List.of(Align.LEFT));
    if (!compact) {
      headers.addAll(List.of("Source", "Model"));
      aligns.addAll(List.of(Align.LEFT, Align.LEFT));
    }
    headers.addAll(List.of("Input", "Output", "Cache write", "Cache read", "Total tokens", "Cost"));
    for (int i = 0; i < 6; i++) {
      aligns.add(Align.RIGHT);
    }
    Table t = new Table(headers.toArray(String[]::new), aligns.toArray(Align[]::new));
    boolean unpriced = report.totals().unpricedCalls() > 0;
    for (ReportRow row : report.rows()) {
      if (compact) {
        t.row(cells(row.key(), null, null, row.totals(), true));
      } else if (row.breakdown().size() == 1) {
        Breakdown b = row.breakdown().get(0);
        t.row(cells(row.key(), safe(b.source()), model(b), row.totals(), false));
      } else {
        t.row(cells(row.key(), "", "", row.totals(), false));
        for (Breakdown b : row.breakdown()) {
          t.row(cells("", safe(b.source()), model(b), b.totals(), false));
        }
      }
    }
    t.rule();
    t.row(cells("Total", "", "", report.totals(), compact));
    style(t, headers, term, "Model").optional(index(headers, "Cache write"), index(headers, "Cache read"),
        index(headers, "Source"));
    sb.append(t.render(term));
    if (unpriced) {
      sb.append('\n').append(UNPRICED_NOTE).append('\n');
    }
    return term.wrap(sb.toString());
  }

  /** A breakdown's model, with the upstream provider that served it where enrichment told. */
  private static String model(Breakdown b) {
    return safe(b.model() + b.upstreamProvider().map(u -> " via " + u).orElse(""));
  }

  private static String[] cells(String key, String source, String model, UsageTotals t, boolean compact) {
    List<String> c = new ArrayList<>();
    c.add(key);
    if (!compact) {
      c.add(source);
      c.add(model);
    }
    c.add(tokens(t.tokens().input()));
    c.add(tokens(t.tokens().output()));
    c.add(tokens(t.tokens().cacheWrite()));
    c.add(tokens(t.tokens().cacheRead()));
    c.add(tokens(t.tokens().total()));
    c.add(cost(t));
    return c.toArray(String[]::new);
  }

  // --- sessions -------------------------------------------------------------------------------------------------

  static String sessions(List<SessionSummary> sessions, ZoneId zone, Path home) {
    return sessions(sessions, zone, home, s -> Optional.empty(), null, Terminal.PLAIN);
  }

  /**
   * The sessions table, with a compact cache column (state, and the time left while warm) when verdicts are given.
   *
   * @param sessions the sessions, newest first
   * @param zone the zone for times
   * @param home the home directory, shown as {@code ~}
   * @param cache each session's verdict, if any
   * @param now the instant the verdicts were given at; null without verdicts
   * @param term the terminal to fit
   * @return the text
   */
  static String sessions(
      List<SessionSummary> sessions, ZoneId zone, Path home, Function<SessionSummary, Optional<SessionCache>> cache,
      Instant now, Terminal term) {
    StringBuilder sb = new StringBuilder("Sessions, most recent first (").append(zone.getId()).append(")\n\n");
    if (sessions.isEmpty()) {
      return sb.append("No sessions found.\n").toString();
    }
    int idLength = uniquePrefixLength(sessions);
    List<String> cells = new ArrayList<>();
    boolean anyCache = false;
    for (SessionSummary s : sessions) {
      Optional<SessionCache> c = cache.apply(s);
      anyCache |= c.isPresent();
      cells.add(c.map(v -> compactCache(v.verdict(), now)).orElse(""));
    }
    List<String> headers =
        new ArrayList<>(List.of("Last activity", "Source", "Session", "Title", "Project", "Calls", "Total tokens",
            "Cost"));
    List<Align> aligns =
        new ArrayList<>(List.of(Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT,
            Align.RIGHT));
    if (anyCache) {
      headers.add("Cache");
      aligns.add(Align.LEFT);
    }
    Table t = new Table(headers.toArray(String[]::new), aligns.toArray(Align[]::new));
    UsageTotals all = UsageTotals.ZERO;
    for (int i = 0; i < sessions.size(); i++) {
      SessionSummary s = sessions.get(i);
      all = all.plus(s.totals());
      t.row(
          s.lastActivity().map(v -> MINUTE.format(v.atZone(zone))).orElse("-"),
          safe(s.source()),
          safe(shortId(s, idLength)),
          s.title().map(v -> truncate(TerminalText.line(v), TITLE_WIDTH)).orElse(""),
          s.project().map(p -> shortenPath(p, home)).orElse(""),
          tokens(s.totals().calls()),
          tokens(s.totals().tokens().total()),
          cost(s.totals()),
          cells.get(i));
    }
    t.rule();
    t.row("Total", "", sessions.size() == 1 ? "1 session" : sessions.size() + " sessions", "", "",
        tokens(all.calls()), tokens(all.tokens().total()), cost(all));
    style(t, headers, term, "Title").flexiblePath(index(headers, "Project"));
    t.optional(index(headers, "Calls"), index(headers, "Project"), index(headers, "Source"));
    sb.append(t.render(term));
    if (all.unpricedCalls() > 0) {
      sb.append('\n').append(UNPRICED_NOTE).append('\n');
    }
    return term.wrap(sb.toString());
  }

  /**
   * Colours a table's usual columns (costs, cache states, the active block) and marks flexible columns.
   *
   * @param t the table
   * @param headers its headers
   * @param term the terminal
   * @param flexible the headers of the columns whose start is kept when truncated
   * @return the table
   */
  static Table style(Table t, List<String> headers, Terminal term, String... flexible) {
    for (String f : flexible) {
      if (headers.contains(f)) {
        t.flexible(headers.indexOf(f));
      }
    }
    for (int i = 0; i < headers.size(); i++) {
      switch (headers.get(i)) {
        case "Cost", "Resume now", "Once cold" -> t.colour(i, c -> Terminal.YELLOW);
        case "Cache", "State" -> t.colour(i, Terminal::stateColour);
        case "Status" -> t.colour(i, c -> c.equals("active") ? Terminal.GREEN : null);
        default -> { }
      }
    }
    return t;
  }

  /** A column's index by its header; -1 when it is not there (then nothing refers to it). */
  static int index(List<String> headers, String header) {
    return headers.indexOf(header);
  }

  private static String shortId(SessionSummary s, int length) {
    return DisplayWidth.prefix(s.sessionId(), length);
  }

  /** A verdict in a few characters: {@code warm 49m 36s}, {@code cold}, {@code unknown}. */
  private static String compactCache(CacheVerdict v, Instant now) {
    if (v.state() == CacheState.WARM && now != null && v.expiresAt().isPresent() && now.isBefore(v.expiresAt().get())) {
      return "warm " + Durations.countdown(Duration.between(now, v.expiresAt().get()));
    }
    return ReportJson.state(v.state());
  }

  /** The shortest prefix length, at least 8, that tells the listed session ids apart. */
  static int uniquePrefixLength(List<SessionSummary> sessions) {
    int max = sessions.stream().mapToInt(s -> s.sessionId().length()).max().orElse(0);
    for (int n = 8; n < max; n++) {
      Set<String> seen = new HashSet<>();
      boolean unique = true;
      for (SessionSummary s : sessions) {
        String key = s.source() + "/" + DisplayWidth.prefix(s.sessionId(), n);
        if (!seen.add(key)) {
          unique = false;
          break;
        }
      }
      if (unique) {
        return n;
      }
    }
    return Math.max(max, 8);
  }

  // --- cache ----------------------------------------------------------------------------------------------------

  /**
   * The prompt-cache table: one row per session, most recently active first, with its state, when the cache
   * expires (or expired), what resuming costs now and once cold, and how sure the verdict is; the verdicts' notes as
   * numbered footnotes (one number per distinct note); and how well caching worked.
   *
   * @param caches the sessions and their verdicts, newest first
   * @param efficiency how well caching worked over the same calls
   * @param now the instant the verdicts were given at
   * @param zone the zone for the heading's time
   * @param term the terminal to fit
   * @return the text
   */
  static String cache(
      List<SessionCache> caches, CacheEfficiency efficiency, Instant now, ZoneId zone, Terminal term) {
    StringBuilder sb =
        new StringBuilder("Prompt caches at ").append(SECOND.format(now.atZone(zone))).append(" (")
            .append(zone.getId()).append("), most recently active first\n\n");
    if (caches.isEmpty()) {
      return sb.append("No sessions found.\n").toString();
    }
    int idLength = uniquePrefixLength(caches.stream().map(SessionCache::session).toList());
    List<String> headers = List.of("Source", "Session", "Title", "Model", "State", "Expires", "Resume now",
        "Once cold", "Confidence", "Notes");
    Table t =
        new Table(
            headers.toArray(String[]::new),
            new Align[] {Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT,
                Align.RIGHT, Align.LEFT, Align.LEFT});
    Map<String, Integer> footnotes = new LinkedHashMap<>();
    Map<CacheState, Integer> states = new EnumMap<>(CacheState.class);
    for (SessionCache c : caches) {
      CacheVerdict v = c.verdict();
      states.merge(v.state(), 1, Integer::sum);
      List<String> marks = new ArrayList<>();
      for (String note : v.notes()) {
        for (String n : footnoteSentences(note)) {
          String mark = Integer.toString(footnotes.computeIfAbsent(n, k -> footnotes.size() + 1));
          if (!marks.contains(mark)) {
            marks.add(mark);
          }
        }
      }
      t.row(
          safe(c.session().source()),
          safe(shortId(c.session(), idLength)),
          c.session().title().map(v2 -> truncate(TerminalText.line(v2), CACHE_TITLE_WIDTH)).orElse(""),
          safe(c.model() + c.upstreamProvider().map(u -> " via " + u).orElse("")),
          ReportJson.state(v.state()),
          expires(v, now),
          resumeNow(v),
          resumeCold(v),
          ReportJson.confidence(v.confidence()),
          String.join(",", marks));
    }
    style(t, headers, term, "Title", "Model", "Notes").optional(index(headers, "Confidence"),
        index(headers, "Once cold"), index(headers, "Notes"), index(headers, "Source"), index(headers, "Title"));
    sb.append(t.render(term)).append('\n');
    List<String> counts = new ArrayList<>();
    for (CacheState st : CacheState.values()) {
      Integer n = states.get(st);
      if (n != null) {
        counts.add(n + " " + ReportJson.state(st));
      }
    }
    sb.append(plural(caches.size(), "session", "sessions")).append(": ").append(String.join(", ", counts))
        .append(". Resume now: the cached prefix read from a warm cache, or written again to a cold one.\n");
    sb.append("Hit ratio ").append(percent(efficiency)).append(" of prompt tokens; cache reads saved ")
        .append(usd3(efficiency.saved())).append(" versus no caching; ").append(usd3(efficiency.expiredWrites()))
        .append(" went on cache writes that expired unread.\n");
    if (!footnotes.isEmpty()) {
      sb.append('\n').append("Notes:\n");
      int width = Integer.toString(footnotes.size()).length();
      footnotes.forEach((note, n) ->
          sb.append(String.format(Locale.ROOT, "%" + width + "d", n)).append(". ").append(note).append('\n'));
    }
    return term.wrap(sb.toString());
  }

  /** A sentence that only restates the session's idle time, which the Expires column already shows. */
  private static final java.util.regex.Pattern IDLE_SENTENCE =
      java.util.regex.Pattern.compile("The session has been idle for [^.]*\\.");

  /**
   * A note as the footnotes show it: each sentence on its own, so that notes sharing all but a sentence share their
   * footnotes, without the sentence on the idle time (the Expires column shows it); terminal-safe.
   *
   * @param note the note
   * @return its sentences, each ending in a full stop
   */
  static List<String> footnoteSentences(String note) {
    List<String> out = new ArrayList<>();
    String n = sentence(note);
    if (n.isEmpty()) {
      return out;
    }
    for (String part : n.split("(?<=[.!?]) (?=[A-Z])")) {
      String p = sentence(part);
      if (!p.isEmpty() && !IDLE_SENTENCE.matcher(p).matches()) {
        out.add(TerminalText.safe(p));
      }
    }
    return out;
  }

  /**
   * A note as a sentence for the footnotes: on one line, starting with a capital letter, ending with a full stop.
   *
   * @param note the note
   * @return the sentence; empty for a blank note
   */
  static String sentence(String note) {
    String n = TerminalText.line(note);
    if (n.isEmpty()) {
      return n;
    }
    n = n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1);
    char last = n.charAt(n.length() - 1);
    return last == '.' || last == '!' || last == '?' ? n : n + ".";
  }

  /**
   * When the cache expires, relative to now: {@code in 49m 36s} (a {@link Durations#countdown countdown}),
   * {@code expired 12m 5s ago}, {@code not cached} for a cold session that never cached anything, and
   * {@code -} when the strategy cannot tell.
   *
   * @param v the verdict
   * @param now the instant it was given at
   * @return the text
   */
  static String expires(CacheVerdict v, Instant now) {
    if (v.state() == CacheState.UNKNOWN || v.expiresAt().isEmpty()) {
      return v.state() == CacheState.COLD && v.cachedPrefixTokens() == 0 ? "not cached" : "-";
    }
    Instant at = v.expiresAt().get();
    if (now.isBefore(at)) {
      return "in " + Durations.countdown(Duration.between(now, at));
    }
    return "expired " + Durations.ago(Duration.between(at, now));
  }

  private static String resumeNow(CacheVerdict v) {
    return switch (v.state()) {
      case WARM -> resume(v, v.resumeCostWarm());
      case COLD -> resume(v, v.resumeCostCold());
      default -> "?";
    };
  }

  /** What resuming costs once cold; blank for a cold cache, whose cost now already is that. */
  private static String resumeCold(CacheVerdict v) {
    return v.state() == CacheState.COLD ? "" : resume(v, v.resumeCostCold());
  }

  private static String resume(CacheVerdict v, Optional<Money> cost) {
    if (v.cachedPrefixTokens() == 0 && v.state() != CacheState.UNKNOWN) {
      return "-";
    }
    return cost.map(Tables::usd3).orElse("unpriced");
  }

  /** An amount to a tenth of a cent, for the small sums of single calls: {@code $0.136}, {@code <$0.001}. */
  static String usd3(Money amount) {
    BigDecimal usd = amount.toUsd(3);
    if (usd.signum() == 0 && amount.nanos() > 0) {
      return "<$0.001";
    }
    return "$" + grouped(usd);
  }

  private static String percent(CacheEfficiency e) {
    BigDecimal ratio = new BigDecimal(ReportJson.hitRatio(e)).movePointRight(2).setScale(1, RoundingMode.HALF_EVEN);
    return ratio.toPlainString() + "%";
  }

  // --- blocks ---------------------------------------------------------------------------------------------------

  static String blocks(
      String heading, List<Block> blocks, Duration length, Instant now, ZoneId zone, Optional<Long> tokenLimit,
      Terminal term) {
    StringBuilder sb = new StringBuilder(heading).append("\n\n");
    if (blocks.isEmpty()) {
      return sb.append("No usage found.\n").toString();
    }
    List<String> headers = List.of("Start", "End", "Last call", "Status", "Calls", "Total tokens", "Cost", "Models");
    Table t =
        new Table(
            headers.toArray(String[]::new),
            new Align[] {Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT,
                Align.LEFT});
    UsageTotals all = UsageTotals.ZERO;
    Block active = null;
    for (Block b : blocks) {
      ZonedDateTime start = b.start().atZone(zone);
      String end = endOf(start, b.end().atZone(zone));
      if (b.gap()) {
        t.row(MINUTE.format(start), end, "", "idle " + Durations.span(Duration.between(b.start(), b.end())));
        continue;
      }
      all = all.plus(b.totals());
      if (b.active()) {
        active = b;
      }
      t.row(
          MINUTE.format(start),
          end,
          b.lastActivity().map(i -> endOf(start, i.atZone(zone))).orElse(""),
          b.active() ? "active" : "done",
          tokens(b.totals().calls()),
          tokens(b.totals().tokens().total()),
          cost(b.totals()),
          safe(String.join(", ", b.models())));
    }
    t.rule();
    t.row("Total", "", "", "", tokens(all.calls()), tokens(all.tokens().total()), cost(all));
    style(t, headers, term, "Models").optional(index(headers, "Last call"), index(headers, "Calls"));
    sb.append(t.render(term));
    if (active != null) {
      Duration left = Duration.between(now, active.end());
      String ends = TIME.format(active.end().atZone(zone));
      sb.append('\n').append("Active block: ").append(Durations.span(left.isNegative() ? Duration.ZERO : left))
          .append(" left (ends ").append(ends).append(").");
      Optional<ReportJson.BurnRate> rate = ReportJson.BurnRate.of(active, now);
      if (rate.isPresent()) {
        ReportJson.BurnRate r = rate.get();
        sb.append(" Burn rate ")
            .append(tokens(r.tokensPerMinute().setScale(0, RoundingMode.HALF_EVEN).longValueExact()))
            .append(" tokens/min, ").append(money(r.costPerHour().toUsd(2))).append("/h; at this rate by ")
            .append(ends).append(": ").append(tokens(r.projectedTokens())).append(" tokens, ")
            .append(money(r.projectedCost().toUsd(2))).append('.');
      }
      if (tokenLimit.isPresent()) {
        long limit = tokenLimit.get();
        long used = active.totals().tokens().total();
        sb.append(" Token limit ").append(tokens(limit)).append(": ").append(percentOf(used, limit)).append(" used");
        if (rate.isPresent()) {
          long projected = rate.get().projectedTokens();
          sb.append(", ").append(percentOf(projected, limit)).append(" projected")
              .append(projected > limit ? " (would exceed the limit)" : "");
        }
        sb.append('.');
      }
      sb.append('\n');
    }
    if (all.unpricedCalls() > 0) {
      sb.append('\n').append(UNPRICED_NOTE).append('\n');
    }
    return term.wrap(sb.toString());
  }

  private static String percentOf(long n, long limit) {
    return BigDecimal.valueOf(n).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(limit), 0, RoundingMode.HALF_EVEN).toPlainString() + "%";
  }

  private static String endOf(ZonedDateTime start, ZonedDateTime end) {
    return end.toLocalDate().equals(start.toLocalDate()) ? TIME.format(end) : MINUTE.format(end);
  }

  // --- sources --------------------------------------------------------------------------------------------------

  static String sources(List<SourceStatus> sources, List<ProviderInfo> strategies, Path home, Terminal term) {
    return sources(sources, strategies, List.of(), home, term);
  }

  static String sources(List<SourceStatus> sources, List<ProviderInfo> strategies, List<ProviderInfo> enrichers,
      Path home, Terminal term) {
    StringBuilder sb = new StringBuilder("Sources\n\n");
    if (sources.isEmpty()) {
      sb.append("No sources on the class path.\n");
    } else {
      Table t =
          new Table(
              new String[] {"Source", "Name", "Found", "Files", "Roots", "Loaded from"},
              new Align[] {Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.LEFT, Align.LEFT});
      for (SourceStatus s : sources) {
        List<Path> roots = s.roots();
        t.row(safe(s.provider().id()), safe(s.provider().displayName()), s.found() ? "yes" : "no",
            tokens(s.files()), roots.isEmpty() ? "" : shortenPath(roots.get(0).toString(), home, Integer.MAX_VALUE),
            safe(s.provider().origin()));
        for (int i = 1; i < roots.size(); i++) {
          t.row("", "", "", "", shortenPath(roots.get(i).toString(), home, Integer.MAX_VALUE));
        }
      }
      t.flexiblePath(4).flexiblePath(5).optional(1, 5);
      sb.append(t.render(term));
      sb.append('\n');
      Table c =
          new Table(
              new String[] {"Source", "Usage", "Messages", "Recorded cost", "Watch", "Cache state", "Project scoping",
                  "Watch scope"},
              new Align[] {Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT,
                  Align.LEFT});
      for (SourceStatus s : sources) {
        List<String> row = new ArrayList<>(List.of(safe(s.provider().id())));
        for (Capability cap : Capability.values()) {
          row.add(s.capabilities().has(cap) ? "yes" : "no");
        }
        row.add(s.capabilities().watchScope().name().toLowerCase(Locale.ROOT));
        c.row(row.toArray(String[]::new));
      }
      c.optional(7, 6, 5, 4, 3, 2);
      sb.append(c.render(term));
    }
    sb.append('\n');
    if (strategies.isEmpty()) {
      sb.append("Cache strategies: none on the class path.\n");
    } else {
      Table t = new Table(new String[] {"Cache strategy", "Loaded from"}, new Align[] {Align.LEFT, Align.LEFT});
      for (ProviderInfo p : strategies) {
        t.row(safe(p.id()), safe(p.origin()));
      }
      t.flexiblePath(1);
      sb.append(t.render(term));
    }
    if (!enrichers.isEmpty()) {
      sb.append('\n');
      Table t = new Table(new String[] {"Enricher (cream enrich)", "Name", "Loaded from"},
          new Align[] {Align.LEFT, Align.LEFT, Align.LEFT});
      for (ProviderInfo p : enrichers) {
        t.row(safe(p.id()), safe(p.displayName()), safe(p.origin()));
      }
      t.flexiblePath(2).optional(1);
      sb.append(t.render(term));
    }
    return term.wrap(sb.toString());
  }

  // --- diagnostics ----------------------------------------------------------------------------------------------

  /**
   * A one-line summary of what the scan skipped, for people; empty when nothing worth a line happened.
   *
   * @param snapshot the scan
   * @return the line
   */
  static Optional<String> diagnosticsSummary(UsageSnapshot snapshot) {
    List<String> parts = new ArrayList<>();
    long malformed = snapshot.stats().malformedLines();
    if (malformed > 0) {
      parts.add(plural(malformed, "line", "lines") + " skipped (malformed)");
    }
    long unpriced = snapshot.stats().unpricedCalls();
    if (unpriced > 0) {
      parts.add(plural(unpriced, "call", "calls") + " unpriced");
    }
    long errors = count(snapshot.diagnostics(), Severity.ERROR);
    if (errors > 0) {
      parts.add(plural(errors, "error", "errors"));
    }
    if (parts.isEmpty()) {
      long warnings = count(snapshot.diagnostics(), Severity.WARNING);
      if (warnings > 0) {
        parts.add(plural(warnings, "warning", "warnings"));
      }
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(String.join(", ", parts) + " (run with --json for details)");
  }

  private static long count(List<Diagnostic> diagnostics, Severity severity) {
    return diagnostics.stream().filter(d -> d.severity() == severity).mapToLong(Diagnostic::count).sum();
  }

  // --- formatting -----------------------------------------------------------------------------------------------

  static String plural(long n, String one, String many) {
    return tokens(n) + " " + (n == 1 ? one : many);
  }

  static String tokens(long n) {
    return grouped(BigDecimal.valueOf(n));
  }

  /**
   * A number as {@code String.format(Locale.ROOT, "%,.Nf", v)} writes it with N its scale (thousands separated by
   * commas), without the formatter: a status line is printed by a fresh process, which the formatter's locale data
   * would cost a hundredth of a second.
   *
   * @param v the number, at the scale to show
   * @return the text
   */
  static String grouped(BigDecimal v) {
    String plain = v.abs().toPlainString();
    int dot = plain.indexOf('.');
    int whole = dot < 0 ? plain.length() : dot;
    StringBuilder sb = new StringBuilder(plain.length() + whole / 3 + 1);
    if (v.signum() < 0) {
      sb.append('-');
    }
    for (int i = 0; i < whole; i++) {
      if (i > 0 && (whole - i) % 3 == 0) {
        sb.append(',');
      }
      sb.append(plain.charAt(i));
    }
    return sb.append(plain, whole, plain.length()).toString();
  }

  static String cost(UsageTotals t) {
    if (t.calls() > 0 && t.unpricedCalls() == t.calls()) {
      return "unpriced";
    }
    return money(t.cost().toUsd(2)) + (t.unpricedCalls() > 0 ? "*" : "");
  }

  private static String money(BigDecimal usd) {
    return "$" + grouped(usd);
  }

  private static String safe(String s) {
    return TerminalText.safe(s);
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  static String truncate(String s, int width) {
    return DisplayWidth.truncate(s, width);
  }

  static String shortenPath(String path, Path home) {
    return shortenPath(path, home, PROJECT_WIDTH);
  }

  static String shortenPath(String path, Path home, int width) {
    String h = home.toString();
    String p = path;
    if (!h.equals("/") && (p.equals(h) || p.startsWith(h + "/"))) {
      p = "~" + p.substring(h.length());
    }
    return DisplayWidth.truncateStart(TerminalText.safe(p), width);
  }
}
