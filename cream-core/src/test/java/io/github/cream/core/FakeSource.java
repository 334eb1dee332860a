package io.github.cream.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Environment;
import io.github.cream.api.Money;
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
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A test source for a tiny format, one call per line:
 * {@code {"s":"sess","t":"2026-01-01T00:00:00Z","m":"model","p":"prov","in":1,"cr":2,"w5":3,"w1":4,"out":5,
 * "cost":"0.01","k":"group","v":"variant","tier":0,"title":"x","cwd":"/p"}}. Lines without {@code "t"} are
 * skipped by the byte pre-filter. Its state counts the calls seen, to test resuming.
 */
public class FakeSource implements Source {

  static final JsonFactory JSON = new JsonFactory();
  private static final byte[] MARKER = Bytes.ascii("\"t\"");

  private final String id;
  private final Path root;

  /** The ServiceLoader constructor: id {@code fake}, root {@code $HOME/.fake}. */
  public FakeSource() {
    this("fake", null);
  }

  FakeSource(String id, Path root) {
    this.id = id;
    this.root = root;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return "Fake Agent";
  }

  @Override
  public List<Path> defaultRoots(Environment environment) {
    return List.of(root != null ? root : environment.home().resolve(".fake"));
  }

  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    long[] count = {resume.isInitial() ? 0 : Long.parseLong(new String(resume.bytes(), StandardCharsets.UTF_8))};
    return new LineParser() {
      @Override
      public boolean wants(LineView line) {
        return line.contains(MARKER);
      }

      @Override
      public void accept(LineView line, ParseSink sink) {
        String s = null;
        String t = null;
        String m = "m";
        String p = "prov";
        String cost = null;
        String k = null;
        String v = "";
        String title = null;
        String cwd = null;
        int tier = 0;
        long in = 0;
        long cr = 0;
        long w5 = 0;
        long w1 = 0;
        long out = 0;
        try (JsonParser jp = JSON.createParser(line.buffer(), line.start(), line.length())) {
          if (jp.nextToken() != JsonToken.START_OBJECT) {
            sink.problem(Severity.WARNING, "fake.line.not-object", "line is not a JSON object");
            return;
          }
          while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            jp.nextToken();
            switch (name) {
              case "s" -> s = jp.getValueAsString();
              case "t" -> t = jp.getValueAsString();
              case "m" -> m = jp.getValueAsString();
              case "p" -> p = jp.getValueAsString();
              case "cost" -> cost = jp.getValueAsString();
              case "k" -> k = jp.getValueAsString();
              case "v" -> v = jp.getValueAsString();
              case "title" -> title = jp.getValueAsString();
              case "cwd" -> cwd = jp.getValueAsString();
              case "tier" -> tier = jp.getValueAsInt();
              case "in" -> in = jp.getValueAsLong();
              case "cr" -> cr = jp.getValueAsLong();
              case "w5" -> w5 = jp.getValueAsLong();
              case "w1" -> w1 = jp.getValueAsLong();
              case "out" -> out = jp.getValueAsLong();
              default -> jp.skipChildren();
            }
          }
          UsageRecord r =
              UsageRecord.builder()
                  .source(id)
                  .provider(p)
                  .model(m)
                  .sessionId(s == null ? "none" : s)
                  .project(cwd)
                  .timestamp(Instant.parse(t))
                  .tokens(TokenCounts.of(in, cr, w5, w1, out))
                  .recordedCost(cost == null ? null : Money.ofUsd(cost))
                  .dedupKey(k == null ? null : new DedupKey(k, v, tier))
                  .origin(line.origin())
                  .build();
          count[0]++;
          sink.record(r);
          if (title != null || cwd != null) {
            sink.session(
                SessionFacts.builder(id, r.sessionId())
                    .title(title)
                    .project(cwd)
                    .seen(r.timestamp())
                    .attribute("calls", Long.toString(count[0]))
                    .build());
          }
        } catch (IOException | RuntimeException e) {
          sink.problem(Severity.WARNING, "fake.line.invalid", "line is not a valid usage line");
        }
      }

      @Override
      public ResumeState snapshot() {
        return ResumeState.of(Long.toString(count[0]).getBytes(StandardCharsets.UTF_8));
      }
    };
  }
}
