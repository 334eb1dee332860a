package io.github.cream.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.ContentBlock;
import io.github.cream.api.Message;
import io.github.cream.api.MessageRole;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.LineView;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link FakeSource} with messages: every call line is an assistant message carrying the call (and its text
 * {@code "x"}, if any); a line {@code {"s":"sess","u":"text","at":"2026-..."}} is a user message. Messages have the
 * line's {@code "id"} as id when it has one. It counts the lines its message parsers accept and records which files
 * they were opened for.
 */
class MessageFakeSource extends FakeSource implements MessageReader {

  final AtomicLong linesAccepted = new AtomicLong();
  final List<Path> opened = new CopyOnWriteArrayList<>();

  MessageFakeSource(String id, Path root) {
    super(id, root);
  }

  @Override
  public LineParser openMessageParser(FileContext file, ResumeState resume) {
    opened.add(file.file());
    LineParser usage = openParser(file, resume);
    return new LineParser() {
      @Override
      public void accept(LineView line, ParseSink sink) {
        linesAccepted.incrementAndGet();
        List<UsageRecord> records = new ArrayList<>();
        if (usage.wants(line)) {
          usage.accept(line, new ParseSink() {
            @Override
            public void record(UsageRecord record) {
              records.add(record);
              sink.record(record);
            }

            @Override
            public void session(SessionFacts facts) {
              sink.session(facts);
            }

            @Override
            public void problem(Severity severity, String code, String message) {
              sink.problem(severity, code, message);
            }
          });
        }
        String s = null;
        String u = null;
        String x = null;
        String at = null;
        String id = null;
        try (JsonParser jp = JSON.createParser(line.buffer(), line.start(), line.length())) {
          if (jp.nextToken() != JsonToken.START_OBJECT) {
            return;
          }
          while (jp.nextToken() == JsonToken.FIELD_NAME) {
            String name = jp.currentName();
            jp.nextToken();
            switch (name) {
              case "s" -> s = jp.getValueAsString();
              case "u" -> u = jp.getValueAsString();
              case "x" -> x = jp.getValueAsString();
              case "at" -> at = jp.getValueAsString();
              case "id" -> id = jp.getValueAsString();
              default -> jp.skipChildren();
            }
          }
        } catch (IOException | RuntimeException e) {
          return;
        }
        for (UsageRecord r : records) {
          sink.message(new Message(id(), r.sessionId(), Optional.ofNullable(id), MessageRole.ASSISTANT,
              Optional.of(r.timestamp()), Optional.of(r.model()),
              x == null ? List.of() : List.of(ContentBlock.text(x)), Optional.of(r), false, line.origin()));
        }
        if (u != null) {
          sink.message(new Message(id(), s == null ? "none" : s, Optional.ofNullable(id), MessageRole.USER,
              Optional.ofNullable(at).map(Instant::parse), Optional.empty(), List.of(ContentBlock.text(u)),
              Optional.empty(), false, line.origin()));
        }
      }

      @Override
      public ResumeState snapshot() {
        return usage.snapshot();
      }
    };
  }
}
