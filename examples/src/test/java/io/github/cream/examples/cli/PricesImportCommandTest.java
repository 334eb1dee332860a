package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.TokenCounts;
import io.github.cream.core.PriceCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cream prices import}: a LiteLLM price file into the user's override file, offline. */
class PricesImportCommandTest {

  @TempDir Path home;

  /** A small LiteLLM file in its real shape: per-token prices, provider, mode. */
  private static final String LITELLM = """
      {
        "sample_spec": {"input_cost_per_token": 0, "output_cost_per_token": 0, "mode": "chat"},
        "claude-sonnet-4-5": {"input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
          "cache_read_input_token_cost": 2.5e-07, "cache_creation_input_token_cost": 3.75e-06,
          "cache_creation_input_token_cost_above_1hr": 6e-06, "litellm_provider": "anthropic", "mode": "chat"},
        "claude-sonnet-4-5-20250929": {"input_cost_per_token": 9e-06, "output_cost_per_token": 1.5e-05,
          "litellm_provider": "anthropic", "mode": "chat"},
        "gpt-5": {"input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05,
          "cache_read_input_token_cost": 1.25e-07, "litellm_provider": "openai", "mode": "chat"},
        "acme-coder-2": {"input_cost_per_token": 4e-07, "output_cost_per_token": 1.6e-06,
          "cache_read_input_token_cost": 4e-08, "litellm_provider": "acme", "mode": "chat"},
        "openrouter/acme/acme-coder-2": {"input_cost_per_token": 5e-07, "output_cost_per_token": 2e-06,
          "litellm_provider": "openrouter", "mode": "chat"},
        "text-embedding-3-small": {"input_cost_per_token": 2e-08, "output_cost_per_token": 0,
          "litellm_provider": "openai", "mode": "embedding"},
        "broken": {"input_cost_per_token": "lots", "output_cost_per_token": 1e-06}
      }
      """;

  private record Run(int status, String out, String err) {}

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Environment env = Environment.of(Map.of("HOME", home.toString()),
        Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC));
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void importsChangedAndNewModelsAndListsTheDifferences() throws IOException {
    Path lit = home.resolve("model_prices_and_context_window.json");
    Files.writeString(lit, LITELLM, StandardCharsets.UTF_8);
    Path mine = home.resolve(".config/cream/prices.json");
    Files.createDirectories(mine.getParent());
    Files.writeString(mine, "{\"models\": {\"my-local\": {\"provider\": \"ollama\", \"input\": \"0\", \"output\": \"0\","
        + " \"cacheRead\": \"0\", \"cacheWrite5m\": \"0\", \"cacheWrite1h\": \"0\"}}}", StandardCharsets.UTF_8);
    Run r = run("prices", "import", lit.toString());
    assertEquals(0, r.status(), r.err());
    assertEquals(List.of(
        "changed  claude-sonnet-4-5: cacheRead 0.3 -> 0.25",
        "new      acme-coder-2 (acme): input 0.4, output 1.6",
        "1 changed, 1 new, 1 unchanged against the bundled table 2026-11-21; 1 entries of other sellers and 3"
            + " entries without usable chat prices skipped",
        "wrote " + mine), List.of(r.out().split("\n")));
    PriceCatalog after = PriceCatalog.withOverrides(mine);
    assertEquals(List.of(), after.diagnostics());
    // the changed field only; the rest of the bundled entry stays
    assertEquals(Money.ofUsd("0.025"), after.find("claude-sonnet-4-5").orElseThrow()
        .cost(TokenCounts.of(0, 100_000, 0, 0, 0)));
    assertEquals(Money.ofUsd("0.3"), after.find("claude-sonnet-4-5-20250929").orElseThrow()
        .cost(TokenCounts.of(100_000, 0, 0, 0, 0)));
    // a new model: cache writes default to the input price (no write fee), as LiteLLM gives none
    assertEquals(Money.ofUsd("0.4"), after.find("acme-coder-2").orElseThrow().cost(TokenCounts.of(0, 0, 1_000_000, 0, 0)));
    // the user's own entry is kept
    assertTrue(after.find("my-local").isPresent());
    assertFalse(after.find("openrouter/acme/acme-coder-2").isPresent() && after.find("acme-coder-2").isEmpty());
  }

  @Test
  void aDryRunWritesNothingAndADatedImportKeepsEarlierCalls() throws IOException {
    Path lit = home.resolve("litellm.json");
    Files.writeString(lit, LITELLM, StandardCharsets.UTF_8);
    Path mine = home.resolve("out/prices.json");
    Run dry = run("prices", "import", "--dry-run", "-o", mine.toString(), lit.toString());
    assertEquals(0, dry.status(), dry.err());
    assertFalse(Files.exists(mine));
    Run dated = run("prices", "import", "--only-known", "--from", "2026-12-01", "-o", mine.toString(), lit.toString());
    assertEquals(0, dated.status(), dated.err());
    assertTrue(dated.out().contains("1 changed, 0 new"), dated.out());
    PriceCatalog after = PriceCatalog.withOverrides(mine);
    assertEquals(List.of(), after.diagnostics());
    TokenCounts reads = TokenCounts.of(0, 100_000, 0, 0, 0);
    assertEquals(Money.ofUsd("0.03"), after.find("claude-sonnet-4-5", Instant.parse("2026-11-30T23:59:59Z"))
        .orElseThrow().cost(reads));
    assertEquals(Money.ofUsd("0.025"), after.find("claude-sonnet-4-5", Instant.parse("2026-12-01T00:00:00Z"))
        .orElseThrow().cost(reads));
    assertTrue(after.find("acme-coder-2").isEmpty());
  }

  @Test
  void aMissingFileIsAnErrorNotACrash() {
    Run r = run("prices", "import", home.resolve("nope.json").toString());
    assertEquals(1, r.status());
    assertTrue(r.err().contains("no such file"), r.err());
    assertEquals(2, run("prices", "import").status());
  }
}
