/**
 * cream's public API: the immutable values every other module exchanges ({@code io.github.cream.api}) and the
 * service-provider interfaces a plug-in implements ({@code io.github.cream.spi}: sources, cache strategies,
 * enrichers).
 *
 * <p>This module has no dependencies. Adapters ({@code Source}s), cache strategies and enrichers depend on it alone
 * (plus jackson-core where they parse JSON); they never depend on the engine in {@code io.github.cream.core}.
 */
module io.github.cream.api {
  exports io.github.cream.api;
  exports io.github.cream.spi;
}
