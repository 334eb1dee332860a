package io.github.cream.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One part of a {@link Message}: text, reasoning, a tool call or a tool result.
 *
 * <p>Content blocks hold what the agent logged, prompts and outputs included. They exist only in memory, for the
 * caller that asked for a session's messages: cream never writes them to its index, its diagnostics or its logs.
 *
 * @param kind what the block is
 * @param text the text; for a tool call, its arguments as the log gave them (usually JSON); may be empty
 * @param toolName the tool's name, for tool calls and, where logged, tool results
 * @param toolCallId the id linking a tool call to its result, where logged
 * @param error whether a tool result reports a failure
 */
public record ContentBlock(
    Kind kind, String text, Optional<String> toolName, Optional<String> toolCallId, boolean error) {

  /** What a content block is. */
  public enum Kind {
    /** Plain text. */
    TEXT,
    /** The model's reasoning, where the log keeps it. */
    THINKING,
    /** A call of a tool, with its arguments in {@code text}. */
    TOOL_CALL,
    /** A tool's output. */
    TOOL_RESULT,
    /** An image or other attachment; {@code text} names its type, never its data. */
    ATTACHMENT
  }

  /**
   * Validates the components.
   *
   * @param kind block kind
   * @param text text
   * @param toolName tool name
   * @param toolCallId tool call id
   * @param error tool failure
   */
  public ContentBlock {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(toolCallId, "toolCallId");
  }

  /**
   * A text block.
   *
   * @param text the text
   * @return the block
   */
  public static ContentBlock text(String text) {
    return new ContentBlock(Kind.TEXT, text, Optional.empty(), Optional.empty(), false);
  }

  /**
   * A reasoning block.
   *
   * @param text the reasoning
   * @return the block
   */
  public static ContentBlock thinking(String text) {
    return new ContentBlock(Kind.THINKING, text, Optional.empty(), Optional.empty(), false);
  }

  /**
   * A tool call.
   *
   * @param id the call id, or null
   * @param name the tool's name
   * @param arguments the arguments as logged
   * @return the block
   */
  public static ContentBlock toolCall(String id, String name, String arguments) {
    return new ContentBlock(
        Kind.TOOL_CALL, arguments == null ? "" : arguments, Optional.ofNullable(name), Optional.ofNullable(id),
        false);
  }

  /**
   * A tool result.
   *
   * @param id the id of the call it answers, or null
   * @param name the tool's name, or null
   * @param text the output
   * @param error whether the tool failed
   * @return the block
   */
  public static ContentBlock toolResult(String id, String name, String text, boolean error) {
    return new ContentBlock(
        Kind.TOOL_RESULT, text == null ? "" : text, Optional.ofNullable(name), Optional.ofNullable(id), error);
  }

  /**
   * An attachment, named by its type only.
   *
   * @param type for example {@code image/png}
   * @return the block
   */
  public static ContentBlock attachment(String type) {
    return new ContentBlock(Kind.ATTACHMENT, type == null ? "" : type, Optional.empty(), Optional.empty(), false);
  }
}
