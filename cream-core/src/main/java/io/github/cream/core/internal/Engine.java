package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CostMode;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.ScanStats;
import io.github.cream.core.SourceStatus;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scan: asks each source for its roots and files, reads the files in parallel on a bounded pool (largest
 * first, so the work balances), then deduplicates, prices and merges. Thread-safe; holds no state between scans.
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
      List<Diagnostic> setupDiagnostics) {

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
     */
    public Config {
      Objects.requireNonNull(environment, "environment");
      sources = List.copyOf(sources);
      rootOverrides = Map.copyOf(rootOverrides);
      strategies = List.copyOf(strategies);
      Objects.requireNonNull(prices, "prices");
      Objects.requireNonNull(costMode, "costMode");
      setupDiagnostics = List.copyOf(setupDiagnostics);
    }
  }

  /** One file to read. */
  record Task(Source source, FileContext context, long size) {}

  private final Config config;

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
   * Runs a full scan.
   *
   * @return what the scan produced
   */
  public SnapshotData scan() {
    long t0 = System.nanoTime();
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
    List<SourceStatus> statuses = new ArrayList<>();
    for (ProviderLoader.Loaded<Source> loaded : config.sources()) {
      Source source = loaded.instance();
      List<Path> roots = roots(source, diagnostics);
      long files = 0;
      Set<Path> seen = new HashSet<>();
      for (Path root : roots) {
        if (!Files.exists(root)) {
          continue;
        }
        List<Path> found;
        try {
          found = source.discover(root, new Walker(config.environment(), source.id(), diagnostics));
        } catch (RuntimeException | LinkageError e) {
          diagnostics.add(
              Diagnostic.of(Severity.ERROR, "cream.source.failed",
                      "the source failed to list its files (" + e.getClass().getSimpleName() + ")")
                  .withSource(source.id())
                  .at(root));
          continue;
        }
        if (found == null) {
          continue;
        }
        for (Path f : found) {
          if (f == null) {
            continue;
          }
          Path abs = f.toAbsolutePath().normalize();
          if (!seen.add(identity(abs))) {
            continue; // the same file under two roots (a symlinked config directory, say)
          }
          files++;
          tasks.add(new Task(source, new FileContext(source.id(), root, abs, config.environment()), size(abs)));
        }
      }
      statuses.add(new SourceStatus(loaded.info(), roots, files));
    }
    List<FileResult> results = read(tasks);
    return assemble(asOf, results, statuses, diagnostics, t0);
  }

  private static Path identity(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException | RuntimeException e) {
      return p;
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Reads files on the bounded pool, largest first.
   *
   * @param tasks the files
   * @return one result per file, in the tasks' order after sorting by size
   */
  List<FileResult> read(List<Task> tasks) {
    List<Task> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparingLong(Task::size).reversed().thenComparing(t -> t.context().file()));
    int threads = Math.max(1, Math.min(config.parallelism(), sorted.size()));
    List<FileResult> out = new ArrayList<>(sorted.size());
    if (threads == 1) {
      FileScanner scanner = new FileScanner(config.maxLineBytes());
      for (Task t : sorted) {
        out.add(readOne(scanner, t));
      }
      return out;
    }
    ThreadLocal<FileScanner> scanners = ThreadLocal.withInitial(() -> new FileScanner(config.maxLineBytes()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
    try {
      List<Future<FileResult>> futures = new ArrayList<>(sorted.size());
      for (Task t : sorted) {
        futures.add(pool.submit(() -> readOne(scanners.get(), t)));
      }
      for (Future<FileResult> f : futures) {
        out.add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the scan was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a file scan failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static FileResult readOne(FileScanner scanner, Task t) {
    return scanner.scan(t.source(), t.context(), 0, 0, ResumeState.initial());
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "cream-scan-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Deduplicates, prices and merges file results into the snapshot's data.
   *
   * @param asOf when the scan started
   * @param results every file's result
   * @param statuses what each source found
   * @param diagnostics problems so far
   * @param t0 the scan's start, from {@link System#nanoTime()}
   * @return the snapshot's data
   */
  SnapshotData assemble(
      Instant asOf, List<FileResult> results, List<SourceStatus> statuses, Diagnostics diagnostics, long t0) {
    List<UsageRecord> all = new ArrayList<>();
    List<FactsMerger.FileFacts> facts = new ArrayList<>();
    long filesRead = 0;
    long bytes = 0;
    long lines = 0;
    long malformed = 0;
    for (FileResult r : results) {
      all.addAll(r.records());
      for (SessionFacts f : r.facts()) {
        facts.add(new FactsMerger.FileFacts(r.file(), f));
      }
      diagnostics.addAll(r.diagnostics());
      if (r.readable()) {
        filesRead++;
      }
      bytes += r.bytesRead();
      lines += r.linesRead();
      malformed += r.malformedLines();
    }
    Dedup.Result deduped = Dedup.apply(all);
    Pricer pricer = new Pricer(config.prices(), config.costMode());
    List<PricedRecord> priced = new ArrayList<>(deduped.kept().size());
    for (UsageRecord r : deduped.kept()) {
      priced.add(new PricedRecord(r, pricer.cost(r)));
    }
    priced.sort(
        Comparator.comparing((PricedRecord p) -> p.record().timestamp()).thenComparing(p -> p.record().origin()));
    pricer.report(diagnostics);
    Map<SessionRef, SessionFacts> merged = FactsMerger.merge(facts);
    ScanStats stats =
        new ScanStats(
            results.size(), filesRead, bytes, lines, malformed, all.size(), deduped.dropped(), pricer.unpricedCalls(),
            0, Duration.ofNanos(System.nanoTime() - t0));
    LOG.debug(
        "scanned {} files ({} bytes, {} lines): {} calls counted of {} records read",
        results.size(), bytes, lines, priced.size(), all.size());
    List<PricedRecord> frozen = List.copyOf(priced);
    return new SnapshotData(
        asOf, frozen, merged, diagnostics.toList(), stats, statuses, config.strategies(), config.prices(),
        new CacheEvaluator(config.strategies(), config.prices(), frozen));
  }

}
