package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What Claude Code writes on a statusLine command's standard input: one JSON object describing the session the line
 * is drawn for. Only the fields the statusline uses are kept; unknown fields (the object grows with every Claude Code
 * release) are skipped.
 *
 * <pre>{@code
 * {"session_id": "...", "transcript_path": "/home/me/.claude/projects/-home-me-app/....jsonl", "cwd": "/home/me/app",
 *  "model": {"id": "claude-opus-4-1-20250805", "display_name": "Opus 4.1"},
 *  "workspace": {"current_dir": "/home/me/app", "project_dir": "/home/me/app"},
 *  "version": "1.0.80", "cost": {"total_cost_usd": 0.42, ...}, ...}
 * }</pre>
 *
 * @param sessionId {@code session_id}
 * @param transcriptPath {@code transcript_path}
 * @param modelId {@code model.id}
 * @param modelName {@code model.display_name}
 * @param currentDir {@code workspace.current_dir}, else {@code cwd}
 * @param projectDir {@code workspace.project_dir}
 * @param agentCostUsd {@code cost.total_cost_usd}: the agent's own estimate of the session's cost
 */
record StatuslineInput(
    Optional<String> sessionId,
    Optional<String> transcriptPath,
    Optional<String> modelId,
    Optional<String> modelName,
    Optional<String> currentDir,
    Optional<String> projectDir,
    Optional<BigDecimal> agentCostUsd) {

  /** The most input read: far more than Claude Code ever writes. */
  static final int MAX_BYTES = 1 << 20;

  /** Input that says nothing: a statusline drawn without the agent's JSON. */
  static final StatuslineInput NONE =
      new StatuslineInput(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty());

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(MAX_BYTES).build())
          .build();

  /** Input that is not the agent's JSON object. */
  static final class BadInput extends Exception {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads the input to its end (at most {@link #MAX_BYTES}).
   *
   * @param in the standard input
   * @return what it said
   * @throws BadInput when it is empty, too long, or not a JSON object
   * @throws IOException when it cannot be read
   */
  static StatuslineInput read(InputStream in) throws BadInput, IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new BadInput("statusline input longer than " + MAX_BYTES + " bytes");
    }
    return parse(bytes);
  }

  /**
   * Parses the agent's JSON object.
   *
   * @param bytes the input
   * @return what it said
   * @throws BadInput when it is not one JSON object
   */
  static StatuslineInput parse(byte[] bytes) throws BadInput {
    String sessionId = null;
    String transcript = null;
    String cwd = null;
    String modelId = null;
    String modelName = null;
    String currentDir = null;
    String projectDir = null;
    BigDecimal cost = null;
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadInput("statusline input is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "session_id" -> sessionId = text(p, value);
          case "transcript_path" -> transcript = text(p, value);
          case "cwd" -> cwd = text(p, value);
          case "model", "workspace", "cost" -> {
            if (value != JsonToken.START_OBJECT) {
              p.skipChildren();
              continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String inner = name + "." + p.currentName();
              JsonToken v = p.nextToken();
              switch (inner) {
                case "model.id" -> modelId = text(p, v);
                case "model.display_name" -> modelName = text(p, v);
                case "workspace.current_dir" -> currentDir = text(p, v);
                case "workspace.project_dir" -> projectDir = text(p, v);
                case "cost.total_cost_usd" -> cost = v.isNumeric() ? p.getDecimalValue() : null;
                default -> p.skipChildren();
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new BadInput("statusline input is not one JSON object");
      }
    } catch (IOException | RuntimeException e) {
      throw new BadInput("statusline input is not valid JSON");
    }
    return new StatuslineInput(
        Optional.ofNullable(sessionId), Optional.ofNullable(transcript), Optional.ofNullable(modelId),
        Optional.ofNullable(modelName), Optional.ofNullable(currentDir != null ? currentDir : cwd),
        Optional.ofNullable(projectDir), Optional.ofNullable(cost));
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText();
      return s.isBlank() ? null : s;
    }
    p.skipChildren();
    return null;
  }
}
