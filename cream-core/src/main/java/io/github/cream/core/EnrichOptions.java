package io.github.cream.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link Cream#enrich} asks the enrichers' services: credentials, where the services are, and how fast and how
 * often to ask. Immutable; {@link #toString()} never shows a credential.
 *
 * <pre>{@code
 * Cream cream = Cream.builder()
 *     .enrich(EnrichOptions.builder().concurrency(2).requestsPerSecond(5).build())  // key: OPENROUTER_API_KEY
 *     .build();
 * EnrichResult r = cream.enrich((done, total) -> System.err.printf("%d of %d%n", done, total));
 * }</pre>
 *
 * <p>A credential comes from, in this order: {@link Builder#credential}, {@link Builder#credentialFile}, the
 * enricher's environment variable ({@code OPENROUTER_API_KEY}), the file {@code $XDG_CONFIG_HOME/cream/<id>.key}
 * (for OpenRouter {@code ~/.config/cream/openrouter.key}). Only the first line of a key file is read, trimmed.
 */
public final class EnrichOptions {

  /** Requests in flight at once, by default. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** Requests started per second at most, by default. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 8;

  /** The longest wait for one answer, by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

  /** Requests about one key in one run (the first and its retries), by default. */
  public static final int DEFAULT_ATTEMPTS = 4;

  /** Runs that ask about a key the service did not know (or that failed), by default, before it is given up. */
  public static final int DEFAULT_RUNS_PER_KEY = 3;

  /** The largest answer read, by default. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

  /** The longest wait a {@code Retry-After} is honoured for, by default; longer ones are cut to it. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final Map<String, String> credentials;
  private final Map<String, Path> credentialFiles;
  private final Map<String, URI> baseUris;
  private final Set<String> only;
  private final int concurrency;
  private final double requestsPerSecond;
  private final Duration timeout;
  private final int attempts;
  private final int runsPerKey;
  private final int maxResponseBytes;
  private final Duration maxRetryAfter;
  private final Duration initialBackoff;

  private EnrichOptions(Builder b) {
    this.credentials = Map.copyOf(b.credentials);
    this.credentialFiles = Map.copyOf(b.credentialFiles);
    this.baseUris = Map.copyOf(b.baseUris);
    this.only = b.only == null ? null : Set.copyOf(b.only);
    this.concurrency = b.concurrency;
    this.requestsPerSecond = b.requestsPerSecond;
    this.timeout = b.timeout;
    this.attempts = b.attempts;
    this.runsPerKey = b.runsPerKey;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxRetryAfter = b.maxRetryAfter;
    this.initialBackoff = b.initialBackoff;
  }

  /**
   * The defaults: every enricher found, credentials from the environment or key files.
   *
   * @return the default options
   */
  public static EnrichOptions defaults() {
    return builder().build();
  }

  /**
   * A builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The credential given explicitly for an enricher.
   *
   * @param enricher the enricher id
   * @return the credential, if one was given
   */
  public Optional<String> credential(String enricher) {
    return Optional.ofNullable(credentials.get(enricher));
  }

  /**
   * The key file named for an enricher.
   *
   * @param enricher the enricher id
   * @return the file, if one was named
   */
  public Optional<Path> credentialFile(String enricher) {
    return Optional.ofNullable(credentialFiles.get(enricher));
  }

  /**
   * The base URI given for an enricher's service.
   *
   * @param enricher the enricher id
   * @return the base, if one was given (else the enricher's default)
   */
  public Optional<URI> baseUri(String enricher) {
    return Optional.ofNullable(baseUris.get(enricher));
  }

  /**
   * Whether an enricher runs.
   *
   * @param enricher the enricher id
   * @return true unless {@link Builder#only} left it out
   */
  public boolean runs(String enricher) {
    return only == null || only.contains(enricher);
  }

  /**
   * Requests in flight at once.
   *
   * @return at least 1
   */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Requests started per second at most, retries included.
   *
   * @return a positive rate
   */
  public double requestsPerSecond() {
    return requestsPerSecond;
  }

  /**
   * The longest wait for one whole answer.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Requests about one key in one run: the first and its retries after a transient failure.
   *
   * @return at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Runs that ask about a key the service did not know, or whose asking failed, before it is given up.
   *
   * @return at least 1
   */
  public int runsPerKey() {
    return runsPerKey;
  }

  /**
   * The largest answer read.
   *
   * @return bytes
   */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * The longest {@code Retry-After} honoured; longer ones are cut to it.
   *
   * @return the cap
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * The wait before the first retry of a key; each further retry waits twice as long (at most 30 s).
   *
   * @return the first backoff
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The settings, without credentials.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "EnrichOptions[credentials for " + credentials.keySet() + ", key files for " + credentialFiles.keySet()
        + ", baseUris=" + baseUris + ", only=" + only + ", concurrency=" + concurrency + ", requestsPerSecond="
        + requestsPerSecond + ", timeout=" + timeout + ", attempts=" + attempts + ", runsPerKey=" + runsPerKey + "]";
  }

  /** Builds {@link EnrichOptions}; not thread-safe. */
  public static final class Builder {
    private final Map<String, String> credentials = new HashMap<>();
    private final Map<String, Path> credentialFiles = new HashMap<>();
    private final Map<String, URI> baseUris = new HashMap<>();
    private Set<String> only;
    private int concurrency = DEFAULT_CONCURRENCY;
    private double requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
    private Duration timeout = DEFAULT_TIMEOUT;
    private int attempts = DEFAULT_ATTEMPTS;
    private int runsPerKey = DEFAULT_RUNS_PER_KEY;
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
    private Duration initialBackoff = Duration.ofMillis(500);

    private Builder() {}

    /**
     * The credential (API key) for an enricher, instead of its environment variable or key file.
     *
     * @param enricher the enricher id ({@code openrouter})
     * @param key the key
     * @return this builder
     */
    public Builder credential(String enricher, String key) {
      Objects.requireNonNull(enricher, "enricher");
      Objects.requireNonNull(key, "key");
      if (key.isBlank()) {
        throw new IllegalArgumentException("the credential of '" + enricher + "' is blank");
      }
      credentials.put(enricher, key.strip());
      return this;
    }

    /**
     * A file holding the credential for an enricher (its first line), instead of its environment variable.
     *
     * @param enricher the enricher id
     * @param file the key file
     * @return this builder
     */
    public Builder credentialFile(String enricher, Path file) {
      credentialFiles.put(Objects.requireNonNull(enricher, "enricher"), Objects.requireNonNull(file, "file"));
      return this;
    }

    /**
     * Another base URI for an enricher's service (a proxy, a test server).
     *
     * @param enricher the enricher id
     * @param base the base URI, {@code http} or {@code https}
     * @return this builder
     */
    public Builder baseUri(String enricher, URI base) {
      Objects.requireNonNull(enricher, "enricher");
      Objects.requireNonNull(base, "base");
      String scheme = base.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null) {
        throw new IllegalArgumentException("the base URI of '" + enricher + "' must be an http or https URL");
      }
      baseUris.put(enricher, base);
      return this;
    }

    /**
     * Runs only these enrichers.
     *
     * @param ids enricher ids
     * @return this builder
     */
    public Builder only(Set<String> ids) {
      this.only = Set.copyOf(ids);
      return this;
    }

    /**
     * Requests in flight at once; 4 by default.
     *
     * @param value 1 to 64
     * @return this builder
     */
    public Builder concurrency(int value) {
      if (value < 1 || value > 64) {
        throw new IllegalArgumentException("concurrency must be 1 to 64, was " + value);
      }
      this.concurrency = value;
      return this;
    }

    /**
     * Requests started per second at most, retries included; 8 by default.
     *
     * @param value positive, at most 1000
     * @return this builder
     */
    public Builder requestsPerSecond(double value) {
      if (!(value > 0) || value > 1000) {
        throw new IllegalArgumentException("requestsPerSecond must be above 0 and at most 1000, was " + value);
      }
      this.requestsPerSecond = value;
      return this;
    }

    /**
     * The longest wait for one whole answer; 20 s by default. A request past it is a transient failure.
     *
     * @param value positive
     * @return this builder
     */
    public Builder timeout(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + value);
      }
      this.timeout = value;
      return this;
    }

    /**
     * Requests about one key in one run, the first one and its retries; 4 by default.
     *
     * @param value 1 to 20
     * @return this builder
     */
    public Builder attempts(int value) {
      if (value < 1 || value > 20) {
        throw new IllegalArgumentException("attempts must be 1 to 20, was " + value);
      }
      this.attempts = value;
      return this;
    }

    /**
     * Runs that ask about a key the service did not know (or whose asking failed) before it is given up; 3 by
     * default.
     *
     * @param value 1 to 100
     * @return this builder
     */
    public Builder runsPerKey(int value) {
      if (value < 1 || value > 100) {
        throw new IllegalArgumentException("runsPerKey must be 1 to 100, was " + value);
      }
      this.runsPerKey = value;
      return this;
    }

    /**
     * The largest answer read; 1 MiB by default. A larger answer is a failure.
     *
     * @param value at least 1024
     * @return this builder
     */
    public Builder maxResponseBytes(int value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1024, was " + value);
      }
      this.maxResponseBytes = value;
      return this;
    }

    /**
     * The longest {@code Retry-After} honoured; 2 minutes by default. A longer one is cut to it.
     *
     * @param value not negative
     * @return this builder
     */
    public Builder maxRetryAfter(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must not be negative, was " + value);
      }
      this.maxRetryAfter = value;
      return this;
    }

    /**
     * The wait before the first retry of a key after a transient failure without {@code Retry-After}; each further
     * retry waits twice as long, at most 30 s. 500 ms by default.
     *
     * @param value not negative
     * @return this builder
     */
    public Builder initialBackoff(Duration value) {
      Objects.requireNonNull(value, "value");
      if (value.isNegative()) {
        throw new IllegalArgumentException("initialBackoff must not be negative, was " + value);
      }
      this.initialBackoff = value;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public EnrichOptions build() {
      return new EnrichOptions(this);
    }
  }
}
