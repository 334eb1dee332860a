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

/**
 * Everything a scan produced, before any filter: the engine's hand-over to {@code UsageSnapshot}.
 *
 * @param asOf when the scan ran
 * @param records counted calls with costs, oldest first
 * @param facts merged session facts
 * @param diagnostics folded problems, most severe first
 * @param stats counters
 * @param sources what each source found
 * @param strategies the cache strategies, explicit ones first
 * @param pricer prices, for cache resume costs
 * @param cache the cache evaluator over these records
 * @param memo what views of these records computed once, shared by every snapshot of the same records
 * @param files the scan's existing files, for reading sessions' messages
 */
public record SnapshotData(
    Instant asOf,
    List<PricedRecord> records,
    Map<SessionRef, SessionFacts> facts,
    List<Diagnostic> diagnostics,
    ScanStats stats,
    List<SourceStatus> sources,
    List<ProviderLoader.Loaded<CacheStrategy>> strategies,
    PriceLookup pricer,
    CacheEvaluator cache,
    Memo memo,
    ScannedFiles files) {

  /** Values computed once from the records and facts, shared by every snapshot of them. */
  public static final class Memo {
    /** The unfiltered totals, once computed. */
    public volatile Object totals;
    /** The unfiltered sessions, once computed. */
    public volatile Object sessions;
  }

  /**
   * Copies the collections.
   *
   * @param asOf scan instant
   * @param records calls
   * @param facts session facts
   * @param diagnostics problems
   * @param stats counters
   * @param sources source statuses
   * @param strategies cache strategies
   * @param pricer prices
   * @param cache cache evaluator
   * @param memo shared computed views
   * @param files existing files
   */
  public SnapshotData {
    records = List.copyOf(records);
    facts = Map.copyOf(facts);
    diagnostics = List.copyOf(diagnostics);
    sources = List.copyOf(sources);
    strategies = List.copyOf(strategies);
    Objects.requireNonNull(files, "files");
  }
}
