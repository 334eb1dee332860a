package io.github.cream.core.internal;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Money;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Origin;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.CacheEfficiency;
import io.github.cream.core.PricedRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import io.github.cream.spi.GapObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Judges sessions' prompt caches: picks the strategy for each (provider, model) — the highest priority among those
 * that support it, keyed on the provider and never on the source — hands it the session's history, and sums up
 * caching efficiency. Thread-safe.
 *
 * <p>A call routed through a router (OpenRouter) and {@linkplain PricedRecord#upstreamProvider() enriched} is judged
 * as a call of the upstream provider that served it: the strategy is chosen for that provider, sees it as the calls'
 * provider (a cache belongs to one provider, so calls another upstream served are not part of it), and learned
 * lifetimes are learned per (upstream provider, model). A router's session carries {@link #ROUTER_NOTE} unless every
 * routed call of the session is enriched: then the note says where the upstream provider changed within the session,
 * or is left out when it never changed.
 */
public final class CacheEvaluator {

  /** The id of the verdicts given when no strategy supports a provider. */
  public static final String FALLBACK_ID = "unknown";

  /** Providers that route calls to upstream providers of their choosing. */
  static final Set<String> ROUTERS =
      Set.of("openrouter", "vercel-ai-gateway", "requesty", "litellm", "portkey", "helicone", "cloudflare-ai-gateway");

  /** Said of every verdict about a router's session. */
  public static final String ROUTER_NOTE =
      "The upstream provider may be rerouted between calls, so the cache state is a best guess.";

  private record Pair(String provider, String model) {
    // equals and hashCode written out: see IndexEntry.Key
    @Override
    public boolean equals(Object o) {
      return o instanceof Pair p && java.util.Objects.equals(model, p.model)
          && java.util.Objects.equals(provider, p.provider);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Objects.hashCode(provider) + java.util.Objects.hashCode(model);
    }
  }

  private final List<ProviderLoader.Loaded<CacheStrategy>> strategies;
  private final PriceLookup prices;
  private final Consumer<Consumer<List<PricedRecord>>> history; // hands over the calls, a group at a time
  private final CacheEvaluator parent; // the evaluator of the whole scan, whose evidence this one shares
  /** Each enriched call with a known upstream provider, and the same call with that provider as its provider. */
  private final Map<UsageRecord, UsageRecord> served = new IdentityHashMap<>();
  private final Map<Pair, Optional<ProviderLoader.Loaded<CacheStrategy>>> resolved = new HashMap<>();
  private volatile Map<Pair, List<GapObservation>> observations;

  /**
   * An evaluator.
   *
   * @param strategies the strategies, registered ones first
   * @param prices prices for resume costs
   * @param history every call of the scan (unfiltered), oldest first: the evidence learning strategies use
   */
  public CacheEvaluator(
      List<ProviderLoader.Loaded<CacheStrategy>> strategies, PriceLookup prices, List<PricedRecord> history) {
    this(strategies, prices, action -> action.accept(history), null);
    serve(history);
  }

  /**
   * An evaluator over calls read a group at a time: the evidence learning strategies use is gathered in one pass
   * over the groups, when first needed. Verdicts are given by {@link #forCalls} evaluators.
   *
   * @param strategies the strategies, registered ones first
   * @param prices prices for resume costs
   * @param groups hands over every call of the scan (unfiltered), a batch at a time, each batch in time order and
   *     holding all the calls of its sessions
   */
  public CacheEvaluator(
      List<ProviderLoader.Loaded<CacheStrategy>> strategies, PriceLookup prices,
      Consumer<Consumer<List<PricedRecord>>> groups) {
    this(strategies, prices, groups, null);
  }

  private CacheEvaluator(
      List<ProviderLoader.Loaded<CacheStrategy>> strategies, PriceLookup prices,
      Consumer<Consumer<List<PricedRecord>>> history, CacheEvaluator parent) {
    this.strategies = List.copyOf(strategies);
    this.prices = prices;
    this.history = history;
    this.parent = parent;
  }

  /**
   * An evaluator for some of the scan's calls, sharing this one's strategies and evidence: the upstream providers
   * it knows are those of these calls.
   *
   * @param calls the calls to judge (whole sessions)
   * @return the evaluator
   */
  public CacheEvaluator forCalls(List<PricedRecord> calls) {
    CacheEvaluator top = parent != null ? parent : this;
    CacheEvaluator e = new CacheEvaluator(top.strategies, top.prices, top.history, top);
    e.serve(calls);
    return e;
  }

  private void serve(List<PricedRecord> history) {
    for (PricedRecord p : history) {
      Optional<String> up = p.upstreamProvider();
      if (up.isPresent() && !up.get().equals(p.record().provider())) {
        UsageRecord view;
        try {
          view = p.record().toBuilder().provider(up.get()).build();
        } catch (RuntimeException e) {
          continue; // not a valid provider id: the call stays the router's
        }
        served.put(p.record(), view);
      }
    }
  }

  /**
   * The upstream provider that served a call of the scan, where an enrichment said.
   *
   * @param call a call of the scan's records
   * @return the upstream provider, or empty
   */
  public Optional<String> upstreamOf(UsageRecord call) {
    UsageRecord v = served.get(call);
    return v == null ? Optional.empty() : Optional.of(v.provider());
  }

  /** The call as the cache sees it: with its upstream provider as its provider, where one is known. */
  private UsageRecord served(UsageRecord call) {
    UsageRecord v = served.get(call);
    return v == null ? call : v;
  }

  private List<UsageRecord> served(List<UsageRecord> calls) {
    if (served.isEmpty()) {
      return calls;
    }
    List<UsageRecord> out = new ArrayList<>(calls.size());
    for (UsageRecord c : calls) {
      out.add(served(c));
    }
    return out;
  }

  /**
   * Whether a provider is a router.
   *
   * @param provider provider id
   * @return true for routers such as OpenRouter
   */
  public static boolean isRouter(String provider) {
    return ROUTERS.contains(provider);
  }

  /**
   * The strategy for a provider and model.
   *
   * @param provider provider id
   * @param model model id
   * @return the winning strategy, if any supports the pair
   */
  public synchronized Optional<ProviderLoader.Loaded<CacheStrategy>> resolve(String provider, String model) {
    return resolved.computeIfAbsent(new Pair(provider, model), p -> pick(provider, model));
  }

  private Optional<ProviderLoader.Loaded<CacheStrategy>> pick(String provider, String model) {
    ProviderLoader.Loaded<CacheStrategy> best = null;
    int bestPriority = Integer.MIN_VALUE;
    for (ProviderLoader.Loaded<CacheStrategy> s : strategies) {
      OptionalInt p;
      try {
        p = s.instance().supports(provider, model);
      } catch (RuntimeException | LinkageError e) {
        continue;
      }
      if (p != null && p.isPresent() && (best == null || p.getAsInt() > bestPriority)) {
        best = s;
        bestPriority = p.getAsInt();
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * A session's verdict.
   *
   * @param source the source id
   * @param sessionId the session id
   * @param calls the session's calls, oldest first, not empty
   * @param now the instant to judge at
   * @return the verdict
   */
  public CacheVerdict evaluate(String source, String sessionId, List<UsageRecord> calls, Instant now) {
    UsageRecord logged = latestMain(calls);
    List<UsageRecord> view = served(calls);
    UsageRecord last = served(logged);
    Optional<ProviderLoader.Loaded<CacheStrategy>> strategy = resolve(last.provider(), last.model());
    CacheVerdict v;
    if (strategy.isEmpty()) {
      v = CacheVerdict.unknown(FALLBACK_ID, "no cache strategy knows the provider '" + last.provider() + "'");
    } else {
      CacheStrategy s = strategy.get().instance();
      String id = strategy.get().info().id();
      try {
        v = s.evaluate(new History(source, sessionId, last.provider(), last.model(), view), now);
        if (v == null) {
          v = CacheVerdict.unknown(id, "the cache strategy gave no verdict");
        }
      } catch (RuntimeException | LinkageError e) {
        v = CacheVerdict.unknown(id, "the cache strategy failed on this session (" + e.getClass().getSimpleName() + ")");
      }
    }
    if (isRouter(logged.provider())) {
      String note = routerNote(logged.provider(), calls);
      if (note != null && !v.notes().contains(note)) {
        v = v.toBuilder().note(note).build();
      }
    }
    return v;
  }

  /**
   * What to say about a router's session: nothing when every routed call is enriched and each model stayed with one
   * upstream provider; where the upstream changed when it did; the best-guess note when some routed call's upstream
   * is unknown. Main-conversation calls only, when there are any (subagents keep caches of their own).
   */
  private String routerNote(String router, List<UsageRecord> calls) {
    List<UsageRecord> routed = new ArrayList<>();
    boolean anyMain = false;
    for (UsageRecord c : calls) {
      anyMain |= !c.has(RecordFlag.SUBAGENT);
    }
    for (UsageRecord c : calls) {
      if (c.provider().equals(router) && (!anyMain || !c.has(RecordFlag.SUBAGENT))) {
        routed.add(c);
      }
    }
    routed.sort(java.util.Comparator.comparing(UsageRecord::timestamp));
    Map<String, String> lastUpstream = new HashMap<>();
    List<String> changes = new ArrayList<>();
    for (UsageRecord c : routed) {
      Optional<String> up = upstreamOf(c);
      if (up.isEmpty()) {
        return ROUTER_NOTE;
      }
      String before = lastUpstream.put(c.model(), up.get());
      if (before != null && !before.equals(up.get())) {
        changes.add(before + " to " + up.get() + " at " + c.timestamp());
      }
    }
    if (changes.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder("The upstream provider serving this session's calls through ").append(router)
        .append(" changed ").append(changes.size()).append(changes.size() == 1 ? " time, from " : " times, from ");
    for (int i = 0; i < Math.min(3, changes.size()); i++) {
      sb.append(i == 0 ? "" : "; ").append(changes.get(i));
    }
    if (changes.size() > 3) {
      sb.append("; and ").append(changes.size() - 3).append(" more");
    }
    return sb.append(". A prompt cache stays with the provider that wrote it: a call after a change could not read the"
        + " cache of the provider before it.").toString();
  }

  /**
   * Caching efficiency over some calls.
   *
   * @param sessions calls grouped per session, each oldest first
   * @param now the instant that decides whether a last write is still warm
   * @return the efficiency
   */
  public CacheEfficiency efficiency(Map<SessionRef, List<UsageRecord>> sessions, Instant now) {
    EfficiencySum sum = new EfficiencySum();
    addEfficiency(sessions, now, sum);
    return sum.result();
  }

  /** Caching efficiency summed over sessions judged a few at a time (by {@link #addEfficiency}). Not thread-safe. */
  public static final class EfficiencySum {
    private long prompt;
    private long read;
    private long expiredTokens;
    private Money saved = Money.ZERO;
    private Money expired = Money.ZERO;

    /**
     * The efficiency of every session added.
     *
     * @return the efficiency
     */
    public CacheEfficiency result() {
      double ratio = prompt == 0 ? 0 : Math.min(1.0, (double) read / prompt);
      return new CacheEfficiency(prompt, read, ratio, saved, expiredTokens, expired);
    }
  }

  /**
   * Adds some sessions' calls to an efficiency sum.
   *
   * @param sessions calls grouped per session, each oldest first
   * @param now the instant that decides whether a last write is still warm
   * @param into the sum
   */
  public void addEfficiency(Map<SessionRef, List<UsageRecord>> sessions, Instant now, EfficiencySum into) {
    long prompt = into.prompt;
    long read = into.read;
    long expiredTokens = into.expiredTokens;
    Money saved = into.saved;
    Money expired = into.expired;
    for (Map.Entry<SessionRef, List<UsageRecord>> e : sessions.entrySet()) {
      List<UsageRecord> calls = e.getValue();
      List<UsageRecord> view = served(calls);
      for (int i = 0; i < calls.size(); i++) {
        UsageRecord r = calls.get(i);
        TokenCounts t = r.tokens();
        prompt = TokensMath.add(prompt, t.prompt());
        read = TokensMath.add(read, t.cacheRead());
        Optional<ModelPrice> price = price(r.provider(), r.model());
        if (price.isPresent() && t.cacheRead() > 0) {
          TokenCounts uncached =
              new TokenCounts(
                  TokensMath.add(t.input(), t.cacheRead()), 0, t.cacheWrite5m(), t.cacheWrite1h(), t.output(),
                  t.reasoning());
          saved = saved.plus(price.get().cost(uncached).minus(price.get().cost(t)));
        }
        if (t.cacheWrite() == 0) {
          continue;
        }
        UsageRecord next = nextSameModel(view, i);
        boolean unread;
        if (next != null) {
          unread = next.tokens().cacheRead() == 0;
        } else {
          CacheVerdict v = evaluate(r.source(), e.getKey().sessionId(), calls.subList(0, i + 1), now);
          unread = v.state() == CacheState.COLD;
        }
        if (unread) {
          expiredTokens = TokensMath.add(expiredTokens, t.cacheWrite());
          if (price.isPresent()) {
            expired = expired.plus(price.get().cost(TokenCounts.of(0, 0, t.cacheWrite5m(), t.cacheWrite1h(), 0)));
          }
        }
      }
    }
    into.prompt = prompt;
    into.read = read;
    into.expiredTokens = expiredTokens;
    into.saved = saved;
    into.expired = expired;
  }

  /**
   * The call whose cache a session's verdict is about: the latest main-conversation call (subagents keep caches of
   * their own), or the latest call when all are subagent calls.
   *
   * @param calls the session's calls, oldest first, not empty
   * @return the call
   */
  public static UsageRecord latestMain(List<UsageRecord> calls) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (!calls.get(i).has(RecordFlag.SUBAGENT)) {
        return calls.get(i);
      }
    }
    return calls.get(calls.size() - 1);
  }

  private static UsageRecord nextSameModel(List<UsageRecord> calls, int i) {
    UsageRecord r = calls.get(i);
    for (int j = i + 1; j < calls.size(); j++) {
      UsageRecord n = calls.get(j);
      if (n.model().equals(r.model()) && n.provider().equals(r.provider())) {
        return n;
      }
    }
    return null;
  }

  private Optional<ModelPrice> price(String provider, String model) {
    try {
      return prices.find(provider, model);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private Map<Pair, List<GapObservation>> observations() {
    if (parent != null) {
      return parent.observations();
    }
    Map<Pair, List<GapObservation>> o = observations;
    if (o == null) {
      synchronized (this) {
        o = observations;
        if (o == null) {
          o = buildObservations();
          observations = o;
        }
      }
    }
    return o;
  }

  /** An observation and the call it was made at, for putting observations of several groups in time order. */
  private record Observed(Instant at, Origin origin, GapObservation observation) {}

  private static final Comparator<Observed> IN_TIME_ORDER =
      Comparator.comparing(Observed::at).thenComparing(Observed::origin);

  private Map<Pair, List<GapObservation>> buildObservations() {
    Map<Pair, List<Observed>> found = new LinkedHashMap<>();
    history.accept(group -> {
      CacheEvaluator view = served.isEmpty() ? forCalls(group) : this;
      Map<String, UsageRecord> previous = new HashMap<>();
      for (PricedRecord p : group) {
        UsageRecord r = view.served(p.record());
        if (r.has(RecordFlag.SUBAGENT)) {
          continue; // subagents keep caches of their own; their gaps say nothing about the main conversation's
        }
        String key = r.source() + '\u0000' + r.sessionId();
        UsageRecord prev = previous.put(key, r);
        if (prev == null || !prev.model().equals(r.model()) || !prev.provider().equals(r.provider())) {
          continue;
        }
        Duration gap = Duration.between(prev.timestamp(), r.timestamp());
        if (gap.isNegative()) {
          continue;
        }
        TokenCounts t = r.tokens();
        found.computeIfAbsent(new Pair(r.provider(), r.model()), k -> new ArrayList<>())
            .add(new Observed(r.timestamp(), r.origin(), new GapObservation(gap, t.cacheRead(), t.cacheWrite(),
                t.prompt())));
      }
    });
    // in the calls' order across the whole scan, as one pass over every call in time order gives them
    Map<Pair, List<GapObservation>> out = new LinkedHashMap<>();
    found.forEach((k, v) -> {
      v.sort(IN_TIME_ORDER);
      List<GapObservation> o = new ArrayList<>(v.size());
      for (Observed x : v) {
        o.add(x.observation());
      }
      out.put(k, List.copyOf(o));
    });
    return Map.copyOf(out);
  }

  private final class History implements CacheHistory {
    private final String source;
    private final String sessionId;
    private final String provider;
    private final String model;
    private final List<UsageRecord> calls;

    History(String source, String sessionId, String provider, String model, List<UsageRecord> calls) {
      this.source = source;
      this.sessionId = sessionId;
      this.provider = provider;
      this.model = model;
      this.calls = List.copyOf(calls);
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public String sessionId() {
      return sessionId;
    }

    @Override
    public String provider() {
      return provider;
    }

    @Override
    public String model() {
      return model;
    }

    @Override
    public List<UsageRecord> calls() {
      return calls;
    }

    @Override
    public Optional<ModelPrice> price() {
      return CacheEvaluator.this.price(provider, model);
    }

    @Override
    public List<GapObservation> observations() {
      return CacheEvaluator.this.observations().getOrDefault(new Pair(provider, model), List.of());
    }
  }
}
