package io.github.cream.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a session, as the agent logged it: who said it, when, with which model, what it said, and — for
 * a model's reply — the call's usage.
 *
 * <p>Messages are read only on request ({@code Cream.messages(...)}), streamed from the logs, and never stored. A
 * reply streamed over several log lines may appear as several messages; the engine attaches a call's usage to
 * exactly one of them (the copy it counts), so the usage of a session's messages sums to the session's totals.
 *
 * @param source id of the source
 * @param sessionId the session
 * @param id the message's id in the log, if it has one
 * @param role who it is from
 * @param timestamp when it was logged, if known
 * @param model the model that wrote it, for assistant messages
 * @param content its parts, in order
 * @param usage the billed call this message reports, if it reports one
 * @param subagent whether a subagent (sidechain) wrote or received it
 * @param origin the file and line it was read from
 */
public record Message(
    String source,
    String sessionId,
    Optional<String> id,
    MessageRole role,
    Optional<Instant> timestamp,
    Optional<String> model,
    List<ContentBlock> content,
    Optional<UsageRecord> usage,
    boolean subagent,
    Origin origin) {

  /**
   * Validates and copies the components.
   *
   * @param source source id
   * @param sessionId session id
   * @param id message id
   * @param role role
   * @param timestamp time
   * @param model model
   * @param content parts
   * @param usage billed call
   * @param subagent subagent flag
   * @param origin where it was read
   */
  public Message {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(model, "model");
    content = List.copyOf(content);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * This message with its usage replaced.
   *
   * @param value the usage, or empty
   * @return a copy
   */
  public Message withUsage(Optional<UsageRecord> value) {
    return new Message(source, sessionId, id, role, timestamp, model, content, value, subagent, origin);
  }
}
