package io.github.cream.core;

import io.github.cream.spi.Capability;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.Source;
import io.github.cream.spi.WatchScope;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a source can do, as the engine will actually do it: the {@link Capability} set a tool checks before offering
 * a feature (open a session's messages, show recorded costs, scope to a project, watch), and where the source's new
 * sessions appear ({@link WatchScope}).
 *
 * <p>The set is the source's own {@link Source#capabilities()}, corrected by what the engine can see:
 * {@link Capability#USAGE} always; {@link Capability#MESSAGES} if and only if the source is a
 * {@link MessageReader}, whatever it declares.
 *
 * @param source the source id
 * @param capabilities what it can do
 * @param watchScope where its new sessions appear
 */
public record SourceCapabilities(String source, Set<Capability> capabilities, WatchScope watchScope) {

  /**
   * Validates and copies the components.
   *
   * @param source source id
   * @param capabilities capabilities
   * @param watchScope watch scope
   */
  public SourceCapabilities {
    Objects.requireNonNull(source, "source");
    capabilities = Set.copyOf(capabilities);
    Objects.requireNonNull(watchScope, "watchScope");
  }

  /**
   * Whether the source can do something.
   *
   * @param capability the capability
   * @return true if it can
   */
  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  /**
   * The capabilities of a source. A source whose {@code capabilities()} or {@code watchScope()} fails is taken to
   * report usage only, watched globally.
   *
   * @param source the source
   * @return its capabilities
   */
  public static SourceCapabilities of(Source source) {
    Set<Capability> set = EnumSet.of(Capability.USAGE);
    try {
      Set<Capability> declared = source.capabilities();
      if (declared != null) {
        for (Capability c : declared) {
          if (c != null) {
            set.add(c);
          }
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // a broken declaration: usage only
    }
    if (source instanceof MessageReader) {
      set.add(Capability.MESSAGES);
    } else {
      set.remove(Capability.MESSAGES);
    }
    WatchScope scope = WatchScope.GLOBAL;
    try {
      WatchScope declared = source.watchScope();
      if (declared != null) {
        scope = declared;
      }
    } catch (RuntimeException | LinkageError e) {
      // a broken declaration: watched globally
    }
    return new SourceCapabilities(source.id(), set, scope);
  }
}
