package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON Schema files shipped in the CLI jar describe what the CLI really prints, and the JSON contract document
 * names every field and schema they list.
 */
class JsonSchemasTest {

  static final List<String> SCHEMAS = List.of(
      "cream.report/1", "cream.sessions/1", "cream.timeline/1", "cream.blocks/1", "cream.cache/1", "cream.sources/1",
      "cream.prices/1", "cream.projects/1", "cream.enrich/1");

  @TempDir Path home;

  static Object schema(String name) throws IOException {
    String file = "/io/github/cream/examples/schemas/" + name.replace('/', '-') + ".schema.json";
    try (InputStream in = JsonSchemasTest.class.getResourceAsStream(file)) {
      return JsonSchemaCheck.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Environment env = Environment.of(Map.of("HOME", home.toString()),
        Clock.fixed(Instant.parse("2026-03-02T13:00:00Z"), ZoneOffset.UTC));
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), env);
    assertEquals(0, status, String.join(" ", args));
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "cream.report/1, --demo daily --json",
    "cream.report/1, --demo weekly --json --timezone Europe/Helsinki",
    "cream.report/1, --demo monthly --json --cost-mode calculate",
    "cream.report/1, --demo daily --json --source codex",
    "cream.sessions/1, --demo session --json",
    "cream.sessions/1, --demo session --json --cost-mode recorded",
    "cream.blocks/1, --demo blocks --json",
    "cream.blocks/1, --demo blocks --json --now 2026-03-02T12:00:00Z",
    "cream.blocks/1, --demo blocks --json --active",
    "cream.blocks/1, --demo blocks --json --recent --source codex,pi",
    "cream.projects/1, --demo daily --by project --json",
    "cream.projects/1, --demo weekly --by project --json --timezone Europe/Helsinki",
    "cream.projects/1, --demo monthly --by project --json --source openclaw",
    "cream.cache/1, --demo cache --json",
    "cream.cache/1, --demo cache --json --now 2026-03-05T12:00:00Z",
    "cream.sources/1, --demo sources --json",
  })
  void realOutputConformsToItsShippedSchema(String name, String args) throws IOException {
    Object doc = JsonSchemaCheck.parse(run(args.split(" ")));
    assertEquals(name, ((Map<?, ?>) doc).get("schema"));
    assertEquals(List.of(), JsonSchemaCheck.check(schema(name), doc), args);
  }

  @Test
  void aSessionTimelineConformsToItsShippedSchema() throws IOException {
    Map<?, ?> sessions = (Map<?, ?>) JsonSchemaCheck.parse(run("--demo", "session", "--json"));
    List<?> list = (List<?>) sessions.get("sessions");
    assertTrue(list.size() >= 3);
    for (Object s : list) {
      String id = (String) ((Map<?, ?>) s).get("sessionId");
      Object doc = JsonSchemaCheck.parse(run("--demo", "session", id, "--json"));
      assertEquals(List.of(), JsonSchemaCheck.check(schema("cream.timeline/1"), doc), id);
    }
  }

  @Test
  void theCheckerRejectsWhatTheSchemasForbid() throws IOException {
    Object report = schema("cream.report/1");
    Map<?, ?> doc = (Map<?, ?>) JsonSchemaCheck.parse(run("--demo", "daily", "--json"));
    assertTrue(JsonSchemaCheck.check(report, JsonSchemaCheck.parse(
        run("--demo", "daily", "--json").replaceFirst("\"costProvenance\"", "\"costProvenanc\""))).size() >= 2);
    assertTrue(JsonSchemaCheck.check(report, JsonSchemaCheck.parse(
        run("--demo", "daily", "--json").replaceFirst("\"calls\"\\s*:\\s*(\\d+)", "\"calls\": \"$1\""))).size() >= 1);
    assertEquals("cream.report/1", doc.get("schema"));
  }

  @Test
  void theJsonContractDocumentNamesEverySchemaAndEveryField() throws IOException {
    Path doc = Path.of("..", "docs", "json-contract.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    for (String name : SCHEMAS) {
      if (!text.contains("`" + name + "`")) {
        missing.add(name);
      }
      Set<String> fields = JsonSchemaCheck.fieldNames(schema(name));
      for (String f : fields) {
        if (!text.contains("`" + f + "`")) {
          missing.add(name + " " + f);
        }
      }
    }
    assertEquals(List.of(), missing, "fields the CLI emits that docs/json-contract.md does not name");
    assertTrue(Files.readString(Path.of("..", "README.md")).contains("docs/json-contract.md"));
  }
}
