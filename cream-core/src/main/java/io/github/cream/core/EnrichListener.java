package io.github.cream.core;

/**
 * Hears how far {@link Cream#enrich} got, for a progress line on long runs. Called from the run's worker threads,
 * one call at a time, after each key is settled (found, not found, failed or given up for this run).
 */
@FunctionalInterface
public interface EnrichListener {

  /** A listener that hears nothing. */
  EnrichListener NONE = (done, total) -> {};

  /**
   * One more key was settled.
   *
   * @param done keys settled so far in this run
   * @param total keys this run asks about
   */
  void progress(long done, long total);
}
