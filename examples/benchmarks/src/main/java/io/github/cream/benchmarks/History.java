package io.github.cream.benchmarks;

import io.github.cream.api.Environment;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * A synthetic history written by {@code examples/benchmarks/generate_history.py} (all four agents, with their
 * pitfalls, large tool outputs and file-history snapshots): the files of one source, as the source's default roots
 * find them under the history's home.
 */
final class History {

  private History() {}

  /** One source's transcripts under a history home. */
  record Files4(Source source, Environment environment, List<Path> roots, List<Path> files, long bytes) {}

  static Files4 of(String home, String sourceId) {
    Path dir = Path.of(home);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "no history at " + dir + ": run examples/benchmarks/jmh.sh, which generates one, or pass -p history=DIR");
    }
    Environment env = Environment.of(Map.of("HOME", dir.toString()), Clock.systemUTC());
    Source source = ServiceLoader.load(Source.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(s -> s.id().equals(sourceId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no source " + sourceId + " on the class path"));
    List<Path> roots = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    long bytes = 0;
    for (Path root : source.defaultRoots(env)) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      roots.add(root);
      try (Stream<Path> s = Files.walk(root)) {
        for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
          files.add(f);
          bytes += Files.size(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no " + sourceId + " transcripts under " + dir);
    }
    return new Files4(source, env, roots, files, bytes);
  }

  /** The root a file lies under. */
  static Path rootOf(Files4 h, Path file) {
    for (Path r : h.roots()) {
      if (file.startsWith(r)) {
        return r;
      }
    }
    throw new IllegalStateException(file + " is under none of the roots");
  }
}
