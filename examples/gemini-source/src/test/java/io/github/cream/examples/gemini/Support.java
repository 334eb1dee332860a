package io.github.cream.examples.gemini;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SampleFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared helpers: the fixture home, environments, scans through the real engine. */
final class Support {

  static final Instant NOW = Instant.parse("2026-11-21T19:00:00Z");

  private Support() {}

  /** The fixture home: {@code .gemini/tmp} with two projects, a subagent and legacy files. */
  static Path fixtureHome() {
    return SampleFile.resourceDirectory(Support.class, "/gemini-home");
  }

  /** The fixture root, {@code <home>/.gemini/tmp}. */
  static Path fixtureRoot() {
    return fixtureHome().resolve(".gemini").resolve("tmp");
  }

  static Environment env(Path home) {
    return env(home, Map.of());
  }

  static Environment env(Path home, Map<String, String> more) {
    Map<String, String> vars = new HashMap<>(more);
    vars.put("HOME", home.toString());
    return Environment.of(vars, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A scan of a home through the real engine, with this source alone and the bundled prices. */
  static UsageSnapshot scan(Path home) {
    return Cream.builder()
        .environment(env(home))
        .discoverProviders(false)
        .source(new GeminiCliSource())
        .parallelism(1)
        .build()
        .scan();
  }

  static ParserHarness.Result parse(Path root, Path file) {
    return ParserHarness.parse(new GeminiCliSource(), root, file, env(root));
  }

  /** Writes lines, each followed by a newline, to a file (creating its directories). */
  static Path write(Path file, String... lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TokenCounts sum(List<UsageRecord> records) {
    TokenCounts t = TokenCounts.ZERO;
    for (UsageRecord r : records) {
      t = t.plus(r.tokens());
    }
    return t;
  }

  /** Diagnostics by code, with their counts. */
  static Map<String, Long> codes(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .collect(Collectors.groupingBy(Diagnostic::code, TreeMap::new, Collectors.summingLong(Diagnostic::count)));
  }
}
