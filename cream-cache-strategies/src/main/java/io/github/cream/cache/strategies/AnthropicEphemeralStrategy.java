package io.github.cream.cache.strategies;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.RecordFlag;
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

/**
 * {@code anthropic-ephemeral}: Anthropic's published prompt-cache rules, for Claude on the Claude API, Amazon
 * Bedrock, Google Vertex AI, Microsoft Foundry, and wherever else a Claude model is served.
 *
 * <h2>Rules</h2>
 * Sources: the prompt-caching guide, https://platform.claude.com/docs/en/build-with-claude/prompt-caching, and the
 * research notes peers.md section 3 ("Prompt-cache semantics") and claude-codex-ccusage.md sections 1.4 and 6
 * rule 3.
 * <ul>
 *   <li><b>Lifetime.</b> 5 minutes, or 1 hour for writes made with {@code ttl: "1h"}; the split comes from each
 *       call's {@link TokenCounts#cacheWrite5m()} and {@link TokenCounts#cacheWrite1h()}. The lifetime is 1 hour
 *       when any call of the live prefix wrote for 1 hour, 5 minutes otherwise (see {@link AnthropicCacheTimeline}).
 *   <li><b>Refresh.</b> Every call that reads or writes the cache refreshes it.
 *   <li><b>Clock.</b> The lifetime runs "from the start of the request that writes or reads the cache entry, not from
 *       the end of its response". A log dates a call at or after its start, so the announced expiry is
 *       {@code lastActivity + ttl - 30 s} ({@link Verdicts#REQUEST_START_ALLOWANCE}): the strategy would rather call a
 *       cache cold half a minute early than warm when it is gone. The verdict's {@code lastActivity} is the logged
 *       time of the last call that read or wrote; its {@code ttl} is the nominal lifetime.
 *   <li><b>State.</b> {@link CacheState#WARM} iff {@code now < expiresAt}; exactly at the expiry it is
 *       {@link CacheState#COLD}.
 *   <li><b>Model.</b> A cache belongs to one model: only calls of the session's current provider and model count,
 *       and only main-conversation calls when there are any (subagents cache their own prompts). Switching models
 *       therefore starts a different cache.
 *   <li><b>Minimum.</b> A prompt below the model's minimum cacheable length is never cached ({@link ClaudeMinimums});
 *       a session with no cache activity whose every prompt is below it is cold with high confidence.
 * </ul>
 *
 * <h2>Confidence</h2>
 * {@link Confidence#HIGH} when the lifetime follows from the log: a 1-hour write in the live prefix, or 5-minute
 * writes from a log known to split writes by lifetime (Claude Code's, or any session that logged a 1-hour write). A
 * log without the split (Pi's, for one) counts every write as 5 minutes although the client may have asked for 1
 * hour; so may a live prefix that only read. Then the verdict assumes 5 minutes and is {@link Confidence#MEDIUM}, but
 * only between 5 minutes and 1 hour of idleness: before that the cache is warm and after it cold under either
 * lifetime, which is {@link Confidence#HIGH} again. Within the 30 seconds of allowance after the announced expiry the
 * cache may still be warm, so a cold verdict there is {@link Confidence#MEDIUM}. A provider that resells Claude (a
 * router, an IDE gateway) caps the confidence at {@link Confidence#MEDIUM}.
 *
 * <h2>Resume cost</h2>
 * The cached prefix is the last touching call's {@code cacheRead + cacheWrite}: what the cache held after that call.
 * Its uncached {@code input} (the tokens after the last cache breakpoint, usually a handful) and its output are not
 * in the cache; the next call writes them whether the cache is warm or cold, so they do not change the difference
 * between the two costs and are left out. Warm: the prefix read from the cache. Cold: the prefix written again at the
 * write price of the lifetime in force (1-hour price for a 1-hour live prefix).
 */
public final class AnthropicEphemeralStrategy implements CacheStrategy {

  /** The strategy id. */
  public static final String ID = "anthropic-ephemeral";

  private static final int PRIORITY = 100;

  /** Creates the strategy; it holds no state. */
  public AnthropicEphemeralStrategy() {}

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
   * Priority 100 for a Claude model on any provider, and for any model of provider {@code anthropic}.
   *
   * @param provider the provider id
   * @param model the model id
   * @return 100, or empty
   */
  @Override
  public OptionalInt supports(String provider, String model) {
    return ModelIds.isAnthropic(provider, model) ? OptionalInt.of(PRIORITY) : OptionalInt.empty();
  }

  /**
   * Judges the session's Anthropic cache at an instant; never throws.
   *
   * @param history the session
   * @param now the instant
   * @return the verdict
   */
  @Override
  public CacheVerdict evaluate(CacheHistory history, Instant now) {
    return Verdicts.guarded(ID, () -> judge(history, now));
  }

  private static CacheVerdict judge(CacheHistory history, Instant now) {
    if (now == null) {
      return CacheVerdict.unknown(ID, "No instant was given to judge the cache at.");
    }
    List<UsageRecord> calls = SessionCalls.cacheCalls(history);
    if (calls.isEmpty()) {
      return CacheVerdict.unknown(ID, "The session has no calls, so there is no cache to judge.");
    }
    UsageRecord latest = calls.get(calls.size() - 1);
    boolean nativeProvider = ModelIds.isAnthropicNative(latest.provider());
    Optional<ModelPrice> price = Verdicts.price(history);
    AnthropicCacheTimeline timeline = AnthropicCacheTimeline.replay(calls);
    Optional<AnthropicCacheTimeline.Touch> lastTouch = timeline.lastTouch();
    CacheVerdict.Builder v;
    if (lastTouch.isEmpty()) {
      v = neverCached(calls, latest.model());
      Verdicts.resumeCosts(v, price, TokenCounts.ZERO, TokenCounts.ZERO);
    } else {
      // the split is known unless a source says it logged writes without it (RecordFlag.CACHE_WRITE_UNSPLIT)
      List<UsageRecord> ordered = SessionCalls.ordered(history.calls());
      boolean splitKnown =
          ordered.stream().noneMatch(c -> c.has(RecordFlag.CACHE_WRITE_UNSPLIT))
              || ordered.stream().anyMatch(c -> c.tokens().cacheWrite1h() > 0);
      v = judgeLivePrefix(timeline, lastTouch.get(), splitKnown, now);
      long prefix = prefixOf(lastTouch.get().call().tokens());
      boolean oneHour = lastTouch.get().ttl().equals(AnthropicCacheTimeline.ONE_HOUR);
      v.cachedPrefixTokens(prefix);
      Verdicts.resumeCosts(
          v,
          price,
          TokenCounts.of(0, prefix, 0, 0, 0),
          oneHour ? TokenCounts.of(0, 0, 0, prefix, 0) : TokenCounts.of(0, 0, prefix, 0, 0));
    }
    CacheVerdict built = v.build();
    if (nativeProvider) {
      return built;
    }
    return built.toBuilder()
        .confidence(Verdicts.atMost(built.confidence(), Confidence.MEDIUM))
        .note("The provider resells this Claude model; Anthropic's published cache rules are assumed.")
        .build();
  }

  private static CacheVerdict.Builder judgeLivePrefix(
      AnthropicCacheTimeline timeline, AnthropicCacheTimeline.Touch last, boolean splitKnown, Instant now) {
    Instant lastAt = last.call().timestamp();
    Duration ttl = last.ttl();
    Instant start = lastAt.minus(Verdicts.REQUEST_START_ALLOWANCE);
    Instant expiresAt = start.plus(ttl);
    CacheState state = now.isBefore(expiresAt) ? CacheState.WARM : CacheState.COLD;
    CacheVerdict.Builder v =
        CacheVerdict.builder(ID, state).lastActivity(lastAt).expiresAt(expiresAt).ttl(ttl);

    boolean has1h = timeline.liveHas1hWrite();
    boolean has5m = timeline.liveHas5mWrite();
    boolean mixed = has1h && has5m;
    boolean tierFromLog = has1h || (has5m && splitKnown);
    if (mixed) {
      v.note(
          "The live prefix mixes 1-hour and 5-minute cache writes: the cache lives 1h after each read or write, "
              + "but after 5m only the part written for 1 hour is still cached.");
    } else if (has1h) {
      v.note("The live prefix holds a 1-hour cache write, so the cache lives 1h after each read or write.");
    } else if (tierFromLog) {
      v.note("Every cache write of the live prefix was for 5 minutes, so the cache lives 5m after each read or write.");
    } else if (has5m) {
      v.note(
          "The log does not say whether cache writes were for 5 minutes or 1 hour; 5m after each read or write "
              + "is assumed.");
    } else {
      v.note(
          "No call of the live prefix wrote to the cache, so the lifetime of what it read is not known; 5m after "
              + "each read is assumed.");
    }
    v.note("The expiry is set 30s early because the lifetime runs from the start of the request, which the log does "
        + "not record.");

    Instant fiveMinutesGone = start.plus(AnthropicCacheTimeline.FIVE_MINUTES);
    Instant hourGone = lastAt.plus(AnthropicCacheTimeline.ONE_HOUR);
    Instant nominalExpiry = lastAt.plus(ttl);
    Confidence confidence;
    if (!now.isBefore(hourGone)) {
      // past the longest lifetime Anthropic offers: cold whatever was written
      confidence = Confidence.HIGH;
    } else if (now.isBefore(fiveMinutesGone)) {
      // within the shortest lifetime: warm whatever was written (a mix still has its 5-minute part)
      confidence = Confidence.HIGH;
    } else if (state == CacheState.COLD && now.isBefore(nominalExpiry)) {
      confidence = Confidence.MEDIUM;
      v.note("The cache may still live up to 30s longer, depending on when the last request started.");
    } else if (tierFromLog && !mixed) {
      confidence = Confidence.HIGH;
    } else {
      confidence = Confidence.MEDIUM;
    }
    if (now.isBefore(lastAt)) {
      v.note(Verdicts.FUTURE_CALL);
    }
    return v.confidence(confidence);
  }

  private static CacheVerdict.Builder neverCached(List<UsageRecord> calls, String model) {
    long largestPrompt = 0;
    for (UsageRecord c : calls) {
      largestPrompt = Math.max(largestPrompt, c.tokens().prompt());
    }
    OptionalInt minimum = ClaudeMinimums.minimumFor(model);
    CacheVerdict.Builder v = CacheVerdict.builder(ID, CacheState.COLD).cachedPrefixTokens(0);
    if (minimum.isPresent() && largestPrompt < minimum.getAsInt()) {
      v.confidence(Confidence.HIGH)
          .note(
              "Every prompt of this model in the session is below the "
                  + minimum.getAsInt()
                  + "-token minimum the model caches (the largest has "
                  + largestPrompt
                  + " tokens), so nothing is cached.");
    } else {
      v.confidence(Confidence.MEDIUM)
          .note(
              "No call of this model in the session read or wrote the prompt cache: caching was not requested, or "
                  + "the log does not report it.");
    }
    return v;
  }

  private static long prefixOf(TokenCounts t) {
    long r = t.cacheRead() + t.cacheWrite();
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
