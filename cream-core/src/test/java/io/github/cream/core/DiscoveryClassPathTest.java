package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on the plain class path (see the parent pom): providers are found through META-INF/services there. */
class DiscoveryClassPathTest {

  @TempDir Path home;

  @Test
  void sourcesAreDiscoveredOnTheClassPath() {
    assertFalse(Cream.class.getModule().isNamed(), "this test must run on the class path");
    Cream cream =
        Cream.builder()
            .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
            .bundledPrices(false)
            .build();
    List<ProviderInfo> sources = cream.sources();
    assertEquals(List.of("fake"), sources.stream().map(ProviderInfo::id).toList());
    ProviderInfo fake = sources.get(0);
    assertEquals("Fake Agent", fake.displayName());
    assertTrue(fake.origin().endsWith("test-classes"), fake.origin());
  }
}
