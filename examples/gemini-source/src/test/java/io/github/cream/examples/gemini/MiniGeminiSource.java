package io.github.cream.examples.gemini;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.DedupKey;
import io.github.cream.api.Environment;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worked example of README.md, "Write your own source": Gemini CLI's chat files the short way. Between the
 * markers, this class is the README's code line for line ({@link ReadmeSourceExampleTest} checks it), so the
 * example always compiles and keeps the contract ({@link MiniGeminiSourceContractTest}).
 */
// readme:begin
public final class MiniGeminiSource implements Source {
  private static final JsonFactory JSON = new JsonFactory();              // one per source, thread-safe
  private static final byte[] TOKENS = Bytes.ascii("\"tokens\":{");

  /** ServiceLoader calls this for every engine built: do no work here. */
  public MiniGeminiSource() {}

  @Override
  public String id() {
    return "mini-gemini";
  }

  @Override
  public String displayName() {
    return "Gemini CLI (minimal)";
  }

  @Override
  public List<Path> defaultRoots(Environment env) {                       // from the environment, never user.home
    Path home = env.get("GEMINI_CLI_HOME").map(env::expand).orElse(env.home());
    return List.of(home.resolve(".gemini").resolve("tmp"));
  }

  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    String session = file.fileName().replace(".jsonl", "");
    return new LineParser() {
      @Override
      public boolean wants(LineView line) {                               // a byte search, no JSON parsing
        return line.contains(TOKENS);
      }

      @Override
      public ResumeState snapshot() {                                     // nothing to remember between lines
        return ResumeState.initial();
      }

      @Override
      public void accept(LineView line, ParseSink sink) {
        Map<String, String> text = new HashMap<>();
        Map<String, Long> tokens = new HashMap<>();
        try (JsonParser p = JSON.createParser(line.buffer(), line.start(), line.length())) {
          if (p.nextToken() != JsonToken.START_OBJECT) {
            sink.problem(Severity.WARNING, "mini-gemini.line.not-object", "a line is not a JSON object");
            return;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("tokens") && value == JsonToken.START_OBJECT) {
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String kind = p.currentName();
                p.nextToken();
                tokens.put(kind, p.getValueAsLong(-1));                  // -1 for anything but a number
                p.skipChildren();
              }
            } else if (value == JsonToken.VALUE_STRING) {
              text.put(name, p.getText());
            } else {
              p.skipChildren();                                           // never decode what is not needed
            }
          }
          if (!"gemini".equals(text.get("type")) || tokens.isEmpty()) {
            return;                                                       // prompts, errors, infos: no usage
          }
          long in = tokens.getOrDefault("input", 0L);
          long cached = tokens.getOrDefault("cached", 0L);
          long out = tokens.getOrDefault("output", 0L);
          long thoughts = tokens.getOrDefault("thoughts", 0L);
          long tool = tokens.getOrDefault("tool", 0L);
          if (in < 0 || cached < 0 || out < 0 || thoughts < 0 || tool < 0 || cached > in) {
            sink.problem(Severity.WARNING, "mini-gemini.usage.invalid", "a token count is not valid");
            return;
          }
          sink.record(UsageRecord.builder()
              .source(id()).provider("google").model(text.getOrDefault("model", "unknown"))
              .sessionId(session)
              .timestamp(Instant.parse(text.get("timestamp")))
              // Gemini's input includes cache reads and its output excludes thoughts: cream means the opposite
              .tokens(new TokenCounts(in - cached + tool, cached, 0, 0, out + thoughts, thoughts))
              // Gemini CLI appends a message again when it changes: all copies share a key and count once
              .dedupKey(DedupKey.of(id() + ":" + session + ":" + text.get("id")))
              .origin(line.origin())
              .build());
        } catch (IOException | RuntimeException e) {                      // never throw, never quote the line
          sink.problem(Severity.WARNING, "mini-gemini.line.invalid", "a line could not be read");
        }
      }
    };
  }
}
// readme:end
