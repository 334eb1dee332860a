package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  /**
   * The save interval a kept engine's status lines read with: never while answering (an engine's first scan saves,
   * as every first scan does); {@link #saveDue} saves after the answer.
   */
  static final Duration UNSAVED = Duration.ofDays(365L * 1000);

  /** How often what a kept engine's status lines read is saved in the index. */
  static final Duration SAVE_INTERVAL = Duration.ofSeconds(30);

  /** A kept engine, the transcript it last read without saving, and when what it read was last saved. */
  private static final class Kept {
    final Cream cream;
    Path transcript;
    long savedNanos;

    Kept(Cream cream) {
      this.cream = cream;
    }
  }

  private final Map<List<Object>, Kept> engines = new LinkedHashMap<>(8, 0.75f, true);

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
      Kept kept = engines.get(key);
      if (kept != null) {
        return kept.cream;
      }
    }
    Cream made = Objects.requireNonNull(make.get(), "engine");
    synchronized (engines) {
      Kept raced = engines.putIfAbsent(key, new Kept(made));
      if (raced != null) {
        return raced.cream;
      }
      while (engines.size() > CAPACITY) {
        engines.remove(engines.keySet().iterator().next());
      }
      return made;
    }
  }

  /**
   * Notes that an engine read a transcript without saving it.
   *
   * @param cream the engine (one this cache keeps; another is ignored)
   * @param transcript the transcript it read
   */
  void read(Cream cream, Path transcript) {
    synchronized (engines) {
      for (Kept k : engines.values()) {
        if (k.cream == cream) {
          if (k.transcript == null) {
            k.savedNanos = System.nanoTime(); // its first scan saved
          }
          k.transcript = transcript;
        }
      }
    }
  }

  /**
   * Saves, for each kept engine whose last save is older than an interval, what it read: called after an answer is
   * written, so that no status line waits for the index to be written.
   *
   * @param interval the least time between two saves of one engine ({@link #SAVE_INTERVAL})
   */
  void saveDue(Duration interval) {
    List<Kept> due = new java.util.ArrayList<>();
    long now = System.nanoTime();
    synchronized (engines) {
      for (Kept k : engines.values()) {
        if (k.transcript != null && Duration.ofNanos(now - k.savedNanos).compareTo(interval) >= 0) {
          due.add(k);
        }
      }
    }
    for (Kept k : due) {
      Path transcript;
      synchronized (engines) {
        transcript = k.transcript;
      }
      synchronized (k.cream) {
        k.cream.scanFromIndex(List.of(transcript), Duration.ZERO);
      }
      synchronized (engines) {
        k.savedNanos = System.nanoTime();
      }
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
