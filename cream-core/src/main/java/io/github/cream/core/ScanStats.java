package io.github.cream.core;

import java.time.Duration;

/**
 * Counters of a scan, for the {@code diagnostics} part of reports.
 *
 * <p>{@code filesRead}, {@code bytesRead} and {@code linesRead} count the work of this scan only: with the scan
 * index, a rescan in which no file changed has all three at 0 (only file metadata was read). The other counters
 * describe the result, so they are the same whether it was read now or taken from the index.
 *
 * @param filesScanned transcript files found on disk and taken into account (read now or reused from the scan
 *     index); files that no longer exist are not among them
 * @param filesRead files whose bytes were read in this scan
 * @param bytesRead bytes read in this scan (fingerprint checks of changed files included)
 * @param linesRead complete lines framed in this scan
 * @param malformedLines lines a parser could not fully use, in the files found on disk
 * @param recordsRead records the sources emitted, copies included, from the files found on disk and those kept
 *     from the index
 * @param duplicatesDropped copies removed by deduplication
 * @param unpricedCalls counted calls without a price
 * @param retainedFromMissingFiles counted calls kept from files that no longer exist (see
 *     {@link Cream#forgetMissingFiles()})
 * @param elapsed how long the scan took
 * @param enrichedCalls counted calls an enricher had fetched something about (see {@link Cream#enrich})
 */
public record ScanStats(
    long filesScanned,
    long filesRead,
    long bytesRead,
    long linesRead,
    long malformedLines,
    long recordsRead,
    long duplicatesDropped,
    long unpricedCalls,
    long retainedFromMissingFiles,
    Duration elapsed,
    long enrichedCalls) {

  /**
   * Counters of a scan without enrichment.
   *
   * @param filesScanned transcript files taken into account
   * @param filesRead files read in this scan
   * @param bytesRead bytes read in this scan
   * @param linesRead lines framed in this scan
   * @param malformedLines lines a parser could not fully use
   * @param recordsRead records emitted, copies included
   * @param duplicatesDropped copies removed
   * @param unpricedCalls calls without a price
   * @param retainedFromMissingFiles calls kept from files that no longer exist
   * @param elapsed how long the scan took
   */
  public ScanStats(long filesScanned, long filesRead, long bytesRead, long linesRead, long malformedLines,
      long recordsRead, long duplicatesDropped, long unpricedCalls, long retainedFromMissingFiles, Duration elapsed) {
    this(filesScanned, filesRead, bytesRead, linesRead, malformedLines, recordsRead, duplicatesDropped, unpricedCalls,
        retainedFromMissingFiles, elapsed, 0);
  }
}
