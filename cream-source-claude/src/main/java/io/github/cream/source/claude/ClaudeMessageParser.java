package io.github.cream.source.claude;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.github.cream.api.ContentBlock;
import io.github.cream.api.Durations;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Bytes;
import io.github.cream.spi.BoundedText;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one Claude Code transcript's messages, content included, for {@link ClaudeSource#openMessageParser}.
 *
 * <h2>Records and facts</h2>
 * Every line goes first to an ordinary {@link ClaudeParser} (with the same {@link ParserState}), exactly as a usage
 * scan would hand it over: its {@code wants}, then its {@code accept}. So the records, session facts and problems a
 * message read emits are those of a usage scan, and a message's usage is the very record the usage parser emitted
 * for its line. The usage path itself is untouched: this class is used only when messages are asked for.
 *
 * <h2>Which lines are messages</h2>
 * <ul>
 *   <li>{@code user} lines: a prompt ({@link MessageRole#USER}); tool results ({@link MessageRole#TOOL_RESULT}: one
 *       {@link ContentBlock.Kind#TOOL_RESULT} block per result, with the {@code tool_use_id}, the tool's name when the
 *       call was seen in this file, and the {@code is_error} flag); text Claude Code wrote itself
 *       ({@link MessageRole#SYSTEM}): {@code isMeta} lines, the summary injected after compaction, lines whose
 *       origin is a notification, hook or the system, and texts that open with a tag or a known notice (command
 *       output, reminders, task notifications, interruption notes), except the echoes of what the person typed
 *       ({@code <command-name>}, {@code <command-message>}, {@code <command-args>}, {@code <bash-input>});
 *   <li>{@code assistant} lines: text, thinking ({@code redacted_thinking} as an empty thinking block), tool calls
 *       ({@code tool_use} and {@code server_tool_use}: the name, the id and the {@code input} as JSON text) and
 *       server tool results. Claude Code writes one line per content block of a streamed response, so a response
 *       is usually several messages; the engine attaches the call's usage to the one whose record it counts.
 *       Messages Claude Code made up itself (model {@code <synthetic>}: errors, notices) and API errors that cost
 *       nothing are {@link MessageRole#SYSTEM};
 *   <li>{@code system} lines ({@code compact_boundary}, {@code api_error}, {@code local_command},
 *       {@code turn_duration}, {@code stop_hook_summary}, ...): {@link MessageRole#SYSTEM}, one text block
 *       {@code "<subtype>: <content>"} (a short description where the line has no content);
 *   <li>{@code summary} lines: {@link MessageRole#SYSTEM}, {@code "summary: <text>"}, usually without a timestamp;
 *   <li>everything else ({@code progress}, which only nests copies of subagent lines that their own files hold,
 *       {@code file-history-snapshot}, {@code queue-operation}, titles, ...) is not a message.
 * </ul>
 * A message's id is the line's {@code uuid} (copies of a line in resumed sessions share it); {@code subagent} is set
 * for every line of a subagent file and for inline {@code isSidechain} lines; the session is the one the usage
 * parser gives the line. A line whose usage holds advisor sub-inferences gives one further assistant message per
 * advisor record, without content, with id {@code <uuid>#advisor-<n>}, so that every record is on exactly one
 * message.
 *
 * <h2>Sizes</h2>
 * Content is complete: it is read only when asked for, and never stored. Only absurd sizes are bounded: a block's
 * text (a tool's output, a pasted file, a tool call's arguments) longer than {@value #MAX_BLOCK_CHARS} characters is
 * cut there and ends with the marker {@code [cream: N more characters not shown]}.
 */
final class ClaudeMessageParser implements LineParser {

  /** The longest text of one content block; longer texts are cut, with a marker saying how much was left out. */
  static final int MAX_BLOCK_CHARS = BoundedText.MAX_CHARS;

  /**
   * Like the usage parser's factory, but strings may be as long as a line: message text is decoded (and then cut
   * at {@link #MAX_BLOCK_CHARS}).
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(200)
                  .maxNumberLength(1000)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(50_000)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private static final byte[] SYSTEM_TYPE = Bytes.ascii("\"type\":\"system\"");
  private static final String[] TYPED_TAGS = {"<command-name>", "<command-message>", "<command-args>", "<bash-input>"};

  private final FileLayout layout;
  private final MessageState state;
  private final ClaudeParser usage;
  private final TopLevel top = new TopLevel();
  private final Capture capture = new Capture();
  private final Line l = new Line();

  ClaudeMessageParser(FileLayout layout, MessageState state) {
    this.layout = layout;
    this.state = state;
    this.usage = new ClaudeParser(layout, state.usage);
  }

  /**
   * The lines the usage parser wants, and every line that may be a message: user, assistant, system, summary and
   * untyped lines. Progress, snapshot and queue lines are still rejected on their first bytes.
   */
  @Override
  public boolean wants(LineView line) {
    if (usage.wants(line)) {
      return true;
    }
    byte[] b = line.buffer();
    int start = line.start();
    return switch (top.classify(b, start, start + line.length())) {
      case TopLevel.NOT_OBJECT, TopLevel.NOTHING -> false;
      case TopLevel.OTHER -> line.contains(SYSTEM_TYPE);
      default -> true;
    };
  }

  @Override
  public ResumeState snapshot() {
    return ResumeState.of(state.encode());
  }

  @Override
  public void accept(LineView line, ParseSink sink) {
    capture.begin(sink);
    if (usage.wants(line)) {
      usage.accept(line, capture);
    }
    l.reset();
    boolean read;
    try (JsonParser p = JSON.createParser(line.buffer(), line.start(), line.length())) {
      read = read(p);
    } catch (IOException | RuntimeException e) {
      read = false;
      if (!capture.problem) {
        sink.problem(Severity.INFO, "claude.message.unreadable",
            "a line could not be read for its message; it is left out of the session's messages");
      }
    }
    emit(line, sink, read);
  }

  // ---- reading a line

  /** What one line says, for its message; reused from line to line. */
  private static final class Line {
    String type;
    String subtype;
    String sessionId;
    String timestamp;
    String uuid;
    boolean sidechain;
    boolean meta;
    boolean compactSummary;
    boolean apiError;
    boolean machineOrigin;
    String content;
    String summary;
    long durationMs = -1;
    long retryAttempt = -1;
    long maxRetries = -1;
    long status = -1;
    String role;
    String model;
    final List<ContentBlock> blocks = new ArrayList<>();

    void reset() {
      type = null;
      subtype = null;
      sessionId = null;
      timestamp = null;
      uuid = null;
      sidechain = false;
      meta = false;
      compactSummary = false;
      apiError = false;
      machineOrigin = false;
      content = null;
      summary = null;
      durationMs = -1;
      retryAttempt = -1;
      maxRetries = -1;
      status = -1;
      role = null;
      model = null;
      blocks.clear();
    }
  }

  private boolean read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> l.type = string(p);
        case "subtype" -> l.subtype = string(p);
        case "sessionId" -> l.sessionId = string(p);
        case "timestamp" -> l.timestamp = string(p);
        case "uuid" -> l.uuid = string(p);
        case "isSidechain" -> l.sidechain = t == JsonToken.VALUE_TRUE;
        case "isMeta" -> l.meta = t == JsonToken.VALUE_TRUE;
        case "isCompactSummary" -> l.compactSummary = t == JsonToken.VALUE_TRUE;
        case "isApiErrorMessage" -> l.apiError = t == JsonToken.VALUE_TRUE;
        case "content" -> l.content = t == JsonToken.VALUE_STRING ? text(p) : skip(p);
        case "summary" -> l.summary = t == JsonToken.VALUE_STRING ? text(p) : skip(p);
        case "durationMs" -> l.durationMs = number(p);
        case "retryAttempt" -> l.retryAttempt = number(p);
        case "maxRetries" -> l.maxRetries = number(p);
        case "apiErrorStatus" -> l.status = number(p);
        case "error" -> error(p, t);
        case "origin" -> origin(p, t);
        case "message" -> {
          if (t == JsonToken.START_OBJECT) {
            message(p);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return true;
  }

  private void message(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "role" -> l.role = string(p);
        case "model" -> l.model = string(p);
        case "content" -> {
          if (t == JsonToken.VALUE_STRING) {
            l.blocks.add(ContentBlock.text(text(p)));
          } else if (t == JsonToken.START_ARRAY) {
            blocks(p, l.blocks);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  /** Reads a content array into blocks; unknown block types are left out. */
  private void blocks(JsonParser p, List<ContentBlock> out) throws IOException {
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
      if (e != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      block(p, out);
    }
  }

  /** One content block, the parser on its START_OBJECT. */
  private void block(JsonParser p, List<ContentBlock> out) throws IOException {
    String type = null;
    String text = null;
    String id = null;
    String name = null;
    String toolUseId = null;
    String mediaType = null;
    String input = null;
    boolean error = false;
    List<ContentBlock> nested = null;
    String resultText = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "type" -> type = string(p);
        case "text", "thinking" -> {
          if (t == JsonToken.VALUE_STRING) {
            text = text(p);
          } else {
            p.skipChildren();
          }
        }
        case "id" -> id = string(p);
        case "name" -> name = string(p);
        case "tool_use_id" -> toolUseId = string(p);
        case "is_error" -> error = t == JsonToken.VALUE_TRUE;
        case "input" -> input = json(p);
        case "source" -> mediaType = mediaType(p, t);
        case "content" -> {
          if (t == JsonToken.VALUE_STRING) {
            resultText = text(p);
          } else if (t == JsonToken.START_ARRAY) {
            nested = new ArrayList<>();
            blocks(p, nested);
          } else if (t == JsonToken.START_OBJECT) {
            resultText = json(p);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    if (type == null) {
      return;
    }
    switch (type) {
      case "text" -> out.add(ContentBlock.text(text == null ? "" : text));
      case "thinking" -> out.add(ContentBlock.thinking(text == null ? "" : text));
      case "redacted_thinking" -> out.add(ContentBlock.thinking(""));
      case "tool_use", "server_tool_use" -> out.add(ContentBlock.toolCall(id, name, input == null ? "" : input));
      case "image", "document" -> out.add(ContentBlock.attachment(mediaType != null ? mediaType : type));
      default -> {
        if (type.equals("tool_result") || type.endsWith("_tool_result")) {
          List<ContentBlock> attachments = new ArrayList<>();
          String body = resultText;
          if (nested != null) {
            StringBuilder sb = new StringBuilder();
            for (ContentBlock b : nested) {
              if (b.kind() == ContentBlock.Kind.ATTACHMENT) {
                attachments.add(b);
              } else if (!b.text().isEmpty()) {
                if (sb.length() > 0) {
                  sb.append('\n');
                }
                sb.append(b.text());
              }
            }
            body = capped(sb);
          }
          String tool = toolUseId;
          out.add(ContentBlock.toolResult(tool, state.toolName(tool), body == null ? "" : body, error));
          out.addAll(attachments);
        }
      }
    }
  }

  private static String mediaType(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String media = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("media_type")) {
        media = string(p);
      } else {
        p.skipChildren(); // the data itself is never decoded
      }
    }
    return media;
  }

  private void error(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("status")) {
        l.status = number(p);
      } else {
        p.skipChildren();
      }
    }
  }

  private void origin(JsonParser p, JsonToken t) throws IOException {
    Boolean machine = ClaudeParser.machineOrigin(p, t); // the same rule the usage parser applies to titles
    if (machine != null) {
      l.machineOrigin = machine;
    }
  }

  private static String string(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      String s = p.getText();
      return s.length() > MAX_BLOCK_CHARS ? null : s;
    }
    p.skipChildren();
    return null;
  }

  private static String skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static long number(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return Math.max(-1, p.getLongValue());
    }
    p.skipChildren();
    return -1;
  }

  /** The current string value, cut at {@link #MAX_BLOCK_CHARS} with a marker. */
  private static String text(JsonParser p) throws IOException {
    BoundedText w = new BoundedText();
    p.getText(w);
    return w.result();
  }

  private static String capped(StringBuilder sb) {
    return BoundedText.cap(sb);
  }

  static String marker(long more) {
    return BoundedText.marker(more);
  }

  private static final JsonFactory OUT = new JsonFactory();

  /** The current value (an object, usually) as compact JSON text, cut at {@link #MAX_BLOCK_CHARS}. */
  private static String json(JsonParser p) throws IOException {
    BoundedText w = new BoundedText();
    try (JsonGenerator g = OUT.createGenerator(w)) {
      g.copyCurrentStructure(p);
    }
    return w.result();
  }

  // ---- what a line says

  private void emit(LineView line, ParseSink sink, boolean read) {
    List<UsageRecord> records = capture.records;
    String type = read ? l.type : null;
    if (!read) {
      // a line the message reading could not use: its records (if any) still go on messages of their own
      for (int i = 0; i < records.size(); i++) {
        sink.message(message(line, records.get(i).sessionId(), i == 0 ? null : "#advisor-" + i, MessageRole.ASSISTANT,
            records.get(i).timestamp(), records.get(i).model(), List.of(), Optional.of(records.get(i)),
            layout.subagentFile()));
      }
      return;
    }
    if (type == null) {
      type = l.role != null && (l.role.equals("user") || l.role.equals("assistant")) ? l.role : null;
      if (type == null && !records.isEmpty()) {
        type = "assistant";
      }
    }
    if (type == null) {
      return;
    }
    String session = usage.sessionOf(l.sessionId);
    Instant time = l.timestamp == null ? null : ClaudeParser.instant(l.timestamp);
    boolean subagent = layout.subagentFile() || l.sidechain;
    switch (type) {
      case "assistant" -> assistant(line, sink, session, time, subagent, records);
      case "user" -> user(line, sink, session, time, subagent);
      case "system" -> {
        List<ContentBlock> text = List.of(ContentBlock.text(systemText()));
        sink.message(message(line, session, null, MessageRole.SYSTEM, time, null, text, Optional.empty(), subagent));
      }
      case "summary" -> {
        if (l.summary != null) {
          sink.message(message(line, session, null, MessageRole.SYSTEM, time, null,
              List.of(ContentBlock.text("summary: " + l.summary)), Optional.empty(), subagent));
        }
      }
      default -> {
        // not a message; a record on such a line is never emitted by the usage parser
      }
    }
  }

  private void assistant(
      LineView line, ParseSink sink, String session, Instant time, boolean subagent, List<UsageRecord> records) {
    for (ContentBlock b : l.blocks) {
      if (b.kind() == ContentBlock.Kind.TOOL_CALL) {
        state.toolCalled(b.toolCallId().orElse(null), b.toolName().orElse(null));
      }
    }
    String model = ParserState.bounded(l.model, ParserState.MAX_ID_CHARS);
    boolean synthetic = ClaudeParser.SYNTHETIC_MODEL.equals(model);
    MessageRole role = synthetic || (l.apiError && records.isEmpty()) ? MessageRole.SYSTEM : MessageRole.ASSISTANT;
    Optional<UsageRecord> first = records.isEmpty() ? Optional.empty() : Optional.of(records.get(0));
    sink.message(message(line, session, null, role, time, role == MessageRole.ASSISTANT ? model : null,
        l.blocks, first, subagent));
    for (int i = 1; i < records.size(); i++) {
      UsageRecord r = records.get(i);
      sink.message(message(line, session, "#advisor-" + i, MessageRole.ASSISTANT, time, r.model(), List.of(),
          Optional.of(r), subagent));
    }
  }

  private void user(LineView line, ParseSink sink, String session, Instant time, boolean subagent) {
    boolean toolResult = false;
    for (ContentBlock b : l.blocks) {
      toolResult |= b.kind() == ContentBlock.Kind.TOOL_RESULT;
    }
    MessageRole role;
    if (toolResult) {
      role = MessageRole.TOOL_RESULT;
    } else if (l.meta || l.compactSummary || l.machineOrigin || writtenByClaudeCode()) {
      role = MessageRole.SYSTEM;
    } else {
      role = MessageRole.USER;
    }
    sink.message(message(line, session, null, role, time, null, l.blocks, Optional.empty(), subagent));
  }

  /** Whether a user line's first text is something Claude Code wrote (see the class comment). */
  private boolean writtenByClaudeCode() {
    for (ContentBlock b : l.blocks) {
      if (b.kind() != ContentBlock.Kind.TEXT) {
        continue;
      }
      String t = b.text().stripLeading();
      for (String tag : TYPED_TAGS) {
        if (t.startsWith(tag)) {
          return false;
        }
      }
      char[] c = b.text().toCharArray();
      return Titles.generated(c, 0, c.length);
    }
    return false;
  }

  private String systemText() {
    String subtype = l.subtype != null ? l.subtype : "system";
    String body = l.content;
    if (body == null || body.isBlank()) {
      body = switch (subtype) {
        case "turn_duration" -> l.durationMs >= 0 ? "the turn took " + seconds(l.durationMs) : "";
        case "api_error" -> apiError();
        case "compact_boundary" -> "the conversation was compacted";
        default -> "";
      };
    }
    return body.isEmpty() ? subtype : subtype + ": " + body;
  }

  private String apiError() {
    StringBuilder sb = new StringBuilder("the API call failed");
    if (l.status >= 0) {
      sb.append(" (status ").append(l.status).append(')');
    }
    if (l.retryAttempt >= 0) {
      sb.append("; retry ").append(l.retryAttempt);
      if (l.maxRetries >= 0) {
        sb.append(" of ").append(l.maxRetries);
      }
    }
    return sb.toString();
  }

  private static String seconds(long ms) {
    return Durations.span(Duration.ofSeconds(Math.round(ms / 1000.0)));
  }

  private Message message(
      LineView line, String session, String idSuffix, MessageRole role, Instant time, String model,
      List<ContentBlock> content, Optional<UsageRecord> usage, boolean subagent) {
    String uuid = ParserState.bounded(l.uuid, ParserState.MAX_ID_CHARS);
    Optional<String> id =
        uuid == null ? Optional.empty() : Optional.of(idSuffix == null ? uuid : uuid + idSuffix);
    return new Message(
        ClaudeSource.ID, session, id, role, Optional.ofNullable(time), Optional.ofNullable(model), content, usage,
        subagent, line.origin());
  }

  /** Passes the usage parser's output on, keeping the records of the current line. */
  private static final class Capture implements ParseSink {
    private ParseSink sink;
    final List<UsageRecord> records = new ArrayList<>();
    boolean problem;

    void begin(ParseSink target) {
      this.sink = target;
      records.clear();
      problem = false;
    }

    @Override
    public void record(UsageRecord record) {
      records.add(record);
      sink.record(record);
    }

    @Override
    public void session(SessionFacts facts) {
      sink.session(facts);
    }

    @Override
    public void problem(Severity severity, String code, String message) {
      problem = true;
      sink.problem(severity, code, message);
    }
  }
}
