package io.github.cream.spi;

import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the engine offers a {@link Source} while it lists the files under a root: a safe directory walk and a
 * place to report problems.
 */
public interface DiscoveryContext {

  /**
   * The environment of the scan.
   *
   * @return the environment
   */
  Environment environment();

  /**
   * The regular files below a directory, at any depth, that {@code accept} takes, sorted by path. Symbolic links
   * to directories are followed once (a link loop is reported, not followed again); directories that cannot be
   * read are reported and skipped. A directory that does not exist gives an empty list and no problem.
   *
   * @param directory where to look
   * @param accept which files to keep; receives the file's path
   * @return the files
   */
  List<Path> files(Path directory, Predicate<Path> accept);

  /**
   * Reports a problem found while discovering.
   *
   * @param severity how much it matters
   * @param code stable code prefixed with the source id
   * @param message fixed sentence, never content read from a file
   * @param path the file or directory concerned
   */
  void problem(Severity severity, String code, String message, Path path);

  /**
   * Whether a file name ends in {@code .jsonl}.
   *
   * @param file a path
   * @return true for {@code *.jsonl}
   */
  static boolean isJsonl(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().endsWith(".jsonl");
  }
}
