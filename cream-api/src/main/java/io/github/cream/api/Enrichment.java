package io.github.cream.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What the service that routed a call says about it, fetched afterwards by an opt-in
 * {@link io.github.cream.spi.Enricher}: for a call routed through OpenRouter, the generation record OpenRouter keeps
 * (what it billed, which upstream provider served the call, the provider's own token counts).
 *
 * <p>An enrichment never replaces what the log says: the call's {@link UsageRecord} keeps the log's tokens and
 * recorded cost, and the enrichment is carried beside it. Where the two token counts differ, both are kept and the
 * scan says so with a diagnostic.
 *
 * <pre>{@code
 * Enrichment e = new Enrichment("openrouter", "gen-1740000000-AbCdEf", Optional.of("anthropic"),
 *     Optional.of(Money.ofUsd("0.0123")), Optional.of(Money.ofUsd("0.0021")), Optional.empty(), false,
 *     Optional.of(new Enrichment.NativeTokens(12_000, 300, 11_000, 0)));
 * }</pre>
 *
 * @param enricher the id of the enricher that fetched it ({@code openrouter})
 * @param key the id the enricher asked about (OpenRouter's generation id)
 * @param upstreamProvider the provider that really served the call, as a lowercase id ({@code anthropic},
 *     {@code amazon-bedrock}, {@code google-vertex}), if the service said
 * @param cost what the service billed for the call, its cache discount included (and, for a call made with the
 *     user's own provider key, what that provider billed too), if the service said
 * @param cacheDiscount what prompt caching saved on the call (negative where a cache write cost more than it
 *     saved), if the service said
 * @param upstreamCost what the upstream provider charged for the call, if the service said
 * @param byok whether the call used the user's own provider key ("bring your own key")
 * @param nativeTokens the provider's own token counts, if the service said
 */
public record Enrichment(
    String enricher,
    String key,
    Optional<String> upstreamProvider,
    Optional<Money> cost,
    Optional<Money> cacheDiscount,
    Optional<Money> upstreamCost,
    boolean byok,
    Optional<NativeTokens> nativeTokens) {

  /**
   * Validates the components.
   *
   * @param enricher the enricher id
   * @param key the id asked about
   * @param upstreamProvider the upstream provider id
   * @param cost what the service billed
   * @param cacheDiscount what caching saved
   * @param upstreamCost what the upstream provider charged
   * @param byok whether the user's own provider key was used
   * @param nativeTokens the provider's token counts
   */
  public Enrichment {
    Objects.requireNonNull(enricher, "enricher");
    Objects.requireNonNull(key, "key");
    if (enricher.isBlank() || key.isBlank()) {
      throw new IllegalArgumentException("enricher and key must not be blank");
    }
    Objects.requireNonNull(upstreamProvider, "upstreamProvider");
    upstreamProvider.ifPresent(
        p -> {
          if (p.isBlank()) {
            throw new IllegalArgumentException("upstreamProvider must not be blank");
          }
        });
    Objects.requireNonNull(cost, "cost");
    cost.ifPresent(
        c -> {
          if (c.nanos() < 0) {
            throw new IllegalArgumentException("cost must not be negative, was " + c);
          }
        });
    Objects.requireNonNull(cacheDiscount, "cacheDiscount");
    Objects.requireNonNull(upstreamCost, "upstreamCost");
    Objects.requireNonNull(nativeTokens, "nativeTokens");
  }

  /**
   * Token counts as the provider that served a call counted them with its own tokenizer.
   *
   * @param prompt prompt tokens, cached ones included
   * @param completion completion tokens, reasoning included
   * @param cached prompt tokens read from the provider's cache
   * @param reasoning the reasoning part of the completion
   */
  public record NativeTokens(long prompt, long completion, long cached, long reasoning) {

    /**
     * Validates the counts.
     *
     * @param prompt prompt tokens
     * @param completion completion tokens
     * @param cached cached prompt tokens
     * @param reasoning reasoning tokens
     */
    public NativeTokens {
      if (prompt < 0 || completion < 0 || cached < 0 || reasoning < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
    }

    /**
     * Whether these counts disagree with a log's: the prompt (input, cache reads and writes together), the cache
     * reads, or the output. Reasoning is not compared: logs often do not separate it.
     *
     * @param logged the log's normalized counts
     * @return true when they differ
     */
    public boolean differFrom(TokenCounts logged) {
      return prompt != logged.prompt() || cached != logged.cacheRead() || completion != logged.output();
    }
  }
}
