package io.github.cream.cache.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.spi.CacheStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Both registrations name the same four strategies, and both discovery paths find them. */
class ServiceRegistrationTest {

  private static final String SERVICE = "io.github.cream.spi.CacheStrategy";
  private static final List<String> EXPECTED =
      List.of(
          AnthropicEphemeralStrategy.class.getName(),
          OpenAiPromptCacheStrategy.class.getName(),
          EmpiricalDropoffStrategy.class.getName(),
          UnknownStrategy.class.getName());

  private static List<String> servicesFile() throws IOException {
    Module module = ServiceRegistrationTest.class.getModule();
    String name = "META-INF/services/" + SERVICE;
    try (InputStream in =
        module.isNamed()
            ? module.getResourceAsStream(name)
            : ServiceRegistrationTest.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, "services file missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .collect(Collectors.toList());
    }
  }

  @Test
  void theServicesFileNamesAllFour() throws IOException {
    assertEquals(EXPECTED, servicesFile());
  }

  @Test
  void theModuleDescriptorProvidesTheSameFourAndExportsNothing() throws IOException {
    Module module = ServiceRegistrationTest.class.getModule();
    Assumptions.assumeTrue(module.isNamed(), "tests run on the class path");
    ModuleDescriptor d = module.getDescriptor();
    assertEquals("io.github.cream.cache.strategies", d.name());
    assertTrue(d.exports().isEmpty(), "exports " + d.exports());
    assertTrue(d.requires().stream().anyMatch(r -> r.name().equals("io.github.cream.api")));
    List<ModuleDescriptor.Provides> provides = new ArrayList<>(d.provides());
    assertEquals(1, provides.size());
    assertEquals(SERVICE, provides.get(0).service());
    assertEquals(EXPECTED, provides.get(0).providers());
    assertEquals(Set.copyOf(servicesFile()), Set.copyOf(provides.get(0).providers()));
  }

  @Test
  void serviceLoaderFindsAllFourOnTheModulePath() {
    Module module = ServiceRegistrationTest.class.getModule();
    Assumptions.assumeTrue(module.isNamed(), "tests run on the class path");
    // the module provides the service but, being no consumer, does not declare `uses`; a test may add it
    module.addUses(CacheStrategy.class);
    Map<String, Integer> found = new TreeMap<>();
    for (CacheStrategy s : ServiceLoader.load(ModuleLayer.boot(), CacheStrategy.class)) {
      found.put(s.id(), s.supports("acme", "model-x").orElse(-1));
    }
    assertEquals(
        Map.of("anthropic-ephemeral", -1, "openai-prompt-cache", -1, "empirical-dropoff", 50, "unknown", 0), found);
  }

  @Test
  void serviceLoaderFindsAllFourOnTheClassPath() throws Exception {
    URL api = location(CacheStrategy.class);
    URL main = location(AnthropicEphemeralStrategy.class);
    // parent: the bootstrap loader. The platform and application loaders would hand the packages of the boot
    // layer's named modules back to those modules, and ServiceLoader skips class-path entries in named modules.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {api, main}, null)) {
      Class<?> service = Class.forName(SERVICE, false, loader);
      ServiceRegistrationTest.class.getModule().addUses(service);
      List<String> ids = new ArrayList<>();
      for (Object s : ServiceLoader.load(service, loader)) {
        assertEquals(loader, s.getClass().getClassLoader());
        assertTrue(!s.getClass().getModule().isNamed(), "loaded from the class path");
        ids.add((String) service.getMethod("id").invoke(s));
      }
      assertEquals(List.of("anthropic-ephemeral", "openai-prompt-cache", "empirical-dropoff", "unknown"), ids);
    }
  }

  /** Where a class was loaded from, as a URL a {@link URLClassLoader} reads (directories end in a slash). */
  private static URL location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
  }

  @Test
  void idsAreUniqueLowercaseAndPrioritiesFollowTheSpi() {
    List<CacheStrategy> all =
        List.of(
            new AnthropicEphemeralStrategy(),
            new OpenAiPromptCacheStrategy(),
            new EmpiricalDropoffStrategy(),
            new UnknownStrategy());
    assertEquals(4, all.stream().map(CacheStrategy::id).distinct().count());
    all.forEach(s -> assertTrue(s.id().matches("[a-z0-9-]+"), s.id()));
    assertEquals(100, all.get(0).supports("anthropic", "claude-opus-4-6").orElseThrow());
    assertEquals(100, all.get(1).supports("openai", "gpt-5").orElseThrow());
    assertEquals(50, all.get(2).supports("deepseek", "deepseek-chat").orElseThrow());
    assertEquals(0, all.get(3).supports("deepseek", "deepseek-chat").orElseThrow());
  }
}
