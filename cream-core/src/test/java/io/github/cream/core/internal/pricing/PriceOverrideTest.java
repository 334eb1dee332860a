package io.github.cream.core.internal.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.ModelPrice;
import io.github.cream.api.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriceOverrideTest {

  private static final PriceTable BASE = PriceTable.bundled();

  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path f = dir.resolve("prices-" + System.nanoTime() + ".json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
    return f;
  }

  private static String codes(List<Diagnostic> ds) {
    return ds.stream().map(Diagnostic::code).collect(Collectors.joining(","));
  }

  @Test
  void aPartialEntryChangesOnlyTheFieldsItGives() throws IOException {
    Path f = write("{\"version\": \"mine-1\", \"models\": {\"claude-opus-4-6\": {\"output\": \"30\"}}}");
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertEquals(List.of(), r.diagnostics());
    assertEquals("2026-11-21+mine-1", r.table().version());
    ModelPrice before = BASE.find(null, "claude-opus-4-6").orElseThrow();
    ModelPrice after = r.table().find(null, "claude-opus-4-6").orElseThrow();
    assertEquals(0, new BigDecimal("30").compareTo(after.output()));
    assertEquals(before.input(), after.input());
    assertEquals(before.cacheRead(), after.cacheRead());
    assertEquals(before.cacheWrite1h(), after.cacheWrite1h());
    // the rest of the entry survives: aliases, tiers, regional multiplier
    assertEquals(Optional.of(new BigDecimal("6")), r.table().tierMultiplier(after, "fast"));
    assertEquals(0, new BigDecimal("33").compareTo(
        r.table().find(null, "us.anthropic.claude-opus-4-6-v1").orElseThrow().output()));
    // the base table is untouched
    assertEquals(0, new BigDecimal("25").compareTo(BASE.find(null, "claude-opus-4-6").orElseThrow().output()));
    // a model the file does not mention is the same
    assertEquals(BASE.find(null, "gpt-5").orElseThrow(), r.table().find(null, "gpt-5").orElseThrow());
  }

  @Test
  void anOverrideNamedByAliasOrDottedSpellingReplacesTheCanonicalEntry() throws IOException {
    Path f = write("{\"models\": {\"claude-opus-4.0\": {\"input\": \"14\"}, \"gpt-5.6\": {\"input\": \"3\"}}}");
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertEquals(List.of(), r.diagnostics());
    assertEquals("2026-11-21+overrides", r.table().version());
    ModelPrice opus4 = r.table().find(null, "claude-opus-4-20250514").orElseThrow();
    assertEquals("claude-opus-4", opus4.model());
    assertEquals(0, new BigDecimal("14").compareTo(opus4.input()));
    assertEquals(0, new BigDecimal("3").compareTo(r.table().find(null, "gpt-5.6-sol").orElseThrow().input()));
  }

  @Test
  void aUserCanAddAModelWithAliasesAndALongContextTier() throws IOException {
    Path f =
        write(
            "{\"models\": {\"qwen3-max\": {\"provider\": \"alibaba-cloud\", \"input\": \"1.2\", \"output\": 6,"
                + " \"cacheRead\": \"0.24\", \"cacheWrite5m\": \"1.2\", \"cacheWrite1h\": \"1.2\","
                + " \"longContext\": {\"threshold\": 32000, \"input\": \"2.4\", \"output\": \"12\","
                + " \"cacheRead\": \"0.48\", \"cacheWrite5m\": \"2.4\", \"cacheWrite1h\": \"2.4\"},"
                + " \"tiers\": {\"batch\": \"0.5\"}, \"aliases\": [\"qwen3-max-2026-01-23\"]}}}");
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertEquals(List.of(), r.diagnostics());
    ModelPrice q = r.table().find("alibaba-cloud", "qwen3-max-2026-01-23").orElseThrow();
    assertEquals("qwen3-max", q.model());
    assertEquals("alibaba-cloud", q.provider());
    assertEquals(32_000, q.longContextThreshold().getAsLong());
    assertEquals(Optional.of(new BigDecimal("0.5")), r.table().tierMultiplier(q, "batch"));
    // the bundled qwen3-max is untouched
    assertEquals("alibaba", BASE.find(null, "qwen3-max").orElseThrow().provider());
  }

  @Test
  void longContextNullRemovesATierAndANewTierReplacesIt() throws IOException {
    PriceTable.OverrideResult r =
        BASE.withOverrideFile(write("{\"models\": {\"claude-sonnet-4-5\": {\"longContext\": null}}}"));
    assertEquals(List.of(), r.diagnostics());
    assertTrue(r.table().find(null, "claude-sonnet-4-5").orElseThrow().longContextThreshold().isEmpty());
    assertTrue(r.table().find(null, "claude-sonnet-4").orElseThrow().longContextThreshold().isPresent());
  }

  @Test
  void withOverridesReplacesWholeEntriesAndAddsNewOnes() throws IOException {
    String json =
        "{\"version\": \"team-7\", \"models\": {"
            + "\"claude-sonnet-4-5-20250929\": {\"provider\": \"anthropic\", \"input\": \"2\", \"output\": \"10\","
            + " \"cacheRead\": \"0.2\", \"cacheWrite5m\": \"2.5\", \"cacheWrite1h\": \"4\"},"
            + "\"house-model\": {\"provider\": \"self\", \"input\": \"0\", \"output\": \"0\", \"cacheRead\": \"0\","
            + " \"cacheWrite5m\": \"0\", \"cacheWrite1h\": \"0\"}}}";
    PriceTable overrides =
        PriceTable.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "team prices");
    PriceTable merged = BASE.withOverrides(overrides);
    assertEquals("2026-11-21+team-7", merged.version());
    ModelPrice s = merged.find(null, "claude-sonnet-4-5").orElseThrow();
    assertEquals("claude-sonnet-4-5", s.model());
    assertEquals(0, new BigDecimal("2").compareTo(s.input()));
    // a whole-entry replacement drops what the override does not say (no long-context tier now)
    assertTrue(s.longContextThreshold().isEmpty());
    assertEquals(s, merged.find(null, "anthropic/claude-sonnet-4.5").orElseThrow());
    assertTrue(merged.find(null, "house-model").isPresent());
    assertEquals(BASE.models().size() + 1, merged.models().size());
  }

  // ------------------------------------------------------------------------------------------ bad files

  @Test
  void aMissingFileIsReportedAndSkipped() {
    PriceTable.OverrideResult r = BASE.withOverrideFile(dir.resolve("absent.json"));
    assertSame(BASE, r.table());
    assertEquals(PriceTable.CODE_OVERRIDE_UNREADABLE, codes(r.diagnostics()));
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(Severity.WARNING, d.severity());
    assertEquals(Optional.of(dir.resolve("absent.json")), d.file());
  }

  @Test
  void aDirectoryIsReportedAndSkipped() {
    PriceTable.OverrideResult r = BASE.withOverrideFile(dir);
    assertSame(BASE, r.table());
    assertEquals(PriceTable.CODE_OVERRIDE_UNREADABLE, codes(r.diagnostics()));
  }

  @Test
  void anOversizedFileIsReportedAndSkipped() throws IOException {
    Path f = dir.resolve("huge.json");
    Files.write(f, new byte[PriceTable.MAX_OVERRIDE_BYTES + 1]);
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertSame(BASE, r.table());
    assertEquals(PriceTable.CODE_OVERRIDE_UNREADABLE, codes(r.diagnostics()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   \n  ",
        "{nope",
        "not json at all",
        "[]",
        "[{\"models\": {}}]",
        "42",
        "{}",
        "{\"models\": []}",
        "{\"models\": {}} trailing",
        "{\"format\": \"cream.prices/2\", \"models\": {}}",
        "{\"currency\": \"EUR\", \"models\": {}}",
        "{\"unit\": \"per-token\", \"models\": {}}",
        "{\"models\": {}, \"models\": {}}",
        "{\"models\": {\"a\": {\"input\": \"1\"}",
        "\u0000\u0001\u0002",
      })
  void aFileThatIsNotAPriceFileIsSkippedWhole(String content) throws IOException {
    PriceTable.OverrideResult r = BASE.withOverrideFile(write(content));
    assertSame(BASE, r.table(), content);
    assertEquals(1, r.diagnostics().size(), content + " -> " + r.diagnostics());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(PriceTable.CODE_OVERRIDE_INVALID, d.code());
    assertEquals(Severity.WARNING, d.severity());
    assertTrue(d.file().isPresent());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"claude-opus-4-6\": {\"input\": \"-5\"}}",
        "{\"claude-opus-4-6\": {\"input\": -5}}",
        "{\"claude-opus-4-6\": {\"input\": \"0.0000001\"}}",
        "{\"claude-opus-4-6\": {\"input\": 0.0000001}}",
        "{\"claude-opus-4-6\": {\"input\": \"1e3\"}}",
        "{\"claude-opus-4-6\": {\"input\": \"five\"}}",
        "{\"claude-opus-4-6\": {\"input\": true}}",
        "{\"claude-opus-4-6\": {\"input\": null}}",
        "{\"claude-opus-4-6\": {\"input\": {\"a\": 1}}}",
        "{\"claude-opus-4-6\": {\"input\": \"99999999999999\"}}",
        "{\"claude-opus-4-6\": {\"input\": 1e400}}",
        "{\"claude-opus-4-6\": {\"input\": \"1\", \"input\": \"2\"}}",
        "{\"claude-opus-4-6\": {\"provider\": 7}}",
        "{\"claude-opus-4-6\": {\"provider\": \"\"}}",
        "{\"claude-opus-4-6\": {\"aliases\": \"x\"}}",
        "{\"claude-opus-4-6\": {\"aliases\": [1]}}",
        "{\"claude-opus-4-6\": {\"tiers\": {\"fast\": \"0\"}}}",
        "{\"claude-opus-4-6\": {\"tiers\": {\"fast\": \"-2\"}}}",
        "{\"claude-opus-4-6\": {\"tiers\": {\"Fast Mode!\": \"2\"}}}",
        "{\"claude-opus-4-6\": {\"tiers\": [\"fast\"]}}",
        "{\"claude-opus-4-6\": {\"bedrockRegionalMultiplier\": \"0\"}}",
        "{\"claude-opus-4-6\": {\"longContext\": {\"threshold\": 0, \"input\": \"1\", \"output\": \"1\","
            + " \"cacheRead\": \"1\", \"cacheWrite5m\": \"1\", \"cacheWrite1h\": \"1\"}}}",
        "{\"claude-opus-4-6\": {\"longContext\": {\"threshold\": 1.5, \"input\": \"1\", \"output\": \"1\","
            + " \"cacheRead\": \"1\", \"cacheWrite5m\": \"1\", \"cacheWrite1h\": \"1\"}}}",
        "{\"claude-opus-4-6\": {\"longContext\": {\"threshold\": 1000, \"input\": \"1\"}}}",
        "{\"claude-opus-4-6\": {\"longContext\": \"big\"}}",
        "{\"claude-opus-4-6\": \"cheap\"}",
        "{\"claude-opus-4-6\": [1, 2, {\"input\": \"1\"}]}",
        "{\"claude-opus-4-6\": {\"output\": \"30\"}, \"claude-opus-4.6\": {\"output\": \"31\"}}",
        "{\"new-model\": {\"provider\": \"x\", \"input\": \"1\", \"output\": \"1\"}}",
        "{\"new-model\": {\"input\": \"1\", \"output\": \"1\", \"cacheRead\": \"1\", \"cacheWrite5m\": \"1\","
            + " \"cacheWrite1h\": \"1\"}}",
        "{\"\": {\"provider\": \"x\"}}",
      })
  void aBadEntryIsSkippedAndTheRestApplies(String models) throws IOException {
    // every case puts the bad entry first, then a good one that must still apply
    String json =
        "{\"models\": " + models.substring(0, models.length() - 1)
            + ", \"gpt-5\": {\"output\": \"11\"}}}";
    PriceTable.OverrideResult r = BASE.withOverrideFile(write(json));
    List<Diagnostic> ds = r.diagnostics();
    assertFalse(ds.isEmpty(), json);
    for (Diagnostic d : ds) {
      assertEquals(Severity.WARNING, d.severity());
      assertEquals(PriceTable.CODE_OVERRIDE_ENTRY_INVALID, d.code(), json + " -> " + d);
      assertTrue(d.file().isPresent());
      assertTrue(d.line().isPresent(), d.toString());
    }
    assertEquals(0, new BigDecimal("11").compareTo(r.table().find(null, "gpt-5").orElseThrow().output()), json);
    // the skipped entry left claude-opus-4-6 as it was (a duplicated model: neither copy applies)
    BigDecimal out = r.table().find(null, "claude-opus-4-6").orElseThrow().output();
    assertEquals(0, out.compareTo(new BigDecimal("25")), json);
    assertTrue(r.table().find(null, "new-model").isEmpty());
  }

  @Test
  void aModelListedTwiceIsSkippedWholeAndTheMessageSaysSo() throws IOException {
    Path f = write("{\"models\": {\n\"claude-opus-4-6\": {\"output\": \"30\"},\n\"gpt-5\": {\"output\": \"11\"},\n"
        + "\"claude-opus-4.6\": {\"output\": \"31\"}\n}}");
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(PriceTable.CODE_OVERRIDE_ENTRY_INVALID, d.code());
    assertEquals(
        "price override for model 'claude-opus-4.6' skipped: the entry is listed more than once (first on line 2);"
            + " every copy of it was skipped",
        d.message());
    assertEquals(4, d.line().getAsLong());
    // neither the first (30) nor the second (31) copy applies: the bundled $25 stays; the other entry applies
    assertEquals(0, new BigDecimal("25").compareTo(r.table().find(null, "claude-opus-4-6").orElseThrow().output()));
    assertEquals(0, new BigDecimal("11").compareTo(r.table().find(null, "gpt-5").orElseThrow().output()));
  }

  @Test
  void unknownFieldsAreReportedAndIgnored() throws IOException {
    Path f = write("{\"comment\": \"hi\", \"models\": {\"gpt-5\": {\"outptu\": \"99\", \"output\": \"12\"}}}");
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertEquals(
        PriceTable.CODE_OVERRIDE_FIELD_UNKNOWN + "," + PriceTable.CODE_OVERRIDE_FIELD_UNKNOWN, codes(r.diagnostics()));
    assertTrue(r.diagnostics().get(1).message().contains("'outptu'"), r.diagnostics().toString());
    assertEquals(0, new BigDecimal("12").compareTo(r.table().find(null, "gpt-5").orElseThrow().output()));
  }

  @Test
  void diagnosticsNameTheModelAndFieldButNeverOtherContent() throws IOException {
    String secret = "sk-ant-SECRET-" + "abc123";
    Path f =
        write(
            "{\n  \"models\": {\n    \"claude-opus-4-6\": {\n      \"source\": \"" + secret + "\",\n"
                + "      \"cacheRead\": \"" + secret + "\"\n    },\n"
                + "    \"m\\u0007odel\": {\"input\": \"-" + secret + "\"}\n  }\n}\n");
    PriceTable.OverrideResult r = BASE.withOverrideFile(f);
    assertEquals(2, r.diagnostics().size(), r.diagnostics().toString());
    Diagnostic first = r.diagnostics().get(0);
    assertEquals(PriceTable.CODE_OVERRIDE_ENTRY_INVALID, first.code());
    assertTrue(first.message().contains("'claude-opus-4-6'"), first.message());
    assertTrue(first.message().contains("'cacheRead'"), first.message());
    assertEquals(5, first.line().getAsLong());
    assertTrue(first.byteOffset().getAsLong() > 0);
    for (Diagnostic d : r.diagnostics()) {
      assertFalse(d.message().contains("SECRET"), d.message());
      assertFalse(d.message().chars().anyMatch(c -> c < 0x20), d.message());
    }
  }

  @Test
  void aValidFileWithNoUsableEntryLeavesTheTableAlone() throws IOException {
    PriceTable.OverrideResult r = BASE.withOverrideFile(write("{\"models\": {}}"));
    assertSame(BASE, r.table());
    assertEquals(List.of(), r.diagnostics());
  }

  // ------------------------------------------------------------------------------------------ strict parsing

  @Test
  void parseRejectsAnIncompleteOrBrokenTableNamingTheModelAndField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("{\"version\": \"1\", \"models\": {\"m\": {\"provider\": \"p\", \"input\": \"1\"}}}"));
    assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("'output'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("{\"models\": {}}"));
    assertTrue(e.getMessage().contains("version"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("{\"version\": \"1\"}"));
    assertTrue(e.getMessage().contains("models"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> parse("{\"version\": \"1\", \"models\": {}, \"x\": 1}"));
    assertThrows(IllegalArgumentException.class, () -> parse("{oops"));
    String full = "\"provider\": \"p\", \"input\": \"1\", \"output\": \"1\", \"cacheRead\": \"1\", "
        + "\"cacheWrite5m\": \"1\", \"cacheWrite1h\": \"1\"";
    e = assertThrows(
        IllegalArgumentException.class,
        () -> parse("{\"version\": \"1\", \"models\": {\"a\": {" + full + ", \"aliases\": [\"b\"]}, \"b\": {"
            + full + "}}}"));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
  }

  @Test
  void parseAcceptsAMinimalTable() throws IOException {
    PriceTable t =
        parse(
            "{\"version\": \"2000-01-01\", \"models\": {\"m\": {\"provider\": \"p\", \"input\": \"1\","
                + " \"output\": \"2\", \"cacheRead\": \"0.1\", \"cacheWrite5m\": \"1.25\", \"cacheWrite1h\": \"2\"}}}");
    assertEquals("2000-01-01", t.version());
    assertEquals(List.of("m"), t.models());
    assertTrue(t.find(null, "M").isPresent());
    assertTrue(t.toString().contains("1 models"));
  }

  private static PriceTable parse(String json) throws IOException {
    return PriceTable.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test table");
  }
}
