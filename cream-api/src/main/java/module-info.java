/**
 * cream's public API: the immutable values every other module exchanges ({@code io.github.cream.api}) and the two
 * service-provider interfaces a plug-in implements ({@code io.github.cream.spi}).
 *
 * <p>This module has no dependencies. Adapters ({@code Source}s) and cache strategies depend on it alone (plus
 * jackson-core where they parse JSON); they never depend on the engine in {@code io.github.cream.core}.
 */
module io.github.cream.api {
  exports io.github.cream.api;
  exports io.github.cream.spi;
}
