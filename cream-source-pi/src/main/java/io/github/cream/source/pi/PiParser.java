package io.github.cream.source.pi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Money;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The parser of Pi's session format, shared by the {@code pi} and {@code openclaw} sources: one per file (or per
 * OpenClaw SQLite store), not thread-safe.
 *
 * <h2>What counts as a call</h2>
 * Every {@code message} entry whose message is an assistant message with a {@code usage} object is one billed
 * call, on every branch of the entry tree (Pi keeps abandoned branches in the file, and they were billed) and
 * whatever its {@code stopReason}. Exceptions, each reported as an INFO diagnostic:
 * <ul>
 *   <li>OpenClaw's synthetic messages: provider {@code openclaw} (models {@code delivery-mirror}, copies of
 *       delivered replies, and {@code gateway-injected}, notices the gateway wrote itself) never reached a model;
 *   <li>an {@code aborted} or {@code error} message with no tokens and no cost: the request failed before anything
 *       was billed. With tokens it counts, flagged {@link RecordFlag#ABORTED};
 *   <li>{@code usage} nested in a tool result (work a tool did through another agent, which may also be in that
 *       agent's own transcript) is not counted;
 *   <li>{@code usage} on entries other than messages ({@code type:"usage"} "cache warming" entries, usage on
 *       {@code compaction} or {@code branch_summary}) is described only by third-party ports of later Pi versions;
 *       it is reported, not counted.
 * </ul>
 * Unknown entry types are ignored (INFO {@code <source>.entry.unknown-type} when a line reaches the parser at all;
 * the byte pre-filter skips most of them unread).
 *
 * <h2>Copies</h2>
 * Pi's {@code /fork} and {@code forkFrom}, and v1's branched sessions, write a new file that starts with copies of
 * the original's entries (same entry id, same message). Each record therefore carries a {@link DedupKey}: group =
 * entry id + message timestamp + the four token counts (+ response id when present); v1 entries have no id, so
 * their group is the message timestamp, provider/model and the four token counts. (A response id alone is not a
 * key: some providers repeat it, as the fixture provider of a real Pi file does.) In a file whose header names a parent session, an entry
 * older than the header was copied: tier 1, so that the original file's record (tier 0) wins and the call stays
 * with the session that made it; when the original is gone the copy still counts. OpenClaw compaction checkpoints
 * ({@code <id>.checkpoint.<uuid>.jsonl}) and transcript-repair backups ({@code <id>.jsonl.bak-<n>-<ms>}) are copies
 * throughout: tier 1 (an answer whose only trace is a backup still counts, once).
 *
 * <h2>Token meaning</h2>
 * Pi's {@code input} already excludes cache reads for every API it speaks, except {@code google-generative-ai} and
 * {@code google-vertex}, whose {@code input} was Google's {@code promptTokenCount}, cached tokens included. The
 * correction (subtract {@code cacheRead} from {@code input}) is applied only when the record proves it: the
 * native {@code totalTokens} equals {@code input + output + cacheWrite}, i.e. the cached tokens are inside
 * {@code input}. For {@code openai-completions}, Pi adds {@code reasoning_tokens} to {@code completion_tokens}
 * although OpenAI's completion count already contains them; the file keeps no trace of the reasoning share (Pi's
 * {@code totalTokens} is its own sum), so output is counted as written and an INFO diagnostic says so. Pi records no
 * 1-hour cache-write split: {@code cacheWrite} counts as 5-minute writes.
 *
 * <h2>Cost</h2>
 * {@code usage.cost.total} is the recorded cost, read as an exact decimal and rounded once to the nano-dollar; when
 * only the parts are present, their sum. No cost object means no recorded cost (never zero).
 */
final class PiParser implements LineParser {

  /** How a file is to be read. */
  record Setup(
      String sourceId,
      boolean openclaw,
      boolean store,
      int priority,
      boolean copies,
      String fileSessionId,
      String agentId,
      SessionCategory pathCategory,
      Function<String, SessionMeta> index) {

    Setup {
      Objects.requireNonNull(sourceId, "sourceId");
      Objects.requireNonNull(fileSessionId, "fileSessionId");
    }
  }

  /** A store row that describes a session: metadata read from the store's session tables. */
  static final String STORE_SESSION = "cream.store-session";

  /** A store row that carries one transcript event with its session. */
  static final String STORE_EVENT = "cream.store-event";

  // the words a line must contain to matter, each without its opening quote and with its closing one
  private static final byte[] NEEDLE_USAGE = Bytes.ascii("usage\"");
  private static final byte[] NEEDLE_USER = Bytes.ascii("user\"");
  private static final byte[] NEEDLE_SESSION = Bytes.ascii("session\"");
  private static final byte[] NEEDLE_MODEL_CHANGE = Bytes.ascii("model_change\"");
  private static final byte[] NEEDLE_SESSION_INFO = Bytes.ascii("session_info\"");
  private static final byte[] NEEDLE_STORE_SESSION = Bytes.ascii(STORE_SESSION + "\"");

  /** More tokens than this in one field of one call is not a real count. */
  static final long MAX_TOKENS = 1_000_000_000L;

  /** More than this for one call is not a real cost, in dollars. */
  static final BigDecimal MAX_COST = new BigDecimal(10_000);

  /**
   * Longest string kept in the state (ten strings of at most 4 KiB of UTF-8 stay below the engine's 64 KiB state
   * limit); longer values are cut when read, so whole and resumed parses agree.
   */
  private static final int MAX_STATE_STRING = 1024;

  private static final long NONE = Long.MIN_VALUE;

  private static final String[] KNOWN_TYPES = {
    "session", "message", "model_change", "thinking_level_change", "compaction", "branch_summary", "custom",
    "custom_message", "label", "session_info", "leaf", "context_edit"
  };

  private final Setup setup;
  private final State st;
  private final PiMessages messages;
  private final Capture capture;
  private SessionMeta indexMeta;
  private String indexMetaFor;
  private SessionFacts lastFacts;

  PiParser(Setup setup, ResumeState resume) {
    this(setup, resume, false);
  }

  /**
   * A parser for one file or store.
   *
   * @param setup how to read it
   * @param resume the state to start from
   * @param messages whether to emit messages too (the message parser): it then wants every line, runs the usage
   *     logic on exactly the lines the usage parser wants, so that its records and state are the usage parser's
   *     line for line, and reads every line's content in a second pass ({@link PiMessages}) that attaches the
   *     line's records to its messages. Its resume state is the usage parser's: messages need none of their own.
   */
  PiParser(Setup setup, ResumeState resume, boolean messages) {
    this.setup = setup;
    this.st = resume.isInitial() ? new State() : State.decode(resume.bytes());
    if (resume.isInitial()) {
      st.sessionId = cap(setup.fileSessionId());
    }
    this.messages = messages ? new PiMessages(setup.sourceId()) : null;
    this.capture = messages ? new Capture() : null;
  }

  private String code(String suffix) {
    return setup.sourceId() + "." + suffix;
  }

  @Override
  public boolean wants(LineView line) {
    return messages != null || usageWants(line);
  }

  /** The usage parser's pre-filter. */
  private boolean usageWants(LineView line) {
    int found = needles(line.buffer(), line.start(), line.start() + line.length());
    if ((found & (USAGE | MODEL_CHANGE | SESSION_INFO)) != 0) {
      return true;
    }
    if (setup.store()) {
      return (found & STORE_SESSION_ROW) != 0;
    }
    if (!st.header && (found & SESSION) != 0) {
      return true;
    }
    return (!st.titleDone || !st.classified) && (found & USER) != 0;
  }

  private static final int USAGE = 1;
  private static final int USER = 2;
  private static final int SESSION = 4;
  private static final int MODEL_CHANGE = 8;
  private static final int SESSION_INFO = 16;
  private static final int STORE_SESSION_ROW = 32;

  /**
   * Which of the quoted words that make a line matter occur in it: {@code "usage"}, {@code "user"},
   * {@code "session"}, {@code "model_change"}, {@code "session_info"}, {@code "cream.store-session"}. One pass over
   * the bytes, looking only behind quotes; an escaped quote inside a string ({@code \"usage\"}) does not match,
   * since the word must end with a quote. Stops at the first {@code "usage"}, which alone decides.
   */
  static int needles(byte[] b, int from, int to) {
    int found = 0;
    for (int i = from; i < to - 1; i++) {
      i = Bytes.indexOf(b, i, to - 1, (byte) '"'); // long strings (outputs, thinking) hold few quotes
      if (i < 0) {
        break;
      }
      int n = i + 1;
      switch (b[n]) {
        case 'u' -> {
          if (word(b, n, to, NEEDLE_USAGE)) {
            return found | USAGE;
          }
          if (word(b, n, to, NEEDLE_USER)) {
            found |= USER;
          }
        }
        case 's' -> {
          if (word(b, n, to, NEEDLE_SESSION)) {
            found |= SESSION;
          } else if (word(b, n, to, NEEDLE_SESSION_INFO)) {
            found |= SESSION_INFO;
          }
        }
        case 'm' -> {
          if (word(b, n, to, NEEDLE_MODEL_CHANGE)) {
            found |= MODEL_CHANGE;
          }
        }
        case 'c' -> {
          if (word(b, n, to, NEEDLE_STORE_SESSION)) {
            found |= STORE_SESSION_ROW;
          }
        }
        default -> { }
      }
    }
    return found;
  }

  /** Whether {@code b[at..]} starts with {@code word} (which ends with its closing quote). */
  private static boolean word(byte[] b, int at, int to, byte[] word) {
    if (at + word.length > to) {
      return false;
    }
    for (int k = 0; k < word.length; k++) {
      if (b[at + k] != word[k]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ResumeState snapshot() {
    return setup.store() ? ResumeState.initial() : ResumeState.of(st.encode());
  }

  @Override
  public void accept(LineView line, ParseSink sink) {
    if (messages == null) {
      acceptUsage(line, sink);
      return;
    }
    boolean usage = usageWants(line);
    capture.start(sink);
    if (usage) {
      acceptUsage(line, capture);
    }
    PiMessages.Session file = setup.store() ? null
        : new PiMessages.Session(st.sessionId, category() == SessionCategory.SUBAGENT);
    messages.accept(line, usage, capture.lineReported, capture.records, file, sink);
  }

  /**
   * Passes everything on to the engine's sink and keeps the records of the current line, and whether the line was
   * reported as unreadable (so that the content pass does not report it again).
   */
  private final class Capture implements ParseSink {
    final List<UsageRecord> records = new ArrayList<>(1);
    boolean lineReported;
    private ParseSink to;

    void start(ParseSink sink) {
      to = sink;
      records.clear();
      lineReported = false;
    }

    @Override
    public void record(UsageRecord record) {
      records.add(record);
      to.record(record);
    }

    @Override
    public void session(SessionFacts facts) {
      to.session(facts);
    }

    @Override
    public void problem(Severity severity, String code, String message) {
      if (code.startsWith(code("line."))) {
        lineReported = true;
      }
      to.problem(severity, code, message);
    }
  }

  private void acceptUsage(LineView line, ParseSink sink) {
    boolean recorded = false;
    try (JsonParser p = Json.FACTORY.createParser(line.buffer(), line.start(), line.length())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        sink.problem(Severity.WARNING, code("line.not-object"), "line is not a JSON object");
        return;
      }
      if (setup.store()) {
        acceptStoreRow(p, line, sink);
        return;
      }
      Entry e = readEntry(p, !st.titleDone || !st.classified);
      recorded = handle(e, null, line, sink);
    } catch (StreamConstraintsException e) {
      sink.problem(Severity.WARNING, code("line.too-large"), "a value on this line exceeds the parser's limits");
      return;
    } catch (IOException | RuntimeException e) {
      sink.problem(Severity.WARNING, code("line.malformed-json"), "line is not valid JSON");
      return;
    }
    if (st.header || recorded || st.classified) {
      emitFacts(sink);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // entries

  /** Handles one entry; {@code ctx} is null for a file line, or the session context of a store row. */
  private boolean handle(Entry e, Ctx ctx, LineView line, ParseSink sink) {
    String type = e.type;
    if (type == null && e.hasMessage) {
      type = "message"; // tolerate entries without a type, as other readers do
    }
    if (type == null) {
      sink.problem(Severity.INFO, code("entry.unknown-type"), "an entry without a type was ignored");
      return false;
    }
    switch (type) {
      case "session" -> {
        if (ctx == null) {
          header(e, sink);
        }
        return false;
      }
      case "message" -> {
        return message(e, ctx, line, sink);
      }
      case "model_change" -> {
        if (ctx == null) {
          if (e.provider != null) {
            st.fbProvider = cap(e.provider);
          }
          if (e.modelId != null) {
            st.fbModel = cap(e.modelId);
          }
        }
        return false;
      }
      case "usage" -> {
        sink.problem(Severity.INFO, code("usage.outside-message"),
            "usage recorded outside an assistant message (a usage entry) is not counted: its format is not "
                + "documented upstream");
        return false;
      }
      case "session_info" -> {
        if (ctx == null) {
          st.name = e.name == null ? null : Classifier.title(e.name);
        }
        return false;
      }
      default -> {
        for (String k : KNOWN_TYPES) {
          if (k.equals(type)) {
            if (e.topUsage) {
              sink.problem(Severity.INFO, code("usage.outside-message"),
                  "usage recorded outside an assistant message (compaction, branch summary) is not counted: its "
                      + "format is not documented upstream");
            }
            return false;
          }
        }
        sink.problem(Severity.INFO, code("entry.unknown-type"), "an entry of an unknown type was ignored");
        return false;
      }
    }
  }

  private void header(Entry e, ParseSink sink) {
    if (st.header) {
      sink.problem(Severity.INFO, code("header.repeated"), "a second session header was ignored");
      return;
    }
    st.header = true;
    if (e.id != null && !e.id.isBlank()) {
      st.sessionId = cap(e.id.strip());
    }
    st.version = e.version > 0 ? e.version : 1;
    if (st.version > 3) {
      sink.problem(Severity.INFO, code("header.newer-version"),
          "the session format version is newer than this reader knows; read as version 3");
    }
    st.cwd = cap(e.cwd);
    Instant t = Json.instant(e.timestamp);
    st.headerMillis = t == null ? NONE : t.toEpochMilli();
    String parent = e.parentSession != null ? e.parentSession : e.branchedFrom;
    st.parent = cap(sessionIdOfPath(parent));
    if (e.provider != null) {
      st.fbProvider = cap(e.provider);
    }
    if (e.modelId != null) {
      st.fbModel = cap(e.modelId);
    }
  }

  /** The session id a parent reference names: a session file path (Pi or OpenClaw naming) or a bare id. */
  static String sessionIdOfPath(String ref) {
    if (ref == null || ref.isBlank()) {
      return null;
    }
    String s = ref.strip();
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    String name = slash >= 0 ? s.substring(slash + 1) : s;
    String id = PiSource.sessionIdOfFileName(name);
    return id.isBlank() ? null : id;
  }

  private boolean message(Entry e, Ctx ctx, LineView line, ParseSink sink) {
    if (e.badMessage) {
      sink.problem(Severity.WARNING, code("message.invalid"), "a message entry has no message object");
      return false;
    }
    String role = e.role;
    if ("user".equals(role)) {
      if (ctx == null) {
        userText(e.text);
      }
      return false;
    }
    if (!"assistant".equals(role)) {
      if (e.usage != null || e.usageInvalid) {
        sink.problem(Severity.INFO, code("usage.nested-ignored"),
            "usage outside an assistant message (for example in a tool result) was not counted");
      }
      return false;
    }
    if (e.usageInvalid || (e.usage != null && e.usage.invalid)) {
      sink.problem(Severity.WARNING, code("usage.invalid"),
          "an assistant message has token counts that are missing, negative, fractional or absurd; not counted");
      return false;
    }
    Usage u = e.usage;
    if (u == null) {
      return false; // an assistant message without usage is no billed call we can see
    }
    String provider = providerId(e.msgProvider);
    String model = e.msgModel == null || e.msgModel.isBlank() ? null : e.msgModel.strip();
    if ("openclaw".equals(provider) || "delivery-mirror".equals(model) || "gateway-injected".equals(model)) {
      sink.problem(Severity.INFO, code("message.synthetic"),
          "a synthetic message written by OpenClaw itself (delivery mirror, gateway notice) is not a call");
      return false;
    }
    Money cost = null;
    if (u.costInvalid) {
      sink.problem(Severity.WARNING, code("cost.invalid"),
          "the recorded cost is not a plausible amount; the call is counted without it");
    } else if (u.costTotal != null || u.costParts != null) {
      cost = Money.ofUsd(u.costTotal != null ? u.costTotal : u.costParts);
    }
    boolean failed = "aborted".equals(e.stopReason) || "error".equals(e.stopReason);
    boolean noTokens = u.input == 0 && u.output == 0 && u.cacheRead == 0 && u.cacheWrite == 0;
    if (failed && noTokens && (cost == null || cost.isZero())) {
      sink.problem(Severity.INFO, code("call.failed-unbilled"),
          "an aborted or failed request with no tokens and no cost is not counted as a call");
      return false;
    }
    boolean fallbackModel = false;
    if (provider == null) {
      provider = providerId(ctx == null ? st.fbProvider : null);
      if (provider == null) {
        provider = "unknown";
        sink.problem(Severity.INFO, code("provider.missing"),
            "an assistant message names no provider; counted under provider 'unknown'");
      }
    }
    if (model == null) {
      model = ctx == null ? st.fbModel : null;
      fallbackModel = true;
      if (model == null || model.isBlank()) {
        model = "unknown";
        sink.problem(Severity.WARNING, code("model.missing"),
            "an assistant message names no model and none was selected before it; counted as model 'unknown'");
      }
    }
    Instant when = e.msgMillis != NONE ? Json.epochMillis(e.msgMillis) : null;
    if (when == null) {
      when = Json.instant(e.msgTimestampText);
    }
    Instant entryTime = Json.instant(e.timestamp);
    if (when == null) {
      when = entryTime;
    }
    String sessionId = ctx == null ? st.sessionId : ctx.sessionId;
    long forkedAt = ctx == null ? (st.parent != null ? st.headerMillis : NONE) : ctx.forkedAt;
    if (when == null) {
      long h = ctx == null ? st.headerMillis : NONE;
      if (h == NONE) {
        sink.problem(Severity.WARNING, code("timestamp.missing"),
            "an assistant message has no usable timestamp; not counted");
        return false;
      }
      when = Instant.ofEpochMilli(h);
      sink.problem(Severity.INFO, code("timestamp.fallback"),
          "an assistant message has no usable timestamp; dated at its session's start");
    }
    long input = u.input;
    String api = e.api == null ? null : e.api.strip();
    if (api != null && (api.equals("google-generative-ai") || api.equals("google-vertex")) && u.cacheRead > 0) {
      if (u.total >= 0 && u.input >= u.cacheRead && u.input + u.output + u.cacheWrite == u.total) {
        input = u.input - u.cacheRead;
        sink.problem(Severity.INFO, code("usage.google-cached-corrected"),
            "Google's prompt count included the cached tokens; they were taken out of input "
                + "(the recorded cost still prices them as input too)");
      } else if (u.total < 0 || u.input + u.output + u.cacheRead + u.cacheWrite != u.total) {
        sink.problem(Severity.INFO, code("usage.google-cached-ambiguous"),
            "a Google call's input may include its cached tokens; counted as written");
      }
    } else if ("openai-completions".equals(api) && u.output > 0) {
      sink.problem(Severity.INFO, code("usage.openai-completions-reasoning"),
          "Pi may count the reasoning tokens of openai-completions calls twice in output; counted as written");
    }
    UsageRecord.Builder b =
        UsageRecord.builder()
            .source(setup.sourceId())
            .provider(provider)
            .model(model)
            .sessionId(sessionId)
            .project(ctx == null ? st.cwd : ctx.cwd)
            .timestamp(when)
            .tokens(new TokenCounts(input, u.cacheRead, u.cacheWrite, 0, u.output, 0))
            .recordedCost(cost)
            .messageId(e.responseId)
            .origin(line.origin());
    if (failed) {
      b.flag(RecordFlag.ABORTED);
    }
    if (u.cacheWrite > 0) {
      b.flag(RecordFlag.CACHE_WRITE_UNSPLIT); // Pi logs one cacheWrite count, never the 5-minute/1-hour split
    }
    if (fallbackModel) {
      b.flag(RecordFlag.FALLBACK_MODEL);
    }
    boolean subagent = ctx == null ? category() == SessionCategory.SUBAGENT : ctx.subagent;
    if (subagent) {
      b.flag(RecordFlag.SUBAGENT);
    }
    String tsKey =
        e.msgMillis != NONE ? Long.toString(e.msgMillis) : e.msgTimestampText != null ? e.msgTimestampText
            : e.timestamp;
    // a copy carries the same message, so its usage is part of the key too: that keeps two different calls apart
    // even where hand-written files reuse ids and timestamps
    String tokensKey = u.input + "/" + u.output + "/" + u.cacheRead + "/" + u.cacheWrite;
    String group = null;
    if (e.id != null && !e.id.isBlank() && tsKey != null) {
      group = "e:" + e.id + "@" + tsKey + "@" + tokensKey + (e.responseId != null ? "#" + e.responseId : "");
    } else if (tsKey != null) {
      group = "m:" + tsKey + "@" + provider + "/" + model + "@" + tokensKey;
    }
    if (group != null) {
      Instant copiedBefore = forkedAt == NONE ? null : Instant.ofEpochMilli(forkedAt);
      Instant entryAt = entryTime != null ? entryTime : when;
      boolean copy = setup.copies() || (copiedBefore != null && entryAt.isBefore(copiedBefore));
      b.dedupKey(new DedupKey(group, "", copy ? 1 : 0));
    }
    if (api != null && ctx == null) {
      st.api = cap(api);
    }
    sink.record(b.build());
    return true;
  }

  private void userText(String text) {
    if (text == null) {
      return;
    }
    if (!st.classified) {
      st.classified = true;
      if (setup.openclaw()) {
        SessionMeta m = Classifier.fromText(text);
        st.textCategory = m.category();
        st.textChannel = m.channel();
        st.textCron = cap(m.cronJob());
      }
    }
    if (!st.titleDone) {
      String t = Classifier.title(text);
      if (t != null) {
        st.title = t;
        st.titleDone = true;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // facts

  private SessionMeta meta() {
    if (st.sessionId == null) {
      return SessionMeta.NONE;
    }
    if (!st.sessionId.equals(indexMetaFor)) {
      SessionMeta m = null;
      try {
        if (setup.index() != null) {
          m = setup.index().apply(st.sessionId);
        }
      } catch (RuntimeException e) {
        m = null;
      }
      indexMeta = m == null ? SessionMeta.NONE : m;
      indexMetaFor = st.sessionId;
    }
    return indexMeta;
  }

  private SessionMeta textMeta() {
    return new SessionMeta(st.textCategory, st.textChannel, st.textCron, null, null, null);
  }

  private SessionCategory category() {
    SessionMeta m = meta();
    if (m.category() != null) {
      return m.category();
    }
    if (setup.pathCategory() != null) {
      return setup.pathCategory();
    }
    if (st.textCategory != null) {
      return st.textCategory;
    }
    return setup.openclaw() ? null : SessionCategory.INTERACTIVE;
  }

  private void emitFacts(ParseSink sink) {
    if (st.sessionId == null || st.sessionId.isBlank()) {
      return;
    }
    SessionMeta m = meta().or(textMeta());
    SessionCategory category = category();
    SessionFacts.Builder b =
        SessionFacts.builder(setup.sourceId(), st.sessionId)
            .priority(setup.priority())
            .title(st.title)
            .project(st.cwd)
            .category(category)
            .parentSessionId(st.parent != null ? st.parent : m.parentSessionId());
    if (category == SessionCategory.INTERACTIVE) {
      b.channel(m.channel());
    }
    if (category == SessionCategory.CRON) {
      b.cronJob(m.cronJob());
    }
    if (st.headerMillis != NONE) {
      b.seen(Instant.ofEpochMilli(st.headerMillis));
    }
    b.attribute("formatVersion", st.version > 0 ? Integer.toString(st.version) : null);
    b.attribute("agent", m.agentId() != null ? m.agentId() : setup.agentId());
    b.attribute("chatType", m.chatType());
    b.attribute("api", st.api);
    b.attribute("name", st.name);
    SessionFacts f = b.build();
    if (!f.equals(lastFacts)) {
      sink.session(f);
      lastFacts = f;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // OpenClaw SQLite store rows

  private void acceptStoreRow(JsonParser p, LineView line, ParseSink sink) throws IOException {
    String type = null;
    String sessionId = null;
    String cwd = null;
    long forkedAt = NONE;
    boolean subagent = false;
    Entry header = null;
    Entry firstUser = null;
    Classifier.IndexFields fields = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> type = Json.text(p);
        case "sessionId" -> sessionId = Json.text(p);
        case "cwd" -> cwd = Json.text(p);
        case "forkedAt" -> forkedAt = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : NONE;
        case "subagent" -> subagent = t == JsonToken.VALUE_TRUE;
        case "header" -> header = t == JsonToken.START_OBJECT ? readEntry(p, false) : skip(p);
        case "firstUser" -> firstUser = t == JsonToken.START_OBJECT ? readEntry(p, true) : skip(p);
        case "meta" -> fields = t == JsonToken.START_OBJECT ? readStoreMeta(p) : skipFields(p);
        case "event" -> {
          if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            sink.problem(Severity.WARNING, code("line.not-object"), "a stored transcript event is not a JSON object");
            return;
          }
          if (sessionId == null || sessionId.isBlank()) {
            p.skipChildren();
            sink.problem(Severity.WARNING, code("store.no-session"), "a stored transcript event names no session");
            return;
          }
          Entry e = readEntry(p, false);
          handle(e, new Ctx(cap(sessionId), cap(cwd), forkedAt, subagent), line, sink);
          return;
        }
        default -> p.skipChildren();
      }
    }
    if (STORE_SESSION.equals(type) && sessionId != null && !sessionId.isBlank()) {
      storeSession(cap(sessionId), header, firstUser, fields, sink);
    }
  }

  private static Entry skip(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static Classifier.IndexFields skipFields(JsonParser p) throws IOException {
    p.skipChildren();
    return null;
  }

  private static Classifier.IndexFields readStoreMeta(JsonParser p) throws IOException {
    String key = null;
    String label = null;
    String channel = null;
    String chatType = null;
    String spawnedBy = null;
    String createdVia = null;
    String parent = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      String v = Json.text(p);
      switch (name) {
        case "key" -> key = v;
        case "label" -> label = v;
        case "channel" -> channel = v;
        case "chatType" -> chatType = v;
        case "spawnedBy" -> spawnedBy = v;
        case "createdVia" -> createdVia = v;
        case "parent" -> parent = v;
        default -> { }
      }
    }
    return new Classifier.IndexFields(key, label, channel, null, null, null, chatType, spawnedBy, createdVia, parent);
  }

  /** A store's session row: facts from its header, its first prompt and the store's session tables. */
  private void storeSession(
      String sessionId, Entry header, Entry firstUser, Classifier.IndexFields fields, ParseSink sink) {
    // the session's facts are built in the parser's state, which is put back afterwards: a store row carries
    // everything about its session, so the store needs no state between rows
    State saved = st.copyInto(new State());
    st.reset();
    st.sessionId = sessionId;
    try {
      if (header != null) {
        header(header, sink);
        st.sessionId = sessionId; // the store's session id is authoritative
      }
      if (firstUser != null && "user".equals(firstUser.role)) {
        userText(firstUser.text);
      }
      SessionMeta fromStore = fields == null ? SessionMeta.NONE : Classifier.fromIndex(fields);
      indexMeta = fromStore;
      indexMetaFor = sessionId;
      lastFacts = null;
      emitFacts(sink);
    } finally {
      saved.copyInto(st);
      indexMeta = null;
      indexMetaFor = null;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // reading JSON

  /** The session context of a store row. */
  private record Ctx(String sessionId, String cwd, long forkedAt, boolean subagent) {}

  /** What one entry holds, as far as this parser cares. */
  static final class Entry {
    String type;
    String id;
    String timestamp;
    int version;
    String cwd;
    String parentSession;
    String branchedFrom;
    String provider;
    String modelId;
    String name;
    boolean hasMessage;
    boolean badMessage;
    String role;
    String msgProvider;
    String msgModel;
    String api;
    String stopReason;
    String responseId;
    long msgMillis = NONE;
    String msgTimestampText;
    Usage usage;
    boolean usageInvalid;
    boolean topUsage;
    String text;
  }

  /** A message's usage, validated. */
  static final class Usage {
    long input;
    long output;
    long cacheRead;
    long cacheWrite;
    long total = -1;
    int countsSeen;
    boolean invalid;
    BigDecimal costTotal;
    BigDecimal costParts;
    boolean costInvalid;
  }

  static Entry readEntry(JsonParser p, boolean wantText) throws IOException {
    Entry e = new Entry();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "type" -> e.type = Json.text(p);
        case "id" -> e.id = Json.text(p);
        case "timestamp" -> e.timestamp = Json.text(p);
        case "version" -> e.version = t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
            ? p.getIntValue() : skipInt(p);
        case "cwd" -> e.cwd = Json.text(p);
        case "parentSession" -> e.parentSession = Json.text(p);
        case "branchedFrom" -> e.branchedFrom = Json.text(p);
        case "provider" -> e.provider = Json.text(p);
        case "modelId" -> e.modelId = Json.text(p);
        case "name" -> e.name = Json.text(p);
        case "usage" -> {
          e.topUsage = t == JsonToken.START_OBJECT;
          p.skipChildren();
        }
        case "message" -> {
          e.hasMessage = true;
          if (t == JsonToken.START_OBJECT) {
            readMessage(p, e, wantText);
          } else {
            p.skipChildren();
            e.badMessage = true;
          }
        }
        default -> p.skipChildren();
      }
    }
    return e;
  }

  private static int skipInt(JsonParser p) throws IOException {
    p.skipChildren();
    return 0;
  }

  private static void readMessage(JsonParser p, Entry e, boolean wantText) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "role" -> e.role = Json.text(p);
        case "provider" -> e.msgProvider = Json.text(p);
        case "model" -> e.msgModel = Json.text(p);
        case "api" -> e.api = Json.text(p);
        case "stopReason" -> e.stopReason = Json.text(p);
        case "responseId" -> e.responseId = Json.text(p);
        case "timestamp" -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            BigDecimal d = p.getDecimalValue();
            try {
              e.msgMillis = d.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
            } catch (ArithmeticException x) {
              e.msgMillis = NONE;
            }
          } else {
            e.msgTimestampText = Json.text(p);
          }
        }
        case "usage" -> {
          if (t == JsonToken.START_OBJECT) {
            e.usage = readUsage(p);
          } else if (t != JsonToken.VALUE_NULL) {
            p.skipChildren();
            e.usageInvalid = true;
          }
        }
        case "content" -> {
          if (wantText && !"assistant".equals(e.role) && !"toolResult".equals(e.role)) {
            e.text = firstText(p);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  /** The first text of a content value: a string, or the first {@code text} block of an array. */
  private static String firstText(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t != JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    String found = null;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
      if (t != JsonToken.START_OBJECT || found != null) {
        p.skipChildren();
        continue;
      }
      String type = null;
      String text = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("type")) {
          type = Json.text(p);
        } else if (name.equals("text") && p.currentToken() == JsonToken.VALUE_STRING) {
          text = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (text != null && (type == null || type.equals("text"))) {
        found = text;
      }
    }
    return found;
  }

  private static Usage readUsage(JsonParser p) throws IOException {
    Usage u = new Usage();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "input" -> u.input = count(p, u);
        case "output" -> u.output = count(p, u);
        case "cacheRead" -> u.cacheRead = count(p, u);
        case "cacheWrite" -> u.cacheWrite = count(p, u);
        case "totalTokens" -> {
          int seen = u.countsSeen;
          long v = count(p, u);
          u.countsSeen = seen;
          u.total = p.currentToken() == JsonToken.VALUE_NULL ? -1 : v;
        }
        case "cost" -> readCost(p, u);
        default -> p.skipChildren();
      }
    }
    if (u.countsSeen == 0) {
      u.invalid = true;
    }
    return u;
  }

  /** A token count: a non-negative whole number below {@link #MAX_TOKENS}; null is zero. */
  private static long count(JsonParser p, Usage u) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    u.countsSeen++;
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      BigDecimal d = p.getDecimalValue();
      if (d.signum() >= 0 && d.compareTo(BigDecimal.valueOf(MAX_TOKENS)) <= 0) {
        try {
          return d.longValueExact(); // fails for fractions
        } catch (ArithmeticException e) {
          // a fractional count
        }
      }
      u.invalid = true;
      return 0;
    }
    p.skipChildren();
    u.invalid = true;
    return 0;
  }

  private static void readCost(JsonParser p, Usage u) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      u.costTotal = costValue(p, u);
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      u.costInvalid = true;
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "total" -> u.costTotal = costValue(p, u);
        case "input", "output", "cacheRead", "cacheWrite" -> {
          BigDecimal v = costValue(p, u);
          if (v != null) {
            u.costParts = u.costParts == null ? v : u.costParts.add(v);
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static BigDecimal costValue(JsonParser p, Usage u) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    BigDecimal d = Json.decimal(p);
    if (d == null || d.signum() < 0 || d.compareTo(MAX_COST) > 0) {
      u.costInvalid = true;
      return null;
    }
    return d;
  }

  /** A provider name as a lowercase id ({@code amazon-bedrock}, {@code alibaba-cloud}); null when blank. */
  static String providerId(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.strip().toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && out.length() < 64; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (out.length() == 0 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        continue;
      }
      out.append(ok ? c : '-');
    }
    return out.length() == 0 ? null : out.toString();
  }

  private static String cap(String s) {
    if (s == null) {
      return null;
    }
    return s.length() > MAX_STATE_STRING ? s.substring(0, MAX_STATE_STRING) : s;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // state

  /** What the parser carries from line to line; the whole of it is the resume state. */
  static final class State {
    private static final byte FORMAT = 1;

    String sessionId;
    boolean header;
    int version;
    String cwd;
    long headerMillis = NONE;
    String parent;
    String fbProvider;
    String fbModel;
    String title;
    boolean titleDone;
    boolean classified;
    SessionCategory textCategory;
    String textChannel;
    String textCron;
    String api;
    String name;

    void reset() {
      new State().copyInto(this);
    }

    State copyInto(State o) {
      o.sessionId = sessionId;
      o.header = header;
      o.version = version;
      o.cwd = cwd;
      o.headerMillis = headerMillis;
      o.parent = parent;
      o.fbProvider = fbProvider;
      o.fbModel = fbModel;
      o.title = title;
      o.titleDone = titleDone;
      o.classified = classified;
      o.textCategory = textCategory;
      o.textChannel = textChannel;
      o.textCron = textCron;
      o.api = api;
      o.name = name;
      return o;
    }

    byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(FORMAT);
        int flags = (header ? 1 : 0) | (titleDone ? 2 : 0) | (classified ? 4 : 0);
        out.writeByte(flags);
        out.writeInt(version);
        out.writeLong(headerMillis);
        out.writeByte(textCategory == null ? -1 : textCategory.ordinal());
        for (String s : new String[] {sessionId, cwd, parent, fbProvider, fbModel, title, textChannel, textCron, api,
            name}) {
          writeString(out, s);
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode parser state", e);
      }
      return bytes.toByteArray();
    }

    static State decode(byte[] b) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
        if (in.readByte() != FORMAT) {
          throw new IllegalArgumentException("not a state of this parser");
        }
        State s = new State();
        int flags = in.readByte();
        s.header = (flags & 1) != 0;
        s.titleDone = (flags & 2) != 0;
        s.classified = (flags & 4) != 0;
        s.version = in.readInt();
        s.headerMillis = in.readLong();
        int cat = in.readByte();
        SessionCategory[] cats = SessionCategory.values();
        if (cat < -1 || cat >= cats.length) {
          throw new IllegalArgumentException("not a state of this parser");
        }
        s.textCategory = cat < 0 ? null : cats[cat];
        s.sessionId = readString(in);
        s.cwd = readString(in);
        s.parent = readString(in);
        s.fbProvider = readString(in);
        s.fbModel = readString(in);
        s.title = readString(in);
        s.textChannel = readString(in);
        s.textCron = readString(in);
        s.api = readString(in);
        s.name = readString(in);
        if (in.available() != 0) {
          throw new IllegalArgumentException("not a state of this parser");
        }
        return s;
      } catch (IOException e) {
        throw new IllegalArgumentException("not a state of this parser", e);
      }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
      if (s == null) {
        out.writeInt(-1);
        return;
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
      int n = in.readInt();
      if (n == -1) {
        return null;
      }
      if (n < 0 || n > 4 * MAX_STATE_STRING + 16) {
        throw new IllegalArgumentException("not a state of this parser");
      }
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new IllegalArgumentException("not a state of this parser");
      }
      return new String(b, StandardCharsets.UTF_8);
    }
  }
}
