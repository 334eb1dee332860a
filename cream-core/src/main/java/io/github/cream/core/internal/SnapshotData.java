package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.SessionFacts;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ScanStats;
import io.github.cream.core.SourceStatus;
import io.github.cream.spi.CacheStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything a scan produced, before any filter: the engine's hand-over to {@code UsageSnapshot}. The per-call
 * records are materialized only when something asks for them ({@link #records()}); reports are summed from the
 * {@linkplain #rollup() rollup}.
 */
public final class SnapshotData {

  /** Values computed once from the records and facts, shared by every snapshot of them. */
  public static final class Memo {
    /** The unfiltered totals, once computed. */
    public volatile Object totals;
    /** The unfiltered sessions, once computed. */
    public volatile Object sessions;
  }

  private final Instant asOf;
  private final Lazy<List<PricedRecord>> records;
  private final Rollup rollup;
  private final Map<SessionRef, SessionFacts> facts;
  private final List<Diagnostic> diagnostics;
  private final ScanStats stats;
  private final List<SourceStatus> sources;
  private final List<ProviderLoader.Loaded<CacheStrategy>> strategies;
  private final PriceLookup pricer;
  private final Lazy<CacheEvaluator> cache;
  private final Memo memo;
  private final ScannedFiles files;
  private final RecordGroups groups; // null: the records are the only way to the calls

  /**
   * The data of a scan, whose calls can also be read a group of files at a time.
   *
   * @param asOf when the scan ran
   * @param records counted calls with costs, oldest first, materialized when first asked for
   * @param rollup the same calls folded into cells
   * @param facts merged session facts
   * @param diagnostics folded problems, most severe first
   * @param stats counters
   * @param sources what each source found
   * @param strategies the cache strategies, explicit ones first
   * @param pricer prices, for cache resume costs
   * @param cache the cache evaluator over these records, built when first asked for
   * @param memo what views of these records computed once, shared by every snapshot of the same records
   * @param files the scan's existing files, for reading sessions' messages
   * @param groups the same calls a group of files at a time, or null
   */
  public SnapshotData(
      Instant asOf,
      Lazy<List<PricedRecord>> records,
      Rollup rollup,
      Map<SessionRef, SessionFacts> facts,
      List<Diagnostic> diagnostics,
      ScanStats stats,
      List<SourceStatus> sources,
      List<ProviderLoader.Loaded<CacheStrategy>> strategies,
      PriceLookup pricer,
      Lazy<CacheEvaluator> cache,
      Memo memo,
      ScannedFiles files,
      RecordGroups groups) {
    this.groups = groups;
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    this.records = Objects.requireNonNull(records, "records");
    this.rollup = Objects.requireNonNull(rollup, "rollup");
    this.facts = Deferred.isDeferred(facts) ? facts : Map.copyOf(facts); // merged when first looked at
    this.diagnostics = List.copyOf(diagnostics);
    this.stats = stats;
    this.sources = List.copyOf(sources);
    this.strategies = List.copyOf(strategies);
    this.pricer = pricer;
    this.cache = Objects.requireNonNull(cache, "cache");
    this.memo = Objects.requireNonNull(memo, "memo");
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * When the scan ran.
   *
   * @return the instant
   */
  public Instant asOf() {
    return asOf;
  }

  /**
   * The counted calls with their costs, oldest first; materialized (read from the index, deduplicated and priced)
   * when first asked for.
   *
   * @return the calls
   */
  public List<PricedRecord> records() {
    return records.get();
  }

  /**
   * Hands over every counted call a batch at a time, each batch in time order, with all the calls of each of its
   * sessions: the records in one batch when they are in memory, else a group of files at a time (see
   * {@link RecordGroups}), so that memory is bounded by the largest group.
   *
   * @param action receives each batch
   */
  public void forEachGroup(Consumer<List<PricedRecord>> action) {
    if (groups == null || records.isDone()) {
      action.accept(records.get());
    } else {
      groups.forEach(action);
    }
  }

  /**
   * The counted calls of the group of files that holds a session: all of the session's calls, oldest first, among
   * others (all of the records, when they are in memory).
   *
   * @param session the session
   * @return calls in time order; the caller picks the session's
   */
  public List<PricedRecord> groupOf(SessionRef session) {
    if (groups == null || records.isDone()) {
      return records.get();
    }
    return groups.groupOf(session);
  }

  /**
   * Whether the records were materialized.
   *
   * @return true once {@link #records()} was computed
   */
  public boolean recordsLoaded() {
    return records.isDone();
  }

  /**
   * The calls folded into cells.
   *
   * @return the rollup
   */
  public Rollup rollup() {
    return rollup;
  }

  /**
   * Merged session facts.
   *
   * @return facts by session
   */
  public Map<SessionRef, SessionFacts> facts() {
    return facts;
  }

  /**
   * Folded problems, most severe first.
   *
   * @return the diagnostics
   */
  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /**
   * Counters.
   *
   * @return the stats
   */
  public ScanStats stats() {
    return stats;
  }

  /**
   * What each source found.
   *
   * @return the statuses
   */
  public List<SourceStatus> sources() {
    return sources;
  }

  /**
   * The cache strategies, explicit ones first.
   *
   * @return the strategies
   */
  public List<ProviderLoader.Loaded<CacheStrategy>> strategies() {
    return strategies;
  }

  /**
   * Prices, for cache resume costs.
   *
   * @return the prices
   */
  public PriceLookup pricer() {
    return pricer;
  }

  /**
   * The cache evaluator over the records (which it materializes).
   *
   * @return the evaluator
   */
  public CacheEvaluator cache() {
    return cache.get();
  }

  /**
   * Views computed once.
   *
   * @return the memo
   */
  public Memo memo() {
    return memo;
  }

  /**
   * The scan's existing files.
   *
   * @return the files
   */
  public ScannedFiles files() {
    return files;
  }
}
