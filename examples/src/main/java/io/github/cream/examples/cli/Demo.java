package io.github.cream.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded demo history: small synthetic logs of Claude Code, Codex CLI, Pi and OpenClaw, each in its agent's
 * real on-disk format, under a home directory. {@link #extract()} writes them to a fresh temporary directory that
 * serves as {@code $HOME}, so every source finds them under its default roots.
 *
 * <p>The history runs from Friday 2026-02-27 to Monday 2026-03-02; the demo's clock is fixed shortly after its last
 * call, at {@link #NOW}, so that the output is the same on every machine and run.
 */
public final class Demo implements AutoCloseable {

  /**
   * The demo's fixed clock: a few minutes after the last call, inside the still active last block, while the prompt
   * cache of the latest Claude Code session (written for one hour) is still warm.
   */
  public static final Instant NOW = Instant.parse("2026-03-02T13:00:00Z");

  private static final String BASE = "/io/github/cream/examples/demo/";

  private final Path home;
  private final Thread cleanup;

  private Demo(Path home) {
    this.home = home;
    this.cleanup = new Thread(() -> delete(home), "cream-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /**
   * Writes the demo history to a new temporary directory, deleted by {@link #close()} (or, failing that, when the
   * JVM exits).
   *
   * @return the demo home
   * @throws IOException if the directory cannot be written
   */
  public static Demo extract() throws IOException {
    Path dir = Files.createTempDirectory("cream-demo-");
    Demo demo = new Demo(dir);
    try {
      for (String rel : files()) {
        Path target = dir.resolve(target(rel)).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("demo file outside the demo home: " + rel);
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = Demo.class.getResourceAsStream(BASE + "home/" + rel)) {
          if (in == null) {
            throw new IOException("demo file missing from the jar: " + rel);
          }
          Files.copy(in, target);
        }
      }
    } catch (IOException | RuntimeException e) {
      demo.close();
      throw e;
    }
    return demo;
  }

  /**
   * The demo files, as paths below the demo home's resource folder.
   *
   * @return the relative resource paths
   * @throws IOException if the index cannot be read
   */
  static List<String> files() throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = Demo.class.getResourceAsStream(BASE + "files.txt")) {
      if (in == null) {
        throw new IOException("the demo index is missing from the jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /**
   * Where a resource goes below the demo home: a leading {@code _} of a path element stands for the {@code .} of a
   * hidden directory ({@code _claude/projects/...} is {@code .claude/projects/...}).
   *
   * @param rel the resource path
   * @return the path below the home
   */
  static String target(String rel) {
    StringBuilder sb = new StringBuilder();
    for (String part : rel.split("/")) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part.startsWith("_") ? "." + part.substring(1) : part);
    }
    return sb.toString();
  }

  /**
   * The demo home.
   *
   * @return the directory to use as {@code $HOME}
   */
  public Path home() {
    return home;
  }

  /** Deletes the demo home. */
  @Override
  public void close() {
    delete(home);
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs anyway
    }
  }

  /**
   * Deletes a directory and everything in it, as far as it can: a temporary directory (best effort).
   *
   * @param dir the directory; nothing happens when it does not exist
   */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temporary directory
    }
  }
}
