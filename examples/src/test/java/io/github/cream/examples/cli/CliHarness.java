package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.Environment;
import io.github.cream.api.ModelPrice;
import io.github.cream.core.Cream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs the CLI in-process and reads what it printed. */
final class CliHarness {

  /** The test clock: 2026-03-03T01:00:00Z, a quarter of an hour after the last test call. */
  static final Instant NOW = Instant.parse("2026-03-03T01:00:00Z");

  static final ModelPrice M1 =
      ModelPrice.builder("m1").provider("prov").input("3").output("15").cacheRead("0.3").cacheWrite5m("3.75")
          .cacheWrite1h("6").build();
  static final ModelPrice M2 =
      ModelPrice.builder("m2").provider("other").input("1").output("5").cacheRead("0.1").cacheWrite5m("1.25")
          .cacheWrite1h("2").build();

  /** What a run printed. */
  record Result(int status, String out, String err) {

    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }

    /** Asserts stdout is exactly one JSON document followed by a newline, and returns its tokens. */
    JsonDoc json() throws IOException {
      assertTrue(out.endsWith("}\n"), "a JSON document ends in a newline: " + out);
      Map<String, String> flat = new HashMap<>();
      List<String> keys = new ArrayList<>();
      try (JsonParser p = TestSource.JSON.createParser(out)) {
        assertEquals(JsonToken.START_OBJECT, p.nextToken(), "stdout starts with a JSON object");
        flatten(p, "", flat, keys);
        assertNull(p.nextToken(), "nothing but one JSON document on stdout");
      }
      return new JsonDoc(flat, keys);
    }
  }

  /** A JSON document flattened to {@code path -> text}, paths like {@code daily[0].breakdown[1].model}. */
  record JsonDoc(Map<String, String> values, List<String> paths) {
    String get(String path) {
      return values.get(path);
    }

    boolean has(String path) {
      return values.containsKey(path) || paths.stream().anyMatch(p -> p.startsWith(path + ".") || p.startsWith(path
          + "["));
    }

    long count(String arrayPath) {
      int n = 0;
      while (has(arrayPath + "[" + n + "]")) {
        n++;
      }
      return n;
    }
  }

  private static void flatten(JsonParser p, String path, Map<String, String> out, List<String> keys)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      boolean empty = true;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        empty = false;
        String name = p.currentName();
        p.nextToken();
        flatten(p, path.isEmpty() ? name : path + "." + name, out, keys);
      }
      if (empty) {
        out.put(path, "{}");
        keys.add(path);
      }
    } else if (t == JsonToken.START_ARRAY) {
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        flatten(p, path + "[" + i++ + "]", out, keys);
      }
      if (i == 0) {
        out.put(path, "[]");
        keys.add(path);
      }
    } else {
      out.put(path, t == JsonToken.VALUE_NULL ? "null" : p.getText());
      keys.add(path);
    }
  }

  private final Path home;
  private final Instant now;
  private final List<Consumer<Cream.Builder>> customizers = new ArrayList<>();

  CliHarness(Path home) {
    this(home, NOW);
  }

  CliHarness(Path home, Instant now) {
    this.home = home;
    this.now = now;
  }

  /** The engine the tests use: no discovery, the test source, two known prices. */
  static Consumer<Cream.Builder> testEngine(String... extraSources) {
    return b -> {
      b.discoverProviders(false).bundledPrices(false).parallelism(1).price(M1).price(M2)
          .source(new TestSource("testagent"));
      for (String id : extraSources) {
        b.source(new TestSource(id));
      }
    };
  }

  CliHarness with(Consumer<Cream.Builder> customizer) {
    customizers.add(customizer);
    return this;
  }

  Environment environment() {
    return Environment.of(Map.of("HOME", home.toString()), Clock.fixed(now, ZoneOffset.UTC));
  }

  /** A CLI with this harness's engine settings, for tests that drive it themselves (a watch, say). */
  Main main() {
    Consumer<Cream.Builder> all = b -> customizers.forEach(c -> c.accept(b));
    return new Main(all);
  }

  Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Consumer<Cream.Builder> all = b -> customizers.forEach(c -> c.accept(b));
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = new Main(all).execute(args, o, e, environment());
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static void write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}
