package io.github.cream.core;

import java.util.Objects;

/**
 * A discovered or registered provider (a {@code Source} or a {@code CacheStrategy}) and where it came from.
 *
 * @param kind {@code source} or {@code cache-strategy}
 * @param id the provider's id
 * @param displayName the name for people
 * @param className the implementing class
 * @param origin the jar, directory or module it was loaded from, or {@code registered} for providers passed to
 *     the builder
 */
public record ProviderInfo(String kind, String id, String displayName, String className, String origin) {

  /**
   * Validates the components.
   *
   * @param kind provider kind
   * @param id provider id
   * @param displayName display name
   * @param className implementing class
   * @param origin where it was loaded from
   */
  public ProviderInfo {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(origin, "origin");
  }
}
