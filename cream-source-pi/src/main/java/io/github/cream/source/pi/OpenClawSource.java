package io.github.cream.source.pi;

import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.Capability;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.spi.EntryStore;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.spi.WatchScope;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code openclaw} source: the agent transcripts of OpenClaw (formerly Clawdbot and Moltbot), which embeds Pi
 * and writes Pi's session format.
 *
 * <p>Roots (state directories), all read: {@code $OPENCLAW_STATE_DIR}, the legacy {@code $CLAWDBOT_STATE_DIR} and
 * {@code $MOLTBOT_STATE_DIR}, {@code ~/.openclaw}, every profile directory {@code ~/.openclaw-<profile>} (also
 * {@code ~/.openclaw-dev}), and the legacy {@code ~/.clawdbot} and {@code ~/.moltbot}.
 *
 * <p>Files, for every agent under {@code <root>/agents/<agent>/} (in a root without {@code agents/}, the same
 * files wherever they are in a {@code sessions} directory or directly in the root):
 * <ul>
 *   <li>{@code sessions/<id>.jsonl} and {@code sessions/<id>-topic-<thread>.jsonl}: live transcripts;
 *   <li>{@code sessions/<id>.jsonl.reset.<ts>} and {@code sessions/<id>.jsonl.deleted.<ts>}: archived transcripts,
 *       renamed in place by {@code /new}, {@code /reset}, daily resets and cleanup; they hold billed usage and are
 *       read like any transcript;
 *   <li>{@code sessions/<id>.checkpoint.<uuid>.jsonl}: compaction checkpoints, copies of a transcript; read, with
 *       every call a lower-ranked copy, so they count only where the transcript itself is gone;
 *   <li>{@code sessions/<id>.jsonl.bak-<n>-<ms>}: transcript-repair backups, the transcript as it was before a
 *       repair rewrote it; read like checkpoints: the entries they share with the transcript count once, and a
 *       billed answer the repair removed from the transcript, whose only trace is a backup, counts once too;
 *   <li>{@code <id>.jsonl.imported-<ts>}: transcripts archived after their import into the SQLite store; read, and
 *       deduplicated against the store by entry id;
 *   <li>{@code agent/openclaw-agent.sqlite}: the SQLite transcript store (OpenClaw 2026.9 and later), read through
 *       a JDBC driver for SQLite when one is on the class path; without one, a WARNING
 *       ({@code openclaw.store.driver-missing}) names the artifact to add, {@value SqliteStore#ARTIFACT}.
 * </ul>
 * Not transcripts, never read as such: {@code sessions.json} (the session index; read as metadata by the parser of
 * each transcript beside it: session key, label, channel, origin, spawn facts), {@code *.lock} write locks,
 * {@code *.tmp} files, {@code *.trajectory.jsonl} runtime traces, and zstd-compressed archives
 * ({@code *.zst}, reported as INFO {@code openclaw.discovery.compressed-skipped}: reading them would need a
 * decompressor, which this module does not depend on).
 *
 * <p>Messages are read by Pi's message parser, for transcript files and store entries alike; see {@link PiSource}
 * for the mapping. Delivery mirrors and gateway notices are {@code SYSTEM} messages without usage, and the channel
 * preambles OpenClaw puts before a person's text are kept in it.
 */
public final class OpenClawSource implements Source, EntryStore, MessageReader {

  /** The id of this source. */
  public static final String ID = "openclaw";

  private final SqliteStore store;
  private final SessionIndex index = new SessionIndex();

  /** Creates the source; does no work. */
  public OpenClawSource() {
    this(SqliteStore.DEFAULT_FINDER);
  }

  /**
   * A source that finds its SQLite driver with the given finder (tests use it to take the driver away).
   *
   * @param drivers the driver finder
   */
  OpenClawSource(SqliteStore.DriverFinder drivers) {
    this.store = new SqliteStore(Objects.requireNonNull(drivers, "drivers"));
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "OpenClaw";
  }

  @Override
  public List<Path> defaultRoots(Environment environment) {
    Set<Path> roots = new LinkedHashSet<>();
    for (String var : List.of("OPENCLAW_STATE_DIR", "CLAWDBOT_STATE_DIR", "MOLTBOT_STATE_DIR")) {
      environment.get(var).map(environment::expand).ifPresent(roots::add);
    }
    Path home = environment.home();
    roots.add(home.resolve(".openclaw"));
    roots.addAll(profiles(home));
    roots.add(home.resolve(".clawdbot"));
    roots.add(home.resolve(".moltbot"));
    return List.copyOf(roots);
  }

  /** The {@code ~/.openclaw-<profile>} directories, sorted. */
  private static List<Path> profiles(Path home) {
    Set<Path> out = new TreeSet<>();
    if (!Files.isDirectory(home)) {
      return List.of();
    }
    // a name test, not the glob ".openclaw-*": a glob is compiled to a regular expression on every run (2-3 ms of a
    // report's start in a fresh JVM), for the same names
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(home, p -> p.getFileName().toString().startsWith(".openclaw-"))) {
      for (Path p : ds) {
        if (Files.isDirectory(p)) {
          out.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.copyOf(out);
    }
    return List.copyOf(out);
  }

  @Override
  public List<Path> discover(Path root, DiscoveryContext context) {
    List<Path> compressed = new ArrayList<>();
    List<Path> found = new ArrayList<>();
    Path agents = root.resolve("agents");
    if (Files.isDirectory(agents)) {
      List<Path> agentDirs = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(agents)) {
        for (Path a : ds) {
          if (Files.isDirectory(a)) {
            agentDirs.add(a);
          }
        }
      } catch (IOException | RuntimeException e) {
        context.problem(Severity.WARNING, "openclaw.discovery.unreadable", "the agents directory could not be listed",
            agents);
      }
      agentDirs.sort(null);
      for (Path a : agentDirs) {
        found.addAll(context.files(a.resolve("sessions"), p -> accept(p, compressed)));
        found.addAll(context.files(a.resolve("session-sqlite-import-archive"), p -> accept(p, compressed)));
        Path db = a.resolve("agent").resolve(SqliteStore.FILE_NAME);
        if (Files.isRegularFile(db)) {
          found.add(db);
        }
      }
    } else {
      // a root that is not a state directory (a sessions directory given directly, a backup holding several state
      // directories): only files in a sessions directory, or directly in the root, are transcripts, so that an
      // agent's workspace files are never read as such
      found.addAll(
          context.files(
              root,
              p -> {
                Path dir = p.getParent();
                String d = dir == null ? "" : name(dir);
                if (SqliteStore.FILE_NAME.equals(name(p))) {
                  return true;
                }
                boolean inSessions = d.equals("sessions") || d.equals("session-sqlite-import-archive")
                    || root.equals(dir);
                return inSessions && accept(p, compressed);
              }));
    }
    for (Path z : compressed) {
      context.problem(Severity.INFO, "openclaw.discovery.compressed-skipped",
          "a compressed archived transcript was not read (no zstd decompressor)", z);
    }
    List<Path> out = new ArrayList<>(found.size());
    for (Path p : found) {
      if (!isStore(p)) {
        out.add(p);
        continue;
      }
      Optional<SqliteStore.Problem> problem = store.probe(p);
      if (problem.isEmpty()) {
        out.add(p);
      } else {
        switch (problem.get()) {
          case NO_DRIVER -> context.problem(Severity.WARNING, "openclaw.store.driver-missing",
              "an OpenClaw SQLite transcript store was found but no SQLite JDBC driver is on the class path; add "
                  + SqliteStore.ARTIFACT + " to read it", p);
          case NO_TRANSCRIPT_TABLE -> context.problem(Severity.WARNING, "openclaw.store.schema-unknown",
              "an OpenClaw SQLite store has no transcript_events table with session_id and event_json; not read",
              p);
          default -> context.problem(Severity.WARNING, "openclaw.store.unreadable",
              "an OpenClaw SQLite store could not be opened read-only; not read", p);
        }
      }
    }
    return out;
  }

  private static String name(Path p) {
    Path n = p.getFileName();
    return n == null ? "" : n.toString();
  }

  /** Whether a file is a transcript (live, archived, checkpoint, backup, import archive); notes compressed ones. */
  private static boolean accept(Path p, List<Path> compressed) {
    boolean t = isTranscriptName(name(p));
    if (!t && isCompressedTranscriptName(name(p))) {
      compressed.add(p);
    }
    return t;
  }

  /**
   * Whether a file name is an OpenClaw transcript.
   *
   * @param name the file name
   * @return true for live, archived, checkpoint, backup and import-archive transcripts
   */
  static boolean isTranscriptName(String name) {
    if (name.endsWith(".lock") || name.endsWith(".tmp") || name.endsWith(".zst") || name.contains(".trajectory")) {
      return false;
    }
    return name.endsWith(".jsonl")
        || name.contains(".jsonl.reset.")
        || name.contains(".jsonl.deleted.")
        || name.contains(".jsonl.imported-")
        || name.contains(".jsonl.bak-");
  }

  private static boolean isCompressedTranscriptName(String name) {
    return name.endsWith(".zst") && name.contains(".jsonl");
  }

  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    return new PiParser(setup(file), resume);
  }

  /**
   * A parser that emits the transcript's (or the store's) messages as well as its records; see {@link PiSource}
   * for the mapping.
   *
   * @param file the file and its root
   * @param resume the initial state or one this source's parsers saved
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} is not a state this source wrote
   */
  @Override
  public LineParser openMessageParser(FileContext file, ResumeState resume) {
    return new PiParser(setup(file), resume, true);
  }

  private PiParser.Setup setup(FileContext file) {
    if (isStore(file.file())) {
      return new PiParser.Setup(ID, true, true, 8, false, file.fileName(), agentOf(file.file()), null, null);
    }
    String name = file.fileName();
    boolean archived = name.contains(".jsonl.reset.") || name.contains(".jsonl.deleted.")
        || name.contains(".jsonl.imported-");
    // compaction checkpoints and transcript-repair backups are copies of a transcript
    boolean copy = name.contains(".checkpoint.") || name.contains(".jsonl.bak-");
    int priority = copy ? 1 : archived ? 5 : 10;
    Path path = file.file();
    return new PiParser.Setup(
        ID, true, false, priority, copy, PiSource.sessionIdOfFileName(name), agentOf(path), null,
        id -> index.lookup(path, id));
  }

  /** The agent id of a path {@code .../agents/<agent>/...}, or null. */
  static String agentOf(Path file) {
    Path prev = null;
    for (Path part : file) {
      if (prev != null && prev.toString().equals("agents")) {
        return part.toString();
      }
      prev = part;
    }
    return null;
  }

  /**
   * Usage, messages, the recorded cost and cache state.
   *
   * @return the capabilities
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.USAGE, Capability.MESSAGES, Capability.RECORDED_COST, Capability.CACHE_STATE);
  }

  /**
   * OpenClaw files sessions per agent ({@code agents/<agent>/sessions/}), not per project: every agent works in its
   * own workspace, whatever it is asked about, so no folder belongs to one project and a watcher must watch every
   * agent's folder.
   *
   * @return {@link WatchScope#GLOBAL}
   */
  @Override
  public WatchScope watchScope() {
    return WatchScope.GLOBAL;
  }

  @Override
  public boolean isStore(Path file) {
    return SqliteStore.FILE_NAME.equals(name(file));
  }

  @Override
  public void read(FileContext file, long after, EntryConsumer entries) throws IOException {
    store.read(file.file(), after, entries);
  }
}
