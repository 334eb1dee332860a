package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import io.github.cream.api.Money;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A source for tests, one call per line under {@code $HOME/.<id>/*.jsonl}, fields separated by {@code |}:
 * {@code time|session|provider|model|input|cacheRead|cacheWrite5m|cacheWrite1h|output|reasoning|recordedCostOr-}.
 */
final class LineSource implements Source {

  private final String id;

  LineSource(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return "Lines " + id;
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
        return line.length() > 0;
      }

      @Override
      public void accept(LineView line, ParseSink sink) {
        String text = new String(line.buffer(), line.start(), line.length(), StandardCharsets.UTF_8).strip();
        String[] f = text.split("\\|");
        if (f.length != 11) {
          sink.problem(Severity.WARNING, id + ".line.invalid", "a line has not eleven fields");
          return;
        }
        long[] n = new long[6];
        for (int i = 0; i < 6; i++) {
          n[i] = Long.parseLong(f[4 + i]);
        }
        sink.record(UsageRecord.builder()
            .source(id)
            .timestamp(Instant.parse(f[0]))
            .sessionId(f[1])
            .provider(f[2])
            .model(f[3])
            .tokens(new TokenCounts(n[0], n[1], n[2], n[3], n[4], n[5]))
            .recordedCost(f[10].equals("-") ? null : Money.ofUsd(f[10]))
            .origin(line.origin())
            .build());
      }

      @Override
      public ResumeState snapshot() {
        return ResumeState.initial();
      }
    };
  }
}
