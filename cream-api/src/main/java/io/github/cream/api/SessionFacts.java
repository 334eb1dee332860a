package io.github.cream.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one file says about a session: its title, working directory, category, parent and so on.
 *
 * <p>A parser emits facts whenever it learns something new; within one file, the latest emission for a session
 * replaces the earlier ones, so a parser always emits its whole current view, not a delta. Across files (a
 * session whose subagents write files of their own, say), the engine merges field by field: a field comes from
 * the file with the highest {@link #priority()} that knows it, ties going to the first file in path order;
 * {@code firstSeen} is the earliest and {@code lastSeen} the latest of all files; {@code rateLimits} is the one
 * observed last.
 *
 * <pre>{@code
 * sink.session(SessionFacts.builder("claude", sessionId)
 *     .priority(10)                        // the main transcript outranks subagent files
 *     .title("Fix the flaky login test")
 *     .project("/home/me/projects/app")
 *     .category(SessionCategory.INTERACTIVE)
 *     .seen(timestamp)
 *     .build());
 * }</pre>
 *
 * @param source id of the source
 * @param sessionId the session
 * @param priority how authoritative this file is for the session, higher wins
 * @param title a short title: the session's summary or its first prompt, truncated by the source
 * @param project the working directory
 * @param category interactive, subagent, cron or system
 * @param channel where an interactive session came from ({@code telegram}, {@code whatsapp}, {@code direct},
 *     {@code cli}, {@code vscode}, ...)
 * @param cronJob the scheduled job's name, for cron sessions
 * @param parentSessionId the session this one was forked or spawned from
 * @param firstSeen the earliest activity this file shows
 * @param lastSeen the latest activity this file shows
 * @param rateLimits the latest rate-limit state this file shows
 * @param attributes further source-specific facts (for example {@code originator}, {@code version},
 *     {@code gitBranch}); never log content
 */
public record SessionFacts(
    String source,
    String sessionId,
    int priority,
    Optional<String> title,
    Optional<String> project,
    Optional<SessionCategory> category,
    Optional<String> channel,
    Optional<String> cronJob,
    Optional<String> parentSessionId,
    Optional<Instant> firstSeen,
    Optional<Instant> lastSeen,
    Optional<RateLimits> rateLimits,
    Map<String, String> attributes) {

  /**
   * Validates and copies the components.
   *
   * @param source source id
   * @param sessionId session id
   * @param priority authority of the file
   * @param title title
   * @param project working directory
   * @param category category
   * @param channel channel
   * @param cronJob cron job name
   * @param parentSessionId parent session
   * @param firstSeen earliest activity
   * @param lastSeen latest activity
   * @param rateLimits rate-limit state
   * @param attributes further facts
   */
  public SessionFacts {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sessionId, "sessionId");
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException("sessionId must not be blank");
    }
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(cronJob, "cronJob");
    Objects.requireNonNull(parentSessionId, "parentSessionId");
    Objects.requireNonNull(firstSeen, "firstSeen");
    Objects.requireNonNull(lastSeen, "lastSeen");
    Objects.requireNonNull(rateLimits, "rateLimits");
    attributes = Map.copyOf(attributes);
  }

  /**
   * Whether {@code o} is facts with equal components: a record's own equality, written out (the one a record is
   * given makes method handles and classes at run time on its first use, which every new process pays for).
   *
   * @param o another object
   * @return whether every component is equal
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof SessionFacts f
            && priority == f.priority
            && source.equals(f.source)
            && sessionId.equals(f.sessionId)
            && title.equals(f.title)
            && project.equals(f.project)
            && category.equals(f.category)
            && channel.equals(f.channel)
            && cronJob.equals(f.cronJob)
            && parentSessionId.equals(f.parentSessionId)
            && firstSeen.equals(f.firstSeen)
            && lastSeen.equals(f.lastSeen)
            && rateLimits.equals(f.rateLimits)
            && attributes.equals(f.attributes);
  }

  /**
   * The components' hash codes combined in declaration order, {@code h = 31 * h + c}, as a record's own.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    int h = source.hashCode();
    h = 31 * h + sessionId.hashCode();
    h = 31 * h + priority;
    h = 31 * h + title.hashCode();
    h = 31 * h + project.hashCode();
    h = 31 * h + category.hashCode();
    h = 31 * h + channel.hashCode();
    h = 31 * h + cronJob.hashCode();
    h = 31 * h + parentSessionId.hashCode();
    h = 31 * h + firstSeen.hashCode();
    h = 31 * h + lastSeen.hashCode();
    h = 31 * h + rateLimits.hashCode();
    return 31 * h + attributes.hashCode();
  }

  /**
   * A builder for the facts of one session.
   *
   * @param source the source id
   * @param sessionId the session id
   * @return a builder
   */
  public static Builder builder(String source, String sessionId) {
    return new Builder(source, sessionId);
  }

  /**
   * A builder pre-filled with these facts.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(source, sessionId);
    b.priority = priority;
    b.title = title;
    b.project = project;
    b.category = category;
    b.channel = channel;
    b.cronJob = cronJob;
    b.parentSessionId = parentSessionId;
    b.firstSeen = firstSeen;
    b.lastSeen = lastSeen;
    b.rateLimits = rateLimits;
    b.attributes.putAll(attributes);
    return b;
  }

  /** Builds {@link SessionFacts}; not thread-safe. Null or blank strings mean "not known". */
  public static final class Builder {
    private final String source;
    private final String sessionId;
    private int priority;
    private Optional<String> title = Optional.empty();
    private Optional<String> project = Optional.empty();
    private Optional<SessionCategory> category = Optional.empty();
    private Optional<String> channel = Optional.empty();
    private Optional<String> cronJob = Optional.empty();
    private Optional<String> parentSessionId = Optional.empty();
    private Optional<Instant> firstSeen = Optional.empty();
    private Optional<Instant> lastSeen = Optional.empty();
    private Optional<RateLimits> rateLimits = Optional.empty();
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder(String source, String sessionId) {
      this.source = source;
      this.sessionId = sessionId;
    }

    private static Optional<String> text(String value) {
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /**
     * Sets the priority of this file for the session.
     *
     * @param value higher wins
     * @return this builder
     */
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    /**
     * Sets the title.
     *
     * @param value the title
     * @return this builder
     */
    public Builder title(String value) {
      this.title = text(value);
      return this;
    }

    /**
     * Sets the working directory.
     *
     * @param value the directory
     * @return this builder
     */
    public Builder project(String value) {
      this.project = text(value);
      return this;
    }

    /**
     * Sets the category.
     *
     * @param value the category, or null
     * @return this builder
     */
    public Builder category(SessionCategory value) {
      this.category = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the channel.
     *
     * @param value the channel
     * @return this builder
     */
    public Builder channel(String value) {
      this.channel = text(value);
      return this;
    }

    /**
     * Sets the cron job name.
     *
     * @param value the job name
     * @return this builder
     */
    public Builder cronJob(String value) {
      this.cronJob = text(value);
      return this;
    }

    /**
     * Sets the parent session.
     *
     * @param value the parent's session id
     * @return this builder
     */
    public Builder parentSessionId(String value) {
      this.parentSessionId = text(value);
      return this;
    }

    /**
     * Widens the activity range to include an instant.
     *
     * @param instant an instant of activity, or null
     * @return this builder
     */
    public Builder seen(Instant instant) {
      if (instant != null) {
        if (firstSeen.isEmpty() || instant.isBefore(firstSeen.get())) {
          firstSeen = Optional.of(instant);
        }
        if (lastSeen.isEmpty() || instant.isAfter(lastSeen.get())) {
          lastSeen = Optional.of(instant);
        }
      }
      return this;
    }

    /**
     * Sets the rate-limit state.
     *
     * @param value the state, or null
     * @return this builder
     */
    public Builder rateLimits(RateLimits value) {
      this.rateLimits = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets a further fact; a null or blank value removes it.
     *
     * @param key the fact's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null || value.isBlank()) {
        attributes.remove(key);
      } else {
        attributes.put(key, value);
      }
      return this;
    }

    /**
     * Builds the facts.
     *
     * @return the facts
     */
    public SessionFacts build() {
      return new SessionFacts(
          source, sessionId, priority, title, project, category, channel, cronJob, parentSessionId, firstSeen,
          lastSeen, rateLimits, attributes);
    }
  }
}
