package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.ModelPrice;
import io.github.cream.core.internal.Engine;
import io.github.cream.core.internal.FileScanner;
import io.github.cream.core.internal.Prices;
import io.github.cream.core.internal.ProviderLoader;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's entry point: configure once with {@link #builder()}, then {@link #scan()} as often as needed.
 *
 * <p>A {@code Cream} instance is immutable and thread-safe. Building it discovers the {@link Source}s and
 * {@link CacheStrategy}s on the class path and module path (plus any registered with the builder) and loads the
 * price table; scanning reads the logs and returns an immutable {@link UsageSnapshot}. Nothing is read from or
 * sent to the network.
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

  private final Engine engine;
  private final List<ProviderInfo> sources;
  private final List<ProviderInfo> strategies;

  private Cream(Engine engine) {
    this.engine = engine;
    this.sources = engine.config().sources().stream().map(ProviderLoader.Loaded::info).toList();
    this.strategies = engine.config().strategies().stream().map(ProviderLoader.Loaded::info).toList();
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
   * Scans every source's logs.
   *
   * @return the result
   */
  public UsageSnapshot scan() {
    return new UsageSnapshot(engine.scan(), Filter.all());
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

    private Builder() {}

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
     * Builds the instance: discovers providers and loads prices.
     *
     * @return the instance
     * @throws CreamConfigurationException if two providers share an id or a requested source is missing
     */
    public Cream build() {
      Environment env = environment != null ? environment : Environment.system();
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
      Path overrides = priceOverrides;
      boolean overridesExplicit = overrides != null;
      if (overrides == null) {
        overrides = env.configHome().resolve("cream").resolve("prices.json");
      }
      Prices p = Prices.load(bundledPrices, overrides, overridesExplicit, prices, setup);
      int threads = parallelism > 0 ? parallelism : Math.min(8, Runtime.getRuntime().availableProcessors());
      int maxLine = maxLineBytes > 0 ? maxLineBytes : FileScanner.DEFAULT_MAX_LINE_BYTES;
      Engine engine =
          new Engine(
              new Engine.Config(
                  env, selected, roots, strat.providers(), p, costMode == null ? CostMode.AUTO : costMode, threads,
                  maxLine, setup));
      return new Cream(engine);
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
