package io.github.cream.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.ContentBlock;
import io.github.cream.api.Confidence;
import io.github.cream.api.CostProvenance;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.Money;
import io.github.cream.api.SessionCategory;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.internal.Diagnostics;
import io.github.cream.spi.Capability;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The stable JSON form of cream's reports: the documents the example CLI prints with {@code --json} and that
 * embedders can print, store or send the same way. The documents are a public contract: fields may be added in
 * later versions, never renamed or removed without a new {@code schema} value.
 *
 * <ul>
 *   <li>{@value #REPORT_SCHEMA}: a {@link Report} (rows per day, week or month, with a breakdown per source,
 *       provider and model), its totals and the scan's diagnostics;
 *   <li>{@value #SESSIONS_SCHEMA}: sessions with their facts and totals, and optionally each session's
 *       prompt-cache verdict;
 *   <li>{@value #BLOCKS_SCHEMA}: billing windows ({@link Block}s), with the burn rate of the active one;
 *   <li>{@value #CACHE_SCHEMA}: each session's prompt-cache verdict at one instant, and how well caching worked;
 *   <li>{@value #SOURCES_SCHEMA}: where each source looked, what it found, where it was loaded from and what it can
 *       do;
 *   <li>{@value #TIMELINE_SCHEMA}: one session's messages in order, with each call's usage and cost, and the idle
 *       gaps with the cache verdict at their end (a {@link SessionTimeline});
 *   <li>{@value #ENRICH_SCHEMA}: what a run of {@link Cream#enrich} did, and what the enriched calls cost.
 * </ul>
 *
 * <p>Conventions shared by every document:
 * <ul>
 *   <li>token fields use cream's normalized meaning: {@code inputTokens} excludes cache reads and writes,
 *       {@code outputTokens} includes reasoning, {@code cacheWriteTokens} is {@code cacheWrite5mTokens +
 *       cacheWrite1hTokens}, and {@code totalTokens} is input + output + cache reads + cache writes;
 *   <li>{@code costUsd} is the exact cost rounded half-even to six decimal places, written from the exact decimal
 *       (never through floating point), without trailing zeros but with at least one decimal: {@code 0.0},
 *       {@code 1.5}, {@code 0.000375};
 *   <li>{@code costProvenance} is {@code recorded}, {@code calculated}, {@code enriched}, {@code mixed} or
 *       {@code unpriced};
 *   <li>instants are ISO-8601 in UTC ({@code 2026-03-02T13:00:00Z}); absent values are {@code null};
 *   <li>diagnostics carry only a {@link Diagnostic}'s own fields, which never hold log content.
 * </ul>
 *
 * <pre>{@code
 * UsageSnapshot snapshot = Cream.builder().build().scan();
 * Report days = snapshot.daily(ZoneId.systemDefault());
 * String json = ReportJson.create().report(days, snapshot);            // compact
 * ReportJson.create().withPrettyPrinting().writeReport(days, snapshot, System.out);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ReportJson {

  /** The schema of daily, weekly and monthly reports. */
  public static final String REPORT_SCHEMA = "cream.report/1";

  /** The schema of session lists. */
  public static final String SESSIONS_SCHEMA = "cream.sessions/1";

  /** The schema of the sources document. */
  public static final String SOURCES_SCHEMA = "cream.sources/1";

  /** The schema of billing-window (block) lists. */
  public static final String BLOCKS_SCHEMA = "cream.blocks/1";

  /** The schema of prompt-cache verdicts. */
  public static final String CACHE_SCHEMA = "cream.cache/1";

  /** The schema of one session's timeline. */
  public static final String TIMELINE_SCHEMA = "cream.timeline/1";

  /** The schema of an enrichment run's summary. */
  public static final String ENRICH_SCHEMA = "cream.enrich/1";

  /**
   * The order of the sessions of a {@value #CACHE_SCHEMA} document: by {@code lastActivityAt}, newest first (the
   * verdict's last cache activity, or the session's last activity where the strategy names none), then by source
   * and session id.
   */
  public static final Comparator<SessionCache> CACHE_ORDER = (a, b) -> {
    // written out, not chained from Comparator's factories: those make classes at run time in a fresh JVM
    int c = lastActivity(b).compareTo(lastActivity(a));
    if (c == 0) {
      c = a.session().source().compareTo(b.session().source());
    }
    return c != 0 ? c : a.session().sessionId().compareTo(b.session().sessionId());
  };

  private static Instant lastActivity(SessionCache c) {
    return c.verdict().lastActivity().or(() -> c.session().lastActivity()).orElse(Instant.MIN);
  }

  private static final JsonFactory JSON = new JsonFactory();
  private static final ReportJson DEFAULT = new ReportJson(false, false, List.of());
  private static final long MILLIS_PER_MINUTE = 60_000;
  private static final long MILLIS_PER_HOUR = 3_600_000;

  private final boolean pretty;
  private final boolean demo;
  private final List<Diagnostic> extraMessages;

  private ReportJson(boolean pretty, boolean demo, List<Diagnostic> extraMessages) {
    this.pretty = pretty;
    this.demo = demo;
    this.extraMessages = List.copyOf(extraMessages);
  }

  /**
   * The default writer: compact output, no extra fields.
   *
   * @return the writer
   */
  public static ReportJson create() {
    return DEFAULT;
  }

  /**
   * A copy that indents its output with two spaces per level, one field per line.
   *
   * @return the pretty-printing writer
   */
  public ReportJson withPrettyPrinting() {
    return new ReportJson(true, demo, extraMessages);
  }

  /**
   * A copy that marks its documents as made from demo data: a top-level {@code "demo": true} field. Nothing else
   * changes.
   *
   * @param value whether the data is demo data
   * @return the writer
   */
  public ReportJson withDemo(boolean value) {
    return new ReportJson(pretty, value, extraMessages);
  }

  /**
   * A copy that adds messages to the {@code diagnostics.messages} of every document that has diagnostics, for
   * problems the caller found outside the scan (such as "no agent logs were found").
   *
   * @param messages the extra messages; sorted with the scan's own, most severe first
   * @return the writer
   */
  public ReportJson withMessages(List<Diagnostic> messages) {
    return new ReportJson(pretty, demo, messages);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.report/1

  /**
   * Writes a {@value #REPORT_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param report the report (daily, weekly or monthly)
   * @param snapshot the snapshot it was computed from, for {@code asOf} and the diagnostics
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeReport(Report report, UsageSnapshot snapshot, OutputStream out) throws IOException {
    write(out, g -> report(g, report, snapshot));
  }

  /**
   * A {@value #REPORT_SCHEMA} document.
   *
   * @param report the report (daily, weekly or monthly)
   * @param snapshot the snapshot it was computed from, for {@code asOf} and the diagnostics
   * @return the JSON text, without a final newline
   */
  public String report(Report report, UsageSnapshot snapshot) {
    return text(g -> report(g, report, snapshot));
  }

  /**
   * Writes a {@value #REPORT_SCHEMA} document to a generator, for embedding it in a larger document.
   *
   * @param g the generator, positioned where a value may be written
   * @param report the report
   * @param snapshot the snapshot it was computed from
   * @throws IOException if writing fails
   */
  void report(JsonGenerator g, Report report, UsageSnapshot snapshot) throws IOException {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(snapshot, "snapshot");
    String array;
    String key;
    switch (report.period()) {
      case DAY -> {
        array = "daily";
        key = "date";
      }
      case WEEK -> {
        array = "weekly";
        key = "week";
      }
      case MONTH -> {
        array = "monthly";
        key = "month";
      }
      default -> throw new IllegalArgumentException("unknown period " + report.period());
    }
    g.writeStartObject();
    header(g, REPORT_SCHEMA, snapshot.asOf());
    g.writeStringField("timezone", report.zone().getId());
    g.writeArrayFieldStart(array);
    for (ReportRow row : report.rows()) {
      g.writeStartObject();
      g.writeStringField(key, row.key());
      writeTotalsFields(g, row.totals());
      g.writeArrayFieldStart("breakdown");
      for (Breakdown b : row.breakdown()) {
        g.writeStartObject();
        g.writeStringField("source", b.source());
        g.writeStringField("provider", b.provider());
        g.writeStringField("model", b.model());
        if (!b.serviceTier().equals(UsageRecord.STANDARD_TIER)) {
          g.writeStringField("serviceTier", b.serviceTier());
        }
        if (b.upstreamProvider().isPresent()) {
          g.writeStringField("upstreamProvider", b.upstreamProvider().get());
        }
        writeTotalsFields(g, b.totals());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("totals");
    writeTotals(g, report.totals());
    g.writeFieldName("diagnostics");
    writeDiagnostics(g, snapshot.stats(), messages(snapshot));
    g.writeEndObject();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.sessions/1

  /**
   * Writes a {@value #SESSIONS_SCHEMA} document of all the snapshot's sessions, without cache verdicts, followed
   * by a newline, as UTF-8.
   *
   * @param snapshot the snapshot
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeSessions(UsageSnapshot snapshot, OutputStream out) throws IOException {
    writeSessions(snapshot.sessions(), snapshot, s -> Optional.empty(), out);
  }

  /**
   * Writes a {@value #SESSIONS_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param sessions the sessions to list, in the order given (the snapshot's order is newest first)
   * @param snapshot the snapshot they come from, for {@code asOf} and the diagnostics
   * @param cache each session's prompt-cache verdict, if any, as {@link UsageSnapshot#cacheStates(Instant)} gives
   *     them; a session's {@code cache} field is written only when a verdict is given
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeSessions(
      List<SessionSummary> sessions,
      UsageSnapshot snapshot,
      Function<SessionSummary, Optional<SessionCache>> cache,
      OutputStream out)
      throws IOException {
    write(out, g -> sessions(g, sessions, snapshot, cache));
  }

  /**
   * A {@value #SESSIONS_SCHEMA} document. Each session has {@code source}, {@code sessionId}, {@code project},
   * {@code title}, {@code category} ({@code interactive}, {@code subagent}, {@code cron}, {@code system}, or the
   * channel name of an interactive session where the source knows it), {@code channel}, {@code cronJob},
   * {@code startedAt}, {@code lastActivityAt}, {@code provider} (the most used), {@code providers}, {@code models},
   * the token and cost fields, {@code parentSessionId} and, only when a verdict is supplied, {@code cache}: an
   * object with the same fields as a session of the {@value #CACHE_SCHEMA} document (see
   * {@link #cache(List, CacheEfficiency, Instant, UsageSnapshot)}), whose {@code provider} and {@code model} are
   * those of the session's latest call, the call the verdict is about. {@code totals} is the sum of the listed
   * sessions' totals.
   *
   * @param sessions the sessions to list, in the order given
   * @param snapshot the snapshot they come from
   * @param cache each session's prompt-cache verdict, if any
   * @return the JSON text, without a final newline
   */
  public String sessions(
      List<SessionSummary> sessions,
      UsageSnapshot snapshot,
      Function<SessionSummary, Optional<SessionCache>> cache) {
    return text(g -> sessions(g, sessions, snapshot, cache));
  }

  /**
   * Writes a {@value #SESSIONS_SCHEMA} document to a generator. {@code totals} is the sum of the listed
   * sessions' totals.
   *
   * @param g the generator, positioned where a value may be written
   * @param sessions the sessions to list, in the order given
   * @param snapshot the snapshot they come from
   * @param cache each session's prompt-cache verdict, if any
   * @throws IOException if writing fails
   */
  void sessions(
      JsonGenerator g,
      List<SessionSummary> sessions,
      UsageSnapshot snapshot,
      Function<SessionSummary, Optional<SessionCache>> cache)
      throws IOException {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(cache, "cache");
    g.writeStartObject();
    header(g, SESSIONS_SCHEMA, snapshot.asOf());
    g.writeArrayFieldStart("sessions");
    UsageTotals all = UsageTotals.ZERO;
    for (SessionSummary s : sessions) {
      all = all.plus(s.totals());
      writeSession(g, s, cache.apply(s));
    }
    g.writeEndArray();
    g.writeFieldName("totals");
    writeTotals(g, all);
    g.writeFieldName("diagnostics");
    writeDiagnostics(g, snapshot.stats(), messages(snapshot));
    g.writeEndObject();
  }

  /** One session object of {@value #SESSIONS_SCHEMA} (and the {@code session} of {@value #TIMELINE_SCHEMA}). */
  private static void writeSession(JsonGenerator g, SessionSummary s, Optional<SessionCache> verdict)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("source", s.source());
    g.writeStringField("sessionId", s.sessionId());
    stringOrNull(g, "project", s.project());
    stringOrNull(g, "title", s.title());
    stringOrNull(g, "category", category(s));
    stringOrNull(g, "channel", s.channel());
    stringOrNull(g, "cronJob", s.cronJob());
    instantOrNull(g, "startedAt", s.firstActivity());
    instantOrNull(g, "lastActivityAt", s.lastActivity());
    stringOrNull(g, "provider", s.providers().stream().findFirst());
    stringArray(g, "providers", s.providers());
    if (!s.upstreamProviders().isEmpty()) {
      stringArray(g, "upstreamProviders", s.upstreamProviders()); // only where enrichment told
    }
    stringArray(g, "models", s.models());
    writeTotalsFields(g, s.totals());
    stringOrNull(g, "parentSessionId", s.parentSessionId());
    // The session's prompt-cache verdict: written only when the caller supplies one (the CLI does, at the
    // instant it evaluates at); without it the field is absent, never null.
    if (verdict != null && verdict.isPresent()) {
      g.writeFieldName("cache");
      g.writeStartObject();
      writeSessionCacheFields(g, verdict.get());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static Optional<String> category(SessionSummary s) {
    Optional<SessionCategory> c = s.category();
    if (c.isEmpty() || c.get() == SessionCategory.INTERACTIVE) {
      if (s.channel().isPresent()) {
        return s.channel();
      }
    }
    return c.map(v -> v.name().toLowerCase(Locale.ROOT));
  }

  /**
   * Writes the fields of a prompt-cache verdict into the current object, as a session of {@value #CACHE_SCHEMA}
   * and the {@code cache} object of {@value #SESSIONS_SCHEMA} show them after the session's identity:
   * {@code strategy}, {@code state} ({@code warm}, {@code cold} or
   * {@code unknown}), {@code lastActivityAt}, {@code expiresAt}, {@code ttlSeconds}, {@code confidence}
   * ({@code high}, {@code medium}, {@code low} or {@code none}), {@code cachedPrefixTokens},
   * {@code resumeCostWarmUsd}, {@code resumeCostColdUsd} and {@code notes}.
   *
   * @param g the generator, inside an object
   * @param v the verdict
   * @throws IOException if writing fails
   */
  static void writeVerdictFields(JsonGenerator g, CacheVerdict v) throws IOException {
    g.writeStringField("strategy", v.strategy());
    g.writeStringField("state", state(v.state()));
    instantOrNull(g, "lastActivityAt", v.lastActivity());
    instantOrNull(g, "expiresAt", v.expiresAt());
    g.writeFieldName("ttlSeconds");
    if (v.ttl().isPresent()) {
      g.writeNumber(v.ttl().get().getSeconds());
    } else {
      g.writeNull();
    }
    g.writeStringField("confidence", confidence(v.confidence()));
    g.writeNumberField("cachedPrefixTokens", v.cachedPrefixTokens());
    usdOrNull(g, "resumeCostWarmUsd", v.resumeCostWarm());
    usdOrNull(g, "resumeCostColdUsd", v.resumeCostCold());
    stringArray(g, "notes", v.notes());
  }

  /**
   * Writes the fields of one session's prompt-cache verdict into the current object, as a session of the
   * {@value #CACHE_SCHEMA} document and the {@code cache} object of {@value #SESSIONS_SCHEMA} show it:
   * {@code source}, {@code sessionId}, {@code provider} and {@code model} (of the session's latest call, the one
   * the verdict is about), {@code upstreamProvider} (the provider that really served that call; present only where
   * it was routed and enriched), then the {@linkplain #writeVerdictFields verdict's fields}.
   *
   * @param g the generator, inside an object
   * @param c the session and its verdict
   * @throws IOException if writing fails
   */
  static void writeSessionCacheFields(JsonGenerator g, SessionCache c) throws IOException {
    g.writeStringField("source", c.session().source());
    g.writeStringField("sessionId", c.session().sessionId());
    g.writeStringField("provider", c.provider());
    g.writeStringField("model", c.model());
    if (c.upstreamProvider().isPresent()) {
      g.writeStringField("upstreamProvider", c.upstreamProvider().get());
    }
    writeVerdictFields(g, c.verdict());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.cache/1

  /**
   * Writes a {@value #CACHE_SCHEMA} document of every session of a snapshot at an instant, followed by a newline,
   * as UTF-8: the sessions of {@link UsageSnapshot#cacheStates(Instant)} and the
   * {@link UsageSnapshot#cacheEfficiency(Instant)} of the snapshot.
   *
   * @param snapshot the snapshot
   * @param now the instant to judge the caches at
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeCache(UsageSnapshot snapshot, Instant now, OutputStream out) throws IOException {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(now, "now");
    writeCache(snapshot.cacheStates(now), snapshot.cacheEfficiency(now), now, snapshot, out);
  }

  /**
   * Writes a {@value #CACHE_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param sessions the sessions and their verdicts, in any order: they are written in {@link #CACHE_ORDER}
   * @param efficiency how well caching worked, from {@link UsageSnapshot#cacheEfficiency(Instant)}
   * @param now the instant the verdicts were given at, written as {@code now}
   * @param snapshot the snapshot they come from, for the diagnostics
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeCache(
      List<SessionCache> sessions, CacheEfficiency efficiency, Instant now, UsageSnapshot snapshot, OutputStream out)
      throws IOException {
    write(out, g -> cache(g, sessions, efficiency, now, snapshot));
  }

  /**
   * A {@value #CACHE_SCHEMA} document: {@code schema}, {@code now}, {@code sessions} (most recently active first,
   * see {@link #CACHE_ORDER}), {@code efficiency} and {@code diagnostics}.
   *
   * <p>Each session has {@code source}, {@code sessionId}, {@code provider} and {@code model} (of its latest call,
   * whose cache the verdict is about), {@code strategy} (the id of the cache strategy that judged it),
   * {@code state} ({@code warm}, {@code cold} or {@code unknown}), {@code lastActivityAt} (the last call that
   * touched the cache), {@code expiresAt}, {@code ttlSeconds} (the lifetime applied), {@code confidence}
   * ({@code high}, {@code medium}, {@code low} or {@code none}), {@code cachedPrefixTokens}, {@code resumeCostWarmUsd}
   * (the next call's prefix read from the cache), {@code resumeCostColdUsd} (the prefix written again) and
   * {@code notes} (caveats for people, never log content). Values a strategy cannot tell are {@code null}.
   *
   * <p>{@code efficiency} covers every call of the snapshot: {@code hitRatio} (cache reads over all prompt tokens,
   * six decimals), {@code savedUsd} (what the reads saved versus no caching), {@code expiredWriteUsd} (what the cache
   * writes nothing read before they expired cost), and the token counts behind them, {@code promptTokens},
   * {@code cacheReadTokens} and {@code expiredWriteTokens}.
   *
   * @param sessions the sessions and their verdicts, in any order: they are written in {@link #CACHE_ORDER}
   * @param efficiency how well caching worked
   * @param now the instant the verdicts were given at
   * @param snapshot the snapshot they come from
   * @return the JSON text, without a final newline
   */
  public String cache(
      List<SessionCache> sessions, CacheEfficiency efficiency, Instant now, UsageSnapshot snapshot) {
    return text(g -> cache(g, sessions, efficiency, now, snapshot));
  }

  /**
   * Writes a {@value #CACHE_SCHEMA} document to a generator.
   *
   * @param g the generator, positioned where a value may be written
   * @param sessions the sessions and their verdicts, in any order: they are written in {@link #CACHE_ORDER}
   * @param efficiency how well caching worked
   * @param now the instant the verdicts were given at
   * @param snapshot the snapshot they come from
   * @throws IOException if writing fails
   */
  void cache(
      JsonGenerator g, List<SessionCache> sessions, CacheEfficiency efficiency, Instant now, UsageSnapshot snapshot)
      throws IOException {
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(efficiency, "efficiency");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(snapshot, "snapshot");
    g.writeStartObject();
    g.writeStringField("schema", CACHE_SCHEMA);
    g.writeStringField("now", now.toString());
    if (demo) {
      g.writeBooleanField("demo", true);
    }
    g.writeArrayFieldStart("sessions");
    List<SessionCache> ordered = new ArrayList<>(sessions);
    ordered.sort(CACHE_ORDER);
    for (SessionCache c : ordered) {
      g.writeStartObject();
      writeSessionCacheFields(g, c);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("efficiency");
    g.writeStartObject();
    g.writeFieldName("hitRatio");
    g.writeNumber(hitRatio(efficiency));
    g.writeFieldName("savedUsd");
    g.writeNumber(usd(efficiency.saved()));
    g.writeFieldName("expiredWriteUsd");
    g.writeNumber(usd(efficiency.expiredWrites()));
    g.writeNumberField("promptTokens", efficiency.promptTokens());
    g.writeNumberField("cacheReadTokens", efficiency.cacheReadTokens());
    g.writeNumberField("expiredWriteTokens", efficiency.expiredWriteTokens());
    g.writeEndObject();
    g.writeFieldName("diagnostics");
    writeDiagnostics(g, snapshot.stats(), messages(snapshot));
    g.writeEndObject();
  }

  /**
   * A hit ratio as the documents write it: cache reads over prompt tokens, computed exactly from the token counts
   * and rounded half-even to six decimal places, without trailing zeros but with at least one decimal
   * ({@code 0.0}, {@code 0.5}, {@code 0.623457}, {@code 1.0}).
   *
   * @param efficiency the efficiency
   * @return the JSON number text
   */
  public static String hitRatio(CacheEfficiency efficiency) {
    BigDecimal d;
    if (efficiency.promptTokens() <= 0) {
      d = BigDecimal.ZERO;
    } else {
      long read = Math.min(Math.max(efficiency.cacheReadTokens(), 0), efficiency.promptTokens());
      d = BigDecimal.valueOf(read).divide(BigDecimal.valueOf(efficiency.promptTokens()), 6, RoundingMode.HALF_EVEN);
    }
    d = d.stripTrailingZeros();
    if (d.scale() < 1) {
      d = d.setScale(1, RoundingMode.UNNECESSARY);
    }
    return d.toPlainString();
  }

  /**
   * A cache state as the documents write it.
   *
   * @param state the state
   * @return {@code warm}, {@code cold} or {@code unknown}
   */
  public static String state(CacheState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A confidence as the documents write it.
   *
   * @param confidence the confidence
   * @return {@code high}, {@code medium}, {@code low} or {@code none}
   */
  public static String confidence(Confidence confidence) {
    return confidence.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.blocks/1

  /**
   * Writes a {@value #BLOCKS_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param blocks the blocks, from {@link UsageSnapshot#blocks(Duration, Instant)}
   * @param length the block length they were computed with
   * @param now the instant that decided which block is active, written as {@code asOf}
   * @param snapshot the snapshot they come from, for the burn rate and the diagnostics
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeBlocks(List<Block> blocks, Duration length, Instant now, UsageSnapshot snapshot, OutputStream out)
      throws IOException {
    write(out, g -> blocks(g, blocks, length, now, snapshot));
  }

  /**
   * A {@value #BLOCKS_SCHEMA} document: {@code schema}, {@code asOf}, {@code blockLengthMinutes}, {@code blocks},
   * {@code totals} and {@code diagnostics}.
   *
   * <p>Each block has {@code start}, {@code end}, {@code lastActivityAt} (the block's last call; null for a gap),
   * {@code active}, {@code gap}, the token and cost fields, {@code models} (most used first), and for the active
   * block a {@code burnRate} ({@code tokensPerMinute}, two decimals, and {@code costPerHourUsd}, measured from the
   * block's first call to its last; null when they are less than a minute apart) and a {@code projection} of the
   * block's totals at its end at that rate ({@code totalTokens}, {@code costUsd}, {@code remainingMinutes}).
   * Both are null for every other block.
   *
   * @param blocks the blocks, from {@link UsageSnapshot#blocks(Duration, Instant)}
   * @param length the block length they were computed with
   * @param now the instant that decided which block is active, written as {@code asOf}
   * @param snapshot the snapshot they come from
   * @return the JSON text, without a final newline
   */
  public String blocks(List<Block> blocks, Duration length, Instant now, UsageSnapshot snapshot) {
    return text(g -> blocks(g, blocks, length, now, snapshot));
  }

  /**
   * Writes a {@value #BLOCKS_SCHEMA} document to a generator.
   *
   * @param g the generator, positioned where a value may be written
   * @param blocks the blocks
   * @param length the block length
   * @param now the instant that decided which block is active
   * @param snapshot the snapshot they come from
   * @throws IOException if writing fails
   */
  void blocks(JsonGenerator g, List<Block> blocks, Duration length, Instant now, UsageSnapshot snapshot)
      throws IOException {
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(snapshot, "snapshot");
    g.writeStartObject();
    header(g, BLOCKS_SCHEMA, now);
    g.writeNumberField("blockLengthMinutes", length.toMinutes());
    g.writeArrayFieldStart("blocks");
    UsageTotals all = UsageTotals.ZERO;
    for (Block b : blocks) {
      all = all.plus(b.totals());
      g.writeStartObject();
      g.writeStringField("start", b.start().toString());
      g.writeStringField("end", b.end().toString());
      instantOrNull(g, "lastActivityAt", b.gap() ? Optional.empty() : b.lastActivity());
      g.writeBooleanField("active", b.active());
      g.writeBooleanField("gap", b.gap());
      writeTotalsFields(g, b.totals());
      stringArray(g, "models", b.models());
      Optional<BurnRate> rate = b.active() ? BurnRate.of(b, now) : Optional.empty();
      g.writeFieldName("burnRate");
      if (rate.isPresent()) {
        g.writeStartObject();
        g.writeFieldName("tokensPerMinute");
        g.writeNumber(rate.get().tokensPerMinute().toPlainString());
        g.writeFieldName("costPerHourUsd");
        g.writeNumber(usd(rate.get().costPerHour()));
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeFieldName("projection");
      if (rate.isPresent()) {
        g.writeStartObject();
        g.writeNumberField("totalTokens", rate.get().projectedTokens());
        g.writeFieldName("costUsd");
        g.writeNumber(usd(rate.get().projectedCost()));
        g.writeNumberField("remainingMinutes", rate.get().remainingMinutes());
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("totals");
    writeTotals(g, all);
    g.writeFieldName("diagnostics");
    writeDiagnostics(g, snapshot.stats(), messages(snapshot));
    g.writeEndObject();
  }

  /**
   * How fast an active block consumes tokens and money, measured from its first call to its last, and where it
   * ends up at that rate.
   *
   * @param tokensPerMinute total tokens per minute, two decimals
   * @param costPerHour cost per hour
   * @param projectedTokens the block's total tokens at its end if the rate holds
   * @param projectedCost the block's cost at its end if the rate holds
   * @param remainingMinutes whole minutes until the block ends
   */
  public record BurnRate(
      BigDecimal tokensPerMinute, Money costPerHour, long projectedTokens, Money projectedCost,
      long remainingMinutes) {

    /**
     * Validates the components.
     *
     * @param tokensPerMinute tokens per minute
     * @param costPerHour cost per hour
     * @param projectedTokens projected tokens
     * @param projectedCost projected cost
     * @param remainingMinutes minutes left
     */
    public BurnRate {
      Objects.requireNonNull(tokensPerMinute, "tokensPerMinute");
      Objects.requireNonNull(costPerHour, "costPerHour");
      Objects.requireNonNull(projectedCost, "projectedCost");
    }

    /**
     * The burn rate of a block: its totals over the time from its first call to its last.
     *
     * @param block the block
     * @param now the current instant, for the projection
     * @return the rate; empty for a gap, or when the first and last calls are less than a minute apart
     */
    public static Optional<BurnRate> of(Block block, Instant now) {
      if (block.gap() || block.lastActivity().isEmpty() || block.firstActivity().isEmpty()) {
        return Optional.empty();
      }
      Instant last = block.lastActivity().get();
      Instant first = block.firstActivity().get();
      long elapsed = Duration.between(first, last).toMillis();
      if (elapsed < MILLIS_PER_MINUTE) {
        return Optional.empty();
      }
      BigInteger millis = BigInteger.valueOf(elapsed);
      long tokens = block.totals().tokens().total();
      long nanos = block.totals().cost().nanos();
      BigDecimal perMinute =
          new BigDecimal(BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(MILLIS_PER_MINUTE)))
              .divide(new BigDecimal(millis), 2, RoundingMode.HALF_EVEN);
      Money perHour = Money.ofNanos(divide(BigInteger.valueOf(nanos).multiply(BigInteger.valueOf(MILLIS_PER_HOUR)),
          millis));
      long remaining = Math.max(0, Duration.between(now, block.end()).toMillis());
      BigInteger rem = BigInteger.valueOf(remaining);
      long projectedTokens = saturatingAdd(tokens, divide(BigInteger.valueOf(tokens).multiply(rem), millis));
      Money projectedCost =
          block.totals().cost().plus(Money.ofNanos(divide(BigInteger.valueOf(nanos).multiply(rem), millis)));
      return Optional.of(new BurnRate(perMinute, perHour, projectedTokens, projectedCost, remaining / MILLIS_PER_MINUTE));
    }

    private static long divide(BigInteger a, BigInteger b) {
      BigInteger q = new BigDecimal(a).divide(new BigDecimal(b), 0, RoundingMode.HALF_EVEN).toBigInteger();
      return q.bitLength() < 64 ? q.longValue() : Long.MAX_VALUE;
    }

    private static long saturatingAdd(long a, long b) {
      long r = a + b;
      return r < 0 ? Long.MAX_VALUE : r;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.sources/1

  /**
   * Writes a {@value #SOURCES_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param sources what each source looked at and found, from {@link UsageSnapshot#sources()}
   * @param cacheStrategies the cache strategies, from {@link Cream#cacheStrategies()}
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeSources(List<SourceStatus> sources, List<ProviderInfo> cacheStrategies, OutputStream out)
      throws IOException {
    write(out, g -> sources(g, sources, cacheStrategies, List.of()));
  }

  /**
   * Writes a {@value #SOURCES_SCHEMA} document with the enrichers too, followed by a newline, as UTF-8.
   *
   * @param sources what each source looked at and found, from {@link UsageSnapshot#sources()}
   * @param cacheStrategies the cache strategies, from {@link Cream#cacheStrategies()}
   * @param enrichers the enrichers, from {@link Cream#enrichers()}
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeSources(List<SourceStatus> sources, List<ProviderInfo> cacheStrategies,
      List<ProviderInfo> enrichers, OutputStream out) throws IOException {
    write(out, g -> sources(g, sources, cacheStrategies, enrichers));
  }

  /**
   * A {@value #SOURCES_SCHEMA} document.
   *
   * @param sources what each source looked at and found
   * @param cacheStrategies the cache strategies
   * @return the JSON text, without a final newline
   */
  public String sources(List<SourceStatus> sources, List<ProviderInfo> cacheStrategies) {
    return text(g -> sources(g, sources, cacheStrategies, List.of()));
  }

  /**
   * Writes a {@value #SOURCES_SCHEMA} document to a generator: per source its {@code id}, {@code displayName},
   * {@code roots}, {@code found}, {@code files}, {@code origin} (the jar, directory or module it was loaded from),
   * {@code className}, {@code capabilities} (what it can do, see {@link #capabilityNames}) and {@code watchScope}
   * ({@code global} or {@code project}: where its new sessions appear); per cache strategy, and per enricher
   * ({@code enrichers}, present when there is one), its {@code id}, {@code origin} and {@code className}; then
   * {@code diagnostics.messages}, the messages given with {@link #withMessages} (the CLI gives the engine's setup
   * diagnostics, such as a plug-in that could not be loaded), most severe first, each shaped as in the reports.
   *
   * @param g the generator, positioned where a value may be written
   * @param sources what each source looked at and found
   * @param cacheStrategies the cache strategies
   * @param enrichers the enrichers
   * @throws IOException if writing fails
   */
  void sources(JsonGenerator g, List<SourceStatus> sources, List<ProviderInfo> cacheStrategies,
      List<ProviderInfo> enrichers) throws IOException {
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(cacheStrategies, "cacheStrategies");
    g.writeStartObject();
    g.writeStringField("schema", SOURCES_SCHEMA);
    if (demo) {
      g.writeBooleanField("demo", true);
    }
    g.writeArrayFieldStart("sources");
    for (SourceStatus s : sources) {
      g.writeStartObject();
      g.writeStringField("id", s.provider().id());
      g.writeStringField("displayName", s.provider().displayName());
      g.writeArrayFieldStart("roots");
      for (Path root : s.roots()) {
        g.writeString(root.toString());
      }
      g.writeEndArray();
      g.writeBooleanField("found", s.found());
      g.writeNumberField("files", s.files());
      g.writeStringField("origin", s.provider().origin());
      g.writeStringField("className", s.provider().className());
      stringArray(g, "capabilities", capabilityNames(s.capabilities()));
      g.writeStringField("watchScope", s.capabilities().watchScope().name().toLowerCase(Locale.ROOT));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("cacheStrategies");
    for (ProviderInfo p : cacheStrategies) {
      g.writeStartObject();
      g.writeStringField("id", p.id());
      g.writeStringField("origin", p.origin());
      g.writeStringField("className", p.className());
      g.writeEndObject();
    }
    g.writeEndArray();
    if (!enrichers.isEmpty()) {
      g.writeArrayFieldStart("enrichers");
      for (ProviderInfo p : enrichers) {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        g.writeStringField("origin", p.origin());
        g.writeStringField("className", p.className());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    List<Diagnostic> messages = new ArrayList<>(extraMessages);
    messages.sort(Diagnostics.ORDER);
    g.writeObjectFieldStart("diagnostics");
    g.writeArrayFieldStart("messages");
    for (Diagnostic d : messages) {
      writeMessage(g, d);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * A source's capabilities as the documents write them, in a fixed order: {@code usage}, {@code messages},
   * {@code recorded-cost}, {@code watch}, {@code cache-state}, {@code project-scoping}.
   *
   * @param capabilities the capabilities
   * @return the names of those the source has
   */
  public static List<String> capabilityNames(SourceCapabilities capabilities) {
    List<String> out = new ArrayList<>();
    for (Capability c : Capability.values()) {
      if (capabilities.has(c)) {
        out.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.timeline/1

  /**
   * Writes a {@value #TIMELINE_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param timeline the session's timeline
   * @param snapshot the snapshot it was made from, for {@code asOf} and the diagnostics
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeTimeline(SessionTimeline timeline, UsageSnapshot snapshot, OutputStream out) throws IOException {
    write(out, g -> timeline(g, timeline, snapshot));
  }

  /**
   * A {@value #TIMELINE_SCHEMA} document.
   *
   * @param timeline the session's timeline
   * @param snapshot the snapshot it was made from
   * @return the JSON text, without a final newline
   */
  public String timeline(SessionTimeline timeline, UsageSnapshot snapshot) {
    return text(g -> timeline(g, timeline, snapshot));
  }

  /**
   * Writes a {@value #TIMELINE_SCHEMA} document: {@code schema}, {@code asOf}, {@code now} (the instant of the
   * session's cache verdict), {@code session} (one session object as in {@value #SESSIONS_SCHEMA}, with its
   * {@code cache} verdict at {@code now} when it has calls), {@code messages}, {@code gaps}, {@code totals} (of the
   * calls the messages carry: the session's totals when every call was found) and {@code diagnostics} (the scan's
   * counters, its messages and those of the message read).
   *
   * <p>Each message has {@code index} (its place in the array), {@code id}, {@code role} ({@code user},
   * {@code assistant}, {@code tool_result} or {@code system}), {@code timestamp}, {@code model}, {@code subagent},
   * {@code file}, {@code line}, {@code byteOffset}, {@code part} (its place among the messages of its line),
   * {@code call} (an opaque key of the billed call its line reports, the same for every line of one streamed
   * response, or {@code null}),
   * {@code content} (blocks: {@code {"type":"text"|"thinking","text"}}, {@code {"type":"tool_call","id","name",
   * "arguments"}}, {@code {"type":"tool_result","id","name","error","text"}}, {@code {"type":"attachment",
   * "mediaType"}}), {@code toolCalls} (the names of the tools it calls), {@code usage} ({@code null}, or the call it
   * carries: {@code provider}, {@code model}, {@code callStartedAt} and the token and cost fields of the reports,
   * {@code calls} being 1), {@code cacheRead} and {@code cacheWrite} (whether that call read from or wrote to the
   * prompt cache).
   *
   * <p>Each gap has {@code before} (the index of the message that ended it), {@code from}, {@code to},
   * {@code idleSeconds}, {@code cacheExpired} (the wait let a cache that held tokens expire) and {@code cache}
   * ({@code null} before the session's first call, else the verdict when the next call was made, with the fields of
   * a {@value #CACHE_SCHEMA} verdict from {@code strategy} on).
   *
   * @param g the generator, positioned where a value may be written
   * @param timeline the timeline
   * @param snapshot the snapshot it was made from
   * @throws IOException if writing fails
   */
  void timeline(JsonGenerator g, SessionTimeline timeline, UsageSnapshot snapshot) throws IOException {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(snapshot, "snapshot");
    g.writeStartObject();
    header(g, TIMELINE_SCHEMA, snapshot.asOf());
    g.writeStringField("now", timeline.now().toString());
    g.writeFieldName("session");
    writeSession(g, timeline.session(), timeline.cache());
    g.writeArrayFieldStart("messages");
    List<PricedMessage> messages = timeline.messages();
    for (int i = 0; i < messages.size(); i++) {
      writeTimelineMessage(g, i, messages.get(i));
    }
    g.writeEndArray();
    g.writeArrayFieldStart("gaps");
    for (SessionTimeline.IdleGap gap : timeline.gaps()) {
      g.writeStartObject();
      g.writeNumberField("before", gap.before());
      g.writeStringField("from", gap.from().toString());
      g.writeStringField("to", gap.to().toString());
      g.writeNumberField("idleSeconds", gap.idle().getSeconds());
      g.writeBooleanField("cacheExpired", gap.cacheExpired());
      g.writeFieldName("cache");
      if (gap.cache().isPresent()) {
        g.writeStartObject();
        writeVerdictFields(g, gap.cache().get());
        g.writeEndObject();
      } else {
        g.writeNull();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeFieldName("totals");
    writeTotals(g, timeline.totals());
    List<Diagnostic> all = new ArrayList<>(messages(snapshot));
    all.addAll(timeline.diagnostics());
    all.sort(Diagnostics.ORDER);
    g.writeFieldName("diagnostics");
    writeDiagnostics(g, snapshot.stats(), all);
    g.writeEndObject();
  }

  private static void writeTimelineMessage(JsonGenerator g, int index, PricedMessage pm) throws IOException {
    Message m = pm.message();
    g.writeStartObject();
    g.writeNumberField("index", index);
    stringOrNull(g, "id", m.id());
    g.writeStringField("role", role(m.role()));
    instantOrNull(g, "timestamp", m.timestamp());
    stringOrNull(g, "model", m.model());
    g.writeBooleanField("subagent", m.subagent());
    g.writeStringField("file", m.origin().file().toString());
    g.writeNumberField("line", m.origin().line());
    g.writeNumberField("byteOffset", m.origin().byteOffset());
    g.writeNumberField("part", pm.part());
    stringOrNull(g, "call", pm.call());
    g.writeArrayFieldStart("content");
    List<String> tools = new ArrayList<>();
    for (ContentBlock b : m.content()) {
      g.writeStartObject();
      switch (b.kind()) {
        case TEXT, THINKING -> {
          g.writeStringField("type", b.kind() == ContentBlock.Kind.TEXT ? "text" : "thinking");
          g.writeStringField("text", b.text());
        }
        case TOOL_CALL -> {
          g.writeStringField("type", "tool_call");
          stringOrNull(g, "id", b.toolCallId());
          stringOrNull(g, "name", b.toolName());
          g.writeStringField("arguments", b.text());
          b.toolName().ifPresent(tools::add);
        }
        case TOOL_RESULT -> {
          g.writeStringField("type", "tool_result");
          stringOrNull(g, "id", b.toolCallId());
          stringOrNull(g, "name", b.toolName());
          g.writeBooleanField("error", b.error());
          g.writeStringField("text", b.text());
        }
        case ATTACHMENT -> {
          g.writeStringField("type", "attachment");
          g.writeStringField("mediaType", b.text());
        }
        default -> throw new IllegalStateException("unhandled block kind " + b.kind());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    stringArray(g, "toolCalls", tools);
    g.writeFieldName("usage");
    if (m.usage().isPresent() && pm.cost().isPresent()) {
      UsageRecord r = m.usage().get();
      g.writeStartObject();
      g.writeStringField("provider", r.provider());
      g.writeStringField("model", r.model());
      g.writeStringField("callStartedAt", r.timestamp().toString());
      writeTotalsFields(g, UsageTotals.of(r.tokens(), pm.cost().get()));
      if (pm.enrichment().isPresent()) { // only for a call an enricher fetched something about
        stringOrNull(g, "upstreamProvider", pm.enrichment().flatMap(Enrichment::upstreamProvider));
        g.writeFieldName("enriched");
        writeEnrichment(g, pm.enrichment().get());
      }
      g.writeEndObject();
    } else {
      g.writeNull();
    }
    g.writeBooleanField("cacheRead", pm.readsCache());
    g.writeBooleanField("cacheWrite", pm.writesCache());
    g.writeEndObject();
  }

  /**
   * What an enricher fetched about a call, as the timeline's {@code usage.enriched} object: {@code enricher},
   * {@code key} (the id asked about), {@code upstreamProvider}, {@code costUsd} (what the service billed),
   * {@code cacheDiscountUsd}, {@code upstreamCostUsd}, {@code byok}, and {@code nativeTokens} (the provider's own
   * counts: {@code promptTokens} with cached ones, {@code completionTokens} with reasoning, {@code cachedTokens},
   * {@code reasoningTokens}), each null when the service did not say.
   */
  private static void writeEnrichment(JsonGenerator g, Enrichment e) throws IOException {
    g.writeStartObject();
    g.writeStringField("enricher", e.enricher());
    g.writeStringField("key", e.key());
    stringOrNull(g, "upstreamProvider", e.upstreamProvider());
    usdOrNull(g, "costUsd", e.cost());
    usdOrNull(g, "cacheDiscountUsd", e.cacheDiscount());
    usdOrNull(g, "upstreamCostUsd", e.upstreamCost());
    g.writeBooleanField("byok", e.byok());
    g.writeFieldName("nativeTokens");
    if (e.nativeTokens().isPresent()) {
      Enrichment.NativeTokens t = e.nativeTokens().get();
      g.writeStartObject();
      g.writeNumberField("promptTokens", t.prompt());
      g.writeNumberField("completionTokens", t.completion());
      g.writeNumberField("cachedTokens", t.cached());
      g.writeNumberField("reasoningTokens", t.reasoning());
      g.writeEndObject();
    } else {
      g.writeNull();
    }
    g.writeEndObject();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // cream.enrich/1

  /**
   * Writes a {@value #ENRICH_SCHEMA} document followed by a newline, as UTF-8.
   *
   * @param result what the run did
   * @param after a scan made after the run, whose enriched calls the document sums up
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public void writeEnrich(EnrichResult result, UsageSnapshot after, OutputStream out) throws IOException {
    write(out, g -> enrich(g, result, after));
  }

  /**
   * A {@value #ENRICH_SCHEMA} document: {@code asOf}; {@code interrupted}; per enricher that ran ({@code enrichers})
   * its {@code id} and counts ({@code calls} it has a key for, distinct {@code keys}, {@code known} from earlier
   * runs, {@code givenUp}, {@code asked}, {@code found}, {@code notFound}, {@code failed}, {@code unasked},
   * {@code requests}, {@code enrichedCalls}); {@code enriched}: the enriched calls of the scan ({@code calls}),
   * what the agents recorded for them ({@code recordedCostUsd}, over {@code recordedCalls} of them), what the
   * services billed ({@code enrichedCostUsd}), and a breakdown per {@code upstreamProviders} (each with
   * {@code upstreamProvider}, {@code calls}, {@code enrichedCostUsd}), most calls first; then
   * {@code diagnostics.messages}: the run's and the scan's.
   *
   * @param result what the run did
   * @param after a scan made after the run
   * @return the JSON text, without a final newline
   */
  public String enrich(EnrichResult result, UsageSnapshot after) {
    return text(g -> enrich(g, result, after));
  }

  void enrich(JsonGenerator g, EnrichResult result, UsageSnapshot after) throws IOException {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(after, "after");
    g.writeStartObject();
    header(g, ENRICH_SCHEMA, after.asOf());
    g.writeBooleanField("interrupted", result.interrupted());
    g.writeArrayFieldStart("enrichers");
    for (EnrichResult.Counts c : result.enrichers()) {
      g.writeStartObject();
      g.writeStringField("id", c.enricher());
      g.writeNumberField("calls", c.calls());
      g.writeNumberField("keys", c.keys());
      g.writeNumberField("known", c.known());
      g.writeNumberField("givenUp", c.givenUp());
      g.writeNumberField("asked", c.asked());
      g.writeNumberField("found", c.found());
      g.writeNumberField("notFound", c.notFound());
      g.writeNumberField("failed", c.failed());
      g.writeNumberField("unasked", c.unasked());
      g.writeNumberField("requests", c.requests());
      g.writeNumberField("enrichedCalls", c.enrichedCalls());
      g.writeEndObject();
    }
    g.writeEndArray();
    EnrichedCosts costs = EnrichedCosts.of(after);
    g.writeObjectFieldStart("enriched");
    g.writeNumberField("calls", costs.calls());
    g.writeFieldName("recordedCostUsd");
    g.writeNumber(usd(costs.recorded()));
    g.writeNumberField("recordedCalls", costs.recordedCalls());
    g.writeFieldName("enrichedCostUsd");
    g.writeNumber(usd(costs.enriched()));
    g.writeArrayFieldStart("upstreamProviders");
    for (EnrichedCosts.Upstream u : costs.upstream()) {
      g.writeStartObject();
      g.writeStringField("upstreamProvider", u.provider());
      g.writeNumberField("calls", u.calls());
      g.writeFieldName("enrichedCostUsd");
      g.writeNumber(usd(u.enriched()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    List<Diagnostic> messages = new ArrayList<>(result.diagnostics());
    messages.addAll(messages(after));
    messages.sort(Diagnostics.ORDER);
    g.writeObjectFieldStart("diagnostics");
    g.writeArrayFieldStart("messages");
    for (Diagnostic d : messages) {
      writeMessage(g, d);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * What the enriched calls of some records cost: what the agents recorded for them and what the routing services
   * billed, in all and per upstream provider.
   *
   * @param calls the enriched calls
   * @param recorded the sum of the costs the agents recorded for them
   * @param recordedCalls how many of them had a recorded cost
   * @param enriched the sum of what the services billed for them
   * @param upstream per upstream provider (unknown ones under {@code unknown}), most calls first
   */
  public record EnrichedCosts(long calls, Money recorded, long recordedCalls, Money enriched, List<Upstream> upstream) {

    /**
     * Copies the list.
     *
     * @param calls enriched calls
     * @param recorded recorded costs
     * @param recordedCalls calls with a recorded cost
     * @param enriched billed costs
     * @param upstream per upstream provider
     */
    public EnrichedCosts {
      upstream = List.copyOf(upstream);
    }

    /**
     * One upstream provider's part.
     *
     * @param provider the upstream provider id
     * @param calls its enriched calls
     * @param enriched what the services billed for them
     */
    public record Upstream(String provider, long calls, Money enriched) {}

    /**
     * The enriched calls of a snapshot, read a group of files at a time: only the enriched calls are kept in memory.
     *
     * @param snapshot the snapshot
     * @return their costs
     */
    public static EnrichedCosts of(UsageSnapshot snapshot) {
      List<PricedRecord> enriched = new ArrayList<>();
      snapshot.data().forEachGroup(group -> {
        for (PricedRecord p : group) {
          if (p.enrichment().isPresent() && snapshot.keeps(p.record())) {
            enriched.add(p);
          }
        }
      });
      return of(enriched);
    }

    /**
     * The enriched calls among some records.
     *
     * @param records the records, such as {@link UsageSnapshot#records()}
     * @return their costs
     */
    public static EnrichedCosts of(List<PricedRecord> records) {
      long calls = 0;
      long recordedCalls = 0;
      Money recorded = Money.ZERO;
      Money enriched = Money.ZERO;
      java.util.Map<String, long[]> n = new HashMap<>();
      java.util.Map<String, Money> m = new HashMap<>();
      for (PricedRecord p : records) {
        if (p.enrichment().isEmpty()) {
          continue;
        }
        calls++;
        if (p.record().recordedCost().isPresent()) {
          recordedCalls++;
          recorded = recorded.plus(p.record().recordedCost().get());
        }
        Money billed = p.enrichment().get().cost().orElse(Money.ZERO);
        enriched = enriched.plus(billed);
        String u = p.upstreamProvider().orElse("unknown");
        n.computeIfAbsent(u, k -> new long[1])[0]++;
        m.merge(u, billed, Money::plus);
      }
      List<Upstream> up = new ArrayList<>();
      n.forEach((k, v) -> up.add(new Upstream(k, v[0], m.get(k))));
      up.sort((a, b) -> a.calls() != b.calls() ? Long.compare(b.calls(), a.calls())
          : a.provider().compareTo(b.provider()));
      return new EnrichedCosts(calls, recorded, recordedCalls, enriched, up);
    }
  }

  /**
   * A message role as the documents write it.
   *
   * @param role the role
   * @return {@code user}, {@code assistant}, {@code tool_result} or {@code system}
   */
  public static String role(MessageRole role) {
    return role.name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // shared pieces

  /**
   * Writes the token and cost fields of some totals into the current object: {@code inputTokens},
   * {@code outputTokens}, {@code reasoningTokens}, {@code cacheReadTokens}, {@code cacheWriteTokens},
   * {@code cacheWrite5mTokens}, {@code cacheWrite1hTokens}, {@code totalTokens}, {@code costUsd}, {@code calls}
   * and {@code costProvenance}.
   *
   * @param g the generator, inside an object
   * @param t the totals
   * @throws IOException if writing fails
   */
  static void writeTotalsFields(JsonGenerator g, UsageTotals t) throws IOException {
    TokenCounts k = t.tokens();
    g.writeNumberField("inputTokens", k.input());
    g.writeNumberField("outputTokens", k.output());
    g.writeNumberField("reasoningTokens", k.reasoning());
    g.writeNumberField("cacheReadTokens", k.cacheRead());
    g.writeNumberField("cacheWriteTokens", k.cacheWrite());
    g.writeNumberField("cacheWrite5mTokens", k.cacheWrite5m());
    g.writeNumberField("cacheWrite1hTokens", k.cacheWrite1h());
    g.writeNumberField("totalTokens", k.total());
    g.writeFieldName("costUsd");
    g.writeNumber(usd(t.cost()));
    g.writeNumberField("calls", t.calls());
    g.writeStringField("costProvenance", provenance(t.provenance()));
  }

  private static void writeTotals(JsonGenerator g, UsageTotals t) throws IOException {
    g.writeStartObject();
    writeTotalsFields(g, t);
    g.writeEndObject();
  }

  /**
   * Writes a {@code diagnostics} object: the scan's counters ({@code filesScanned}, {@code linesRead},
   * {@code malformedLines}, {@code unpricedCalls}, {@code retainedFromMissingFiles}, {@code duplicatesDropped})
   * and its {@code messages}, each with {@code severity}, {@code code}, {@code source}, {@code file},
   * {@code line}, {@code byteOffset}, {@code count} and {@code message} (a fixed sentence, never log content).
   *
   * @param g the generator, positioned where a value may be written
   * @param stats the scan's counters
   * @param messages the diagnostics, in the order to write them
   * @throws IOException if writing fails
   */
  static void writeDiagnostics(JsonGenerator g, ScanStats stats, List<Diagnostic> messages)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("filesScanned", stats.filesScanned());
    g.writeNumberField("linesRead", stats.linesRead());
    g.writeNumberField("malformedLines", stats.malformedLines());
    g.writeNumberField("unpricedCalls", stats.unpricedCalls());
    g.writeNumberField("retainedFromMissingFiles", stats.retainedFromMissingFiles());
    g.writeNumberField("duplicatesDropped", stats.duplicatesDropped());
    if (stats.enrichedCalls() > 0) {
      g.writeNumberField("enrichedCalls", stats.enrichedCalls()); // only once enrichment answered something
    }
    g.writeArrayFieldStart("messages");
    for (Diagnostic d : messages) {
      writeMessage(g, d);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void writeMessage(JsonGenerator g, Diagnostic d) throws IOException {
    g.writeStartObject();
    g.writeStringField("severity", d.severity().name());
    g.writeStringField("code", d.code());
    stringOrNull(g, "source", d.sourceId());
    stringOrNull(g, "file", d.file().map(Path::toString));
    g.writeFieldName("line");
    if (d.line().isPresent()) {
      g.writeNumber(d.line().getAsLong());
    } else {
      g.writeNull();
    }
    g.writeFieldName("byteOffset");
    if (d.byteOffset().isPresent()) {
      g.writeNumber(d.byteOffset().getAsLong());
    } else {
      g.writeNull();
    }
    g.writeNumberField("count", d.count());
    g.writeStringField("message", d.message());
    g.writeEndObject();
  }

  /**
   * An amount as the documents write it: rounded half-even to six decimal places, without trailing zeros but with
   * at least one decimal ({@code 0.0}, {@code 1.5}, {@code 0.000375}). Computed on the exact decimal.
   *
   * @param amount the amount
   * @return the JSON number text
   */
  public static String usd(Money amount) {
    BigDecimal d = amount.toUsd(6).stripTrailingZeros();
    if (d.scale() < 1) {
      d = d.setScale(1, RoundingMode.UNNECESSARY);
    }
    return d.toPlainString();
  }

  /**
   * A cost provenance as the documents write it.
   *
   * @param p the provenance
   * @return {@code recorded}, {@code calculated}, {@code enriched}, {@code mixed} or {@code unpriced}
   */
  public static String provenance(CostProvenance p) {
    return p.name().toLowerCase(Locale.ROOT);
  }

  private List<Diagnostic> messages(UsageSnapshot snapshot) {
    if (extraMessages.isEmpty()) {
      return snapshot.diagnostics();
    }
    List<Diagnostic> all = new ArrayList<>(snapshot.diagnostics());
    all.addAll(extraMessages);
    all.sort(Diagnostics.ORDER);
    return all;
  }

  private void header(JsonGenerator g, String schema, Instant asOf) throws IOException {
    g.writeStringField("schema", schema);
    g.writeStringField("asOf", asOf.toString());
    if (demo) {
      g.writeBooleanField("demo", true);
    }
  }

  private static void stringOrNull(JsonGenerator g, String name, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      g.writeStringField(name, value.get());
    } else {
      g.writeNullField(name);
    }
  }

  private static void instantOrNull(JsonGenerator g, String name, Optional<Instant> value) throws IOException {
    stringOrNull(g, name, value.map(Instant::toString));
  }

  private static void usdOrNull(JsonGenerator g, String name, Optional<Money> value) throws IOException {
    g.writeFieldName(name);
    if (value.isPresent()) {
      g.writeNumber(usd(value.get()));
    } else {
      g.writeNull();
    }
  }

  private static void stringArray(JsonGenerator g, String name, List<String> values) throws IOException {
    g.writeArrayFieldStart(name);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private void write(OutputStream out, Body body) throws IOException {
    Objects.requireNonNull(out, "out");
    try (JsonGenerator g = configure(JSON.createGenerator(out, JsonEncoding.UTF8))) {
      body.write(g);
      g.writeRaw('\n');
    }
    out.flush();
  }

  private String text(Body body) {
    Writer w = new StringWriter();
    try (JsonGenerator g = configure(JSON.createGenerator(w))) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string failed", e);
    }
    return w.toString();
  }

  private JsonGenerator configure(JsonGenerator g) {
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    if (pretty) {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      DefaultPrettyPrinter printer =
          new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                  .withObjectEmptySeparator("")
                  .withArrayEmptySeparator(""));
      printer.indentObjectsWith(indenter);
      printer.indentArraysWith(indenter);
      g.setPrettyPrinter(printer);
    }
    return g;
  }
}
