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
import io.github.cream.spi.GapObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code empirical-dropoff}: a cache lifetime learned from the user's own history, for providers without a published
 * rule cream knows: Google, DeepSeek, xAI, Mistral, Moonshot, Groq and the like, routers such as OpenRouter and the
 * Vercel AI Gateway when they serve a model that is neither Claude nor an OpenAI model on OpenAI, and OpenAI models
 * hosted elsewhere.
 *
 * <p>The evidence is {@link CacheHistory#observations()}: for every call of the same provider and model in the whole
 * scan, the idle gap before it and whether it read the cache. Prior art that classifies cache misses by idle gap:
 * research peers.md section 3, "Inferring TTL / cache state empirically from logs" (anthropics/claude-code#60316,
 * apmantza/pi-lens#1945, the albedo "after that the measurements win" rule). How a hit is defined, how the lifetime
 * is estimated and how many samples are enough is described in {@link LearnedLifetime}: in short, at least
 * {@value LearnedLifetime#MIN_EACH_SIDE} hits below and {@value LearnedLifetime#MIN_EACH_SIDE} misses above one idle
 * threshold, with at most {@value LearnedLifetime#MAX_CONTRADICTION_PERCENT}% of the samples contradicting it; the
 * lifetime is the longest gap that still hit. The learned lifetime is measured between logged timestamps, so it
 * already carries whatever delay the log has and needs no request-start allowance.
 *
 * <h2>Verdicts</h2>
 * <ul>
 *   <li>Not enough samples, or contradictory ones: {@link CacheState#UNKNOWN} with {@link Confidence#NONE}, and a
 *       note with the sample counts found and needed.
 *   <li>Otherwise {@code expiresAt = lastActivity + lifetime} and {@link CacheState#WARM} iff {@code now} is before
 *       it. Between the lifetime and the shortest gap that missed, the verdict is cold with {@link Confidence#LOW}:
 *       the history has no evidence there, and cold is the cautious answer. Elsewhere the confidence is
 *       {@link Confidence#MEDIUM} for strong evidence and {@link Confidence#LOW} for the rest.
 * </ul>
 * The session's last call is its last activity: providers in this group cache implicitly, so every call touches the
 * cache.
 *
 * <h2>Resume cost</h2>
 * Where the session's log reports cache writes (explicit caching, as with Alibaba's or Anthropic-style
 * breakpoints), the cached prefix is the last call's {@code cacheRead + cacheWrite} and a cold resume pays the
 * cache-write price. Otherwise the provider caches implicitly: the prefix is the last call's whole prompt, and a cold
 * resume pays the input price for it, as implicit caches charge no write fee.
 */
public final class EmpiricalDropoffStrategy implements CacheStrategy {

  /** The strategy id. */
  public static final String ID = "empirical-dropoff";

  private static final int PRIORITY = 50;

  /** Creates the strategy; it holds no state. */
  public EmpiricalDropoffStrategy() {}

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
   * Priority 50 for every provider and model that neither {@link AnthropicEphemeralStrategy} nor
   * {@link OpenAiPromptCacheStrategy} claims; whether the history holds enough evidence is decided when evaluating.
   *
   * @param provider the provider id
   * @param model the model id
   * @return 50, or empty for Anthropic and OpenAI models
   */
  @Override
  public OptionalInt supports(String provider, String model) {
    if (ModelIds.isAnthropic(provider, model) || ModelIds.isOpenAi(provider, model)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(PRIORITY);
  }

  /**
   * Judges the session's cache from the lifetime learned for its provider and model; never throws.
   *
   * @param history the session and the provider's observations
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
    UsageRecord last = calls.get(calls.size() - 1);
    Instant lastAt = last.timestamp();
    List<GapObservation> observations = history.observations();
    LearnedLifetime learned = LearnedLifetime.learn(observations);

    CacheVerdict.Builder v;
    if (!learned.enough()) {
      v = CacheVerdict.builder(ID, CacheState.UNKNOWN).confidence(Confidence.NONE).lastActivity(lastAt);
      if (learned.contradictory()) {
        v.note(
            "The "
                + learned.usable()
                + " usable samples of idle gap versus cache read for this provider and model contradict each other ("
                + learned.contradictions()
                + " disagree with the best single lifetime), so no lifetime is learned.");
      } else {
        v.note(
            "Of the "
                + learned.usable()
                + " usable samples of idle gap versus cache read for this provider and model, "
                + learned.hitsBefore()
                + " hit below and "
                + learned.missesAfter()
                + " missed above the best idle threshold; at least "
                + LearnedLifetime.MIN_EACH_SIDE
                + " of each are needed to learn a lifetime.");
      }
    } else {
      Duration ttl = learned.longestHit();
      Duration bound = learned.shortestMiss();
      Instant expiresAt = lastAt.plus(ttl);
      CacheState state = now.isBefore(expiresAt) ? CacheState.WARM : CacheState.COLD;
      Confidence confidence = learned.strong() ? Confidence.MEDIUM : Confidence.LOW;
      v =
          CacheVerdict.builder(ID, state)
              .lastActivity(lastAt)
              .expiresAt(expiresAt)
              .ttl(ttl)
              .note(
                  "Learned from "
                      + learned.usable()
                      + " calls of this provider and model: the cache was still read after idle gaps up to "
                      + Durations.span(ttl)
                      + " and was gone after "
                      + Durations.span(bound)
                      + " or more; "
                      + learned.contradictions()
                      + " of the calls disagree.");
      if (state == CacheState.COLD && now.isBefore(lastAt.plus(bound))) {
        confidence = Confidence.LOW;
        v.note(
            "Between "
                + Durations.span(ttl)
                + " and "
                + Durations.span(bound)
                + " of idleness the history has no evidence; the cache is called cold from "
                + Durations.span(ttl)
                + " on.");
      }
      v.confidence(confidence);
      if (now.isBefore(lastAt)) {
        v.note(Verdicts.FUTURE_CALL);
      }
    }

    boolean explicitWrites = SessionCalls.anyWrite(calls);
    boolean writesBilled = explicitWrites || anyObservedWrite(observations);
    TokenCounts t = last.tokens();
    long prefix = explicitWrites ? saturatingAdd(t.cacheRead(), t.cacheWrite()) : t.prompt();
    v.cachedPrefixTokens(prefix);
    Optional<ModelPrice> price = Verdicts.price(history);
    Verdicts.resumeCosts(
        v,
        price,
        TokenCounts.of(0, prefix, 0, 0, 0),
        writesBilled ? TokenCounts.of(0, 0, prefix, 0, 0) : TokenCounts.of(prefix, 0, 0, 0, 0));
    return v.build();
  }

  private static boolean anyObservedWrite(List<GapObservation> observations) {
    if (observations == null) {
      return false;
    }
    for (GapObservation o : observations) {
      if (o != null && o.cacheWriteTokens() > 0) {
        return true;
      }
    }
    return false;
  }

  private static long saturatingAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
