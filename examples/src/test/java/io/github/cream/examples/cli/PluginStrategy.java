package io.github.cream.examples.cli;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Confidence;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A plug-in cache strategy for the CLI's tests: the cache of one provider lives exactly ten minutes after the last
 * call, at a chosen priority. The no-argument form, {@code acme-ten-minutes} for provider {@code acme} at priority
 * 100, is registered with {@link java.util.ServiceLoader} by the tests' {@code META-INF/services} file, as a plug-in
 * jar would be.
 */
public final class PluginStrategy implements CacheStrategy {

  static final Duration TTL = Duration.ofMinutes(10);

  private final String id;
  private final String provider;
  private final int priority;

  /** The strategy the tests' service file registers: provider {@code acme}, priority 100. */
  public PluginStrategy() {
    this("acme-ten-minutes", "acme", 100);
  }

  PluginStrategy(String id, String provider, int priority) {
    this.id = id;
    this.provider = provider;
    this.priority = priority;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public OptionalInt supports(String p, String model) {
    return provider.equals(p) ? OptionalInt.of(priority) : OptionalInt.empty();
  }

  @Override
  public CacheVerdict evaluate(CacheHistory history, Instant now) {
    UsageRecord last = history.calls().get(history.calls().size() - 1);
    Instant expires = last.timestamp().plus(TTL);
    long prefix = last.tokens().prompt();
    CacheVerdict.Builder v =
        CacheVerdict.builder(id, now.isBefore(expires) ? CacheState.WARM : CacheState.COLD)
            .lastActivity(last.timestamp())
            .expiresAt(expires)
            .ttl(TTL)
            .confidence(Confidence.HIGH)
            .cachedPrefixTokens(prefix)
            .note("judged by the " + id + " plug-in");
    history.price().ifPresent(p -> v
        .resumeCostWarm(p.cost(TokenCounts.of(0, prefix, 0, 0, 0)))
        .resumeCostCold(p.cost(TokenCounts.of(0, 0, prefix, 0, 0))));
    return v.build();
  }
}
