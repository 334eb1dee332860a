package io.github.cream.source.codex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.cream.api.DedupKey;
import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.RecordFlag;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Bytes;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses one Codex rollout (or saved {@code codex exec --json} output) a line at a time. The rules are documented
 * on {@link CodexSource}; this class applies them.
 *
 * <p>With message output switched on it is the source's message parser: it wants every line, runs the usage logic
 * on exactly the lines the usage parser wants (so that its records and state are the usage parser's, line for
 * line), emits each record's step message where the record is emitted, and hands every line to the content pass
 * ({@link CodexMessages}). Its resume state is the usage parser's: messages need no state of their own.
 */
final class CodexLineParser implements LineParser {

  /**
   * One factory for every parser of every thread (JsonFactory is thread-safe once configured). Every limit is set
   * on purpose, none inherited:
   * <ul>
   *   <li>nesting depth 256: Codex lines nest fewer than 30 levels (tool schemas in {@code session_meta} are the
   *       deepest); deeper input is corrupt or hostile, and is refused as a diagnostic instead of costing stack
   *       (100,000 levels are a {@code codex.line.too-complex}, never a {@code StackOverflowError});
   *   <li>number length 1000 characters (Jackson's default): token counts have at most 19 digits, but the limit
   *       applies to every number of a parsed line, those skipped included, so a long number a model wrote into a
   *       line must not cost the line its usage; past 1000 the number is hostile and decoding it could cost
   *       quadratic time;
   *   <li>string length 1 MiB: the only strings this parser decodes are ids, models, paths and plan names; long
   *       strings it does not need (prompts, outputs, instructions) are skipped, never decoded, and are not
   *       subject to this limit; the engine already bounds a line's total length (64 MiB);
   *   <li>field-name length 50,000 (Jackson's default): names are decoded even inside skipped values, and a name
   *       may be a path or a model-made key;
   *   <li>no source text in error locations, so that no exception message can carry log content.
   * </ul>
   */
  static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(256)
                  .maxNumberLength(1000)
                  .maxStringLength(1 << 20)
                  .maxNameLength(50_000)
                  .build())
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private static final byte[] PAYLOAD = Bytes.ascii("\"payload\"");
  private static final byte[] RESPONSE_ITEM = Bytes.ascii("\"response_item\"");
  /** Only these lines can matter; everything else (most of a file) is skipped unparsed. */
  private static final byte[][] NEEDLES = {
    Bytes.ascii("\"token_count\""),
    Bytes.ascii("\"turn_context\""),
    Bytes.ascii("\"session_meta\""),
    Bytes.ascii("\"task_started\""),
    Bytes.ascii("\"rate_limits\""),
    Bytes.ascii("\"turn.completed\""),
    Bytes.ascii("\"thread.started\""),
    Bytes.ascii("\"thread_settings_applied\""),
    Bytes.ascii("\"entered_review_mode\""),
    Bytes.ascii("\"exited_review_mode\""),
    Bytes.ascii("\"user_message\""),
  };
  /** How far into a line the envelope's {@code "type"} is looked for. */
  private static final int HEAD = 192;

  private static final int MAX_MODEL = 200;

  private final String sourceId;
  private final String fallbackId;
  private final int priority;
  private final State s;
  private final Entry e = new Entry();
  private final CodexMessages messages;
  private boolean dirty;
  /** Whether the usage pass found the current line unreadable (and said so). */
  private boolean unreadable;

  /**
   * A parser for one file.
   *
   * @param file the file
   * @param state the state to start from
   * @param messages whether to emit messages (the message parser) or records only (the usage parser)
   */
  CodexLineParser(FileContext file, State state, boolean messages) {
    this.sourceId = file.sourceId();
    this.s = state;
    String uuid = Ids.uuidOfFileName(file.fileName());
    if (uuid != null) {
      this.fallbackId = uuid;
    } else {
      String rel = file.relativePath();
      this.fallbackId = rel.endsWith(".jsonl") && rel.length() > 6 ? rel.substring(0, rel.length() - 6) : rel;
    }
    // the live copy of a session outranks its archived copy for session facts
    this.priority = file.relativePath().startsWith(CodexSource.ARCHIVED + "/") ? 5 : 10;
    this.messages = messages ? new CodexMessages(sourceId, fallbackId, state) : null;
  }

  @Override
  public boolean wants(LineView line) {
    return messages != null || usageWants(line);
  }

  /**
   * The pre-filter on the head of a line too long to hold: a response item (function call outputs are the long
   * lines) names its type before its payload, within the first {@value #HEAD} bytes, as {@link #wants} checks.
   */
  @Override
  public boolean skipsLineStartingWith(LineView head) {
    if (messages != null || head.number() == 1 || head.length() < HEAD) {
      return false;
    }
    byte[] b = head.buffer();
    int from = head.start();
    int p = Bytes.indexOf(b, from, from + HEAD, PAYLOAD);
    return p > from && Bytes.indexOf(b, from, p, RESPONSE_ITEM) >= 0;
  }

  /** The usage parser's pre-filter; depends on the line alone. */
  private static boolean usageWants(LineView line) {
    if (line.number() == 1) {
      return true; // the pre-envelope header has none of the markers below
    }
    byte[] b = line.buffer();
    int from = line.start();
    int to = from + line.length();
    // response items (most lines, and the largest) name their type before their payload
    int p = Bytes.indexOf(b, from, Math.min(to, from + HEAD), PAYLOAD);
    if (p > from && Bytes.indexOf(b, from, p, RESPONSE_ITEM) >= 0) {
      return false;
    }
    for (byte[] n : NEEDLES) {
      if (Bytes.contains(b, from, to, n)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ResumeState snapshot() {
    return ResumeState.of(s.encode());
  }

  @Override
  public void accept(LineView line, ParseSink sink) {
    if (messages == null) {
      acceptUsage(line, sink);
      return;
    }
    boolean usage = usageWants(line);
    if (usage) {
      acceptUsage(line, sink);
    }
    messages.accept(line, usage, unreadable, sink);
  }

  private void acceptUsage(LineView line, ParseSink sink) {
    e.reset();
    unreadable = true;
    try (JsonParser p = JSON.createParser(line.buffer(), line.start(), line.length())) {
      e.read(p);
    } catch (StreamConstraintsException x) {
      sink.problem(Severity.WARNING, "codex.line.too-complex", "a line exceeds the parser's limits and was skipped");
      return;
    } catch (IOException | RuntimeException x) {
      sink.problem(Severity.WARNING, "codex.line.invalid-json", "a line is not valid JSON and was skipped");
      return;
    }
    if (!e.object) {
      sink.problem(Severity.WARNING, "codex.line.not-object", "a line is not a JSON object and was skipped");
      return;
    }
    unreadable = false;
    Instant ts = e.instant();
    dirty = false;
    String type = e.type;
    if (type == null) {
      if (line.number() == 1 && e.topId != null) {
        legacyHeader(ts);
      }
    } else {
      switch (type) {
        case "session_meta" -> sessionMeta(ts, sink);
        case "turn_context" -> turnContext(ts);
        case "event_msg" -> event(ts, line, sink);
        case "thread.started" -> threadStarted();
        case "turn.completed" -> {
          if (e.usage.seen) {
            step(ts, e.usage, null, null, line, sink);
          }
        }
        default -> { }
      }
    }
    if (ts != null) {
      s.lastTimestamp = ts;
    }
    if (dirty && s.sessionId != null) {
      sink.session(facts());
    }
  }

  // ---- line kinds

  private void legacyHeader(Instant ts) {
    if (s.sessionId == null) {
      s.sessionId = e.topId;
    }
    s.metaSeen = true;
    s.cwd = e.cwd;
    s.originator = e.originator;
    s.cliVersion = e.cliVersion;
    s.gitBranch = e.gitBranch;
    if (model(e.model) != null) {
      s.turnModel = model(e.model);
    }
    s.seen(ts);
    dirty = true;
  }

  private void sessionMeta(Instant ts, ParseSink sink) {
    if (!s.metaSeen) {
      // the file's first session_meta is its own; a fork or subagent copies its parent's after it
      s.metaSeen = true;
      if (s.sessionId == null) {
        s.sessionId = e.id != null ? e.id : fallbackId;
      }
      s.cwd = e.cwd;
      s.originator = e.originator;
      s.cliVersion = e.cliVersion;
      s.provider = provider(e.modelProvider, sink);
      s.sourceKind = e.sourceKind;
      s.subagentKind = e.subagentKind;
      s.threadSource = e.threadSource;
      s.gitBranch = e.gitBranch;
      String parent = e.forkedFromId != null ? e.forkedFromId
          : e.parentThreadId != null ? e.parentThreadId : e.spawnParentId;
      s.parentId = parent != null && !parent.equals(s.sessionId) ? parent : null;
      s.forked = e.forkedFromId != null;
      s.subagent = "subagent".equals(e.sourceKind) || "subagent".equals(e.threadSource) || e.spawnParentId != null;
      Instant created = Times.parse(e.metaTimestamp);
      if (s.parentId != null) {
        s.replaying = true;
        Instant when = created != null ? created : ts;
        // the id's own clock only when it is a true v7 id minted near the session's start; else the start itself
        long ms = Ids.near(s.sessionId, when);
        s.childMillis = ms >= 0 ? ms : when != null ? when.toEpochMilli() : -1;
        Instant written = ts != null ? ts : created;
        if (written != null) {
          s.replaySecond = written.getEpochSecond(); // a rewritten replay is stamped when the file is written
        }
      }
      s.seen(created);
      s.seen(ts);
      dirty = true;
    } else if (e.id == null || e.id.equals(s.sessionId)) {
      // this session's own metadata again (a resumed session): fill in what was missing
      if (s.cwd == null) {
        s.cwd = e.cwd;
      }
      if (s.gitBranch == null) {
        s.gitBranch = e.gitBranch;
      }
      if (!s.replaying) {
        s.seen(ts);
      }
      dirty = true;
    }
    // else: another session's metadata, copied by a fork or subagent from its parent; not this session's facts
  }

  private void turnContext(Instant ts) {
    turnMarker(e.turnId, ts);
    serviceTier();
    String m = model(e.model);
    if (m != null) {
      s.turnModel = m;
    }
    if (!s.replaying) {
      if (s.cwd == null && e.cwd != null) {
        s.cwd = e.cwd;
      }
      dirty |= s.seen(ts);
    }
  }

  private void event(Instant ts, LineView line, ParseSink sink) {
    String pt = e.payloadType == null ? "" : e.payloadType;
    switch (pt) {
      case "token_count" -> tokenCount(ts, line, sink);
      case "entered_review_mode", "exited_review_mode" -> {
        // a /review sub-agent runs in its own rollout; until it exits, its token counts are mirrored here
        s.review = "entered_review_mode".equals(pt);
        s.reviewBase = null;
      }
      case "user_message" -> {
        // the session's title: its first prompt, as for the other agents
        if (!s.replaying && s.title == null && e.prompt != null) {
          s.title = e.prompt;
          dirty = true;
        }
      }
      case "task_started" -> {
        turnMarker(e.turnId, ts);
        if (!s.replaying) {
          dirty |= s.seen(ts);
        }
      }
      case "turn.completed" -> {
        if (e.usage.seen) {
          step(ts, e.usage, null, null, line, sink);
        }
      }
      default -> {
        serviceTier();
        if (e.limits.present && !s.replaying) {
          limits(ts, sink);
        }
      }
    }
  }

  /**
   * The service tier the thread runs at, as Codex records it ({@code thread_settings_applied}'s
   * {@code thread_settings.service_tier}, or a turn context's {@code service_tier}): {@code priority} and
   * {@code flex} processing are billed at their multipliers; {@code default} and {@code auto} are standard.
   */
  private void serviceTier() {
    String t = e.serviceTier;
    if (t == null) {
      return;
    }
    t = t.strip().toLowerCase(java.util.Locale.ROOT);
    if (t.isEmpty() || t.length() > 32 || !Ids.allIn(t, 0, "_-") || t.equals("default") || t.equals("auto")) {
      t = UsageRecord.STANDARD_TIER;
    }
    s.serviceTier = t;
  }

  private void threadStarted() {
    if (s.sessionId == null && e.threadId != null) {
      s.sessionId = e.threadId;
    }
    long ms = Ids.v7Millis(e.threadId);
    if (ms >= 0 && s.threadStart == null) {
      s.threadStart = Times.plausible(Instant.ofEpochMilli(ms));
    }
    if (s.sourceKind == null) {
      s.sourceKind = "exec";
    }
    s.seen(s.threadStart);
    dirty = true;
  }

  private void tokenCount(Instant ts, LineView line, ParseSink sink) {
    if (!s.replaying) {
      if (e.limits.present) {
        limits(ts, sink);
      }
      dirty |= s.seen(ts);
    }
    if (!e.infoPresent) {
      return; // info: null, a rate-limit-only event
    }
    Entry.RawCounters total = e.total;
    Entry.RawCounters last = e.last;
    if (total.invalid || last.invalid) {
      sink.problem(Severity.WARNING, "codex.usage.invalid",
          "a token count holds a negative, fractional, oversized or non-numeric value; the event was not counted");
      return;
    }
    boolean hasTotal = total.seen && total.anyPresent();
    boolean hasLast = last.seen && last.anyPresent();
    if (!hasTotal && !hasLast) {
      sink.problem(Severity.INFO, "codex.usage.unrecognized",
          "a token count has neither total_token_usage nor last_token_usage; nothing was counted");
      return;
    }
    String eventModel = e.model != null ? e.model : e.infoModel;
    if (s.review) {
      if (!s.replaying) {
        mirrored(ts, hasTotal ? total : null, hasLast ? last : null, line, sink);
      }
      return;
    }
    step(ts, hasTotal ? total : null, hasLast ? last : null, eventModel, line, sink);
  }

  /**
   * A token count of a /review sub-agent, mirrored into its parent's rollout between {@code entered_review_mode}
   * and {@code exited_review_mode}. The review's own rollout records the same counts (same cumulative totals, the
   * review's model) and the parent's counter resumes afterwards at its earlier value: the parent's baseline is left
   * alone, and the step is a copy one tier below the review's own record of it, so it counts only when the review's
   * rollout is gone.
   */
  private void mirrored(Instant ts, Entry.RawCounters total, Entry.RawCounters last, LineView line,
      ParseSink sink) {
    if ((total != null && total.invalid) || (last != null && last.invalid)) {
      return; // reported by the caller
    }
    Counters prior = s.reviewBase != null ? s.reviewBase : Counters.ZERO;
    Counters t = total != null ? total.resolve(prior) : prior.plus(last.resolve(Counters.ZERO));
    if (!t.covers(prior)) {
      return;
    }
    Counters delta = t.minus(prior);
    s.reviewBase = t;
    if (!delta.isZero()) {
      emit(ts, delta, null, line, sink, new DedupKey(reviewGroup(t), "", 1), true);
    }
  }

  /** The dedup group of a /review sub-agent's step: the review's cumulative total in its project. */
  private String reviewGroup(Counters reached) {
    return "review#" + s.cwd + '#' + reached.key();
  }

  // ---- the replay gate

  /** How long after a child began a replayed row may still be stamped (a rewritten replay is written then). */
  private static final long REPLAY_SLACK_MS = 5_000;

  /**
   * A turn starts ({@code turn_context} or {@code task_started}). While a fork or subagent file replays its
   * parent's history, the first turn minted at or after the child thread itself is the child's own: the gate
   * opens. Codex mints thread and turn ids as version-7 UUIDs, whose first 48 bits are the minting time.
   */
  private void turnMarker(String turnId, Instant ts) {
    if (!s.replaying) {
      return;
    }
    long ms = Ids.near(turnId, ts != null ? ts : s.lastTimestamp);
    if (ms < 0) {
      return;
    }
    s.idMarkerSeen = true;
    if (s.childMillis >= 0 && ms >= s.childMillis) {
      endReplay();
    }
  }

  private void endReplay() {
    s.replaying = false;
    s.clearReplaySecond();
  }

  // ---- counting

  private void step(
      Instant ts, Entry.RawCounters total, Entry.RawCounters last, String eventModel, LineView line,
      ParseSink sink) {
    if (total != null && total.invalid) {
      sink.problem(Severity.WARNING, "codex.usage.invalid",
          "a token count holds a negative, fractional, oversized or non-numeric value; the event was not counted");
      return;
    }
    if (s.replaying && !s.idMarkerSeen && ts != null
        && (s.childMillis < 0 || ts.toEpochMilli() >= s.childMillis)) {
      // a file without version-7 turn ids: a row dated before the child existed is the parent's whatever its
      // second; of the others, the replay is stamped in the second the child's file was written (ccusage's rule
      // takes the first row's second instead, which mistakes a child's own first step for replay when the
      // replay kept its original timestamps)
      long sec = ts.getEpochSecond();
      if (!s.hasReplaySecond()) {
        s.replaySecond = sec;
      } else if (sec != s.replaySecond) {
        endReplay();
      }
    }
    Counters prior = s.hasBase ? s.base : Counters.ZERO;
    if (s.replaying) {
      // the parent's history: never counted, but it is the baseline the child's own totals continue from
      s.base = total != null ? total.resolve(prior) : prior.plus(last.resolve(Counters.ZERO));
      s.hasBase = true;
      s.high = null;
      if (ts != null && s.childMillis >= 0 && ts.toEpochMilli() > s.childMillis + REPLAY_SLACK_MS) {
        // the parent's history ends where the child began: a row stamped later is more than the parent had
        sink.problem(Severity.WARNING, "codex.replay.suspect",
            "a token count stamped after the forked session began was treated as the parent's replay and not"
                + " counted; the session's own calls may be missing");
      } else {
        sink.problem(Severity.INFO, "codex.replay.skipped",
            "a token count replayed from the parent session was not counted again");
      }
      return;
    }
    Counters delta;
    if (total != null) {
      delta = advance(total.resolve(prior), last == null ? null : last.resolve(Counters.ZERO), sink);
    } else {
      // no cumulative total at all: the step's own counts, accumulated into a running total for the key
      delta = last.resolve(Counters.ZERO);
      s.base = prior.plus(delta);
      s.hasBase = true;
    }
    if (delta == null || delta.isZero()) {
      return;
    }
    emit(ts, delta, eventModel, line, sink, dedupKey(), s.subagent);
  }

  /**
   * Moves the baseline to a new cumulative total and returns the step's usage, or null when the total does not
   * move forward.
   */
  private Counters advance(Counters t, Counters last, ParseSink sink) {
    if (!s.hasBase) {
      s.hasBase = true;
      s.base = t;
      if (last != null && !t.equals(last) && t.covers(last)) {
        // the first total already holds earlier steps: they were counted in the file that recorded them
        sink.problem(Severity.INFO, "codex.usage.inherited-baseline",
            "the file's first token total includes earlier steps; only its last step was counted");
        return last;
      }
      return t;
    }
    if (s.high != null && t.covers(s.high)) {
      // the lower total was a stale snapshot: continue from the high-water mark
      Counters d = t.minus(s.high);
      s.base = t;
      s.high = null;
      return d;
    }
    if (t.covers(s.base)) {
      Counters d = t.minus(s.base);
      s.base = t;
      if (!d.isZero()) {
        s.high = null;
      }
      return d;
    }
    if (last != null && t.equals(last)) {
      // the counter restarted (a new process resumed the session): the new total is this one step, a real call
      sink.problem(Severity.INFO, "codex.usage.restarted",
          "the cumulative token totals restarted from this step; it was counted and is the new baseline");
      s.base = t;
      s.high = null;
      s.epoch++;
      return last;
    }
    sink.problem(Severity.INFO, "codex.usage.backwards",
        "the cumulative token totals moved backwards; nothing was counted for this event");
    if (s.high == null) {
      s.high = s.base;
    }
    s.base = t;
    s.epoch++;
    return null;
  }

  private void emit(Instant ts, Counters delta, String eventModel, LineView line, ParseSink sink, DedupKey key,
      boolean subagent) {
    Instant when = ts;
    if (when == null) {
      when = s.lastTimestamp != null ? s.lastTimestamp : s.threadStart;
      if (when == null) {
        sink.problem(Severity.WARNING, "codex.timestamp.missing",
            "a billed step has no valid timestamp and no earlier line gives one; it was not counted");
        return;
      }
      if (e.hasTimestamp()) {
        sink.problem(Severity.WARNING, "codex.timestamp.invalid",
            "a billed step has an invalid timestamp; it is dated by the last valid timestamp before it");
      } else {
        sink.problem(Severity.INFO, "codex.timestamp.approximate",
            "a billed step carries no timestamp (codex exec output); it is dated by the line or thread before it");
      }
    }
    if (s.sessionId == null) {
      s.sessionId = fallbackId;
    }
    String provider = s.provider != null ? s.provider : CodexSource.DEFAULT_PROVIDER;
    String m = model(eventModel);
    if (m == null) {
      m = s.turnModel;
    }
    boolean fallback = m == null;
    if (fallback) {
      m = CodexSource.defaultModel(provider);
      sink.problem(Severity.INFO, "codex.model.fallback",
          "a billed step names no model; the provider's default model was assumed");
    }
    UsageRecord.Builder b = UsageRecord.builder()
        .source(sourceId)
        .provider(provider)
        .model(m)
        .sessionId(s.sessionId)
        .project(s.cwd)
        .timestamp(when)
        .serviceTier(s.serviceTier)
        .tokens(normalize(delta, sink))
        .dedupKey(key)
        .origin(line.origin());
    if (fallback) {
      b.flag(RecordFlag.FALLBACK_MODEL);
    }
    if (subagent) {
      b.flag(RecordFlag.SUBAGENT);
    }
    UsageRecord r = b.build();
    sink.record(r);
    if (messages != null) {
      sink.message(messages.step(r, line));
    }
    s.seen(when);
    dirty = true;
  }

  /**
   * Copies of this step (the same rollout twice, a byte-identical file in {@code archived_sessions/}) share the
   * session and the cumulative vector the step reached, so they collapse. A fork's or subagent's own steps are
   * keyed under the parent's lineage one tier down, with the child as the variant: a replayed parent step that
   * slipped past the gate collapses into the parent's original (tier 0 wins) while sibling children that reach
   * equal vectors stay apart (distinct variants). The epoch separates the vectors of a counter that was reset.
   * A /review sub-agent's steps are keyed by the review's project and cumulative total, which the copies its
   * parent mirrors share.
   */
  private DedupKey dedupKey() {
    if ("review".equals(s.subagentKind)) {
      return new DedupKey(reviewGroup(s.base), "", 0); // see mirrored()
    }
    boolean child = s.parentId != null;
    String group = (child ? s.parentId : s.sessionId) + '#' + s.epoch + '#' + s.base.key();
    return new DedupKey(group, child ? s.sessionId : "", child ? 1 : 0);
  }

  /** Codex counts cached (and cache-written) tokens inside the input; cream's input excludes them. */
  private static TokenCounts normalize(Counters d, ParseSink sink) {
    long in = d.input();
    long cached = d.cached();
    long write = d.cacheWrite();
    if (cached > in || write > in - cached) {
      sink.problem(Severity.WARNING, "codex.usage.cached-exceeds-input",
          "a step reports more cached tokens than input tokens; the cached part was capped at the input");
      cached = Math.min(cached, in);
      write = Math.min(write, in - cached);
    }
    long out = d.output();
    long reasoning = d.reasoning();
    if (reasoning > out) {
      sink.problem(Severity.WARNING, "codex.usage.reasoning-exceeds-output",
          "a step reports more reasoning tokens than output tokens; reasoning was capped at the output");
      reasoning = out;
    }
    return new TokenCounts(in - cached - write, cached, write, 0, out, reasoning);
  }

  // ---- facts

  private void limits(Instant ts, ParseSink sink) {
    if (ts == null) {
      return;
    }
    Entry.RawLimits l = e.limits;
    List<RateLimitWindow> windows = new ArrayList<>(3);
    boolean invalid = window("primary", l.primary, ts, windows);
    invalid |= window("secondary", l.secondary, ts, windows);
    invalid |= window("individual", l.individual, ts, windows);
    if (invalid) {
      sink.problem(Severity.INFO, "codex.ratelimits.invalid",
          "a rate-limit window holds an unusable value and was left out");
    }
    String plan = l.plan;
    if (windows.isEmpty() && plan == null) {
      return;
    }
    s.limits = new RateLimits(ts, windows, Optional.ofNullable(plan));
    dirty = true;
  }

  /** Adds a window if it has a usable percentage; true if it held an unusable value. */
  private static boolean window(String name, Entry.RawWindow w, Instant ts, List<RateLimitWindow> out) {
    double used = w.usedPercent;
    if (Double.isNaN(used)) {
      return w.invalid;
    }
    if (!Double.isFinite(used) || used < 0 || used > 1e6) {
      return true;
    }
    Instant resets = null;
    if (w.resetsAtText != null) {
      resets = Times.parse(w.resetsAtText);
    } else if (!Double.isNaN(w.resetsAtEpoch)) {
      resets = Times.fromEpoch(w.resetsAtEpoch);
    } else if (Double.isFinite(w.resetsInSeconds) && w.resetsInSeconds >= 0 && w.resetsInSeconds < 1e9) {
      resets = Times.plausible(ts.plusMillis(Math.round(w.resetsInSeconds * 1000)));
    }
    OptionalLong minutes = w.windowMinutes > 0 ? OptionalLong.of(w.windowMinutes) : OptionalLong.empty();
    out.add(new RateLimitWindow(name, used, minutes, Optional.ofNullable(resets)));
    return w.invalid;
  }

  private SessionFacts facts() {
    String channel = s.subagent ? null : s.sourceKind;
    SessionFacts.Builder b = SessionFacts.builder(sourceId, s.sessionId)
        .priority(priority)
        .project(s.cwd)
        .category(s.subagent ? SessionCategory.SUBAGENT : SessionCategory.INTERACTIVE)
        .channel(channel)
        .parentSessionId(s.parentId)
        .seen(s.firstSeen)
        .seen(s.lastSeen)
        .rateLimits(s.limits)
        .title(s.title)
        .attribute("originator", s.originator)
        .attribute("cliVersion", s.cliVersion)
        .attribute("source", s.sourceKind)
        .attribute("subagent", s.subagentKind)
        .attribute("threadSource", s.threadSource)
        .attribute("modelProvider", s.provider)
        .attribute("gitBranch", s.gitBranch);
    if (s.forked) {
      b.attribute("forkedFrom", s.parentId);
    }
    return b.build();
  }

  // ---- values

  private static String provider(String raw, ParseSink sink) {
    if (raw == null) {
      return CodexSource.DEFAULT_PROVIDER;
    }
    String p = raw.toLowerCase(Locale.ROOT);
    if (!Ids.isProviderId(p) || p.length() > 64) {
      sink.problem(Severity.INFO, "codex.provider.invalid",
          "the session names a model provider that is not an id; openai was assumed");
      return CodexSource.DEFAULT_PROVIDER;
    }
    return p;
  }

  private static String model(String raw) {
    return raw == null || raw.length() > MAX_MODEL ? null : raw;
  }
}
