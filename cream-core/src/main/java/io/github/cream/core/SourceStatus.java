package io.github.cream.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A source as a scan saw it: where it looked and what it found.
 *
 * @param provider the source's identity and origin
 * @param roots the roots it was asked to look in
 * @param files how many transcript files it found
 */
public record SourceStatus(ProviderInfo provider, List<Path> roots, long files) {

  /**
   * Validates and copies the components.
   *
   * @param provider identity and origin
   * @param roots roots looked in
   * @param files files found
   */
  public SourceStatus {
    Objects.requireNonNull(provider, "provider");
    roots = List.copyOf(roots);
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
