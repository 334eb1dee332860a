package io.github.cream.source.pi;

import io.github.cream.api.Environment;
import io.github.cream.api.SessionCategory;
import io.github.cream.spi.Capability;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.spi.WatchScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code pi} source: the session files of Pi, the coding agent ({@code pi-coding-agent}).
 *
 * <p>Where it looks, most specific first (all are read; a file found twice is read once):
 * <ol>
 *   <li>{@code $PI_CODING_AGENT_SESSION_DIR}, a session directory that holds the files directly;
 *   <li>the {@code sessionDir} of {@code <agent dir>/settings.json}, when set;
 *   <li>{@code <agent dir>/sessions}, where the agent dir is {@code $PI_CODING_AGENT_DIR} or {@code ~/.pi/agent};
 *   <li>{@code ~/.pi/agent/sessions} as well when {@code $PI_CODING_AGENT_DIR} moved the agent dir, since
 *       sessions written before the move are still billed history.
 * </ol>
 * Every {@code *.jsonl} file below a root is a session ({@code --<cwd>--/<timestamp>_<id>.jsonl}, files of a
 * custom session dir, and files extensions write deeper, such as subagent transcripts, whose sessions are
 * classified {@link SessionCategory#SUBAGENT} when a directory on their path names a subagent).
 *
 * <p>The session id is the header's {@code id} (the file name's part after the timestamp when the header is
 * missing), the working directory the header's {@code cwd} (never decoded from the lossy directory name), the
 * title the first prompt, the parent session the one the header's {@code parentSession} (v2+) or
 * {@code branchedFrom} (v1) names. What counts as a call and how tokens and cost are read is described in the
 * package's parser ({@code PiParser}): every assistant message with usage, on every branch, copies of forked
 * entries once.
 *
 * <h2>Messages</h2>
 * The message parser ({@link #openMessageParser}; OpenClaw's is the same parser) reads one message per entry that
 * holds one, in <b>file order</b>: Pi keeps every branch of a session's tree in its file, abandoned ones included,
 * and all are shown, in the order they were written. A message's {@link io.github.cream.api.Message#id() id} is
 * its entry's id, so a caller that wants the tree (or only the current branch) can rebuild it from the file's
 * {@code id}/{@code parentId} links. Entries and roles:
 * <ul>
 *   <li>{@code message} / {@code user}: {@code USER}; text blocks (a string content is one text block), images as
 *       attachments named by their media type, never their data. OpenClaw's channel preambles
 *       ({@code [Telegram ...]}, {@code [message_id: ...]}) are part of the person's text and are kept.
 *   <li>{@code message} / {@code assistant}: {@code ASSISTANT}; text, thinking (an empty thinking block for
 *       redacted reasoning) and tool calls (id, name, arguments as JSON text). Its usage is the very record the
 *       usage parser emits for the entry, when it emits one; its model is the record's (the message's own when
 *       there is no record). A failed request ({@code stopReason} {@code error} or {@code aborted}) that logged an
 *       {@code errorMessage} is followed by a {@code SYSTEM} message holding that error.
 *   <li>OpenClaw's synthetic assistant messages (provider {@code openclaw}, models {@code delivery-mirror} and
 *       {@code gateway-injected}): {@code SYSTEM}, without usage and without model: no model wrote them.
 *   <li>{@code message} / {@code toolResult}: {@code TOOL_RESULT}, one tool result (the call id, the tool's name,
 *       the text blocks joined by newlines, {@code isError}), then its images as attachments.
 *   <li>{@code message} / {@code bashExecution} (a command the person ran with {@code !}): {@code USER}, a tool call
 *       of {@code bash} with the command and its result with the output (an error when the command failed or was
 *       cancelled). The person ran it, and Pi sends it to the model as the person's message.
 *   <li>{@code message} / {@code custom} (extension messages; {@code hookMessage} before format 3),
 *       {@code custom_message} entries: {@code SYSTEM} with their content.
 *   <li>{@code compaction} and {@code branch_summary} entries (and {@code compactionSummary} /
 *       {@code branchSummary} messages): {@code SYSTEM} with the summary.
 *   <li>No message: the header, {@code model_change}, {@code thinking_level_change}, {@code label},
 *       {@code session_info}, and {@code custom} entries (extension state that never reaches the model).
 * </ul>
 * The usage of a session's messages sums to its totals: every record the usage parser emits is attached to exactly
 * one message, the assistant message of its own line (a line whose content cannot be read still gives a message,
 * without content, carrying the record), and no other message carries usage. A copy of an entry in a forked file
 * carries the copy's record, which deduplication ranks below the original, as it does for the records themselves.
 * Entries of OpenClaw's SQLite store go through the same parser.
 *
 * <p>Content blocks longer than 1 MiB (1,048,576 characters) are cut there and end with
 * the marker {@code "\n[cream: <n> more characters not shown]"}; a message keeps at most
 * 4,096 blocks. Content never reaches a diagnostic.
 */
public final class PiSource implements Source, MessageReader {

  /** The id of this source. */
  public static final String ID = "pi";

  /** Creates the source; does no work. */
  public PiSource() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String displayName() {
    return "Pi";
  }

  @Override
  public List<Path> defaultRoots(Environment environment) {
    Set<Path> roots = new LinkedHashSet<>();
    environment.get("PI_CODING_AGENT_SESSION_DIR").map(environment::expand).ifPresent(roots::add);
    Path defaultAgentDir = environment.home().resolve(".pi").resolve("agent");
    Path agentDir = environment.get("PI_CODING_AGENT_DIR").map(environment::expand).orElse(defaultAgentDir);
    String fromSettings = settingsSessionDir(agentDir.resolve("settings.json"));
    if (fromSettings != null) {
      roots.add(environment.expand(fromSettings));
    }
    roots.add(agentDir.resolve("sessions"));
    roots.add(defaultAgentDir.resolve("sessions"));
    return List.copyOf(roots);
  }

  /** The {@code sessionDir} string of a Pi settings file, or null. Small file; read with the streaming parser. */
  static String settingsSessionDir(Path settings) {
    if (!Files.isRegularFile(settings)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(settings);
        com.fasterxml.jackson.core.JsonParser p = Json.FACTORY.createParser(in)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("sessionDir")) {
          String v = Json.text(p);
          return v == null || v.isBlank() ? null : v;
        }
        p.skipChildren();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  @Override
  public List<Path> discover(Path root, DiscoveryContext context) {
    return context.files(root, DiscoveryContext::isJsonl);
  }

  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    return new PiParser(setup(file), resume);
  }

  /**
   * A parser that emits the session's messages as well as its records (see "Messages" above).
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

  private static PiParser.Setup setup(FileContext file) {
    return new PiParser.Setup(
        ID, false, false, 10, false, sessionIdOfFileName(file.fileName()), null,
        subagentPath(file) ? SessionCategory.SUBAGENT : null, null);
  }

  /**
   * Usage, messages, the recorded cost, cache state and project scoping.
   *
   * @return the capabilities
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.USAGE, Capability.MESSAGES, Capability.RECORDED_COST, Capability.CACHE_STATE,
        Capability.PROJECT_SCOPING);
  }

  /**
   * Pi files each session under a folder named after its working directory ({@code sessions/--<cwd>--/}), so a
   * project's new sessions appear in that project's folder. (With {@code $PI_CODING_AGENT_SESSION_DIR} or a
   * {@code sessionDir} setting every session goes to one folder, which is then every project's folder.)
   *
   * @return {@link WatchScope#PROJECT}
   */
  @Override
  public WatchScope watchScope() {
    return WatchScope.PROJECT;
  }

  /** Whether a directory between the root and the file names a subagent ({@code subagents/}, ...). */
  static boolean subagentPath(FileContext file) {
    List<String> parts = new ArrayList<>(List.of(file.relativePath().split("/")));
    if (!parts.isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    for (String part : parts) {
      if (part.toLowerCase(Locale.ROOT).contains("subagent")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The session id a session file's name gives: Pi's {@code <timestamp>_<id>.jsonl} gives the id; OpenClaw's
   * {@code <id>.jsonl}, {@code <id>.jsonl.reset.<ts>}, {@code <id>.jsonl.deleted.<ts>} and
   * {@code <id>.checkpoint.<uuid>.jsonl} give {@code <id>}.
   *
   * @param name a file name
   * @return the id; the name itself when it has no recognisable shape
   */
  static String sessionIdOfFileName(String name) {
    String stem = name;
    int j = stem.indexOf(".jsonl");
    if (j > 0) {
      stem = stem.substring(0, j);
    }
    int c = stem.indexOf(".checkpoint.");
    if (c > 0) {
      stem = stem.substring(0, c);
    }
    int u = stem.indexOf('_');
    if (u > 0 && looksLikeFileTimestamp(stem.substring(0, u)) && u + 1 < stem.length()) {
      stem = stem.substring(u + 1);
    }
    return stem;
  }

  /** {@code 2025-12-09T00-52-54-397Z}: Pi's file-name timestamp. */
  private static boolean looksLikeFileTimestamp(String s) {
    return s.length() >= 11
        && Character.isDigit(s.charAt(0))
        && Character.isDigit(s.charAt(3))
        && s.charAt(4) == '-'
        && s.indexOf('T') == 10;
  }
}
