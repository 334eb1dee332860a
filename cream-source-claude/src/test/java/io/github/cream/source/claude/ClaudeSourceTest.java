package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.Capability;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity, roots, discovery and registration. */
class ClaudeSourceTest {

  @TempDir Path home;

  private Environment env(String... pairs) {
    Map<String, String> vars = new HashMap<>();
    vars.put("HOME", home.toString());
    for (int i = 0; i < pairs.length; i += 2) {
      vars.put(pairs[i], pairs[i + 1]);
    }
    return Environment.of(vars, Clock.fixed(Instant.parse("2026-11-21T19:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void identity() {
    ClaudeSource s = new ClaudeSource();
    assertEquals("claude", s.id());
    assertEquals("Claude Code", s.displayName());
    assertEquals(
        EnumSet.of(
            Capability.USAGE, Capability.RECORDED_COST, Capability.CACHE_STATE, Capability.PROJECT_SCOPING,
            Capability.WATCH, Capability.MESSAGES),
        s.capabilities());
  }

  @Test
  void defaultRootsAreTheXdgAndTheClassicDirectoryUnderHome() {
    assertEquals(
        List.of(home.resolve(".config/claude/projects"), home.resolve(".claude/projects")),
        new ClaudeSource().defaultRoots(env()));
    assertEquals(
        List.of(Path.of("/xdg/claude/projects"), home.resolve(".claude/projects")),
        new ClaudeSource().defaultRoots(env("XDG_CONFIG_HOME", "/xdg")));
  }

  @Test
  void claudeConfigDirReplacesTheDefaultsAndMayListSeveralDirectories() throws IOException {
    Files.createDirectories(home.resolve("b/projects"));
    Files.createDirectories(home.resolve("c/projects/projects"));
    List<Path> roots =
        new ClaudeSource()
            .defaultRoots(env("CLAUDE_CONFIG_DIR", "~/a, ~/b/projects ,,/abs/config,~/c/projects"));
    assertEquals(
        List.of(
            home.resolve("a/projects"),
            home.resolve("b/projects"),
            Path.of("/abs/config/projects"),
            home.resolve("c/projects/projects")),
        roots,
        "an entry is a config directory, or its projects/ directory itself ('projects' holding a 'projects' is "
            + "a config directory)");
  }

  @Test
  void discoveryFindsEveryTranscriptLayoutAndNothingElse() {
    Path root = Fixtures.synthetic("subagents");
    UsageSnapshot s = Fixtures.scan(home, root);
    assertEquals(5, s.stats().filesScanned());
    String s1 = Fixtures.S1;
    java.util.Set<String> rel =
        new ClaudeSource().discover(root, new io.github.cream.spi.DiscoveryContext() {
              @Override
              public Environment environment() {
                return env();
              }

              @Override
              public List<Path> files(Path directory, java.util.function.Predicate<Path> accept) {
                try (var walk = Files.walk(directory)) {
                  return walk.filter(Files::isRegularFile).filter(accept).sorted().collect(Collectors.toList());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }

              @Override
              public void problem(io.github.cream.api.Severity severity, String code, String message, Path path) {}
            })
            .stream()
            .map(p -> root.relativize(p).toString().replace('\\', '/'))
            .collect(Collectors.toSet());
    assertEquals(
        java.util.Set.of(
            "-home-me-app/" + s1 + "/subagents/agent-a1.jsonl",
            "-home-me-app/" + s1 + "/subagents/agent-acompact-0f0f.jsonl",
            "-home-me-app/" + s1 + "/subagents/workflows/wf-1/agent-w1.jsonl",
            "-home-me-app/" + s1 + ".jsonl",
            "-home-me-app/agent-old1.jsonl"),
        rel);
  }

  @Test
  void transcriptFilter() {
    Path root = Path.of("/r");
    assertTrue(ClaudeSource.isTranscript(root, root.resolve("p/s.jsonl")));
    assertTrue(ClaudeSource.isTranscript(root, root.resolve("p/s/subagents/agent-x.jsonl")));
    assertTrue(ClaudeSource.isTranscript(root, root.resolve("p/journal.jsonl")), "only subagent journals are skipped");
    assertFalse(ClaudeSource.isTranscript(root, root.resolve("p/s/subagents/journal.jsonl")));
    assertFalse(ClaudeSource.isTranscript(root, root.resolve("p/s/subagents/workflows/w/journal.jsonl")));
    assertFalse(ClaudeSource.isTranscript(root, root.resolve("p/s/tool-results/x.jsonl")));
    assertFalse(ClaudeSource.isTranscript(root, root.resolve("p/s/subagents/agent-x.meta.json")));
    assertFalse(ClaudeSource.isTranscript(root, root.resolve("p/s.jsonl.bak")));
  }

  @Test
  void layouts() {
    Environment e = env();
    Path root = Path.of("/r");
    FileLayout main = FileLayout.of(new FileContext("claude", root, root.resolve("p/abc.jsonl"), e));
    assertEquals(new FileLayout(FileLayout.Kind.MAIN, "abc"), main);
    FileLayout nested = FileLayout.of(new FileContext("claude", root, root.resolve("p/sess/chat.jsonl"), e));
    assertEquals(new FileLayout(FileLayout.Kind.MAIN, "sess"), nested);
    FileLayout sub =
        FileLayout.of(new FileContext("claude", root, root.resolve("p/sess/subagents/workflows/w/agent-1.jsonl"), e));
    assertEquals(new FileLayout(FileLayout.Kind.SUBAGENT, "sess"), sub);
    assertEquals("sess", sub.forcedSession());
    Path sessionRoot = root.resolve("p/sess");
    assertEquals(
        new FileLayout(FileLayout.Kind.SUBAGENT, "sess"),
        FileLayout.of(new FileContext("claude", sessionRoot, sessionRoot.resolve("subagents/agent-1.jsonl"), e)),
        "a root that is a session folder");
    FileLayout old = FileLayout.of(new FileContext("claude", root, root.resolve("p/agent-9.jsonl"), e));
    assertEquals(new FileLayout(FileLayout.Kind.AGENT, "agent-9"), old);
    FileLayout alone = FileLayout.of(new FileContext("claude", root.resolve("x.jsonl"), root.resolve("x.jsonl"), e));
    assertEquals(new FileLayout(FileLayout.Kind.MAIN, "x"), alone);
  }

  @Test
  void aForeignResumeStateIsRefused() {
    FileContext ctx = new FileContext("claude", home, home.resolve("p/s.jsonl"), env());
    assertThrows(
        IllegalArgumentException.class, () -> new ClaudeSource().openParser(ctx, ResumeState.of(new byte[] {42, 1})));
    assertThrows(
        IllegalArgumentException.class, () -> new ClaudeSource().openParser(ctx, ResumeState.of(new byte[] {1})));
  }

  @Test
  void theEngineFindsTheSourceOnTheModulePath() {
    Module module = ClaudeSource.class.getModule();
    Assumptions.assumeTrue(module.isNamed(), "tests run on the class path");
    List<ProviderInfo> sources = Cream.builder().environment(env()).build().sources();
    ProviderInfo claude =
        sources.stream().filter(p -> p.id().equals("claude")).findFirst().orElseThrow(
            () -> new AssertionError("claude not discovered: " + sources));
    assertTrue(claude.origin().startsWith("module io.github.cream.source.claude"), claude.origin());
    assertEquals("Claude Code", claude.displayName());
    assertEquals(ClaudeSource.class.getName(), claude.className());
  }

  @Test
  void theModuleProvidesTheSourceAndExportsNothing() throws IOException {
    Module module = ClaudeSource.class.getModule();
    Assumptions.assumeTrue(module.isNamed(), "tests run on the class path");
    ModuleDescriptor d = module.getDescriptor();
    assertEquals("io.github.cream.source.claude", d.name());
    assertTrue(d.exports().isEmpty());
    assertEquals(1, d.provides().size());
    ModuleDescriptor.Provides p = d.provides().iterator().next();
    assertEquals(Source.class.getName(), p.service());
    assertEquals(List.of(ClaudeSource.class.getName()), p.providers());
    assertEquals(p.providers(), servicesFile());
    module.addUses(Source.class);
    assertTrue(
        ServiceLoader.load(ModuleLayer.boot(), Source.class).stream()
            .anyMatch(x -> x.type() == ClaudeSource.class));
  }

  @Test
  void serviceLoaderFindsTheSourceOnTheClassPath() throws Exception {
    java.net.URL[] path = {
      location(Source.class), location(ClaudeSource.class), location(com.fasterxml.jackson.core.JsonFactory.class)
    };
    // parent: the bootstrap loader, so that nothing comes from the test's own module layer
    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(path, null)) {
      Class<?> service = Class.forName(Source.class.getName(), false, loader);
      ClaudeSourceTest.class.getModule().addUses(service);
      List<String> ids = new java.util.ArrayList<>();
      for (Object s : ServiceLoader.load(service, loader)) {
        assertFalse(s.getClass().getModule().isNamed(), "loaded from the class path");
        ids.add((String) service.getMethod("id").invoke(s));
      }
      assertEquals(List.of("claude"), ids);
    }
  }

  private static java.net.URL location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
  }

  @Test
  void theServicesFileNamesTheSource() throws IOException {
    assertEquals(List.of(ClaudeSource.class.getName()), servicesFile());
  }

  private static List<String> servicesFile() throws IOException {
    Module module = ClaudeSource.class.getModule();
    String name = "META-INF/services/" + Source.class.getName();
    try (InputStream in =
        module.isNamed()
            ? module.getResourceAsStream(name)
            : ClaudeSource.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, "services file missing");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
    }
  }
}
