package io.github.cream.testkit;

import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.DiscoveryContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A plain directory walk standing in for the engine's, recording the problems a source reports. */
final class KitDiscovery implements DiscoveryContext {

  private final Environment environment;
  final List<String> problems = new ArrayList<>();

  KitDiscovery(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Environment environment() {
    return environment;
  }

  @Override
  public List<Path> files(Path directory, Predicate<Path> accept) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).filter(accept).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void problem(Severity severity, String code, String message, Path path) {
    problems.add(severity + " " + code + " " + message);
  }
}
