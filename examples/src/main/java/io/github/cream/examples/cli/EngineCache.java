package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Engines kept between the commands of a long-lived process (the statusline server), so that a command finds the
 * scan index its engine last read or wrote still decoded in memory.
 *
 * <p>An engine is kept for exactly what it was built from: the command's whole environment, the sources it was
 * asked for, and the price overrides file as it was on disk (a {@code cream prices import} in between builds a new
 * engine). At most {@link #CAPACITY} engines are kept, the least recently used one dropped first.
 */
final class EngineCache {

  /** How many engines are kept: one per agent window that shows a status line, about. */
  static final int CAPACITY = 4;

  private final Map<List<Object>, Cream> engines = new LinkedHashMap<>(8, 0.75f, true);

  /**
   * The engine for an environment and sources: the kept one, else a new one, kept.
   *
   * @param env the command's environment
   * @param sources which sources ("" for every source)
   * @param make builds the engine when none is kept
   * @return the engine
   */
  Cream get(Environment env, String sources, Supplier<Cream> make) {
    List<Object> key = List.of(env.variables(), env.home().toString(), sources, prices(env));
    synchronized (engines) {
      Cream kept = engines.get(key);
      if (kept != null) {
        return kept;
      }
    }
    Cream made = Objects.requireNonNull(make.get(), "engine");
    synchronized (engines) {
      Cream raced = engines.putIfAbsent(key, made);
      if (raced != null) {
        return raced;
      }
      while (engines.size() > CAPACITY) {
        engines.remove(engines.keySet().iterator().next());
      }
      return made;
    }
  }

  /** How many engines are kept. */
  int size() {
    synchronized (engines) {
      return engines.size();
    }
  }

  /** The price overrides file's identity (size and modification time), or "none". */
  private static String prices(Environment env) {
    Path file = env.configHome().resolve("cream").resolve("prices.json");
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + ":" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + ":" + a.fileKey();
    } catch (IOException | RuntimeException e) {
      return "none";
    }
  }
}
