/**
 * cream's built-in prompt-cache strategies, found by {@link java.util.ServiceLoader} as
 * {@link io.github.cream.spi.CacheStrategy} providers: {@code anthropic-ephemeral} and {@code openai-prompt-cache}
 * apply the providers' published rules (priority 100), {@code empirical-dropoff} learns a lifetime from the user's
 * history for every other provider (priority 50), and {@code unknown} answers for anything else (priority 0).
 *
 * <p>The module exports nothing: the engine reaches the strategies through the SPI only.
 *
 * @provides io.github.cream.spi.CacheStrategy anthropic-ephemeral, openai-prompt-cache, empirical-dropoff, unknown
 */
module io.github.cream.cache.strategies {
  requires io.github.cream.api;

  provides io.github.cream.spi.CacheStrategy with
      io.github.cream.cache.strategies.AnthropicEphemeralStrategy,
      io.github.cream.cache.strategies.OpenAiPromptCacheStrategy,
      io.github.cream.cache.strategies.EmpiricalDropoffStrategy,
      io.github.cream.cache.strategies.UnknownStrategy;
}
