package io.github.cream.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Enricher} is to make one request: where the service is, the credential, how long to wait, and how
 * large an answer may be. Its {@link #toString()} never shows the credential.
 */
public final class EnrichmentRequest {

  private final URI baseUri;
  private final String credential;
  private final Duration timeout;
  private final int maxResponseBytes;

  /**
   * A request's settings.
   *
   * @param baseUri the service's base URI
   * @param credential the API key; empty for a service without one
   * @param timeout the longest wait for the whole answer, positive
   * @param maxResponseBytes the largest answer to read, positive; a larger one is a failure
   */
  public EnrichmentRequest(URI baseUri, String credential, Duration timeout, int maxResponseBytes) {
    this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
    this.credential = Objects.requireNonNull(credential, "credential");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive, was " + maxResponseBytes);
    }
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The service's base URI.
   *
   * @return the base, such as {@code https://openrouter.ai/api/v1}
   */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * A path below the base URI: {@code resolve("generation")} of {@code https://openrouter.ai/api/v1} is
   * {@code https://openrouter.ai/api/v1/generation}, with or without a final slash on the base.
   *
   * @param path a relative path, without a leading slash
   * @return the URI
   */
  public URI resolve(String path) {
    String base = baseUri.toString();
    return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
  }

  /**
   * The API key. Never write it anywhere: not in an answer's reason, an exception, a log line or a file.
   *
   * @return the key; empty for a service without one
   */
  public String credential() {
    return credential;
  }

  /**
   * The longest wait for one whole answer, headers and body.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * The largest answer to read, in bytes.
   *
   * @return the limit
   */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * The settings without the credential.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "EnrichmentRequest[baseUri=" + baseUri + ", timeout=" + timeout + ", maxResponseBytes=" + maxResponseBytes
        + "]";
  }
}
