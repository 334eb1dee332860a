package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Severity;
import io.github.cream.core.internal.Diagnostics;
import io.github.cream.core.internal.DiskIndex;
import io.github.cream.core.internal.EnrichmentRun;
import io.github.cream.core.internal.EnrichmentStore;
import io.github.cream.core.internal.Engine;
import io.github.cream.core.internal.FileScanner;
import io.github.cream.core.internal.IndexOnlyScan;
import io.github.cream.core.internal.Prices;
import io.github.cream.core.internal.ProviderLoader;
import io.github.cream.core.internal.ScanIndex;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.Enricher;
import io.github.cream.spi.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's entry point: configure once with {@link #builder()}, then {@link #scan()} as often as needed.
 *
 * <p>A {@code Cream} instance is immutable and thread-safe. Building it discovers the {@link Source}s and
 * {@link CacheStrategy}s on the class path and module path (plus any registered with the builder) and loads the
 * price table; scanning reads the logs and returns an immutable {@link UsageSnapshot}. Nothing is read from or
 * sent to the network, except by {@link #enrich}, which the user asks for explicitly.
 *
 * <h2>The scan index</h2>
 * Scans keep a persistent index, by default in {@code $XDG_CACHE_HOME/cream/} ({@code ~/.cache/cream/}): per
 * transcript, its size, modification time, file key and a fingerprint of its head and of the bytes before the
 * point where reading stopped, the parser's state there, and the records, session facts and problems it gave. A
 * later scan does not open files whose metadata did not change, reads only the bytes appended to the others, and
 * reads a file again from its start only when it shrank, was replaced or was rewritten (its fingerprints differ);
 * a file read again has its old records replaced, never added to. Deduplication runs over all records, old and new,
 * so the result is exactly that of a full scan. The index holds ids, models, token counts, costs, timestamps,
 * session facts (titles, working directories) and problem locations, never prompts or outputs.
 *
 * <p><b>History outlives the logs.</b> Claude Code deletes transcripts after 30 days. The records of a transcript
 * that no longer exists stay in the index and keep counting, reported as {@link ScanStats#retainedFromMissingFiles()}
 * and an INFO diagnostic {@code cream.index.retained}. {@link #forgetMissingFiles()} drops them on purpose.
 *
 * <p>Scans of one index, by threads or processes, take turns (an OS file lock); a scan that cannot get its turn
 * within {@link Builder#indexLockTimeout(Duration)} scans without saving. A damaged or foreign index is never
 * trusted: a WARNING diagnostic ({@code cream.index.corrupt}, {@code cream.index.version}) and it is rebuilt. See
 * {@link Builder#noIndex()} to do without.
 *
 * <h2>Enrichment</h2>
 * Calls routed through a service such as OpenRouter are logged with the router as their provider: what the call
 * really cost, and which upstream provider served it (and whose prompt cache it used), is known only to the router.
 * {@link #enrich} asks the router, through the {@link Enricher}s on the path, about every such call not asked about
 * before, and keeps the answers in the cache directory next to the scan index (in a file of their own). Every later
 * scan applies them: a cost {@linkplain io.github.cream.api.CostProvenance#ENRICHED enriched} (chosen by
 * {@link CostMode#AUTO} and {@link CostMode#ENRICHED}), the {@linkplain PricedRecord#upstreamProvider() upstream
 * provider} per call, session and report, and cache verdicts judged for the real upstream provider. It is opt-in:
 * only an engine built with {@link Builder#enrich(EnrichOptions)} can enrich, and only the calls' keys (OpenRouter's
 * generation ids) are sent. Without answers every figure is what it was.
 *
 * <h2>Sessions and messages</h2>
 * A session browser asks {@link #detect(Path)} which sources have sessions in a project, lists them with
 * {@link #sessions(Path)} (facts, totals, cache verdict, the source's {@linkplain #capabilities(String)
 * capabilities}), and opens one with {@link #messages(String, String)} or, to follow it while the agent writes, a
 * {@link #openMessages(String, String) cursor}. Messages are read from the logs on request and never stored;
 * session ids and project directories are only compared with what the scan found, never turned into paths.
 *
 * <pre>{@code
 * Cream cream = Cream.builder().build();                 // this machine, every source found
 * UsageSnapshot snapshot = cream.scan();
 * Report days = snapshot.daily(ZoneId.systemDefault());
 * days.rows().forEach(r -> System.out.println(r.key() + "  " + r.totals().cost()));
 * snapshot.diagnostics().forEach(System.err::println);  // what was skipped, and where; never log content
 * }</pre>
 */
public final class Cream {

  /** Artifacts that ship the built-in sources, for the "not on the path" message. */
  private static final Map<String, String> KNOWN_ARTIFACTS =
      Map.of(
          "claude", "cream-source-claude",
          "codex", "cream-source-codex",
          "pi", "cream-source-pi",
          "openclaw", "cream-source-pi");

  /** How long a scan waits, by default, for another scan of the same index. */
  public static final Duration DEFAULT_INDEX_LOCK_TIMEOUT = Duration.ofSeconds(10);

  /** How long, by default, a changed file must be quiet before a watch rescans. */
  public static final Duration DEFAULT_WATCH_DEBOUNCE = Duration.ofMillis(200);

  /** How often a watch polls when file notifications do not work here. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private final Engine engine;
  private final List<ProviderInfo> sources;
  private final List<ProviderInfo> strategies;
  private final List<ProviderInfo> enrichers;
  private final EnrichOptions enrichOptions;
  private final ScanIndex index;
  private final Path indexDirectory;
  private final Duration watchDebounce;
  private final Duration watchPolling;
  private final List<SourceCapabilities> capabilities;

  private Cream(Engine engine, Path indexDirectory, ScanIndex index, Duration watchDebounce,
      Duration watchPolling, EnrichOptions enrichOptions) {
    this.engine = engine;
    this.enrichOptions = enrichOptions;
    this.indexDirectory = indexDirectory;
    this.index = index;
    this.watchDebounce = watchDebounce;
    this.watchPolling = watchPolling;
    this.sources = engine.config().sources().stream().map(ProviderLoader.Loaded::info).toList();
    this.strategies = engine.config().strategies().stream().map(ProviderLoader.Loaded::info).toList();
    this.enrichers = engine.config().enrichers().stream().map(ProviderLoader.Loaded::info).toList();
    this.capabilities =
        engine.config().sources().stream().map(l -> SourceCapabilities.of(l.instance())).toList();
  }

  /**
   * A builder with the defaults: the system environment, every provider on the path, the bundled prices, cost
   * mode {@link CostMode#AUTO}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Scans every source's logs, incrementally through the scan index (unless {@link Builder#noIndex()}).
   * Thread-safe: concurrent scans of one index take turns.
   *
   * <p>An instance that scans again and again (a menu-bar app, a dashboard) pays for what changed: files whose
   * metadata did not change are not opened. On Linux, from its second scan that found nothing changed, it also
   * watches the directories under the sources' roots and the index directory (inotify; local file systems, no
   * symbolic link below a root): while nothing there changes, a scan gives the last answer again, at its own
   * {@code asOf}, without listing or looking at any file. Any change (or a tree it cannot watch completely) brings
   * the full look back at once.
   *
   * @return the result
   */
  public UsageSnapshot scan() {
    return new UsageSnapshot(engine.scan(index).data(), Filter.all());
  }

  /**
   * How many scans of this instance found nothing changed since the index's last save, decoding no entry (for
   * tests).
   */
  long unchangedScans() {
    return engine.unchangedScans();
  }

  /** For tests: how many scans added what files appended to the saved answer. */
  long appendedScans() {
    return engine.appendedScans();
  }

  /** How many of this instance's scans gave the last answer again, nothing having changed since (for tests). */
  long quietRescans() {
    return engine.quietRescans();
  }

  /**
   * Answers from the saved scan index, reading again only the given files: no source lists its files and no other
   * file is opened or even looked at, so the cost is the index and what the given files appended since it was last
   * saved. For callers that know which log changed, such as a status line refreshed after each message of a
   * session (Claude Code names its transcript).
   *
   * <p>The answer equals a {@link #scan()}'s when only the given files changed since the last scan (same
   * deduplication and pricing rules). Other logs that changed meanwhile are counted as the index last saw them:
   * stale, but consistent, and the next {@link #scan()} catches up. When the index cannot answer this way (no index,
   * no saved answer for this instance's sources and prices, a file the index does not know yet or that was
   * rewritten, the source's code changed, an appended call that joins the calls of another file's session), a normal
   * {@link #scan()} runs instead; {@link IndexedScan#fromIndex()} says which happened. An appended call that repeats
   * one already counted (the next line of a streamed response) combines again only the files of that call's session
   * and copies; the first such call of an index state reads every file's records once to learn which those are.
   *
   * <p>The index is updated with the given files' new state and the answer for it, which is what a normal scan
   * saves when only those files changed: the state of every other file is kept as it was.
   *
   * @param files the logs to read again (absolute or relative paths of files under a source's roots)
   * @return the answer, and the calls of the given files alone
   */
  public IndexedScan scanFromIndex(java.util.Collection<Path> files) {
    Objects.requireNonNull(files, "files");
    lastIndexSave.set(System.nanoTime());
    return new IndexedScan(new IndexOnlyScan(engine).scan(index, List.copyOf(files)));
  }

  /**
   * {@link #scanFromIndex(java.util.Collection)} for a caller that asks many times a minute (a long-lived process
   * serving a status line): what the given files appended is saved in the index only when this instance last saved
   * it at least {@code saveInterval} ago. In between, each call answers exactly as the other method would and
   * reads again what the files appended since the last save (a few kilobytes per message), instead of writing the
   * index each time. A normal {@link #scan()}, and any fallback to one, saves as always; nothing a call reads is
   * lost when the process ends before the next save, since the logs hold it.
   *
   * @param files the logs to read again (absolute or relative paths of files under a source's roots)
   * @param saveInterval the least time between two saves of the index by this method ({@link Duration#ZERO}: every
   *     call saves, as {@link #scanFromIndex(java.util.Collection)} does)
   * @return the answer, and the calls of the given files alone
   * @throws IllegalArgumentException if {@code saveInterval} is negative
   */
  public IndexedScan scanFromIndex(java.util.Collection<Path> files, Duration saveInterval) {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(saveInterval, "saveInterval");
    if (saveInterval.isNegative()) {
      throw new IllegalArgumentException("saveInterval must not be negative: " + saveInterval);
    }
    long now = System.nanoTime();
    long last = lastIndexSave.get();
    boolean save = last == NEVER_SAVED || Duration.ofNanos(now - last).compareTo(saveInterval) >= 0;
    if (save) {
      lastIndexSave.set(now);
    }
    return new IndexedScan(new IndexOnlyScan(engine).scan(index, List.copyOf(files), save));
  }

  /** {@link #lastIndexSave} before any save. */
  private static final long NEVER_SAVED = Long.MIN_VALUE;

  /** When {@link #scanFromIndex} last let the index be saved ({@link System#nanoTime()}). */
  private final java.util.concurrent.atomic.AtomicLong lastIndexSave =
      new java.util.concurrent.atomic.AtomicLong(NEVER_SAVED);

  /**
   * Enriches: asks the enrichers' services (OpenRouter) about every call they can enrich that has no answer yet,
   * and keeps the answers in the cache directory, so that this and every later scan applies them. Opt-in: the
   * engine must have been built with {@link Builder#enrich(EnrichOptions)}. Only the calls' keys are sent, with
   * the credential the options name; nothing else leaves the machine.
   *
   * <p>Each key is asked once ever when the service knows it; one it does not know yet is asked again by later
   * runs, a bounded number of times. Requests are bounded in number at once and per second, each has a timeout, and
   * transient failures (429 with its {@code Retry-After}, 5xx, timeouts, dropped connections) are retried with
   * backoff. Interrupting the calling thread stops the run; every answer received is kept, and the next run asks
   * only about the rest. Runs on one cache directory take turns: one that finds another running asks nothing (a
   * {@code cream.enrich.busy} diagnostic).
   *
   * @param listener hears the progress, from the run's threads
   * @return what the run did; its diagnostics say what went wrong (never a credential)
   * @throws IllegalStateException if the engine was not built with {@link Builder#enrich(EnrichOptions)}
   */
  public EnrichResult enrich(EnrichListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (enrichOptions == null) {
      throw new IllegalStateException(
          "enrichment is opt-in: build the engine with Cream.builder().enrich(EnrichOptions) to use it");
    }
    UsageSnapshot snapshot = scan();
    // only the calls some enricher has a key for, read a group of files at a time, in the calls' order
    List<io.github.cream.api.UsageRecord> calls = new ArrayList<>();
    snapshot.data().forEachGroup(group -> {
      for (PricedRecord p : group) {
        if (EnrichmentRun.enrichable(engine.config().enrichers(), p.record())) {
          calls.add(p.record());
        }
      }
    });
    calls.sort(java.util.Comparator.comparing(io.github.cream.api.UsageRecord::timestamp)
        .thenComparing(io.github.cream.api.UsageRecord::origin));
    return new EnrichmentRun(engine.config().enrichers(), engine.config().enrichments(), enrichOptions,
        environment(), listener).run(calls);
  }

  /**
   * {@link #enrich(EnrichListener)} without progress.
   *
   * @return what the run did
   * @throws IllegalStateException if the engine was not built with {@link Builder#enrich(EnrichOptions)}
   */
  public EnrichResult enrich() {
    return enrich(EnrichListener.NONE);
  }

  /**
   * Where the answers of {@link #enrich} are kept.
   *
   * @return the file, or empty with {@link Builder#noIndex()}
   */
  public Optional<Path> enrichmentFile() {
    return engine.config().enrichments().file();
  }

  /**
   * Watches the sources' logs and tells a listener about new records and cache-state changes as agents write.
   * The listener first receives the complete current state, then one update per change (see {@link Watch}).
   *
   * <pre>{@code
   * Watch watch = cream.watch(update -> render(update.snapshot()));
   * ...
   * watch.close();
   * }</pre>
   *
   * @param listener receives the updates, on the watch's thread
   * @return the running watch; close it to stop
   */
  public Watch watch(WatchListener listener) {
    Objects.requireNonNull(listener, "listener");
    return new Watch(engine, indexDirectory == null ? ScanIndex.memory() : index, listener, watchDebounce,
        watchPolling, DEFAULT_POLL_INTERVAL);
  }

  /**
   * Which sources have sessions in a project: a session whose working directory is the project directory or below
   * it. Scans (incrementally, through the scan index) and looks at the sessions' working directories; the directory
   * itself is never read, only compared as text. See {@link UsageSnapshot#detect(Path)}.
   *
   * @param projectRoot the project directory
   * @return every source of this instance, and whether it has sessions there
   */
  public Map<String, Boolean> detect(Path projectRoot) {
    return scan().detect(projectRoot);
  }

  /**
   * Every session, most recently active first, with its facts, totals, cache verdict (at the environment's clock)
   * and its source's capabilities. Scans incrementally; see {@link UsageSnapshot#sessionViews(Instant)}.
   *
   * @return the sessions
   */
  public List<SessionView> sessions() {
    UsageSnapshot s = scan();
    return s.sessionViews(environment().now());
  }

  /**
   * The sessions of a project, as {@link #sessions()} lists them: those whose working directory is the project
   * directory or below it. See {@link UsageSnapshot#sessionViews(Path, Instant)}.
   *
   * @param projectRoot the project directory
   * @return the sessions
   */
  public List<SessionView> sessions(Path projectRoot) {
    UsageSnapshot s = scan();
    return s.sessionViews(projectRoot, environment().now());
  }

  /**
   * A session's messages, in order, each call's usage and cost on the message that carries it. Scans
   * (incrementally) and reads the session's files; nothing is kept. For a session that is still being written, keep
   * a {@link #openMessages cursor} instead: its later reads parse only what was appended.
   *
   * <p>Never throws for a source or session that cannot be shown: the result is then empty, and its diagnostics say
   * why ({@link SessionMessages#NO_MESSAGES} for a source that cannot read messages,
   * {@link SessionMessages#UNKNOWN_SESSION}, {@link SessionMessages#UNKNOWN_SOURCE}).
   *
   * @param source the source id
   * @param sessionId the session id, exactly as the scan reports it; only ever compared with the ids the scan found
   * @return the messages
   */
  public SessionMessages messages(String source, String sessionId) {
    return openMessages(source, sessionId).read();
  }

  /**
   * A cursor over a session's messages: its first read returns them all, each later read only those appended since
   * (see {@link MessageCursor}). Nothing is read until the first read. Without a scan index
   * ({@link Builder#noIndex()}) the cursor's own scans keep their state in memory, so they too read only what was
   * appended.
   *
   * @param source the source id
   * @param sessionId the session id; only ever compared with the ids the scan found
   * @return the cursor
   */
  public MessageCursor openMessages(String source, String sessionId) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sessionId, "sessionId");
    java.util.function.Supplier<UsageSnapshot> scanner;
    if (indexDirectory == null) {
      ScanIndex memory = ScanIndex.memory();
      scanner = () -> new UsageSnapshot(engine.scan(memory).data(), Filter.all());
    } else {
      scanner = this::scan;
    }
    return new MessageCursor(source, sessionId, scanner, engine.config().maxLineBytes());
  }

  /**
   * What each source of this instance can do, in the order of {@link #sources()}.
   *
   * @return the capabilities
   */
  public List<SourceCapabilities> capabilities() {
    return capabilities;
  }

  /**
   * What one source can do: whether it can show messages, carries recorded costs, can be watched, gives cache
   * verdicts, can be scoped to a project, and where its new sessions appear.
   *
   * @param sourceId the source id
   * @return its capabilities, or empty if this instance has no such source
   */
  public Optional<SourceCapabilities> capabilities(String sourceId) {
    return capabilities.stream().filter(c -> c.source().equals(sourceId)).findFirst();
  }

  /**
   * Forgets the records of transcripts that no longer exist: drops from the scan index every file of this
   * instance's sources, under their roots, that is gone from disk. Later scans no longer count them (and
   * {@link ScanStats#retainedFromMissingFiles()} drops to 0). Nothing else is touched; a file that reappears is
   * simply read again. Without an index there is nothing to forget.
   *
   * @return how many files were forgotten
   * @throws IllegalStateException if the index could not be changed (held by another scan beyond the lock timeout,
   *     or not writable); the message says which
   */
  public int forgetMissingFiles() {
    if (indexDirectory == null) {
      return 0;
    }
    Diagnostics d = new Diagnostics();
    int n = engine.forgetMissingFiles(index, d);
    if (n < 0) {
      String why = d.toList().stream().map(Diagnostic::message).findFirst().orElse("the index could not be saved");
      throw new IllegalStateException("could not forget missing files: " + why);
    }
    return n;
  }

  /**
   * Where the scan index lives.
   *
   * @return the index directory, or empty with {@link Builder#noIndex()}
   */
  public Optional<Path> indexDirectory() {
    return Optional.ofNullable(indexDirectory);
  }

  /**
   * The sources this instance scans, in the order they were registered then discovered.
   *
   * @return the sources and where they came from
   */
  public List<ProviderInfo> sources() {
    return sources;
  }

  /**
   * The cache strategies this instance knows.
   *
   * @return the strategies and where they came from
   */
  public List<ProviderInfo> cacheStrategies() {
    return strategies;
  }

  /**
   * The enrichers this instance knows (whose stored answers every scan applies, and which {@link #enrich} runs).
   *
   * @return the enrichers and where they came from
   */
  public List<ProviderInfo> enrichers() {
    return enrichers;
  }

  /**
   * Problems met while building: providers that failed to load, an unreadable price override file.
   *
   * @return the diagnostics; also part of every snapshot
   */
  public List<Diagnostic> setupDiagnostics() {
    return engine.config().setupDiagnostics();
  }

  /**
   * The environment this instance reads.
   *
   * @return the environment
   */
  public Environment environment() {
    return engine.config().environment();
  }

  /** Configures a {@link Cream}; not thread-safe. Each setting may be given once. */
  public static final class Builder {
    private Environment environment;
    private final List<Source> explicitSources = new ArrayList<>();
    private final List<CacheStrategy> explicitStrategies = new ArrayList<>();
    private final List<Enricher> explicitEnrichers = new ArrayList<>();
    private EnrichOptions enrichOptions;
    private boolean discover = true;
    private ClassLoader classLoader;
    private Set<String> only;
    private final Map<String, List<Path>> roots = new LinkedHashMap<>();
    private CostMode costMode;
    private final List<ModelPrice> prices = new ArrayList<>();
    private Path priceOverrides;
    private boolean bundledPrices = true;
    private int parallelism;
    private int maxLineBytes;
    private Path indexDirectory;
    private boolean noIndex;
    private Duration indexLockTimeout;
    private Duration watchDebounce;
    private Duration watchPolling;
    private long spillBytes = -1;

    private Builder() {}

    /**
     * How many bytes of logs a scan through the index must read for each file's records to go to the index's data
     * file as soon as the file is read, instead of staying in memory until the index is saved (tests set 0).
     *
     * @param bytes the least bytes
     * @return this builder
     */
    Builder spillAbove(long bytes) {
      this.spillBytes = bytes;
      return this;
    }

    private static void requireUnset(Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }

    /**
     * Sets the environment (variables, home, clock) instead of the system's.
     *
     * @param value the environment
     * @return this builder
     */
    public Builder environment(Environment value) {
      requireUnset(environment, "environment");
      this.environment = Objects.requireNonNull(value, "environment");
      return this;
    }

    /**
     * Registers a source explicitly. It replaces a discovered source with the same id.
     *
     * @param value the source
     * @return this builder
     */
    public Builder source(Source value) {
      explicitSources.add(Objects.requireNonNull(value, "source"));
      return this;
    }

    /**
     * Registers a cache strategy explicitly. It replaces a discovered strategy with the same id.
     *
     * @param value the strategy
     * @return this builder
     */
    public Builder cacheStrategy(CacheStrategy value) {
      explicitStrategies.add(Objects.requireNonNull(value, "strategy"));
      return this;
    }

    /**
     * Registers an enricher explicitly. It replaces a discovered enricher with the same id.
     *
     * @param value the enricher
     * @return this builder
     */
    public Builder enricher(Enricher value) {
      explicitEnrichers.add(Objects.requireNonNull(value, "enricher"));
      return this;
    }

    /**
     * Allows {@link Cream#enrich}, with these options: the one way cream reaches the network, opt-in. Without it
     * scans still apply the answers earlier runs kept, and nothing is ever sent.
     *
     * @param options credentials, base URIs, pace
     * @return this builder
     */
    public Builder enrich(EnrichOptions options) {
      requireUnset(enrichOptions, "enrich");
      this.enrichOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Whether to look for providers with {@link java.util.ServiceLoader} (true by default). With false, only
     * registered providers are used.
     *
     * @param value whether to discover
     * @return this builder
     */
    public Builder discoverProviders(boolean value) {
      this.discover = value;
      return this;
    }

    /**
     * The class loader to discover providers with; by default the thread's context class loader.
     *
     * @param value the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader value) {
      requireUnset(classLoader, "classLoader");
      this.classLoader = Objects.requireNonNull(value, "classLoader");
      return this;
    }

    /**
     * Scans only the sources with these ids. An id that no provider has makes {@link #build()} fail with a
     * message naming the artifact to add or the ids available.
     *
     * @param ids source ids
     * @return this builder
     */
    public Builder onlySources(Set<String> ids) {
      requireUnset(only, "onlySources");
      this.only = Set.copyOf(ids);
      return this;
    }

    /**
     * Uses these roots for a source instead of its defaults.
     *
     * @param sourceId the source id
     * @param paths the roots
     * @return this builder
     */
    public Builder roots(String sourceId, List<Path> paths) {
      Objects.requireNonNull(sourceId, "sourceId");
      if (roots.containsKey(sourceId)) {
        throw new IllegalStateException("roots of '" + sourceId + "' were already set to " + roots.get(sourceId));
      }
      roots.put(sourceId, List.copyOf(paths));
      return this;
    }

    /**
     * Sets which cost calls are reported at; {@link CostMode#AUTO} by default.
     *
     * @param value the mode
     * @return this builder
     */
    public Builder costMode(CostMode value) {
      requireUnset(costMode, "costMode");
      this.costMode = Objects.requireNonNull(value, "costMode");
      return this;
    }

    /**
     * Adds or replaces a model's price; wins over the override file and the bundled table.
     *
     * @param value the price; its model id is matched exactly (case-insensitively)
     * @return this builder
     */
    public Builder price(ModelPrice value) {
      prices.add(Objects.requireNonNull(value, "price"));
      return this;
    }

    /**
     * Reads price overrides from a file in the bundled table's format. By default
     * {@code $XDG_CONFIG_HOME/cream/prices.json} is read when it exists. A bad file becomes a diagnostic.
     *
     * @param file the file
     * @return this builder
     */
    public Builder priceOverrides(Path file) {
      requireUnset(priceOverrides, "priceOverrides");
      this.priceOverrides = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Whether to use the bundled price table (true by default). Without it only registered and overridden prices
     * are known.
     *
     * @param value whether to use it
     * @return this builder
     */
    public Builder bundledPrices(boolean value) {
      this.bundledPrices = value;
      return this;
    }

    /**
     * How many files are read at once; by default the number of processors, at most 8.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder parallelism(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, was " + value);
      }
      this.parallelism = value;
      return this;
    }

    /**
     * The longest line handed to a parser; longer lines are skipped with a diagnostic. 64 MiB by default.
     *
     * @param value bytes, at least 8192
     * @return this builder
     */
    public Builder maxLineBytes(int value) {
      if (value < 8192) {
        throw new IllegalArgumentException("maxLineBytes must be at least 8192, was " + value);
      }
      this.maxLineBytes = value;
      return this;
    }

    /**
     * Keeps the scan index in this directory instead of {@code $XDG_CACHE_HOME/cream/} (default
     * {@code ~/.cache/cream/}). The directory is created, readable by its owner only, at the first scan.
     *
     * @param directory the directory
     * @return this builder
     * @throws IllegalStateException if already set, or {@link #noIndex()} was called
     */
    public Builder indexDirectory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      if (noIndex) {
        throw new IllegalStateException("indexDirectory cannot be set: noIndex() was called");
      }
      requireUnset(indexDirectory, "indexDirectory");
      this.indexDirectory = directory;
      return this;
    }

    /**
     * Scans without the scan index: every scan reads every file from the start, and no file is read from or
     * written to the cache directory (not even created). History of deleted transcripts is then not available.
     *
     * @return this builder
     * @throws IllegalStateException if {@link #indexDirectory(Path)} was called
     */
    public Builder noIndex() {
      if (indexDirectory != null) {
        throw new IllegalStateException("noIndex() cannot be used: indexDirectory was set to " + indexDirectory);
      }
      this.noIndex = true;
      return this;
    }

    /**
     * How long a scan waits for another scan (thread or process) that holds the index. Past it, the scan goes on
     * with the index as last saved and does not save its own result. {@value #DEFAULT_LOCK_SECONDS} seconds by
     * default; zero tries once.
     *
     * @param timeout the longest wait, not negative
     * @return this builder
     */
    public Builder indexLockTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("indexLockTimeout must not be negative, was " + timeout);
      }
      requireUnset(indexLockTimeout, "indexLockTimeout");
      this.indexLockTimeout = timeout;
      return this;
    }

    /**
     * How long a changed file must be quiet before a {@linkplain Cream#watch watch} rescans (a file written
     * without pause is still picked up within four times this delay). 200 ms by default.
     *
     * @param delay the delay, not negative
     * @return this builder
     */
    public Builder watchDebounce(Duration delay) {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("watchDebounce must not be negative, was " + delay);
      }
      requireUnset(watchDebounce, "watchDebounce");
      this.watchDebounce = delay;
      return this;
    }

    /**
     * Makes {@linkplain Cream#watch watches} poll for changes at this interval instead of using the platform's
     * file notifications: for file systems where notifications are missing or unreliable (network shares, some
     * containers). A poll whose files did not change costs only their metadata. Without this setting a watch uses
     * notifications, and polls every second only where they cannot be set up (or are themselves emulated by slow
     * polling, as on macOS).
     *
     * @param interval the interval, positive
     * @return this builder
     */
    public Builder watchPolling(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("watchPolling interval must be positive, was " + interval);
      }
      requireUnset(watchPolling, "watchPolling");
      this.watchPolling = interval;
      return this;
    }

    /** The default lock timeout in seconds, for the documentation. */
    private static final long DEFAULT_LOCK_SECONDS = 10;

    /**
     * Builds the instance: discovers providers and loads prices. With an index, reading it (and the directory
     * listings kept beside it) starts now, on daemon threads, without its lock: the first scan finds it read.
     *
     * @return the instance
     * @throws CreamConfigurationException if two providers share an id or a requested source is missing
     */
    public Cream build() {
      Environment env = environment != null ? environment : Environment.system();
      int threads = parallelism > 0 ? parallelism : Math.min(8, Runtime.getRuntime().availableProcessors());
      Path dir = noIndex ? null
          : indexDirectory != null ? indexDirectory.toAbsolutePath().normalize()
          : env.cacheHome().resolve("cream");
      // the index (and the listings kept beside it) read while the providers load and the prices are parsed: a
      // scan is what an instance is built for
      ScanIndex index = dir == null ? ScanIndex.none()
          : new DiskIndex(dir, indexLockTimeout == null ? DEFAULT_INDEX_LOCK_TIMEOUT : indexLockTimeout, threads);
      index.prefetch();
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = Cream.class.getClassLoader();
      }
      List<Diagnostic> setup = new ArrayList<>();
      ProviderLoader.Result<Source> src =
          ProviderLoader.load(
              Source.class, "source", explicitSources, discover, loader, Source::id, Source::displayName);
      setup.addAll(src.diagnostics());
      List<ProviderLoader.Loaded<Source>> selected = select(src.providers());
      ProviderLoader.Result<CacheStrategy> strat =
          ProviderLoader.load(
              CacheStrategy.class, "cache-strategy", explicitStrategies, discover, loader, CacheStrategy::id,
              CacheStrategy::id);
      setup.addAll(strat.diagnostics());
      if (discover && strat.providers().isEmpty()) {
        setup.add(Diagnostic.of(Severity.WARNING, "cream.cache.no-strategy",
            "no cache strategy is on the class path or module path, so every cache verdict is unknown; "
                + "add io.github.cream:cream-cache-strategies at runtime"));
      }
      ProviderLoader.Result<Enricher> enr =
          ProviderLoader.load(
              Enricher.class, "enricher", explicitEnrichers, discover, loader, Enricher::id, Enricher::displayName);
      setup.addAll(enr.diagnostics());
      Path overrides = priceOverrides;
      boolean overridesExplicit = overrides != null;
      if (overrides == null) {
        overrides = env.configHome().resolve("cream").resolve("prices.json");
      }
      Prices p = Prices.load(bundledPrices, overrides, overridesExplicit, prices, setup);
      int maxLine = maxLineBytes > 0 ? maxLineBytes : FileScanner.DEFAULT_MAX_LINE_BYTES;
      Engine engine =
          new Engine(
              new Engine.Config(
                  env, selected, roots, strat.providers(), p, costMode == null ? CostMode.AUTO : costMode, threads,
                  maxLine, setup, enr.providers(), dir == null ? EnrichmentStore.NONE : new EnrichmentStore(dir)));
      if (spillBytes >= 0) {
        engine.spillAbove(spillBytes);
      }
      return new Cream(engine, dir, index, watchDebounce == null ? DEFAULT_WATCH_DEBOUNCE : watchDebounce,
          watchPolling, enrichOptions);
    }

    private List<ProviderLoader.Loaded<Source>> select(List<ProviderLoader.Loaded<Source>> all) {
      if (only == null) {
        return all;
      }
      Set<String> available = new TreeSet<>();
      all.forEach(l -> available.add(l.info().id()));
      Set<String> missing = new LinkedHashSet<>();
      for (String id : new TreeSet<>(only)) {
        if (!available.contains(id)) {
          missing.add(id);
        }
      }
      if (!missing.isEmpty()) {
        String id = missing.iterator().next();
        String artifact = KNOWN_ARTIFACTS.get(id);
        throw new CreamConfigurationException(
            CreamConfigurationException.Reason.MISSING_SOURCE,
            artifact != null
                ? "source '" + id + "' was requested but " + artifact
                    + " is not on the class path or module path; add it as a dependency"
                : "source '" + id + "' was requested but no provider has that id; available: "
                    + (available.isEmpty() ? "none" : String.join(", ", available)));
      }
      return all.stream().filter(l -> only.contains(l.info().id())).toList();
    }
  }
}
