/**
 * The cream engine: discovers {@link io.github.cream.spi.Source}s, {@link io.github.cream.spi.CacheStrategy}s and
 * {@link io.github.cream.spi.Enricher}s with {@link java.util.ServiceLoader}, scans their logs in parallel,
 * deduplicates and prices the calls, and turns them into reports. Start at {@link io.github.cream.core.Cream}.
 */
@SuppressWarnings("module") // the kit is not on the path this module is compiled with
module io.github.cream.core {
  requires transitive io.github.cream.api;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports io.github.cream.core;
  // for the test kit's ParserHarness alone: it runs a parser with the engine's own line scanner
  exports io.github.cream.core.internal to io.github.cream.testkit;

  uses io.github.cream.spi.Source;
  uses io.github.cream.spi.CacheStrategy;
  uses io.github.cream.spi.Enricher;
}
