package io.github.cream.core;

import io.github.cream.spi.Capability;
import io.github.cream.spi.WatchScope;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A source as a scan saw it: where it looked, what it found, and what it can do.
 *
 * @param provider the source's identity and origin
 * @param roots the roots it was asked to look in
 * @param files how many transcript files it found
 * @param capabilities what the source can do, and where its new sessions appear
 */
public record SourceStatus(ProviderInfo provider, List<Path> roots, long files, SourceCapabilities capabilities) {

  /**
   * Validates and copies the components.
   *
   * @param provider identity and origin
   * @param roots roots looked in
   * @param files files found
   * @param capabilities capabilities
   */
  public SourceStatus {
    Objects.requireNonNull(provider, "provider");
    roots = List.copyOf(roots);
    Objects.requireNonNull(capabilities, "capabilities");
  }

  /**
   * A status of a source that reports usage only, watched globally.
   *
   * @param provider identity and origin
   * @param roots roots looked in
   * @param files files found
   */
  public SourceStatus(ProviderInfo provider, List<Path> roots, long files) {
    this(provider, roots, files, new SourceCapabilities(provider.id(), Set.of(Capability.USAGE), WatchScope.GLOBAL));
  }

  /**
   * Whether any transcript was found.
   *
   * @return true when {@code files > 0}
   */
  public boolean found() {
    return files > 0;
  }
}
