package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.DiscoveryContext;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The engine's {@link DiscoveryContext}: a loop-safe recursive walk that turns every problem into a diagnostic.
 */
final class Walker implements DiscoveryContext {

  private final Environment environment;
  private final String sourceId;
  private final Diagnostics diagnostics;
  private final Map<Path, FileIdentity> identities;

  /**
   * A walker.
   *
   * @param environment the environment
   * @param sourceId the source it lists files for
   * @param diagnostics where problems go
   * @param identities where the identity of every accepted file is kept, from the walk's own {@code stat}, so the
   *     engine need not ask again
   */
  Walker(Environment environment, String sourceId, Diagnostics diagnostics, Map<Path, FileIdentity> identities) {
    this.environment = environment;
    this.sourceId = sourceId;
    this.diagnostics = diagnostics;
    this.identities = identities;
  }

  @Override
  public Environment environment() {
    return environment;
  }

  @Override
  public List<Path> files(Path directory, Predicate<Path> accept) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(accept, "accept");
    List<Path> out = new ArrayList<>();
    if (!Files.exists(directory)) {
      return out;
    }
    if (Files.isRegularFile(directory)) {
      if (accept.test(directory)) {
        out.add(directory);
      }
      return out;
    }
    try {
      Files.walkFileTree(
          directory,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && accept.test(file)) {
                out.add(file);
                identities.put(file.toAbsolutePath().normalize(), FileIdentity.of(attrs));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              report(file, e);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
              if (e != null) {
                report(dir, e);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | RuntimeException e) {
      problem(Severity.WARNING, "cream.discovery.failed", "a directory could not be listed", directory);
    }
    out.sort(null);
    return out;
  }

  private void report(Path path, IOException e) {
    if (e instanceof FileSystemLoopException) {
      problem(Severity.WARNING, "cream.discovery.symlink-loop", "a symbolic link loops back; not followed again", path);
    } else if (e instanceof AccessDeniedException) {
      problem(Severity.WARNING, "cream.discovery.permission-denied", "a directory or file could not be read", path);
    } else if (e instanceof NoSuchFileException) {
      problem(Severity.INFO, "cream.discovery.vanished", "a file or directory vanished while it was listed", path);
    } else {
      problem(Severity.WARNING, "cream.discovery.unreadable", "a directory or file could not be read", path);
    }
  }

  @Override
  public void problem(Severity severity, String code, String message, Path path) {
    diagnostics.add(Diagnostic.of(severity, code, message).withSource(sourceId).at(path));
  }
}
