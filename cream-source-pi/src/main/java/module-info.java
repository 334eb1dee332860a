/**
 * The {@code pi} and {@code openclaw} sources: Pi's session files ({@code ~/.pi/agent/sessions}) and OpenClaw's
 * agent transcripts ({@code ~/.openclaw/agents/<id>/sessions}, and its SQLite transcript store), which are written
 * in Pi's format by Pi's own session manager. Exports nothing: the sources are found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>{@code java.sql} is required (it is part of every standard Java runtime) so that OpenClaw's SQLite store can
 * be read through whatever JDBC driver for SQLite is present at run time; the driver itself
 * ({@code org.xerial:sqlite-jdbc}) is an optional dependency, never referenced at compile time.
 *
 * <p>It also provides the {@code openrouter} {@link io.github.cream.spi.Enricher}: Pi and OpenClaw are the agents
 * that log OpenRouter's generation ids. {@code java.net.http} (the JDK's HTTP client) is required for it alone, and
 * is used only when the user runs enrichment.
 */
module io.github.cream.source.pi {
  requires io.github.cream.api;
  requires com.fasterxml.jackson.core;
  requires java.sql;
  requires java.net.http;

  uses java.sql.Driver;

  provides io.github.cream.spi.Source with
      io.github.cream.source.pi.PiSource,
      io.github.cream.source.pi.OpenClawSource;
  provides io.github.cream.spi.Enricher with
      io.github.cream.source.pi.openrouter.OpenRouterEnricher;
}
