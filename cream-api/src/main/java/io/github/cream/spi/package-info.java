/**
 * The service-provider interfaces: {@link io.github.cream.spi.Source} reads one agent's logs,
 * {@link io.github.cream.spi.CacheStrategy} knows one provider's prompt-cache rules, and
 * {@link io.github.cream.spi.Enricher} fetches, when the user asks for it, what a routing service knows about its
 * calls (the one way cream reaches the network, opt-in).
 *
 * <p>All are discovered with {@link java.util.ServiceLoader}. A provider registers twice, so that it is found on
 * the class path and on the module path alike:
 * <pre>{@code
 * // META-INF/services/io.github.cream.spi.Source
 * com.example.cream.MyAgentSource
 *
 * // module-info.java
 * module com.example.cream.myagent {
 *   requires io.github.cream.api;
 *   provides io.github.cream.spi.Source with com.example.cream.MyAgentSource;
 * }
 * }</pre>
 *
 * <p>The engine owns all I/O: it walks the roots a source names, frames each file into complete lines, skips the
 * lines a parser does not want, and hands the rest to the source's {@link io.github.cream.spi.LineParser} one at a
 * time. A parser never opens files and never throws on bad input: it reports problems to its
 * {@link io.github.cream.spi.ParseSink} as diagnostics.
 */
package io.github.cream.spi;
