package io.github.cream.source.pi;

import io.github.cream.api.SessionCategory;

/**
 * What structured metadata (OpenClaw's {@code sessions.json} index, or the session tables of its SQLite store) says
 * about one session. Every field may be null: unknown.
 *
 * @param category the kind of session
 * @param channel where an interactive session came from
 * @param cronJob the scheduled job's name
 * @param agentId the OpenClaw agent the session belongs to
 * @param chatType direct, group or channel
 * @param parentSessionId the session this one was forked from
 */
record SessionMeta(
    SessionCategory category, String channel, String cronJob, String agentId, String chatType,
    String parentSessionId) {

  /** Nothing known. */
  static final SessionMeta NONE = new SessionMeta(null, null, null, null, null, null);

  /**
   * This metadata with gaps filled from another.
   *
   * @param other the weaker source
   * @return the combination, this winning field by field
   */
  SessionMeta or(SessionMeta other) {
    if (other == null) {
      return this;
    }
    return new SessionMeta(
        category != null ? category : other.category,
        channel != null ? channel : other.channel,
        cronJob != null ? cronJob : other.cronJob,
        agentId != null ? agentId : other.agentId,
        chatType != null ? chatType : other.chatType,
        parentSessionId != null ? parentSessionId : other.parentSessionId);
  }
}
