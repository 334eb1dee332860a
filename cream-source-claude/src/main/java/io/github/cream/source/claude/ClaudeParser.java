package io.github.cream.source.claude;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Money;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Bytes;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Timestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one Claude Code transcript, a line at a time.
 *
 * <h2>Which lines are calls</h2>
 * A call is a line whose <em>top-level</em> {@code message.usage} is an object, on a line of type
 * {@code assistant}, or with no {@code type} at all (older and third-party writers, and ccusage's own fixtures, omit
 * it). Lines of any other explicit type are never calls: Claude Code writes usage only on assistant lines, and a
 * line of another type that carried one would be something else (a copy, or a summary of totals), which counting
 * would double. A type Claude Code is not known to write ({@link TopLevel#NOT_CALLS}) that carries a top-level
 * {@code message.usage} is reported ({@code claude.line.unknown-type-usage}, INFO), so a new kind of call line
 * cannot go unnoticed. Never counted:
 * <ul>
 *   <li>copies nested in {@code progress} lines ({@code data.message.message.usage}): the parser stops reading a
 *       progress line at its {@code type};
 *   <li>{@code usage.iterations[]} entries of type {@code message} (and any type but {@code advisor_message}), a
 *       breakdown of the top-level counts, never added to them. An {@code advisor_message} entry is different: the
 *       advisor tool's sub-inference on another (stronger) model, whose tokens the top-level counts leave out; it
 *       becomes a record of its own under that model (ccusage does the same);
 *   <li>messages of the model {@code <synthetic>}, which Claude Code makes up locally (errors, notices);
 *   <li>API-error messages whose usage is all zero (one with non-zero usage is kept, flagged
 *       {@link RecordFlag#ABORTED}).
 * </ul>
 *
 * <h2>Copies of one call</h2>
 * Claude Code writes one line per content block of a streamed response, each repeating the message id, the request
 * id and the usage so far (the last line holds the final output count); resumed and forked sessions copy earlier
 * lines into new files. Every line becomes a record with a {@link DedupKey}, and the engine keeps, across all
 * files, the largest record of each key, dated at the earliest copy:
 * <ul>
 *   <li>with a request id: group = message id, variant = request id. Distinct calls that share a message id (the
 *       API has reused one under load) keep distinct request ids and all count.
 *   <li>without one (gateways, some 2.1.x logs): group = message id within the session (gateways reuse ids across
 *       sessions), variant empty.
 *   <li>tier 0 for main-conversation lines, 1 for subagent lines (files below {@code subagents/}, old
 *       {@code agent-*.jsonl} files, inline {@code isSidechain:true} lines). A subagent's own calls have their own
 *       message ids, so the tier changes nothing for them; but a sidechain or {@code /btw} replay re-logs a parent
 *       message under the same message id with a new request id and the parent's cache reads, and the tier makes
 *       the main copy win (the rule ccusage applies).
 * </ul>
 *
 * <h2>Tokens</h2>
 * input = {@code input_tokens}; cache read = {@code cache_read_input_tokens}; cache writes from
 * {@code cache_creation.ephemeral_5m_input_tokens} and {@code ephemeral_1h_input_tokens}; without that split, all
 * of {@code cache_creation_input_tokens} is a 5-minute write. When the split adds up to less than
 * {@code cache_creation_input_tokens}, the difference is counted as 5-minute writes (billed tokens are never
 * dropped; an unlabelled write is priced like a log without the split); when it adds up to more, the split is
 * kept (it is the detailed figure). Both cases are reported at INFO. output = {@code output_tokens} (thinking
 * included); reasoning = {@code output_tokens_details.thinking_tokens}, at most the output. A token count must be a
 * JSON integer from 0 to 10<sup>12</sup>, and so must their sum; anything else (negative, fractional, string,
 * larger) makes the line {@code claude.usage.invalid} and no record. {@code null} means absent everywhere.
 *
 * <h2>Provider and tier</h2>
 * Model ids shaped like Amazon Bedrock's ({@code anthropic.claude-…-v1:0}, with or without a region prefix such as
 * {@code us.} or {@code global.}, or an {@code arn:aws:bedrock} ARN) are served by {@code amazon-bedrock}; ids with
 * Vertex AI's {@code @date} suffix ({@code claude-…@20250929}) by {@code google-vertex}; everything else by
 * {@code anthropic}. {@code usage.speed == "fast"} is the {@code fast} service tier.
 *
 * <h2>Session facts</h2>
 * A line's session is its {@code sessionId} (files below {@code subagents/} always belong to the session folder
 * above them; lines without one fall back to the file's layout, see {@link FileLayout}). The title is the latest
 * {@code custom-title}, else the latest {@code ai-title}, else the latest {@code summary} line, else the first real
 * prompt of the main conversation; titles are the only log text that leaves the parser. In a resumed session's
 * file, the prompts copied from the session it continues keep that session's id: such a session is reported from
 * the file only once a call of it appears there ({@link FileLayout#copiedFrom}), so copied prompts alone make no
 * session.
 *
 * <h2>Speed</h2>
 * {@link #wants} decides on bytes, walking only the top-level keys up to {@code type} or {@code message} (see
 * {@link TopLevel}): progress lines, tool results, file-history snapshots and system lines, most of a transcript's
 * bytes, are rejected after their first few hundred bytes without a byte search through them, let alone a parse;
 * user lines stop mattering once their session has a title. A wanted line is read by {@link FastLineJson}, a strict
 * byte-level reader (no parser object per line; names and repeating values such as paths, versions and models come
 * from per-thread caches; skipped values are checked eight bytes at a time), stopping at the top-level {@code type}
 * when it is not interesting and skipping {@code content}, {@code toolUseResult}, {@code data} and the like without
 * decoding them. Whatever that reader declines (malformed or torn JSON, escaped names, limits) is read again from the
 * start by a Jackson parser of the shared {@link JsonFactory}, with the same reading code ({@link LineJson}), so the
 * answer, errors included, is always Jackson's ({@code FastLineJsonProperties}). Only the strings a line's answer
 * needs are built, and the records of a streamed message's lines share the ids, key and counts they repeat
 * ({@link RecordParts}): a scan keeps every record until it ends.
 */
final class ClaudeParser implements LineParser {

  /**
   * One factory for every parser (factories are thread-safe and caching). Constraints, chosen for this format:
   * <ul>
   *   <li>nesting depth 200: Claude Code lines nest a few dozen levels at most (tool inputs included); deeper
   *       nesting is hostile input and is refused instead of growing the parser's context chain;
   *   <li>number length 1000 digits (Jackson's default): the limit applies to every number of a line, including
   *       those inside tool inputs that are skipped, so it must stay generous; token counts themselves are further
   *       limited to 10<sup>12</sup>;
   *   <li>string length 1 MiB: the strings actually decoded are ids, model names, paths, timestamps and the first
   *       prompt (for the title); skipped values (content, tool results, snapshots) are never decoded and so never
   *       limited. A longer first prompt just does not give the title;
   *   <li>field-name length 50,000 (Jackson's default): names are decoded even in skipped structures.
   * </ul>
   * Source text is never included in parser error locations, so no exception can carry log content.
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(200)
                  .maxNumberLength(1000)
                  .maxStringLength(1 << 20)
                  .maxNameLength(50_000)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /** The largest token count one call may report, in any one field and in all fields together. */
  static final long MAX_TOKENS = 1_000_000_000_000L;

  private static final String USAGE_INVALID =
      "a call's token counts are not whole numbers from 0 to 10^12 (each, and all together); the call was skipped";

  /** The largest cost one call may record, in dollars. */
  static final BigDecimal MAX_COST_USD = BigDecimal.valueOf(1_000_000);

  static final String SYNTHETIC_MODEL = "<synthetic>";
  static final String UNKNOWN_MODEL = "unknown";

  private static final Pattern BEDROCK =
      Pattern.compile("^(?:arn:aws[a-z-]*:bedrock:.*|(?:[a-z][a-z-]{1,9}\\.)?anthropic\\.claude.*)$");
  private static final Pattern VERTEX = Pattern.compile("^claude-[^@/]*@\\d{8}$");

  private static final Set<String> NOT_CALLS = Set.copyOf(TopLevel.NOT_CALLS);

  private static final long ABSENT = -1;
  private static final long INVALID = -2;

  private final FileLayout layout;
  private final ParserState state;
  private final Line l = new Line();
  private final TopLevel top = new TopLevel();
  /**
   * The byte-level readers, one per thread: its caches of names and repeating values then serve every file the
   * thread reads (a line is read within one {@link #accept} call, so a reader is never shared by two lines).
   */
  private static final ThreadLocal<FastLineJson> READERS = ThreadLocal.withInitial(FastLineJson::new);

  /** Whether the byte-level reader is tried first on every line (else every line is read with Jackson). */
  private final boolean fast;
  private String lastModel;
  private String lastProvider;
  /** The last message id and request id read: a streamed message's lines repeat them (see {@link RecordParts}). */
  private String lastMessageId;
  private String lastRequestId;
  private final RecordParts parts = new RecordParts();
  /** A call's flags, cleared for each call (a record copies them). */
  private final EnumSet<RecordFlag> flags = EnumSet.noneOf(RecordFlag.class);

  ClaudeParser(FileLayout layout, ParserState state) {
    this(layout, state, true);
  }

  /**
   * A parser.
   *
   * @param layout the file's layout
   * @param state the state to resume from
   * @param fast whether to try the byte-level reader first (false: every line is read by Jackson, the reference
   *     the byte-level reader must agree with)
   */
  ClaudeParser(FileLayout layout, ParserState state, boolean fast) {
    this.layout = layout;
    this.state = state;
    this.fast = fast;
  }

  // ---- the byte pre-filter

  /**
   * Whether a line can matter, from its bytes (see {@link TopLevel}): assistant lines, lines whose
   * {@code message} comes before their type, untyped lines, summary and title lines, and user lines while their
   * session still lacks a title. Progress, system, snapshot, queue and every other type are rejected after their
   * first few hundred bytes, whatever they nest; lines the walk cannot settle are left to the parser.
   */
  @Override
  public boolean wants(LineView line) {
    byte[] b = line.buffer();
    int start = line.start();
    int end = start + line.length();
    return switch (top.classify(b, start, end)) {
      case TopLevel.NOT_OBJECT, TopLevel.NOTHING, TopLevel.OTHER -> false;
      case TopLevel.USER -> layout.titlesPossible()
          && (!state.titled(currentSession()) || untitledOtherSession(b, start, end));
      default -> true;
    };
  }

  /**
   * The pre-filter on the head of a line too long to hold: decided when the top-level walk reaches the line's type
   * within those bytes (a tool result's user line, a progress or snapshot line) exactly as {@link #wants} would
   * decide on the whole line; anything the head cannot settle is held and asked again whole.
   */
  @Override
  public boolean skipsLineStartingWith(LineView head) {
    byte[] b = head.buffer();
    int start = head.start();
    int end = start + head.length();
    return switch (top.classify(b, start, end)) {
      case TopLevel.NOT_OBJECT, TopLevel.NOTHING, TopLevel.OTHER -> true;
      case TopLevel.USER -> !layout.titlesPossible()
          || (state.titled(currentSession())
              && (layout.forcedSession() != null || top.sessionStart >= 0)
              && !untitledOtherSession(b, start, end));
      default -> false;
    };
  }

  /**
   * Whether the line names a session other than the current one that has no title yet (a resumed file's new
   * session, after the history it copied). Asked only for user lines once the current session has its title.
   */
  private boolean untitledOtherSession(byte[] b, int start, int end) {
    if (layout.forcedSession() != null) {
      return false;
    }
    int from = top.sessionStart;
    int to = top.sessionEnd;
    if (from < 0) {
      int at = Bytes.indexOf(b, start, end, SESSION_ID);
      if (at < 0) {
        return false;
      }
      from = at + SESSION_ID.length;
      to = -1;
      int limit = Math.min(end, from + ParserState.MAX_ID_CHARS + 1);
      for (int j = from; j < limit; j++) {
        if (b[j] == '"' || b[j] == '\\') {
          to = b[j] == '"' ? j : -1;
          break;
        }
      }
    }
    if (to <= from || to - from > ParserState.MAX_ID_CHARS) {
      return false; // no usable id: left to the parse
    }
    String current = currentSession();
    if (current != null && sameAscii(b, from, to, current)) {
      return false; // the current session, told from the bytes: most lines name it, and then no string is made
    }
    String id = new String(b, from, to - from, StandardCharsets.UTF_8);
    return !id.equals(current) && !state.titled(id);
  }

  /** Whether the bytes are ASCII and spell the string (false for anything else, even an equal non-ASCII text). */
  private static boolean sameAscii(byte[] b, int from, int to, String s) {
    if (to - from != s.length()) {
      return false;
    }
    for (int j = from; j < to; j++) {
      if (b[j] < 0 || b[j] != s.charAt(j - from)) {
        return false;
      }
    }
    return true;
  }

  private static final byte[] SESSION_ID = Bytes.ascii("\"sessionId\":\"");

  private String currentSession() {
    if (layout.forcedSession() != null) {
      return layout.forcedSession();
    }
    return state.current != null ? state.current : layout.fallbackSession();
  }

  @Override
  public ResumeState snapshot() {
    return ResumeState.of(state.encode());
  }

  // ---- parsing

  /** What one line says; reused from line to line. */
  private static final class Line {
    String type;
    boolean typeSeen;
    String sessionId;
    /** The line's time, parsed as soon as read (null if none or not valid). */
    Instant time;
    /** Whether the line gives a timestamp string, valid or not. */
    boolean timestampGiven;
    boolean timestampInvalid;
    String cwd;
    String version;
    String gitBranch;
    String entrypoint;
    String requestId;
    String uuid;
    Boolean sidechain;
    boolean apiError;
    boolean meta;
    boolean compactSummary;
    boolean transcriptOnly;
    BigDecimal cost;
    boolean costInvalid;
    String summary;
    String customTitle;
    String aiTitle;
    String messageId;
    String model;
    String role;
    boolean usagePresent;
    boolean usageInvalid;
    long input;
    long output;
    long cacheRead;
    long cacheCreation;
    long write5m;
    long write1h;
    long thinking;
    boolean thinkingInvalid;
    String speed;
    String prompt;
    boolean toolResult;
    boolean machineOrigin;
    final List<Advisor> advisors = new ArrayList<>();
    int advisorCount;

    void reset() {
      type = null;
      typeSeen = false;
      sessionId = null;
      time = null;
      timestampGiven = false;
      timestampInvalid = false;
      cwd = null;
      version = null;
      gitBranch = null;
      entrypoint = null;
      requestId = null;
      uuid = null;
      sidechain = null;
      apiError = false;
      meta = false;
      compactSummary = false;
      transcriptOnly = false;
      cost = null;
      costInvalid = false;
      summary = null;
      customTitle = null;
      aiTitle = null;
      messageId = null;
      model = null;
      role = null;
      usagePresent = false;
      usageInvalid = false;
      input = ABSENT;
      output = ABSENT;
      cacheRead = ABSENT;
      cacheCreation = ABSENT;
      write5m = ABSENT;
      write1h = ABSENT;
      thinking = ABSENT;
      thinkingInvalid = false;
      speed = null;
      prompt = null;
      toolResult = false;
      machineOrigin = false;
      advisorCount = 0;
    }

    /** A cleared slot for the next advisor iteration, or null past {@link #MAX_ADVISORS}. */
    Advisor nextAdvisor() {
      if (advisorCount >= MAX_ADVISORS) {
        return null;
      }
      if (advisorCount == advisors.size()) {
        advisors.add(new Advisor());
      }
      Advisor a = advisors.get(advisorCount++);
      a.reset();
      return a;
    }
  }

  /** The most advisor iterations read from one line. */
  static final int MAX_ADVISORS = 32;

  /** One {@code usage.iterations[]} entry of type {@code advisor_message}: a sub-inference of another model. */
  private static final class Advisor {
    String type;
    String model;
    long input;
    long output;
    long cacheRead;
    long cacheCreation;
    long write5m;
    long write1h;
    boolean invalid;

    void reset() {
      type = null;
      model = null;
      input = ABSENT;
      output = ABSENT;
      cacheRead = ABSENT;
      cacheCreation = ABSENT;
      write5m = ABSENT;
      write1h = ABSENT;
      invalid = false;
    }
  }

  @Override
  public void accept(LineView line, ParseSink sink) {
    l.reset();
    byte[] buf = line.buffer();
    int start = line.start();
    int length = line.length();
    if (fast && FastLineJson.tries(buf, start, length)) {
      boolean read = false;
      boolean interesting = false;
      try {
        interesting = read(READERS.get().reset(buf, start, length));
        read = true;
      } catch (IOException | RuntimeException e) {
        l.reset(); // declined (or anything unexpected): Jackson reads the line again from its start
      }
      if (read) {
        if (interesting) {
          handle(line, sink);
        }
        return;
      }
    }
    boolean interesting;
    try (JsonParser p = JSON.createParser(buf, start, length)) {
      interesting = read(new LineJson.Jackson(p));
    } catch (StreamConstraintsException e) {
      // a user line only ever gives a title; any other line may have been a call
      boolean userLine = "user".equals(l.type);
      sink.problem(
          userLine ? Severity.INFO : Severity.WARNING,
          "claude.line.too-large",
          "a line exceeds the parser's size or nesting limits and was skipped");
      return;
    } catch (IOException e) {
      sink.problem(Severity.WARNING, "claude.line.malformed-json", "a line is not valid JSON and was skipped");
      return;
    }
    if (interesting) {
      handle(line, sink);
    }
  }

  /**
   * Reads a line into {@link #l}.
   *
   * @return false if the line turned out not to matter (parsing stopped early), true to handle it
   */
  private boolean read(LineJson p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      // valid JSON that is not an object (a bare string or array): nothing Claude Code writes; ignored
      p.skipChildren();
      if (p.nextToken() != null) {
        throw malformed();
      }
      return false;
    }
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      switch (name) {
        case "type" -> {
          l.typeSeen = true;
          l.type = shared(p);
          if (!interesting()) {
            return false;
          }
        }
        case "sessionId" -> l.sessionId = shared(p);
        case "timestamp" -> {
          if (t == JsonToken.VALUE_STRING) {
            // parsed while the reader is on it: no string of it is made
            l.time = instant(p.textView());
            l.timestampGiven = true;
          } else if (t != JsonToken.VALUE_NULL) {
            l.timestampInvalid = true;
            p.skipChildren();
          }
        }
        case "cwd" -> l.cwd = shared(p);
        case "version" -> l.version = shared(p);
        case "gitBranch" -> l.gitBranch = shared(p);
        case "entrypoint" -> l.entrypoint = shared(p);
        case "requestId" -> {
          l.requestId = textLike(p, lastRequestId);
          if (l.requestId != null) {
            lastRequestId = l.requestId;
          }
        }
        case "uuid" -> l.uuid = string(p);
        case "isSidechain" -> {
          l.sidechain = bool(p);
          if (!interesting()) {
            return false;
          }
        }
        case "isApiErrorMessage" -> l.apiError = Boolean.TRUE.equals(bool(p));
        case "isMeta" -> l.meta = Boolean.TRUE.equals(bool(p));
        case "isCompactSummary" -> l.compactSummary = Boolean.TRUE.equals(bool(p));
        case "isVisibleInTranscriptOnly" -> l.transcriptOnly = Boolean.TRUE.equals(bool(p));
        case "costUSD" -> cost(p, t);
        case "summary" -> l.summary = title(p, t);
        case "customTitle" -> l.customTitle = title(p, t);
        case "aiTitle" -> l.aiTitle = title(p, t);
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
    if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
      throw malformed();
    }
    return true;
  }

  private static IOException malformed() {
    return new IOException("not a single JSON value");
  }

  /**
   * Whether the line can still matter given what has been read: an assistant line or a line without a type
   * always; a user line only while its session has no title and this file may title it; summary and title lines.
   */
  private boolean interesting() {
    if (!l.typeSeen) {
      return true;
    }
    String type = l.type;
    if (type == null) {
      return true; // "type": null is no type at all
    }
    return switch (type) {
      case "assistant", "summary", "custom-title", "ai-title" -> true;
      case "user" -> wantsPrompt();
      default -> !NOT_CALLS.contains(type); // an unknown type is read to the end, to report usage on it
    };
  }

  /** Whether a prompt on this line could still become a title. */
  private boolean wantsPrompt() {
    if (!layout.titlesPossible()) {
      return false;
    }
    if (l.sidechain != null && !layout.titleFrom(l.sidechain)) {
      return false;
    }
    String session = sessionOf(l.sessionId);
    return !state.titled(session);
  }

  private void message(LineJson p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> {
          l.messageId = textLike(p, lastMessageId);
          if (l.messageId != null) {
            lastMessageId = l.messageId;
          }
        }
        case "model" -> l.model = shared(p);
        case "role" -> l.role = shared(p);
        case "usage" -> usage(p, t);
        case "content" -> {
          if (capturesPrompt()) {
            content(p, t);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  /** Whether the content of this line's message is worth reading for a title. */
  private boolean capturesPrompt() {
    if ("assistant".equals(l.role) || (l.typeSeen && !"user".equals(l.type))) {
      return false;
    }
    return wantsPrompt();
  }

  private void usage(LineJson p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return; // usage: null is no usage
    }
    l.usagePresent = true;
    if (t != JsonToken.START_OBJECT) {
      l.usageInvalid = true;
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "input_tokens" -> l.input = tokens(p, v);
        case "output_tokens" -> l.output = tokens(p, v);
        case "cache_read_input_tokens" -> l.cacheRead = tokens(p, v);
        case "cache_creation_input_tokens" -> l.cacheCreation = tokens(p, v);
        case "cache_creation" -> cacheCreation(p, v);
        case "output_tokens_details" -> outputDetails(p, v);
        case "speed" -> l.speed = shared(p);
        case "iterations" -> iterations(p, v);
        default -> p.skipChildren(); // server_tool_use, service_tier, inference_geo, ...
      }
    }
  }

  private void cacheCreation(LineJson p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      l.usageInvalid = true;
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "ephemeral_5m_input_tokens" -> l.write5m = tokens(p, v);
        case "ephemeral_1h_input_tokens" -> l.write1h = tokens(p, v);
        default -> p.skipChildren();
      }
    }
  }

  /**
   * Reads {@code usage.iterations[]} for its {@code advisor_message} entries. The other entries break the top-level
   * counts down and are never added; an advisor entry is a sub-inference of the advisor model whose tokens the
   * top-level counts leave out, billed at that model's rates.
   */
  private void iterations(LineJson p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
      if (e != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      Advisor a = l.nextAdvisor();
      if (a == null) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "type" -> a.type = string(p);
          case "model" -> a.model = string(p);
          case "input_tokens" -> a.input = advisorCount(p, v, a);
          case "output_tokens" -> a.output = advisorCount(p, v, a);
          case "cache_read_input_tokens" -> a.cacheRead = advisorCount(p, v, a);
          case "cache_creation_input_tokens" -> a.cacheCreation = advisorCount(p, v, a);
          case "cache_creation" -> {
            if (v == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                JsonToken w = p.nextToken();
                switch (n) {
                  case "ephemeral_5m_input_tokens" -> a.write5m = advisorCount(p, w, a);
                  case "ephemeral_1h_input_tokens" -> a.write1h = advisorCount(p, w, a);
                  default -> p.skipChildren();
                }
              }
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      if (!"advisor_message".equals(a.type)) {
        l.advisorCount--; // a breakdown of the top-level counts: the slot is reused
      }
    }
  }

  private static long advisorCount(LineJson p, JsonToken t, Advisor a) throws IOException {
    long n = count(p, t);
    if (n == INVALID) {
      a.invalid = true;
    }
    return n;
  }

  private void outputDetails(LineJson p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      if (t != JsonToken.VALUE_NULL) {
        l.thinkingInvalid = true;
      }
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("thinking_tokens")) {
        long n = count(p, v);
        if (n == INVALID) {
          l.thinkingInvalid = true;
        } else {
          l.thinking = n;
        }
      } else {
        p.skipChildren();
      }
    }
  }

  /** A token count, or {@link #ABSENT} for null; an invalid one marks the usage invalid. */
  private long tokens(LineJson p, JsonToken t) throws IOException {
    long n = count(p, t);
    if (n == INVALID) {
      l.usageInvalid = true;
    }
    return n;
  }

  /** A whole number from 0 to {@link #MAX_TOKENS}, {@link #ABSENT} for null, else {@link #INVALID}. */
  private static long count(LineJson p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return ABSENT;
    }
    if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long v = p.getLongValue();
      return v < 0 || v > MAX_TOKENS ? INVALID : v;
    }
    p.skipChildren();
    return INVALID;
  }

  /**
   * Newer versions say who wrote a user message ({@code "origin":{"kind":"human"}}); notifications and hooks are
   * not prompts.
   */
  private void origin(LineJson p, JsonToken t) throws IOException {
    Boolean machine = machineOrigin(p, t);
    if (machine != null) {
      l.machineOrigin = machine;
    }
  }

  /**
   * Reads an {@code origin} object: whether its {@code kind} says a notification, a hook or the system wrote the
   * message rather than a person.
   *
   * @param p the parser, on the value of {@code origin}
   * @param t the value's token
   * @return the answer, or null when the object names no kind
   * @throws IOException if the JSON is broken
   */
  static Boolean machineOrigin(JsonParser p, JsonToken t) throws IOException {
    return machineOrigin(new LineJson.Jackson(p), t);
  }

  private static Boolean machineOrigin(LineJson p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    Boolean machine = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("kind") && v == JsonToken.VALUE_STRING) {
        String kind = p.getText();
        machine = kind.contains("notification") || kind.contains("hook") || kind.contains("system");
      } else {
        p.skipChildren();
      }
    }
    return machine;
  }

  private void cost(LineJson p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      try {
        BigDecimal usd = p.getDecimalValue();
        if (usd.signum() >= 0 && usd.compareTo(MAX_COST_USD) <= 0) {
          l.cost = usd;
          return;
        }
      } catch (IOException | NumberFormatException | ArithmeticException e) {
        // a number the conversion refuses (an exponent out of range): invalid like any other absurd value
      }
      l.costInvalid = true;
      return;
    }
    l.costInvalid = true;
    p.skipChildren();
  }

  /** Reads a user message's content for its first real prompt, without copying a long text. */
  private void content(LineJson p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      candidate(p);
      return;
    }
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY && e != null) {
      if (e != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("type") && v == JsonToken.VALUE_STRING && "tool_result".equals(p.getText())) {
          l.toolResult = true;
        } else if (name.equals("text") && v == JsonToken.VALUE_STRING && l.prompt == null) {
          candidate(p);
        } else {
          p.skipChildren();
        }
      }
    }
  }

  private void candidate(LineJson p) throws IOException {
    char[] buf = p.getTextCharacters();
    int off = p.getTextOffset();
    int len = p.getTextLength();
    if (!Titles.generated(buf, off, len)) {
      l.prompt = Titles.of(buf, off, len);
    }
  }

  private static String title(LineJson p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return null;
    }
    return Titles.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  private static String string(LineJson p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /** A string value that often repeats the previous one of its field ({@code previous} is handed back if equal). */
  private static String textLike(LineJson p, String previous) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.textLike(previous);
    }
    p.skipChildren();
    return null;
  }

  /** A string value that repeats from line to line (an equal string made before may be handed back). */
  private static String shared(LineJson p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.sharedText();
    }
    p.skipChildren();
    return null;
  }

  private static Boolean bool(LineJson p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    p.skipChildren();
    return null;
  }

  // ---- what a line means

  /**
   * The session a line belongs to: the file's forced session, else the line's own (if usable), else the layout's
   * fallback. The message parser names its messages' sessions with the same rule, so that a message and the call
   * it reports always agree.
   */
  String sessionOf(String named) {
    String forced = layout.forcedSession();
    if (forced != null) {
      return forced;
    }
    String id = ParserState.bounded(named, ParserState.MAX_ID_CHARS);
    return id != null ? id : layout.fallbackSession();
  }

  private void handle(LineView line, ParseSink sink) {
    String type = l.type;
    boolean call = "assistant".equals(type) || (type == null && l.usagePresent);
    int titleRank;
    String titleText;
    if (type == null || type.equals("assistant") || type.equals("user")) {
      titleRank = ParserState.PROMPT_TITLE;
      titleText = null;
    } else {
      switch (type) {
        case "summary" -> {
          titleRank = ParserState.SUMMARY_TITLE;
          titleText = l.summary;
        }
        case "ai-title" -> {
          titleRank = ParserState.AI_TITLE;
          titleText = l.aiTitle;
        }
        case "custom-title" -> {
          titleRank = ParserState.CUSTOM_TITLE;
          titleText = l.customTitle;
        }
        default -> {
          if (l.usagePresent) {
            sink.problem(
                Severity.INFO,
                "claude.line.unknown-type-usage",
                "a line of a type this version does not know carries usage; it was not counted");
          }
          return;
        }
      }
    }
    if (!call && !"user".equals(type) && (titleText == null || !layout.titlesPossible())) {
      return; // a typeless line without usage, a title line without a usable title, or one in a subagent's file
    }
    String session = sessionOf(l.sessionId);
    ParserState.Session s = state.touch(session);
    // an earlier session's prompts copied into a resumed session's file make no session of their own
    boolean revealed = false;
    if (!s.reported && (call || !layout.copiedFrom(session))) {
      s.reported = true;
      revealed = layout.copiedFrom(session);
    }
    boolean conversation = call || "user".equals(type);
    if (conversation) {
      state.current = session;
    }
    boolean dirty = false;
    Instant time = l.time;
    if (time != null) {
      dirty |= s.seen(time);
    }
    if (conversation) {
      dirty |= s.cwd(l.cwd);
      dirty |= s.version(l.version);
      dirty |= s.gitBranch(l.gitBranch);
      dirty |= s.entrypoint(l.entrypoint);
    }
    if ("user".equals(type)) {
      boolean sidechain = Boolean.TRUE.equals(l.sidechain);
      if (l.prompt != null
          && !l.meta
          && !l.compactSummary
          && !l.transcriptOnly
          && !l.toolResult
          && !l.machineOrigin
          && layout.titleFrom(sidechain)) {
        dirty |= s.title(ParserState.PROMPT_TITLE, l.prompt);
      }
    } else if (titleText != null) {
      dirty |= s.title(titleRank, titleText);
    }
    if (call) {
      record(line, sink, s, time);
    }
    if (s.reported && (dirty || revealed)) {
      sink.session(s.facts(layout));
    }
  }

  private void record(LineView line, ParseSink sink, ParserState.Session s, Instant time) {
    if (!l.usagePresent || SYNTHETIC_MODEL.equals(l.model)) {
      return;
    }
    if (l.usageInvalid) {
      sink.problem(Severity.WARNING, "claude.usage.invalid", USAGE_INVALID);
      return;
    }
    if (time == null) {
      if (!l.timestampGiven && !l.timestampInvalid) {
        sink.problem(Severity.WARNING, "claude.timestamp.missing", "a call has no timestamp; it was skipped");
      } else {
        sink.problem(Severity.WARNING, "claude.timestamp.invalid", "a call's timestamp is not valid; it was skipped");
      }
      return;
    }
    TokenCounts tokens = tokens(sink);
    if (tokens.total() > MAX_TOKENS) {
      sink.problem(Severity.WARNING, "claude.usage.invalid", USAGE_INVALID);
      return;
    }
    if (l.apiError && tokens.isZero()) {
      return; // an error message that used nothing: not a billed call
    }
    String model = ParserState.bounded(l.model, ParserState.MAX_ID_CHARS);
    String messageId = ParserState.bounded(l.messageId, ParserState.MAX_ID_CHARS);
    String requestId = ParserState.bounded(l.requestId, ParserState.MAX_ID_CHARS);
    boolean subagent = layout.subagentFile() || Boolean.TRUE.equals(l.sidechain);
    int tier = subagent ? 1 : 0;
    String uuid = ParserState.bounded(l.uuid, ParserState.MAX_ID_CHARS);
    DedupKey key = messageId != null && requestId != null
        ? parts.messageKey(messageId, requestId, tier) // a streamed message's lines share one key
        : dedupKey(s.id, messageId, requestId, uuid, tier);
    String project = l.cwd != null ? ParserState.bounded(l.cwd, ParserState.MAX_PATH_CHARS) : s.cwd;
    flags.clear();
    if (model == null) {
      flags.add(RecordFlag.FALLBACK_MODEL);
      sink.problem(Severity.INFO, "claude.model.missing", "a call names no model; it is reported as 'unknown'");
    }
    if (subagent) {
      flags.add(RecordFlag.SUBAGENT);
    }
    if (l.apiError) {
      flags.add(RecordFlag.ABORTED);
    }
    if (l.write5m == ABSENT && l.write1h == ABSENT && tokens.cacheWrite() > 0) {
      flags.add(RecordFlag.CACHE_WRITE_UNSPLIT); // older logs: cache_creation_input_tokens without the 5m/1h split
    }
    Money cost = null;
    if (l.cost != null) {
      cost = Money.ofUsd(l.cost);
    } else if (l.costInvalid) {
      sink.problem(
          Severity.WARNING,
          "claude.cost.invalid",
          "a call's costUSD is not a number from 0 to 1,000,000; the call was kept without a recorded cost");
    }
    // the canonical constructor rather than the builder: the record takes the parts a message's lines share (see
    // RecordParts), the builder would wrap each in an Optional of its own; the values are the builder's
    sink.record(
        new UsageRecord(
            ClaudeSource.ID,
            providerOf(model),
            model != null ? model : UNKNOWN_MODEL,
            s.id,
            parts.project(project),
            time,
            tokens,
            Optional.ofNullable(cost),
            parts.messageId(messageId),
            parts.requestId(requestId),
            parts.key(key),
            flags,
            "fast".equals(l.speed) ? "fast" : UsageRecord.STANDARD_TIER,
            line.origin()));
    for (int i = 0; i < l.advisorCount; i++) {
      advisor(line, sink, l.advisors.get(i), i, s, time, project, messageId, requestId, key, subagent);
    }
  }

  /**
   * Emits an advisor sub-inference as a call of its own, under the advisor's model, keyed like its message with a
   * variant of its own so that streamed copies of it deduplicate among themselves.
   */
  private void advisor(
      LineView line, ParseSink sink, Advisor a, int ordinal, ParserState.Session s, Instant time, String project,
      String messageId, String requestId, DedupKey key, boolean subagent) {
    if (a.invalid) {
      sink.problem(Severity.WARNING, "claude.usage.invalid", USAGE_INVALID);
      return;
    }
    TokenCounts tokens = counts(a.input, a.output, a.cacheRead, a.cacheCreation, a.write5m, a.write1h, 0, sink);
    if (tokens.total() > MAX_TOKENS) {
      sink.problem(Severity.WARNING, "claude.usage.invalid", USAGE_INVALID);
      return;
    }
    if (tokens.isZero()) {
      return;
    }
    String model = ParserState.bounded(a.model, ParserState.MAX_ID_CHARS);
    UsageRecord.Builder b =
        UsageRecord.builder()
            .source(ClaudeSource.ID)
            .provider(provider(model))
            .model(model != null ? model : UNKNOWN_MODEL)
            .sessionId(s.id)
            .project(project)
            .timestamp(time)
            .tokens(tokens)
            .messageId(messageId)
            .requestId(requestId)
            .dedupKey(
                key == null ? null : new DedupKey(key.group(), key.variant() + "#advisor-" + ordinal, key.tier()))
            .origin(line.origin());
    if (model == null) {
      b.flag(RecordFlag.FALLBACK_MODEL);
      sink.problem(Severity.INFO, "claude.model.missing", "a call names no model; it is reported as 'unknown'");
    }
    if (subagent) {
      b.flag(RecordFlag.SUBAGENT);
    }
    if (l.apiError) {
      b.flag(RecordFlag.ABORTED);
    }
    sink.record(b.build());
  }

  /** The normalized tokens of a valid usage object (see the class comment for the cache-write rule). */
  private TokenCounts tokens(ParseSink sink) {
    long reasoning = 0;
    if (l.thinkingInvalid) {
      sink.problem(
          Severity.INFO, "claude.usage.reasoning-invalid", "a call's thinking token count is not valid; ignored");
    } else if (l.thinking != ABSENT) {
      reasoning = Math.min(l.thinking, orZero(l.output));
    }
    return counts(l.input, l.output, l.cacheRead, l.cacheCreation, l.write5m, l.write1h, reasoning, sink);
  }

  /**
   * Normalized counts from a usage object's fields ({@link #ABSENT} where a field is missing or null); the last
   * counts made when they are the same (a streamed message's lines repeat the usage so far).
   */
  private TokenCounts counts(
      long input, long output, long cacheRead, long cacheCreation, long write5m, long write1h, long reasoning,
      ParseSink sink) {
    long w5;
    long w1;
    if (write5m == ABSENT && write1h == ABSENT) {
      w5 = orZero(cacheCreation);
      w1 = 0;
    } else {
      w5 = orZero(write5m);
      w1 = orZero(write1h);
      if (cacheCreation != ABSENT && cacheCreation != w5 + w1) {
        if (cacheCreation > w5 + w1) {
          w5 += cacheCreation - (w5 + w1);
        }
        sink.problem(
            Severity.INFO,
            "claude.usage.cache-split-mismatch",
            "a call's 5-minute and 1-hour cache writes do not add up to its cache_creation_input_tokens");
      }
    }
    return parts.tokens(orZero(input), orZero(cacheRead), w5, w1, orZero(output), reasoning);
  }

  private static long orZero(long n) {
    return n < 0 ? 0 : n;
  }

  /**
   * The key that finds the copies of a call (see the class comment).
   *
   * @param session the call's session
   * @param messageId the message id, or null
   * @param requestId the request id, or null
   * @param uuid the line's own id, or null: without message and request ids, copies of the line in resumed files
   *     still share it
   * @param tier 0 for the main conversation, 1 for subagent lines
   * @return the key, or null if the line names nothing to match copies by
   */
  static DedupKey dedupKey(String session, String messageId, String requestId, String uuid, int tier) {
    if (messageId != null) {
      return requestId != null
          ? new DedupKey("m:" + messageId, requestId, tier)
          : new DedupKey("s:" + session + '\u0000' + messageId, "", tier);
    }
    if (requestId != null) {
      return new DedupKey("r:" + requestId, "", tier);
    }
    if (uuid != null) {
      return new DedupKey("u:" + session + '\u0000' + uuid, "", tier);
    }
    return null;
  }

  /** {@link #provider}, remembering the last answer (a transcript names one model, or a few, line after line). */
  private String providerOf(String model) {
    if (model == null) {
      return provider(null);
    }
    if (!model.equals(lastModel)) {
      lastProvider = provider(model);
      lastModel = model;
    }
    return lastProvider;
  }

  /**
   * Who served a model, from the shape of its id.
   *
   * @param model the model id as logged, or null
   * @return {@code amazon-bedrock}, {@code google-vertex} or {@code anthropic}
   */
  static String provider(String model) {
    if (model == null) {
      return "anthropic";
    }
    // the common case without lower-casing: lower-casing makes neither an '@' nor a '.' (which "anthropic.claude"
    // needs), and an id that does not start with "arn:aws" ignoring case does not once lower-cased either
    if (model.indexOf('@') < 0 && model.indexOf('.') < 0 && !model.regionMatches(true, 0, "arn:aws", 0, 7)) {
      return "anthropic";
    }
    String m = model.toLowerCase(Locale.ROOT);
    // what neither pattern can match (every Anthropic API id), decided without a matcher: BEDROCK needs "arn:aws"
    // at the start or "anthropic.claude" inside, VERTEX an '@'
    if (m.indexOf('@') < 0 && !m.startsWith("arn:aws") && !m.contains("anthropic.claude")) {
      return "anthropic";
    }
    if (BEDROCK.matcher(m).matches()) {
      return "amazon-bedrock";
    }
    if (VERTEX.matcher(m).matches()) {
      return "google-vertex";
    }
    return "anthropic";
  }

  /**
   * An ISO-8601 instant ({@code 2026-02-10T21:11:59.186Z}, or with an offset), or null if the text is not one or
   * lies outside the years 2000 to 2999.
   */
  static Instant instant(CharSequence text) {
    if (text.length() < 20 || text.length() > 40) {
      return null;
    }
    Instant t = Timestamps.utc(text);
    try {
      if (t == null) {
        t = Instant.parse(text);
      }
    } catch (DateTimeException e) {
      try {
        t = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException e2) {
        return null;
      }
    }
    return t.isBefore(EARLIEST) || !t.isBefore(LATEST) ? null : t;
  }

  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");
}
