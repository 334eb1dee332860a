/**
 * The cream engine: discovers {@link io.github.cream.spi.Source}s, {@link io.github.cream.spi.CacheStrategy}s and
 * {@link io.github.cream.spi.Enricher}s with {@link java.util.ServiceLoader}, scans their logs in parallel,
 * deduplicates and prices the calls, and turns them into reports. Start at {@link io.github.cream.core.Cream}.
 */
module io.github.cream.core {
  requires transitive io.github.cream.api;
  requires com.fasterxml.jackson.core;
  requires org.slf4j;

  exports io.github.cream.core;

  uses io.github.cream.spi.Source;
  uses io.github.cream.spi.CacheStrategy;
  uses io.github.cream.spi.Enricher;
}
