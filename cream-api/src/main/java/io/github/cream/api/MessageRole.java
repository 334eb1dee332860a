package io.github.cream.api;

/** Who a {@link Message} is from. */
public enum MessageRole {
  /** The person (or the channel, cron job or parent agent standing in for one). */
  USER,
  /** The model. */
  ASSISTANT,
  /** The output of a tool the model called, sent back to it. */
  TOOL_RESULT,
  /** The agent itself: compaction summaries, errors, notices, injected context. */
  SYSTEM
}
