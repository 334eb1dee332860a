package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plug-in jars beyond the class path, so that {@code java -jar cream.jar} and the launcher (which runs the same jar)
 * find them with no {@code -cp}: the jars in {@code $XDG_CONFIG_HOME/cream/plugins} (default
 * {@code ~/.config/cream/plugins}), then the entries of {@code CREAM_CLASSPATH} (separated by the platform's path
 * separator; a jar, or a folder whose jars are taken). Without any, nothing is loaded and nothing is slower.
 */
final class PluginPath {

  private PluginPath() {}

  /**
   * The plug-in jars the environment names, in order: the plug-in folder's (sorted by name), then
   * {@code CREAM_CLASSPATH}'s.
   *
   * @param env the environment
   * @return the jars; empty for none
   */
  static List<Path> jars(Environment env) {
    List<Path> out = new ArrayList<>();
    addFolder(env.configHome().resolve("cream").resolve("plugins"), out);
    for (String entry : env.get("CREAM_CLASSPATH").orElse("").split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        addFolder(p, out);
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * A class loader over the plug-in jars, with the CLI's as its parent; the parent itself when there are none.
   *
   * @param env the environment
   * @param parent the CLI's class loader
   * @return the loader to discover sources and cache strategies with
   */
  static ClassLoader loader(Environment env, ClassLoader parent) {
    List<Path> jars = jars(env);
    if (jars.isEmpty()) {
      return parent;
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return new URLClassLoader("cream-plugins", urls, parent);
  }

  private static void addFolder(Path dir, List<Path> out) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
      s.forEach(p -> {
        if (Files.isRegularFile(p)) {
          jars.add(p);
        }
      });
    } catch (IOException e) {
      // an unreadable folder adds no plug-ins; the command runs with the others, and says so
      System.err.println("cream: warning: the plug-in folder " + dir + " could not be read ("
          + e.getClass().getSimpleName() + ")");
      return;
    }
    jars.sort(null);
    out.addAll(jars);
  }
}
