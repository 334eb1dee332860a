package io.github.cream.spi;

import io.github.cream.api.Environment;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
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
    String text = relativeText();
    if (text != null) {
      return text;
    }
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
   * The relative path cut from the paths' text, when that text already is the answer (a scan asks once per file,
   * and relativizing makes a path object per element of both paths): on the default file system with {@code /}
   * separators, both paths absolute, the file's text the root's followed by {@code /} and more, and no {@code .} or
   * {@code ..} element in it, which relativizing would treat otherwise. Else null.
   */
  private String relativeText() {
    FileSystem fs = FileSystems.getDefault();
    if (file.getFileSystem() != fs || root.getFileSystem() != fs || !fs.getSeparator().equals("/")
        || !file.isAbsolute() || !root.isAbsolute()) {
      return null;
    }
    String r = root.toString();
    String f = file.toString();
    int n = r.length();
    if (n < 2 || f.length() <= n + 1 || f.charAt(n) != '/' || !f.startsWith(r) || hasDotElement(f)) {
      return null;
    }
    return f.substring(n + 1);
  }

  /** Whether an absolute {@code /}-separated path has a {@code .} or {@code ..} element. */
  private static boolean hasDotElement(String path) {
    for (int i = path.indexOf("/."); i >= 0; i = path.indexOf("/.", i + 1)) {
      int j = i + 2;
      if (j < path.length() && path.charAt(j) == '.') {
        j++;
      }
      if (j == path.length() || path.charAt(j) == '/') {
        return true;
      }
    }
    return false;
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
