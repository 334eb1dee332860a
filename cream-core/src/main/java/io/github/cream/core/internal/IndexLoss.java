package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Says, as a WARNING shown in text mode too, how much retained history a damaged scan index lost. */
final class IndexLoss {

  private IndexLoss() {}

  /**
   * Reports the entries whose records could not be read back.
   *
   * @param lost the entries
   * @param diagnostics where the warning goes
   * @param index the index file, or null
   */
  static void report(List<IndexEntry> lost, Diagnostics diagnostics, Path index) {
    long calls = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (IndexEntry e : lost) {
      if (e.records() instanceof RecordSection s) {
        calls += s.storedCount();
        if (s.storedCount() > 0) {
          first = Math.min(first, s.firstSecond());
          last = Math.max(last, s.lastSecond());
        }
      }
    }
    String days = first > last ? "" : " from " + day(first) + (day(first).equals(day(last)) ? "" : " to " + day(last));
    Diagnostic d =
        Diagnostic.of(Severity.WARNING, "cream.index.section-lost",
                "part of the scan index is damaged: the records of " + lost.size()
                    + (lost.size() == 1 ? " file" : " files") + " (" + calls + (calls == 1 ? " call" : " calls") + days
                    + ", UTC) could not be read back; logs that still exist are read again, the usage of deleted "
                    + "ones is lost")
            .withCount(calls);
    diagnostics.add(index == null ? d : d.at(index));
  }

  private static LocalDate day(long second) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC);
  }
}
