package io.github.cream.source.pi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.cream.api.ContentBlock;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The content pass of the Pi/OpenClaw message parser: reads one line (or one store row) for the messages it holds
 * and attaches the records the usage pass emitted for the same line. The mapping is documented on
 * {@link PiSource}. Changes no parser state.
 */
final class PiMessages {

  private static final int MAX_NAME = 200;
  private static final long NONE = Long.MIN_VALUE;

  /** The session of a file's lines, as the usage parser knows it after the line. */
  record Session(String id, boolean subagent) {}

  private final String sourceId;
  private final Content c = new Content();
  private boolean invalidBlock;
  private boolean tooManyBlocks;

  PiMessages(String sourceId) {
    this.sourceId = sourceId;
  }

  private String code(String suffix) {
    return sourceId + "." + suffix;
  }

  /**
   * Reads a line's messages and emits them, each record of the line attached to one of them.
   *
   * @param line the line
   * @param parsed whether the usage pass parsed the line
   * @param reported whether the usage pass reported the line as unreadable (not JSON, not an object, too large)
   * @param records the records the usage pass emitted for the line, in order
   * @param file the session of a file line; null when lines are store rows, which name their session
   * @param sink where messages and content problems go
   */
  void accept(
      LineView line, boolean parsed, boolean reported, List<UsageRecord> records, Session file, ParseSink sink) {
    c.reset();
    invalidBlock = false;
    tooManyBlocks = false;
    List<Message> out = new ArrayList<>(2);
    try (JsonParser p = Json.FACTORY.createParser(line.buffer(), line.start(), line.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        if (!parsed) {
          sink.problem(Severity.WARNING, code("line.not-object"), "line is not a JSON object");
        }
      } else if (file != null) {
        Entry e = readEntry(p);
        messages(e, file.id(), file.subagent(), line, out, parsed, sink);
      } else {
        readStoreRow(p, line, out, parsed, sink);
      }
    } catch (StreamConstraintsException x) {
      out.clear();
      problem(parsed, reported, sink, "line.too-large", "a value on this line exceeds the parser's limits");
    } catch (IOException | RuntimeException x) {
      out.clear();
      problem(parsed, reported, sink, "line.malformed-json", "line is not valid JSON");
    }
    attach(out, records, line);
    for (Message m : out) {
      sink.message(m);
    }
    if (c.truncated) {
      sink.problem(Severity.INFO, code("message.truncated"),
          "a content block longer than 1 MiB was cut; the message shows its beginning and a marker");
    }
    if (tooManyBlocks) {
      sink.problem(Severity.INFO, code("message.too-many-blocks"),
          "a message has more content blocks than are kept; the rest were left out");
    }
    if (invalidBlock) {
      sink.problem(Severity.INFO, code("message.block-invalid"),
          "a content block is not of the expected shape and was left out");
    }
  }

  /**
   * A line this pass cannot read: reported as the usage parser reports it, unless the usage pass did already; a
   * line the usage pass read without trouble is reported as a message without content (a store row whose event
   * is fine but whose rest is not, say).
   */
  private void problem(boolean parsed, boolean reported, ParseSink sink, String lineCode, String lineMessage) {
    if (reported) {
      return;
    }
    if (parsed) {
      sink.problem(Severity.WARNING, code("message.unreadable"),
          "a line's content could not be read; its message is shown without it");
    } else {
      sink.problem(Severity.WARNING, code(lineCode), lineMessage);
    }
  }

  /**
   * Gives each record of the line to a message: the line's assistant message (there is one for every record a
   * valid line gives), else a message of its own without content, so that no record is ever left unattached.
   */
  private void attach(List<Message> out, List<UsageRecord> records, LineView line) {
    int next = 0;
    for (int i = 0; i < out.size() && next < records.size(); i++) {
      Message m = out.get(i);
      if (m.role() == MessageRole.ASSISTANT && m.usage().isEmpty()) {
        UsageRecord r = records.get(next++);
        out.set(i, new Message(m.source(), m.sessionId(), m.id(), m.role(), m.timestamp(), Optional.of(r.model()),
            m.content(), Optional.of(r), m.subagent(), m.origin()));
      }
    }
    for (; next < records.size(); next++) {
      UsageRecord r = records.get(next);
      out.add(new Message(sourceId, r.sessionId(), Optional.empty(), MessageRole.ASSISTANT,
          Optional.of(r.timestamp()), Optional.of(r.model()), List.of(), Optional.of(r), r.has(RecordFlag.SUBAGENT),
          line.origin()));
    }
  }

  // ---- store rows

  private void readStoreRow(JsonParser p, LineView line, List<Message> out, boolean parsed, ParseSink sink)
      throws IOException {
    String type = null;
    String sessionId = null;
    boolean subagent = false;
    Entry event = null;
    boolean eventInvalid = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> type = Json.text(p);
        case "sessionId" -> sessionId = Json.text(p);
        case "subagent" -> subagent = t == JsonToken.VALUE_TRUE;
        case "event" -> {
          if (t == JsonToken.START_OBJECT) {
            event = readEntry(p);
          } else {
            p.skipChildren();
            eventInvalid = true;
          }
        }
        default -> p.skipChildren();
      }
    }
    if (PiParser.STORE_SESSION.equals(type)) {
      return; // a session's metadata row: no message
    }
    if (eventInvalid) {
      if (!parsed) {
        sink.problem(Severity.WARNING, code("line.not-object"), "a stored transcript event is not a JSON object");
      }
      return;
    }
    if (event == null) {
      return;
    }
    if (sessionId == null || sessionId.isBlank()) {
      if (!parsed) {
        sink.problem(Severity.WARNING, code("store.no-session"), "a stored transcript event names no session");
      }
      return;
    }
    messages(event, cap(sessionId), subagent, line, out, parsed, sink);
  }

  // ---- entries

  private void messages(
      Entry e, String sessionId, boolean subagent, LineView line, List<Message> out, boolean parsed,
      ParseSink sink) {
    String type = e.type;
    if (type == null && e.hasMessage) {
      type = "message";
    }
    if (type == null) {
      return;
    }
    Instant entryTime = Json.instant(e.timestamp);
    switch (type) {
      case "message" -> {
        if (e.msg == null) {
          if (!parsed) {
            sink.problem(Severity.WARNING, code("message.invalid"), "a message entry has no message object");
          }
          return;
        }
        message(e, e.msg, sessionId, subagent, entryTime, line, out, sink);
      }
      case "compaction", "branch_summary" -> out.add(message(MessageRole.SYSTEM, e.id, sessionId, entryTime, null,
          summary(e.summary, e.summaryInvalid), subagent, line));
      case "custom_message" -> out.add(message(MessageRole.SYSTEM, e.id, sessionId, entryTime, null, e.content,
          subagent, line));
      default -> { } // the header, model and thinking changes, labels, names, extension state: no message
    }
  }

  private List<ContentBlock> summary(String text, boolean invalid) {
    if (invalid) {
      invalidBlock = true;
    }
    List<ContentBlock> b = new ArrayList<>(1);
    if (text != null) {
      b.add(ContentBlock.text(text));
    }
    return b;
  }

  private void message(
      Entry e, Msg m, String sessionId, boolean subagent, Instant entryTime, LineView line, List<Message> out,
      ParseSink sink) {
    Instant when = m.millis != NONE ? Json.epochMillis(m.millis) : null;
    if (when == null) {
      when = Json.instant(m.timestampText);
    }
    if (when == null) {
      when = entryTime;
    }
    String role = m.role == null ? "" : m.role;
    switch (role) {
      case "user" -> out.add(message(MessageRole.USER, e.id, sessionId, when, null, m.content, subagent, line));
      case "assistant" -> {
        String provider = PiParser.providerId(m.provider);
        String model = m.model == null || m.model.isBlank() ? null : m.model.strip();
        if ("openclaw".equals(provider) || "delivery-mirror".equals(model) || "gateway-injected".equals(model)) {
          // a copy of a delivered reply, or a notice the gateway wrote: no model wrote it, no call was billed
          out.add(message(MessageRole.SYSTEM, e.id, sessionId, when, null, m.content, subagent, line));
          return;
        }
        out.add(message(MessageRole.ASSISTANT, e.id, sessionId, when, model, m.content, subagent, line));
        boolean failed = "error".equals(m.stopReason) || "aborted".equals(m.stopReason);
        if (failed && m.errorMessage != null && !m.errorMessage.isBlank()) {
          List<ContentBlock> b = new ArrayList<>(1);
          b.add(ContentBlock.text(m.errorMessage));
          out.add(message(MessageRole.SYSTEM, null, sessionId, when, null, b, subagent, line));
        }
      }
      case "toolResult" -> {
        List<ContentBlock> b = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<ContentBlock> rest = new ArrayList<>();
        for (ContentBlock x : m.content) {
          if (x.kind() == ContentBlock.Kind.TEXT) {
            if (text.length() > 0) {
              text.append('\n');
            }
            text.append(x.text());
          } else {
            rest.add(x);
          }
        }
        b.add(ContentBlock.toolResult(m.toolCallId, m.toolName, text.toString(), m.isError));
        b.addAll(rest);
        out.add(message(MessageRole.TOOL_RESULT, e.id, sessionId, when, null, b, subagent, line));
      }
      case "bashExecution" -> {
        // a command the person ran with "!": the call and its output, sent to the model as the person's message
        List<ContentBlock> b = new ArrayList<>(2);
        b.add(ContentBlock.toolCall(null, "bash", m.command));
        boolean failed = m.cancelled || (m.exitCode != NONE && m.exitCode != 0);
        b.add(ContentBlock.toolResult(null, "bash", m.output, failed));
        out.add(message(MessageRole.USER, e.id, sessionId, when, null, b, subagent, line));
      }
      case "custom", "hookMessage" ->
          out.add(message(MessageRole.SYSTEM, e.id, sessionId, when, null, m.content, subagent, line));
      case "branchSummary", "compactionSummary" -> out.add(message(MessageRole.SYSTEM, e.id, sessionId, when, null,
          summary(m.summary, m.summaryInvalid), subagent, line));
      default -> sink.problem(Severity.INFO, code("message.unknown-role"),
          "a message has a role this reader does not know, or none; it was not shown");
    }
  }

  private Message message(
      MessageRole role, String id, String sessionId, Instant when, String model, List<ContentBlock> content,
      boolean subagent, LineView line) {
    return new Message(sourceId, sessionId, Optional.ofNullable(id), role, Optional.ofNullable(when),
        Optional.ofNullable(model), content, Optional.empty(), subagent, line.origin());
  }

  // ---- reading

  /** An entry, as far as its messages go. */
  private static final class Entry {
    String type;
    String id;
    String timestamp;
    boolean hasMessage;
    Msg msg;
    String summary;
    boolean summaryInvalid;
    List<ContentBlock> content = List.of();
  }

  /** A message of an entry; every field optional. */
  private static final class Msg {
    String role;
    List<ContentBlock> content = List.of();
    String provider;
    String model;
    String stopReason;
    String errorMessage;
    long millis = NONE;
    String timestampText;
    String toolCallId;
    String toolName;
    boolean isError;
    String command;
    String output;
    long exitCode = NONE;
    boolean cancelled;
    String summary;
    boolean summaryInvalid;
  }

  private Entry readEntry(JsonParser p) throws IOException {
    Entry e = new Entry();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> e.type = Json.text(p);
        case "id" -> e.id = cap(Json.text(p));
        case "timestamp" -> e.timestamp = Json.text(p);
        case "message" -> {
          e.hasMessage = true;
          if (t == JsonToken.START_OBJECT) {
            e.msg = readMessage(p);
          } else {
            p.skipChildren();
          }
        }
        case "summary" -> {
          if (t == JsonToken.VALUE_STRING) {
            e.summary = c.string(p);
          } else {
            e.summaryInvalid = t != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
        }
        case "content" -> e.content = content(p);
        default -> p.skipChildren();
      }
    }
    return e;
  }

  private Msg readMessage(JsonParser p) throws IOException {
    Msg m = new Msg();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "role" -> m.role = Json.text(p);
        case "content" -> m.content = content(p);
        case "provider" -> m.provider = Json.text(p);
        case "model" -> m.model = cap(Json.text(p));
        case "stopReason" -> m.stopReason = Json.text(p);
        case "errorMessage" -> m.errorMessage = c.string(p);
        case "timestamp" -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            try {
              m.millis = p.getDecimalValue().setScale(0, RoundingMode.FLOOR).longValueExact();
            } catch (ArithmeticException x) {
              m.millis = NONE;
            }
          } else {
            m.timestampText = Json.text(p);
          }
        }
        case "toolCallId" -> m.toolCallId = cap(Json.text(p));
        case "toolName" -> m.toolName = cap(Json.text(p));
        case "isError" -> m.isError = t == JsonToken.VALUE_TRUE;
        case "command" -> m.command = c.anyText(p);
        case "output" -> m.output = c.anyText(p);
        case "exitCode" -> m.exitCode = integer(p);
        case "cancelled" -> m.cancelled = t == JsonToken.VALUE_TRUE;
        case "summary" -> {
          if (t == JsonToken.VALUE_STRING) {
            m.summary = c.string(p);
          } else {
            m.summaryInvalid = t != JsonToken.VALUE_NULL;
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return m;
  }

  private static long integer(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      BigDecimal d = p.getDecimalValue();
      try {
        return d.longValueExact();
      } catch (ArithmeticException x) {
        return NONE;
      }
    }
    p.skipChildren();
    return NONE;
  }

  /** A content value: a string (one text block) or an array of blocks; anything else gives no blocks. */
  private List<ContentBlock> content(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    List<ContentBlock> out = new ArrayList<>();
    if (t == JsonToken.VALUE_STRING) {
      out.add(ContentBlock.text(c.string(p)));
      return out;
    }
    if (t == JsonToken.VALUE_NULL) {
      return out;
    }
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      invalidBlock = true;
      return out;
    }
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t != JsonToken.START_OBJECT) {
        p.skipChildren();
        invalidBlock = true;
        continue;
      }
      ContentBlock b = block(p);
      if (b == null) {
        invalidBlock = true;
      } else if (out.size() < Content.MAX_BLOCKS) {
        out.add(b);
      } else {
        tooManyBlocks = true;
      }
    }
    return out;
  }

  /** One block: text, thinking, a tool call, an image (named by its media type only), or another kind by name. */
  private ContentBlock block(JsonParser p) throws IOException {
    String type = null;
    String text = null;
    boolean textInvalid = false;
    String thinking = null;
    boolean redacted = false;
    String id = null;
    String name = null;
    String arguments = null;
    String mime = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = p.nextToken();
      switch (f) {
        case "type" -> type = Json.text(p);
        case "text" -> {
          if (t == JsonToken.VALUE_STRING) {
            text = c.string(p);
          } else {
            textInvalid = true;
            p.skipChildren();
          }
        }
        case "thinking" -> {
          if (t == JsonToken.VALUE_STRING) {
            thinking = c.string(p);
          } else {
            textInvalid = true;
            p.skipChildren();
          }
        }
        case "redacted" -> redacted = t == JsonToken.VALUE_TRUE;
        case "id" -> id = cap(Json.text(p));
        case "name" -> name = cap(Json.text(p));
        case "arguments" -> arguments = c.anyText(p);
        case "mimeType" -> mime = Json.text(p);
        default -> p.skipChildren(); // image data and signatures are never read
      }
    }
    if (type == null) {
      return text != null && !textInvalid ? ContentBlock.text(text) : null;
    }
    return switch (type) {
      case "text" -> text != null ? ContentBlock.text(text) : null;
      case "thinking" -> thinking != null ? ContentBlock.thinking(thinking)
          : redacted && !textInvalid ? ContentBlock.thinking("") : null;
      case "toolCall" -> ContentBlock.toolCall(id, name, arguments);
      case "image" -> ContentBlock.attachment(mime(mime));
      default -> ContentBlock.attachment(name(type));
    };
  }

  /** A media type as given when it looks like one ({@code image/png}), else {@code image}. */
  private static String mime(String raw) {
    if (raw == null || raw.length() > 100) {
      return "image";
    }
    String m = raw.strip().toLowerCase(java.util.Locale.ROOT);
    return m.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? m : "image";
  }

  /** A block type as an identifier: printable ASCII, at most {@value #MAX_NAME} characters. */
  private static String name(String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(raw.length(), MAX_NAME));
    for (int i = 0; i < raw.length() && sb.length() < MAX_NAME; i++) {
      char ch = raw.charAt(i);
      sb.append(ch > 0x20 && ch < 0x7f ? ch : '_');
    }
    return sb.toString();
  }

  /** Ids are short; a longer one is cut. */
  private static String cap(String s) {
    return s == null || s.length() <= 1024 ? s : s.substring(0, 1024);
  }
}
