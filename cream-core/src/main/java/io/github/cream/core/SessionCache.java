package io.github.cream.core;

import io.github.cream.api.CacheVerdict;
import io.github.cream.api.SessionSummary;
import java.util.Objects;

/**
 * A session and its prompt-cache verdict at one instant.
 *
 * @param session the session
 * @param provider the provider of the session's latest call, whose cache the verdict is about
 * @param model the model of the session's latest call
 * @param verdict warm, cold or unknown, with expiry and resume costs
 */
public record SessionCache(SessionSummary session, String provider, String model, CacheVerdict verdict) {

  /**
   * Validates the components.
   *
   * @param session the session
   * @param provider provider id
   * @param model model id
   * @param verdict the verdict
   */
  public SessionCache {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(verdict, "verdict");
  }
}
