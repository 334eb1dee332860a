package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Environment;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ScanStats;
import io.github.cream.core.SourceCapabilities;
import io.github.cream.core.SourceStatus;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.Enricher;
import io.github.cream.spi.EntryStore;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scan: asks each source for its roots and files, reads the files in parallel on a bounded number of
 * threads (largest first, so the work balances), then deduplicates, prices and merges. Thread-safe; holds no state
 * between scans.
 */
public final class Engine {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  /**
   * The engine's configuration, fixed when the {@code Cream} instance is built.
   *
   * @param environment the environment
   * @param sources the sources to scan
   * @param rootOverrides roots to use instead of a source's defaults, by source id
   * @param strategies the cache strategies
   * @param prices the price lookup
   * @param costMode which cost to report
   * @param parallelism how many files are read at once
   * @param maxLineBytes the longest line handed to parsers
   * @param setupDiagnostics problems met while loading providers and prices
   * @param enrichers the enrichers, whose keys match stored answers to calls
   * @param enrichments the answers enrichers fetched earlier ({@link EnrichmentStore#NONE} without a cache
   *     directory)
   */
  public record Config(
      Environment environment,
      List<ProviderLoader.Loaded<Source>> sources,
      Map<String, List<Path>> rootOverrides,
      List<ProviderLoader.Loaded<CacheStrategy>> strategies,
      PriceLookup prices,
      CostMode costMode,
      int parallelism,
      int maxLineBytes,
      List<Diagnostic> setupDiagnostics,
      List<ProviderLoader.Loaded<Enricher>> enrichers,
      EnrichmentStore enrichments) {

    /**
     * Copies the collections.
     *
     * @param environment environment
     * @param sources sources
     * @param rootOverrides root overrides
     * @param strategies strategies
     * @param prices prices
     * @param costMode cost mode
     * @param parallelism parallel files
     * @param maxLineBytes longest line
     * @param setupDiagnostics setup problems
     * @param enrichers enrichers
     * @param enrichments stored enrichment answers
     */
    public Config {
      Objects.requireNonNull(environment, "environment");
      sources = List.copyOf(sources);
      rootOverrides = Map.copyOf(rootOverrides);
      strategies = List.copyOf(strategies);
      Objects.requireNonNull(prices, "prices");
      Objects.requireNonNull(costMode, "costMode");
      setupDiagnostics = List.copyOf(setupDiagnostics);
      enrichers = List.copyOf(enrichers);
      Objects.requireNonNull(enrichments, "enrichments");
    }
  }

  /** One file to read. */
  record Task(Source source, FileContext context, FileIdentity identity, IndexEntry.Key key) {}

  private final Config config;

  /** A scan found nothing changed: what it gives again while nothing does (see {@link QuietRescans}). */
  private record Replay(
      List<Done> done, Assembled combined, int retainedFiles, List<SourceStatus> statuses,
      List<Diagnostic> diagnostics, Map<IndexEntry.Key, IndexEntry> entries) {}

  private final QuietRescans<Replay> quiet = new QuietRescans<>();

  /**
   * An engine.
   *
   * @param config its configuration
   */
  public Engine(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The configuration.
   *
   * @return the configuration
   */
  public Config config() {
    return config;
  }

  /**
   * The roots a source looks in: the builder's override, else the source's defaults.
   *
   * @param source the source
   * @param diagnostics where a failing source is reported
   * @return absolute, normalized roots without duplicates
   */
  public List<Path> roots(Source source, Diagnostics diagnostics) {
    List<Path> roots = config.rootOverrides().get(source.id());
    if (roots == null) {
      try {
        roots = source.defaultRoots(config.environment());
      } catch (RuntimeException | LinkageError e) {
        diagnostics.add(
            Diagnostic.of(Severity.ERROR, "cream.source.failed",
                    "the source failed to name its roots (" + e.getClass().getSimpleName() + ")")
                .withSource(source.id()));
        return List.of();
      }
    }
    Set<Path> out = new LinkedHashSet<>();
    if (roots != null) {
      for (Path p : roots) {
        if (p != null) {
          out.add(p.toAbsolutePath().normalize());
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * What a scan produced, and the index entries it was made of.
   *
   * @param data the snapshot's data
   * @param entries the entries of the files that exist and of the files kept from the index; an entry that is the
   *     same instance in two outcomes held the same records
   */
  public record Outcome(SnapshotData data, Map<IndexEntry.Key, IndexEntry> entries) {}

  /** How a file is brought up to date. */
  enum Mode {
    /** Unchanged metadata: the index's records are used as they are; the file is not opened. */
    REUSE,
    /** New, replaced, shrunk, rewritten or of a changed source: read from the start, old records replaced. */
    FULL,
    /** A store that changed: read the entries after the last position. */
    RESUME,
    /** Changed metadata: check the head and tail fingerprints, then read only what was appended. */
    VERIFY
  }

  /** A file and how to bring it up to date. */
  record Planned(Task task, IndexEntry previous, Mode mode) {}

  /**
   * What bringing one file up to date gave.
   *
   * @param task the file
   * @param previous its entry before
   * @param entry its entry now; the previous one if it could not be read; null if it never could
   * @param result what was read, or null when nothing was
   * @param extraBytes bytes read to check fingerprints
   * @param appended whether the entry is the previous one with what was appended since (the result's records)
   */
  record Done(
      Task task, IndexEntry previous, IndexEntry entry, FileResult result, long extraBytes, boolean appended) {

    Done(Task task, IndexEntry previous, IndexEntry entry, FileResult result, long extraBytes) {
      this(task, previous, entry, result, extraBytes, false);
    }
  }

  /**
   * Runs a scan without an index: every file is read from the start.
   *
   * @return what the scan produced
   */
  public SnapshotData scan() {
    return scan(ScanIndex.none()).data();
  }

  /**
   * Runs a scan: files whose metadata did not change since the index last saw them are not opened, appended files
   * are read from where the last scan stopped, and the records of files that vanished are kept.
   *
   * @param index where the previous scan's state is and the next one goes
   * @return what the scan produced
   */
  public Outcome scan(ScanIndex index) {
    long t0 = System.nanoTime();
    QuietRescans.Ticket<Replay> ticket = quiet.begin(index);
    if (ticket.replay() != null) {
      Replay r = ticket.replay();
      Diagnostics again = new Diagnostics();
      again.addAll(r.diagnostics());
      SnapshotData data = assemble(config.environment().now(), r.done(), r.combined(), r.retainedFiles(),
          r.statuses(), again, t0);
      return new Outcome(data, r.entries());
    }
    index.prefetch(); // decoded while the sources list their files
    // directories unchanged since the last scan listed them are not listed again (their entries are still stat'ed)
    DirectoryListings.Use listings = index.listings().use();
    List<Path> walkedRoots = new ArrayList<>();
    Instant asOf = config.environment().now();
    Diagnostics diagnostics = new Diagnostics();
    diagnostics.addAll(config.setupDiagnostics());
    if (config.sources().isEmpty()) {
      diagnostics.add(
          Diagnostic.of(
              Severity.WARNING,
              "cream.source.none",
              "no cream Source was found on the class path or module path; add cream-source-claude, "
                  + "cream-source-codex or cream-source-pi (or a plug-in source) as a dependency"));
    }
    List<Task> tasks = new ArrayList<>();
    long[] sighted = new long[2]; // the found files' census (see IndexState.Census), how many have no identity
    List<SourceStatus> statuses = new ArrayList<>();
    Map<String, List<Path>> rootsBySource = new HashMap<>();
    // the sources list their files at once (a source is thread-safe); what they found is taken in their order here
    List<ProviderLoader.Loaded<Source>> sources = config.sources();
    List<FutureTask<Discovered>> others = new ArrayList<>();
    for (int i = 1; i < sources.size(); i++) {
      ProviderLoader.Loaded<Source> loaded = sources.get(i);
      others.add(Background.start("cream-discover", () -> discover(loaded, listings)));
    }
    for (int i = 0; i < sources.size(); i++) {
      Discovered d = i == 0 ? discover(sources.get(0), listings) : Background.join(others.get(i - 1), "discovery");
      Source source = d.loaded().instance();
      String sourceId = source.id();
      rootsBySource.put(sourceId, d.roots());
      diagnostics.addAll(d.diagnostics());
      long files = 0;
      Set<Object> seen = new HashSet<>();
      for (Discovered.Root r : d.walked()) {
        Path root = r.root();
        walkedRoots.add(root);
        diagnostics.addAll(r.diagnostics());
        List<Path> found = r.found();
        if (found == null) {
          continue;
        }
        // the list a walk gave, unchanged: its paths are absolute, normalized, under the root, and stat-ed already
        Walker walker = r.walker();
        Walker.Walk aligned = walker.aligned(found);
        if (aligned != null) {
          // one call per file, not a loop body: a fresh process runs a long loop's body interpreted, a method
          // called per file is compiled after its first few hundred calls
          Path[] paths = aligned.paths();
          if (seen.isEmpty()) {
            seen = new HashSet<>(Math.max(16, paths.length * 4 / 3 + 1)); // sized once, not grown 12 times for 50,000
          }
          for (int j = 0; j < paths.length; j++) {
            files += addTask(tasks, seen, sighted, source, root, paths[j], aligned.ids()[j], aligned.texts()[j]);
          }
          continue;
        }
        for (Path f : found) {
          if (f == null) {
            continue;
          }
          Path abs = f.toAbsolutePath().normalize();
          if (!abs.startsWith(root)) {
            // a source may list only what is below the root it was given ("../" or an absolute path elsewhere is
            // refused); a file reached through a symbolic link inside the root has its path inside the root
            diagnostics.add(
                Diagnostic.of(Severity.WARNING, "cream.discovery.outside-root",
                        "the source listed a file outside its root; it was not read")
                    .withSource(sourceId)
                    .at(abs));
            continue;
          }
          FileIdentity id = walker.identity(abs);
          files += addTask(tasks, seen, sighted, source, root, abs, id != null ? id : stat(abs), null);
        }
      }
      statuses.add(new SourceStatus(d.loaded().info(), d.roots(), files, SourceCapabilities.of(source)));
    }
    List<Done> done;
    List<IndexEntry> current;
    List<IndexEntry> retained;
    Map<IndexEntry.Key, IndexEntry> used;
    Assembled combined;
    SpillFile spill = null;
    Diagnostics scanProblems = new Diagnostics();
    boolean changed;
    // the answers of earlier enrichment runs, from their own file (never part of the scan index)
    EnrichmentStore.Answers answers = config.enrichers().isEmpty() ? EnrichmentStore.Answers.EMPTY
        : config.enrichments().answers(diagnostics);
    DirectoryListings nextListings = listings.next(walkedRoots);
    try (ScanIndex.Lease lease = index.begin(diagnostics)) {
      if (nextListings != null) {
        lease.keepListings(nextListings);
      }
      IndexState leased = lease.state();
      UnchangedFiles unchanged = sighted[1] != 0 ? null : unchanged(leased, tasks, sighted[0], rootsBySource, answers);
      if (unchanged != null) {
        // the files the last save found, each as it was then: its answer is this scan's, no entry is decoded
        unchangedScans.incrementAndGet();
        done = unchanged.done();
        current = unchanged.current();
        retained = unchanged.retained();
        used = unchanged.used();
        combined = fromStored(leased.stored(), current, retained, Lazy.of(() -> byKey(tasks)), answers);
        changed = false;
      } else {
        ScanIndex.Lease saving = lease;
        String undecodable = leased.undecodable(); // the entries decoded now, when they were left for later
        if (undecodable != null) {
          diagnostics.add(undecodable(leased, undecodable, index.directory()));
          if (leased.tooLarge()) {
            // left as it is (a larger heap uses it), and let go now: this scan holds every record in memory
            saving.close(); // the lease itself, closed again (doing nothing) when the scan ends
            saving = ScanIndex.none().begin(diagnostics);
          }
          leased = IndexState.EMPTY;
        }
        IndexEntry[] prevs = new IndexEntry[tasks.size()];
        int matched = lookUp(leased, tasks, prevs);
        // every indexed file is one found now, so under a root: no entry can have moved with its home
        IndexState previous = matched == leased.size() ? leased
            : Rerooting.apply(leased, rootsBySource, config.environment().home(), diagnostics);
        if (previous != leased) {
          matched = lookUp(previous, tasks, prevs);
        }
        boolean allFound = matched == previous.size(); // every indexed file exists: none is retained

        Map<String, String> hints = new HashMap<>(previous.sourceHints());
        Set<String> staleSources = new HashSet<>();
        for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
          String id = loaded.info().id();
          String hint = hints(loaded.instance());
          if (!hint.equals(hints.put(id, hint))) {
            staleSources.add(id);
          }
        }
        Planned[] planned = new Planned[prevs.length];
        IndexEntry[] found = prevs;
        eachFile(planned.length, i -> {
          Task t = tasks.get(i);
          planned[i] = new Planned(t, found[i], plan(t, found[i], staleSources.contains(t.source().id())));
        });
        List<Planned> plans = Arrays.asList(planned);
        spill = spillWanted(plans) ? saving.spill() : null;
        // below the spill threshold the records stay in memory, and their sections are written meanwhile
        done = read(plans, spill, spill == null && anyToRead(plans) ? saving.sections() : null);

        Map<IndexEntry.Key, IndexEntry> next = null; // the previous entries with the changed ones, made when one is
        current = new ArrayList<>(done.size());
        changed = previous != saving.state() || !previous.sourceHints().equals(hints);
        for (Done d : done) {
          if (d.result() != null && !d.result().readable()) {
            scanProblems.addAll(d.result().diagnostics());
          }
          if (d.entry() == null) {
            continue;
          }
          current.add(d.entry());
          if (d.entry() != d.previous()) {
            if (next == null) {
              next = new HashMap<>(previous.entryMap());
            }
            next.put(d.task().key(), d.entry());
            changed = true;
          }
        }
        if (next != null) {
          saving.prepare(next, hints); // the save's directory encoded while the calls are combined
        }
        retained = allFound ? new ArrayList<>() : retained(previous.entries(), tasks, rootsBySource);
        used = used(previous.entryMap(), next == null, current, retained);
        Set<IndexEntry.Key> retainedKeys = retained.isEmpty() ? Set.of() : new HashSet<>();
        for (IndexEntry e : retained) {
          retainedKeys.add(e.key());
        }
        long usedPart = used == previous.entryMap() ? previous.entriesPart()
            : allFound && retained.isEmpty() ? changedPart(previous, done, used) : entriesPart(used, retainedKeys);
        int usedCount = used.size();
        long fingerprint = fingerprint(usedPart, usedCount, answers);
        IndexState.Stored stored = previous.stored();
        boolean storedValid = stored != null && stored.fingerprint() == fingerprint;
        if (!storedValid && saving.writable()) {
          changed = true; // no answer saved for these files yet (a first scan of this configuration, a converted index)
        }
        Lazy<Map<IndexEntry.Key, Task>> byKey = Lazy.of(() -> byKey(tasks));
        Assembled appended = storedValid || stored == null || stored.groups() == null
            ? null : appendToStored(stored, done, used, usedPart, retainedKeys, current, retained, byKey, answers);
        if (appended != null) {
          appendedScans.incrementAndGet();
          combined = appended;
          last = new LastResult(index, used, retainedKeys, answers, combined);
        } else {
          combined = combineOrReuse(index, used, current, retained, retainedKeys, storedValid ? stored : null, byKey,
              answers, spill);
        }
        if (!storedValid && appended == null) {
          Map<IndexEntry.Key, IndexEntry> nextOrCopy = next != null ? next : new HashMap<>(previous.entryMap());
          Map<IndexEntry.Key, IndexEntry> usedCopy = new HashMap<>(used);
          if (rereadLost(done, current, nextOrCopy, usedCopy)) {
            // a damaged section of a log that still exists: the log was read again, nothing is lost
            changed = true;
            next = nextOrCopy;
            used = usedCopy;
            combined = combine(current, retained, answers);
            last = new LastResult(index, used, retainedKeys, answers, combined);
          }
        }
        if (next == null) {
          next = previous.entryMap();
        }
        // what this scan found, for the next one to tell at once whether anything changed: saved when it differs
        IndexState.Census census = census(current, usedPart, usedCount, rootsBySource);
        if (saving.writable() && !census.equals(previous.census())) {
          changed = true;
        }
        if (changed) {
          saving.commit(new IndexState(next, hints, storedOf(combined, fingerprint), census), diagnostics);
        }
      }
    }
    diagnostics.addAll(scanProblems.toList());
    if (!changed && nothingRead(done)) {
      List<Path> roots = new ArrayList<>();
      rootsBySource.values().forEach(roots::addAll);
      quiet.unchanged(ticket, index, new Replay(done, combined, retained.size(), statuses, diagnostics.toList(), used),
          roots, index.directory());
    }
    SnapshotData data = assemble(asOf, done, combined, retained.size(), statuses, diagnostics, t0);
    return new Outcome(data, used);
  }

  /**
   * The entries of files that no longer exist: those not found now whose file is under a root of their source.
   *
   * @param entries the index's entries
   * @param found the files found now
   * @param rootsBySource the roots the files were looked for under
   * @return the retained entries, in the entries' order
   */
  static List<IndexEntry> retained(Collection<IndexEntry> entries, List<Task> found,
      Map<String, List<Path>> rootsBySource) {
    Set<IndexEntry.Key> present = new HashSet<>(Math.max(16, found.size() * 4 / 3 + 1));
    for (Task t : found) {
      present.add(t.key());
    }
    List<IndexEntry> retained = new ArrayList<>();
    for (IndexEntry e : entries) {
      List<Path> roots = rootsBySource.get(e.sourceId());
      if (roots != null && !present.contains(e.key()) && under(e, roots)) {
        retained.add(e);
      }
    }
    return retained;
  }

  /**
   * Every entry an answer counts, by key: the files found and the retained ones.
   *
   * @param previous the index's entries
   * @param unchanged whether every found file's entry is its previous one (none replaced)
   * @param current the entries of the files found
   * @param retained the entries of files that no longer exist
   * @return the previous map itself when it holds exactly these entries (no map of them is built again), else a new
   *     one
   */
  static Map<IndexEntry.Key, IndexEntry> used(Map<IndexEntry.Key, IndexEntry> previous, boolean unchanged,
      List<IndexEntry> current, List<IndexEntry> retained) {
    if (unchanged && retained.isEmpty() && current.size() == previous.size()) {
      return previous;
    }
    Map<IndexEntry.Key, IndexEntry> used = new HashMap<>();
    for (IndexEntry e : current) {
      used.put(e.key(), e);
    }
    for (IndexEntry e : retained) {
      used.put(e.key(), e);
    }
    return used;
  }

  /** The files found, by key. */
  private static Map<IndexEntry.Key, Task> byKey(List<Task> tasks) {
    Map<IndexEntry.Key, Task> m = new HashMap<>(Math.max(16, tasks.size() * 4 / 3 + 1));
    for (Task t : tasks) {
      m.put(t.key(), t);
    }
    return m;
  }

  /**
   * The files of a scan that found exactly what the index's last save found, or null when anything may differ:
   * another file or identity, other roots or home, a source's code, or what the saved answer's fingerprint covers
   * (the prices, the cost mode, the enrichments' answers).
   *
   * @param found the census of the files found: the sum of their {@link IndexState.Census#part}s
   */
  private UnchangedFiles unchanged(IndexState state, List<Task> tasks, long found,
      Map<String, List<Path>> rootsBySource, EnrichmentStore.Answers answers) {
    IndexState.Census census = state.census();
    IndexState.Stored stored = state.stored();
    if (census == null || stored == null || census.foundCount() != tasks.size() || census.found() != found
        || census.usedCount() < census.foundCount()
        || stored.fingerprint() != fingerprint(census.usedPart(), census.usedCount(), answers)
        || census.context() != IndexState.Census.context(rootsBySource, config.environment().home())) {
      return null;
    }
    for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
      if (!hints(loaded.instance()).equals(state.sourceHints().get(loaded.info().id()))) {
        return null; // its files are read again
      }
    }
    return new UnchangedFiles(tasks, state, rootsBySource);
  }

  /**
   * The WARNING of an index whose entries could not be decoded when a scan needed them: too many for this heap (the
   * index is left as it is and the scan reads every file without it), or inconsistent although its checksum held
   * (only a faulty writer can do that: the index is rebuilt from the logs).
   */
  private static Diagnostic undecodable(IndexState state, String why, Path directory) {
    Diagnostic d = state.tooLarge()
        ? Diagnostic.of(Severity.WARNING, "cream.index.too-large",
            "the scan index (" + why + ") does not fit this process's memory, and logs changed since it was saved;"
                + " it was left as it is and this scan reads every file without it: give the JVM more memory (-Xmx)"
                + " to use it (a run in which nothing changed needs no more than it has)")
        : Diagnostic.of(Severity.WARNING, "cream.index.corrupt",
            "the scan index is damaged (" + why + "); it was not trusted, and the index is rebuilt from the logs:"
                + " the usage of logs deleted since they were indexed is lost");
    return directory == null ? d : d.at(directory.resolve(DiskIndex.FILE_NAME));
  }

  /** The census of a scan: the files it found (with entries), where it looked, what its answer was combined from. */
  private IndexState.Census census(List<IndexEntry> current, long usedPart, int usedCount,
      Map<String, List<Path>> rootsBySource) {
    long[] parts = new long[current.size()];
    eachFile(parts.length, i -> {
      IndexEntry e = current.get(i);
      parts[i] = IndexState.Census.part(e.sourceId(), e.key().path(), e.identity());
    });
    long found = 0;
    for (long p : parts) {
      found += p;
    }
    return new IndexState.Census(found, current.size(),
        IndexState.Census.context(rootsBySource, config.environment().home()), usedPart, usedCount);
  }

  /** Whether a scan only looked at metadata: no file was opened. */
  private static boolean nothingRead(List<Done> done) {
    if (Deferred.pending(done)) {
      return true; // the files of an unchanged scan (see UnchangedFiles)
    }
    for (Done d : done) {
      if (d.result() != null || d.extraBytes() != 0) {
        return false;
      }
    }
    return true;
  }

  private final java.util.concurrent.atomic.AtomicLong unchangedScans = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong appendedScans = new java.util.concurrent.atomic.AtomicLong();

  /**
   * How many scans added what files appended to the saved answer, its fingerprint matching the entries before
   * (for tests).
   *
   * @return the count
   */
  public long appendedScans() {
    return appendedScans.get();
  }

  /**
   * How many scans found exactly what the index's last save found (see {@link UnchangedFiles}): they decoded no
   * entry of the index.
   *
   * @return the count
   */
  public long unchangedScans() {
    return unchangedScans.get();
  }

  /**
   * How many scans gave the last answer again because nothing changed since.
   *
   * @return the count
   */
  public long quietRescans() {
    return quiet.replays();
  }

  /**
   * What a source listed under its roots.
   *
   * @param loaded the source
   * @param roots its roots
   * @param diagnostics what naming its roots reported
   * @param walked the roots that exist, in order
   */
  private record Discovered(ProviderLoader.Loaded<Source> loaded, List<Path> roots, Diagnostics diagnostics,
      List<Root> walked) {

    /**
     * What a source listed under one root.
     *
     * @param root the root
     * @param walker the walk it listed with
     * @param found what it listed, or null when it failed or listed nothing
     * @param diagnostics what listing reported
     */
    record Root(Path root, Walker walker, List<Path> found, Diagnostics diagnostics) {}
  }

  /** Has a source list its files under each of its roots (on any thread: each root's problems are collected apart). */
  private Discovered discover(ProviderLoader.Loaded<Source> loaded, DirectoryListings.Use listings) {
    Source source = loaded.instance();
    Diagnostics diagnostics = new Diagnostics();
    List<Path> roots = roots(source, diagnostics);
    String sourceId = source.id();
    List<Discovered.Root> walked = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      Diagnostics problems = new Diagnostics();
      Walker walker = new Walker(config.environment(), sourceId, problems, root,
          Math.min(Walker.MAX_THREADS, config.parallelism()), listings);
      List<Path> found;
      try {
        found = source.discover(root, walker);
      } catch (RuntimeException | LinkageError e) {
        problems.add(
            Diagnostic.of(Severity.ERROR, "cream.source.failed",
                    "the source failed to list its files (" + e.getClass().getSimpleName() + ")")
                .withSource(sourceId)
                .at(root));
        found = null;
      }
      walked.add(new Discovered.Root(root, walker, found, problems));
    }
    return new Discovered(loaded, roots, diagnostics, walked);
  }

  /**
   * Adds a file found to the tasks, unless it is one already added (the same file under two roots).
   *
   * @param abs its absolute, normalized path, under the root
   * @param id its identity, or null when it could not be read
   * @param census where the file's share of the scan's census is added (index 0), or its missing identity counted
   *     (index 1)
   * @param text its path's stored form when known, else null
   * @return 1 when added, else 0
   */
  private int addTask(List<Task> tasks, Set<Object> seen, long[] census, Source source, Path root, Path abs,
      FileIdentity id, String text) {
    if (!seen.add(identity(abs, id))) {
      return 0; // the same file under two roots (a symlinked config directory, say)
    }
    String sourceId = source.id();
    IndexEntry.Key key = text != null ? new IndexEntry.Key(sourceId, text) : IndexEntry.Key.of(sourceId, abs);
    tasks.add(new Task(source, new FileContext(sourceId, root, abs, config.environment()), id, key));
    if (id == null) {
      census[1]++; // could not be stat-ed: it cannot be unchanged
    } else {
      census[0] += IndexState.Census.part(sourceId, key.path(), id); // here, while the file's objects are at hand
    }
    return 1;
  }

  /**
   * Looks up the index's entry of every file found.
   *
   * @param state the index's state
   * @param tasks the files found
   * @param out where each file's entry goes (null when it has none)
   * @return how many files have an entry
   */
  private int lookUp(IndexState state, List<Task> tasks, IndexEntry[] out) {
    eachFile(out.length, i -> out[i] = state.get(tasks.get(i).key()));
    int matched = 0;
    for (IndexEntry e : out) {
      if (e != null) {
        matched++;
      }
    }
    return matched;
  }

  /**
   * Runs a per-file step for every file found, on more than one thread from {@link Background#ITEMS_PER_THREAD}
   * files on (looking each up in the index, deciding how to bring it up to date: after the walk, one core waited while
   * the other did them).
   *
   * @param n how many files
   * @param step what to do for file {@code i}: it writes only file {@code i}'s slot
   */
  private void eachFile(int n, java.util.function.IntConsumer step) {
    Background.eachIndex("cream-files", n, config.parallelism(), step);
  }

  /**
   * Reads again, from the start, the existing files whose records the index lost (a damaged section).
   *
   * @return whether any was
   */
  private boolean rereadLost(
      List<Done> done, List<IndexEntry> current, Map<IndexEntry.Key, IndexEntry> next,
      Map<IndexEntry.Key, IndexEntry> used) {
    boolean any = false;
    FileScanner scanner = null;
    for (int i = 0; i < done.size(); i++) {
      Done d = done.get(i);
      if (d.entry() != null && d.entry().records() instanceof RecordSection rs && rs.isMaterialized() && rs.lost()) {
        if (scanner == null) {
          scanner = new FileScanner(config.maxLineBytes());
        }
        LOG.debug("the index lost the records of {}; reading it again", d.task().context().file());
        Done again = full(scanner, d.task(), null, d.extraBytes());
        if (again.entry() == null) {
          continue;
        }
        done.set(i, again);
        for (int k = 0; k < current.size(); k++) {
          if (current.get(k) == d.entry()) {
            current.set(k, again.entry());
          }
        }
        next.put(again.entry().key(), again.entry());
        used.put(again.entry().key(), again.entry());
        any = true;
      }
    }
    return any;
  }

  /**
   * Drops from an index the files of this engine's sources, under their roots, that no longer exist: their records
   * stop counting.
   *
   * @param index the index
   * @param diagnostics where problems with the index go
   * @return how many files were forgotten, or -1 if the index could not be changed (see the diagnostics)
   */
  public int forgetMissingFiles(ScanIndex index, Diagnostics diagnostics) {
    Map<String, List<Path>> rootsBySource = new HashMap<>();
    for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
      rootsBySource.put(loaded.info().id(), roots(loaded.instance(), diagnostics));
    }
    try (ScanIndex.Lease lease = index.begin(diagnostics)) {
      IndexState previous = lease.state();
      Map<IndexEntry.Key, IndexEntry> next = new HashMap<>(previous.entryMap());
      int forgotten = 0;
      for (IndexEntry e : previous.entries()) {
        List<Path> roots = rootsBySource.get(e.sourceId());
        if (roots != null && under(e.file(), roots) && !Files.exists(e.file())) {
          next.remove(e.key());
          forgotten++;
        }
      }
      if (forgotten > 0) {
        if (!lease.commit(new IndexState(next, previous.sourceHints()), diagnostics)) {
          return -1;
        }
      }
      return forgotten;
    }
  }



  /**
   * Whether an entry's file is under one of the roots, on the path's stored text when it is the path's own (plain
   * ASCII on a file system whose separator is {@code /}): no name offsets are computed per entry.
   */
  static boolean under(IndexEntry e, List<Path> roots) {
    String p = e.key().path();
    java.nio.file.FileSystem fs = e.file().getFileSystem();
    if (p.startsWith("file:") || !"/".equals(fs.getSeparator())) {
      return under(e.file(), roots);
    }
    for (Path r : roots) {
      if (r.getFileSystem() != fs) {
        continue;
      }
      String rs = r.toString();
      if (p.startsWith(rs) && (p.length() == rs.length() || rs.endsWith("/") || p.charAt(rs.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  static boolean under(Path file, List<Path> roots) {
    for (Path r : roots) {
      if (file.startsWith(r)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The data of a scan that found nothing, for a watch whose first scan failed.
   *
   * @param diagnostics the problems
   * @return empty data carrying the problems
   */
  public SnapshotData empty(Diagnostics diagnostics) {
    return assemble(config.environment().now(), List.of(),
        combine(List.of(), List.of(), EnrichmentStore.Answers.EMPTY), 0, List.of(), diagnostics, System.nanoTime());
  }

  /**
   * Decides how to bring a file up to date.
   *
   * @param t the file as discovered now
   * @param prev what the index knows of it
   * @param sourceChanged whether the source's code changed since the index was written
   * @return the mode
   */
  static Mode plan(Task t, IndexEntry prev, boolean sourceChanged) {
    if (prev == null || sourceChanged || t.identity() == null) {
      return Mode.FULL;
    }
    if (t.identity().sameAs(prev.identity())) {
      return Mode.REUSE;
    }
    if (!prev.resumable() || t.identity().replaces(prev.identity())) {
      return Mode.FULL;
    }
    if (prev.store()) {
      return Mode.RESUME;
    }
    if (t.identity().size() < prev.consumedOffset()) {
      return Mode.FULL;
    }
    return Mode.VERIFY;
  }

  /**
   * A hint of the code that reads a source's files: when it changes, the files are read again. It is the same
   * whether the source is loaded from the class path or the module path.
   *
   * @param source the source
   * @return the class, the size and time of the jar it came from, the engine's framing revision and line limit
   */
  String sourceHint(Source source) {
    Class<?> type = source.getClass();
    StringBuilder sb = new StringBuilder(type.getName());
    try {
      java.security.CodeSource cs = type.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null && "file".equals(cs.getLocation().getProtocol())) {
        Path jar = Path.of(cs.getLocation().toURI());
        if (Files.isRegularFile(jar)) {
          sb.append('|').append(Files.size(jar)).append('@').append(Files.getLastModifiedTime(jar).toMillis());
        }
      }
    } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
      // no jar stamp: the class name still tells sources apart
    }
    sb.append("|engine=").append(ENGINE_REVISION).append("|maxLine=").append(config.maxLineBytes());
    return sb.toString();
  }

  private final java.util.concurrent.ConcurrentHashMap<String, String> hintCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  String hints(Source source) {
    // the code of a running source cannot change: one look at its jar per engine
    return hintCache.computeIfAbsent(source.id(), k -> sourceHint(source));
  }

  /**
   * Bumped whenever framing changes what files produce, or the index's fingerprints change, so that indexed files
   * are read again (3: the window fingerprint is no longer SHA-256).
   */
  static final int ENGINE_REVISION = 3;

  private static Object identity(Path p, FileIdentity id) {
    if (id != null && id.fileKey() != null) {
      return id.fileKey();
    }
    try {
      return p.toRealPath();
    } catch (IOException | RuntimeException e) {
      return p;
    }
  }

  private static FileIdentity stat(Path p) {
    try {
      return FileIdentity.read(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Brings files up to date on up to {@code parallelism} threads (this one among them), largest work first. Files
   * to reuse are not submitted.
   *
   * @param plans the files and how
   * @return one outcome per file
   */
  List<Done> read(List<Planned> plans) {
    return read(plans, null);
  }

  /**
   * Brings files up to date on up to {@code parallelism} threads (this one among them), largest work first, each
   * file's records put in the spill file as soon as it is read (when there is one). Files to reuse are not
   * submitted.
   *
   * @param plans the files and how
   * @param spill where records go, or null to keep them in memory
   * @return one outcome per file
   */
  List<Done> read(List<Planned> plans, SpillFile spill) {
    return read(plans, spill, null);
  }

  /**
   * Brings files up to date on up to {@code parallelism} threads (this one among them), largest work first, each
   * file's records put in the spill file as soon as it is read (when there is one), else kept in memory and their
   * section queued to be written ahead of the save (when there is a writer). Files to reuse are not submitted.
   *
   * @param plans the files and how
   * @param spill where records go, or null to keep them in memory
   * @param ahead where the sections of records kept in memory are written before the save, or null
   * @return one outcome per file
   */
  List<Done> read(List<Planned> plans, SpillFile spill, SectionWriter ahead) {
    List<Done> out = new ArrayList<>(plans.size());
    List<Planned> work = new ArrayList<>();
    for (Planned p : plans) {
      if (p.mode() == Mode.REUSE) {
        out.add(new Done(p.task(), p.previous(), p.previous(), null, 0));
      } else {
        work.add(p);
      }
    }
    if (!work.isEmpty()) {
      config.prices().prefetch(); // what is read will be priced: the table is parsed while the files are read
    }
    if (work.size() > 1) {
      largestWorkFirst(work);
    }
    int threads = Math.max(1, Math.min(config.parallelism(), work.size()));
    if (threads == 1) {
      FileScanner scanner = new FileScanner(config.maxLineBytes());
      for (Planned p : work) {
        out.add(writtenAhead(spilled(bringUpToDate(scanner, p), spill), ahead));
      }
      flush(spill);
      return out;
    }
    // the files are shared out by an index every thread takes the next one from, this one among them: no task,
    // future or queue per file (on 50,000 files those cost a lock hand-over and a thread wake-up each, ~200,000
    // futex calls); sections to write ahead wait until every file is read, then go beside the combination
    if (ahead != null) {
      ahead.hold();
    }
    Done[] done = new Done[work.size()];
    AtomicInteger next = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
    int maxLine = config.maxLineBytes();
    Runnable worker = () -> {
      FileScanner scanner = new FileScanner(maxLine);
      for (int i = next.getAndIncrement(); i < done.length && failed.get() == null; i = next.getAndIncrement()) {
        try {
          done[i] = writtenAhead(spilled(bringUpToDate(scanner, work.get(i)), spill), ahead);
        } catch (Throwable e) { // an out-of-memory error too: the scan fails, it does not hang
          failed.compareAndSet(null, e);
        }
      }
    };
    // interrupted while waiting: the helpers stop after the file each is reading
    Background.together("cream-scan", threads, worker,
        () -> failed.compareAndSet(null, new InterruptedException("the scan was interrupted")));
    Throwable f = failed.get();
    if (f != null) {
      if (ahead != null) {
        ahead.abandon(); // closing the lease waits for a section being written, if any
      }
      throw new IllegalStateException(
          f instanceof InterruptedException ? "the scan was interrupted" : "a file scan failed unexpectedly", f);
    }
    flush(spill);
    if (ahead != null) {
      ahead.release(threads);
    }
    out.addAll(Arrays.asList(done));
    return out;
  }

  /**
   * How many bytes of logs a scan reads at least, by default, before each file's records go to a spill file of the
   * index as soon as the file is read: an eighth of the heap's limit. A parsed call takes about as much heap as its
   * line of log (1 KB a call where lines are short), so below that the records fit beside everything else and are
   * kept in memory until the index is saved, which spares decoding them again; above it, holding them would take a
   * large part of the heap (and the collector's time), which costs more than decoding them once more.
   *
   * @return bytes
   */
  static long defaultSpillBytes() {
    return Runtime.getRuntime().maxMemory() / 8;
  }

  private volatile long spillBytes = -1;

  /**
   * Sets how many bytes of logs a scan must read to put the records in a spill file (tests use 0: always; negative:
   * the default, {@link #defaultSpillBytes()}).
   *
   * @param bytes the least bytes to read
   * @return this engine
   */
  public Engine spillAbove(long bytes) {
    this.spillBytes = bytes;
    return this;
  }

  /** Whether the files to read hold enough to spill their records as they are read. */
  private boolean spillWanted(List<Planned> plans) {
    long bytes = 0;
    int files = 0;
    for (Planned p : plans) {
      if (p.mode() != Mode.REUSE) {
        bytes += workSize(p);
        files++;
      }
    }
    return files > 0 && bytes >= spillBudget();
  }

  /** The bytes a scan holds before it spills: what {@link #spillAbove} set, else {@link #defaultSpillBytes()}. */
  private long spillBudget() {
    long least = spillBytes;
    return least < 0 ? defaultSpillBytes() : least;
  }

  /** Writes the sections put in the spill file and not written yet (see {@link SpillFile#flush}). */
  private static void flush(SpillFile spill) {
    if (spill != null) {
      spill.flush();
    }
  }

  /**
   * A file's outcome with its records put in the spill file: the entry refers to its section, and the result keeps
   * no record unless it is what was appended (which the saved answer may take in).
   */
  private static Done spilled(Done d, SpillFile spill) {
    if (spill == null || d.entry() == null || d.entry() == d.previous()
        || d.entry().records() instanceof RecordSection) {
      return d;
    }
    IndexEntry e = d.entry();
    RecordSection section;
    try {
      section = spill.put(e.records(), e.sourceId(), e.file());
    } catch (java.io.IOException | RuntimeException x) {
      LOG.debug("could not spill the records of {}: {}", e.file(), x.toString());
      return d; // kept in memory
    }
    IndexEntry moved = e.withRecords(section); // the task's key, made by the walk: not the path's text again
    FileResult r = d.result();
    if (r != null && !d.appended()) {
      r = new FileResult(r.sourceId(), r.root(), r.file(), r.startOffset(), r.consumedOffset(), r.linesEnd(),
          r.linesRead(), r.linesParsed(), r.malformedLines(), r.bytesRead(), List.of(), r.facts(), r.diagnostics(),
          r.endState(), r.readable());
    }
    return new Done(d.task(), d.previous(), moved, r, d.extraBytes(), d.appended());
  }

  /** Whether any file is to be read (not every one reused). */
  private static boolean anyToRead(List<Planned> plans) {
    for (Planned p : plans) {
      if (p.mode() != Mode.REUSE) {
        return true;
      }
    }
    return false;
  }

  /**
   * A file's outcome with its records' section queued to be written ahead of the save: the entry's records are a
   * pending section holding the same records (the result is unchanged).
   */
  private static Done writtenAhead(Done d, SectionWriter ahead) {
    if (ahead == null || d.entry() == null || d.entry() == d.previous()
        || d.entry().records() instanceof RecordSection) {
      return d;
    }
    IndexEntry e = d.entry();
    RecordSection section = ahead.submit(e.records(), e.sourceId(), e.file());
    return new Done(d.task(), d.previous(), e.withRecords(section), d.result(), d.extraBytes(), d.appended());
  }

  /** Bits of a sort key that hold a file's place in the list; the others hold its work size. */
  private static final int PLACE_BITS = 21;

  /**
   * Sorts the files to read, most bytes to read first, then by path: by work size as numbers (one primitive sort of
   * size and place, each size worked out once), then only files of equal size by path. Written out, not chained
   * from Comparator's factories: those make classes at run time in a fresh JVM.
   */
  static void largestWorkFirst(List<Planned> work) {
    int n = work.size();
    long[] keys = new long[n];
    long largest = 0;
    long smallest = 0;
    for (int i = 0; i < n; i++) {
      long size = workSize(work.get(i));
      largest = Math.max(largest, size);
      smallest = Math.min(smallest, size);
      keys[i] = size;
    }
    Comparator<Planned> byPath = (a, b) -> a.task().context().file().compareTo(b.task().context().file());
    if (n >= 1 << PLACE_BITS || smallest < 0 || largest >= 1L << (63 - PLACE_BITS)) {
      work.sort((a, b) -> {
        long x = workSize(a);
        long y = workSize(b);
        return x != y ? Long.compare(y, x) : byPath.compare(a, b);
      });
      return;
    }
    long top = (1L << (63 - PLACE_BITS)) - 1;
    for (int i = 0; i < n; i++) {
      keys[i] = (top - keys[i]) << PLACE_BITS | i; // ascending keys: most work first
    }
    Arrays.sort(keys);
    Planned[] sorted = new Planned[n];
    for (int i = 0; i < n; i++) {
      sorted[i] = work.get((int) (keys[i] & ((1 << PLACE_BITS) - 1)));
    }
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && keys[j] >>> PLACE_BITS == keys[i] >>> PLACE_BITS) {
        j++;
      }
      if (j - i > 1) {
        Arrays.sort(sorted, i, j, byPath);
      }
      i = j;
    }
    for (int i = 0; i < n; i++) {
      work.set(i, sorted[i]);
    }
  }

  private static long workSize(Planned p) {
    long size = p.task().identity() == null ? 0 : p.task().identity().size();
    return p.mode() == Mode.FULL || p.previous() == null ? size : size - p.previous().consumedOffset();
  }

  private Done bringUpToDate(FileScanner scanner, Planned p) {
    Task t = p.task();
    IndexEntry prev = p.previous();
    switch (p.mode()) {
      case RESUME -> {
        try {
          FileResult r = scanner.scan(
              t.source(), t.context(), prev.consumedOffset(), prev.linesEnd(), prev.state(), Long.MAX_VALUE, null);
          return appended(t, prev, r, null, 0);
        } catch (IllegalArgumentException e) {
          return full(scanner, t, prev, 0);
        }
      }
      case VERIFY -> {
        Windows w;
        try {
          w = Windows.readAt(t.context().file(), prev.consumedOffset());
        } catch (IOException | RuntimeException e) {
          return full(scanner, t, prev, 0);
        }
        long extra = Windows.readCost(prev.consumedOffset());
        if (w.headHash(prev.consumedOffset()) != prev.headHash()
            || (prev.tailKnown() && w.tailHash() != prev.tailHash())) {
          LOG.debug("{} was rewritten since the last scan; reading it again from the start", t.context().file());
          return full(scanner, t, prev, extra);
        }
        try {
          FileResult r = scanner.scan(
              t.source(), t.context(), prev.consumedOffset(), prev.linesEnd(), prev.state(), Long.MAX_VALUE, w);
          return appended(t, prev, r, w, extra);
        } catch (IllegalArgumentException e) {
          LOG.debug("the source rejected the saved parser state of {}; reading it again", t.context().file());
          return full(scanner, t, prev, extra);
        }
      }
      default -> {
        return full(scanner, t, prev, 0);
      }
    }
  }

  private Done full(FileScanner scanner, Task t, IndexEntry prev, long extra) {
    boolean store = isStore(t);
    Windows w = store ? null : scanner.freshWindows();
    FileResult r =
        scanner.scan(t.source(), t.context(), 0, 0, ResumeState.initial(), Long.MAX_VALUE, w);
    if (!r.readable()) {
      return new Done(t, prev, prev, r, extra);
    }
    IndexEntry e = new IndexEntry(t.key(),
        t.source().id(), t.context().file(), identityOf(t), store, r.consumedOffset(), r.linesEnd(),
        w == null ? 0 : w.headHash(r.consumedOffset()), w == null ? 0 : w.tailHash(), w != null && w.tailValid(),
        savedState(r), r.malformedLines(), r.records(), r.facts(), r.diagnostics());
    return new Done(t, prev, e, r, extra);
  }

  private Done appended(Task t, IndexEntry prev, FileResult r, Windows w, long extra) {
    if (!r.readable()) {
      return new Done(t, prev, prev, r, extra);
    }
    if (prev.records() instanceof RecordSection rs && rs.lost()) {
      return full(new FileScanner(config.maxLineBytes()), t, prev, extra + r.bytesRead()); // the index lost them
    }
    List<UsageRecord> records = prev.records();
    if (!r.records().isEmpty()) {
      records = new ArrayList<>(prev.records().size() + r.records().size());
      records.addAll(prev.records());
      records.addAll(r.records());
    }
    List<SessionFacts> facts = prev.facts();
    if (!r.facts().isEmpty()) {
      Map<String, SessionFacts> bySession = new LinkedHashMap<>();
      for (SessionFacts f : prev.facts()) {
        bySession.put(f.sessionId(), f);
      }
      for (SessionFacts f : r.facts()) {
        bySession.remove(f.sessionId());
        bySession.put(f.sessionId(), f);
      }
      facts = new ArrayList<>(bySession.values());
    }
    List<Diagnostic> problems = prev.diagnostics();
    if (!r.diagnostics().isEmpty()) {
      Diagnostics folded = new Diagnostics();
      folded.addAll(prev.diagnostics());
      folded.addAll(r.diagnostics());
      problems = folded.toList();
    }
    IndexEntry e = new IndexEntry(prev.key(),
        prev.sourceId(), prev.file(), identityOf(t), prev.store(), r.consumedOffset(), r.linesEnd(),
        w == null ? 0 : w.headHash(r.consumedOffset()), w == null ? 0 : w.tailHash(), w != null && w.tailValid(),
        savedState(r), TokensMath.add(prev.malformedLines(), r.malformedLines()), records, facts, problems);
    return new Done(t, prev, e, r, extra, true);
  }

  private static FileIdentity identityOf(Task t) {
    // unknown metadata never matches, so the file is checked again next time
    return t.identity() != null ? t.identity() : new FileIdentity(-1, 0, null);
  }

  private static ResumeState savedState(FileResult r) {
    for (Diagnostic d : r.diagnostics()) {
      if (d.code().equals(FileScanner.SNAPSHOT_FAILED)) {
        return null;
      }
    }
    return r.endState();
  }

  private static boolean isStore(Task t) {
    if (t.source() instanceof EntryStore store) {
      try {
        return store.isStore(t.context().file());
      } catch (RuntimeException | LinkageError e) {
        return false;
      }
    }
    return false;
  }

  /**
   * What deduplicating, pricing and merging a set of index entries gave: a pure function of the entries (and the
   * engine's fixed configuration), so a rescan that changed no entry reuses it.
   *
   * @param records the counted calls, priced, in time order, materialized when first asked for
   * @param rollup the counted calls folded into cells
   * @param facts merged session facts
   * @param diagnostics the entries' problems, the retained-files notice and the pricing problems
   * @param recordsRead records before deduplication
   * @param duplicatesDropped copies removed
   * @param unpricedCalls calls without a price
   * @param retainedCalls counted calls from files that no longer exist
   * @param malformedLines malformed lines of the existing files
   * @param cache the cache evaluator over the records
   * @param memo views computed once
   * @param groups the deduplication groups of every keyed record, or null when unknown
   * @param enrichedCalls counted calls with an enrichment
   * @param groups the calls read a group of files at a time, or null when the records are in memory
   */
  record Assembled(
      Lazy<List<PricedRecord>> records,
      Rollup rollup,
      Map<SessionRef, SessionFacts> facts,
      List<Diagnostic> diagnostics,
      long recordsRead,
      long duplicatesDropped,
      long unpricedCalls,
      long retainedCalls,
      long malformedLines,
      Lazy<CacheEvaluator> cache,
      SnapshotData.Memo memo,
      DedupGroups groups,
      long enrichedCalls,
      RecordGroups byGroup) {

    long rollupCalls() {
      long n = 0;
      for (Rollup.Cell c : rollup.cells()) {
        n += c.calls;
      }
      return n;
    }
  }

  /**
   * The last result of {@link #combine}, with the entries (and which of them were retained), index and enrichment
   * answers.
   */
  private record LastResult(
      ScanIndex index, Map<IndexEntry.Key, IndexEntry> entries, Set<IndexEntry.Key> retained,
      EnrichmentStore.Answers answers, Assembled assembled) {}

  private volatile LastResult last;

  private Assembled combineOrReuse(
      ScanIndex index,
      Map<IndexEntry.Key, IndexEntry> used,
      List<IndexEntry> current,
      List<IndexEntry> retained,
      Set<IndexEntry.Key> retainedKeys,
      IndexState.Stored stored,
      Lazy<Map<IndexEntry.Key, Task>> tasks,
      EnrichmentStore.Answers answers,
      SpillFile spill) {
    LastResult l = last;
    if (l != null && l.index() == index && l.answers() == answers && l.retained().equals(retainedKeys)
        && sameInstances(l.entries(), used)) {
      return l.assembled();
    }
    Assembled a = stored != null ? fromStored(stored, current, retained, tasks, answers)
        : spill != null || manyUndecoded(current, retained) ? combineSections(current, retained, tasks, answers, spill)
        : combine(current, retained, answers);
    last = new LastResult(index, used, retainedKeys, answers, a);
    return a;
  }

  /**
   * Roughly the heap one decoded call takes with what it refers to alone (its origin, time, deduplication key, token
   * counts) and its priced form: a rule of thumb for {@link #manyUndecoded}, not a bound.
   */
  static final long DECODED_CALL_BYTES = 512;

  /**
   * Whether the calls of the sections not decoded yet (entries loaded from the index, whose files did not change)
   * would take more heap than the spill rule lets a scan hold ({@link #spillBudget()}): a rescan that must combine
   * everything again (a changed file whose calls may be copies of others) then folds them one file at a time, as a
   * first scan that spilled does, instead of decoding and keeping every call of the history.
   */
  private boolean manyUndecoded(List<IndexEntry> current, List<IndexEntry> retained) {
    long calls = 0;
    boolean any = false;
    for (List<IndexEntry> list : List.of(current, retained)) {
      for (IndexEntry e : list) {
        if (e.records() instanceof RecordSection s && !s.isMaterialized()) {
          calls += s.storedCount();
          any = true;
        }
      }
    }
    return any && calls * DECODED_CALL_BYTES >= spillBudget();
  }

  /**
   * The combined answer saved with the index, for files that did not change: no per-call record is decoded until a
   * view asks for single calls.
   */
  Assembled fromStored(
      IndexState.Stored stored, List<IndexEntry> current, List<IndexEntry> retained,
      Lazy<Map<IndexEntry.Key, Task>> tasks,
      EnrichmentStore.Answers answers) {
    Lazy<List<PricedRecord>> records = Lazy.of(() -> materialize(current, retained, tasks, answers));
    RecordGroups byGroup = byGroup(current, retained, tasks, answers);
    return new Assembled(
        records, stored.rollup(), mergedFacts(current, retained), stored.diagnostics(), stored.recordsRead(),
        stored.duplicatesDropped(), stored.unpricedCalls(), stored.retainedCalls(), stored.malformedLines(),
        evaluator(records, byGroup), new SnapshotData.Memo(), stored.groups(), stored.enrichedCalls(), byGroup);
  }

  /**
   * The saved answer with what was appended since: valid when the answer was saved for exactly the files as they were
   * before (only appended to, or new), and no appended call can be a copy of another (its deduplication group is
   * new). The work is proportional to what was appended; no other call is decoded.
   *
   * @return the combined result, or null when everything must be combined again
   */
  Assembled appendToStored(
      IndexState.Stored stored, List<Done> done, Map<IndexEntry.Key, IndexEntry> used,
      Set<IndexEntry.Key> retainedKeys, List<IndexEntry> current, List<IndexEntry> retained,
      Lazy<Map<IndexEntry.Key, Task>> tasks, EnrichmentStore.Answers answers) {
    return appendToStored(stored, done, used, entriesPart(used, retainedKeys), retainedKeys, current, retained, tasks,
        answers);
  }

  /**
   * {@link #appendToStored(IndexState.Stored, List, Map, Set, List, List, Lazy, EnrichmentStore.Answers)} with the sum
   * of the used entries' fingerprint parts known ({@link #entriesPart}).
   */
  Assembled appendToStored(
      IndexState.Stored stored, List<Done> done, Map<IndexEntry.Key, IndexEntry> used, long usedPart,
      Set<IndexEntry.Key> retainedKeys, List<IndexEntry> current, List<IndexEntry> retained,
      Lazy<Map<IndexEntry.Key, Task>> tasks, EnrichmentStore.Answers answers) {
    // the fingerprint of the entries before the appends: the used ones' with each changed file's earlier entry
    long partBefore = usedPart;
    int countBefore = used.size();
    List<UsageRecord> added = new ArrayList<>();
    Diagnostics problems = new Diagnostics();
    long malformed = 0;
    for (Done d : done) {
      if (d.entry() == null || d.entry() == d.previous()) {
        continue;
      }
      if (d.appended()) {
        partBefore += d.previous().fingerprintPart(false) - d.entry().fingerprintPart(false);
        added.addAll(d.result().records());
        problems.addAll(d.result().diagnostics());
        malformed = TokensMath.add(malformed, d.result().malformedLines());
      } else if (d.previous() == null) {
        partBefore -= d.entry().fingerprintPart(false);
        countBefore--;
        added.addAll(d.entry().records());
        problems.addAll(d.entry().diagnostics());
        malformed = TokensMath.add(malformed, d.entry().malformedLines());
      } else {
        return null; // a file read again from its start: its earlier calls are not known apart
      }
    }
    if (fingerprint(partBefore, countBefore, answers) != stored.fingerprint()) {
      return null;
    }
    long[] groups = new long[added.size()];
    int n = 0;
    try {
      for (UsageRecord r : added) {
        if (r.dedupKey().isPresent()) {
          long h = DedupGroups.hash(r.source(), r.dedupKey().get());
          if (stored.groups().contains(h)) {
            return null; // perhaps a copy of an indexed call: deduplicate everything
          }
          groups[n++] = h;
        }
      }
      long[] sorted = Arrays.copyOf(groups, n);
      Arrays.sort(sorted);
      for (int i = 1; i < n; i++) {
        if (sorted[i] == sorted[i - 1]) {
          return null;
        }
      }
      Pricer pricer = new Pricer(config.prices(), config.costMode());
      List<PricedRecord> priced = new ArrayList<>(added.size());
      long enrichedCalls = stored.enrichedCalls();
      for (UsageRecord r : added) {
        Optional<Enrichment> e = answers.isEmpty() ? Optional.empty() : enrichment(r, answers);
        if (e.isPresent()) {
          if (e.get().nativeTokens().map(t -> t.differFrom(r.tokens())).orElse(false)) {
            return null; // a problem to count: combine everything
          }
          enrichedCalls++;
        }
        priced.add(new PricedRecord(r, pricer.cost(r, e), e));
      }
      Diagnostics diagnostics = new Diagnostics();
      diagnostics.addAll(stored.diagnostics());
      diagnostics.addAll(problems.toList());
      pricer.report(diagnostics);
      Lazy<List<PricedRecord>> records = Lazy.of(() -> materialize(current, retained, tasks, answers));
      RecordGroups byGroup = byGroup(current, retained, tasks, answers);
      LOG.debug("added {} appended calls to the saved answer", added.size());
      return new Assembled(
          records, stored.rollup().plus(priced), mergedFacts(current, retained), diagnostics.toList(),
          TokensMath.add(stored.recordsRead(), added.size()), stored.duplicatesDropped(),
          TokensMath.add(stored.unpricedCalls(), pricer.unpricedCalls()), stored.retainedCalls(),
          TokensMath.add(stored.malformedLines(), malformed), evaluator(records, byGroup), new SnapshotData.Memo(),
          stored.groups().plus(groups, n), enrichedCalls, byGroup);
    } catch (IOException e) {
      LOG.debug("the deduplication groups of the index could not be read: {}", e.toString());
      return null;
    }
  }

  /** The plan of the last index state a repeated call was met in (see {@link #replaceGroupInStored}). */
  private volatile GroupPlan groupPlan;

  /**
   * The saved answer with one named file's appended lines, when some of them repeat calls the answer counted (the
   * next line of a streamed response): the files of that call's group ({@link GroupPlan}) are combined again, before
   * and after the append, and the group's sessions' cells, counts and pricing notices in the saved answer are
   * replaced by the new ones. Exact, since a group deduplicated alone counts what the whole scan counts for it and
   * every call of its sessions lies in it; checked before it is used: the group's old combination must give exactly
   * the cells the saved answer holds for its sessions. The work is the group's records, and once per index state
   * the plan (every record read once, none kept).
   *
   * <p>Only for a saved answer whose fingerprint the caller has checked against the entries before the append
   * ({@link IndexOnlyScan} does, before it reads).
   *
   * @return the combined result, or null when everything must be combined again (no single appended file, a file of
   *     the group that no longer exists, enrichment answers, an appended call that joins another group, a saved
   *     answer that does not match the group)
   */
  Assembled replaceGroupInStored(
      IndexState.Stored stored, List<Done> done, Map<IndexEntry.Key, IndexEntry> used,
      Set<IndexEntry.Key> retainedKeys, List<IndexEntry> current, List<IndexEntry> retained,
      Lazy<Map<IndexEntry.Key, Task>> tasks, EnrichmentStore.Answers answers) {
    if (!answers.isEmpty() || stored.groups() == null) {
      return null;
    }
    Done d = null;
    for (Done x : done) {
      if (x.entry() != null && x.entry() != x.previous()) {
        if (d != null) {
          return null;
        }
        d = x;
      }
    }
    if (d == null || !d.appended() || d.previous() == null || d.result() == null) {
      return null;
    }
    IndexEntry.Key key = d.entry().key();
    Map<IndexEntry.Key, IndexEntry> before = new HashMap<>(used);
    before.put(key, d.previous()); // the entries the saved answer is for: the caller checked its fingerprint
    GroupPlan plan = groupPlan;
    if (plan == null || !plan.isFor(before)) {
      plan = GroupPlan.of(before);
      if (plan == null) {
        return null;
      }
      groupPlan = plan;
    }
    int group = plan.groupOf(key);
    if (group < 0) {
      return null;
    }
    List<UsageRecord> added = d.result().records();
    List<Long> newGroups = new ArrayList<>();
    try {
      for (UsageRecord r : added) {
        int s = plan.groupOf(new SessionRef(r.source(), r.sessionId()));
        if (s >= 0 && s != group) {
          return null; // the call joins another group: combine everything
        }
        if (r.dedupKey().isPresent()) {
          long h = DedupGroups.hash(r.source(), r.dedupKey().get());
          int g = plan.groupOf(h);
          if (g >= 0 && g != group) {
            return null;
          }
          if (g < 0 && stored.groups().contains(h)) {
            return null; // a group the saved answer knows and the plan does not: never expected
          }
          if (g < 0) {
            newGroups.add(h);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("the deduplication groups of the index could not be read: {}", e.toString());
      return null;
    }
    List<UsageRecord> old = new ArrayList<>();
    for (IndexEntry.Key k : plan.members(group)) {
      if (retainedKeys.contains(k)) {
        return null; // a file that no longer exists: its calls are counted apart
      }
      IndexEntry e = before.get(k);
      List<UsageRecord> records = e == null ? null : GroupPlan.read(e);
      if (records == null) {
        return null;
      }
      old.addAll(records);
    }
    List<UsageRecord> grown = new ArrayList<>(old.size() + added.size());
    grown.addAll(old);
    grown.addAll(added);
    GroupCombine was = combineGroup(old);
    GroupCombine now = combineGroup(grown);
    // the group's sessions' cells in the saved answer must be exactly what its old combination gives
    java.util.Set<SessionRef> sessions = new java.util.HashSet<>();
    for (UsageRecord r : grown) {
      sessions.add(new SessionRef(r.source(), r.sessionId()));
    }
    List<Rollup.Cell> kept = new ArrayList<>();
    List<Rollup.Cell> mine = new ArrayList<>();
    for (Rollup.Cell c : stored.rollup().cells()) {
      (sessions.contains(new SessionRef(c.source, c.sessionId())) ? mine : kept).add(c);
    }
    if (!sameCells(mine, Rollup.of(was.priced()).cells())) {
      LOG.debug("the saved answer does not hold what the group's calls give: combine everything");
      return null;
    }
    List<Diagnostic> diagnostics = replaceCounts(stored.diagnostics(), was.notices(), now.notices());
    if (diagnostics == null) {
      return null;
    }
    Diagnostics all = new Diagnostics();
    all.addAll(diagnostics);
    all.addAll(d.result().diagnostics());
    Rollup.Builder cells = new Rollup.Builder().addAll(kept);
    for (PricedRecord p : now.priced()) {
      cells.add(p);
    }
    long[] more = new long[newGroups.size()];
    for (int i = 0; i < more.length; i++) {
      more[i] = newGroups.get(i);
    }
    Lazy<List<PricedRecord>> records = Lazy.of(() -> materialize(current, retained, tasks, answers));
    RecordGroups byGroup = byGroup(current, retained, tasks, answers);
    LOG.debug("combined again the {} records of the group of a repeated call", grown.size());
    return new Assembled(
        records, cells.build(), mergedFacts(current, retained), all.toList(),
        TokensMath.add(stored.recordsRead(), added.size()),
        stored.duplicatesDropped() - was.dropped() + now.dropped(),
        stored.unpricedCalls() - was.unpriced() + now.unpriced(), stored.retainedCalls(),
        TokensMath.add(stored.malformedLines(), d.result().malformedLines()), evaluator(records, byGroup),
        new SnapshotData.Memo(), stored.groups().plus(more, more.length), stored.enrichedCalls(), byGroup);
  }

  /** A group's records deduplicated and priced (no enrichment), in time order, with its pricing notices. */
  private record GroupCombine(List<PricedRecord> priced, long dropped, long unpriced, List<Diagnostic> notices) {}

  private GroupCombine combineGroup(List<UsageRecord> records) {
    Dedup.Result deduped = Dedup.apply(records);
    Pricer pricer = new Pricer(config.prices(), config.costMode());
    PricedRecord[] priced = new PricedRecord[deduped.kept().size()];
    int i = 0;
    for (UsageRecord r : deduped.kept()) {
      priced[i++] = new PricedRecord(r, pricer.cost(r, Optional.empty()), Optional.empty());
    }
    Arrays.sort(priced, IN_TIME_ORDER);
    Diagnostics notices = new Diagnostics();
    pricer.report(notices);
    return new GroupCombine(List.of(priced), deduped.dropped(), pricer.unpricedCalls(), notices.toList());
  }

  /** Whether two lists of cells hold the same cells, in any order. */
  private static boolean sameCells(List<Rollup.Cell> a, List<Rollup.Cell> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Map<List<Object>, Integer> count = new HashMap<>();
    for (Rollup.Cell c : a) {
      count.merge(cellFields(c), 1, Integer::sum);
    }
    for (Rollup.Cell c : b) {
      if (count.merge(cellFields(c), -1, Integer::sum) < 0) {
        return false; // a cell b has more often than a
      }
    }
    return true; // as many cells on each side, none more often in b: the same
  }

  private static List<Object> cellFields(Rollup.Cell c) {
    return Arrays.asList(c.slot, c.source, c.provider, c.model, c.serviceTier, c.sessionId(), c.project,
        c.upstream, Arrays.toString(c.sum.parts()), c.calls, c.first, c.firstOrigin(), c.last);
  }

  /**
   * A saved answer's diagnostics with one group's pricing notices replaced: each of the old ones must be there with
   * at least its count. Null when one is not.
   */
  private static List<Diagnostic> replaceCounts(List<Diagnostic> saved, List<Diagnostic> was, List<Diagnostic> now) {
    Map<List<Object>, Diagnostic> byKind = new java.util.LinkedHashMap<>();
    for (Diagnostic x : saved) {
      if (byKind.put(kind(x), x) != null) {
        return null; // not folded: never expected
      }
    }
    for (Diagnostic x : was) {
      Diagnostic s = byKind.get(kind(x));
      if (s == null || s.count() < x.count()) {
        return null;
      }
      if (s.count() == x.count()) {
        byKind.remove(kind(x));
      } else {
        byKind.put(kind(x), s.withCount(s.count() - x.count()));
      }
    }
    Diagnostics out = new Diagnostics();
    out.addAll(byKind.values());
    out.addAll(now);
    return out.toList();
  }

  private static List<Object> kind(Diagnostic d) {
    return Arrays.asList(d.severity(), d.code(), d.sourceId(), d.file(), d.message());
  }

  /**
   * The per-call records behind a saved answer, decoded when a view first needs them: a log whose section the index
   * no longer has (damaged, or the index replaced twice since) is read again from the log itself.
   */
  private List<PricedRecord> materialize(
      List<IndexEntry> current, List<IndexEntry> retained, Lazy<Map<IndexEntry.Key, Task>> tasks,
      EnrichmentStore.Answers answers) {
    List<IndexEntry> whole = new ArrayList<>(current.size());
    FileScanner scanner = null;
    for (IndexEntry e : current) {
      Task t = tasks.get().get(e.key());
      if (t != null && e.records() instanceof RecordSection rs && rs.lost()) {
        if (scanner == null) {
          scanner = new FileScanner(config.maxLineBytes());
        }
        Done again = full(scanner, t, null, 0);
        whole.add(again.entry() != null ? again.entry() : e);
      } else {
        whole.add(e);
      }
    }
    return combine(whole, retained, answers).records().get();
  }

  /**
   * The per-call records behind a saved answer, a group of files at a time (see {@link RecordGroups}): each file's
   * section is decoded for one pass and not kept; a log whose section the index no longer has is read again from
   * the log, as {@link #materialize} does.
   */
  private RecordGroups byGroup(
      List<IndexEntry> current, List<IndexEntry> retained, Lazy<Map<IndexEntry.Key, Task>> tasks,
      EnrichmentStore.Answers answers) {
    // the entries as they are now, made when the groups are first asked for (an unchanged scan's are decoded then)
    java.util.function.Supplier<List<IndexEntry>> found = Deferred.later(current);
    java.util.function.Supplier<List<IndexEntry>> gone = Deferred.later(retained);
    java.util.function.Supplier<List<IndexEntry>> all = () -> {
      List<IndexEntry> both = new ArrayList<>(found.get().size() + gone.get().size());
      both.addAll(found.get());
      both.addAll(gone.get());
      return both;
    };
    // made only if a section is lost and its log must be read again: a no-change scan of 50,000 files spent 10 ms on it
    Lazy<Set<IndexEntry.Key>> existing = Lazy.of(() -> {
      Set<IndexEntry.Key> keys = new HashSet<>(Math.max(16, found.get().size() * 4 / 3 + 1));
      for (IndexEntry e : found.get()) {
        keys.add(e.key());
      }
      return keys;
    });
    RecordGroups.Reader reader = new RecordGroups.Reader() {
      @Override
      public List<UsageRecord> read(IndexEntry e, SectionReads reads) {
        if (!(e.records() instanceof RecordSection rs)) {
          return e.records();
        }
        List<UsageRecord> r = rs.readOnce(reads);
        if (r != null) {
          return r;
        }
        Task t = existing.get().contains(e.key()) ? tasks.get().get(e.key()) : null;
        if (t != null) {
          Done again = full(new FileScanner(config.maxLineBytes()), t, null, 0);
          if (again.entry() != null) {
            return again.entry().records();
          }
        }
        return List.of();
      }

      @Override
      public void keys(IndexEntry e, RecordGroups.Keys keys, SectionReads reads) {
        // finding the groups needs only each record's session and deduplication group: no record is made
        if (!(e.records() instanceof RecordSection rs) || !rs.keysOnce(keys, reads)) {
          RecordGroups.keysOf(read(e, reads), keys);
        }
      }
    };
    return new RecordGroups(all, reader, records -> priced(records, answers));
  }

  /**
   * The counted calls of some records, as {@link #combine} counts them: deduplicated, priced and in time order.
   * Equal to what {@link #combine} gives for the same records when they are whole groups (see {@link RecordGroups}).
   */
  List<PricedRecord> priced(List<UsageRecord> records, EnrichmentStore.Answers answers) {
    Dedup.Result deduped = Dedup.apply(records);
    Pricer pricer = new Pricer(config.prices(), config.costMode());
    PricedRecord[] priced = new PricedRecord[deduped.kept().size()];
    boolean enrich = !answers.isEmpty();
    int i = 0;
    for (UsageRecord r : deduped.kept()) {
      Optional<Enrichment> e = enrich ? enrichment(r, answers) : Optional.empty();
      priced[i++] = new PricedRecord(r, pricer.cost(r, e), e);
    }
    Arrays.sort(priced, IN_TIME_ORDER);
    return List.of(priced);
  }

  /**
   * The session facts of the files, merged when first looked at (they are in the index's directory: no record is
   * read; a report that names no session never merges them).
   */
  private static Map<SessionRef, SessionFacts> mergedFacts(List<IndexEntry> current, List<IndexEntry> retained) {
    java.util.function.Supplier<List<IndexEntry>> found = Deferred.later(current);
    java.util.function.Supplier<List<IndexEntry>> gone = Deferred.later(retained);
    return Deferred.map(() -> {
      List<FactsMerger.FileFacts> facts = new ArrayList<>(found.get().size() + gone.get().size());
      for (List<IndexEntry> files : List.of(found.get(), gone.get())) {
        for (IndexEntry e : files) {
          for (SessionFacts f : e.facts()) {
            facts.add(new FactsMerger.FileFacts(e.file(), f));
          }
        }
      }
      return Map.copyOf(FactsMerger.merge(facts));
    });
  }

  static IndexState.Stored storedOf(Assembled a, long fingerprint) {
    return new IndexState.Stored(fingerprint, a.rollup(), a.recordsRead(), a.duplicatesDropped(), a.unpricedCalls(),
        a.retainedCalls(), a.malformedLines(), a.diagnostics(), a.groups(), a.enrichedCalls());
  }

  /** Bumped whenever what the rollup holds or how it is computed changes. */
  static final int ROLLUP_REVISION = 2;

  /**
   * What a combined answer is a function of: every used entry's file and how far it was read (its identity, offset
   * and record count), which entries are retained, the prices and the cost mode. Independent of order; no record
   * is decoded.
   */
  long fingerprint(
      Map<IndexEntry.Key, IndexEntry> used, Set<IndexEntry.Key> retained, EnrichmentStore.Answers answers) {
    return fingerprint(entriesPart(used, retained), used.size(), answers);
  }

  private long fingerprint(long acc, int entries, EnrichmentStore.Answers answers) {
    long c = mix(config.prices().fingerprint() ^ config.costMode().ordinal());
    c = mix(c ^ answers.fingerprint());
    c = mix(c ^ ((long) ENGINE_REVISION << 32 | ROLLUP_REVISION));
    return mix(acc ^ c ^ entries);
  }

  /**
   * {@link #entriesPart} of the used entries when every indexed file was found and none is retained: the previous
   * entries' sum with each changed file's part replaced and each new file's added, not a sum over every entry again.
   * Summed over the used entries when they are not exactly those (a file found but not read into an entry).
   */
  static long changedPart(IndexState previous, List<Done> done, Map<IndexEntry.Key, IndexEntry> used) {
    long part = previous.entriesPart();
    int count = previous.size();
    for (Done d : done) {
      if (d.entry() != null && d.entry() != d.previous()) {
        part += d.entry().fingerprintPart(false);
        if (d.previous() != null) {
          part -= d.previous().fingerprintPart(false);
        } else {
          count++;
        }
      }
    }
    return count == used.size() ? part : entriesPart(used, Set.of());
  }

  /** The sum of the entries' fingerprint parts, retained ones marked ({@link IndexState#entriesPart} sums its own). */
  static long entriesPart(Map<IndexEntry.Key, IndexEntry> used, Set<IndexEntry.Key> retained) {
    long acc = 0;
    boolean none = retained.isEmpty();
    for (IndexEntry e : used.values()) {
      acc += e.fingerprintPart(!none && retained.contains(e.key()));
    }
    return acc;
  }

  private static long mix(long z) {
    return IndexEntry.mix(z);
  }

  private static boolean sameInstances(Map<IndexEntry.Key, IndexEntry> a, Map<IndexEntry.Key, IndexEntry> b) {
    if (a == b) {
      return true; // an index state's own entries (it is immutable), as the last scan used them
    }
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<IndexEntry.Key, IndexEntry> e : b.entrySet()) {
      if (a.get(e.getKey()) != e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Deduplicates, prices and merges the files' records.
   *
   * @param current the entries of the files that exist
   * @param retained the entries of files that no longer exist, kept from the index
   * @param answers what enrichers fetched earlier
   * @return the combined result
   */
  Assembled combine(List<IndexEntry> current, List<IndexEntry> retained, EnrichmentStore.Answers answers) {
    long t0 = System.nanoTime();
    Diagnostics diagnostics = new Diagnostics();
    int total = 0;
    for (IndexEntry e : current) {
      total += e.records().size();
    }
    for (IndexEntry e : retained) {
      total += e.records().size();
    }
    List<UsageRecord> all = new ArrayList<>(total);
    long malformed = 0;
    for (IndexEntry e : current) {
      all.addAll(e.records());
      diagnostics.addAll(e.diagnostics());
      malformed = TokensMath.add(malformed, e.malformedLines());
    }
    Set<Path> missing = new HashSet<>();
    Map<String, long[]> retainedBySource = new TreeMap<>();
    for (IndexEntry e : retained) {
      all.addAll(e.records());
      missing.add(e.file());
      retainedBySource.computeIfAbsent(e.sourceId(), k -> new long[2])[0]++;
    }
    // the groups the index keeps for the next appends: from the same calls, on a thread of their own meanwhile
    java.util.concurrent.FutureTask<DedupGroups> groups = all.size() < PARALLEL_GROUPS || config.parallelism() < 2
        ? null : Background.start("cream-dedup-groups", () -> DedupGroups.of(all));
    List<IndexEntry> lost = new ArrayList<>();
    for (List<IndexEntry> list : List.of(current, retained)) {
      for (IndexEntry e : list) {
        if (e.records() instanceof RecordSection s && s.lost()) {
          lost.add(e);
        }
      }
    }
    if (!lost.isEmpty()) {
      IndexLoss.report(lost, diagnostics, null);
    }
    Dedup.Result deduped = Dedup.apply(all);
    long tDedup = System.nanoTime();
    Pricer pricer = new Pricer(config.prices(), config.costMode());
    PricedRecord[] priced = new PricedRecord[deduped.kept().size()];
    long retainedCalls = 0;
    long enrichedCalls = 0;
    Map<String, long[]> tokensDiffer = new TreeMap<>();
    boolean enrich = !answers.isEmpty();
    int i = 0;
    for (UsageRecord r : deduped.kept()) {
      Optional<Enrichment> e = enrich ? enrichment(r, answers) : Optional.empty();
      priced[i++] = new PricedRecord(r, pricer.cost(r, e), e);
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
    reportCounts(retainedBySource, tokensDiffer, diagnostics);
    if (LOG.isDebugEnabled()) {
      LOG.debug("combined {} records: dedup {} ms, pricing {} ms", all.size(), (tDedup - t0) / 1_000_000,
          (System.nanoTime() - tDedup) / 1_000_000);
    }
    pricer.report(diagnostics);
    Map<SessionRef, SessionFacts> merged = mergedFacts(current, retained);
    Rollup rollup = Rollup.of(Arrays.asList(priced));
    // put in time order only when a view of the records asks: a report from the cells never does (200,000 calls:
    // ~150 ms of a fresh process's sorting, the records reached at random through the heap)
    Lazy<List<PricedRecord>> records = Lazy.of(new InTimeOrder(priced));
    return new Assembled(
        records, rollup, merged, diagnostics.toList(), all.size(), deduped.dropped(),
        pricer.unpricedCalls(), retainedCalls, malformed, evaluator(records, null), new SnapshotData.Memo(),
        groups == null ? DedupGroups.of(all) : Background.join(groups, "grouping the calls"), enrichedCalls, null);
  }

  /** Counted calls put in time order when first asked for; the array is this object's alone. */
  private record InTimeOrder(PricedRecord[] priced) implements java.util.function.Supplier<List<PricedRecord>> {
    @Override
    public List<PricedRecord> get() {
      Arrays.sort(priced, IN_TIME_ORDER);
      return List.of(priced);
    }
  }

  /** From how many calls a combine groups them on a second thread (below, a thread costs more than it saves). */
  private static final int PARALLEL_GROUPS = 20_000;

  /**
   * The INFO diagnostics of a combine's counts: transcripts that no longer exist whose calls the index keeps (per
   * source: files, calls), and enriched calls whose token counts differ from the log's (per source and enricher,
   * keyed {@code source + '\u0000' + enricher}).
   */
  static void reportCounts(
      Map<String, long[]> retainedBySource, Map<String, long[]> tokensDiffer, Diagnostics diagnostics) {
    retainedBySource.forEach(
        (source, c) ->
            diagnostics.add(
                Diagnostic.of(Severity.INFO, "cream.index.retained",
                        "records of " + c[0] + (c[0] == 1 ? " transcript file" : " transcript files")
                            + " that no longer exist are kept from the scan index (" + c[1]
                            + (c[1] == 1 ? " call" : " calls") + " counted)")
                    .withSource(source)
                    .withCount(c[0])));
    tokensDiffer.forEach(
        (k, n) -> {
          int at = k.indexOf('\u0000');
          diagnostics.add(
              Diagnostic.of(Severity.INFO, "cream.enrich.tokens-differ",
                      n[0] + (n[0] == 1 ? " enriched call has" : " enriched calls have") + " token counts from "
                          + k.substring(at + 1) + " that differ from the log's (prompt, cache reads or output);"
                          + " both are kept: reports count the log's tokens, the timeline's JSON shows the other"
                          + " counts too")
                  .withSource(k.substring(0, at))
                  .withCount(n[0]));
        });
  }

  /**
   * What {@link #combine} gives, one file's records at a time (see {@link SectionCombine}): the counted calls are
   * folded into the rollup as they are found, and the per-call records are decoded again only if a view asks.
   */
  private Assembled combineSections(
      List<IndexEntry> current, List<IndexEntry> retained, Lazy<Map<IndexEntry.Key, Task>> tasks,
      EnrichmentStore.Answers answers, SpillFile spill) {
    long t0 = System.nanoTime();
    Pricer pricer = new Pricer(config.prices(), config.costMode());
    SectionCombine.Result c = new SectionCombine(pricer, answers.isEmpty() ? null : r -> enrichment(r, answers))
        .run(current, retained, spill);
    Diagnostics diagnostics = c.diagnostics();
    pricer.report(diagnostics);
    LOG.debug("combined {} records one file at a time in {} ms", c.recordsRead(), (System.nanoTime() - t0) / 1_000_000);
    Lazy<List<PricedRecord>> records = Lazy.of(() -> materialize(current, retained, tasks, answers));
    RecordGroups byGroup = byGroup(current, retained, tasks, answers);
    return new Assembled(
        records, c.rollup(), mergedFacts(current, retained), diagnostics.toList(), c.recordsRead(),
        c.duplicatesDropped(), pricer.unpricedCalls(), c.retainedCalls(), c.malformedLines(),
        evaluator(records, byGroup), new SnapshotData.Memo(), c.groups(), c.enrichedCalls(), byGroup);
  }

  /**
   * The cache evaluator over the calls: over the records in memory when they are (or when there is no other way to
   * read them), else over the groups of files, read one at a time.
   */
  private Lazy<CacheEvaluator> evaluator(Lazy<List<PricedRecord>> records, RecordGroups byGroup) {
    return Lazy.of(() -> byGroup == null || records.isDone()
        ? new CacheEvaluator(config.strategies(), config.prices(), records.get())
        : new CacheEvaluator(config.strategies(), config.prices(), byGroup::forEach));
  }

  /** What the first enricher that has a key for a call found about it, if anything. */
  private Optional<Enrichment> enrichment(UsageRecord r, EnrichmentStore.Answers answers) {
    for (ProviderLoader.Loaded<Enricher> l : config.enrichers()) {
      Optional<String> key = EnrichmentRun.key(l.instance(), r);
      if (key.isPresent()) {
        Optional<Enrichment> e = answers.found(l.info().id(), key.get());
        if (e.isPresent()) {
          return e;
        }
      }
    }
    return Optional.empty();
  }

  private static final Comparator<PricedRecord> IN_TIME_ORDER =
      (a, b) -> {
        int c = a.record().timestamp().compareTo(b.record().timestamp());
        return c != 0 ? c : a.record().origin().compareTo(b.record().origin());
      };

  /**
   * The snapshot's data: a combined result with this scan's counters and problems.
   *
   * @param asOf when the scan started
   * @param done what each file's update did (for the counters of this scan)
   * @param a the combined records
   * @param retainedFiles how many files no longer exist
   * @param statuses what each source found
   * @param diagnostics problems of this scan so far
   * @param t0 the scan's start, from {@link System#nanoTime()}
   * @return the snapshot's data
   */
  SnapshotData assemble(
      Instant asOf,
      List<Done> done,
      Assembled a,
      int retainedFiles,
      List<SourceStatus> statuses,
      Diagnostics diagnostics,
      long t0) {
    long filesRead = 0;
    long bytes = 0;
    long lines = 0;
    boolean unchanged = Deferred.pending(done); // nothing was read (see UnchangedFiles): its entries stay undecoded
    for (Done d : unchanged ? List.<Done>of() : done) {
      bytes += d.extraBytes();
      if (d.result() != null) {
        if (d.result().readable()) {
          filesRead++;
        }
        bytes += d.result().bytesRead();
        lines += d.result().linesRead();
      }
    }
    diagnostics.addAll(a.diagnostics());
    ScanStats stats =
        new ScanStats(
            done.size(), filesRead, bytes, lines, a.malformedLines(), a.recordsRead(), a.duplicatesDropped(),
            a.unpricedCalls(), a.retainedCalls(), Duration.ofNanos(System.nanoTime() - t0), a.enrichedCalls());
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "scanned {} files ({} read, {} bytes, {} lines, {} kept from missing files): {} calls counted of {} records",
          done.size(), filesRead, bytes, lines, retainedFiles, a.rollupCalls(), a.recordsRead());
    }
    ScannedFiles files = unchanged ? ScannedFiles.later(() -> scannedFiles(done)) : scannedFiles(done);
    return new SnapshotData(
        asOf, a.records(), a.rollup(), a.facts(), diagnostics.toList(), stats, statuses, config.strategies(),
        config.prices(), a.cache(), a.memo(), files, a.byGroup());
  }

  private static ScannedFiles scannedFiles(List<Done> done) {
    List<ScannedFiles.ScannedFile> files = new ArrayList<>(done.size());
    for (Done d : done) {
      if (d.entry() != null) {
        files.add(new ScannedFiles.ScannedFile(d.task().source(), d.task().context(), d.entry()));
      }
    }
    return new ScannedFiles(files);
  }

}
