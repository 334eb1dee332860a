package io.github.cream.examples.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.github.cream.api.Environment;
import io.github.cream.examples.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON documents compared as values (formatting and escapes aside), and the CLI's documents to compare with. */
final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * The same JSON value, written compactly with the generator's own escapes.
   *
   * @param json JSON text
   * @return the normal form
   */
  static String normal(String json) {
    StringWriter w = new StringWriter();
    try (JsonParser p = FACTORY.createParser(json); JsonGenerator g = FACTORY.createGenerator(w)) {
      p.nextToken();
      g.copyCurrentStructure(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /**
   * The date and exact cost text of each row of a {@code cream.report/1} daily document.
   *
   * @param json the document
   * @return {@code [date, costUsd]} per row
   */
  static java.util.List<String[]> days(String json) {
    java.util.List<String[]> rows = new java.util.ArrayList<>();
    try (JsonParser p = FACTORY.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (!name.equals("daily")) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
          String date = null;
          String cost = null;
          while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            if (f.equals("date")) {
              date = p.getText();
            } else if (f.equals("costUsd")) {
              cost = p.getText();
            } else {
              p.skipChildren();
            }
          }
          rows.add(new String[] {date, cost});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /**
   * What {@code cream ARGS} prints on standard output.
   *
   * @param env the environment
   * @param args the arguments
   * @return standard output
   */
  static String cli(Environment env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    if (status != 0) {
      throw new AssertionError("cream exited with " + status + ": " + err.toString(StandardCharsets.UTF_8));
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
