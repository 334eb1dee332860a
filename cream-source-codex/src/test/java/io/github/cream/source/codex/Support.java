package io.github.cream.source.codex;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.ParserHarness;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared helpers: environments, scans through the real engine, fixtures. */
final class Support {

  static final Instant NOW = Instant.parse("2026-11-21T19:00:00Z");

  /** The real rollouts of the shared fixtures, below their collection. */
  static final String LOCALPUSH_SESSIONS = "codex/localpush-real-2026-02-23/raw/sessions/";

  private Support() {}

  static Environment env(Path home) {
    return env(home, Map.of());
  }

  static Environment env(Path home, Map<String, String> more) {
    Map<String, String> vars = new HashMap<>(more);
    vars.put("HOME", home.toString());
    return Environment.of(vars, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A scan of one root through the real engine, with no price table. */
  static UsageSnapshot scan(Path home, Path root) {
    return Cream.builder()
        .environment(env(home))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new CodexSource())
        .roots(CodexSource.ID, List.of(root))
        .parallelism(1)
        .build()
        .scan();
  }

  static ParserHarness.Result parse(Path home, Path file) {
    return ParserHarness.parse(new CodexSource(), file.getParent(), file, env(home));
  }

  /**
   * Rollouts of the shared fixtures' {@code codex/localpush-real-2026-02-23}; skips the running test or property
   * (call it in a {@code @Provide} method) when the shared Codex fixtures are not there.
   */
  static List<Path> localpushRollouts(String... names) {
    return Stream.of(names).map(n -> SharedFixtures.require(LOCALPUSH_SESSIONS + n)).collect(Collectors.toList());
  }

  /** A synthetic fixture of this module, copied to {@code target} (so tests can lay out homes). */
  static Path copy(String name, Path target) {
    try (InputStream in = Support.class.getResourceAsStream("/codex-synthetic/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A synthetic fixture copied into a flat folder under {@code dir}, keeping its name. */
  static Path copy(String name, Path dir, boolean keepName) {
    return copy(name, dir.resolve(keepName ? name : "x.jsonl"));
  }

  /** Writes lines (each followed by a newline) to a file. */
  static Path write(Path file, String... lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
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

  /** Diagnostics at WARNING or above, by code, except the price table's (tests run without one). */
  static Map<String, Long> warnings(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .filter(d -> d.severity() != Severity.INFO && !d.code().startsWith("cream.price."))
        .collect(Collectors.groupingBy(Diagnostic::code, Collectors.summingLong(Diagnostic::count)));
  }

  /** All diagnostics, by code. */
  static Map<String, Long> codes(List<Diagnostic> diagnostics) {
    return diagnostics.stream()
        .collect(Collectors.groupingBy(Diagnostic::code, Collectors.summingLong(Diagnostic::count)));
  }
}
