package io.github.cream.core;

import io.github.cream.api.Diagnostic;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a run of {@link Cream#enrich} did.
 *
 * @param enrichers one line of counts per enricher that ran
 * @param interrupted whether the run was interrupted before it asked about every key (what it received is kept, and
 *     the next run asks only about the rest)
 * @param diagnostics what went wrong or was worth saying (a missing credential, a refused key, failures); never a
 *     credential, never log content
 * @param elapsed how long the run took
 */
public record EnrichResult(List<Counts> enrichers, boolean interrupted, List<Diagnostic> diagnostics,
    Duration elapsed) {

  /**
   * Validates and copies the components.
   *
   * @param enrichers counts per enricher
   * @param interrupted whether the run was interrupted
   * @param diagnostics problems
   * @param elapsed how long it took
   */
  public EnrichResult {
    enrichers = List.copyOf(enrichers);
    diagnostics = List.copyOf(diagnostics);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * One enricher's counts.
   *
   * @param enricher the enricher id
   * @param calls counted calls this enricher has a key for
   * @param keys distinct keys of those calls
   * @param known keys answered by an earlier run, not asked again
   * @param givenUp keys earlier runs asked about the allowed number of times without an answer, not asked again
   * @param asked keys this run asked about
   * @param found keys this run found
   * @param notFound keys the service did not know (yet): asked again by a later run, a bounded number of times
   * @param failed keys whose asking failed in this run (after its retries): asked again by a later run, bounded
   * @param unasked keys this run did not get to (interrupted, or the credential was refused)
   * @param requests requests made, retries included
   * @param enrichedCalls counted calls with an answer after this run
   */
  public record Counts(
      String enricher,
      long calls,
      long keys,
      long known,
      long givenUp,
      long asked,
      long found,
      long notFound,
      long failed,
      long unasked,
      long requests,
      long enrichedCalls) {

    /**
     * Validates the id.
     *
     * @param enricher enricher id
     * @param calls calls with a key
     * @param keys distinct keys
     * @param known keys answered before
     * @param givenUp keys given up before
     * @param asked keys asked
     * @param found keys found
     * @param notFound keys not found
     * @param failed keys failed
     * @param unasked keys not reached
     * @param requests requests made
     * @param enrichedCalls calls enriched after the run
     */
    public Counts {
      Objects.requireNonNull(enricher, "enricher");
    }
  }
}
