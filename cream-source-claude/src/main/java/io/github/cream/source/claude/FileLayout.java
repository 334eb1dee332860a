package io.github.cream.source.claude;

import io.github.cream.api.SessionCategory;
import io.github.cream.spi.FileContext;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What a transcript's place under {@code projects/} says about it.
 *
 * <ul>
 *   <li>{@link Kind#MAIN}: {@code <project>/<session>.jsonl} (or an older nested {@code <project>/<session>/x.jsonl}).
 *       The main conversation; lines marked {@code isSidechain:true} in it are inline subagent lines (2.0.x).
 *   <li>{@link Kind#SUBAGENT}: anything below a {@code subagents} folder, at any depth
 *       ({@code <session>/subagents/agent-*.jsonl}, {@code agent-acompact-*}, {@code subagents/workflows/**}). The
 *       folder above {@code subagents} is the parent session, and every call in the file belongs to it.
 *   <li>{@link Kind#AGENT}: {@code <project>/agent-*.jsonl}, the older layout for subagent transcripts; its lines name
 *       their session.
 * </ul>
 *
 * @param kind the kind of transcript
 * @param fallbackSession the session for lines that name none: the file's stem for flat files, the folder for
 *     nested ones, the parent session for subagent files
 */
record FileLayout(Kind kind, String fallbackSession) {

  /** The kinds of transcript. */
  enum Kind {
    MAIN,
    SUBAGENT,
    AGENT
  }

  /** Priority of a main transcript's session facts. */
  static final int MAIN_PRIORITY = 10;

  /** Priority of a subagent transcript's session facts. */
  static final int SUBAGENT_PRIORITY = 1;

  private static final Pattern SESSION_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  static FileLayout of(FileContext context) {
    String rel = context.relativePath();
    String[] parts = rel.isEmpty() ? new String[0] : rel.split("/");
    String name = context.fileName();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i].equals("subagents")) {
        // the folder above subagents/: inside the root, or the root itself when it is a session folder
        Path rootName = context.root().getFileName();
        String parent = i > 0 ? parts[i - 1] : rootName == null ? "" : rootName.toString();
        return new FileLayout(Kind.SUBAGENT, parent.isBlank() ? stem : parent);
      }
    }
    if (stem.startsWith("agent-")) {
      return new FileLayout(Kind.AGENT, stem);
    }
    if (parts.length >= 3) {
      // an older nested layout, <project>/<session>/<file>.jsonl: the folder names the session
      return new FileLayout(Kind.MAIN, parts[parts.length - 2]);
    }
    return new FileLayout(Kind.MAIN, stem.isBlank() ? "unknown" : stem);
  }

  /**
   * Whether a line naming this session is a copy from an earlier session rather than this file's own: in a main
   * transcript named by its session id, a session other than the file's. A resumed session's file starts with the
   * conversation it continues; Claude Code re-stamps the copied calls with the new session's id but keeps the
   * earlier session's id on copied prompts. Such a session is reported from this file only once it has a call here.
   */
  boolean copiedFrom(String session) {
    return kind == Kind.MAIN && !session.equals(fallbackSession) && SESSION_ID.matcher(fallbackSession).matches();
  }

  /** Whether every line of the file is a subagent's (whatever its {@code isSidechain} says). */
  boolean subagentFile() {
    return kind != Kind.MAIN;
  }

  /** How authoritative this file's session facts are. */
  int priority() {
    return kind == Kind.MAIN ? MAIN_PRIORITY : SUBAGENT_PRIORITY;
  }

  /** The category this file gives its sessions. */
  SessionCategory category() {
    return kind == Kind.MAIN ? SessionCategory.INTERACTIVE : SessionCategory.SUBAGENT;
  }

  /**
   * The session every line belongs to regardless of what it says, or null. Files below {@code subagents/} belong
   * to the folder's session: Claude Code writes the parent's id into them anyway, and the folder also settles
   * files whose lines carry the agent's own id.
   */
  String forcedSession() {
    return kind == Kind.SUBAGENT ? fallbackSession : null;
  }

  /**
   * Whether a user line may give the session its title. Main transcripts title their session with the first real
   * prompt of the main conversation; files below {@code subagents/} never title their (parent's) session, since
   * their prompts are written by the agent; old root-level agent files may, for sessions known only through them.
   */
  boolean titleFrom(boolean sidechainLine) {
    return switch (kind) {
      case MAIN -> !sidechainLine;
      case AGENT -> true;
      case SUBAGENT -> false;
    };
  }

  /** Whether any user line of this file can give a title. */
  boolean titlesPossible() {
    return kind != Kind.SUBAGENT;
  }
}
