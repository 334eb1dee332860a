package io.github.cream.spi;

import io.github.cream.api.Environment;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One agent's logs: where they are and how to read them.
 *
 * <p>A source is discovered with {@link java.util.ServiceLoader}, so it needs a public no-argument constructor
 * that does no work, and two registrations (a {@code META-INF/services/io.github.cream.spi.Source} file and
 * {@code provides io.github.cream.spi.Source with ...} in {@code module-info.java}). Its {@link #id()} is stable,
 * lowercase, and unique among the sources on the path: two sources with one id make the engine refuse to start.
 * Implementations must be thread-safe (the engine parses files in parallel); parsers need not be.
 *
 * <p>The engine does all the I/O. It asks the source for its {@linkplain #defaultRoots roots}, asks it to
 * {@linkplain #discover list the transcripts} under each root, then reads every file, frames it into complete
 * lines and feeds them to the file's {@link LineParser}.
 *
 * <h2>A worked example</h2>
 * An agent "acme" that writes {@code ~/.acme/sessions/<id>.jsonl}, one JSON object per call:
 * {@code {"ts":"2026-11-21T10:00:00Z","model":"gpt-5","in":1200,"cached":800,"out":300}}.
 * <pre>{@code
 * public final class AcmeSource implements Source {
 *   private static final JsonFactory JSON = new JsonFactory();           // one per source, reused
 *   private static final byte[] MARKER = Bytes.ascii("\"model\"");
 *
 *   public String id() { return "acme"; }
 *   public String displayName() { return "Acme Agent"; }
 *
 *   public List<Path> defaultRoots(Environment env) {
 *     return List.of(env.get("ACME_HOME").map(env::expand).orElse(env.home().resolve(".acme")).resolve("sessions"));
 *   }
 *
 *   public LineParser openParser(FileContext file, ResumeState resume) {
 *     String session = file.fileName().replace(".jsonl", "");
 *     return new LineParser() {                          // stateless format: nothing to snapshot
 *       public boolean wants(LineView line) { return line.contains(MARKER); }
 *       public ResumeState snapshot() { return ResumeState.initial(); }
 *       public void accept(LineView line, ParseSink sink) {
 *         try (JsonParser p = JSON.createParser(line.buffer(), line.start(), line.length())) {
 *           String ts = null, model = null; long in = 0, cached = 0, out = 0;
 *           if (p.nextToken() != JsonToken.START_OBJECT) { sink.problem(Severity.WARNING, "acme.line.not-object", "line is not a JSON object"); return; }
 *           while (p.nextToken() == JsonToken.FIELD_NAME) {
 *             String name = p.currentName();
 *             p.nextToken();
 *             switch (name) {
 *               case "ts" -> ts = p.getValueAsString();
 *               case "model" -> model = p.getValueAsString();
 *               case "in" -> in = p.getValueAsLong();
 *               case "cached" -> cached = p.getValueAsLong();
 *               case "out" -> out = p.getValueAsLong();
 *               default -> p.skipChildren();              // never decode what is not needed
 *             }
 *           }
 *           sink.record(UsageRecord.builder()
 *               .source("acme").provider("openai").model(model).sessionId(session)
 *               .timestamp(Instant.parse(ts))
 *               .tokens(TokenCounts.of(in - cached, cached, 0, 0, out))   // normalize: input excludes cache
 *               .origin(line.origin())
 *               .build());
 *         } catch (IOException | RuntimeException e) {
 *           sink.problem(Severity.WARNING, "acme.line.invalid", "line is not a valid usage line");
 *         }
 *       }
 *     };
 *   }
 * }
 * }</pre>
 * A real source validates every field (missing, negative or absurd counts, bad timestamps) and reports each
 * kind of problem under its own code.
 */
public interface Source {

  /**
   * The stable id, lowercase letters, digits, dots and dashes: {@code claude}, {@code codex}, {@code pi}.
   *
   * @return the id
   */
  String id();

  /**
   * A name for people.
   *
   * @return the display name; the id by default
   */
  default String displayName() {
    return id();
  }

  /**
   * Where the agent writes its logs on this machine, honouring the agent's own environment overrides. Roots that
   * do not exist are fine (the agent is simply not installed); the engine skips them.
   *
   * @param environment the environment, with {@code $HOME}
   * @return the roots, most specific first
   */
  List<Path> defaultRoots(Environment environment);

  /**
   * The transcript files under one root: every file that may hold billed calls (archived ones included), and
   * nothing else (no locks, indexes or metadata files). By default every {@code *.jsonl} file below the root.
   *
   * @param root one of the roots
   * @param context the engine's directory walk and problem reporting
   * @return the files, in any order
   */
  default List<Path> discover(Path root, DiscoveryContext context) {
    return context.files(root, DiscoveryContext::isJsonl);
  }

  /**
   * A parser for one file, fresh or resuming after the last line of an earlier scan.
   *
   * @param file the file and its root
   * @param resume {@link ResumeState#initial()} for the first line, or a state from this source's
   *     {@link LineParser#snapshot()}
   * @return a parser
   * @throws IllegalArgumentException if {@code resume} is not a state this source wrote (the engine then reads the
   *     file again from the start)
   */
  LineParser openParser(FileContext file, ResumeState resume);

  /**
   * What this source can do.
   *
   * @return the capabilities; {@link Capability#USAGE} by default
   */
  default Set<Capability> capabilities() {
    return EnumSet.of(Capability.USAGE);
  }

  /**
   * Where new sessions of this source appear: anywhere under its roots, or in a folder per project.
   *
   * @return {@link WatchScope#GLOBAL} by default
   */
  default WatchScope watchScope() {
    return WatchScope.GLOBAL;
  }
}
