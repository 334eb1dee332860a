package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a watch saw change, delivered to a {@link WatchListener}.
 *
 * <p>An update comes after an incremental scan found new or changed records, or when a session's prompt-cache
 * state or expiry changed (a warm cache expiring needs no file change: the watch wakes up at the earliest expiry),
 * or when a problem occurred. Records are compared after deduplication and pricing: a streamed response whose final
 * line arrived shows as its earlier, smaller version {@linkplain #removed() removed} and the final one
 * {@linkplain #added() added}.
 *
 * @param at when the update was made, by the environment's clock
 * @param initial true for the first update, which carries every record and every session's cache state
 * @param snapshot the complete, current state, for a view that redraws everything
 * @param added counted calls that are new since the previous update (all of them in the initial update)
 * @param removed counted calls of the previous update that no longer count (replaced by a larger copy, or their
 *     file was rewritten)
 * @param cacheChanges sessions whose cache state or expiry changed, with their new verdict (all of them in the
 *     initial update)
 * @param diagnostics problems that are new since the previous update, including the watch's own (for example
 *     {@code cream.watch.polling}, {@code cream.watch.scan-failed})
 */
public record WatchUpdate(
    Instant at,
    boolean initial,
    UsageSnapshot snapshot,
    List<PricedRecord> added,
    List<PricedRecord> removed,
    List<SessionCache> cacheChanges,
    List<Diagnostic> diagnostics) {

  /**
   * Validates and copies the components.
   *
   * @param at when
   * @param initial whether first
   * @param snapshot current state
   * @param added new calls
   * @param removed calls no longer counted
   * @param cacheChanges changed cache verdicts
   * @param diagnostics new problems
   */
  public WatchUpdate {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(snapshot, "snapshot");
    added = added instanceof AllRecords ? added : List.copyOf(added); // every call: read when asked for
    removed = List.copyOf(removed);
    cacheChanges = List.copyOf(cacheChanges);
    diagnostics = List.copyOf(diagnostics);
  }

  /**
   * Whether anything changed.
   *
   * @return false when the update carries no record, cache change or diagnostic
   */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && cacheChanges.isEmpty() && diagnostics.isEmpty();
  }
}
