package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery on the module path (this class runs with cream-core as a named module). */
class DiscoveryTest {

  @TempDir Path home;

  @Test
  void runsOnTheModulePath() {
    assertTrue(Cream.class.getModule().isNamed());
    assertEquals("io.github.cream.core", Cream.class.getModule().getName());
  }

  @Test
  void aBrokenProviderIsAnErrorDiagnosticAndTheOthersStillRun() throws IOException {
    // a class loader whose services file names a class that does not exist
    Path dir = Files.createDirectories(home.resolve("plugin/META-INF/services"));
    Files.writeString(dir.resolve("io.github.cream.spi.Source"), "com.example.missing.NoSuchSource\n");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {home.resolve("plugin").toUri().toURL()}, getClass().getClassLoader())) {
      Cream cream =
          Cream.builder()
              .environment(Environment.of(Map.of("HOME", home.toString()), Clock.systemUTC()))
              .classLoader(loader)
              .bundledPrices(false)
              .source(new FakeSource())
              .build();
      assertEquals(List.of("fake"), cream.sources().stream().map(ProviderInfo::id).toList());
      List<Diagnostic> errors =
          cream.setupDiagnostics().stream().filter(d -> d.severity() == Severity.ERROR).toList();
      assertEquals(1, errors.size(), errors::toString);
      assertEquals(Severity.ERROR, errors.get(0).severity());
      assertEquals("cream.source.load-failed", errors.get(0).code());
      assertTrue(errors.get(0).message().contains("com.example.missing.NoSuchSource"), errors.get(0).message());
      UsageSnapshot s = cream.scan();
      assertTrue(s.diagnostics().contains(errors.get(0)));
    }
  }
}
