package io.github.cream.core.internal;

import io.github.cream.api.Enrichment;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.PricedRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Deduplicates, prices and folds into a {@link Rollup} the records of index entries one file at a time, holding
 * no more than one file's records and the copies that span files: what {@code Engine.combine} gives, without every
 * record in memory at once. The per-call records are not kept (a view that needs them decodes them again).
 *
 * <p>How. First the deduplication groups of every file (sorted 64-bit hashes, from the spill file when the file was
 * just read, else from its section's keys, or from its records when they are in memory) are merged: a group hash
 * found in one file only means every record of that group is in that file (two groups that share a hash only make
 * both look shared, which costs memory, never exactness). Then each file is decoded once: its records without a key
 * count as they are; its groups found nowhere else are deduplicated within the file and their survivors counted; its
 * records of shared groups are reduced within the file to one survivor per (group, lowest tier, variant) with the
 * earliest time it beat, and those survivors wait until every file was read, to be reduced together
 * ({@link Dedup.Reducer}: reducing parts and then their survivors is reducing the whole).
 */
final class SectionCombine {

  /**
   * What the combination gave.
   *
   * @param rollup the counted calls folded into cells
   * @param diagnostics the entries' problems, lost sections, the retained-files notice and the enrichment notice
   *     (the pricer's are the caller's to add)
   * @param recordsRead records before deduplication
   * @param duplicatesDropped copies removed
   * @param retainedCalls counted calls from files that no longer exist
   * @param malformedLines malformed lines of the existing files
   * @param groups the deduplication groups of every keyed record
   * @param enrichedCalls counted calls with an enrichment
   * @param lost the entries whose sections could not be read back
   */
  record Result(
      Rollup rollup, Diagnostics diagnostics, long recordsRead, long duplicatesDropped, long retainedCalls,
      long malformedLines, DedupGroups groups, long enrichedCalls, List<IndexEntry> lost) {}

  private final Pricer pricer;
  private final Function<UsageRecord, Optional<Enrichment>> enrichment;
  private final Rollup.Builder cells = new Rollup.Builder();
  private final Map<String, long[]> tokensDiffer = new TreeMap<>();
  private final Map<String, long[]> retainedBySource = new TreeMap<>();
  private final Set<Path> missing = new HashSet<>();
  private long retainedCalls;
  private long enrichedCalls;

  /**
   * A combination.
   *
   * @param pricer prices the counted calls (its unpriced calls are the caller's to report)
   * @param enrichment what the enrichers found about a call, or null when there are no answers
   */
  SectionCombine(Pricer pricer, Function<UsageRecord, Optional<Enrichment>> enrichment) {
    this.pricer = pricer;
    this.enrichment = enrichment;
  }

  /**
   * Combines entries.
   *
   * @param current the entries of the files that exist
   * @param retained the entries of files that no longer exist, kept from the index
   * @param spill where the entries just read were put, with their groups; or null
   * @return the combination
   */
  Result run(List<IndexEntry> current, List<IndexEntry> retained, SpillFile spill) {
    try (SectionReads reads = new SectionReads()) {
      return run(current, retained, spill, reads);
    }
  }

  private Result run(List<IndexEntry> current, List<IndexEntry> retained, SpillFile spill, SectionReads reads) {
    Diagnostics diagnostics = new Diagnostics();
    long malformed = 0;
    for (IndexEntry e : current) {
      diagnostics.addAll(e.diagnostics());
      malformed = TokensMath.add(malformed, e.malformedLines());
    }
    for (IndexEntry e : retained) {
      missing.add(e.file());
      retainedBySource.computeIfAbsent(e.sourceId(), k -> new long[2])[0]++;
    }
    List<IndexEntry> all = new ArrayList<>(current.size() + retained.size());
    all.addAll(current);
    all.addAll(retained);

    // the groups of every file, and those found in more than one
    long[][] perFile = new long[all.size()][];
    long total = 0;
    for (int i = 0; i < all.size(); i++) {
      List<UsageRecord> records = all.get(i).records();
      long[] g = spill != null && records instanceof RecordSection rs ? spill.groups(rs) : null;
      if (g == null && records instanceof RecordSection rs && !rs.isMaterialized()) {
        g = groupsOf(rs, reads); // from the section's keys: no record is made for this pass
      }
      if (g == null) {
        List<UsageRecord> decoded = decode(records, reads);
        g = decoded == null ? new long[0] : SpillFile.groupsOf(decoded);
      }
      perFile[i] = g;
      total += g.length;
    }
    long[] every = new long[Math.toIntExact(total)];
    int at = 0;
    for (long[] g : perFile) {
      System.arraycopy(g, 0, every, at, g.length);
      at += g.length;
    }
    perFile = null; // the per-file arrays are garbage from here on
    Arrays.sort(every);
    long[] shared = new long[every.length];
    int nShared = 0;
    int distinct = 0;
    for (int i = 0; i < every.length; i++) {
      if (i == 0 || every[i] != every[i - 1]) {
        every[distinct++] = every[i];
      } else if (nShared == 0 || shared[nShared - 1] != every[i]) {
        shared[nShared++] = every[i];
      }
    }
    long[] groups = Arrays.copyOf(every, distinct);
    every = null; // and so is the merged one
    shared = Arrays.copyOf(shared, nShared);

    // each file once
    long recordsRead = 0;
    long keyed = 0;
    long survivors = 0;
    List<IndexEntry> lost = new ArrayList<>();
    List<UsageRecord> across = new ArrayList<>();
    List<Instant> acrossEarliest = new ArrayList<>();
    List<UsageRecord> out = new ArrayList<>();
    for (IndexEntry e : all) {
      List<UsageRecord> records = decode(e.records(), reads);
      if (records == null) {
        lost.add(e);
        continue;
      }
      recordsRead += records.size();
      Dedup.Reducer within = null;
      Dedup.Reducer spanning = null;
      for (UsageRecord r : records) {
        if (r.dedupKey().isEmpty()) {
          count(r);
          continue;
        }
        keyed++;
        boolean isShared =
            nShared > 0 && Arrays.binarySearch(shared, DedupGroups.hash(r.source(), r.dedupKey().get())) >= 0;
        if (isShared) {
          if (spanning == null) {
            spanning = new Dedup.Reducer(16);
          }
          spanning.add(r, r.timestamp());
        } else {
          if (within == null) {
            within = new Dedup.Reducer(records.size());
          }
          within.add(r, r.timestamp());
        }
      }
      if (within != null) {
        out.clear();
        survivors += within.survivors(out);
        for (UsageRecord r : out) {
          count(r);
        }
      }
      if (spanning != null) {
        spanning.candidates(across, acrossEarliest);
      }
    }
    out.clear();
    if (!across.isEmpty()) {
      Dedup.Reducer together = new Dedup.Reducer(across.size());
      for (int i = 0; i < across.size(); i++) {
        together.add(across.get(i), acrossEarliest.get(i));
      }
      across.clear();
      acrossEarliest.clear();
      survivors += together.survivors(out);
      for (UsageRecord r : out) {
        count(r);
      }
    }
    if (!lost.isEmpty()) {
      IndexLoss.report(lost, diagnostics, null);
    }
    Engine.reportCounts(retainedBySource, tokensDiffer, diagnostics);
    return new Result(cells.build(), diagnostics, recordsRead, keyed - survivors, retainedCalls, malformed,
        DedupGroups.of(groups), enrichedCalls, lost);
  }

  /** The groups of a section not decoded, from its keys alone; null when it cannot be read. */
  private static long[] groupsOf(RecordSection section, SectionReads reads) {
    long[][] h = {new long[Math.max(1, section.storedCount())]};
    int[] n = {0};
    boolean read = section.keysOnce(new RecordGroups.Keys() {
      @Override
      public void record(String source, String session) {
        // the groups only
      }

      @Override
      public void dedup(long hash) {
        if (n[0] == h[0].length) {
          h[0] = Arrays.copyOf(h[0], n[0] * 2);
        }
        h[0][n[0]++] = hash;
      }
    }, reads);
    return read ? DedupGroups.sortedDistinct(h[0], n[0]) : null;
  }

  /** A file's records for one pass: a section is decoded without being kept; null when it is lost. */
  private static List<UsageRecord> decode(List<UsageRecord> records, SectionReads reads) {
    return records instanceof RecordSection rs ? rs.decodeOnce(reads) : records;
  }

  /** Prices a counted call and folds it in. */
  private void count(UsageRecord r) {
    Optional<Enrichment> e = enrichment == null ? Optional.empty() : enrichment.apply(r);
    cells.add(new PricedRecord(r, pricer.cost(r, e), e));
    if (e.isPresent()) {
      enrichedCalls++;
      if (e.get().nativeTokens().map(t -> t.differFrom(r.tokens())).orElse(false)) {
        tokensDiffer.computeIfAbsent(r.source() + '\u0000' + e.get().enricher(), k -> new long[1])[0]++;
      }
    }
    if (!missing.isEmpty() && missing.contains(r.origin().file())) {
      retainedCalls++;
      long[] c = retainedBySource.get(r.source());
      if (c != null) {
        c[1]++;
      }
    }
  }
}
