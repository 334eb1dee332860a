package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.CacheHistory;
import io.github.cream.spi.CacheStrategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without any cache strategy every verdict is unknown: a WARNING says why, once, instead of silence. */
class NoCacheStrategyTest {

  @TempDir Path home;

  private Cream.Builder builder() {
    return Cream.builder()
        .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
        .bundledPrices(false);
  }

  private static List<Diagnostic> noStrategy(Cream cream) {
    return cream.scan().diagnostics().stream().filter(d -> d.code().equals("cream.cache.no-strategy")).toList();
  }

  @Test
  void discoveryFindingNoStrategyIsAWarning() {
    // this module's tests register a source but no cache strategy
    List<Diagnostic> found = noStrategy(builder().build());
    assertEquals(1, found.size());
    assertEquals(Severity.WARNING, found.get(0).severity());
    assertTrue(found.get(0).message().contains("cream-cache-strategies"), found.get(0).message());
  }

  @Test
  void aStrategyRegisteredByHandOrDiscoveryTurnedOffSaysNothing() {
    CacheStrategy any = new CacheStrategy() {
      @Override
      public String id() {
        return "any";
      }

      @Override
      public OptionalInt supports(String provider, String model) {
        return OptionalInt.empty();
      }

      @Override
      public CacheVerdict evaluate(CacheHistory history, Instant now) {
        throw new UnsupportedOperationException();
      }
    };
    assertTrue(noStrategy(builder().cacheStrategy(any).build()).isEmpty());
    assertTrue(noStrategy(builder().discoverProviders(false).source(new FakeSource()).build()).isEmpty());
  }
}
