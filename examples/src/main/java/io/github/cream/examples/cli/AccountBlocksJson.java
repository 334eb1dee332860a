package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import io.github.cream.api.SessionSummary;
import io.github.cream.core.Block;
import io.github.cream.core.Filter;
import io.github.cream.core.ReportJson;
import io.github.cream.core.UsageSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code blocks --json}: the library's {@code cream.blocks/1} document (every call in one series of blocks, as
 * before) with {@code accounts} added after {@code blocks}: one entry per source with calls, as the table shows them
 * — its own blocks and totals, and the rate-limit windows the agent logged last (Codex), or null. Documented in
 * {@code docs/json-contract.md}.
 */
final class AccountBlocksJson {

  private AccountBlocksJson() {}

  /**
   * Writes the document, followed by a newline.
   *
   * @param snapshot the filtered snapshot
   * @param perSource the filter of one source's calls (the options' dates and project)
   * @param focus the command's focus ({@code --active}, {@code --recent})
   * @param now the instant that decides which block is active
   * @param json the library's writer, set up for this run (demo, extra diagnostics)
   * @param pretty whether to indent
   * @param out where to write
   * @throws IOException if writing fails
   */
  static void write(
      UsageSnapshot snapshot, Function<String, Filter> perSource, Options.Focus focus, Instant now, ReportJson json,
      boolean pretty, OutputStream out) throws IOException {
    List<Block> all = AccountBlocks.focus(snapshot.blocks(Main.BLOCK_LENGTH, now), focus, now);
    Map<String, String> lib = JsonDocs.fields(json.blocks(all, Main.BLOCK_LENGTH, now, snapshot));
    try (JsonGenerator g = JsonDocs.generator(out, pretty)) {
      g.writeStartObject();
      for (Map.Entry<String, String> f : lib.entrySet()) {
        JsonDocs.copyField(g, f.getKey(), f.getValue());
        if (f.getKey().equals("blocks")) {
          accounts(g, snapshot, perSource, focus, now, json);
        }
      }
      g.writeEndObject();
      g.writeRaw('\n');
    }
    out.flush();
  }

  private static void accounts(
      JsonGenerator g, UsageSnapshot snapshot, Function<String, Filter> perSource, Options.Focus focus, Instant now,
      ReportJson json) throws IOException {
    g.writeArrayFieldStart("accounts");
    for (String source : AccountBlocks.sources(snapshot)) {
      UsageSnapshot one = snapshot.filter(perSource.apply(source));
      List<Block> blocks = AccountBlocks.focus(one.blocks(Main.BLOCK_LENGTH, now), focus, now);
      Map<String, String> doc = JsonDocs.fields(json.blocks(blocks, Main.BLOCK_LENGTH, now, one));
      g.writeStartObject();
      g.writeStringField("source", source);
      JsonDocs.copyField(g, "blocks", doc.get("blocks"));
      JsonDocs.copyField(g, "totals", doc.get("totals"));
      rateLimits(g, AccountBlocks.latestLimits(one));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void rateLimits(JsonGenerator g, Optional<SessionSummary> session) throws IOException {
    g.writeFieldName("rateLimits");
    if (session.isEmpty()) {
      g.writeNull();
      return;
    }
    RateLimits l = session.get().rateLimits().orElseThrow();
    g.writeStartObject();
    g.writeStringField("observedAt", l.observedAt().toString());
    g.writeStringField("sessionId", session.get().sessionId());
    if (l.plan().isPresent()) {
      g.writeStringField("plan", l.plan().get());
    } else {
      g.writeNullField("plan");
    }
    g.writeArrayFieldStart("windows");
    for (RateLimitWindow w : l.windows()) {
      g.writeStartObject();
      g.writeStringField("name", w.name());
      g.writeFieldName("usedPercent");
      g.writeNumber(BigDecimal.valueOf(w.usedPercent()));
      if (w.windowMinutes().isPresent()) {
        g.writeNumberField("windowMinutes", w.windowMinutes().getAsLong());
      } else {
        g.writeNullField("windowMinutes");
      }
      if (w.resetsAt().isPresent()) {
        g.writeStringField("resetsAt", w.resetsAt().get().toString());
      } else {
        g.writeNullField("resetsAt");
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
