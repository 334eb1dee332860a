package io.github.cream.spi;

import io.github.cream.api.Enrichment;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one request of an {@link Enricher} gave: the enrichment, "not known (yet)", "ask again later", a failure, or
 * a refusal of the credential. Reasons are fixed sentences, never the service's answer or the credential.
 */
public final class EnrichmentAnswer {

  /** The kinds of answer, and what the engine does with each. */
  public enum Kind {
    /** The service knows the call: the enrichment is kept and the key is never asked again. */
    FOUND,
    /**
     * The service does not know the key, or not yet (OpenRouter answers 404 for a generation whose record is not
     * written yet): asked again by a later run, a bounded number of times.
     */
    NOT_FOUND,
    /**
     * A transient failure (rate limited, a server error, a timeout, a dropped connection): asked again in this run
     * after a backoff (at least {@link #retryAfter()} when given), a bounded number of times, then left for a
     * later run.
     */
    RETRY,
    /** A failure that asking again at once would not fix (a malformed or oversized answer): left for a later run. */
    FAILED,
    /** The service refused the credential: the run stops, nothing more is asked. */
    REFUSED
  }

  private static final EnrichmentAnswer NOT_FOUND =
      new EnrichmentAnswer(Kind.NOT_FOUND, null, null, "the service does not know the id (yet)");

  private final Kind kind;
  private final Enrichment enrichment;
  private final Duration retryAfter;
  private final String reason;

  private EnrichmentAnswer(Kind kind, Enrichment enrichment, Duration retryAfter, String reason) {
    this.kind = kind;
    this.enrichment = enrichment;
    this.retryAfter = retryAfter;
    this.reason = reason;
  }

  /**
   * The service knows the call.
   *
   * @param enrichment what it says
   * @return the answer
   */
  public static EnrichmentAnswer found(Enrichment enrichment) {
    return new EnrichmentAnswer(Kind.FOUND, Objects.requireNonNull(enrichment, "enrichment"), null, "found");
  }

  /**
   * The service does not know the key, or not yet.
   *
   * @return the answer
   */
  public static EnrichmentAnswer notFound() {
    return NOT_FOUND;
  }

  /**
   * A transient failure: ask again later.
   *
   * @param reason a fixed sentence
   * @param retryAfter how long the service asked to wait, if it said
   * @return the answer
   */
  public static EnrichmentAnswer retry(String reason, Optional<Duration> retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    Duration after = retryAfter.filter(d -> !d.isNegative()).orElse(null);
    return new EnrichmentAnswer(Kind.RETRY, null, after, Objects.requireNonNull(reason, "reason"));
  }

  /**
   * A failure that asking again at once would not fix.
   *
   * @param reason a fixed sentence
   * @return the answer
   */
  public static EnrichmentAnswer failed(String reason) {
    return new EnrichmentAnswer(Kind.FAILED, null, null, Objects.requireNonNull(reason, "reason"));
  }

  /**
   * The service refused the credential.
   *
   * @param reason a fixed sentence
   * @return the answer
   */
  public static EnrichmentAnswer refused(String reason) {
    return new EnrichmentAnswer(Kind.REFUSED, null, null, Objects.requireNonNull(reason, "reason"));
  }

  /**
   * The kind of answer.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * What the service said about the call.
   *
   * @return the enrichment, for {@link Kind#FOUND} only
   */
  public Optional<Enrichment> enrichment() {
    return Optional.ofNullable(enrichment);
  }

  /**
   * How long the service asked to wait before asking again.
   *
   * @return the wait, for {@link Kind#RETRY} when the service said
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Why, as a fixed sentence.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "EnrichmentAnswer[" + kind + ", " + reason + (retryAfter != null ? ", retry after " + retryAfter : "")
        + "]";
  }
}
