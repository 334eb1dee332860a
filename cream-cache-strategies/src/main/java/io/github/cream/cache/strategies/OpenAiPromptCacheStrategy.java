package io.github.cream.cache.strategies;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.Durations;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openai-prompt-cache}: OpenAI's automatic prefix cache, for OpenAI models served by OpenAI, Azure OpenAI and
 * the ChatGPT backend ({@code openai-codex}).
 *
 * <h2>Rules</h2>
 * Source: OpenAI's prompt-caching guide, https://developers.openai.com/api/docs/guides/prompt-caching ("Cache
 * lifetime", "Retention defaults and Zero Data Retention", "Summary of model differences"), Azure's mirror
 * https://learn.microsoft.com/azure/foundry/openai/how-to/prompt-caching, and research peers.md section 3.
 * <ul>
 *   <li>Caching is automatic for prompts of at least 1,024 tokens; reuse refreshes an entry "without another
 *       cache-write charge". Every call therefore touches the cache, and idleness counts from the last call.
 *   <li><b>GPT-5.6 and later</b>: "A cached prefix remains eligible for reuse for 30 minutes after its most recent
 *       write or reuse, though OpenAI may retain it longer"; writes cost 1.25 times the input price.
 *   <li><b>GPT-5.5 and GPT-5.5 Pro</b>: only {@code 24h} retention, which "typically keeps entries available for
 *       around 30 minutes and can retain them for up to 24 hours"; no write charge.
 *   <li><b>Extended-retention models</b> (gpt-5.4, gpt-5.3-codex, gpt-5.2, gpt-5.1-codex-max, gpt-5.1,
 *       gpt-5.1-codex, gpt-5.1-codex-mini, gpt-5.1-chat-latest, gpt-5.1-chat, gpt-5, gpt-5-codex, gpt-4.1; OpenAI's
 *       list plus Azure's): {@code in_memory} or {@code 24h}. On OpenAI, "Organizations without Zero Data Retention
 *       enabled default to 24h"; on Azure "if you don't specify a retention policy, the default is in_memory".
 *   <li><b>Every other model</b> (gpt-4o, the o-series, the mini models...): {@code in_memory}, where entries
 *       "typically remain active for around 5 to 10 minutes of inactivity, up to one hour".
 * </ul>
 *
 * <h2>Verdicts</h2>
 * None of these lifetimes is exact and the log does not say which retention a request asked for, so the verdict
 * walks bands of idle time and lets the confidence carry the doubt. Idle time counts from 30 seconds before the
 * logged time of the last call ({@link Verdicts#REQUEST_START_ALLOWANCE}), because the cache is used when the prompt
 * is read and a log dates the call later.
 * <table>
 *   <caption>State and confidence by idle time</caption>
 *   <tr><th>retention assumed</th><th>warm</th><th>cold</th><th>ttl</th></tr>
 *   <tr><td>in-memory</td><td>under 5 min: MEDIUM; 5 to 10 min: LOW</td>
 *       <td>10 min to 1 h: MEDIUM; 1 h or more: HIGH</td><td>10 min</td></tr>
 *   <tr><td>24h by default (extended-retention models on OpenAI)</td><td>under 5 min: MEDIUM; 5 to 30 min: LOW</td>
 *       <td>30 min to 24 h: LOW; 24 h or more: HIGH</td><td>30 min</td></tr>
 *   <tr><td>24h only (GPT-5.5)</td><td>under 30 min: MEDIUM</td><td>30 min to 24 h: LOW; 24 h or more: HIGH</td>
 *       <td>30 min</td></tr>
 *   <tr><td>30 minutes (GPT-5.6 and later)</td><td>under 30 min: HIGH</td><td>30 min or more: MEDIUM</td>
 *       <td>30 min</td></tr>
 * </table>
 * Even a warm OpenAI cache is no promise: requests are routed by a hash of the prompt's start and overflow to other
 * machines above about 15 requests a minute, so an in-memory verdict is never better than MEDIUM. For the
 * extended-retention models the 24-hour default is assumed on OpenAI because it is the default for organisations
 * without Zero Data Retention, with LOW confidence past 5 minutes since an in-memory request would have lost its cache
 * by then; on Azure, and on the ChatGPT backend whose retention is undocumented, in-memory retention is assumed. When
 * the session has at least two calls after its first with a cacheable prompt and none read the cache, the verdict is
 * at most LOW: the log may not report cached tokens, or the cache is not being hit.
 *
 * <h2>Resume cost</h2>
 * The cached prefix is the last call's whole prompt (input, cache reads and cache writes): OpenAI caches the prompt a
 * call processed. Before GPT-5.6 it is rounded down to a multiple of 128 tokens, the granularity OpenAI reports cached
 * tokens in; a prompt under 1,024 tokens caches nothing. Warm: the prefix at the cached-input price. Cold: the prefix
 * at the input price, or at the cache-write price ({@link ModelPrice#cacheWrite5m()}) for GPT-5.6 and later and for
 * any session whose log reports cache writes (only models that bill writes report them).
 */
public final class OpenAiPromptCacheStrategy implements CacheStrategy {

  /** The strategy id. */
  public static final String ID = "openai-prompt-cache";

  private static final int PRIORITY = 100;
  private static final long MIN_CACHEABLE = 1024;
  private static final long REPORTING_GRANULE = 128;
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Duration ONE_DAY = Duration.ofHours(24);

  // "Extended retention is supported by gpt-5.5, gpt-5.5-pro, gpt-5.4, gpt-5.2, gpt-5.1-codex-max, gpt-5.1,
  // gpt-5.1-codex, gpt-5.1-codex-mini, gpt-5.1-chat-latest, gpt-5, gpt-5-codex, and gpt-4.1" (OpenAI guide); Azure's
  // list adds gpt-5.3-codex and gpt-5.1-chat. gpt-5.5 is handled apart: it supports 24h only.
  private static final Set<String> EXTENDED_RETENTION =
      Set.of(
          "gpt-5.4",
          "gpt-5.3-codex",
          "gpt-5.2",
          "gpt-5.1-codex-max",
          "gpt-5.1",
          "gpt-5.1-codex",
          "gpt-5.1-codex-mini",
          "gpt-5.1-chat-latest",
          "gpt-5.1-chat",
          "gpt-5",
          "gpt-5-codex",
          "gpt-4.1");

  private static final Pattern GPT_VERSION = Pattern.compile("gpt-(\\d+)(?:\\.(\\d+))?(?:-.*)?");

  /** Which retention rule a verdict applies. */
  enum Retention {
    /** GPT-5.6 and later: at least 30 minutes after the last write or reuse. */
    THIRTY_MINUTES,
    /** GPT-5.5: 24h retention only, typically about 30 minutes. */
    EXTENDED_ONLY,
    /** Extended-retention models on OpenAI: 24h by default outside Zero Data Retention. */
    EXTENDED_BY_DEFAULT,
    /** In-memory retention: 5 to 10 minutes of inactivity, at most an hour. */
    IN_MEMORY
  }

  /** Creates the strategy; it holds no state. */
  public OpenAiPromptCacheStrategy() {}

  /**
   * The id, {@value #ID}.
   *
   * @return the id
   */
  @Override
  public String id() {
    return ID;
  }

  /**
   * Priority 100 for an OpenAI model id ({@code gpt-*}, {@code o1*}, {@code o3*}, {@code o4*}, {@code codex-*},
   * but not {@code gpt-oss}) under provider {@code openai}, {@code azure}, {@code azure-openai},
   * {@code azure-openai-responses} or {@code openai-codex}.
   *
   * @param provider the provider id
   * @param model the model id
   * @return 100, or empty
   */
  @Override
  public OptionalInt supports(String provider, String model) {
    return ModelIds.isOpenAi(provider, model) ? OptionalInt.of(PRIORITY) : OptionalInt.empty();
  }

  /**
   * Judges the session's OpenAI cache at an instant; never throws.
   *
   * @param history the session
   * @param now the instant
   * @return the verdict
   */
  @Override
  public CacheVerdict evaluate(CacheHistory history, Instant now) {
    return Verdicts.guarded(ID, () -> judge(history, now));
  }

  /**
   * The retention rule for a model on a provider.
   *
   * @param provider the provider id
   * @param model the model id
   * @return the rule
   */
  static Retention retentionOf(String provider, String model) {
    String m = ModelIds.bareOpenAiModel(model);
    Matcher g = GPT_VERSION.matcher(m);
    if (g.matches()) {
      int major = parse(g.group(1));
      int minor = g.group(2) == null ? 0 : parse(g.group(2));
      if (major > 5 || (major == 5 && minor >= 6)) {
        return Retention.THIRTY_MINUTES;
      }
      if (major == 5 && minor == 5) {
        return Retention.EXTENDED_ONLY;
      }
    }
    if (EXTENDED_RETENTION.contains(m)) {
      String p = ModelIds.lower(provider);
      return ModelIds.isAzure(p) || p.equals("openai-codex") ? Retention.IN_MEMORY : Retention.EXTENDED_BY_DEFAULT;
    }
    return Retention.IN_MEMORY;
  }

  private static int parse(String digits) {
    // at most a few digits in a model id; anything longer is no version worth comparing
    return digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  private static CacheVerdict judge(CacheHistory history, Instant now) {
    if (now == null) {
      return CacheVerdict.unknown(ID, "No instant was given to judge the cache at.");
    }
    List<UsageRecord> calls = SessionCalls.cacheCalls(history);
    if (calls.isEmpty()) {
      return CacheVerdict.unknown(ID, "The session has no calls, so there is no cache to judge.");
    }
    UsageRecord last = calls.get(calls.size() - 1);
    Retention retention = retentionOf(last.provider(), last.model());
    Optional<ModelPrice> price = Verdicts.price(history);
    long prompt = last.tokens().prompt();
    Instant lastAt = last.timestamp();

    if (prompt < MIN_CACHEABLE) {
      CacheVerdict.Builder v =
          CacheVerdict.builder(ID, CacheState.COLD)
              .lastActivity(lastAt)
              .confidence(Confidence.HIGH)
              .cachedPrefixTokens(0)
              .note(
                  "The last prompt has "
                      + prompt
                      + " tokens, below the 1,024 tokens OpenAI needs before it caches anything.");
      Verdicts.resumeCosts(v, price, TokenCounts.ZERO, TokenCounts.ZERO);
      return v.build();
    }

    Instant start = lastAt.minus(Verdicts.REQUEST_START_ALLOWANCE);
    Duration idle = Verdicts.idle(start, now);
    CacheVerdict.Builder v = band(retention, idle, start);
    v.lastActivity(lastAt);
    if (retention == Retention.IN_MEMORY) {
      String p = ModelIds.lower(last.provider());
      String model = ModelIds.bareOpenAiModel(last.model());
      if (EXTENDED_RETENTION.contains(model) && ModelIds.isAzure(p)) {
        v.note("Azure defaults this model to in-memory retention, which is assumed.");
      } else if (EXTENDED_RETENTION.contains(model)) {
        v.note("The ChatGPT backend does not document its retention; in-memory retention is assumed.");
      }
    }
    v.note("Idle time counts from 30s before the logged time of the last call, when its prompt was read.");
    if (now.isBefore(lastAt)) {
      v.note(Verdicts.FUTURE_CALL);
    }

    int laterCacheable = 0;
    boolean anyRead = false;
    for (int i = 1; i < calls.size(); i++) {
      TokenCounts t = calls.get(i).tokens();
      if (t.prompt() >= MIN_CACHEABLE) {
        laterCacheable++;
        anyRead |= t.cacheRead() > 0;
      }
    }
    CacheVerdict partial = v.build();
    Confidence confidence = partial.confidence();
    if (laterCacheable >= 2 && !anyRead) {
      confidence = Verdicts.atMost(confidence, Confidence.LOW);
      v.note(
          "None of the session's "
              + laterCacheable
              + " later calls with a cacheable prompt read the cache: the log may not report cached tokens, or the "
              + "cache is not being hit.");
    }
    v.confidence(confidence);

    boolean writeFee = retention == Retention.THIRTY_MINUTES || SessionCalls.anyWrite(calls);
    long prefix = retention == Retention.THIRTY_MINUTES ? prompt : prompt / REPORTING_GRANULE * REPORTING_GRANULE;
    v.cachedPrefixTokens(prefix);
    if (writeFee) {
      v.note("This model bills cache writes, so a cold resume pays the cache-write price for the prefix.");
    }
    Verdicts.resumeCosts(
        v,
        price,
        TokenCounts.of(0, prefix, 0, 0, 0),
        writeFee ? TokenCounts.of(0, 0, prefix, 0, 0) : TokenCounts.of(prefix, 0, 0, 0, 0));
    return v.build();
  }

  private static CacheVerdict.Builder band(Retention retention, Duration idle, Instant start) {
    String idleWords = "The session has been idle for " + Durations.span(idle) + ". ";
    switch (retention) {
      case THIRTY_MINUTES:
        if (idle.compareTo(THIRTY_MINUTES) < 0) {
          return verdict(CacheState.WARM, Confidence.HIGH, start, THIRTY_MINUTES)
              .note(idleWords + "From GPT-5.6 on, a cached prefix stays reusable for 30m after its last write "
                  + "or reuse.");
        }
        return verdict(CacheState.COLD, Confidence.MEDIUM, start, THIRTY_MINUTES)
            .note(idleWords + "From GPT-5.6 on, a cached prefix is only promised for 30m after its last write "
                + "or reuse, though OpenAI may keep it longer.");
      case EXTENDED_ONLY:
        if (idle.compareTo(THIRTY_MINUTES) < 0) {
          return verdict(CacheState.WARM, Confidence.MEDIUM, start, THIRTY_MINUTES)
              .note(idleWords + "GPT-5.5 uses 24-hour retention only, which typically keeps entries for about "
                  + "30m.");
        }
        return extendedCold(idle, idleWords, start);
      case EXTENDED_BY_DEFAULT:
        if (idle.compareTo(FIVE_MINUTES) < 0) {
          return verdict(CacheState.WARM, Confidence.MEDIUM, start, THIRTY_MINUTES)
              .note(idleWords + "Under either of OpenAI's retention policies the cache is usually still there.");
        }
        if (idle.compareTo(THIRTY_MINUTES) < 0) {
          return verdict(CacheState.WARM, Confidence.LOW, start, THIRTY_MINUTES)
              .note(idleWords + "This assumes 24-hour extended retention, the default for organisations without "
                  + "Zero Data Retention, which typically keeps entries for about 30m; under in-memory retention "
                  + "the cache is usually gone after 5m to 10m.");
        }
        return extendedCold(idle, idleWords, start);
      case IN_MEMORY:
      default:
        if (idle.compareTo(FIVE_MINUTES) < 0) {
          return verdict(CacheState.WARM, Confidence.MEDIUM, start, TEN_MINUTES)
              .note(idleWords + "OpenAI's in-memory cache typically lasts 5m to 10m of inactivity, at most 1h.");
        }
        if (idle.compareTo(TEN_MINUTES) < 0) {
          return verdict(CacheState.WARM, Confidence.LOW, start, TEN_MINUTES)
              .note(idleWords + "OpenAI clears in-memory caches after 5m to 10m of inactivity, so the cache may "
                  + "already be gone.");
        }
        if (idle.compareTo(ONE_HOUR) < 0) {
          return verdict(CacheState.COLD, Confidence.MEDIUM, start, TEN_MINUTES)
              .note(idleWords + "OpenAI typically clears in-memory caches after 5m to 10m of inactivity and always "
                  + "within 1h.");
        }
        return verdict(CacheState.COLD, Confidence.HIGH, start, TEN_MINUTES)
            .note(idleWords + "OpenAI removes in-memory caches within 1h of their last use.");
    }
  }

  private static CacheVerdict.Builder extendedCold(Duration idle, String idleWords, Instant start) {
    if (idle.compareTo(ONE_DAY) < 0) {
      return verdict(CacheState.COLD, Confidence.LOW, start, THIRTY_MINUTES)
          .note(idleWords + "Extended retention typically keeps entries for about 30m and at most 24h, so the "
              + "cache may still be there.");
    }
    return verdict(CacheState.COLD, Confidence.HIGH, start, THIRTY_MINUTES)
        .note(idleWords + "Extended retention keeps entries at most 24h.");
  }

  private static CacheVerdict.Builder verdict(CacheState state, Confidence confidence, Instant start, Duration ttl) {
    return CacheVerdict.builder(ID, state).confidence(confidence).ttl(ttl).expiresAt(start.plus(ttl));
  }
}
