package io.github.cream.core.internal.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.ModelPrice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class PriceTablePropertiesTest {

  private static final PriceTable PRICES = PriceTable.bundled();

  private static final List<String> FRAGMENTS =
      List.of(
          "claude", "opus", "sonnet", "haiku", "fable", "gpt", "o3", "mini", "codex", "gemini", "flash", "pro",
          "anthropic", "openai", "openrouter", "us", "global", "eu", "4", "5", "6", "4.6", "3-5", "2.5", "20250929",
          "2024-08-06", "latest", "v1", "v2", "0", "fast", "thinking", "[1m]", "-", ".", "/", ":", "@", "_", " ",
          "\u00e9", "\u0000", "\uD83D\uDE00", "[", "]", "--", "..");

  @Provide
  Arbitrary<String> modelLike() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(12).map(parts -> String.join("", parts));
  }

  @Property(tries = 2000)
  void findNeverThrowsOnArbitraryStrings(@ForAll @StringLength(max = 300) String provider, @ForAll String model) {
    assertNotNull(PRICES.find(provider, model));
  }

  @Property(tries = 3000)
  void findNeverThrowsOnModelLikeStringsAndOnlyReturnsTableModels(@ForAll("modelLike") String model) {
    Optional<ModelPrice> p = PRICES.find("x", model);
    p.ifPresent(price -> assertTrue(PRICES.models().contains(price.model()), model + " -> " + price.model()));
  }

  @Property(tries = 500)
  void everyTableIdResolvesToItselfWhateverItsCaseAndPrefix(
      @ForAll("tableIds") String id, @ForAll("prefixes") String prefix, @ForAll boolean upper) {
    String written = prefix + (upper ? id.toUpperCase(Locale.ROOT) : id);
    assertEquals(Optional.of(id), PRICES.find(null, written).map(ModelPrice::model), written);
  }

  @Provide
  Arbitrary<String> tableIds() {
    return Arbitraries.of(PRICES.models());
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of("", "openrouter/", "provider/", "a/b/c/");
  }

  @Property(tries = 200)
  void overrideFilesNeverThrow(@ForAll("jsonish") String content) throws IOException {
    Path f = Files.createTempFile("cream-prices", ".json");
    try {
      Files.writeString(f, content, StandardCharsets.UTF_8);
      PriceTable.OverrideResult r = PRICES.withOverrideFile(f);
      assertNotNull(r.table());
      r.diagnostics().forEach(d -> assertTrue(d.code().startsWith("cream.prices."), d.code()));
    } finally {
      Files.deleteIfExists(f);
    }
  }

  @Provide
  Arbitrary<String> jsonish() {
    return Arbitraries.of(
            "{", "}", "[", "]", "\"models\"", ":", ",", "\"gpt-5\"", "\"input\"", "\"1.5\"", "-3", "1e9", "null",
            "true", "{\"threshold\": 5}", "\"longContext\"", "\"tiers\"", "\"fast\"", "\"aliases\"", "\"x\"")
        .list()
        .ofMaxSize(40)
        .map(parts -> String.join("", parts));
  }

  @Property(tries = 100)
  void overridingOnePriceNeverChangesAnotherModel(
      @ForAll("tableIds") String target, @ForAll("tableIds") String other) throws IOException {
    Path f = Files.createTempFile("cream-prices", ".json");
    try {
      Files.writeString(f, "{\"models\": {\"" + target + "\": {\"output\": \"123.456789\"}}}", StandardCharsets.UTF_8);
      PriceTable.OverrideResult r = PRICES.withOverrideFile(f);
      assertEquals(List.of(), r.diagnostics());
      ModelPrice changed = r.table().find(null, target).orElseThrow();
      assertEquals(0, changed.output().compareTo(new java.math.BigDecimal("123.456789")));
      if (!other.equals(target)) {
        assertEquals(PRICES.find(null, other), r.table().find(null, other));
      }
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
