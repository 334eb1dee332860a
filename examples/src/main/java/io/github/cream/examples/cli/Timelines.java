package io.github.cream.examples.cli;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.api.ContentBlock;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Durations;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.Money;
import io.github.cream.api.Severity;
import io.github.cream.api.SessionSummary;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.PricedMessage;
import io.github.cream.core.ReportJson;
import io.github.cream.core.SessionCache;
import io.github.cream.core.SessionMessages;
import io.github.cream.core.SessionTimeline;
import io.github.cream.examples.cli.Table.Align;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code session SESSION_ID}: one session as a timeline people read. A short header (title, project, source,
 * models, when, totals, the cache now), then one row per step of the conversation — a prompt, a response (the lines
 * Claude Code streams for one response are one row), the tool results that came back, a notice — with its time,
 * role, model, tokens (input, output, cache read, cache write), cost and what it said or called; between steps the
 * idle gaps of a minute or more, and whether the cache survived them; totals at the end.
 */
final class Timelines {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
  private static final int WHAT_WIDTH = 64;
  private static final int SNIPPET_WIDTH = 40;

  private Timelines() {}

  /** A step of the conversation: one response, the tool results it got back, a prompt, a notice. */
  private static final class Step {
    final List<PricedMessage> messages = new ArrayList<>();
    SessionTimeline.IdleGap gapBefore;
    Optional<String> call = Optional.empty();

    Message first() {
      return messages.get(0).message();
    }
  }

  static String table(SessionTimeline t, ZoneId zone, Path home, Terminal term) {
    StringBuilder sb = new StringBuilder();
    header(sb, t, zone, home);
    if (t.messages().isEmpty()) {
      sb.append('\n').append(noMessages(t)).append('\n');
      return term.wrap(sb.toString());
    }
    List<Step> steps = steps(t);
    List<String> headers =
        List.of("Time", "Role", "Model", "Input", "Output", "Cache read", "Cache write", "Cost", "What");
    Table table =
        new Table(
            headers.toArray(String[]::new),
            new Align[] {Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.RIGHT, Align.RIGHT,
                Align.RIGHT, Align.LEFT});
    LocalDate day = null;
    for (Step s : steps) {
      if (s.gapBefore != null) {
        table.row("", "", "", "", "", "", "", "", gap(s.gapBefore));
      }
      Optional<Instant> at = s.first().timestamp();
      if (at.isPresent()) {
        LocalDate d = at.get().atZone(zone).toLocalDate();
        if (!d.equals(day)) {
          table.row(DAY.format(d));
          day = d;
        }
      }
      TokenCounts tokens = TokenCounts.ZERO;
      Money cost = Money.ZERO;
      boolean call = false;
      boolean unpriced = false;
      String model = null;
      for (PricedMessage m : s.messages) {
        if (m.usage().isPresent()) {
          call = true;
          tokens = tokens.plus(m.tokens());
          cost = cost.plus(m.cost().orElseThrow().amount());
          unpriced |= m.cost().orElseThrow().provenance() == io.github.cream.api.CostProvenance.UNPRICED;
          model = m.usage().get().model();
        }
        if (model == null) {
          model = m.message().model().orElse(null);
        }
      }
      table.row(
          at.map(i -> TIME.format(i.atZone(zone))).orElse(""),
          role(s.first()),
          model == null ? "" : TerminalText.safe(model),
          call ? Tables.tokens(tokens.input()) : "",
          call ? Tables.tokens(tokens.output()) : "",
          call ? Tables.tokens(tokens.cacheRead()) : "",
          call ? Tables.tokens(tokens.cacheWrite()) : "",
          call ? (unpriced ? "unpriced" : Tables.usd3(cost)) : "",
          what(s));
    }
    UsageTotals totals = t.totals();
    table.rule();
    table.row("Total", "", "", Tables.tokens(totals.tokens().input()), Tables.tokens(totals.tokens().output()),
        Tables.tokens(totals.tokens().cacheRead()), Tables.tokens(totals.tokens().cacheWrite()), Tables.cost(totals),
        Tables.plural(totals.calls(), "call", "calls") + ", " + Tables.plural(t.messages().size(), "message",
            "messages"));
    Tables.style(table, headers, term, "What", "Model").optional(Tables.index(headers, "Cache write"),
        Tables.index(headers, "Cache read"), Tables.index(headers, "Role"));
    sb.append('\n').append(table.render(term));
    footer(sb, t);
    return term.wrap(sb.toString());
  }

  // ---- header and footer

  private static void header(StringBuilder sb, SessionTimeline t, ZoneId zone, Path home) {
    SessionSummary s = t.session();
    sb.append("Session ").append(TerminalText.safe(s.sessionId())).append(" (").append(TerminalText.safe(s.source()))
        .append(")\n");
    Map<String, String> lines = new LinkedHashMap<>();
    s.title().ifPresent(v -> lines.put("Title", clean(v)));
    s.project().ifPresent(v -> lines.put("Project", Tables.shortenPath(v, home, Integer.MAX_VALUE)));
    if (!s.models().isEmpty()) {
      lines.put("Models", TerminalText.safe(String.join(", ", s.models())));
    }
    if (s.firstActivity().isPresent() && s.lastActivity().isPresent()) {
      Instant a = s.firstActivity().get();
      Instant b = s.lastActivity().get();
      String end = a.atZone(zone).toLocalDate().equals(b.atZone(zone).toLocalDate())
          ? DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).format(b.atZone(zone)) : MINUTE.format(b.atZone(zone));
      lines.put("Active", MINUTE.format(a.atZone(zone)) + " to " + end + " (" + zone.getId() + "), "
          + Durations.span(Duration.between(a, b)));
    }
    UsageTotals tt = s.totals();
    lines.put("Usage", Tables.plural(tt.calls(), "call", "calls") + ", " + Tables.tokens(tt.tokens().total())
        + " tokens (" + Tables.tokens(tt.tokens().cacheRead()) + " read from the cache, "
        + Tables.tokens(tt.tokens().cacheWrite()) + " written to it), " + Tables.cost(tt));
    t.cache().ifPresent(c -> lines.put("Cache now", cacheNow(c, t.now())));
    lines.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-10s %s%n", k + ":", v)));
  }

  private static String cacheNow(SessionCache c, Instant now) {
    CacheVerdict v = c.verdict();
    StringBuilder sb = new StringBuilder(ReportJson.state(v.state()));
    if (v.state() != CacheState.UNKNOWN && v.expiresAt().isPresent()) {
      Instant at = v.expiresAt().get();
      sb.append(now.isBefore(at) ? ", expires in " + Durations.countdown(Duration.between(now, at))
          : ", expired " + Durations.ago(Duration.between(at, now)));
    }
    sb.append(" (").append(TerminalText.safe(v.strategy()));
    v.ttl().ifPresent(ttl -> sb.append(", ").append(Durations.span(ttl)).append(" TTL"));
    sb.append(')');
    return sb.toString();
  }

  private static void footer(StringBuilder sb, SessionTimeline t) {
    List<SessionTimeline.IdleGap> expired = t.gaps().stream().filter(SessionTimeline.IdleGap::cacheExpired).toList();
    sb.append('\n');
    if (t.gaps().isEmpty()) {
      sb.append("No idle gaps of a minute or more in the main conversation.\n");
    } else {
      sb.append(Tables.plural(t.gaps().size(), "idle gap", "idle gaps")).append(" of a minute or more; ");
      if (expired.isEmpty()) {
        sb.append("none let the cache expire.\n");
      } else {
        long rewritten = 0;
        for (SessionTimeline.IdleGap g : expired) {
          rewritten += nextCall(t, g).map(m -> m.tokens().cacheWrite()).orElse(0L);
        }
        sb.append(expired.size() == t.gaps().size() ? "all" : Integer.toString(expired.size()))
            .append(" let the cache expire, and the calls after them wrote ").append(Tables.tokens(rewritten))
            .append(" tokens to the cache again.\n");
      }
    }
    if (!t.session().totals().equals(t.totals())) {
      sb.append("The messages carry ").append(Tables.plural(t.totals().calls(), "call", "calls")).append(" of the")
          .append(" session's ").append(Tables.tokens(t.session().totals().calls())).append(".\n");
    }
    for (Diagnostic d : t.diagnostics()) {
      if (d.code().startsWith("cream.messages.") && d.severity() != Severity.INFO || isMissing(d)) {
        sb.append("Note: ").append(Tables.sentence(d.message())).append('\n');
      }
    }
  }

  private static boolean isMissing(Diagnostic d) {
    return d.code().equals(SessionMessages.MISSING_FILES);
  }

  private static Optional<PricedMessage> nextCall(SessionTimeline t, SessionTimeline.IdleGap g) {
    for (int i = g.before(); i < t.messages().size(); i++) {
      PricedMessage m = t.messages().get(i);
      if (!m.message().subagent() && m.usage().isPresent()) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private static String noMessages(SessionTimeline t) {
    for (Diagnostic d : t.diagnostics()) {
      if (d.code().equals(SessionMessages.NO_MESSAGES)) {
        return "The " + t.session().source() + " source cannot show a session's messages; only its usage (above) is"
            + " known.";
      }
    }
    return "No messages found.";
  }

  // ---- rows

  /**
   * Groups the messages into steps. A response Claude Code streamed over several lines is one step even when the
   * results of its parallel tool calls were logged between its lines (they form the step right after it); further
   * tool results, and lines of another file, follow the same rule per file. An idle gap always starts a new step.
   */
  private static List<Step> steps(SessionTimeline t) {
    Map<Integer, SessionTimeline.IdleGap> gaps = new HashMap<>();
    for (SessionTimeline.IdleGap g : t.gaps()) {
      gaps.put(g.before(), g);
    }
    List<Step> out = new ArrayList<>();
    Map<Path, Step> response = new HashMap<>(); // per file: the response step still open
    Map<Path, Step> results = new HashMap<>(); // per file: the tool results after it
    Map<Path, Step> last = new HashMap<>(); // per file: the last step
    for (int i = 0; i < t.messages().size(); i++) {
      PricedMessage m = t.messages().get(i);
      Path file = m.message().origin().file();
      SessionTimeline.IdleGap gap = gaps.get(i);
      if (gap != null) {
        response.clear();
        results.clear();
        last.clear();
      }
      Step open = response.get(file);
      Step step = null;
      switch (m.message().role()) {
        case ASSISTANT -> {
          if (open != null && m.call().isPresent() && m.call().equals(open.call)) {
            step = open;
          } else if (open != null && m.call().isEmpty() && last.get(file) == open) {
            step = open;
          }
        }
        case TOOL_RESULT -> {
          Step r = results.get(file);
          if (r != null && (last.get(file) == r || last.get(file) == open)) {
            step = r;
          } else if (r == null && open != null && last.get(file) == open) {
            step = new Step();
            out.add(step);
            results.put(file, step);
          } else if (last.get(file) != null && last.get(file).first().role() == MessageRole.TOOL_RESULT) {
            step = last.get(file);
          }
        }
        default -> {
          response.remove(file);
          results.remove(file);
        }
      }
      if (step == null) {
        step = new Step();
        step.gapBefore = gap;
        out.add(step);
        if (m.message().role() == MessageRole.ASSISTANT) {
          step.call = m.call();
          response.put(file, step);
          results.remove(file);
        }
      }
      step.messages.add(m);
      if (step.call.isEmpty() && m.call().isPresent() && step.first().role() == MessageRole.ASSISTANT) {
        step.call = m.call();
      }
      last.put(file, step);
    }
    return out;
  }

  private static String role(Message m) {
    String r =
        switch (m.role()) {
          case USER -> "user";
          case ASSISTANT -> "assistant";
          case TOOL_RESULT -> "tool";
          case SYSTEM -> "system";
        };
    return m.subagent() ? r + " (sub)" : r;
  }

  private static String gap(SessionTimeline.IdleGap g) {
    StringBuilder sb = new StringBuilder("idle ").append(Durations.span(g.idle()));
    if (g.cache().isEmpty()) {
      return sb.toString();
    }
    CacheVerdict v = g.cache().get();
    String ttl = v.ttl().map(d -> " (" + Durations.span(d) + " TTL)").orElse("");
    if (g.cacheExpired()) {
      sb.append(" -- cache expired").append(ttl);
    } else if (v.state() == CacheState.WARM) {
      sb.append(" -- cache still warm").append(ttl);
    } else if (v.state() == CacheState.UNKNOWN) {
      sb.append(" -- cache state unknown");
    } else {
      sb.append(" -- nothing was cached");
    }
    return sb.toString();
  }

  /** What a step said or did, in a few words. */
  private static String what(Step s) {
    Message first = s.first();
    List<String> parts = new ArrayList<>();
    switch (first.role()) {
      case ASSISTANT -> {
        boolean thinking = false;
        String text = null;
        Map<String, Integer> tools = new LinkedHashMap<>();
        for (PricedMessage m : s.messages) {
          for (ContentBlock b : m.message().content()) {
            switch (b.kind()) {
              case THINKING -> thinking = true;
              case TEXT -> {
                if (text == null && !clean(b.text()).isEmpty()) {
                  text = clean(b.text());
                }
              }
              case TOOL_CALL -> tools.merge(b.toolName().orElse("?"), 1, Integer::sum);
              default -> { }
            }
          }
        }
        if (thinking) {
          parts.add("(thinking)");
        }
        if (text != null) {
          parts.add(quote(text, tools.isEmpty() ? WHAT_WIDTH : SNIPPET_WIDTH));
        }
        if (!tools.isEmpty()) {
          parts.add("-> " + counted(tools));
        }
      }
      case TOOL_RESULT -> {
        Map<String, Integer> tools = new LinkedHashMap<>();
        int errors = 0;
        for (PricedMessage m : s.messages) {
          for (ContentBlock b : m.message().content()) {
            if (b.kind() == ContentBlock.Kind.TOOL_RESULT) {
              tools.merge(b.toolName().orElse("?"), 1, Integer::sum);
              errors += b.error() ? 1 : 0;
            }
          }
        }
        parts.add("<- " + counted(tools) + (errors == 0 ? "" : errors == 1 ? " (1 error)" : " (" + errors
            + " errors)"));
      }
      default -> {
        String text = null;
        List<String> attachments = new ArrayList<>();
        for (ContentBlock b : first.content()) {
          if (b.kind() == ContentBlock.Kind.ATTACHMENT) {
            attachments.add("[" + clean(b.text()) + "]");
          } else if (text == null && !clean(b.text()).isEmpty()) {
            text = clean(b.text());
          }
        }
        if (text != null) {
          parts.add(first.role() == MessageRole.USER ? quote(text, WHAT_WIDTH) : Tables.truncate(text, WHAT_WIDTH));
        }
        parts.addAll(attachments);
      }
    }
    return Tables.truncate(String.join(" ", parts), WHAT_WIDTH + 8);
  }

  private static String counted(Map<String, Integer> tools) {
    List<String> out = new ArrayList<>();
    tools.forEach((name, n) -> out.add(n == 1 ? clean(name) : clean(name) + " x" + n));
    return String.join(", ", out);
  }

  private static String quote(String text, int width) {
    return "\"" + Tables.truncate(text, width - 2) + "\"";
  }

  /**
   * Text on one line, with its control characters made visible ({@link TerminalText}: a log's terminal escapes
   * must not reach the terminal).
   */
  static String clean(String s) {
    // a long text is cut first: only its start is ever shown
    return TerminalText.line(DisplayWidth.prefix(s, 4 * WHAT_WIDTH));
  }

}
