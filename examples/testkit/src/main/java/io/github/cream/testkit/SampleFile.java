package io.github.cream.testkit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One sample transcript for {@link SourceContractTest}: a file in the agent's real format and the root the source
 * finds it under (parsers may read the file's place below the root, as a real scan gives it to them).
 *
 * <pre>{@code
 * Path root = SampleFile.resourceDirectory(MySourceContractTest.class, "/acme-home/.acme/sessions");
 * SampleFile.of(root, "2026/03/session-1.jsonl");
 * }</pre>
 *
 * @param root the root, as {@link io.github.cream.spi.Source#defaultRoots} would give it
 * @param file the transcript, below the root
 */
public record SampleFile(Path root, Path file) {

  /**
   * Validates the components.
   *
   * @param root the root
   * @param file the transcript
   */
  public SampleFile {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(file, "file");
  }

  /**
   * A sample below a root.
   *
   * @param root the root
   * @param relativePath the file's path below the root, with {@code /} separators
   * @return the sample
   */
  public static SampleFile of(Path root, String relativePath) {
    return new SampleFile(root, root.resolve(relativePath));
  }

  /**
   * A directory of test resources, as a path (the resources must be files, not inside a jar).
   *
   * @param anchor a class whose class loader or module holds the resources
   * @param name an absolute resource name, for example {@code /acme-home/.acme/sessions}
   * @return the directory
   * @throws IllegalArgumentException if there is no such resource on the file system
   */
  public static Path resourceDirectory(Class<?> anchor, String name) {
    URL url = anchor.getResource(name);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IllegalArgumentException("no resource directory " + name + " next to " + anchor.getName());
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("resource " + name + " has no file path", e);
    }
  }

  @Override
  public String toString() {
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    return rel.toString();
  }
}
