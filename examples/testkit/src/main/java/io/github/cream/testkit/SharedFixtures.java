package io.github.cream.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real logs kept outside the repository, in the folder the system property {@value #PROPERTY} names (cream's build
 * points it at {@code ../shared/fixtures}), one collection per agent ({@code claude}, {@code codex}, …). A clone
 * without them must stay green, so a test that reads them skips, with a JUnit assumption, when the collection it
 * reads is not there; and fails when the collection is there but a file it names is not, so an incomplete copy never
 * passes as an empty file.
 *
 * <pre>{@code
 * Path file = SharedFixtures.require("codex/agent-sessions-stage0/small.jsonl");   // skips without codex/
 * }</pre>
 *
 * <p>jqwik counts an assumption inside a property as a rejected try, and a property whose every try is rejected
 * fails; call {@link #require} in the {@code @Provide} method instead, where an assumption skips the property.
 */
public final class SharedFixtures {

  /** The system property that names the fixtures folder. */
  public static final String PROPERTY = "cream.fixtures";

  private SharedFixtures() {}

  /**
   * A path in the fixtures folder, when its collection and the path itself are there.
   *
   * @param relative the path below the fixtures folder, its collection first, with {@code /} separators
   * @return the path, or empty when the property is not set or the path does not exist
   */
  public static Optional<Path> find(String relative) {
    return folder().map(f -> f.resolve(relative)).filter(Files::exists);
  }

  /**
   * A path in the fixtures folder: skips the running test (an assumption) when the folder or the path's collection
   * (its first segment) is absent, and fails it when the collection is there but the path is not.
   *
   * @param relative the path below the fixtures folder, its collection first, with {@code /} separators
   * @return the path, a file or a folder
   */
  public static Path require(String relative) {
    Optional<Path> folder = folder();
    String collection = relative.split("/", 2)[0];
    assumeTrue(folder.isPresent() && Files.isDirectory(folder.get().resolve(collection)),
        () -> "the shared fixtures (" + collection + ") are not present");
    Path path = folder.get().resolve(relative);
    assertTrue(Files.exists(path), () -> "the shared fixtures have " + collection + " but not " + relative);
    return path;
  }

  private static Optional<Path> folder() {
    String value = System.getProperty(PROPERTY);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
  }
}
