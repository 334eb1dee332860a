package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Severity;
import io.github.cream.core.SourceCapabilities;
import io.github.cream.core.SourceStatus;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scan answered from the saved scan index: the index's combined answer, with what was appended to a few named
 * files since, and nothing else looked at. No source lists its files and no other file is opened or even stat'ed,
 * so the work is the index's directory, the named files' new bytes, and one index write.
 *
 * <p>It answers only when that is exactly what a full scan would answer if no other file had changed: the index's
 * saved answer is for this configuration and for the files as the index last saw them (their fingerprint matches),
 * the source code that read them did not change, every named file is known to the index and was only appended to
 * (no rewrite; a repeat of an already counted call is combined again with the files of its group only, see
 * {@code Engine.replaceGroupInStored}). Otherwise it runs a normal {@linkplain Engine#scan(ScanIndex)
 * scan}. Files that changed meanwhile and were not named are counted as the index last saw them (stale, but
 * consistent: the next normal scan reads what they appended).
 *
 * <p>What it saves is the index it read with the named files' entries brought up to date and the answer for them,
 * the same state a normal scan saves when only those files changed: no other file's state is lost.
 */
public final class IndexOnlyScan {

  private static final Logger LOG = LoggerFactory.getLogger(IndexOnlyScan.class);

  /** The code of the combined answer's notice about files that no longer exist (see {@link Engine#combine}). */
  private static final String RETAINED = "cream.index.retained";

  /**
   * What an index-only scan gave.
   *
   * @param data everything: the index's answer with what the named files appended (or a normal scan's)
   * @param files only the calls of the named files, deduplicated among themselves and priced, computed on first use
   * @param fromIndex whether the answer came from the index (false: a normal scan ran)
   */
  public record Result(SnapshotData data, Lazy<SnapshotData> files, boolean fromIndex) {}

  private final Engine engine;

  /**
   * An index-only scan of an engine's configuration.
   *
   * @param engine the engine
   */
  public IndexOnlyScan(Engine engine) {
    this.engine = engine;
  }

  /**
   * Runs it.
   *
   * @param index the scan index
   * @param named the files to read again (paths of logs the index knows)
   * @return the answer
   */
  public Result scan(ScanIndex index, Collection<Path> named) {
    return scan(index, named, true);
  }

  /**
   * Runs it, saving what the named files appended or not.
   *
   * @param index the scan index
   * @param named the files to read again (paths of logs the index knows)
   * @param save whether an answer from the index is saved when the named files changed (false: the next run reads
   *     what they appended again, from the index as it was; a normal scan, when one runs instead, always saves)
   * @return the answer
   */
  public Result scan(ScanIndex index, Collection<Path> named, boolean save) {
    long t0 = System.nanoTime();
    Set<Path> files = new HashSet<>();
    for (Path p : named) {
      files.add(p.toAbsolutePath().normalize());
    }
    Result r = files.isEmpty() ? null : fromIndex(index, files, save, t0);
    if (r != null) {
      return r;
    }
    Engine.Outcome o = engine.scan(index);
    EnrichmentStore.Answers answers = answers(new Diagnostics());
    List<IndexEntry> mine = new ArrayList<>();
    for (IndexEntry e : o.entries().values()) {
      if (files.contains(e.file())) {
        mine.add(e);
      }
    }
    return new Result(o.data(), Lazy.of(() -> filesOnly(mine, answers, o.data().asOf())), false);
  }

  /** The answer from the index, or null when it cannot be given that way. */
  private Result fromIndex(ScanIndex index, Set<Path> files, boolean save, long t0) {
    Engine.Config config = engine.config();
    Instant asOf = config.environment().now();
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.addAll(config.setupDiagnostics());
    if (config.sources().isEmpty()) {
      return null;
    }
    Map<String, List<Path>> rootsBySource = new LinkedHashMap<>();
    Map<String, Source> sources = new HashMap<>();
    for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
      rootsBySource.put(loaded.info().id(), engine.roots(loaded.instance(), diagnostics));
      sources.put(loaded.info().id(), loaded.instance());
    }
    EnrichmentStore.Answers answers = answers(diagnostics);
    try (ScanIndex.Lease lease = index.begin(diagnostics)) {
      IndexState previous = lease.state();
      IndexState.Stored stored = previous.stored();
      if (stored == null || stored.groups() == null
          || Rerooting.apply(previous, rootsBySource, config.environment().home(), new Diagnostics()) != previous) {
        return null;
      }
      for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
        if (!engine.hints(loaded.instance()).equals(previous.sourceHints().get(loaded.info().id()))) {
          return null; // the code that reads the source changed: its files are read again by a normal scan
        }
      }
      // the files the saved answer is for: every entry of these sources under their roots
      Map<IndexEntry.Key, IndexEntry> used = new HashMap<>();
      for (IndexEntry e : previous.entries()) {
        List<Path> roots = rootsBySource.get(e.sourceId());
        if (roots != null && Engine.under(e.file(), roots)) {
          used.put(e.key(), e);
        }
      }
      List<Engine.Planned> plans = new ArrayList<>();
      Set<IndexEntry.Key> namedKeys = new HashSet<>();
      for (Path file : files) {
        Engine.Planned p = plan(file, rootsBySource, sources, used);
        if (p == null) {
          return null; // a file the index does not know (a new transcript): a normal scan finds it
        }
        plans.add(p);
        namedKeys.add(p.previous().key());
      }
      Set<IndexEntry.Key> retainedKeys = retained(stored, used, namedKeys);
      if (engine.fingerprint(used, retainedKeys, answers) != stored.fingerprint()) {
        LOG.debug("the saved answer of the scan index is not for these files or this configuration");
        return null;
      }
      List<Engine.Done> done = engine.read(plans);
      Map<IndexEntry.Key, IndexEntry> next = new HashMap<>(previous.entryMap());
      Map<IndexEntry.Key, Engine.Task> byKey = new HashMap<>();
      boolean changed = false;
      for (Engine.Done d : done) {
        if (d.entry() == null || (d.entry() != d.previous() && !d.appended())
            || (d.result() != null && !d.result().readable())) {
          return null; // unreadable, rewritten or replaced: a normal scan reads it again
        }
        byKey.put(d.entry().key(), d.task());
        if (d.entry() != d.previous()) {
          used.put(d.entry().key(), d.entry());
          next.put(d.entry().key(), d.entry());
          changed = true;
        }
      }
      List<IndexEntry> current = new ArrayList<>();
      List<IndexEntry> retained = new ArrayList<>();
      for (IndexEntry e : used.values()) {
        (retainedKeys.contains(e.key()) ? retained : current).add(e);
      }
      Engine.Assembled combined = changed
          ? engine.appendToStored(stored, done, used, retainedKeys, current, retained, Lazy.done(byKey), answers)
          : engine.fromStored(stored, current, retained, Lazy.done(byKey), answers);
      if (combined == null && changed) {
        // a repeated call (the next line of a streamed response): only its group's files are combined again
        combined = engine.replaceGroupInStored(stored, done, used, retainedKeys, current, retained, Lazy.done(byKey),
            answers);
      }
      if (combined == null) {
        LOG.debug("what was appended cannot be added to the saved answer");
        return null;
      }
      if (changed && save && lease.writable()) {
        long fingerprint = engine.fingerprint(used, retainedKeys, answers);
        lease.commit(new IndexState(next, previous.sourceHints(), Engine.storedOf(combined, fingerprint)),
            diagnostics);
      }
      SnapshotData data = engine.assemble(asOf, done, combined, retained.size(),
          statuses(config, rootsBySource, current), diagnostics, t0);
      List<IndexEntry> mine = new ArrayList<>();
      for (Engine.Done d : done) {
        mine.add(d.entry());
      }
      LOG.debug("answered from the scan index, {} files read again", done.size());
      return new Result(data, Lazy.of(() -> filesOnly(mine, answers, asOf)), true);
    }
  }

  /** How to bring a named file up to date, or null when the index does not know it under a source's roots. */
  private Engine.Planned plan(
      Path file, Map<String, List<Path>> rootsBySource, Map<String, Source> sources,
      Map<IndexEntry.Key, IndexEntry> used) {
    for (Map.Entry<String, List<Path>> s : rootsBySource.entrySet()) {
      IndexEntry.Key key = IndexEntry.Key.of(s.getKey(), file);
      IndexEntry prev = used.get(key);
      if (prev == null) {
        continue;
      }
      for (Path root : s.getValue()) {
        if (file.startsWith(root)) {
          FileIdentity id;
          try {
            id = FileIdentity.read(file);
          } catch (IOException | RuntimeException e) {
            return null;
          }
          Source source = sources.get(s.getKey());
          Engine.Task t = new Engine.Task(
              source, new FileContext(source.id(), root, file, engine.config().environment()), id, key);
          Engine.Mode mode = Engine.plan(t, prev, false);
          return mode == Engine.Mode.FULL ? null : new Engine.Planned(t, prev, mode);
        }
      }
    }
    return null;
  }

  /**
   * The entries the saved answer counted as files that no longer exist. The index does not keep which they were;
   * the answer says how many per source, and logs are deleted oldest first (an agent's clean-up of old sessions),
   * so they are taken to be that many of the oldest files. The fingerprint check that follows confirms the guess
   * or sends the scan the normal way.
   */
  private static Set<IndexEntry.Key> retained(
      IndexState.Stored stored, Map<IndexEntry.Key, IndexEntry> used, Set<IndexEntry.Key> named) {
    Map<String, Long> counts = new HashMap<>();
    for (Diagnostic d : stored.diagnostics()) {
      if (d.code().equals(RETAINED) && d.severity() == Severity.INFO && d.sourceId().isPresent()) {
        counts.merge(d.sourceId().get(), d.count(), Long::sum);
      }
    }
    if (counts.isEmpty()) {
      return Set.of();
    }
    Set<IndexEntry.Key> out = new HashSet<>();
    counts.forEach((source, n) -> {
      List<IndexEntry> candidates = new ArrayList<>();
      for (IndexEntry e : used.values()) {
        if (e.sourceId().equals(source) && !named.contains(e.key())) {
          candidates.add(e);
        }
      }
      candidates.sort(Comparator.comparingLong((IndexEntry e) -> e.identity().mtimeNanos())
          .thenComparing(e -> e.key().path()));
      for (int i = 0; i < n && i < candidates.size(); i++) {
        out.add(candidates.get(i).key());
      }
    });
    return out;
  }

  /** What each source has, as the index knows it (no source listed its files). */
  private static List<SourceStatus> statuses(
      Engine.Config config, Map<String, List<Path>> rootsBySource, List<IndexEntry> current) {
    Map<String, Long> counts = new HashMap<>();
    for (IndexEntry e : current) {
      counts.merge(e.sourceId(), 1L, Long::sum);
    }
    List<SourceStatus> out = new ArrayList<>();
    for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
      String id = loaded.info().id();
      out.add(new SourceStatus(loaded.info(), rootsBySource.get(id), counts.getOrDefault(id, 0L),
          SourceCapabilities.of(loaded.instance())));
    }
    return out;
  }

  /** The answers of earlier enrichment runs, as a normal scan applies them. */
  private EnrichmentStore.Answers answers(Diagnostics diagnostics) {
    Engine.Config config = engine.config();
    return config.enrichers().isEmpty() ? EnrichmentStore.Answers.EMPTY : config.enrichments().answers(diagnostics);
  }

  /** The calls of some files only, deduplicated among themselves and priced. */
  private SnapshotData filesOnly(List<IndexEntry> entries, EnrichmentStore.Answers answers, Instant asOf) {
    Engine.Assembled a = engine.combine(entries, List.of(), answers);
    return engine.assemble(asOf, List.of(), a, 0, List.of(), new Diagnostics(), System.nanoTime());
  }
}
