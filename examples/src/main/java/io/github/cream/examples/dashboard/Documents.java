package io.github.cream.examples.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.ReportJson;
import io.github.cream.core.SessionCache;
import io.github.cream.core.SessionMessages;
import io.github.cream.core.SessionTimeline;
import io.github.cream.core.SourceStatus;
import io.github.cream.core.UsageSnapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The JSON documents the page reads. Reports, sessions and timelines are the library's own {@link ReportJson}
 * documents, exactly what {@code cream daily --json}, {@code session --json} and {@code session ID --json} print for
 * the same filter, so the page's totals are the CLI's; only {@code meta} (the choices the filters offer and the
 * server's clock) is the dashboard's own.
 */
final class Documents {

  private static final JsonFactory JSON = new JsonFactory();

  private final LiveUsage live;
  private final boolean demo;
  private final ZoneId defaultZone;

  Documents(LiveUsage live, boolean demo, ZoneId defaultZone) {
    this.live = live;
    this.demo = demo;
    this.defaultZone = defaultZone;
  }

  /**
   * How many updates the state has had.
   *
   * @return the version
   */
  long version() {
    return live.version();
  }

  /** The default time zone of the page. */
  ZoneId defaultZone() {
    return defaultZone;
  }

  /** The instant cache states are judged at: the engine's clock (the demo's fixed clock in demo mode). */
  private Instant now() {
    return live.cream().environment().now();
  }

  private ReportJson json() {
    return ReportJson.create().withDemo(demo);
  }

  /**
   * The {@code cream.report/1} document of {@code daily --json} for a filter.
   *
   * @param q the request's parameters
   * @return the JSON text
   * @throws Query.BadRequest if a parameter is not valid
   */
  String daily(Query q) throws Query.BadRequest {
    ZoneId zone = q.zone(defaultZone);
    UsageSnapshot s = live.snapshot().filter(q.filter(zone));
    return safe(json().report(s.daily(zone), s));
  }

  /**
   * The {@code cream.sessions/1} document of {@code session --json} for a filter, each session with its cache
   * verdict now.
   *
   * @param q the request's parameters
   * @return the JSON text
   * @throws Query.BadRequest if a parameter is not valid
   */
  String sessions(Query q) throws Query.BadRequest {
    ZoneId zone = q.zone(defaultZone);
    UsageSnapshot s = live.snapshot().filter(q.filter(zone));
    Map<String, SessionCache> verdicts = new HashMap<>();
    for (SessionCache c : s.cacheStates(now())) {
      verdicts.put(key(c.session()), c);
    }
    return safe(json().sessions(s.sessions(), s, x -> Optional.ofNullable(verdicts.get(key(x)))));
  }

  /**
   * The {@code cream.timeline/1} document of {@code session ID --json}: one session's messages with per-call cost
   * and the idle gaps between them.
   *
   * @param q the request's parameters: {@code source} and {@code session}, an exact id the scan found
   * @return the JSON text, or empty when no such session exists
   */
  Optional<String> timeline(Query q) {
    Optional<String> source = q.get("source");
    Optional<String> id = q.get("session");
    UsageSnapshot scan = live.snapshot();
    if (source.isEmpty() || id.isEmpty() || scan.session(source.get(), id.get()).isEmpty()) {
      return Optional.empty();
    }
    SessionMessages messages = live.cream().openMessages(source.get(), id.get()).read(scan);
    SessionTimeline timeline = scan.timeline(messages, now());
    return Optional.of(safe(json().timeline(timeline, scan)));
  }

  /**
   * The dashboard's own small document: {@code schema}, {@code now} (the server's clock, for countdowns),
   * {@code demo}, {@code zone} (the default time zone), {@code version} (changes with every update), and the
   * filters' choices: {@code sources} and {@code projects}.
   *
   * @return the JSON text
   */
  String meta() {
    UsageSnapshot scan = live.snapshot();
    TreeSet<String> sources = new TreeSet<>();
    for (SourceStatus st : scan.sources()) {
      sources.add(st.provider().id());
    }
    TreeSet<String> projects = new TreeSet<>();
    for (SessionSummary s : scan.sessions()) {
      sources.add(s.source());
      s.project().ifPresent(projects::add);
    }
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("schema", "cream.dashboard-meta/1");
      g.writeStringField("now", now().toString());
      g.writeBooleanField("demo", demo);
      g.writeStringField("zone", defaultZone.getId());
      g.writeNumberField("version", live.version());
      g.writeArrayFieldStart("sources");
      for (String s : sources) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("projects");
      for (String p : projects) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return safe(w.toString());
  }

  private static String key(SessionSummary s) {
    return s.source() + '\u0000' + s.sessionId();
  }

  /**
   * JSON text that stays inert even if something reads it as HTML: {@code <}, {@code >} and {@code &} can only occur
   * inside JSON strings, where their {@code \}{@code u} escapes mean the same characters.
   *
   * @param json JSON text
   * @return the same JSON value
   */
  static String safe(String json) {
    StringBuilder sb = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      String rep =
          switch (c) {
            case '<' -> "\\u003c";
            case '>' -> "\\u003e";
            case '&' -> "\\u0026";
            default -> null;
          };
      if (rep != null) {
        if (sb == null) {
          sb = new StringBuilder(json.length() + 16).append(json, 0, i);
        }
        sb.append(rep);
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? json : sb.toString();
  }
}
