package io.github.cream.examples.gemini;

import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.Capability;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import io.github.cream.spi.WatchScope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Source {@code gemini}: the chat files of Google's Gemini CLI ({@code google-gemini/gemini-cli}), version 0.39 and
 * later, which writes one append-only JSON Lines file per session.
 *
 * <p>Every fact below about Gemini CLI's files cites where it comes from: {@code owner/repo@commit:path} for source
 * code, a URL for issues and pull requests.
 *
 * <h2>Where</h2>
 * <ul>
 *   <li>Gemini CLI's global directory is {@code homedir()/.gemini}, where {@code homedir()} is
 *       {@code $GEMINI_CLI_HOME} when set, else the user's home: the variable replaces the home directory and
 *       {@code .gemini} is still appended (google-gemini/gemini-cli, v0.39.1, {@code packages/core/src/utils/paths.ts};
 *       storage uses it in google-gemini/gemini-cli@043a08807bd31d5a6a0b2a425f59bd33e1930a00:packages/core/src/config/storage.ts,
 *       {@code getGlobalGeminiDir()}). There is no {@code GEMINI_DIR} variable; that name is only the constant
 *       {@code ".gemini"}. Roots: {@code $GEMINI_CLI_HOME/.gemini/tmp} when the variable is set, and
 *       {@code $HOME/.gemini/tmp} always (history written before the variable was set is still billed).
 *   <li>Each project has a temporary directory {@code tmp/<project-id>}: a slug of the project's base name, or, in
 *       releases before the project registry, the hex SHA-256 of the project root
 *       (google-gemini/gemini-cli@043a08807bd31d5a6a0b2a425f59bd33e1930a00:packages/core/src/config/storage.ts,
 *       {@code getWorkspaceTempDir()}, {@code performMigration()}). A slug directory holds an ownership marker
 *       {@code .project_root} whose content is the project's absolute path
 *       (google-gemini/gemini-cli@04fbf50725b94cef0a8f37be6436bd0a84dafc9b:packages/core/src/config/projectRegistry.ts);
 *       this source reads it as the session's working directory.
 *   <li>A main session is {@code <project-dir>/chats/session-<UTC minute>-<first 8 characters of the session
 *       id>.jsonl}; a subagent's session is {@code <project-dir>/chats/<parent session id>/<session id>.jsonl}
 *       (google-gemini/gemini-cli@016443b5e7bf36fc40313db8a901f639a4426a14:packages/core/src/services/chatRecordingService.ts,
 *       {@code initialize()}; a subagent file seen on disk in https://github.com/farion1231/cc-switch/issues/3145).
 *   <li>Only files below a {@code chats} directory are read: the project directory also holds {@code logs.json}
 *       (prompts only), {@code checkpoint-*.json(l)} ({@code /chat save} copies without usage),
 *       {@code tool-outputs/} and plans, none of them usage (layout in https://github.com/Piebald-AI/splitrail/issues/154).
 *   <li>Releases up to 0.38 wrote one pretty-printed JSON document per session ({@code session-*.json}),
 *       rewritten whole on every turn (https://github.com/google-gemini/gemini-cli/issues/15292, replaced by
 *       https://github.com/google-gemini/gemini-cli/pull/23749). Such a document spans many lines, which a
 *       line-framed parser cannot read, and can be hundreds of megabytes
 *       (https://github.com/google-gemini/gemini-cli/issues/26094). <b>This source does not read them</b>: each
 *       legacy file is reported as an INFO diagnostic ({@value #LEGACY_SKIPPED}), except one whose {@code .jsonl}
 *       twin exists, because resuming a legacy session copies all of its messages into {@code <name>.jsonl}
 *       (chatRecordingService.ts above, {@code initialize()}), so its calls are read there.
 *   <li>Gemini CLI deletes chat files older than 30 days by default since February 2026
 *       (https://github.com/google-gemini/gemini-cli/pull/18854). The engine keeps the records of files that
 *       vanish, so history survives that clean-up once scanned.
 * </ul>
 *
 * <h2>What counts</h2>
 * The rules, and their sources, are on the parser ({@code GeminiLineParser}): one record per {@code type:"gemini"}
 * message that carries {@code tokens}; a message re-appended when it changes is one call (a
 * {@link io.github.cream.api.DedupKey} on session id and message id); {@code $set} snapshots never add a call,
 * {@code $rewindTo} never removes one; tokens are normalized to cream's meaning (input without cache reads, output
 * with reasoning). Provider {@code google}; Gemini CLI records no cost, so cost is always calculated.
 */
public final class GeminiCliSource implements Source {

  /** The source id. */
  public static final String ID = "gemini";

  /** The INFO code of a legacy whole-file JSON session that is not read. */
  public static final String LEGACY_SKIPPED = "gemini.discovery.legacy-json-skipped";

  /** Where every session of a project lives, below its project directory. */
  static final String CHATS = "chats";

  /** The ownership marker of a project directory, holding the project's absolute path. */
  static final String PROJECT_ROOT_MARKER = ".project_root";

  /** The longest project path read from a marker. */
  private static final int MAX_MARKER_BYTES = 4096;

  /** Creates the source; does no work. */
  public GeminiCliSource() {}

  /**
   * The source id.
   *
   * @return {@value #ID}
   */
  @Override
  public String id() {
    return ID;
  }

  /**
   * The name for people.
   *
   * @return {@code Gemini CLI}
   */
  @Override
  public String displayName() {
    return "Gemini CLI";
  }

  /**
   * {@code $GEMINI_CLI_HOME/.gemini/tmp} when the variable is set, then {@code $HOME/.gemini/tmp}.
   *
   * @param environment the environment
   * @return the roots, most specific first
   */
  @Override
  public List<Path> defaultRoots(Environment environment) {
    Set<Path> roots = new LinkedHashSet<>();
    environment.get("GEMINI_CLI_HOME").map(environment::expand)
        .ifPresent(h -> roots.add(h.resolve(".gemini").resolve("tmp")));
    roots.add(environment.home().resolve(".gemini").resolve("tmp"));
    return List.copyOf(roots);
  }

  /**
   * The chat files under a root: every {@code *.jsonl} below a {@code chats} directory (main sessions and subagent
   * sessions), or every one below the root when the root is itself a {@code chats} directory. Legacy
   * {@code session-*.json} documents are reported, not returned.
   *
   * @param root a Gemini {@code tmp} directory, a project directory or a {@code chats} directory
   * @param context the engine's directory walk
   * @return the files
   */
  @Override
  public List<Path> discover(Path root, DiscoveryContext context) {
    boolean rootIsChats = CHATS.equals(name(root));
    List<Path> legacy = new ArrayList<>();
    List<Path> found = context.files(root, f -> {
      if (!rootIsChats && !belowChats(root, f)) {
        return false;
      }
      String n = name(f);
      if (n.startsWith("checkpoint-")) {
        return false;
      }
      if (n.endsWith(".json") && n.startsWith("session-")) {
        legacy.add(f);
        return false;
      }
      return n.endsWith(".jsonl");
    });
    for (Path f : legacy) {
      Path twin = f.resolveSibling(name(f) + "l");
      if (!Files.exists(twin)) {
        context.problem(Severity.INFO, LEGACY_SKIPPED,
            "a Gemini CLI session in the legacy whole-file JSON format (before 0.39) was not read", f);
      }
    }
    return found;
  }

  /** Whether a file lies below a directory named {@code chats} that is itself below the root. */
  private static boolean belowChats(Path root, Path file) {
    Path rel = file.startsWith(root) ? root.relativize(file) : file;
    for (int i = 0; i < rel.getNameCount() - 1; i++) {
      if (CHATS.equals(rel.getName(i).toString())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A parser for one chat file, with what the file's place on disk says: whether it is a subagent's (and whose),
   * and the project path from the project directory's {@code .project_root} marker.
   *
   * @param file the file and its root
   * @param resume the initial state or one this source's parser saved
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} is not a state this source wrote
   */
  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    ParserState state = resume.isInitial() ? new ParserState() : ParserState.decode(resume.bytes());
    Path chats = chatsDirectory(file.file());
    String parent = null;
    String marker = null;
    if (chats != null) {
      Path dir = file.file().getParent();
      if (dir != null && !dir.equals(chats)) {
        // chats/<parent session id>/<session id>.jsonl
        Path rel = chats.relativize(dir);
        parent = rel.getNameCount() > 0 ? ParserState.cap(rel.getName(0).toString()) : null;
      }
      Path projectDir = chats.getParent();
      if (projectDir != null) {
        marker = readMarker(projectDir.resolve(PROJECT_ROOT_MARKER));
      }
    }
    return new GeminiLineParser(file.sourceId(), fallbackSessionId(file.fileName()), parent, marker, state);
  }

  /** The nearest {@code chats} directory above a file, at most two levels up, or null. */
  static Path chatsDirectory(Path file) {
    Path p = file.getParent();
    for (int i = 0; i < 2 && p != null; i++, p = p.getParent()) {
      if (CHATS.equals(name(p))) {
        return p;
      }
    }
    return null;
  }

  /**
   * The project path in a {@code .project_root} marker: one absolute path, read up to 4 KiB; anything else (no
   * marker, an unreadable or oversized one, several lines, control characters, a relative path) gives null.
   */
  static String readMarker(Path marker) {
    if (!Files.isRegularFile(marker)) {
      return null;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(marker)) {
      bytes = in.readNBytes(MAX_MARKER_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (bytes.length > MAX_MARKER_BYTES) {
      return null;
    }
    String s = new String(bytes, StandardCharsets.UTF_8).strip();
    if (s.isEmpty() || s.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    boolean absolute = s.startsWith("/") || s.startsWith("\\\\")
        || (s.length() > 2 && Character.isLetter(s.charAt(0)) && s.charAt(1) == ':'
            && (s.charAt(2) == '\\' || s.charAt(2) == '/'));
    return absolute ? s : null;
  }

  /** The session id used when a file has no header: its name without {@code .jsonl}. */
  static String fallbackSessionId(String fileName) {
    String stem = fileName.endsWith(".jsonl") ? fileName.substring(0, fileName.length() - 6) : fileName;
    return ParserState.cap(stem.isBlank() ? "unknown" : stem);
  }

  private static String name(Path p) {
    Path n = p.getFileName();
    return n == null ? "" : n.toString();
  }

  /**
   * Usage, project scoping (a project directory names its path) and watching (files are appended to as the CLI
   * runs). No cache state: Gemini reports cache reads but no cache writes, so a cache verdict would be a guess.
   *
   * @return the capabilities
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.USAGE, Capability.PROJECT_SCOPING, Capability.WATCH);
  }

  /**
   * Sessions appear in a folder per project ({@code tmp/<project-id>/chats}).
   *
   * @return {@link WatchScope#PROJECT}
   */
  @Override
  public WatchScope watchScope() {
    return WatchScope.PROJECT;
  }
}
