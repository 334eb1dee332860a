package io.github.cream.core.internal.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.ModelPrice;
import io.github.cream.api.Money;
import io.github.cream.api.TokenCounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTableTest {

  private static final PriceTable PRICES = PriceTable.bundled();

  /**
   * Every model id that appears in a usage-bearing position of the shared fixtures (Claude {@code message.model},
   * Codex {@code turn_context.model} and {@code info.model}, Pi/OpenClaw {@code model}/{@code modelId}, the
   * statusline hook's {@code model.id}), with the canonical entry it must resolve to.
   */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // claude/spotter-real, claude/agent-sessions-stage0, claude/ccusage-fixtures-synthetic, claude-code-log-derived
    "claude-opus-4-6, claude-opus-4-6",
    "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
    "claude-haiku-4-5-20251001, claude-haiku-4-5",
    "claude-sonnet-4-20250514, claude-sonnet-4",
    "claude-opus-4-20250514, claude-opus-4",
    "claude-opus-4-8, claude-opus-4-8",
    "claude-opus-5, claude-opus-5",
    "claude-sonnet-5, claude-sonnet-5",
    "claude-fable-5, claude-fable-5",
    "claude-haiku-4-5, claude-haiku-4-5",
    // codex/*
    "gpt-5.3-codex, gpt-5.3-codex",
    "gpt-5.6-sol, gpt-5.6-sol",
    "gpt-5.6-luna, gpt-5.6-luna",
    "gpt-5.5, gpt-5.5",
    "gpt-5.4, gpt-5.4",
    "gpt-5.2-codex, gpt-5.2-codex",
    "gpt-5.2, gpt-5.2",
    "gpt-5.1-codex, gpt-5.1-codex",
    "gpt-5.1, gpt-5.1",
    "gpt-4o-mini, gpt-4o-mini",
    // pi/*, openclaw/*
    "claude-opus-4-5, claude-opus-4-5",
    "claude-opus-4-5-20251101, claude-opus-4-5",
    "claude-sonnet-4-5, claude-sonnet-4-5",
    "claude-3-opus-20240229, claude-3-opus",
    "us.anthropic.claude-opus-4-6-v1, claude-opus-4-6",
    "MiniMax-M2.1, MiniMax-M2.1",
  })
  void everyPricedFixtureModelResolves(String id, String canonical) {
    ModelPrice p = PRICES.find(null, id).orElseThrow(() -> new AssertionError("no price for " + id));
    assertEquals(canonical, p.model());
  }

  /**
   * Fixture model ids that are deliberately unpriced: synthetic or local placeholders, tool arguments rather than
   * billed models, and models without a price this table can represent exactly.
   */
  static final Set<String> UNPRICED_FIXTURE_IDS =
      Set.of(
          "<synthetic>", // Claude Code's locally generated messages
          "delivery-mirror", // OpenClaw's synthetic mirror of delivered messages (provider "openclaw")
          "pi-fixture-model", // a test provider in a schema fixture
          "codex-auto-review", // Codex's internal auto-review model: no published price
          "sonnet", // Task tool argument (a family alias, not a billed model id)
          "haiku", // Task tool argument
          "openai.codex.5_3", // a display label in localpush's expected output, not a log id
          "llama3:latest", // a local Ollama model in real OpenClaw logs: no API price (the logs record cost 0)
          "[trimmed for fixture]");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<synthetic>", "delivery-mirror", "pi-fixture-model", "codex-auto-review", "sonnet",
        "haiku", "openai.codex.5_3", "llama3:latest"
      })
  void unpricedFixtureModelsAreUnknown(String id) {
    assertTrue(PRICES.find(null, id).isEmpty(), id);
  }

  /** Models the agents' current releases offer (Codex's model catalog, its subagents), beyond the fixtures. */
  @ParameterizedTest(name = "{0}: {1} / {2} / {3}")
  @CsvSource({
    "gpt-5.4-mini, 0.75, 0.075, 4.5",
    "gpt-5.4-nano, 0.2, 0.02, 1.25",
    "gpt-5.6-terra, 2, 0.2, 12",
    "gpt-6-sol, 2, 0.2, 10",
    "gpt-6-luna, 0.1, 0.01, 0.5",
    "gpt-6.1-sol, 2, 0.1, 10",
    "gpt-6.1-terra, 1, 0.05, 5",
  })
  void currentModelsArePriced(String id, String input, String cacheRead, String output) {
    ModelPrice p = PRICES.find(null, id).orElseThrow(() -> new AssertionError("no price for " + id));
    assertEquals(id, p.model());
    assertEquals(0, new BigDecimal(input).compareTo(p.input()));
    assertEquals(0, new BigDecimal(cacheRead).compareTo(p.cacheRead()));
    assertEquals(0, new BigDecimal(output).compareTo(p.output()));
  }

  @Test
  void everyModelIdInTheSharedFixturesIsPricedOrKnownUnpriced() throws IOException {
    // the four agents' collections, each checked before it is read (this module is below the test kit, whose
    // SharedFixtures the other modules use)
    String dir = System.getProperty("cream.fixtures");
    List<Path> collections = new ArrayList<>();
    for (String agent : List.of("claude", "codex", "pi", "openclaw")) {
      assumeTrue(dir != null && Files.isDirectory(Path.of(dir, agent)), "shared fixtures (" + agent + ") not present");
      collections.add(Path.of(dir, agent));
    }
    Pattern model = Pattern.compile("\"(?:model|modelId)\"\\s*:\\s*\"([^\"]{1,200})\"");
    Set<String> ids = new TreeSet<>();
    for (Path collection : collections) {
      try (Stream<Path> files = Files.walk(collection)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
          Matcher m = model.matcher(text);
          while (m.find()) {
            ids.add(m.group(1));
          }
        }
      }
    }
    assertTrue(ids.size() > 20, "expected many model ids in the fixtures, found " + ids);
    for (String id : ids) {
      if (!UNPRICED_FIXTURE_IDS.contains(id) && PRICES.find(null, id).isEmpty()) {
        fail("fixture model id has no price and is not on the documented unpriced list: " + id);
      }
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // dated suffixes
    "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
    "gpt-4o-2024-08-06, gpt-4o",
    "gpt-4o-mini-2024-07-18, gpt-4o-mini",
    "o3-mini-2025-01-31, o3-mini",
    "gpt-5-2025-08-07, gpt-5",
    "claude-3-7-sonnet-latest, claude-3-7-sonnet",
    // case
    "CLAUDE-OPUS-4-6, claude-opus-4-6",
    "minimax-m2.1, MiniMax-M2.1",
    // provider prefixes
    "anthropic/claude-opus-4-6, claude-opus-4-6",
    "openai/gpt-5, gpt-5",
    "openrouter/anthropic/claude-sonnet-4.5, claude-sonnet-4-5",
    "openrouter/openai/gpt-4.1-mini, gpt-4.1-mini",
    "google/gemini-2.5-pro, gemini-2.5-pro",
    "models/gemini-2.5-flash, gemini-2.5-flash",
    // Bedrock
    "us.anthropic.claude-opus-4-6-v1, claude-opus-4-6",
    "anthropic.claude-3-5-sonnet-20241022-v2:0, claude-3-5-sonnet",
    "global.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
    "eu.anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
    "apac.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4",
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-6-v1, claude-opus-4-6",
    // Vertex
    "claude-opus-4-1@20250805, claude-opus-4-1",
    "claude-3-5-sonnet-v2@20241022, claude-3-5-sonnet",
    "claude-haiku-4-5@20251001, claude-haiku-4-5",
    // dotted versions and Claude name order
    "claude-opus-4.6, claude-opus-4-6",
    "anthropic/claude-4.6-opus-20260205, claude-opus-4-6",
    "claude-3.5-haiku, claude-3-5-haiku",
    "claude-haiku-3-5, claude-3-5-haiku",
    "claude-sonnet-3.7, claude-3-7-sonnet",
    "claude-4-sonnet-20250514, claude-sonnet-4",
    // suffixes
    "claude-opus-4-6[1m], claude-opus-4-6",
    "claude-sonnet-4-5-20250929[1m], claude-sonnet-4-5",
    "claude-sonnet-4-5-thinking, claude-sonnet-4-5",
    "anthropic/claude-3.7-sonnet:thinking, claude-3-7-sonnet",
    "anthropic/claude-3.5-sonnet:beta, claude-3-5-sonnet",
    // aliases from the table
    "claude-opus-4-0, claude-opus-4",
    "gpt-5.6, gpt-5.6-sol",
    "codex-mini, codex-mini-latest",
    "gpt-4o-2024-05-13, gpt-4o-2024-05-13",
  })
  void aliases(String id, String canonical) {
    assertEquals(canonical, PRICES.find("any", id).map(ModelPrice::model).orElse("<none>"), id);
  }

  @Test
  void datedIdsNeverFallBackToASiblingWithAnotherPrice() {
    // claude-3-5-haiku must not become haiku 4.5, gpt-5-mini not gpt-5, o3-mini not o3, and so on
    assertPrice("claude-3-5-haiku", "claude-3-5-haiku", "0.8");
    assertPrice("claude-3-5-haiku-20241022", "claude-3-5-haiku", "0.8");
    assertPrice("claude-haiku-4-5", "claude-haiku-4-5", "1");
    assertPrice("claude-3-haiku-20240307", "claude-3-haiku", "0.25");
    assertPrice("gpt-5-mini", "gpt-5-mini", "0.25");
    assertPrice("gpt-5-nano-2025-08-07", "gpt-5-nano", "0.05");
    assertPrice("o3-mini", "o3-mini", "1.1");
    assertPrice("o3", "o3", "2");
    assertPrice("gpt-4o-mini", "gpt-4o-mini", "0.15");
    assertPrice("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", "5");
    assertPrice("claude-opus-4-1", "claude-opus-4-1", "15");
    assertPrice("claude-opus-4-5-20251101", "claude-opus-4-5", "5");
    assertPrice("gpt-5.1-codex-mini", "gpt-5.1-codex-mini", "0.25");
    assertPrice("gpt-5.1-codex-max", "gpt-5.1-codex-max", "1.25");
    assertPrice("gpt-4.1-nano", "gpt-4.1-nano", "0.1");
    assertPrice("gemini-2.5-flash-lite", "gemini-2.5-flash-lite", "0.1");
    assertPrice("gemini-2.0-flash", "gemini-2.0-flash", "0.1");
  }

  private static void assertPrice(String id, String canonical, String input) {
    ModelPrice p = PRICES.find(null, id).orElseThrow(() -> new AssertionError("no price for " + id));
    assertEquals(canonical, p.model(), id);
    assertEquals(0, new BigDecimal(input).compareTo(p.input()), id + " input " + p.input());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ", "opus", "claude", "gpt", "gpt-5.6-nova", "gpt-5-pro", "o1-mini", "o1-preview", "claude-opus-4-6-fake",
        "claude-opus", "claude-4", "gemini-2.5-pro-preview-05-06", "gemini-3-pro-preview", "qwen3:8b",
        "anthropic/claude-opus-4.6:free", "claude-sonnet-4-5-fast", "gpt-4", "gpt-4-0613", "my-claude-opus-4-6",
        "claude-opus-4-6-20260205-extra", "us.anthropic.claude-opus-9-9-v1", "anthropic.", "@", "/", "-fast", "[1m]",
        "claude-opus-4-6@eu", "text-embedding-3-small"
      })
  void unknownIdsAreUnpriced(String id) {
    assertEquals(Optional.empty(), PRICES.find("anthropic", id), String.valueOf(id));
  }

  @Test
  void bedrockRegionalEndpointsPayTheRegionalPremiumAndGlobalOnesDoNot() {
    ModelPrice list = PRICES.find("anthropic", "claude-opus-4-6").orElseThrow();
    ModelPrice us = PRICES.find("amazon-bedrock", "us.anthropic.claude-opus-4-6-v1").orElseThrow();
    ModelPrice inRegion = PRICES.find("amazon-bedrock", "anthropic.claude-opus-4-6-v1").orElseThrow();
    ModelPrice global = PRICES.find("amazon-bedrock", "global.anthropic.claude-opus-4-6-v1").orElseThrow();
    assertEquals(list, global);
    assertEquals(list.times(new BigDecimal("1.1")), us);
    assertEquals(us, inRegion);
    assertEquals(0, new BigDecimal("5.5").compareTo(us.input()));
    assertEquals(0, new BigDecimal("6.875").compareTo(us.cacheWrite5m()));
    // models before Sonnet 4.5 / Haiku 4.5 have no regional premium
    assertEquals(
        PRICES.find(null, "claude-3-5-sonnet").orElseThrow(),
        PRICES.find(null, "us.anthropic.claude-3-5-sonnet-20241022-v2:0").orElseThrow());
  }

  @Test
  void fastSuffixAppliesTheFastMultiplierOrIsUnknown() {
    ModelPrice fast = PRICES.find("openrouter", "anthropic/claude-opus-4.6-fast").orElseThrow();
    assertEquals("claude-opus-4-6", fast.model());
    assertEquals(0, new BigDecimal("30").compareTo(fast.input()));
    assertEquals(0, new BigDecimal("150").compareTo(fast.output()));
    assertEquals(0, new BigDecimal("10").compareTo(PRICES.find(null, "claude-opus-5-fast").orElseThrow().input()));
    assertTrue(PRICES.find(null, "claude-haiku-4-5-fast").isEmpty());
  }

  @Test
  void tierMultipliers() {
    ModelPrice opus = PRICES.find(null, "claude-opus-4-6").orElseThrow();
    assertEquals(Optional.of(new BigDecimal("6")), PRICES.tierMultiplier(opus, "fast"));
    assertEquals(Optional.of(new BigDecimal("6")), PRICES.tierMultiplier(opus, " FAST "));
    assertEquals(Optional.of(new BigDecimal("0.5")), PRICES.tierMultiplier(opus, "batch"));
    assertEquals(Optional.of(BigDecimal.ONE), PRICES.tierMultiplier(opus, "standard"));
    assertEquals(Optional.of(BigDecimal.ONE), PRICES.tierMultiplier(opus, null));
    assertEquals(Optional.of(BigDecimal.ONE), PRICES.tierMultiplier(opus, ""));
    assertEquals(Optional.empty(), PRICES.tierMultiplier(opus, "priority"));
    assertEquals(Optional.empty(), PRICES.tierMultiplier(opus, "scale"));
    ModelPrice opus48 = PRICES.find(null, "claude-opus-4-8").orElseThrow();
    assertEquals(Optional.of(new BigDecimal("2")), PRICES.tierMultiplier(opus48, "fast"));
    ModelPrice sonnet = PRICES.find(null, "claude-sonnet-4-5").orElseThrow();
    assertEquals(Optional.empty(), PRICES.tierMultiplier(sonnet, "fast"));

    ModelPrice gpt55 = PRICES.find(null, "gpt-5.5").orElseThrow();
    assertEquals(Optional.of(new BigDecimal("2.5")), PRICES.tierMultiplier(gpt55, "priority"));
    assertEquals(Optional.of(new BigDecimal("2.5")), PRICES.tierMultiplier(gpt55, "fast"));
    assertEquals(Optional.of(new BigDecimal("0.5")), PRICES.tierMultiplier(gpt55, "flex"));
    assertEquals(Optional.of(BigDecimal.ONE), PRICES.tierMultiplier(gpt55, "default"));
    // OpenAI publishes no priority or fast price for gpt-5.3-codex: unknown, so such calls are unpriced
    ModelPrice gpt53 = PRICES.find(null, "gpt-5.3-codex").orElseThrow();
    assertEquals(Optional.empty(), PRICES.tierMultiplier(gpt53, "fast"));
    assertEquals(Optional.empty(), PRICES.tierMultiplier(gpt53, "priority"));
    assertEquals(Optional.empty(), PRICES.tierMultiplier(gpt53, "flex"));

    // the multiplier also holds for prices the table rewrote (Bedrock regional)
    ModelPrice regional = PRICES.find(null, "us.anthropic.claude-opus-4-6-v1").orElseThrow();
    assertEquals(Optional.of(new BigDecimal("0.5")), PRICES.tierMultiplier(regional, "batch"));

    ModelPrice foreign =
        ModelPrice.builder("not-in-table").provider("x").input("1").output("1").cacheRead("1").cacheWrite5m("1")
            .cacheWrite1h("1").build();
    assertEquals(Optional.empty(), PRICES.tierMultiplier(foreign, "fast"));
    assertEquals(Optional.of(BigDecimal.ONE), PRICES.tierMultiplier(foreign, "standard"));
  }

  // ------------------------------------------------------------------------------------------- exact costs

  @Test
  void realClaudeTranscriptTotalAtOpus46ListPrices() {
    // research claude-codex-ccusage.md section 1.5 / section 6 rule 8: the spotter 258c7280 main file, deduplicated
    // by (message.id, requestId) keeping the last line: input 180, output 38,899, 1h cache writes 349,474,
    // cache reads 14,771,617; $11.8539 at claude-opus-4-6 list prices
    TokenCounts tokens = TokenCounts.of(180, 14_771_617, 0, 349_474, 38_899);
    Money cost = PRICES.find("anthropic", "claude-opus-4-6").orElseThrow().cost(tokens);
    // 180 x $5 + 38,899 x $25 + 349,474 x $10 + 14,771,617 x $0.50, per million tokens
    assertEquals(Money.ofNanos(11_853_923_500L), cost);
    assertEquals("$11.853923500", cost.toString());
    assertEquals(new BigDecimal("11.8539"), cost.toUsd(4));
    // the same tokens through a US Bedrock inference profile cost 10% more
    Money bedrock = PRICES.find("amazon-bedrock", "us.anthropic.claude-opus-4-6-v1").orElseThrow().cost(tokens);
    assertEquals(Money.ofNanos(13_039_315_850L), bedrock);
  }

  @Test
  void theSameTranscriptWithOneHourWritesPricedAsFiveMinuteWritesIsCheaper() {
    // the same request priced with 1h writes at the 5m rate (ccusage's old bug) is $10.54: 1h writes matter
    TokenCounts asFiveMinute = TokenCounts.of(180, 14_771_617, 349_474, 0, 38_899);
    Money cost = PRICES.find(null, "claude-opus-4-6").orElseThrow().cost(asFiveMinute);
    assertEquals(Money.ofNanos(10_543_396_000L), cost);
  }

  @Test
  void sonnet45LongContextBillsTheWholeRequestAbove200kPromptTokens() {
    ModelPrice sonnet = PRICES.find(null, "claude-sonnet-4-5-20250929").orElseThrow();
    assertEquals(200_000, sonnet.longContextThreshold().getAsLong());
    // exactly at the threshold: standard prices, $3 in / $15 out
    assertEquals(Money.ofNanos(615_000_000L), sonnet.cost(TokenCounts.of(200_000, 0, 0, 0, 1_000)));
    // one token more: every token at long-context prices, $6 in / $22.50 out
    assertEquals(Money.ofNanos(1_222_506_000L), sonnet.cost(TokenCounts.of(200_001, 0, 0, 0, 1_000)));
    // the prompt counts cache reads and writes too: 1 + 150,000 + 50,000 = 200,001
    // 1 x $6 + 150,000 x $0.60 + 50,000 x $12 (1h write at long-context rates)
    assertEquals(Money.ofNanos(690_006_000L), sonnet.cost(TokenCounts.of(1, 150_000, 0, 50_000, 0)));
    assertEquals(Money.ofNanos(345_002_700L), sonnet.cost(TokenCounts.of(1, 149_999, 0, 50_000, 0)));
    // Sonnet 4 has the same tier; Sonnet 4.6 and Opus 4.6 do not
    assertTrue(PRICES.find(null, "claude-sonnet-4").orElseThrow().longContextThreshold().isPresent());
    assertTrue(PRICES.find(null, "claude-sonnet-4-6").orElseThrow().longContextThreshold().isEmpty());
    ModelPrice opus = PRICES.find(null, "claude-opus-4-6").orElseThrow();
    assertEquals(Money.ofNanos(2_500_000_000L), opus.cost(TokenCounts.of(500_000, 0, 0, 0, 0)));
  }

  @Test
  void gpt54LongContextAbove272kAndGemini25ProAbove200k() {
    ModelPrice gpt = PRICES.find("openai", "gpt-5.4").orElseThrow();
    // 272,000 input x $2.50 + 1,000 output x $15
    assertEquals(Money.ofNanos(695_000_000L), gpt.cost(TokenCounts.of(272_000, 0, 0, 0, 1_000)));
    // 272,001 input x $5 + 1,000 output x $22.50
    assertEquals(Money.ofNanos(1_382_505_000L), gpt.cost(TokenCounts.of(272_001, 0, 0, 0, 1_000)));
    // cached input is part of the prompt: 1 x $5 + 272,000 x $0.50
    assertEquals(Money.ofNanos(136_005_000L), gpt.cost(TokenCounts.of(1, 272_000, 0, 0, 0)));

    ModelPrice gemini = PRICES.find("google", "gemini-2.5-pro").orElseThrow();
    assertEquals(Money.ofNanos(260_000_000L), gemini.cost(TokenCounts.of(200_000, 0, 0, 0, 1_000)));
    assertEquals(Money.ofNanos(515_002_500L), gemini.cost(TokenCounts.of(200_001, 0, 0, 0, 1_000)));
  }

  @Test
  void codexStyleCachedInputIsPricedAtTheCachedRate() {
    // Codex rollouts report input including cached tokens; the source subtracts them, so input here is uncached
    ModelPrice codex = PRICES.find("openai", "gpt-5.3-codex").orElseThrow();
    // 1,692,546 uncached x $1.75 + 32,389,760 cached x $0.175 + 156,921 output x $14
    assertEquals(
        Money.ofNanos(10_827_057_500L), codex.cost(TokenCounts.of(1_692_546, 32_389_760, 0, 0, 156_921)));
  }

  // ------------------------------------------------------------------------------------------- the table itself

  @Test
  void bundledTableIsCachedVersionedAndSourced() {
    assertSame(PRICES, PriceTable.bundled());
    assertEquals("2026-11-21", PRICES.version());
    assertTrue(PRICES.models().size() >= 50, PRICES.models().toString());
    for (String id : PRICES.models()) {
      assertTrue(PRICES.source(id).isPresent(), "no source for " + id);
      ModelPrice p = PRICES.find(null, id).orElseThrow(() -> new AssertionError("own id does not resolve: " + id));
      assertEquals(id, p.model());
    }
    assertEquals(Optional.empty(), PRICES.source("nope"));
  }

  /** Anthropic's published multipliers, checked model by model against the explicit numbers in the file. */
  @Test
  void anthropicCacheMultipliersHoldUnlessDocumentedOtherwise() {
    TreeMap<String, String> readFactor = new TreeMap<>();
    readFactor.put("claude-fable-5-1", "0.025");
    readFactor.put("claude-mythos-5-1", "0.025");
    readFactor.put("claude-opus-5-5", "0.05");
    readFactor.put("claude-sonnet-5-5", "0.05");
    // Claude Haiku 3 predates the multipliers: $0.30 5m writes (1.2x) and $0.03 cache hits (0.12x)
    readFactor.put("claude-3-haiku", "0.12");
    TreeMap<String, String> write5mFactor = new TreeMap<>();
    write5mFactor.put("claude-3-haiku", "1.2");
    int checked = 0;
    for (String id : PRICES.models()) {
      ModelPrice p = PRICES.find(null, id).orElseThrow();
      if (!p.provider().equals("anthropic")) {
        continue;
      }
      checked++;
      List<ModelPrice> tiers =
          p.longContext().isPresent() ? List.of(p, p.longContext().get()) : List.of(p);
      for (ModelPrice t : tiers) {
        BigDecimal write5m = new BigDecimal(write5mFactor.getOrDefault(id, "1.25"));
        assertEquals(0, t.input().multiply(write5m).compareTo(t.cacheWrite5m()), id + " 5m write");
        assertEquals(0, t.input().multiply(new BigDecimal("2")).compareTo(t.cacheWrite1h()), id + " 1h write");
        BigDecimal factor = new BigDecimal(readFactor.getOrDefault(id, "0.1"));
        assertEquals(0, t.input().multiply(factor).compareTo(t.cacheRead()), id + " cache read");
      }
    }
    assertTrue(checked >= 20, "anthropic models checked: " + checked);
  }

  @Test
  void openAiModelsBeforeGpt56HaveNoCacheWriteFee() {
    for (String id : PRICES.models()) {
      ModelPrice p = PRICES.find(null, id).orElseThrow();
      if (!p.provider().equals("openai")) {
        continue;
      }
      BigDecimal writeFactor =
          id.startsWith("gpt-5.6") || id.startsWith("gpt-6") ? new BigDecimal("1.25") : BigDecimal.ONE;
      assertEquals(0, p.input().multiply(writeFactor).compareTo(p.cacheWrite5m()), id);
      assertEquals(0, p.cacheWrite5m().compareTo(p.cacheWrite1h()), id);
      assertTrue(p.cacheRead().compareTo(p.input()) <= 0, id);
    }
  }

  @Test
  void findIsSafeFromManyThreadsAndStable() {
    List<String> ids = List.of("claude-opus-4-6", "us.anthropic.claude-opus-4-6-v1", "gpt-5.3-codex", "nope", "");
    List<Optional<ModelPrice>> expected = ids.stream().map(id -> PRICES.find(null, id)).toList();
    java.util.stream.IntStream.range(0, 20_000).parallel().forEach(i -> {
      int k = i % ids.size();
      assertEquals(expected.get(k), PRICES.find(null, ids.get(k)));
    });
  }

  @Test
  void everyFixtureCanonicalIdIsInTheTable() {
    for (String id : List.of("claude-opus-4-6", "gpt-5.3-codex", "MiniMax-M2.1", "gemini-2.5-pro")) {
      assertTrue(PRICES.models().contains(id), id);
    }
    // qwen3-max is priced in its three prompt-length bands (PromptTiersTest)
    assertEquals("qwen3-max", PRICES.find(null, "qwen3-max-2026-01-23").orElseThrow().model());
  }
}
