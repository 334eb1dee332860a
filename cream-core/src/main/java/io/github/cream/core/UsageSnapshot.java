package io.github.cream.core;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.internal.CacheEvaluator;
import io.github.cream.core.internal.Lazy;
import io.github.cream.core.internal.Rollup;
import io.github.cream.core.internal.SessionRef;
import io.github.cream.core.internal.SnapshotData;
import io.github.cream.core.internal.Sum;
import io.github.cream.spi.Capability;
import io.github.cream.spi.WatchScope;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The immutable result of a scan: every counted call with its cost, the sessions, the diagnostics, and reports
 * over them. Thread-safe; reports are computed on demand from the records.
 *
 * <pre>{@code
 * UsageSnapshot s = cream.scan();
 * Report days = s.filter(Filter.builder().zone(zone).since(firstOfMonth).build()).daily(zone);
 * for (ReportRow row : days.rows()) {
 *   System.out.println(row.key() + " " + row.totals().cost());
 * }
 * }</pre>
 */
public final class UsageSnapshot {

  private final SnapshotData data;
  private final Filter filter;
  private final boolean keepsAll; // the filter keeps every call (whatever its zone): the scan's own view
  private final Lazy<List<PricedRecord>> records; // materialized when a view needs single calls
  private final Rollup rollup; // the calls of this view folded into cells: reports are summed from them
  private volatile List<SessionSummary> sessions; // computed when first asked for
  // the caching efficiency found by the last pass of cacheStates over the calls, and its instant
  private volatile Map.Entry<Instant, CacheEfficiency> efficiency;
  private final UsageTotals totals;

  UsageSnapshot(SnapshotData data, Filter filter) {
    this.data = Objects.requireNonNull(data, "data");
    this.filter = Objects.requireNonNull(filter, "filter");
    this.keepsAll = filter == Filter.all() || filter.keepsEverything();
    if (keepsAll) {
      // the unfiltered view of a scan: computed once per scan result, shared by every snapshot of it
      this.records = Lazy.of(data::records);
      this.rollup = data.rollup();
      SnapshotData.Memo memo = data.memo();
      UsageTotals t = (UsageTotals) memo.totals;
      if (t == null) {
        memo.totals = t = rollup.totals();
      }
      this.totals = t;
      return;
    }
    boolean byDay = filter.since().isPresent() || filter.until().isPresent();
    if (!byDay || data.rollup().alignedFor(filter.zone())) {
      List<Rollup.Cell> kept = new ArrayList<>();
      DayCache days = new DayCache(filter.zone());
      for (Rollup.Cell c : data.rollup().cells()) {
        if (keeps(c, days)) {
          kept.add(c);
        }
      }
      this.rollup = new Rollup(kept);
      this.records = Lazy.of(() -> filterRecords(data.records()));
    } else {
      // a zone whose days do not start on a quarter hour: the calls themselves decide
      List<PricedRecord> kept = filterRecords(data.records());
      this.records = Lazy.done(kept);
      this.rollup = Rollup.of(kept);
    }
    this.totals = sum(rollup.cells());
  }

  private List<PricedRecord> filterRecords(List<PricedRecord> all) {
    List<PricedRecord> kept = new ArrayList<>();
    DayCache days = new DayCache(filter.zone());
    for (PricedRecord r : all) {
      UsageRecord u = r.record();
      if (keeps(u.source(), u.timestamp(), u.project().orElse(null), u.sessionId(), days)) {
        kept.add(r);
      }
    }
    return List.copyOf(kept);
  }

  private static UsageTotals sum(List<Rollup.Cell> cells) {
    Sum s = new Sum();
    for (Rollup.Cell c : cells) {
      s.add(c.sum);
    }
    return s.totals();
  }

  /**
   * The local date of instants, remembering the last day's bounds: records come in time order, so most lookups
   * need no time-zone arithmetic at all.
   */
  private static final class DayCache {
    /** Two entries per UTC day bucket: a bucket overlaps at most two of any zone's days. */
    private static final int BUCKETS = 64;
    private final ZoneId zone;
    private long lastFrom = Long.MAX_VALUE;
    private long lastTo = Long.MIN_VALUE;
    private LocalDate last;
    /** The days found before the last one, made on the first miss after it (many caches answer one instant). */
    private long[] from;
    private long[] to;
    private LocalDate[] days;

    DayCache(ZoneId zone) {
      this.zone = zone;
    }

    /** The instant's day in the zone; the days found are remembered, whatever order the instants come in. */
    LocalDate of(Instant t) {
      return of(t.getEpochSecond()); // a day starts on a whole second: the nanoseconds never change it
    }

    /** {@link #of(Instant)} for an instant in whole seconds. */
    LocalDate of(long s) {
      if (s >= lastFrom && s < lastTo) {
        return last;
      }
      int slot = 2 * (int) (Math.floorDiv(s, 86_400L) & (BUCKETS - 1));
      if (days != null) {
        for (int k = slot; k < slot + 2; k++) {
          if (days[k] != null && s >= from[k] && s < to[k]) {
            lastFrom = from[k];
            lastTo = to[k];
            last = days[k];
            return last;
          }
        }
      } else if (last != null) {
        from = new long[2 * BUCKETS];
        to = new long[2 * BUCKETS];
        days = new LocalDate[2 * BUCKETS];
      }
      LocalDate day = LocalDate.ofInstant(Instant.ofEpochSecond(s), zone);
      long start = day.atStartOfDay(zone).toEpochSecond();
      long end = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
      if (s >= start && s < end) {
        // a zone whose day does not contain the instant's own day start is never cached
        lastFrom = start;
        lastTo = end;
        last = day;
        if (days != null) {
          from[slot + 1] = from[slot];
          to[slot + 1] = to[slot];
          days[slot + 1] = days[slot];
          from[slot] = start;
          to[slot] = end;
          days[slot] = day;
        }
      }
      return day;
    }
  }

  /** Whether this view keeps calls of a source at a time in a project (null when they name none) of a session. */
  private boolean keeps(String source, Instant at, String project, String sessionId, DayCache days) {
    return keeps(source, at, days) && (filter.project().isEmpty() || inProject(source, project, sessionId));
  }

  /** {@link #keeps(String, Instant, String, String, DayCache)} for a cell: its session id made only when needed. */
  private boolean keeps(Rollup.Cell c, DayCache days) {
    return keeps(c.source, c.slotStart(), days)
        && (filter.project().isEmpty() || inProject(c.source, c.project, c.sessionId()));
  }

  /** Whether this view keeps calls of a source at a time, by source and days. */
  private boolean keeps(String source, Instant at, DayCache days) {
    return (filter.sources().isEmpty() || filter.sources().contains(source))
        && (filter.since().isEmpty() && filter.until().isEmpty() || filter.inRange(days.of(at)));
  }

  /** Whether calls are in this view's project: the one they name, else their session's (from its facts). */
  private boolean inProject(String source, String project, String sessionId) {
    String dir = project;
    if (dir == null) {
      SessionFacts f = data.facts().get(new SessionRef(source, sessionId));
      dir = f == null ? null : f.project().orElse(null);
    }
    return filter.inProject(dir);
  }

  /** Whether this view keeps a call of the scan (a call of an unfiltered view always). */
  boolean keeps(UsageRecord r) {
    return keepsAll
        || keeps(r.source(), r.timestamp(), r.project().orElse(null), r.sessionId(), new DayCache(filter.zone()));
  }

  /** The scan's data, for the engine's own readers ({@link MessageCursor}). */
  SnapshotData data() {
    return data;
  }

  /**
   * Whether each source has sessions in a project: a session whose working directory (from its session facts, or
   * from its calls) is the project directory or below it. Cheap: it looks only at what the scan already holds, and
   * never at the file system; the directory is compared as text, like {@link Filter#inProject}.
   *
   * @param projectRoot the project directory
   * @return every source of the scan, in scan order, and whether it has sessions there
   */
  public Map<String, Boolean> detect(Path projectRoot) {
    Objects.requireNonNull(projectRoot, "projectRoot");
    Filter f = Filter.builder().project(projectRoot).build();
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (SourceStatus s : data.sources()) {
      out.put(s.provider().id(), false);
    }
    for (SessionFacts facts : data.facts().values()) {
      if (!Boolean.TRUE.equals(out.get(facts.source())) && f.inProject(facts.project().orElse(null))) {
        out.put(facts.source(), true);
      }
    }
    if (out.containsValue(false)) {
      for (Rollup.Cell c : data.rollup().cells()) {
        if (Boolean.FALSE.equals(out.get(c.source)) && c.project != null && f.inProject(c.project)) {
          out.put(c.source, true);
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The sessions of this snapshot as a session browser lists them: most recently active first, each with its facts,
   * totals, cache verdict and its source's capabilities.
   *
   * @param now the instant to judge the caches at
   * @return the sessions
   */
  public List<SessionView> sessionViews(Instant now) {
    return views(this, now);
  }

  /**
   * The sessions of a project, as {@link #sessionViews(Instant)} lists them: the sessions whose working directory is
   * the project directory or below it (this snapshot's other filters kept, its project replaced).
   *
   * @param projectRoot the project directory
   * @param now the instant to judge the caches at
   * @return the sessions
   */
  public List<SessionView> sessionViews(Path projectRoot, Instant now) {
    Objects.requireNonNull(projectRoot, "projectRoot");
    Filter f =
        Filter.builder()
            .zone(filter.zone())
            .since(filter.since().orElse(null))
            .until(filter.until().orElse(null))
            .sources(filter.sources())
            .project(projectRoot)
            .build();
    return views(filter(f), now);
  }

  private List<SessionView> views(UsageSnapshot s, Instant now) {
    Objects.requireNonNull(now, "now");
    Map<SessionRef, SessionCache> caches = new HashMap<>();
    for (SessionCache c : s.cacheStates(now)) {
      caches.put(new SessionRef(c.session().source(), c.session().sessionId()), c);
    }
    Map<String, SourceCapabilities> capabilities = new HashMap<>();
    for (SourceStatus st : data.sources()) {
      capabilities.put(st.provider().id(), st.capabilities());
    }
    List<SessionView> out = new ArrayList<>();
    for (SessionSummary summary : s.sessions()) {
      SourceCapabilities c = capabilities.get(summary.source());
      if (c == null) {
        c = new SourceCapabilities(summary.source(), Set.of(Capability.USAGE), WatchScope.GLOBAL);
      }
      out.add(new SessionView(summary,
          Optional.ofNullable(caches.get(new SessionRef(summary.source(), summary.sessionId()))), c));
    }
    return List.copyOf(out);
  }

  /**
   * A session's prompt-cache verdict at an instant, judged on the calls it had made before that instant only: what
   * the cache held for a call made then. (Unlike {@link #cacheState}, later calls are left out.) Calls are those of
   * the whole scan, whatever this snapshot's filter.
   *
   * @param source the source id
   * @param sessionId the session id
   * @param at the instant
   * @return the verdict, if the session made calls before {@code at}
   */
  public Optional<CacheVerdict> cacheStateAt(String source, String sessionId, Instant at) {
    Objects.requireNonNull(at, "at");
    List<PricedRecord> group = data.groupOf(new SessionRef(source, sessionId));
    return judge(data.cache().forCalls(group), source, sessionId, callsOf(group, source, sessionId, false), at);
  }

  /**
   * A session's calls among those of its group of files (see {@link SnapshotData#groupOf}), oldest first.
   *
   * @param filtered whether to keep only the calls this snapshot's filter keeps
   */
  private List<UsageRecord> callsOf(List<PricedRecord> group, String source, String sessionId, boolean filtered) {
    List<UsageRecord> calls = new ArrayList<>();
    DayCache days = filtered && !keepsAll ? new DayCache(filter.zone()) : null;
    for (PricedRecord p : group) {
      UsageRecord r = p.record();
      if (r.sessionId().equals(sessionId) && r.source().equals(source)
          && (days == null || keeps(r.source(), r.timestamp(), r.project().orElse(null), r.sessionId(), days))) {
        calls.add(r);
      }
    }
    return calls;
  }

  private Optional<CacheVerdict> judge(
      CacheEvaluator evaluator, String source, String sessionId, List<UsageRecord> calls, Instant at) {
    List<UsageRecord> before = new ArrayList<>();
    for (UsageRecord r : calls) {
      if (r.timestamp().isBefore(at)) {
        before.add(r);
      }
    }
    if (before.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(evaluator.evaluate(source, sessionId, before, at));
  }

  /**
   * A session's timeline: its messages as read by a {@link MessageCursor} (or {@link Cream#messages}), the idle gaps
   * of its main conversation with the cache verdict at the end of each (see {@link SessionTimeline.IdleGap}), its
   * facts and totals, and its cache verdict now. The facts, totals and verdicts come from the whole scan, whatever
   * this snapshot's filter.
   *
   * @param messages the session's messages, from a read of this snapshot (or of the same scan)
   * @param now the instant of the session's current verdict
   * @return the timeline
   */
  public SessionTimeline timeline(SessionMessages messages, Instant now) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(now, "now");
    String source = messages.source();
    String sessionId = messages.sessionId();
    UsageSnapshot all = keepsAll ? this : new UsageSnapshot(data, Filter.all());
    SessionSummary summary =
        all.session(source, sessionId)
            .orElseGet(() -> SessionSummary.of(SessionFacts.builder(source, sessionId).build(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), UsageTotals.ZERO));
    List<PricedRecord> group = data.groupOf(new SessionRef(source, sessionId));
    CacheEvaluator evaluator = data.cache().forCalls(group);
    List<UsageRecord> calls = callsOf(group, source, sessionId, false);
    List<PricedMessage> list = messages.messages();
    List<SessionTimeline.IdleGap> gaps = new ArrayList<>();
    Instant previous = null;
    Optional<String> previousCall = Optional.empty();
    for (int i = 0; i < list.size(); i++) {
      PricedMessage m = list.get(i);
      if (m.message().subagent() || m.message().timestamp().isEmpty()) {
        continue;
      }
      Instant t = m.message().timestamp().get();
      boolean sameCall = m.call().isPresent() && m.call().equals(previousCall);
      previousCall = m.call();
      if (!sameCall && previous != null && Duration.between(previous, t).compareTo(SessionTimeline.MIN_IDLE) >= 0) {
        Instant at = t;
        for (int j = i; j < list.size(); j++) {
          PricedMessage next = list.get(j);
          if (!next.message().subagent() && next.usage().isPresent()) {
            Instant callTime = next.usage().get().timestamp();
            at = callTime.isAfter(t) ? callTime : t;
            break;
          }
        }
        gaps.add(new SessionTimeline.IdleGap(i, previous, t, judge(evaluator, source, sessionId, calls, at)));
      }
      previous = t;
    }
    return new SessionTimeline(summary, all.cacheState(group, evaluator, source, sessionId, now), now, list, gaps,
        messages.diagnostics());
  }

  /**
   * When the scan ran.
   *
   * @return the scan's instant, from the environment's clock
   */
  public Instant asOf() {
    return data.asOf().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The filter this snapshot shows.
   *
   * @return the filter; {@link Filter#all()} for a fresh scan
   */
  public Filter appliedFilter() {
    return filter;
  }

  /**
   * A view of the calls the filter keeps; sessions and reports are recomputed for them.
   *
   * @param f the filter
   * @return the filtered snapshot
   */
  public UsageSnapshot filter(Filter f) {
    return new UsageSnapshot(data, f);
  }

  /**
   * Every counted call, deduplicated and priced, oldest first. This materializes every call of the view in memory
   * (about a kilobyte each), read from the scan index when first asked for: for a long history, prefer the views
   * computed without it — {@link #forEachBatch}, {@link #totals()}, {@link #daily}, {@link #report},
   * {@link #reportsBy}, {@link #by},
   * {@link #sessions()}, {@link #blocks} (from the index's cells), and {@link #cacheStates}, {@link #cacheState},
   * {@link #cacheEfficiency}, {@link #cacheStateAt} and {@link #timeline}, which read the calls a group of files at a
   * time or only the files of one session.
   *
   * @return the calls
   */
  public List<PricedRecord> records() {
    return records.get();
  }

  /**
   * Hands over every counted call of this view without holding them all in memory: read from the scan index a group
   * of files at a time (in one batch when the calls are in memory already). Each batch is in time order, and holds
   * every call of each of its sessions; batches are in no particular order. For sums over single calls on a long
   * history, instead of {@link #records()}.
   *
   * @param action receives each batch of calls
   */
  public void forEachBatch(Consumer<List<PricedRecord>> action) {
    Objects.requireNonNull(action, "action");
    if (keepsAll) {
      data.forEachGroup(action);
      return;
    }
    data.forEachGroup(group -> {
      DayCache days = new DayCache(filter.zone());
      List<PricedRecord> kept = new ArrayList<>();
      for (PricedRecord p : group) {
        UsageRecord r = p.record();
        if (keeps(r.source(), r.timestamp(), r.project().orElse(null), r.sessionId(), days)) {
          kept.add(p);
        }
      }
      if (!kept.isEmpty()) {
        action.accept(kept);
      }
    });
  }

  /**
   * The sessions with calls in this snapshot (and, without a date filter, the sessions without calls too), most
   * recently active first.
   *
   * @return the sessions
   */
  public List<SessionSummary> sessions() {
    List<SessionSummary> s = sessions;
    if (s == null) {
      if (keepsAll) {
        // shared by every unfiltered snapshot of the same scan result
        SnapshotData.Memo memo = data.memo();
        @SuppressWarnings("unchecked")
        List<SessionSummary> shared = (List<SessionSummary>) memo.sessions;
        if (shared == null) {
          memo.sessions = shared = buildSessions();
        }
        s = shared;
      } else {
        s = buildSessions();
      }
      sessions = s;
    }
    return s;
  }

  /**
   * One session.
   *
   * @param source the source id
   * @param sessionId the session id
   * @return the session, if this snapshot has it
   */
  public Optional<SessionSummary> session(String source, String sessionId) {
    return sessions().stream()
        .filter(s -> s.source().equals(source) && s.sessionId().equals(sessionId))
        .findFirst();
  }

  /**
   * The problems met while scanning, most severe first. Never holds log content.
   *
   * @return the diagnostics
   */
  public List<Diagnostic> diagnostics() {
    return data.diagnostics();
  }

  /**
   * The scan's counters.
   *
   * @return the counters
   */
  public ScanStats stats() {
    return data.stats();
  }

  /**
   * What each source looked at and found.
   *
   * @return one status per source of the scan
   */
  public List<SourceStatus> sources() {
    return data.sources();
  }

  /**
   * The totals of every call in this snapshot.
   *
   * @return the totals
   */
  public UsageTotals totals() {
    return totals;
  }

  /**
   * Calls per day.
   *
   * @param zone the zone days are computed in
   * @return the report
   */
  public Report daily(ZoneId zone) {
    return report(Period.DAY, zone, DayOfWeek.MONDAY);
  }

  /**
   * Calls per week.
   *
   * @param zone the zone days are computed in
   * @param firstDay the day weeks start on
   * @return the report
   */
  public Report weekly(ZoneId zone, DayOfWeek firstDay) {
    return report(Period.WEEK, zone, firstDay);
  }

  /**
   * Calls per month.
   *
   * @param zone the zone days are computed in
   * @return the report
   */
  public Report monthly(ZoneId zone) {
    return report(Period.MONTH, zone, DayOfWeek.MONDAY);
  }

  /**
   * Calls per period.
   *
   * @param period day, week or month
   * @param zone the zone days are computed in
   * @param firstDay the day weeks start on (for weeks)
   * @return the report
   */
  public Report report(Period period, ZoneId zone, DayOfWeek firstDay) {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(firstDay, "firstDay");
    return report(rollup.alignedFor(zone) ? rollup.cells() : null, records, period, zone, firstDay);
  }

  /**
   * Calls per period for each group of one dimension, as {@link #report} counts them: one report per group, keyed
   * as {@link #by} names the groups (a session as {@code source/sessionId}). Summed from the index's cells, like
   * {@link #report}.
   *
   * @param dimension what to group by
   * @param period day, week or month
   * @param zone the zone days are computed in
   * @param firstDay the day weeks start on (for weeks)
   * @return each group's report, by group key
   */
  public Map<String, Report> reportsBy(Dimension dimension, Period period, ZoneId zone, DayOfWeek firstDay) {
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(firstDay, "firstDay");
    Map<String, Report> out = new TreeMap<>();
    if (rollup.alignedFor(zone)) {
      Function<Rollup.Cell, String> key = key(dimension);
      Map<String, List<Rollup.Cell>> groups = new HashMap<>();
      for (Rollup.Cell c : rollup.cells()) {
        groups.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c);
      }
      groups.forEach((k, cells) -> out.put(k, report(cells, null, period, zone, firstDay)));
    } else {
      Map<String, List<PricedRecord>> groups = new HashMap<>();
      for (PricedRecord p : records.get()) {
        UsageRecord r = p.record();
        String k =
            switch (dimension) {
              case SOURCE -> r.source();
              case PROVIDER -> r.provider();
              case MODEL -> r.model();
              case PROJECT -> r.project().orElse("");
              case SESSION -> r.source() + "/" + r.sessionId();
              case UPSTREAM_PROVIDER -> p.upstreamProvider().orElse(r.provider());
            };
        groups.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
      }
      groups.forEach((k, calls) -> out.put(k, report(null, () -> calls, period, zone, firstDay)));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Adds cells into the sums of their period and group. A call per cell (compiled, where a loop body would run
   * interpreted); a cell of the same period and group as the one before (the index keeps a session's cells together)
   * is added without looking either up again.
   */
  private static final class CellSums {
    private final TreeMap<LocalDate, Map<List<String>, Sum>> sums;
    private final Period period;
    private final DayCache days;
    private final DayOfWeek firstDay;
    private Rollup.Cell last;
    private LocalDate lastPeriod;
    private Sum lastSum;

    CellSums(TreeMap<LocalDate, Map<List<String>, Sum>> sums, Period period, DayCache days, DayOfWeek firstDay) {
      this.sums = sums;
      this.period = period;
      this.days = days;
      this.firstDay = firstDay;
    }

    void add(Rollup.Cell c) {
      LocalDate start = last != null && last.slot == c.slot ? lastPeriod
          : periodStart(period, days.of(c.slot * Rollup.SLOT_SECONDS), firstDay);
      Rollup.Cell l = last;
      Sum sum;
      if (l != null && start.equals(lastPeriod) && Objects.equals(l.source, c.source)
          && Objects.equals(l.provider, c.provider) && Objects.equals(l.model, c.model)
          && Objects.equals(l.serviceTier, c.serviceTier) && Objects.equals(l.upstream, c.upstream)) {
        sum = lastSum;
      } else {
        sum = sums.computeIfAbsent(start, k -> new HashMap<>())
            .computeIfAbsent(List.of(c.source, c.provider, c.model, c.serviceTier,
                c.upstream == null ? "" : c.upstream), k -> new Sum());
      }
      sum.add(c.sum);
      last = c;
      lastPeriod = start;
      lastSum = sum;
    }
  }

  /** A report from cells (when the zone's days are whole cells), else from the calls. */
  private static Report report(
      List<Rollup.Cell> cells, Supplier<List<PricedRecord>> records, Period period, ZoneId zone, DayOfWeek firstDay) {
    TreeMap<LocalDate, Map<List<String>, Sum>> sums = new TreeMap<>();
    DayCache days = new DayCache(zone);
    if (cells != null) {
      CellSums into = new CellSums(sums, period, days, firstDay);
      for (Rollup.Cell c : cells) {
        into.add(c);
      }
    } else {
      // a zone whose days do not start on a quarter hour: the calls themselves decide
      for (PricedRecord p : records.get()) {
        UsageRecord r = p.record();
        sums.computeIfAbsent(periodStart(period, days.of(r.timestamp()), firstDay), k -> new HashMap<>())
            .computeIfAbsent(List.of(r.source(), r.provider(), r.model(), r.serviceTier(),
                p.upstreamProvider().orElse("")), k -> new Sum())
            .add(r.tokens(), p.cost());
      }
    }
    TreeMap<LocalDate, Map<List<String>, UsageTotals>> rows = new TreeMap<>();
    sums.forEach((day, m) -> {
      Map<List<String>, UsageTotals> row = new HashMap<>();
      m.forEach((k, v) -> row.put(k, v.totals()));
      rows.put(day, row);
    });
    List<ReportRow> out = new ArrayList<>();
    UsageTotals all = UsageTotals.ZERO;
    for (Map.Entry<LocalDate, Map<List<String>, UsageTotals>> e : rows.entrySet()) {
      List<Breakdown> bd = new ArrayList<>();
      UsageTotals rowTotals = UsageTotals.ZERO;
      for (Map.Entry<List<String>, UsageTotals> m : e.getValue().entrySet()) {
        List<String> k = m.getKey();
        bd.add(new Breakdown(k.get(0), k.get(1), k.get(2), k.get(3), m.getValue(),
            k.get(4).isEmpty() ? Optional.empty() : Optional.of(k.get(4))));
        rowTotals = rowTotals.plus(m.getValue());
      }
      bd.sort(BREAKDOWN_ORDER);
      LocalDate start = e.getKey();
      String key = period == Period.MONTH ? start.toString().substring(0, 7) : start.toString();
      out.add(new ReportRow(key, start, rowTotals, bd));
      all = all.plus(rowTotals);
    }
    return new Report(period, zone, out, all);
  }

  private static LocalDate periodStart(Period period, LocalDate d, DayOfWeek firstDay) {
    return switch (period) {
      case DAY -> d;
      case WEEK -> d.with(TemporalAdjusters.previousOrSame(firstDay));
      case MONTH -> d.withDayOfMonth(1);
    };
  }

  /**
   * Calls grouped by one dimension, most expensive first.
   *
   * @param dimension what to group by
   * @return the groups
   */
  public List<Group> by(Dimension dimension) {
    Function<Rollup.Cell, String> key = key(dimension);
    Map<String, Sum> sums = new HashMap<>();
    for (Rollup.Cell c : rollup.cells()) {
      sums.computeIfAbsent(key.apply(c), k -> new Sum()).add(c.sum);
    }
    Map<String, UsageTotals> groups = new HashMap<>();
    sums.forEach((k, v) -> groups.put(k, v.totals()));
    List<Group> out = new ArrayList<>();
    groups.forEach((k, v) -> out.add(new Group(k, v)));
    out.sort(BY_COST);
    return List.copyOf(out);
  }

  private static Function<Rollup.Cell, String> key(Dimension dimension) {
    return
        switch (dimension) {
          case SOURCE -> c -> c.source;
          case PROVIDER -> c -> c.provider;
          case MODEL -> c -> c.model;
          case PROJECT -> c -> c.project == null ? "" : c.project;
          case SESSION -> c -> c.source + "/" + c.sessionId();
          case UPSTREAM_PROVIDER -> c -> c.upstream != null ? c.upstream : c.provider;
        };
  }

  // the orders below are written out, not chained from Comparator's factories: each of those makes a class at run time
  // that a class-data archive cannot hold (the JDK's own lambdas), 1 ms apiece in a fresh JVM

  /** Groups, most expensive first, then most calls, then by key. */
  static final Comparator<Group> BY_COST = (a, b) -> {
    int c = b.totals().cost().compareTo(a.totals().cost());
    if (c == 0) {
      c = Long.compare(b.totals().calls(), a.totals().calls());
    }
    return c != 0 ? c : a.key().compareTo(b.key());
  };

  /** A row's breakdowns, most expensive first, then by source, provider, model, tier and upstream provider. */
  static final Comparator<Breakdown> BREAKDOWN_ORDER = (a, b) -> {
    int c = b.totals().cost().compareTo(a.totals().cost());
    if (c == 0) {
      c = a.source().compareTo(b.source());
    }
    if (c == 0) {
      c = a.provider().compareTo(b.provider());
    }
    if (c == 0) {
      c = a.model().compareTo(b.model());
    }
    if (c == 0) {
      c = a.serviceTier().compareTo(b.serviceTier());
    }
    return c != 0 ? c : a.upstreamProvider().orElse("").compareTo(b.upstreamProvider().orElse(""));
  };

  /** Sessions, latest activity first, then by source and session id. */
  private static final Comparator<SessionSummary> SESSION_ORDER = (a, b) -> {
    int c = b.lastActivity().orElse(Instant.MIN).compareTo(a.lastActivity().orElse(Instant.MIN));
    if (c == 0) {
      c = a.source().compareTo(b.source());
    }
    return c != 0 ? c : a.sessionId().compareTo(b.sessionId());
  };

  /**
   * Calls in billing windows (see {@link Block}).
   *
   * @param length the window length, five hours for Claude's plans
   * @param now the instant that decides which block is active
   * @return the blocks and the idle gaps between them, oldest first
   */
  public List<Block> blocks(Duration length, Instant now) {
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(now, "now");
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("block length must be positive, was " + length);
    }
    if (!records.isDone()) {
      List<Block> b = Blocks.ofCells(rollup.cells(), this::callsOf, length, now);
      if (b != null) {
        return b;
      }
    }
    return Blocks.ofRecords(records.get(), length, now);
  }

  /**
   * The block open at an instant: the last {@linkplain Block#active() active} block of {@link #blocks}, if any,
   * computed from the folded calls since the last idle gap longer than a window when the window is at least an hour
   * long (Claude's five hours are): no single call is decoded unless a quarter hour's calls straddle a block's end.
   *
   * @param length the window length
   * @param now the instant that decides which block is active
   * @return the active block, or empty
   */
  public Optional<Block> activeBlock(Duration length, Instant now) {
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(now, "now");
    List<Block> recent = Blocks.ofCells(Blocks.sinceLastGap(rollup.cells(), length, now), this::callsOf, length, now);
    return (recent != null ? recent : blocks(length, now)).stream().filter(Block::active).reduce((x, y) -> y);
  }

  /** The calls of a cell of this view, in time order: read from the group of files that holds its session. */
  private List<PricedRecord> callsOf(Rollup.Cell c) {
    DayCache days = keepsAll ? null : new DayCache(filter.zone());
    List<PricedRecord> out = new ArrayList<>();
    for (PricedRecord p : data.groupOf(new SessionRef(c.source, c.sessionId()))) {
      UsageRecord r = p.record();
      if (Rollup.slotOf(r.timestamp()) == c.slot && r.source().equals(c.source) && r.sessionId().equals(c.sessionId())
          && r.provider().equals(c.provider) && r.model().equals(c.model) && r.serviceTier().equals(c.serviceTier)
          && Objects.equals(r.project().orElse(null), c.project)
          && Objects.equals(p.upstreamProvider().orElse(null), c.upstream)
          && (days == null || keeps(r.source(), r.timestamp(), r.project().orElse(null), r.sessionId(), days))) {
        out.add(p);
      }
    }
    return out;
  }

  private List<SessionSummary> buildSessions() {
    Map<SessionRef, List<Rollup.Cell>> bySession = new HashMap<>();
    for (Rollup.Cell c : rollup.cells()) {
      bySession.computeIfAbsent(new SessionRef(c.source, c.sessionId()), k -> new ArrayList<>()).add(c);
    }
    boolean unbounded = filter.since().isEmpty() && filter.until().isEmpty();
    if (unbounded) {
      data.facts().forEach(
          (ref, f) -> {
            if (!bySession.containsKey(ref)
                && (filter.sources().isEmpty() || filter.sources().contains(ref.source()))
                && (filter.project().isEmpty() || filter.inProject(f.project().orElse(null)))) {
              bySession.put(ref, List.of());
            }
          });
    }
    List<SessionSummary> out = new ArrayList<>();
    bySession.forEach(
        (ref, cells) -> {
          SessionFacts f = data.facts().get(ref);
          if (f == null) {
            f = SessionFacts.builder(ref.source(), ref.sessionId()).build();
          }
          Sum t = new Sum();
          Map<String, Long> providers = new HashMap<>();
          Map<String, Long> upstream = new HashMap<>();
          Map<String, Long> models = new HashMap<>();
          Instant first = f.firstSeen().orElse(null);
          Instant last = f.lastSeen().orElse(null);
          Rollup.Cell named = null; // the cell of the earliest call that names a project
          for (Rollup.Cell c : cells) {
            t.add(c.sum);
            providers.merge(c.provider, c.calls, Long::sum);
            if (c.upstream != null) {
              upstream.merge(c.upstream, c.calls, Long::sum);
            }
            models.merge(c.model, c.calls, Long::sum);
            if (first == null || c.first.isBefore(first)) {
              first = c.first;
            }
            if (last == null || c.last.isAfter(last)) {
              last = c.last;
            }
            if (c.project != null && (named == null || c.startsBefore(named))) {
              named = c;
            }
          }
          if (f.project().isEmpty() && named != null) {
            f = f.toBuilder().project(named.project).build();
          }
          SessionSummary summary =
              SessionSummary.of(
                  f, Optional.ofNullable(first), Optional.ofNullable(last), mostUsedFirst(providers),
                  mostUsedFirst(models), t.totals());
          out.add(upstream.isEmpty() ? summary : summary.withUpstreamProviders(mostUsedFirst(upstream)));
        });
    out.sort(SESSION_ORDER);
    return List.copyOf(out);
  }

  private static List<String> mostUsedFirst(Map<String, Long> counts) {
    return Blocks.mostUsedFirst(counts);
  }

  /**
   * The prompt-cache verdict of every session with calls, at an instant, most recently active first. Each
   * session is judged by the strategy that best supports the provider and model of its latest call; for a call
   * routed through a service such as OpenRouter and {@linkplain Cream#enrich enriched}, the provider is the
   * upstream provider that really served it.
   *
   * @param now the instant to judge at
   * @return the sessions and their verdicts
   */
  public List<SessionCache> cacheStates(Instant now) {
    Objects.requireNonNull(now, "now");
    List<SessionSummary> summaries = sessions();
    Map<SessionRef, SessionSummary> wanted = new HashMap<>();
    for (SessionSummary s : summaries) {
      wanted.put(new SessionRef(s.source(), s.sessionId()), s);
    }
    Map<SessionRef, SessionCache> found = new HashMap<>();
    // calls read from the index a group at a time: the caching efficiency in the same pass, as a report of
    // verdicts usually asks for both
    CacheEvaluator.EfficiencySum sum = data.recordsLoaded() ? null : new CacheEvaluator.EfficiencySum();
    forEachGroup((evaluator, calls) -> {
      calls.forEach((ref, c) -> {
        SessionSummary s = wanted.get(ref);
        if (s != null && !c.isEmpty()) {
          found.put(ref, cache(evaluator, s, c, now));
        }
      });
      if (sum != null) {
        evaluator.addEfficiency(calls, now, sum);
      }
    });
    if (sum != null) {
      efficiency = Map.entry(now, sum.result());
    }
    List<SessionCache> out = new ArrayList<>();
    for (SessionSummary s : summaries) {
      SessionCache c = found.get(new SessionRef(s.source(), s.sessionId()));
      if (c != null) {
        out.add(c);
      }
    }
    return List.copyOf(out);
  }

  private SessionCache cache(CacheEvaluator evaluator, SessionSummary s, List<UsageRecord> c, Instant now) {
    UsageRecord last = CacheEvaluator.latestMain(c);
    return new SessionCache(
        s, last.provider(), last.model(), evaluator.evaluate(s.source(), s.sessionId(), c, now),
        evaluator.upstreamOf(last));
  }

  /**
   * One session's prompt-cache verdict. Reads only the calls of the files that hold the session (and of those
   * sharing calls with them).
   *
   * @param source the source id
   * @param sessionId the session id
   * @param now the instant to judge at
   * @return the verdict, if the session has calls in this snapshot
   */
  public Optional<SessionCache> cacheState(String source, String sessionId, Instant now) {
    Objects.requireNonNull(now, "now");
    Optional<SessionSummary> s = session(source, sessionId);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    List<PricedRecord> group = data.groupOf(new SessionRef(source, sessionId));
    return cacheState(group, data.cache().forCalls(group), source, sessionId, now);
  }

  private Optional<SessionCache> cacheState(
      List<PricedRecord> group, CacheEvaluator evaluator, String source, String sessionId, Instant now) {
    Optional<SessionSummary> s = session(source, sessionId);
    List<UsageRecord> c = callsOf(group, source, sessionId, true);
    if (c.isEmpty() || s.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(cache(evaluator, s.get(), c, now));
  }

  /**
   * How well caching worked for the calls of this snapshot: hit ratio, money saved by reads, money spent on writes
   * nothing read.
   *
   * @param now the instant that decides whether the last writes are still warm
   * @return the efficiency
   */
  public CacheEfficiency cacheEfficiency(Instant now) {
    Objects.requireNonNull(now, "now");
    Map.Entry<Instant, CacheEfficiency> e = efficiency;
    if (e != null && e.getKey().equals(now)) {
      return e.getValue();
    }
    CacheEvaluator.EfficiencySum sum = new CacheEvaluator.EfficiencySum();
    forEachGroup((evaluator, calls) -> evaluator.addEfficiency(calls, now, sum));
    CacheEfficiency result = sum.result();
    efficiency = Map.entry(now, result);
    return result;
  }

  /**
   * Hands over this view's calls per session, a group of files at a time (all of the calls when they are in memory),
   * with an evaluator that knows the group's upstream providers.
   */
  private void forEachGroup(BiConsumer<CacheEvaluator, Map<SessionRef, List<UsageRecord>>> action) {
    CacheEvaluator top = data.cache();
    boolean all = keepsAll;
    data.forEachGroup(group -> {
      DayCache days = new DayCache(filter.zone());
      Map<SessionRef, List<UsageRecord>> calls = new LinkedHashMap<>();
      for (PricedRecord p : group) {
        UsageRecord r = p.record();
        if (all || keeps(r.source(), r.timestamp(), r.project().orElse(null), r.sessionId(), days)) {
          calls.computeIfAbsent(new SessionRef(r.source(), r.sessionId()), k -> new ArrayList<>()).add(r);
        }
      }
      action.accept(top.forCalls(group), calls);
    });
  }
}
