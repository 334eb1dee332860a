package io.github.cream.core;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.SessionSummary;
import java.util.Objects;
import java.util.Optional;

/**
 * A session and its prompt-cache verdict at one instant.
 *
 * @param session the session
 * @param provider the provider of the session's latest call, whose cache the verdict is about
 * @param model the model of the session's latest call
 * @param verdict warm, cold or unknown, with expiry and resume costs
 * @param upstreamProvider the provider that really served the latest call, where it was routed and an enrichment
 *     said (the cache strategy judged the cache of that provider)
 */
public record SessionCache(
    SessionSummary session, String provider, String model, CacheVerdict verdict, Optional<String> upstreamProvider) {

  /**
   * Validates the components.
   *
   * @param session the session
   * @param provider provider id
   * @param model model id
   * @param verdict the verdict
   * @param upstreamProvider upstream provider id
   */
  public SessionCache {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(upstreamProvider, "upstreamProvider");
  }

  /**
   * A verdict about a call with no known upstream provider.
   *
   * @param session the session
   * @param provider provider id
   * @param model model id
   * @param verdict the verdict
   */
  public SessionCache(SessionSummary session, String provider, String model, CacheVerdict verdict) {
    this(session, provider, model, verdict, Optional.empty());
  }
}
