package io.github.cream.spi;

import io.github.cream.api.CacheVerdict;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * One provider's prompt-cache rules: given a session's calls, is the cache still warm, until when, and what does
 * resuming cost.
 *
 * <p>Strategies are discovered with {@link java.util.ServiceLoader} like {@link Source}s (no-argument
 * constructor, {@code META-INF/services/io.github.cream.spi.CacheStrategy} and {@code provides} in
 * {@code module-info.java}) and must be thread-safe. For each session the engine asks every strategy whether it
 * {@linkplain #supports supports} the session's (provider, model) and lets the one with the highest priority
 * {@linkplain #evaluate evaluate} it. The choice is keyed on the <em>provider</em>, never on the source: Pi can
 * talk to Anthropic, OpenAI or OpenRouter alike. Built-in strategies use priority 100 for a provider's published
 * rules, 50 for rules learned from the user's history and 0 for the {@code unknown} fallback; a plug-in that
 * answers more than 100 outranks them all.
 *
 * <h2>A worked example</h2>
 * A provider that keeps a prompt cache for exactly ten minutes after the last call:
 * <pre>{@code
 * public final class TenMinuteStrategy implements CacheStrategy {
 *   private static final Duration TTL = Duration.ofMinutes(10);
 *
 *   public String id() { return "acme-ten-minutes"; }
 *
 *   public OptionalInt supports(String provider, String model) {
 *     return provider.equals("acme") ? OptionalInt.of(100) : OptionalInt.empty();
 *   }
 *
 *   public CacheVerdict evaluate(CacheHistory history, Instant now) {
 *     UsageRecord last = history.calls().get(history.calls().size() - 1);
 *     long prefix = last.tokens().prompt();
 *     Instant expires = last.timestamp().plus(TTL);
 *     CacheVerdict.Builder v = CacheVerdict
 *         .builder(id(), now.isBefore(expires) ? CacheState.WARM : CacheState.COLD)
 *         .lastActivity(last.timestamp()).expiresAt(expires).ttl(TTL)
 *         .confidence(Confidence.HIGH).cachedPrefixTokens(prefix);
 *     history.price().ifPresent(p -> v
 *         .resumeCostWarm(p.cost(TokenCounts.of(0, prefix, 0, 0, 0)))
 *         .resumeCostCold(p.cost(TokenCounts.of(0, 0, prefix, 0, 0))));
 *     return v.build();
 *   }
 * }
 * }</pre>
 */
public interface CacheStrategy {

  /**
   * The stable id, lowercase: {@code anthropic-ephemeral}, {@code openai-prompt-cache}, {@code unknown}.
   *
   * @return the id
   */
  String id();

  /**
   * Whether this strategy knows the cache rules of a provider and model, and how strongly.
   *
   * @param provider the provider id, lowercase
   * @param model the model id as logged
   * @return a priority (higher wins) if supported, empty otherwise
   */
  OptionalInt supports(String provider, String model);

  /**
   * The session's cache state at an instant. Must not throw on any history it {@linkplain #supports supports};
   * answer {@link io.github.cream.api.CacheState#UNKNOWN} with a note instead.
   *
   * @param history the session's calls and context
   * @param now the instant to judge at
   * @return the verdict
   */
  CacheVerdict evaluate(CacheHistory history, Instant now);
}
