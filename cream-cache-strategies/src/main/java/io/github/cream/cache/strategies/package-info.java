/**
 * The built-in {@link io.github.cream.spi.CacheStrategy} implementations. Not exported: the engine finds them with
 * {@link java.util.ServiceLoader} and talks to them through the SPI alone.
 *
 * <p>Each strategy judges one session's prompt cache from its calls: {@link
 * io.github.cream.cache.strategies.AnthropicEphemeralStrategy} and {@link
 * io.github.cream.cache.strategies.OpenAiPromptCacheStrategy} from the providers' published rules, {@link
 * io.github.cream.cache.strategies.EmpiricalDropoffStrategy} from the idle gaps the user's own history shows, and
 * {@link io.github.cream.cache.strategies.UnknownStrategy} not at all.
 */
package io.github.cream.cache.strategies;
