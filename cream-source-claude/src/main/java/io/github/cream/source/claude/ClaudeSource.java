package io.github.cream.source.claude;

import io.github.cream.api.Environment;
import io.github.cream.spi.Capability;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.spi.WatchScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code claude} source: Claude Code session logs, one record per billed API call.
 *
 * <h2>Where</h2>
 * {@code ~/.config/claude/projects} (or {@code $XDG_CONFIG_HOME/claude/projects}) and {@code ~/.claude/projects}.
 * When {@code CLAUDE_CONFIG_DIR} is set it replaces both: a comma-separated list whose entries ({@code ~}
 * expanded) name a Claude configuration directory, whose {@code projects/} is read, or the {@code projects/}
 * directory itself. {@code $HOME} comes from the {@link Environment}, never from {@code user.home}.
 *
 * <h2>Which files</h2>
 * Every {@code *.jsonl} below a root: main transcripts ({@code <project>/<session>.jsonl}), subagent transcripts in
 * every layout ({@code <session>/subagents/agent-*.jsonl}, the auto-compaction agent {@code agent-acompact-*},
 * deeper {@code subagents/workflows/**}, old {@code <project>/agent-*.jsonl}), and older nested layouts. Left out:
 * {@code journal.jsonl} inside a {@code subagents} folder (lifecycle records, not a transcript) and anything inside
 * {@code tool-results/} folders.
 *
 * <h2>What counts</h2>
 * See {@link ClaudeParser} for the rules: top-level {@code message.usage} only, streamed lines deduplicated through
 * {@link io.github.cream.api.DedupKey}, subagent replays ranked below the main conversation, nested copies in
 * {@code progress} lines and {@code usage.iterations} never counted, {@code <synthetic>} messages skipped.
 *
 * <h2>Messages</h2>
 * The source is a {@link MessageReader}: a session's messages, content included, are read on request by
 * {@link ClaudeMessageParser} (see there for which lines are which messages).
 *
 * <p>Its {@linkplain #watchScope() watch scope} is {@link WatchScope#PROJECT}: Claude Code writes each project's
 * sessions into a folder of their own ({@code projects/<cwd with / and . as ->/}).
 *
 * <p>The constructor does no work; instances are immutable and thread-safe. Parsers are per file.
 */
public final class ClaudeSource implements Source, MessageReader {

  /** The source id. */
  public static final String ID = "claude";

  /** Creates the source; does no work. */
  public ClaudeSource() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Claude Code";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.USAGE,
        Capability.RECORDED_COST,
        Capability.CACHE_STATE,
        Capability.PROJECT_SCOPING,
        Capability.WATCH,
        Capability.MESSAGES);
  }

  /**
   * Where new sessions appear: in the project's own folder under a root.
   *
   * @return {@link WatchScope#PROJECT}
   */
  @Override
  public WatchScope watchScope() {
    return WatchScope.PROJECT;
  }

  /**
   * The {@code projects} directories Claude Code writes to.
   *
   * @param environment the environment, with {@code $HOME}, {@code XDG_CONFIG_HOME} and {@code CLAUDE_CONFIG_DIR}
   * @return the {@code CLAUDE_CONFIG_DIR} entries when it is set, else the XDG and the classic location
   */
  @Override
  public List<Path> defaultRoots(Environment environment) {
    Set<Path> roots = new LinkedHashSet<>();
    List<Path> configured = environment.pathList("CLAUDE_CONFIG_DIR");
    if (!configured.isEmpty()) {
      for (Path entry : configured) {
        roots.add(projectsDirectory(entry));
      }
    } else {
      roots.add(environment.configHome().resolve("claude").resolve("projects"));
      roots.add(environment.home().resolve(".claude").resolve("projects"));
    }
    return List.copyOf(new ArrayList<>(roots));
  }

  /**
   * A {@code CLAUDE_CONFIG_DIR} entry names a configuration directory (its {@code projects/} holds the logs) or the
   * {@code projects/} directory itself. A directory called {@code projects} that has no {@code projects/} of its own
   * is taken to be the latter.
   */
  static Path projectsDirectory(Path entry) {
    Path nested = entry.resolve("projects");
    Path name = entry.getFileName();
    if (name != null && name.toString().equals("projects") && !Files.isDirectory(nested)) {
      return entry;
    }
    return nested;
  }

  @Override
  public List<Path> discover(Path root, DiscoveryContext context) {
    return context.files(root, file -> isTranscript(root, file));
  }

  /**
   * Whether a file below a root is a transcript: a {@code .jsonl} file that is neither a subagent journal nor inside
   * a {@code tool-results} folder.
   *
   * @param root the root the walk started at
   * @param file a regular file below it
   * @return true for transcripts
   */
  static boolean isTranscript(Path root, Path file) {
    // on the path's text, as the walk lists every file below the root: no relative path or name objects per file
    String s = file.toString();
    String r = root.toString();
    int from = r.length();
    if (!"/".equals(file.getFileSystem().getSeparator()) || r.indexOf('\uFFFD') >= 0 || s.length() <= from + 1
        || !s.startsWith(r)) {
      return isTranscriptByNames(root, file);
    }
    if (s.charAt(from) == '/') {
      from++;
    } else if (!r.endsWith("/")) {
      return isTranscriptByNames(root, file); // a sibling that shares the root's name as a prefix
    }
    if (!s.endsWith(".jsonl")) {
      return false;
    }
    int last = s.lastIndexOf('/');
    boolean inSubagents = false;
    for (int i = from; i <= last; ) {
      int j = s.indexOf('/', i);
      int len = j - i;
      if (len == 12 && s.startsWith("tool-results", i)) {
        return false;
      }
      if (len == 9 && s.startsWith("subagents", i)) {
        inSubagents = true;
      }
      i = j + 1;
    }
    return !(inSubagents && s.length() - last - 1 == 13 && s.startsWith("journal.jsonl", last + 1));
  }

  /** {@link #isTranscript} on the path's names, for any path and file system. */
  static boolean isTranscriptByNames(Path root, Path file) {
    if (!DiscoveryContext.isJsonl(file)) {
      return false;
    }
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    int n = rel.getNameCount();
    boolean inSubagents = false;
    for (int i = 0; i < n - 1; i++) {
      String part = rel.getName(i).toString();
      if (part.equals("tool-results")) {
        return false;
      }
      if (part.equals("subagents")) {
        inSubagents = true;
      }
    }
    return !(inSubagents && rel.getFileName().toString().equals("journal.jsonl"));
  }

  /**
   * A parser for one file. The file's place in the tree decides whether it is a main transcript or a subagent's,
   * and which session its lines fall back to when they name none.
   *
   * @param file the file and its root
   * @param resume the state to resume from
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} was not written by this source's parser
   */
  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    FileLayout layout = FileLayout.of(file);
    ParserState state = resume.isInitial() ? new ParserState() : ParserState.decode(resume.bytes());
    return new ClaudeParser(layout, state);
  }

  /**
   * A message parser for one file: the usage parser's records, facts and problems, and the file's messages.
   *
   * @param file the file and its root
   * @param resume the state to resume from: initial, or one this method's parsers wrote
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} was not written by this source's message parser
   */
  @Override
  public LineParser openMessageParser(FileContext file, ResumeState resume) {
    FileLayout layout = FileLayout.of(file);
    MessageState state =
        resume.isInitial() ? new MessageState(new ParserState()) : MessageState.decode(resume.bytes());
    return new ClaudeMessageParser(layout, state);
  }
}
