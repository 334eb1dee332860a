package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import io.github.cream.core.ProviderInfo;
import io.github.cream.core.SourceStatus;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.Capability;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.ResumeState;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where Codex writes, what is read there, and how the source is found. */
class DiscoveryTest {

  @TempDir Path home;

  private UsageSnapshot scan(Environment env) {
    return Cream.builder()
        .environment(env)
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new CodexSource())
        .build()
        .scan();
  }

  private static SourceStatus status(UsageSnapshot s) {
    return s.sources().stream().filter(x -> x.provider().id().equals("codex")).findFirst().orElseThrow();
  }

  @Test
  void defaultRootsHonourCodexHome() {
    CodexSource c = new CodexSource();
    assertEquals(List.of(home.resolve(".codex")), c.defaultRoots(Support.env(home)));
    assertEquals(List.of(home.resolve(".codex")), c.defaultRoots(Support.env(home, Map.of("CODEX_HOME", " "))));
    assertEquals(List.of(home.resolve("work/codex"), Path.of("/srv/codex")),
        c.defaultRoots(Support.env(home, Map.of("CODEX_HOME", "~/work/codex, /srv/codex"))));
  }

  @Test
  void aCodexHomeIsReadInSessionsAndArchivedSessionsOnly() {
    Path codex = home.resolve(".codex");
    Support.copy("reemit.jsonl", codex.resolve("sessions/2026/03/01/rollout-2026-03-01T10-00-00-a.jsonl"));
    Support.copy("compaction.jsonl", codex.resolve("sessions/rollout-2025-08-01T10-00-00-flat.jsonl"));
    Support.copy("backwards.jsonl", codex.resolve("archived_sessions/rollout-2026-03-01T12-00-00-b.jsonl"));
    // not transcripts: Codex's prompt history, a saved copy outside the two folders, config and logs
    Support.copy("model-switch.jsonl", codex.resolve("history.jsonl"));
    Support.copy("model-switch.jsonl", codex.resolve("backup/rollout-old.jsonl"));
    Support.write(codex.resolve("config.toml"), "model = \"gpt-5.4\"");
    Support.write(codex.resolve("log/codex-tui.log"), "INFO started");
    UsageSnapshot s = scan(Support.env(home));
    assertEquals(3, status(s).files());
    assertEquals(List.of(codex), status(s).roots());
    assertEquals(2 + 3 + 5, s.records().size());
  }

  @Test
  void aFolderWithNeitherIsAPileOfJsonlFiles() {
    Path pile = home.resolve("exec-runs");
    Support.copy("exec-output.jsonl", pile.resolve("2026/run-1.jsonl"));
    Support.copy("reemit.jsonl", pile.resolve("run-2.jsonl"));
    Support.copy("model-switch.jsonl", pile.resolve("history.jsonl"));
    Support.write(pile.resolve("notes.txt"), "not a transcript");
    UsageSnapshot s = scan(Support.env(home, Map.of("CODEX_HOME", pile.toString())));
    assertEquals(2, status(s).files());
    assertEquals(4, s.records().size());
  }

  @Test
  void aMissingHomeIsNoError() {
    UsageSnapshot s = scan(Support.env(home));
    assertEquals(0, status(s).files());
    assertTrue(s.diagnostics().isEmpty());
  }

  @Test
  void foundOnTheModulePath() {
    List<ProviderInfo> sources = Cream.builder().environment(Support.env(home)).build().sources();
    ProviderInfo codex = sources.stream().filter(p -> p.id().equals("codex")).findFirst().orElseThrow();
    assertTrue(codex.origin().startsWith("module io.github.cream.source.codex"), codex.origin());
    assertEquals("Codex CLI", codex.displayName());
    assertEquals(CodexSource.class.getName(), codex.className());
    assertTrue(CodexSource.class.getModule().isNamed());
  }

  @Test
  void identityCapabilitiesAndForeignStates() {
    CodexSource c = new CodexSource();
    assertEquals("codex", c.id());
    assertEquals("Codex CLI", c.displayName());
    assertEquals(EnumSet.of(Capability.USAGE, Capability.MESSAGES, Capability.CACHE_STATE,
        Capability.PROJECT_SCOPING, Capability.WATCH), c.capabilities());
    FileContext ctx = new FileContext("codex", home, home.resolve("x.jsonl"), Support.env(home));
    assertThrows(IllegalArgumentException.class, () -> c.openParser(ctx, ResumeState.of(new byte[] {1, 2, 3})));
    assertThrows(IllegalArgumentException.class, () -> c.openParser(ctx, ResumeState.of(new byte[64])));
    assertThrows(IllegalArgumentException.class,
        () -> c.openMessageParser(ctx, ResumeState.of(new byte[] {1, 2, 3})));
  }
}
