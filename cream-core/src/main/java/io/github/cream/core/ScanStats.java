package io.github.cream.core;

import java.time.Duration;

/**
 * Counters of a scan, for the {@code diagnostics} part of reports.
 *
 * @param filesScanned transcript files taken into account (read now or reused from the scan index)
 * @param filesRead files whose bytes were read in this scan
 * @param bytesRead bytes read in this scan
 * @param linesRead complete lines framed in this scan
 * @param malformedLines lines a parser could not fully use
 * @param recordsRead records the sources emitted, copies included
 * @param duplicatesDropped copies removed by deduplication
 * @param unpricedCalls counted calls without a price
 * @param retainedFromMissingFiles counted calls kept from files that no longer exist
 * @param elapsed how long the scan took
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
    Duration elapsed) {}
