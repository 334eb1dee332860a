package io.github.cream.spi;

import io.github.cream.api.Environment;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which file a {@link LineParser} is opened for, and under which root it was found.
 *
 * @param sourceId the source's id
 * @param root the root the file was discovered under
 * @param file the file
 * @param environment the environment of the scan
 */
public record FileContext(String sourceId, Path root, Path file, Environment environment) {

  /**
   * Validates the components.
   *
   * @param sourceId source id
   * @param root discovery root
   * @param file the file
   * @param environment environment
   */
  public FileContext {
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(environment, "environment");
  }

  /**
   * The file's path relative to the root, with {@code /} separators on every platform, for example
   * {@code -home-me-app/258c7280/subagents/agent-a881341.jsonl}. When the file is not below the root, its full
   * path.
   *
   * @return the relative path
   */
  public String relativePath() {
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  /**
   * The file's name.
   *
   * @return the last element of the path
   */
  public String fileName() {
    Path name = file.getFileName();
    return name == null ? "" : name.toString();
  }
}
