package io.github.cream.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One billed model call, as read from an agent's log, in cream's normalized token meaning.
 *
 * <p>Sources emit records; the engine deduplicates them (see {@link DedupKey}), prices them and folds them into
 * {@link UsageTotals}. A record holds no prompt or output text.
 *
 * <pre>{@code
 * UsageRecord r = UsageRecord.builder()
 *     .source("claude").provider("anthropic").model("claude-opus-4-6")
 *     .sessionId("258c7280-ae70-4798-800f-63464d01a85d")
 *     .project("/home/me/projects/spotter")
 *     .timestamp(Instant.parse("2026-02-10T21:11:59.186Z"))
 *     .tokens(new TokenCounts(3, 11_515, 0, 13_835, 13, 0))
 *     .messageId("msg_01MKH1ccEGrZGNPvu8pYiiQa").requestId("req_011CY15QS2LGwAeBxdfa6e1V")
 *     .dedupKey(new DedupKey("msg_01MKH1ccEGrZGNPvu8pYiiQa", "req_011CY15QS2LGwAeBxdfa6e1V", 0))
 *     .origin(line.origin())
 *     .build();
 * }</pre>
 *
 * @param source id of the source that read it ({@code claude}, {@code codex}, {@code pi}, ...)
 * @param provider who served and billed the call ({@code anthropic}, {@code openai}, {@code openrouter}, ...),
 *     lowercase
 * @param model the model id as the log names it; the price table resolves aliases
 * @param sessionId the session the call belongs to, as the source identifies sessions
 * @param project the working directory of the session, if the log names one
 * @param timestamp when the call was made (the earliest time the log gives for it)
 * @param tokens the call's tokens, normalized
 * @param recordedCost the cost the agent wrote into its log, if any
 * @param messageId the provider's message or response id, if logged
 * @param requestId the provider's request id, if logged
 * @param dedupKey which other records are copies of this call, if any can exist
 * @param flags facts about the call
 * @param serviceTier the pricing tier the call ran at: {@code standard}, or for example {@code fast},
 *     {@code priority}, {@code flex}, {@code batch}
 * @param origin the file and line it was read from
 */
public record UsageRecord(
    String source,
    String provider,
    String model,
    String sessionId,
    Optional<String> project,
    Instant timestamp,
    TokenCounts tokens,
    Optional<Money> recordedCost,
    Optional<String> messageId,
    Optional<String> requestId,
    Optional<DedupKey> dedupKey,
    Set<RecordFlag> flags,
    String serviceTier,
    Origin origin) {

  /** The service tier of an ordinary call. */
  public static final String STANDARD_TIER = "standard";

  /**
   * Validates the components and copies the flags.
   *
   * @param source source id
   * @param provider provider id
   * @param model model id
   * @param sessionId session id
   * @param project working directory
   * @param timestamp when the call was made
   * @param tokens the call's tokens
   * @param recordedCost the cost the agent recorded
   * @param messageId provider message id
   * @param requestId provider request id
   * @param dedupKey copies key
   * @param flags facts about the call
   * @param serviceTier pricing tier
   * @param origin where it was read
   */
  public UsageRecord {
    requireId("source", source);
    requireId("provider", provider);
    requireText("model", model);
    requireText("sessionId", sessionId);
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(recordedCost, "recordedCost");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(flags, "flags");
    requireText("serviceTier", serviceTier);
    Objects.requireNonNull(origin, "origin");
    flags = flags.isEmpty() ? Set.of() : flagSet(flags);
    recordedCost.ifPresent(
        c -> {
          if (c.nanos() < 0) {
            throw new IllegalArgumentException("recordedCost must not be negative, was " + c);
          }
        });
  }

  private static void requireId(String name, String value) {
    Objects.requireNonNull(value, name);
    if (!isId(value)) {
      throw new IllegalArgumentException(name + " must be a lowercase id, was '" + value + "'");
    }
  }

  /** {@code [a-z0-9][a-z0-9._-]*}, checked without a regex: records are built by the million. */
  private static boolean isId(String v) {
    int n = v.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void requireText(String name, String value) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** Every set of flags, as an immutable set, by the bit mask of the flags' ordinals: records share them. */
  private static final List<Set<RecordFlag>> FLAG_SETS = flagSets();

  private static List<Set<RecordFlag>> flagSets() {
    RecordFlag[] all = RecordFlag.values();
    List<Set<RecordFlag>> sets = new ArrayList<>(1 << all.length);
    for (int mask = 0; mask < 1 << all.length; mask++) {
      EnumSet<RecordFlag> set = EnumSet.noneOf(RecordFlag.class);
      for (RecordFlag f : all) {
        if ((mask & (1 << f.ordinal())) != 0) {
          set.add(f);
        }
      }
      sets.add(Set.copyOf(set));
    }
    return List.copyOf(sets);
  }

  private static final RecordFlag[] FLAGS = RecordFlag.values();

  /** The shared immutable set holding the given flags (a null flag throws, as copying would). */
  private static Set<RecordFlag> flagSet(Set<RecordFlag> flags) {
    // asked flag by flag rather than iterated: a set's iterator is an object per record
    int mask = 0;
    for (RecordFlag f : FLAGS) {
      if (flags.contains(f)) {
        mask |= 1 << f.ordinal();
      }
    }
    if (Integer.bitCount(mask) != flags.size()) {
      // something else than flags (a null): iterated, so that it throws as before
      mask = 0;
      for (RecordFlag f : flags) {
        mask |= 1 << f.ordinal();
      }
    }
    return FLAG_SETS.get(mask);
  }

  /**
   * Whether the record carries a flag.
   *
   * @param flag the flag
   * @return true if set
   */
  public boolean has(RecordFlag flag) {
    return flags.contains(flag);
  }

  /**
   * A builder for a new record.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder pre-filled with this record's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.source = source;
    b.provider = provider;
    b.model = model;
    b.sessionId = sessionId;
    b.project = project;
    b.timestamp = timestamp;
    b.tokens = tokens;
    b.recordedCost = recordedCost;
    b.messageId = messageId;
    b.requestId = requestId;
    b.dedupKey = dedupKey;
    b.flags = flags.isEmpty() ? null : EnumSet.copyOf(flags);
    b.serviceTier = serviceTier;
    b.origin = origin;
    return b;
  }

  /**
   * This record dated at another instant.
   *
   * @param instant the new timestamp
   * @return a copy
   */
  public UsageRecord withTimestamp(Instant instant) {
    return new UsageRecord(
        source, provider, model, sessionId, project, instant, tokens, recordedCost, messageId, requestId, dedupKey,
        flags, serviceTier, origin);
  }

  /** Builds a {@link UsageRecord}; not thread-safe. */
  public static final class Builder {
    private String source;
    private String provider;
    private String model;
    private String sessionId;
    private Optional<String> project = Optional.empty();
    private Instant timestamp;
    private TokenCounts tokens;
    private Optional<Money> recordedCost = Optional.empty();
    private Optional<String> messageId = Optional.empty();
    private Optional<String> requestId = Optional.empty();
    private Optional<DedupKey> dedupKey = Optional.empty();
    /** Null until a flag is added: most records have none, and a record keeps a shared set anyway. */
    private EnumSet<RecordFlag> flags;
    private String serviceTier = STANDARD_TIER;
    private Origin origin;

    private Builder() {}

    /**
     * Sets the source id.
     *
     * @param value source id
     * @return this builder
     */
    public Builder source(String value) {
      this.source = value;
      return this;
    }

    /**
     * Sets the provider.
     *
     * @param value provider id, lowercase
     * @return this builder
     */
    public Builder provider(String value) {
      this.provider = value;
      return this;
    }

    /**
     * Sets the model.
     *
     * @param value model id as logged
     * @return this builder
     */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    /**
     * Sets the session id.
     *
     * @param value session id
     * @return this builder
     */
    public Builder sessionId(String value) {
      this.sessionId = value;
      return this;
    }

    /**
     * Sets the project (working directory); blank means none.
     *
     * @param value the directory, or null or blank for none
     * @return this builder
     */
    public Builder project(String value) {
      this.project = value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
      return this;
    }

    /**
     * Sets when the call was made.
     *
     * @param value the instant
     * @return this builder
     */
    public Builder timestamp(Instant value) {
      this.timestamp = value;
      return this;
    }

    /**
     * Sets the tokens.
     *
     * @param value normalized counts
     * @return this builder
     */
    public Builder tokens(TokenCounts value) {
      this.tokens = value;
      return this;
    }

    /**
     * Sets the cost the agent recorded.
     *
     * @param value the recorded cost, or null for none
     * @return this builder
     */
    public Builder recordedCost(Money value) {
      this.recordedCost = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the provider's message or response id; blank means none.
     *
     * @param value the id, or null or blank
     * @return this builder
     */
    public Builder messageId(String value) {
      this.messageId = value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
      return this;
    }

    /**
     * Sets the provider's request id; blank means none.
     *
     * @param value the id, or null or blank
     * @return this builder
     */
    public Builder requestId(String value) {
      this.requestId = value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
      return this;
    }

    /**
     * Sets the deduplication key.
     *
     * @param value the key, or null for a record that is never a copy
     * @return this builder
     */
    public Builder dedupKey(DedupKey value) {
      this.dedupKey = Optional.ofNullable(value);
      return this;
    }

    /**
     * Adds a flag.
     *
     * @param flag the flag
     * @return this builder
     */
    public Builder flag(RecordFlag flag) {
      Objects.requireNonNull(flag, "flag");
      if (flags == null) {
        flags = EnumSet.noneOf(RecordFlag.class);
      }
      flags.add(flag);
      return this;
    }

    /**
     * Replaces the flags.
     *
     * @param value the flags
     * @return this builder
     */
    public Builder flags(Collection<RecordFlag> value) {
      this.flags = value.isEmpty() ? null : EnumSet.copyOf(value);
      return this;
    }

    /**
     * Sets the pricing tier; null or blank means {@value UsageRecord#STANDARD_TIER}.
     *
     * @param value the tier
     * @return this builder
     */
    public Builder serviceTier(String value) {
      this.serviceTier = value == null || value.isBlank() ? STANDARD_TIER : value;
      return this;
    }

    /**
     * Sets where the record was read.
     *
     * @param value the origin
     * @return this builder
     */
    public Builder origin(Origin value) {
      this.origin = value;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return the record
     * @throws NullPointerException if a required value is missing
     * @throws IllegalArgumentException if a value is invalid
     */
    public UsageRecord build() {
      return new UsageRecord(
          source, provider, model, sessionId, project, timestamp, tokens, recordedCost, messageId, requestId,
          dedupKey, flags == null ? Set.of() : flags, serviceTier, origin);
    }
  }
}
