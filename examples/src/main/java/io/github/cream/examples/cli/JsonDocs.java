package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.ReportJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's own JSON documents ({@code cream.projects/1}, the accounts of {@code cream.blocks/1}), written in the
 * library's conventions and layout ({@link ReportJson}): the same totals fields, the same pretty printing, and the
 * header and diagnostics copied from a document the library wrote for the same snapshot, so that they never drift.
 */
final class JsonDocs {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonDocs() {}

  /**
   * A generator writing UTF-8 to a stream (not closed with the generator), pretty-printed as the library does or
   * compact (one document per line, for {@code --watch}).
   *
   * @param out where to write
   * @param pretty whether to indent
   * @return the generator
   * @throws IOException if it cannot be created
   */
  static JsonGenerator generator(OutputStream out, boolean pretty) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    if (pretty) {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""));
      printer.indentObjectsWith(indenter);
      printer.indentArraysWith(indenter);
      g.setPrettyPrinter(printer);
    }
    return g;
  }

  /**
   * The top-level fields of a document the library wrote, each as its own JSON text, in order.
   *
   * @param document the document
   * @return field name to value text
   * @throws IOException if it is not a JSON object
   */
  static Map<String, String> fields(String document) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(document)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
          g.copyCurrentStructure(p);
        }
        out.put(name, w.toString());
      }
    }
    return out;
  }

  /**
   * Writes a field whose value is JSON text (from {@link #fields}), re-indented as the generator writes.
   *
   * @param g the generator, inside an object
   * @param name the field's name
   * @param json the value's JSON text
   * @throws IOException if writing fails
   */
  static void copyField(JsonGenerator g, String name, String json) throws IOException {
    g.writeFieldName(name);
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    }
  }

  /**
   * Writes the totals fields every document carries, as the library does: {@code inputTokens},
   * {@code outputTokens}, {@code reasoningTokens}, {@code cacheReadTokens}, {@code cacheWriteTokens},
   * {@code cacheWrite5mTokens}, {@code cacheWrite1hTokens}, {@code totalTokens}, {@code costUsd}, {@code calls} and
   * {@code costProvenance}.
   *
   * @param g the generator, inside an object
   * @param t the totals
   * @throws IOException if writing fails
   */
  static void totalsFields(JsonGenerator g, UsageTotals t) throws IOException {
    TokenCounts k = t.tokens();
    g.writeNumberField("inputTokens", k.input());
    g.writeNumberField("outputTokens", k.output());
    g.writeNumberField("reasoningTokens", k.reasoning());
    g.writeNumberField("cacheReadTokens", k.cacheRead());
    g.writeNumberField("cacheWriteTokens", k.cacheWrite());
    g.writeNumberField("cacheWrite5mTokens", k.cacheWrite5m());
    g.writeNumberField("cacheWrite1hTokens", k.cacheWrite1h());
    g.writeNumberField("totalTokens", k.total());
    g.writeFieldName("costUsd");
    g.writeNumber(ReportJson.usd(t.cost()));
    g.writeNumberField("calls", t.calls());
    g.writeStringField("costProvenance", ReportJson.provenance(t.provenance()));
  }

  /**
   * The header fields of a library document to copy into one of the CLI's: {@code asOf} and, for the demo,
   * {@code demo}.
   *
   * @param library the library document's fields
   * @return the fields to copy, in order
   */
  static Map<String, String> header(Map<String, String> library) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : new String[] {"asOf", "demo"}) {
      if (library.containsKey(name)) {
        out.put(name, library.get(name));
      }
    }
    return out;
  }
}
