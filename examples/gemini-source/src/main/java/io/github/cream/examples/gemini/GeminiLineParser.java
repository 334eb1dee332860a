package io.github.cream.examples.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.cream.api.DedupKey;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Bytes;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one Gemini CLI chat file ({@code .jsonl}, Gemini CLI 0.39 and later) a line at a time.
 *
 * <h2>The file</h2>
 * Gemini CLI appends {@code JSON.stringify(record) + "\n"} with {@code fs.appendFileSync}: compact JSON, one object
 * per line (google-gemini/gemini-cli@016443b5e7bf36fc40313db8a901f639a4426a14:packages/core/src/services/chatRecordingService.ts,
 * {@code appendRecord}; https://github.com/google-gemini/gemini-cli/pull/23749). The lines, from the same file:
 * <ul>
 *   <li>line 1, the header {@code {"sessionId","projectHash","startTime","lastUpdated","kind","directories"?}},
 *       {@code kind} being {@code main} or {@code subagent} ({@code initialize()});
 *   <li>a message {@code {"id","timestamp","type","content",...}}; {@code type} is {@code user}, {@code gemini},
 *       {@code info}, {@code error} or {@code warning}, and only {@code gemini} messages carry {@code model} and
 *       {@code tokens} (types in google-gemini/gemini-cli@04741d1d7383bce06c0f0a22101561b619a75dd3:packages/core/src/services/chatRecordingTypes.ts);
 *   <li>{@code {"$set":{...}}}, a metadata patch: usually {@code lastUpdated} alone, sometimes the whole history as
 *       {@code messages}, tokens included ({@code updateMetadata}, {@code updateMessagesFromHistory});
 *   <li>{@code {"$rewindTo":"<id>"}}, which hides that message and the later ones from the CLI's view
 *       ({@code rewindTo}).
 * </ul>
 *
 * <h2>What counts</h2>
 * <ul>
 *   <li>Every {@code gemini} message with a {@code tokens} object is one model call: the CLI records the
 *       {@code usageMetadata} of one API response per message ({@code recordMessageTokens} in
 *       chatRecordingService.ts). {@code tokens: null} (usage not attached yet, or a synthetic message) counts
 *       nothing; {@code user}, {@code info}, {@code error} and {@code warning} messages never carry usage.
 *   <li><b>Re-appended messages.</b> {@code pushMessage} appends the whole message again every time it changes
 *       (tokens attached, tool calls merged), so one {@code id} appears on several lines, and the CLI's loader keeps
 *       the last one ({@code messagesMap.set(id, record)} in {@code loadConversationRecord}). Peers see the same on
 *       real files (https://github.com/alexei-led/ccgram/pull/66, https://github.com/angristan/fast-resume/pull/45).
 *       Each version with tokens is emitted with the {@link DedupKey} {@code gemini:<session id>:<message id>}, and
 *       the engine keeps one per key: the one with the most tokens, the earliest of equal ones. A message's usage
 *       is attached once and copied unchanged by later re-appends, so that is the last version's usage.
 *   <li><b>{@code $set} snapshots</b> copy messages that were appended before, tokens included. Their entries are
 *       read as further versions of the same ids (same key), never as new calls: a snapshot adds a call only if its
 *       bare line is missing, as splitrail found on real files (https://github.com/Piebald-AI/splitrail/pull/171).
 *   <li><b>{@code $rewindTo}</b> hides messages from the CLI, but their calls were billed: nothing is un-counted.
 *   <li>Subagents write their own files ({@code chats/<parent>/<id>.jsonl}, header {@code kind:"subagent"}); their
 *       calls are not copied into the parent's file, so they count, flagged {@link RecordFlag#SUBAGENT}.
 * </ul>
 *
 * <h2>Tokens</h2>
 * {@code tokens} is {@code {input, output, cached, thoughts, tool, total}} taken from Gemini's
 * {@code usageMetadata}: {@code input} = {@code promptTokenCount}, which <em>includes</em> the cached tokens;
 * {@code output} = {@code candidatesTokenCount}, which excludes {@code thoughts} ({@code thoughtsTokenCount});
 * {@code tool} = {@code toolUsePromptTokenCount}; {@code total} = input + output + thoughts + tool
 * (https://ai.google.dev/api/generate-content#UsageMetadata; https://firebase.google.com/docs/reference/js/ai.usagemetadata;
 * checked on real lines, e.g. jazzyalex/agent-sessions@4d66dfbaefec3b6aa558a43809b092b7d9e9fb7d:Resources/Fixtures/stage0/agents/gemini/jsonl_v040.jsonl).
 * In cream's meaning:
 * <pre>
 * input       = input - cached + tool     (prompt tokens not read from the cache; tool-use prompt tokens are prompt)
 * cacheRead   = cached
 * cacheWrite  = 0                         (Gemini reports no cache writes)
 * output      = output + thoughts         (reasoning is output)
 * reasoning   = thoughts
 * </pre>
 * {@code tool} is folded into input as tokscale and toktrack do (https://github.com/junhoyeo/tokscale/pull/531,
 * https://github.com/mag123c/toktrack/pull/145). When {@code total} shows that {@code input} already excludes the
 * cached tokens ({@code total == input + output + thoughts + tool + cached} but not without {@code cached}),
 * {@code input} is kept as it is, ccusage's guard (ccusage/ccusage@a77d8ab86834d36fdb9db854cc92621810c87ec3:rust/crates/ccusage/src/adapter/gemini/parser.rs,
 * {@code normalize_session_input}), with an INFO diagnostic; when neither sum matches, Gemini's documented meaning is
 * applied with a WARNING. Negative, fractional, non-numeric and absurd counts are WARNINGs and the message is not
 * counted; nothing read from the file is ever quoted in a diagnostic.
 *
 * <p>The model is the message's own {@code model}: models change within a session (the CLI falls back from Pro to
 * Flash, https://github.com/google-gemini/gemini-cli/issues/11650), so each call is priced by its own.
 */
final class GeminiLineParser implements LineParser {

  /**
   * One factory for every parser of every thread. Gemini CLI's lines nest a few levels (tool call arguments and
   * results are the deepest); the only long string this parser decodes is the first prompt, for the title. Strings
   * the parser does not need (answers, thoughts, tool output) are skipped without being decoded. Number and name
   * lengths stay at Jackson's defaults (1000 and 50,000): counts fit in 19 digits, but those limits apply to every
   * number and name of a parsed line, skipped ones included, so a long number or key a model wrote into a tool
   * call must not cost the line its usage. Source text is never put into error locations.
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(256)
                  .maxNumberLength(1000)
                  .maxStringLength(8 << 20)
                  .maxNameLength(50_000)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /** The provider of every call: the file does not say whether the Gemini API, Vertex AI or Code Assist served it. */
  static final String PROVIDER = "google";
  /** The model of a call whose message and file name none. */
  static final String UNKNOWN_MODEL = "unknown";
  /** The longest title, in code points. */
  static final int TITLE_MAX = 80;
  /** The largest count accepted for one call. */
  static final long MAX_TOKENS = 1_000_000_000_000L;

  private static final byte[] HEADER = Bytes.ascii("{\"sessionId\":");
  private static final byte[] REWIND = Bytes.ascii("{\"$rewindTo\":");
  private static final byte[] TOKENS = Bytes.ascii("\"tokens\":");
  private static final byte[] USER = Bytes.ascii("\"type\":\"user\"");
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

  private final String sourceId;
  private final String fallbackSessionId;
  private final String pathParent;
  private final String markerProject;
  private final ParserState st;
  private boolean dirty;

  GeminiLineParser(
      String sourceId, String fallbackSessionId, String pathParent, String markerProject, ParserState state) {
    this.sourceId = sourceId;
    this.fallbackSessionId = fallbackSessionId;
    this.pathParent = pathParent;
    this.markerProject = markerProject;
    this.st = state;
  }

  /**
   * The header, lines with {@code tokens} other than {@code null} (messages and snapshots with usage, and hostile
   * values, which are reported) and, until a title is known, user messages. {@code $set} patches without usage,
   * {@code $rewindTo} and messages without usage (most lines) are skipped unparsed. Gemini CLI writes compact JSON,
   * so {@code "tokens":} is followed directly by its value.
   */
  @Override
  public boolean wants(LineView line) {
    if (startsWith(line, REWIND)) {
      return false;
    }
    if (line.number() == 1 || startsWith(line, HEADER) || hasTokens(line)) {
      return true;
    }
    return st.title == null && line.contains(USER);
  }

  /** Whether a line has a {@code "tokens":} key whose value is not {@code null}. */
  private static boolean hasTokens(LineView line) {
    byte[] b = line.buffer();
    int end = line.start() + line.length();
    int from = line.start();
    while (true) {
      int at = Bytes.indexOf(b, from, end, TOKENS);
      if (at < 0) {
        return false;
      }
      int value = at + TOKENS.length;
      if (value >= end || b[value] != 'n') {
        return true;
      }
      from = value;
    }
  }

  private static boolean startsWith(LineView line, byte[] prefix) {
    if (line.length() < prefix.length) {
      return false;
    }
    byte[] b = line.buffer();
    int s = line.start();
    for (int i = 0; i < prefix.length; i++) {
      if (b[s + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ResumeState snapshot() {
    return ResumeState.of(st.encode());
  }

  @Override
  public void accept(LineView line, ParseSink sink) {
    Line l = new Line(st.title == null);
    try (JsonParser p = JSON.createParser(line.buffer(), line.start(), line.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        sink.problem(Severity.WARNING, "gemini.line.not-object", "a line is not a JSON object and was skipped");
        return;
      }
      l.read(p);
    } catch (StreamConstraintsException e) {
      sink.problem(Severity.WARNING, "gemini.line.too-complex", "a line exceeds the parser's limits and was skipped");
      return;
    } catch (IOException | RuntimeException e) {
      sink.problem(Severity.WARNING, "gemini.line.invalid-json", "a line is not valid JSON and was skipped");
      return;
    }
    dirty = false;
    if (l.rewind) {
      return; // the rewound calls were billed: they stay counted
    } else if (l.set) {
      for (Message m : l.snapshot) {
        message(m, line, sink);
      }
    } else if (l.message.type != null) {
      message(l.message, line, sink);
    } else if (l.sessionIdKey) {
      header(l, sink);
    } else {
      sink.problem(Severity.INFO, "gemini.line.unrecognized", "a line of an unknown kind was ignored");
    }
    if (dirty && st.sessionId != null) {
      sink.session(facts());
    }
  }

  // ---- line kinds

  private void header(Line l, ParseSink sink) {
    if (st.headerSeen) {
      sink.problem(Severity.INFO, "gemini.header.repeated", "a second session header was ignored");
      return;
    }
    st.headerSeen = true;
    if (st.sessionId == null) {
      String id = text(l.sessionId);
      st.sessionId = id != null ? id : fallbackSessionId;
    }
    if ("subagent".equals(l.kind)) {
      st.subagent = true;
    }
    if (l.directory != null && isAbsolute(l.directory)) {
      st.headerProject = ParserState.cap(l.directory);
    }
    st.seen(time(l.startTime));
    dirty = true;
  }

  private void message(Message m, LineView line, ParseSink sink) {
    if ("user".equals(m.type)) {
      if (st.title == null && m.text != null) {
        String t = title(m.text);
        if (t != null) {
          st.title = t;
          dirty = true;
        }
      }
      return;
    }
    if (!"gemini".equals(m.type)) {
      return; // info, error, warning: never usage
    }
    String model = text(m.model);
    if (model != null) {
      st.lastModel = model;
    }
    if (m.tokens == null) {
      return; // no usage yet: a later re-append of the same id carries it
    }
    Tokens t = m.tokens;
    if (t.invalid) {
      sink.problem(Severity.WARNING, "gemini.usage.invalid",
          "a token count is negative, fractional, oversized or not a number; the message was not counted");
      return;
    }
    TokenCounts counts = normalize(t, sink);
    if (counts == null) {
      return;
    }
    Instant ts = time(m.timestamp);
    if (ts == null) {
      Instant fallback = st.lastTimestamp != null ? st.lastTimestamp : st.firstSeen;
      if (fallback == null) {
        sink.problem(Severity.WARNING, "gemini.timestamp.unusable",
            "a message with usage has no valid timestamp and no earlier line gives one; it was not counted");
        return;
      }
      sink.problem(Severity.WARNING, m.timestamp == null ? "gemini.timestamp.missing" : "gemini.timestamp.invalid",
          "a message with usage has no valid timestamp; it is dated by the last valid time before it");
      ts = fallback;
    } else {
      st.lastTimestamp = ts;
    }
    if (st.sessionId == null) {
      st.sessionId = fallbackSessionId;
      sink.problem(Severity.INFO, "gemini.header.missing",
          "the file has no session header; the session id is taken from the file name");
    }
    boolean fallbackModel = false;
    if (model == null) {
      fallbackModel = true;
      if (st.lastModel != null) {
        model = st.lastModel;
        sink.problem(Severity.INFO, "gemini.model.previous",
            "a message with usage names no model; the model of the message before it is assumed");
      } else {
        model = UNKNOWN_MODEL;
        sink.problem(Severity.WARNING, "gemini.model.missing",
            "a message with usage names no model and none came before it; it is counted unpriced");
      }
    }
    String id = text(m.id);
    if (id == null) {
      sink.problem(Severity.INFO, "gemini.message.no-id",
          "a message with usage has no id; its copies, if any, cannot be recognised");
    }
    UsageRecord.Builder b = UsageRecord.builder()
        .source(sourceId)
        .provider(PROVIDER)
        .model(model)
        .sessionId(st.sessionId)
        .project(project())
        .timestamp(ts)
        .tokens(counts)
        .dedupKey(id == null ? null : new DedupKey(sourceId + ':' + st.sessionId + ':' + id, "", 0))
        .origin(line.origin());
    if (fallbackModel) {
      b.flag(RecordFlag.FALLBACK_MODEL);
    }
    if (subagent()) {
      b.flag(RecordFlag.SUBAGENT);
    }
    sink.record(b.build());
    st.seen(ts);
    dirty = true;
  }

  /** Gemini's counts in cream's meaning (see the class comment), or null when nothing is left to count. */
  private static TokenCounts normalize(Tokens t, ParseSink sink) {
    long in = t.input;
    long out = t.output;
    long cached = t.cached;
    long thoughts = t.thoughts;
    long tool = t.tool;
    long total = t.total;
    if (in == 0 && out == 0 && cached == 0 && thoughts == 0 && tool == 0) {
      if (total == 0) {
        sink.problem(Severity.INFO, "gemini.usage.empty", "a message's token counts are all zero; nothing was counted");
        return null;
      }
      // ccusage's rule for a bare total: it is generated output
      sink.problem(Severity.INFO, "gemini.usage.total-only",
          "a message gives only a total token count; it was counted as output");
      return new TokenCounts(0, 0, 0, 0, total, 0);
    }
    long inclusive = in + out + thoughts + tool;
    long net;
    if (total > 0 && cached > 0 && total != inclusive && total == inclusive + cached) {
      sink.problem(Severity.INFO, "gemini.usage.net-input",
          "a message's total shows its input already excludes cached tokens; the input was kept as recorded");
      net = in;
    } else {
      if (total > 0 && total != inclusive) {
        sink.problem(Severity.WARNING, "gemini.usage.total-mismatch",
            "a message's total matches no known sum of its counts; the counts were read in Gemini's meaning");
      }
      if (cached > in) {
        sink.problem(Severity.WARNING, "gemini.usage.cached-exceeds-input",
            "a message's cached tokens exceed its input tokens; its uncached input was counted as zero");
        net = 0;
      } else {
        net = in - cached;
      }
    }
    return new TokenCounts(net + tool, cached, 0, 0, out + thoughts, thoughts);
  }

  private SessionFacts facts() {
    SessionFacts.Builder b = SessionFacts.builder(sourceId, st.sessionId)
        .priority(10)
        .title(st.title)
        .project(project())
        .category(subagent() ? SessionCategory.SUBAGENT : SessionCategory.INTERACTIVE)
        .parentSessionId(pathParent != null && !pathParent.equals(st.sessionId) ? pathParent : null);
    if (st.firstSeen != null) {
      b.seen(st.firstSeen);
    }
    if (st.lastSeen != null) {
      b.seen(st.lastSeen);
    }
    return b.build();
  }

  private String project() {
    return markerProject != null ? markerProject : st.headerProject;
  }

  private boolean subagent() {
    return st.subagent || pathParent != null;
  }

  // ---- values

  /** A usable string: not blank, at most {@link ParserState#MAX_TEXT} characters, without control characters. */
  private static String text(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    if (t.isEmpty() || t.length() > ParserState.MAX_TEXT || t.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    return t;
  }

  private static boolean isAbsolute(String path) {
    return path.length() <= ParserState.MAX_TEXT
        && (path.startsWith("/") || (path.length() > 2 && path.charAt(1) == ':'));
  }

  /** An ISO-8601 instant between 2000 and 2100, or null. */
  static Instant time(String s) {
    if (s == null || s.length() > 64) {
      return null;
    }
    Instant t;
    try {
      t = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
    return t.isBefore(EARLIEST) || !t.isBefore(LATEST) ? null : t;
  }

  /** The first prompt as a title: whitespace collapsed, cut to {@value #TITLE_MAX} code points. */
  static String title(String text) {
    String s = text.length() > 4 * TITLE_MAX ? text.substring(0, 4 * TITLE_MAX) : text;
    s = s.replaceAll("\\s+", " ").strip();
    if (s.isEmpty()) {
      return null;
    }
    if (s.codePointCount(0, s.length()) > TITLE_MAX) {
      s = s.substring(0, s.offsetByCodePoints(0, TITLE_MAX - 1)).stripTrailing() + "\u2026";
    }
    return s;
  }

  // ---- reading a line

  /** The fields of one line that matter; everything else is skipped. */
  private static final class Line {
    final boolean wantText;
    final Message message = new Message();
    boolean rewind;
    boolean set;
    final List<Message> snapshot = new ArrayList<>();
    boolean sessionIdKey;
    String sessionId;
    String startTime;
    String kind;
    String directory;

    Line(boolean wantText) {
      this.wantText = wantText;
    }

    /** Reads the fields of the top-level object; the parser is after its START_OBJECT. */
    void read(JsonParser p) throws IOException {
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "$rewindTo" -> {
            rewind = true;
            p.skipChildren();
          }
          case "$set" -> {
            set = true;
            readSet(p, v);
          }
          case "sessionId" -> {
            sessionIdKey = true;
            sessionId = string(p, v);
          }
          case "startTime" -> startTime = string(p, v);
          case "kind" -> kind = string(p, v);
          case "directories" -> directory = firstString(p, v);
          default -> message.field(name, p, v, wantText);
        }
      }
    }

    private void readSet(JsonParser p, JsonToken v) throws IOException {
      if (v != JsonToken.START_OBJECT) {
        p.skipChildren();
        return;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("messages") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.START_OBJECT) {
              Message m = new Message();
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                m.field(f, p, p.nextToken(), wantText);
              }
              if (m.tokens != null || "user".equals(m.type)) {
                snapshot.add(m);
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }

    private static String firstString(JsonParser p, JsonToken v) throws IOException {
      if (v != JsonToken.START_ARRAY) {
        p.skipChildren();
        return null;
      }
      String first = null;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (first == null && p.currentToken() == JsonToken.VALUE_STRING) {
          first = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return first;
    }
  }

  /** The fields of one message that matter. */
  private static final class Message {
    String id;
    String timestamp;
    String type;
    String model;
    /** Null when absent or {@code null}. */
    Tokens tokens;
    /** The first text of the content, when a title may still be needed. */
    String text;

    void field(String name, JsonParser p, JsonToken v, boolean wantText) throws IOException {
      switch (name) {
        case "id" -> id = string(p, v);
        case "timestamp" -> timestamp = string(p, v);
        case "type" -> type = string(p, v);
        case "model" -> model = string(p, v);
        case "tokens" -> tokens = v == JsonToken.START_OBJECT ? Tokens.read(p) : skip(p);
        case "content" -> {
          // Gemini CLI writes "type" before "content": an answer's content is skipped, never decoded
          if (wantText && (type == null || type.equals("user"))) {
            text = firstText(p, v);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }

    private static Tokens skip(JsonParser p) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return null;
      }
      p.skipChildren();
      Tokens t = new Tokens();
      t.invalid = true;
      return t;
    }

    /** A string content, or the first {@code text} part of a content array ({@code [{"text":"..."}]}). */
    private static String firstText(JsonParser p, JsonToken v) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        return p.getText();
      }
      if (v != JsonToken.START_ARRAY) {
        p.skipChildren();
        return null;
      }
      String first = null;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        JsonToken t = p.currentToken();
        if (first == null && t == JsonToken.VALUE_STRING) {
          first = p.getText();
        } else if (first == null && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken fv = p.nextToken();
            if (first == null && f.equals("text") && fv == JsonToken.VALUE_STRING) {
              first = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      return first;
    }
  }

  /** A {@code tokens} object; absent and {@code null} counts are zero. */
  private static final class Tokens {
    long input;
    long output;
    long cached;
    long thoughts;
    long tool;
    long total;
    boolean invalid;

    /** Reads the object; the parser is on its START_OBJECT. */
    static Tokens read(JsonParser p) throws IOException {
      Tokens t = new Tokens();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "input" -> t.input = t.count(p, v);
          case "output" -> t.output = t.count(p, v);
          case "cached" -> t.cached = t.count(p, v);
          case "thoughts" -> t.thoughts = t.count(p, v);
          case "tool" -> t.tool = t.count(p, v);
          case "total" -> t.total = t.count(p, v);
          default -> p.skipChildren();
        }
      }
      return t;
    }

    /** A count: a whole number from 0 to {@link #MAX_TOKENS}; null is 0; anything else marks the object invalid. */
    private long count(JsonParser p, JsonToken v) throws IOException {
      if (v == JsonToken.VALUE_NULL) {
        return 0;
      }
      if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        long n = p.getLongValue();
        if (n >= 0 && n <= MAX_TOKENS) {
          return n;
        }
      } else if (v == JsonToken.VALUE_NUMBER_FLOAT) {
        double d = p.getDoubleValue();
        if (Double.isFinite(d) && d == Math.rint(d) && d >= 0 && d <= MAX_TOKENS) {
          return (long) d;
        }
      } else {
        p.skipChildren();
      }
      invalid = true;
      return 0;
    }
  }

  private static String string(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }
}
