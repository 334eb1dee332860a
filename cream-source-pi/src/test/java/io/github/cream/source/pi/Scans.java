package io.github.cream.source.pi;

import io.github.cream.api.Environment;
import io.github.cream.core.CostMode;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Test helpers: run the real engine over a source and a root. */
final class Scans {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T19:00:00Z"), ZoneOffset.UTC);

  private Scans() {}

  static Environment env(Path home) {
    return Environment.of(Map.of("HOME", home.toString()), CLOCK);
  }

  static Environment env(Path home, Map<String, String> more) {
    Map<String, String> vars = new java.util.HashMap<>(more);
    vars.put("HOME", home.toString());
    return Environment.of(vars, CLOCK);
  }

  static Cream.Builder builder(Path home, Source source, Path root) {
    return Cream.builder()
        .environment(env(home))
        .discoverProviders(false)
        .bundledPrices(false)
        .source(source)
        .roots(source.id(), List.of(root))
        .parallelism(1);
  }

  static UsageSnapshot scan(Path home, Source source, Path root) {
    return builder(home, source, root).build().scan();
  }

  static UsageSnapshot scan(Path home, Source source, Path root, CostMode mode) {
    return builder(home, source, root).costMode(mode).build().scan();
  }

  /** The directory of this module's synthetic fixtures. */
  static Path resources() {
    return Path.of("src", "test", "resources").toAbsolutePath();
  }

  /** Copies a directory tree (fixtures are copied into temporary directories, never into the repository). */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String... lines) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
