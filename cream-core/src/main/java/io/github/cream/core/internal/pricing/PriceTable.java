package io.github.cream.core.internal.pricing;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Severity;
import io.github.cream.core.internal.pricing.PriceFileReader.RawEntry;
import io.github.cream.core.internal.pricing.PriceFileReader.RawFile;
import io.github.cream.core.internal.pricing.PriceFileReader.RawLongContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable table of model list prices: the offline table bundled with cream, optionally with a user's overrides.
 *
 * <p>Instances are immutable and safe to share between threads. {@link #bundled()} parses the bundled resource once
 * and caches it.
 *
 * <h2>Lookup</h2>
 *
 * {@link #find} resolves the model ids agents write ({@code claude-sonnet-4-5-20250929},
 * {@code anthropic/claude-4.6-opus-20260205}, {@code us.anthropic.claude-opus-4-6-v1},
 * {@code claude-opus-4-1@20250805}, {@code openai/gpt-4o-2024-08-06}...) to a table entry by exact match after
 * structural rewrites (see {@link ModelIds}). It never matches by substring: an id it cannot place exactly is
 * unknown, and the caller reports the call as unpriced rather than guessing.
 *
 * <h2>Overrides</h2>
 *
 * A user's override file has the same format as the bundled table. An entry for a model the table knows may give only
 * the fields it changes; an entry for a new model must give a provider and all five prices. Problems in the file
 * become {@link Diagnostic}s with severity {@link Severity#WARNING}; a bad entry is skipped, a file that cannot be used
 * is skipped whole, and nothing throws. Diagnostics name the model id and the field, never other content of the file.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.bundled();
 * ModelPrice opus = prices.find("anthropic", "claude-opus-4-6").orElseThrow();
 * Money cost = opus.cost(TokenCounts.of(180, 14_771_617, 0, 349_474, 38_899));   // $11.853923500
 * PriceTable.OverrideResult mine = prices.withOverrideFile(Path.of("prices.json"));
 * mine.diagnostics().forEach(System.err::println);
 * }</pre>
 */
public final class PriceTable {

  /** Diagnostic code: the override file could not be read (missing, unreadable or too large). */
  public static final String CODE_OVERRIDE_UNREADABLE = "cream.prices.override-unreadable";
  /** Diagnostic code: the override file is not a usable price file and was skipped. */
  public static final String CODE_OVERRIDE_INVALID = "cream.prices.override-invalid";
  /** Diagnostic code: one entry of the override file was skipped. */
  public static final String CODE_OVERRIDE_ENTRY_INVALID = "cream.prices.override-entry-invalid";
  /** Diagnostic code: an unknown field of the override file was ignored. */
  public static final String CODE_OVERRIDE_FIELD_UNKNOWN = "cream.prices.override-field-unknown";

  /** Largest override file read, in bytes. */
  static final int MAX_OVERRIDE_BYTES = 1 << 20;

  private static final String RESOURCE = "prices.json";
  private static final Set<String> STANDARD_TIERS =
      Set.of("standard", "default", "auto", "on-demand", "on_demand", "standard_only");

  /** How many distinct model ids {@link #find} remembers; logs name few models, so this is never reached. */
  private static final int MEMO_LIMIT = 4_096;

  private final String name;
  private final String version;
  private final Map<String, PriceEntry> byId;
  private final Map<String, PriceEntry> byKey;
  private final List<String> models;
  /** Results of {@link #find} by raw model id: a pure function of the immutable table, so safe to share. */
  private final ConcurrentHashMap<String, Optional<PriceHistory>> memo = new ConcurrentHashMap<>();

  private PriceTable(String name, String version, Map<String, PriceEntry> byId, Map<String, PriceEntry> byKey) {
    this.name = name;
    this.version = version;
    this.byId = byId;
    this.byKey = byKey;
    List<String> ids = new ArrayList<>(byId.keySet());
    Collections.sort(ids);
    this.models = List.copyOf(ids);
  }

  /** Lazily loads the bundled table on first use (class-holder idiom: thread-safe, loaded once). */
  private static final class Bundled {
    static final PriceTable TABLE = load();

    private static PriceTable load() {
      try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the bundled price table " + RESOURCE + " is missing");
        }
        return parse(in, "bundled " + RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("the bundled price table could not be read", e);
      }
    }
  }

  /**
   * The price table bundled with cream, parsed once and cached.
   *
   * @return the bundled table
   * @throws IllegalStateException if the bundled resource is missing or invalid (a packaging error)
   */
  public static PriceTable bundled() {
    return Bundled.TABLE;
  }

  /**
   * A table that knows no model: the base when the bundled table is switched off.
   *
   * @return the empty table
   */
  public static PriceTable empty() {
    return build("empty", "none", List.of(), true);
  }

  /**
   * Parses a complete price table. Every entry must be complete and valid; the first problem aborts the parse.
   *
   * @param in the table's JSON; read to its end but not closed
   * @param name a name for the table, used in error messages
   * @return the table
   * @throws IOException if the stream cannot be read
   * @throws IllegalArgumentException naming the table, model and field of the first problem
   */
  public static PriceTable parse(InputStream in, String name) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    StrictProblems problems = new StrictProblems(name);
    RawFile file = PriceFileReader.read(in.readAllBytes(), problems);
    if (file == null) {
      throw new IllegalStateException("unreachable: strict parse returned no file");
    }
    if (file.version() == null) {
      throw new IllegalArgumentException(name + ": the table has no 'version'");
    }
    List<PriceEntry> entries = new ArrayList<>();
    for (RawEntry raw : file.entries()) {
      entries.add(complete(raw, null, problems));
    }
    return build(name, file.version(), entries, true);
  }

  /**
   * This table with another table's models on top: a model of {@code overrides} replaces this table's entry for the
   * same model whole (matched by id or alias, or by resolving the override's id as {@link #find} would, so
   * {@code claude-sonnet-4-5-20250929} names {@code claude-sonnet-4-5}); other models are added.
   *
   * @param overrides the table whose prices win
   * @return the combined table, versioned {@code this.version() + "+" + overrides.version()}
   */
  public PriceTable withOverrides(PriceTable overrides) {
    Objects.requireNonNull(overrides, "overrides");
    Map<String, PriceEntry> ids = new LinkedHashMap<>(byId);
    List<PriceEntry> added = new ArrayList<>();
    for (PriceEntry o : overrides.byId.values()) {
      PriceEntry base = baseEntryFor(o.id());
      if (base != null) {
        ids.remove(base.id());
        List<String> aliases = new ArrayList<>(base.aliases());
        aliases.add(o.id());
        aliases.addAll(o.aliases());
        added.add(o.renamed(base.id(), aliases));
      } else {
        added.add(o);
      }
    }
    List<PriceEntry> all = new ArrayList<>(ids.values());
    all.addAll(added);
    return build(name + " + " + overrides.name, version + "+" + overrides.version, all, false);
  }

  /**
   * The outcome of reading a user's override file.
   *
   * @param table this table with the file's valid entries applied (this table itself when none applied)
   * @param diagnostics what was wrong with the file; empty when nothing was
   */
  public record OverrideResult(PriceTable table, List<Diagnostic> diagnostics) {
    /**
     * Copies the diagnostics.
     *
     * @param table the resulting table
     * @param diagnostics the problems found
     */
    public OverrideResult {
      Objects.requireNonNull(table, "table");
      diagnostics = List.copyOf(diagnostics);
    }
  }

  /**
   * Applies a user's override file to this table. Never throws on a bad file: each problem becomes a
   * {@link Severity#WARNING} diagnostic located in the file, a bad entry is skipped, and a file that cannot be used at
   * all leaves this table unchanged. An entry for a model this table knows (by id, alias, or an id {@link #find}
   * resolves to it, such as a dated id) may give only the fields
   * it changes ({@code "longContext": null} removes a tier); an entry for a new model must give a provider and all
   * five prices.
   *
   * @param file the override file, in the same format as the bundled table
   * @return the resulting table and the diagnostics
   */
  public OverrideResult withOverrideFile(Path file) {
    Objects.requireNonNull(file, "file");
    List<Diagnostic> diagnostics = new ArrayList<>();
    byte[] bytes;
    try {
      bytes = readBounded(file);
    } catch (NoSuchFileException e) {
      diagnostics.add(warning(CODE_OVERRIDE_UNREADABLE, "price override file not found; it was skipped", file));
      return new OverrideResult(this, diagnostics);
    } catch (IOException | RuntimeException e) {
      diagnostics.add(warning(CODE_OVERRIDE_UNREADABLE, "price override file could not be read; it was skipped", file));
      return new OverrideResult(this, diagnostics);
    }
    if (bytes == null) {
      diagnostics.add(
          warning(CODE_OVERRIDE_UNREADABLE, "price override file is larger than 1 MiB; it was skipped", file));
      return new OverrideResult(this, diagnostics);
    }
    LenientProblems problems = new LenientProblems(file, diagnostics);
    RawFile raw;
    try {
      raw = PriceFileReader.read(bytes, problems);
    } catch (RuntimeException e) {
      // defensive: the reader reports problems instead of throwing, but a bad file must never crash a scan
      diagnostics.add(warning(CODE_OVERRIDE_INVALID, "price override file is not a valid price file; it was skipped",
          file));
      return new OverrideResult(this, diagnostics);
    }
    if (raw == null) {
      return new OverrideResult(this, diagnostics);
    }
    Map<String, PriceEntry> ids = new LinkedHashMap<>(byId);
    List<PriceEntry> changed = new ArrayList<>();
    for (RawEntry entry : raw.entries()) {
      PriceEntry base = baseEntryFor(entry.id());
      PriceEntry merged;
      try {
        merged = complete(entry, base, problems);
      } catch (EntrySkipped e) {
        continue;
      }
      if (base != null) {
        ids.remove(base.id());
      }
      changed.add(merged);
    }
    if (changed.isEmpty()) {
      return new OverrideResult(this, diagnostics);
    }
    List<PriceEntry> all = new ArrayList<>(ids.values());
    all.addAll(changed);
    String suffix = raw.version() == null ? "overrides" : raw.version();
    return new OverrideResult(build(name + " + " + file, version + "+" + suffix, all, false), diagnostics);
  }

  /**
   * The list prices for a model, if the table knows it.
   *
   * <p>Resolution is exact after normalization (case, provider prefixes, Bedrock and Vertex id shapes, dotted
   * versions, dated suffixes, Claude name order, {@code [1m]} and {@code -thinking} suffixes); see {@link ModelIds}.
   * Two rewrites change the prices returned: an Amazon Bedrock id for a regional or geographic endpoint ({@code us.},
   * {@code eu.}, ... or no prefix; not {@code global.}) is billed at the model's Bedrock regional multiplier when the
   * table has one, and an id ending in {@code -fast} is billed at the model's {@code fast} multiplier (or is unknown
   * when the table has none). The returned prices always carry the table's canonical model id.
   *
   * <p>Never throws: a null, blank, overlong or unknown id gives an empty result.
   *
   * @param provider the provider the log names, if any; informational today (the model id alone decides)
   * @param model the model id as the log wrote it
   * @return the prices, or empty when the model is unknown
   */
  public Optional<ModelPrice> find(String provider, String model) {
    return history(provider, model).map(PriceHistory::latest);
  }

  /**
   * The list prices for a model at an instant: the period of the model's price history that holds it. Resolved as
   * {@link #find(String, String)}.
   *
   * @param provider the provider the log names, if any
   * @param model the model id as the log wrote it
   * @param at when the call was made, or null for the current prices
   * @return the prices, or empty when the model is unknown or had no price yet at {@code at}
   */
  public Optional<ModelPrice> find(String provider, String model, Instant at) {
    return history(provider, model).flatMap(h -> h.at(at));
  }

  /**
   * A model's prices over time, resolved as {@link #find(String, String)}.
   *
   * @param provider the provider the log names, if any
   * @param model the model id as the log wrote it
   * @return the history, or empty when the model is unknown
   */
  public Optional<PriceHistory> history(String provider, String model) {
    if (model == null) {
      return Optional.empty();
    }
    Optional<PriceHistory> known = memo.get(model);
    if (known != null) {
      return known;
    }
    Optional<PriceHistory> found = resolve(model);
    if (memo.size() < MEMO_LIMIT) {
      memo.putIfAbsent(model, found);
    }
    return found;
  }

  private Optional<PriceHistory> resolve(String model) {
    ModelIds.Lookup lookup = ModelIds.lookup(model);
    for (String candidate : lookup.candidates()) {
      PriceEntry entry = byKey.get(candidate);
      if (entry != null) {
        return priced(entry, lookup);
      }
    }
    return Optional.empty();
  }

  /**
   * The entry an override id refers to: resolved like {@link #find} (so a dated or prefixed id names its model), but
   * never through the {@code -fast} or Bedrock-regional rewrites, which change prices rather than name a model.
   */
  private PriceEntry baseEntryFor(String id) {
    PriceEntry exact = byKey.get(ModelIds.canonical(id));
    if (exact != null) {
      return exact;
    }
    ModelIds.Lookup lookup = ModelIds.lookup(id);
    if (lookup.fast() || lookup.bedrockRegional()) {
      return null;
    }
    for (String candidate : lookup.candidates()) {
      PriceEntry entry = byKey.get(candidate);
      if (entry != null) {
        return entry;
      }
    }
    return null;
  }

  private static Optional<PriceHistory> priced(PriceEntry entry, ModelIds.Lookup lookup) {
    PriceHistory history = entry.history();
    if (lookup.fast()) {
      BigDecimal fast = entry.tiers().get("fast");
      if (fast == null) {
        return Optional.empty();
      }
      history = history.map(p -> p.times(fast));
    }
    if (lookup.bedrockRegional() && entry.bedrockRegionalMultiplier().isPresent()) {
      BigDecimal regional = entry.bedrockRegionalMultiplier().get();
      history = history.map(p -> p.times(regional));
    }
    return Optional.of(history);
  }

  /**
   * The multiplier a service tier applies to a model's prices, when this table knows it. Blank, {@code standard},
   * {@code default}, {@code auto} and {@code on_demand} are the list prices (1). Other tiers ({@code fast},
   * {@code priority}, {@code flex}, {@code batch}, ...) are known per model; apply the result with
   * {@link ModelPrice#times}.
   *
   * @param price prices returned by this table (looked up by their canonical model id)
   * @param serviceTier the tier the log names, such as Claude's {@code usage.speed} or Codex's {@code service_tier}
   * @return the multiplier, or empty when the table does not know this tier for this model
   */
  public Optional<BigDecimal> tierMultiplier(ModelPrice price, String serviceTier) {
    Objects.requireNonNull(price, "price");
    String tier = serviceTier == null ? "" : tierKey(serviceTier);
    if (tier.isEmpty() || STANDARD_TIERS.contains(tier)) {
      return Optional.of(BigDecimal.ONE);
    }
    PriceEntry entry = byId.get(price.model());
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(entry.tiers().get(tier));
  }

  /**
   * The largest prompt (input + cache reads + cache writes) a service tier of a model has a published price for,
   * when the provider prices the tier only up to a prompt length (OpenAI's priority processing "excludes long
   * context"). A call of that tier with a longer prompt has no published price.
   *
   * @param price prices returned by this table
   * @param serviceTier the tier the log names
   * @return the limit, or empty when the tier's price holds at every prompt length (or is unknown)
   */
  public OptionalLong tierPromptLimit(ModelPrice price, String serviceTier) {
    Objects.requireNonNull(price, "price");
    String tier = serviceTier == null ? "" : tierKey(serviceTier);
    PriceEntry entry = tier.isEmpty() ? null : byId.get(price.model());
    Long limit = entry == null ? null : entry.tierPromptLimits().get(tier);
    return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
  }

  /**
   * The table's version: the date of the bundled prices, with {@code +...} suffixes for overrides applied.
   *
   * @return the version, e.g. {@code 2026-11-21} or {@code 2026-11-21+overrides}
   */
  public String version() {
    return version;
  }

  /**
   * The canonical ids of every model in the table, sorted.
   *
   * @return the model ids
   */
  public List<String> models() {
    return models;
  }

  /**
   * Where a model's prices come from, as the table says.
   *
   * @param model a canonical model id
   * @return the source, if the table has the model and names one
   */
  public Optional<String> source(String model) {
    PriceEntry e = model == null ? null : byId.get(model);
    return e == null ? Optional.empty() : e.source();
  }

  @Override
  public String toString() {
    return "PriceTable[" + name + ", version " + version + ", " + byId.size() + " models]";
  }

  // ---------------------------------------------------------------------------------------------- building

  static String tierKey(String tier) {
    return tier.strip().toLowerCase(Locale.ROOT);
  }

  private static PriceTable build(String name, String version, List<PriceEntry> entries, boolean strict) {
    Map<String, PriceEntry> ids = new TreeMap<>();
    Map<String, PriceEntry> keys = new HashMap<>();
    for (PriceEntry e : entries) {
      ids.put(e.id(), e);
    }
    // primary ids first, so that in a lenient merge an alias never hides another model's own id
    for (PriceEntry e : entries) {
      PriceEntry old = keys.put(ModelIds.canonical(e.id()), e);
      if (strict && old != null && old != e) {
        throw new IllegalArgumentException(name + ": models '" + old.id() + "' and '" + e.id() + "' collide");
      }
    }
    for (PriceEntry e : entries) {
      for (String alias : e.aliases()) {
        String key = ModelIds.canonical(alias);
        PriceEntry old = keys.get(key);
        if (old != null && old != e) {
          if (strict) {
            throw new IllegalArgumentException(
                name + ": alias '" + alias + "' of model '" + e.id() + "' is also a name of '" + old.id() + "'");
          }
          if (ModelIds.canonical(old.id()).equals(key)) {
            continue;
          }
        }
        keys.put(key, e);
      }
    }
    return new PriceTable(name, version, Collections.unmodifiableMap(ids), Map.copyOf(keys));
  }

  /** Signals that an override entry was reported and skipped. */
  private static final class EntrySkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EntrySkipped() {
      super(null, null, false, false);
    }
  }

  /**
   * Turns a raw entry into a complete one: alone (a new model, every field required) or on top of a base entry (only
   * the fields given change).
   */
  private static PriceEntry complete(RawEntry raw, PriceEntry base, PriceFileReader.Problems problems) {
    String id = base == null ? raw.id() : base.id();
    ModelPrice bp = base == null ? null : base.price();
    String provider = raw.provider() != null ? raw.provider() : bp == null ? null : bp.provider();
    if (provider == null) {
      problems.entry(raw.id(), "provider", "is missing", raw.line(), raw.offset());
      throw new EntrySkipped();
    }
    Map<String, BigDecimal> prices = new HashMap<>();
    for (String f : PriceFileReader.PRICE_FIELDS) {
      BigDecimal v = raw.prices().get(f);
      if (v == null && bp != null) {
        v = basePrice(bp, f);
      }
      if (v == null) {
        problems.entry(raw.id(), f, "is missing", raw.line(), raw.offset());
        throw new EntrySkipped();
      }
      prices.put(f, v);
    }
    ModelPrice inheritedTiers = raw.longContextRemoved() ? null : bp;
    long limit = raw.promptLimit() != null ? raw.promptLimit()
        : bp != null && bp.promptLimit().isPresent() ? bp.promptLimit().getAsLong() : 0;
    ModelPrice current = price(id, provider, prices, raw.longContext(), inheritedTiers, limit, raw, problems);
    PriceHistory history;
    if (raw.earlier() != null) {
      List<ModelPrice> older = new ArrayList<>();
      ModelPrice next = current;
      for (int i = raw.earlier().size() - 1; i >= 0; i--) {
        PriceFileReader.RawPeriod period = raw.earlier().get(i);
        Map<String, BigDecimal> ps = new HashMap<>();
        for (String f : PriceFileReader.PRICE_FIELDS) {
          ps.put(f, period.prices().getOrDefault(f, basePrice(next, f)));
        }
        next = price(id, provider, ps, period.longContext(), next, limit, raw, problems);
        older.add(0, next);
      }
      List<Instant> starts = new ArrayList<>();
      starts.add(null);
      for (PriceFileReader.RawPeriod period : raw.earlier()) {
        starts.add(period.until());
      }
      older.add(current);
      history = PriceHistory.of(starts, older);
    } else if (raw.validFrom() != null) {
      List<Instant> starts = new ArrayList<>(base == null ? List.of() : base.history().startsBefore(raw.validFrom()));
      List<ModelPrice> ps = new ArrayList<>(base == null ? List.of() : base.history().pricesBefore(raw.validFrom()));
      starts.add(raw.validFrom());
      ps.add(current);
      history = PriceHistory.of(starts, ps);
    } else {
      history = PriceHistory.of(current);
    }
    Map<String, BigDecimal> tiers = new LinkedHashMap<>(base == null ? Map.of() : base.tiers());
    if (raw.tiers() != null) {
      tiers.putAll(raw.tiers());
    }
    Map<String, Long> tierLimits = new LinkedHashMap<>(base == null ? Map.of() : base.tierPromptLimits());
    if (raw.tierPromptLimits() != null) {
      tierLimits.putAll(raw.tierPromptLimits());
    }
    Optional<BigDecimal> regional;
    if (raw.bedrockRegional() != null) {
      regional = Optional.of(raw.bedrockRegional());
    } else if (raw.bedrockRegionalRemoved() || base == null) {
      regional = Optional.empty();
    } else {
      regional = base.bedrockRegionalMultiplier();
    }
    List<String> aliases = new ArrayList<>(base == null ? List.of() : base.aliases());
    if (base != null && !raw.id().equals(base.id())) {
      aliases.add(raw.id());
    }
    if (raw.aliases() != null) {
      for (String a : raw.aliases()) {
        if (!aliases.contains(a) && !a.equals(id)) {
          aliases.add(a);
        }
      }
    }
    Optional<String> source =
        raw.source() != null ? Optional.of(raw.source()) : base == null ? Optional.empty() : base.source();
    return new PriceEntry(id, history, tiers, tierLimits, regional, aliases, source);
  }

  /**
   * One period's prices: the five prices given, the long-context tiers written for it or else those of
   * {@code inherit}, and the prompt limit.
   */
  private static ModelPrice price(
      String id, String provider, Map<String, BigDecimal> prices, RawLongContext written, ModelPrice inherit,
      long limit, RawEntry raw, PriceFileReader.Problems problems) {
    try {
      ModelPrice.Builder b = builder(id, provider, prices);
      if (written != null) {
        b.longContext(written.threshold(), chain(id, provider, written));
      } else if (inherit != null && inherit.longContext().isPresent()) {
        b.longContext(inherit.longContextThreshold().getAsLong(), inherit.longContext().get().renamed(id));
      }
      if (limit > 0) {
        b.promptLimit(limit);
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      problems.entry(raw.id(), null, "has prices or tiers that cannot be represented exactly", raw.line(),
          raw.offset());
      throw new EntrySkipped();
    }
  }

  private static ModelPrice chain(String id, String provider, RawLongContext lc) {
    ModelPrice.Builder b = builder(id, provider, lc.prices());
    if (lc.higher() != null) {
      b.longContext(lc.higher().threshold(), chain(id, provider, lc.higher()));
    }
    return b.build();
  }

  private static ModelPrice.Builder builder(String id, String provider, Map<String, BigDecimal> prices) {
    return ModelPrice.builder(id)
        .provider(provider)
        .input(prices.get("input"))
        .output(prices.get("output"))
        .cacheRead(prices.get("cacheRead"))
        .cacheWrite5m(prices.get("cacheWrite5m"))
        .cacheWrite1h(prices.get("cacheWrite1h"));
  }

  private static BigDecimal basePrice(ModelPrice p, String field) {
    switch (field) {
      case "input":
        return p.input();
      case "output":
        return p.output();
      case "cacheRead":
        return p.cacheRead();
      case "cacheWrite5m":
        return p.cacheWrite5m();
      case "cacheWrite1h":
        return p.cacheWrite1h();
      default:
        throw new IllegalArgumentException(field);
    }
  }

  /** Reads at most {@link #MAX_OVERRIDE_BYTES}; null when the file is larger. */
  private static byte[] readBounded(Path file) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new IOException("not a regular file"); // a FIFO would block the run forever, a device never end
    }
    try (InputStream in = Files.newInputStream(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_OVERRIDE_BYTES) {
          return null;
        }
      }
      return out.toByteArray();
    }
  }

  // ---------------------------------------------------------------------------------------------- problems

  private static Diagnostic warning(String code, String message, Path file) {
    return Diagnostic.of(Severity.WARNING, code, message).at(file);
  }

  /** Quotes a model id or field name for a message: printable ASCII only, bounded length. */
  static String quote(String s) {
    if (s == null) {
      return "''";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), 80) + 2).append('\'');
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f && c != '\'' ? c : '?');
    }
    if (s.length() > 80) {
      b.append("...");
    }
    return b.append('\'').toString();
  }

  /** Fails the parse of a complete table on the first problem. */
  private static final class StrictProblems implements PriceFileReader.Problems {
    private final String name;

    StrictProblems(String name) {
      this.name = name;
    }

    @Override
    public void file(String reason, long line, long offset) {
      throw new IllegalArgumentException(name + " " + reason + where(line));
    }

    @Override
    public void entry(String model, String field, String reason, long line, long offset) {
      throw new IllegalArgumentException(
          name + ": model " + quote(model) + (field == null ? "" : " field " + quote(field)) + " " + reason
              + where(line));
    }

    @Override
    public void unknownField(String model, String field, long line, long offset) {
      throw new IllegalArgumentException(
          name + ": " + (model == null ? "" : "model " + quote(model) + " ") + "unknown field " + quote(field)
              + where(line));
    }

    private static String where(long line) {
      return line > 0 ? " (line " + line + ")" : "";
    }
  }

  /** Turns problems of an override file into diagnostics. */
  private static final class LenientProblems implements PriceFileReader.Problems {
    private final Path file;
    private final List<Diagnostic> out;

    LenientProblems(Path file, List<Diagnostic> out) {
      this.file = file;
      this.out = out;
    }

    @Override
    public void file(String reason, long line, long offset) {
      add(CODE_OVERRIDE_INVALID, "price override file " + reason + "; it was skipped", line, offset);
    }

    @Override
    public void entry(String model, String field, String reason, long line, long offset) {
      add(
          CODE_OVERRIDE_ENTRY_INVALID,
          "price override for model " + quote(model) + " skipped: "
              + (field == null ? "the entry " : "field " + quote(field) + " ") + reason,
          line,
          offset);
    }

    @Override
    public void unknownField(String model, String field, long line, long offset) {
      add(
          CODE_OVERRIDE_FIELD_UNKNOWN,
          "price override " + (model == null ? "file" : "for model " + quote(model)) + ": unknown field "
              + quote(field) + " ignored",
          line,
          offset);
    }

    private void add(String code, String message, long line, long offset) {
      Diagnostic d = Diagnostic.of(Severity.WARNING, code, message);
      d = line >= 1 && offset >= 0 ? d.at(file, line, offset) : d.at(file);
      out.add(d);
    }
  }
}
