package io.github.cream.api;

/** What kind of conversation a session is. */
public enum SessionCategory {
  /** A person talking to the agent, in a terminal, an editor or a chat channel. */
  INTERACTIVE,
  /** A helper conversation the agent spawned for itself (Task subagents, spawned threads). */
  SUBAGENT,
  /** A conversation started by a schedule. */
  CRON,
  /** A conversation the agent started for its own upkeep (gateway notices, maintenance). */
  SYSTEM
}
