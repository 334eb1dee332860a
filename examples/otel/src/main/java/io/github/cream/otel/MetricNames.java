package io.github.cream.otel;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names, units and attributes of the metrics {@link CreamMetrics} publishes: a stable contract, like the JSON
 * documents' field names. Names follow the agents' own ({@code claude_code.token.usage}, {@code
 * claude_code.cost.usage}) so dashboards made for them adapt by changing the prefix.
 *
 * <p>In Prometheus (OpenTelemetry's Prometheus exporter, or a collector's) dots become underscores, the unit is
 * appended and counters end in {@code _total}: {@code cream.token.usage} is {@code cream_token_usage_tokens_total},
 * {@code cream.cost.usage} is {@code cream_cost_usage_USD_total}, attribute {@code cost.provenance} is label {@code
 * cost_provenance}.
 */
public final class MetricNames {

  private MetricNames() {}

  // ------------------------------------------------------------------------------------------------ counters

  /**
   * Counter of tokens, unit {@value #TOKENS}; attributes {@link #SOURCE}, {@link #PROVIDER}, {@link #MODEL}, {@link
   * #TYPE} and, for cache writes, {@link #CACHE_TTL}. The types add up to the total tokens: reasoning is part of
   * {@code output}, and counted apart in {@link #TOKEN_REASONING}.
   */
  public static final String TOKEN_USAGE = "cream.token.usage";

  /**
   * Counter of the output tokens spent on reasoning, unit {@value #TOKENS}, already counted in {@link #TOKEN_USAGE}
   * type {@code output}; attributes {@link #SOURCE}, {@link #PROVIDER}, {@link #MODEL}.
   */
  public static final String TOKEN_REASONING = "cream.token.reasoning";

  /**
   * Counter of billed model calls (each counted once, after deduplication), unit {@value #CALLS}; attributes
   * {@link #SOURCE}, {@link #PROVIDER}, {@link #MODEL}, {@link #COST_PROVENANCE}.
   */
  public static final String CALL_COUNT = "cream.call.count";

  /**
   * Counter of cost in US dollars, unit {@value #USD}; attributes {@link #SOURCE}, {@link #PROVIDER}, {@link
   * #MODEL}, {@link #COST_PROVENANCE}. Unpriced calls add zero, under provenance {@code unpriced}.
   */
  public static final String COST_USAGE = "cream.cost.usage";

  /** Counter of sessions, unit {@value #SESSIONS}; attribute {@link #SOURCE}. */
  public static final String SESSION_COUNT = "cream.session.count";

  // ------------------------------------------------------------------------------------------------ gauges

  /**
   * Gauge of the cost of the calls made in the current day, week and month, unit {@value #USD}; attributes {@link
   * #SOURCE}, {@link #PROVIDER}, {@link #MODEL}, {@link #PERIOD}. Computed from each call's own time in the
   * configured zone, so it includes history from before the export began. A (source, provider, model) without calls
   * in a period has no point for it.
   */
  public static final String COST_CURRENT_PERIOD = "cream.cost.current_period";

  /**
   * Gauge of the sessions whose prompt cache is warm now, unit {@value #SESSIONS}; attributes {@link #SOURCE},
   * {@link #PROVIDER}.
   */
  public static final String CACHE_WARM_SESSIONS = "cream.cache.warm_sessions";

  /**
   * Gauge of the time the first warm prompt cache expires, in seconds since the epoch (unit {@value #SECONDS});
   * attribute {@link #SOURCE}. No point while no cache of the source is warm.
   */
  public static final String CACHE_NEXT_EXPIRY = "cream.cache.next_expiry";

  // ------------------------------------------------------------------------------------------------ units

  /** The unit of token counters. */
  public static final String TOKENS = "tokens";

  /** The unit of cost: US dollars. */
  public static final String USD = "USD";

  /** The unit of call counts (an annotation: Prometheus drops it). */
  public static final String CALLS = "{call}";

  /** The unit of session counts (an annotation: Prometheus drops it). */
  public static final String SESSIONS = "{session}";

  /** The unit of instants: seconds since the epoch. */
  public static final String SECONDS = "s";

  // ------------------------------------------------------------------------------------------------ attributes

  /** The agent whose logs the calls came from: cream's source id ({@code claude}, {@code codex}, {@code pi}...). */
  public static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");

  /** Who served and billed the calls ({@code anthropic}, {@code openai}, {@code openrouter}...). */
  public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");

  /** The model id as the agent logged it. */
  public static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");

  /**
   * The kind of tokens, as Claude Code names them: {@code input} (neither read from nor written to the cache),
   * {@code output} (reasoning included), {@code cacheRead}, {@code cacheCreation}.
   */
  public static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");

  /** How long cache writes were kept: {@code 5m} or {@code 1h}; only on {@code type=cacheCreation}. */
  public static final AttributeKey<String> CACHE_TTL = AttributeKey.stringKey("cache.ttl");

  /**
   * Where the cost came from: {@code recorded} (the agent's), {@code calculated} (cream's prices), {@code
   * unpriced}.
   */
  public static final AttributeKey<String> COST_PROVENANCE = AttributeKey.stringKey("cost.provenance");

  /** The calendar period of {@link #COST_CURRENT_PERIOD}: {@code day}, {@code week} or {@code month}. */
  public static final AttributeKey<String> PERIOD = AttributeKey.stringKey("period");
}
