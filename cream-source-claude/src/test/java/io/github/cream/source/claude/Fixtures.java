package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.TokenCounts;
import io.github.cream.core.Cream;
import io.github.cream.core.PricedRecord;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.testkit.SharedFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared helpers: the synthetic fixtures of this module, the shared real ones, and scans through the engine. */
final class Fixtures {

  static final String S1 = "11111111-1111-4111-8111-111111111111";
  static final String S2 = "22222222-2222-4222-8222-222222222222";
  static final String S3 = "33333333-3333-4333-8333-333333333333";

  static final Instant NOW = Instant.parse("2026-11-21T19:00:00Z");

  private Fixtures() {}

  /** A directory of this module's synthetic fixtures ({@code src/test/resources/fixtures/<name>}). */
  static Path synthetic(String name) {
    URL url = Fixtures.class.getResource("/fixtures/" + name);
    assertNotNull(url, "missing test resource fixtures/" + name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The shared real Claude fixtures; skips the test when they are not there. */
  static Path real() {
    return SharedFixtures.require("claude");
  }

  static Environment environment(Path home) {
    return Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Cream.Builder cream(Path home, Path... roots) {
    return Cream.builder()
        .environment(environment(home))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(new ClaudeSource())
        .roots(ClaudeSource.ID, List.of(roots))
        .parallelism(1);
  }

  static UsageSnapshot scan(Path home, Path... roots) {
    return cream(home, roots).build().scan();
  }

  static TokenCounts tokens(UsageSnapshot s) {
    return s.totals().tokens();
  }

  /**
   * The problems the source reported, without the engine's own (with prices off, the engine warns about every
   * model it cannot price).
   */
  static List<Diagnostic> problems(UsageSnapshot s) {
    return s.diagnostics().stream().filter(d -> !d.code().equals("cream.price.unknown-model"))
        .collect(Collectors.toList());
  }

  static List<String> codes(UsageSnapshot s) {
    return problems(s).stream().map(Diagnostic::code).sorted().collect(Collectors.toList());
  }

  static long count(UsageSnapshot s, String code) {
    return s.diagnostics().stream().filter(d -> d.code().equals(code)).mapToLong(Diagnostic::count).sum();
  }

  static PricedRecord byMessage(UsageSnapshot s, String messageId) {
    List<PricedRecord> found =
        s.records().stream()
            .filter(r -> r.record().messageId().orElse("").equals(messageId))
            .collect(Collectors.toList());
    if (found.size() != 1) {
      throw new AssertionError("expected one record of " + messageId + ", found " + found.size());
    }
    return found.get(0);
  }

  /** Copies files into a {@code projects/<project>/} tree under {@code dir}, keeping relative paths. */
  static Path copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).collect(Collectors.toList())) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(f, target);
        }
      }
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path copy(Path file, Path to) {
    try {
      Files.createDirectories(to.getParent());
      return Files.copy(file, to);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
