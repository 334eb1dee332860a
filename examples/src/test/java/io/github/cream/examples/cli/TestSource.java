package io.github.cream.examples.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A source for the CLI's tests, one call per line under {@code $HOME/.<id>}:
 * {@code {"s":"session","t":"2026-03-01T10:00:00Z","m":"model","p":"provider","in":1,"cr":2,"w5":3,"w1":4,
 * "out":5,"r":1,"cost":"0.01","title":"x","cwd":"/p"}}. Lines without {@code "t"} are skipped.
 */
final class TestSource implements Source {

  static final JsonFactory JSON = new JsonFactory();
  private static final byte[] MARKER = Bytes.ascii("\"t\"");

  private final String id;

  TestSource(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return "Test Agent " + id;
  }

  @Override
  public List<Path> defaultRoots(Environment environment) {
    return List.of(environment.home().resolve("." + id));
  }

  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    return new LineParser() {
      @Override
      public boolean wants(LineView line) {
        return line.contains(MARKER);
      }

      @Override
      public void accept(LineView line, ParseSink sink) {
        String s = "none";
        String t = null;
        String m = "m1";
        String p = "prov";
        String cost = null;
        String title = null;
        String cwd = null;
        long[] n = new long[6];
        try (JsonParser jp = JSON.createParser(line.buffer(), line.start(), line.length())) {
          if (jp.nextToken() != JsonToken.START_OBJECT) {
            sink.problem(Severity.WARNING, id + ".line.invalid", "line is not a JSON object");
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
              case "title" -> title = jp.getValueAsString();
              case "cwd" -> cwd = jp.getValueAsString();
              case "in" -> n[0] = jp.getValueAsLong();
              case "cr" -> n[1] = jp.getValueAsLong();
              case "w5" -> n[2] = jp.getValueAsLong();
              case "w1" -> n[3] = jp.getValueAsLong();
              case "out" -> n[4] = jp.getValueAsLong();
              case "r" -> n[5] = jp.getValueAsLong();
              default -> jp.skipChildren();
            }
          }
          UsageRecord r =
              UsageRecord.builder()
                  .source(id)
                  .provider(p)
                  .model(m)
                  .sessionId(s)
                  .project(cwd)
                  .timestamp(Instant.parse(t))
                  .tokens(new TokenCounts(n[0], n[1], n[2], n[3], n[4], n[5]))
                  .recordedCost(cost == null ? null : Money.ofUsd(cost))
                  .origin(line.origin())
                  .build();
          sink.record(r);
          if (title != null || cwd != null) {
            sink.session(SessionFacts.builder(id, s).title(title).project(cwd).seen(r.timestamp()).build());
          }
        } catch (IOException | RuntimeException e) {
          sink.problem(Severity.WARNING, id + ".line.invalid", "line is not a valid usage line");
        }
      }

      @Override
      public ResumeState snapshot() {
        return ResumeState.initial();
      }
    };
  }
}
