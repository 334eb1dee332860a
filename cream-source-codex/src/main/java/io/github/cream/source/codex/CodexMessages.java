package io.github.cream.source.codex;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.cream.api.ContentBlock;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The content pass of Codex's message parser: reads one line for the messages it holds. The mapping is documented
 * on {@link CodexSource}. Reads nothing the usage parser needs and changes no state: session id, model and
 * subagent flag come from the usage parser's {@link State}, which the usage pass has already updated for the line.
 */
final class CodexMessages {

  /** How a user message injected by Codex itself (not typed by the person) begins; compared ignoring case. */
  private static final String[] CONTEXT_MARKERS = {
    "<environment_context", "<user_instructions>", "# agents.md instructions", "<skill>", "<skills_instructions>",
    "<turn_aborted>", "<context_update>", "<subagent_notification>", "<codex_internal_context",
    "<recommended_plugins>", "<hook_prompt"
  };

  private static final int MAX_NAME = 200;

  private final String sourceId;
  private final String fallbackId;
  private final State s;
  private final Content c = new Content();
  private boolean tooManyBlocks;
  private boolean invalidBlock;

  CodexMessages(String sourceId, String fallbackId, State state) {
    this.sourceId = sourceId;
    this.fallbackId = fallbackId;
    this.s = state;
  }

  /** A step message: the billed call a token count reports, at the line that reports it. */
  Message step(UsageRecord r, LineView line) {
    return new Message(sourceId, r.sessionId(), Optional.empty(), MessageRole.SYSTEM, Optional.of(r.timestamp()),
        Optional.of(r.model()), List.of(), Optional.of(r), s.subagent, line.origin());
  }

  /**
   * Reads a line's messages.
   *
   * @param line the line
   * @param parsed whether the usage pass parsed this line
   * @param reported whether the usage pass reported the line as unreadable (not JSON, not an object, too complex)
   * @param sink where messages and content problems go
   */
  void accept(LineView line, boolean parsed, boolean reported, ParseSink sink) {
    c.reset();
    tooManyBlocks = false;
    invalidBlock = false;
    Item top;
    try (JsonParser p = Content.JSON.createParser(line.buffer(), line.start(), line.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        if (!parsed) {
          sink.problem(Severity.WARNING, "codex.line.not-object", "a line is not a JSON object and was skipped");
        }
        return;
      }
      top = readTop(p);
      if (p.nextToken() != null) {
        throw new IOException("trailing content after the object");
      }
    } catch (StreamConstraintsException x) {
      unreadable(parsed, reported, sink, "codex.line.too-complex",
          "a line exceeds the parser's limits and was skipped");
      return;
    } catch (IOException | RuntimeException x) {
      unreadable(parsed, reported, sink, "codex.line.invalid-json", "a line is not valid JSON and was skipped");
      return;
    }
    emitAll(top, line, sink);
    if (c.truncated) {
      sink.problem(Severity.INFO, "codex.message.truncated",
          "a content block longer than 1 MiB was cut; the message shows its beginning and a marker");
    }
    if (tooManyBlocks) {
      sink.problem(Severity.INFO, "codex.message.too-many-blocks",
          "a message has more content blocks than are kept; the rest were left out");
    }
    if (invalidBlock) {
      sink.problem(Severity.INFO, "codex.message.block-invalid",
          "a content block is not of the expected shape and was left out");
    }
  }

  /**
   * A line this pass cannot read: reported as the usage parser reports it, unless the usage pass did already; a
   * line the usage pass read without trouble is reported as content this pass could not read.
   */
  private static void unreadable(boolean parsed, boolean reported, ParseSink sink, String code, String message) {
    if (!parsed) {
      sink.problem(Severity.WARNING, code, message);
    } else if (!reported) {
      sink.problem(Severity.WARNING, "codex.message.unreadable",
          "a line's content could not be read; its messages were not shown");
    }
  }

  // ---- what a line holds

  private void emitAll(Item top, LineView line, ParseSink sink) {
    Instant ts = top.timestamp != null ? Times.parse(top.timestamp)
        : Double.isNaN(top.timestampNumber) ? null : Times.fromEpoch(top.timestampNumber);
    String type = top.type;
    if (type == null) {
      return; // the pre-envelope header and anything else without a type: no message
    }
    switch (type) {
      case "response_item" -> {
        if (top.payload != null) {
          responseItem(top.payload, ts, line, sink);
        } else {
          sink.problem(Severity.WARNING, "codex.message.invalid",
              "a response item has no payload object; it was not shown");
        }
      }
      case "compacted" -> {
        List<ContentBlock> blocks = new ArrayList<>(1);
        String summary = top.payload == null ? null : top.payload.message;
        if (summary != null && !summary.isEmpty()) {
          blocks.add(ContentBlock.text(summary));
        }
        emit(MessageRole.SYSTEM, null, ts, null, blocks, line, sink);
      }
      case "item.completed" -> {
        if (top.item != null) {
          execItem(top.item, line, sink);
        }
      }
      case "turn.failed", "error" -> {
        // codex exec output: a failed turn ({"error": {"message"}}) or a stream error ({"message"})
        String text = top.error != null ? top.error : top.message;
        emit(MessageRole.SYSTEM, null, ts, null, textBlocks(text, false), line, sink);
      }
      case "session_meta", "turn_context", "event_msg", "thread.started", "turn.started", "turn.completed",
          "item.started", "item.updated" -> { }
      default -> {
        // an envelope of another kind (world_state, inter-agent metadata...) holds no message; a line without an
        // envelope is a rollout written before the envelope existed: the line is the item
        if (!top.enveloped && top.item == null) {
          responseItem(top, ts, line, sink);
        }
      }
    }
  }

  private void responseItem(Item it, Instant ts, LineView line, ParseSink sink) {
    String type = it.type == null ? "" : it.type;
    String model = s.turnModel;
    switch (type) {
      case "message" -> message(it, ts, model, line, sink);
      case "reasoning" -> {
        List<ContentBlock> blocks = new ArrayList<>();
        parts(it.summary, true, blocks);
        parts(it.content, true, blocks);
        if (blocks.isEmpty()) {
          blocks.add(ContentBlock.thinking("")); // reasoning kept encrypted: it happened, its text is not logged
        }
        emit(MessageRole.ASSISTANT, it.id, ts, model, blocks, line, sink);
      }
      case "function_call" ->
          call(it.callId, it.name != null ? it.name : it.functionName, it.arguments, it, ts, model, line, sink);
      case "custom_tool_call" -> call(it.callId, it.name, it.input, it, ts, model, line, sink);
      case "local_shell_call" ->
          call(it.callId != null ? it.callId : it.id, "local_shell", it.action, it, ts, model, line, sink);
      case "web_search_call" -> call(it.callId != null ? it.callId : it.id, "web_search", it.action, it, ts, model,
          line, sink);
      case "function_call_output", "custom_tool_call_output" -> result(it, ts, line, sink);
      case "compaction", "compaction_summary", "context_compaction" ->
          emit(MessageRole.SYSTEM, it.id, ts, null, new ArrayList<>(), line, sink);
      case "agent_message" -> {
        // a message another agent (a parent, a peer) sent this one: it stands in for the person
        List<ContentBlock> blocks = new ArrayList<>();
        parts(it.content, false, blocks);
        emit(MessageRole.USER, it.id, ts, null, blocks, line, sink);
      }
      case "ghost_snapshot" -> { } // an undo checkpoint of the work tree, not part of the conversation
      default -> {
        if (type.endsWith("_output") || type.endsWith("_result")) {
          result(it, ts, line, sink);
        } else if (type.endsWith("_call") && type.length() > 5) {
          String args = it.arguments != null ? it.arguments : it.input != null ? it.input : it.action;
          String tool = it.name != null ? it.name : it.functionName != null ? it.functionName
              : name(type.substring(0, type.length() - 5));
          call(it.callId != null ? it.callId : it.id, tool, args, it, ts, model, line, sink);
        } else {
          sink.problem(Severity.INFO, "codex.message.unknown-item",
              "a response item of an unknown type was not shown");
        }
      }
    }
  }

  private void message(Item it, Instant ts, String model, LineView line, ParseSink sink) {
    if (it.role == null || it.contentInvalid) {
      sink.problem(Severity.WARNING, "codex.message.invalid",
          "a message item has no role or no readable content; it was not shown");
      return;
    }
    MessageRole role;
    switch (it.role) {
      case "user" -> role = MessageRole.USER;
      case "assistant" -> role = MessageRole.ASSISTANT;
      case "developer", "system" -> role = MessageRole.SYSTEM;
      default -> {
        sink.problem(Severity.INFO, "codex.message.unknown-role",
            "a message item has a role this reader does not know; it was not shown");
        return;
      }
    }
    List<ContentBlock> blocks = new ArrayList<>();
    parts(it.content, false, blocks);
    if (role == MessageRole.USER && injected(blocks)) {
      role = MessageRole.SYSTEM;
    }
    emit(role, it.id, ts, role == MessageRole.ASSISTANT ? model : null, blocks, line, sink);
  }

  /** Whether a user message is context Codex injected (environment, AGENTS.md, skills...), not the person's. */
  private static boolean injected(List<ContentBlock> blocks) {
    for (ContentBlock b : blocks) {
      if (b.kind() != ContentBlock.Kind.TEXT) {
        continue;
      }
      String t = b.text().stripLeading();
      for (String m : CONTEXT_MARKERS) {
        if (t.regionMatches(true, 0, m, 0, m.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private void call(
      String id, String name, String args, Item it, Instant ts, String model, LineView line, ParseSink sink) {
    List<ContentBlock> blocks = new ArrayList<>(1);
    blocks.add(ContentBlock.toolCall(id, name, args));
    emit(MessageRole.ASSISTANT, it.id, ts, model, blocks, line, sink);
  }

  private void result(Item it, Instant ts, LineView line, ParseSink sink) {
    Output o = it.output;
    if (o == null && (it.result != null || it.tools != null)) {
      o = new Output(); // shapes other than Codex's: a result, or the tools a tool search found
      o.text = it.result != null ? it.result : it.tools;
    }
    List<ContentBlock> blocks = new ArrayList<>();
    String text = "";
    boolean error = false;
    List<Part> attachments = List.of();
    if (o != null) {
      if (o.invalid) {
        invalidBlock = true;
      }
      error = Boolean.FALSE.equals(o.success);
      StringBuilder sb = new StringBuilder();
      if (o.text != null) {
        sb.append(o.text);
      }
      if (o.items != null) {
        List<Part> atts = new ArrayList<>();
        for (Part p : o.items) {
          if (p.text != null && isText(p.type)) {
            if (sb.length() > 0) {
              sb.append('\n');
            }
            sb.append(p.text);
          } else if (p.type != null || p.text != null) {
            atts.add(p);
          } else {
            invalidBlock = true;
          }
        }
        attachments = atts;
      }
      text = sb.toString();
    }
    add(blocks, ContentBlock.toolResult(it.callId, it.name, text, error));
    for (Part p : attachments) {
      block(p, false, blocks);
    }
    emit(MessageRole.TOOL_RESULT, it.id, ts, null, blocks, line, sink);
  }

  /** An item of {@code codex exec --json}: {@code item.completed} holds the finished item. */
  private void execItem(Item it, LineView line, ParseSink sink) {
    String type = it.type == null ? "" : it.type;
    switch (type) {
      case "agent_message" -> emit(MessageRole.ASSISTANT, it.id, null, s.turnModel,
          textBlocks(it.text, false), line, sink);
      case "reasoning" -> emit(MessageRole.ASSISTANT, it.id, null, s.turnModel, textBlocks(it.text, true), line,
          sink);
      case "command_execution" -> {
        boolean failed = "failed".equals(it.status) || (it.exitCode != Item.NO_EXIT && it.exitCode != 0);
        execCall(it, "command_execution", it.command, it.aggregatedOutput, failed, line, sink);
      }
      case "file_change" -> execCall(it, "file_change", it.changes, it.status, "failed".equals(it.status), line,
          sink);
      case "mcp_tool_call" -> {
        boolean failed = "failed".equals(it.status) || it.error != null;
        String name = it.tool != null ? it.tool : "mcp_tool_call";
        execCall(it, name, it.arguments, it.error != null ? it.error : it.result, failed, line, sink);
      }
      case "web_search" -> {
        List<ContentBlock> b = new ArrayList<>(1);
        b.add(ContentBlock.toolCall(it.id, "web_search", it.query));
        emit(MessageRole.ASSISTANT, it.id, null, s.turnModel, b, line, sink);
      }
      case "todo_list" -> {
        List<ContentBlock> b = new ArrayList<>(1);
        b.add(ContentBlock.toolCall(it.id, "todo_list", it.items));
        emit(MessageRole.ASSISTANT, it.id, null, s.turnModel, b, line, sink);
      }
      case "error" -> emit(MessageRole.SYSTEM, it.id, null, null, textBlocks(it.message, false), line, sink);
      default -> sink.problem(Severity.INFO, "codex.message.unknown-item",
          "an item of codex exec output of an unknown type was not shown");
    }
  }

  /** A finished tool item of exec output: its call, then its result, both read from the one line. */
  private void execCall(
      Item it, String name, String args, String output, boolean failed, LineView line, ParseSink sink) {
    List<ContentBlock> call = new ArrayList<>(1);
    call.add(ContentBlock.toolCall(it.id, name, args));
    emit(MessageRole.ASSISTANT, it.id, null, s.turnModel, call, line, sink);
    List<ContentBlock> result = new ArrayList<>(1);
    result.add(ContentBlock.toolResult(it.id, name, output, failed));
    // the result is a message of its own: its id must differ from the call's (the block keeps the call id)
    emit(MessageRole.TOOL_RESULT, it.id == null ? null : it.id + ":result", null, null, result, line, sink);
  }

  private List<ContentBlock> textBlocks(String text, boolean thinking) {
    List<ContentBlock> b = new ArrayList<>(1);
    if (text != null) {
      b.add(thinking ? ContentBlock.thinking(text) : ContentBlock.text(text));
    }
    return b;
  }

  private void emit(
      MessageRole role, String id, Instant ts, String model, List<ContentBlock> blocks, LineView line,
      ParseSink sink) {
    String session = s.sessionId != null ? s.sessionId : fallbackId;
    sink.message(new Message(sourceId, session, Optional.ofNullable(id), role, Optional.ofNullable(ts),
        Optional.ofNullable(model), blocks, Optional.empty(), s.subagent, line.origin()));
  }

  // ---- blocks

  private void parts(List<Part> parts, boolean thinking, List<ContentBlock> out) {
    if (parts == null) {
      return;
    }
    for (Part p : parts) {
      block(p, thinking, out);
    }
  }

  private static boolean isText(String type) {
    return type == null || switch (type) {
      case "input_text", "output_text", "text", "summary_text", "reasoning_text" -> true;
      default -> false;
    };
  }

  private void block(Part p, boolean thinking, List<ContentBlock> out) {
    if (p.invalid) {
      invalidBlock = true;
      return;
    }
    String type = p.type;
    if (isText(type)) {
      if (p.text == null) {
        invalidBlock = true;
        return;
      }
      add(out, thinking ? ContentBlock.thinking(p.text) : ContentBlock.text(p.text));
      return;
    }
    switch (type) {
      case "refusal" -> {
        if (p.text == null) {
          invalidBlock = true;
        } else {
          add(out, ContentBlock.text(p.text));
        }
      }
      case "input_image", "image", "output_image" -> add(out, ContentBlock.attachment(p.mime != null ? p.mime
          : "image"));
      case "input_file", "file" -> add(out, ContentBlock.attachment("file"));
      default -> add(out, ContentBlock.attachment(name(type)));
    }
  }

  private void add(List<ContentBlock> out, ContentBlock b) {
    if (out.size() >= Content.MAX_BLOCKS) {
      tooManyBlocks = true;
      return;
    }
    out.add(b);
  }

  /** A type or tool name as an identifier: printable ASCII, at most {@value #MAX_NAME} characters. */
  private static String name(String raw) {
    StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_NAME));
    for (int i = 0; i < raw.length() && sb.length() < MAX_NAME; i++) {
      char ch = raw.charAt(i);
      sb.append(ch > 0x20 && ch < 0x7f ? ch : '_');
    }
    return sb.toString();
  }

  // ---- reading

  /** A content part: a text, an image, a file. */
  record Part(String type, String text, String mime, boolean invalid) {}

  /** A tool's output: a string, a list of parts, or an object with {@code content} and {@code success}. */
  static final class Output {
    String text;
    List<Part> items;
    Boolean success;
    boolean invalid;
  }

  /** What this pass reads of a line, a payload or an exec item; every field optional. */
  static final class Item {
    static final long NO_EXIT = Long.MIN_VALUE;

    String type;
    String timestamp;
    double timestampNumber = Double.NaN;
    boolean enveloped;
    Item payload;
    Item item;
    String id;
    String role;
    List<Part> content;
    boolean contentInvalid;
    List<Part> summary;
    String name;
    String callId;
    String arguments;
    String input;
    String action;
    Output output;
    String message;
    String text;
    String status;
    String command;
    String aggregatedOutput;
    long exitCode = NO_EXIT;
    String changes;
    String tool;
    String result;
    String error;
    String query;
    String items;
    String tools;
    String functionName;
  }

  private Item readTop(JsonParser p) throws IOException {
    Item it = new Item();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "timestamp" -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            it.timestampNumber = p.getDoubleValue();
          } else {
            it.timestamp = shortText(p);
          }
        }
        case "payload" -> {
          it.enveloped = true;
          if (t == JsonToken.START_OBJECT && contentType(it.type)) {
            it.payload = new Item();
            readFields(p, it.payload);
          } else {
            p.skipChildren();
          }
        }
        case "item" -> {
          if (t == JsonToken.START_OBJECT && (it.type == null || it.type.equals("item.completed"))) {
            it.item = new Item();
            readFields(p, it.item);
          } else {
            p.skipChildren();
          }
        }
        default -> field(p, f, t, it);
      }
    }
    return it;
  }

  /** Whether an envelope's payload may hold a message: unknown yet, a response item or a compaction. */
  private static boolean contentType(String type) {
    return type == null || type.equals("response_item") || type.equals("compacted");
  }

  private void readFields(JsonParser p, Item it) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      field(p, f, t, it);
    }
  }

  private void field(JsonParser p, String f, JsonToken t, Item it) throws IOException {
    switch (f) {
      case "type" -> it.type = shortText(p);
      case "id" -> it.id = shortText(p);
      case "role" -> it.role = shortText(p);
      case "name" -> it.name = shortText(p);
      case "call_id" -> it.callId = shortText(p);
      case "status" -> it.status = shortText(p);
      case "tool" -> it.tool = shortText(p);
      case "content" -> {
        if (t == JsonToken.START_ARRAY) {
          it.content = readParts(p);
        } else if (t == JsonToken.VALUE_STRING) {
          it.content = new ArrayList<>(List.of(new Part("text", c.string(p), null, false)));
        } else if (t == JsonToken.VALUE_NULL) {
          it.content = null;
        } else {
          p.skipChildren();
          it.contentInvalid = true;
        }
      }
      case "summary" -> {
        if (t == JsonToken.START_ARRAY) {
          it.summary = readParts(p);
        } else {
          p.skipChildren();
        }
      }
      case "arguments" -> it.arguments = c.anyText(p);
      case "input" -> it.input = c.anyText(p);
      case "action" -> it.action = c.anyText(p);
      case "output" -> it.output = readOutput(p);
      case "message" -> it.message = c.string(p);
      case "text" -> it.text = c.string(p);
      case "command" -> it.command = c.anyText(p);
      case "aggregated_output" -> it.aggregatedOutput = c.string(p);
      case "exit_code" -> {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          it.exitCode = p.getLongValue();
        } else {
          p.skipChildren();
        }
      }
      case "changes" -> it.changes = c.anyText(p);
      case "result" -> {
        if (t == JsonToken.VALUE_NULL || (it.type != null && it.type.endsWith("_call"))) {
          p.skipChildren(); // a call's own result (an image generation's picture) is not shown
        } else {
          it.result = c.anyText(p);
        }
      }
      case "error" -> it.error = t == JsonToken.VALUE_NULL ? null : errorText(p);
      case "query" -> it.query = c.string(p);
      case "items" -> it.items = c.anyText(p);
      case "tools" -> it.tools = c.anyText(p);
      case "function" -> it.functionName = functionName(p);
      default -> p.skipChildren();
    }
  }

  /** The {@code name} of a {@code function} object ({@code {"function": {"name": ...}}}), else null. */
  private static String functionName(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String name = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (f.equals("name") && name == null) {
        name = shortText(p);
      } else {
        p.skipChildren();
      }
    }
    return name;
  }

  /** An error as text: a string, or the {@code message} of an error object, else its JSON. */
  private String errorText(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return c.anyText(p);
    }
    String msg = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      p.nextToken();
      if (f.equals("message") && msg == null) {
        msg = c.string(p);
      } else {
        p.skipChildren();
      }
    }
    return msg != null ? msg : "";
  }

  private List<Part> readParts(JsonParser p) throws IOException {
    List<Part> parts = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        parts.add(new Part(null, null, null, true));
        continue;
      }
      String type = null;
      String text = null;
      String mime = null;
      boolean invalid = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken v = p.nextToken();
        switch (f) {
          case "type" -> type = shortText(p);
          case "text", "refusal" -> {
            if (v == JsonToken.VALUE_STRING) {
              text = c.string(p);
            } else {
              p.skipChildren();
              invalid = true;
            }
          }
          case "image_url" -> mime = mime(p);
          default -> p.skipChildren();
        }
      }
      if (parts.size() < Content.MAX_BLOCKS) {
        parts.add(new Part(type, text, mime, invalid));
      } else {
        tooManyBlocks = true;
      }
    }
    return parts;
  }

  private Output readOutput(JsonParser p) throws IOException {
    Output o = new Output();
    JsonToken t = p.currentToken();
    switch (t) {
      case VALUE_STRING -> o.text = c.string(p);
      case START_ARRAY -> o.items = readParts(p);
      case START_OBJECT -> {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          JsonToken v = p.nextToken();
          switch (f) {
            case "content" -> {
              if (v == JsonToken.VALUE_STRING) {
                o.text = c.string(p);
              } else if (v == JsonToken.START_ARRAY) {
                o.items = readParts(p);
              } else {
                p.skipChildren();
              }
            }
            case "content_items" -> {
              if (v == JsonToken.START_ARRAY && o.items == null) {
                o.items = readParts(p);
              } else {
                p.skipChildren();
              }
            }
            case "success" -> {
              if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                o.success = v == JsonToken.VALUE_TRUE;
              } else {
                p.skipChildren();
              }
            }
            default -> p.skipChildren();
          }
        }
      }
      case VALUE_NULL -> { }
      default -> {
        p.skipChildren();
        o.invalid = true;
      }
    }
    return o;
  }

  /**
   * The media type of an image URL when it is a data URL ({@code data:image/png;base64,...}), else null. Only the
   * URL's first characters are looked at; the image itself is never kept.
   */
  private static String mime(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    char[] chars = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = Math.min(p.getTextLength(), 5 + 100);
    String head = new String(chars, off, len);
    if (!head.startsWith("data:")) {
      return null;
    }
    int end = 5;
    while (end < head.length() && head.charAt(end) != ';' && head.charAt(end) != ',') {
      end++;
    }
    String m = head.substring(5, end).toLowerCase(Locale.ROOT);
    return m.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? m : null;
  }

  /** A short string value (types, ids, names): cut to {@link Entry#MAX_TEXT} characters; null if not a string. */
  private static String shortText(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    String v = p.getText();
    return v.length() > Entry.MAX_TEXT ? v.substring(0, Entry.MAX_TEXT) : v;
  }
}
