package io.github.cream.source.codex;

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
import java.util.List;
import java.util.Set;

/**
 * Source {@code codex}: the rollout logs of OpenAI's Codex CLI, Codex Desktop, its IDE extension and
 * {@code codex exec}.
 *
 * <h2>Where</h2>
 * Each root is a Codex home: {@code $CODEX_HOME} (a comma-separated list is allowed), else {@code ~/.codex}. Under a
 * home, every {@code *.jsonl} below {@code sessions/} (the dated {@code YYYY/MM/DD/} layout and the older flat one)
 * and below {@code archived_sessions/} is read. A root holding neither folder is read as a pile of JSONL files
 * (saved {@code codex exec --json} output, say), at any depth, except Codex's prompt history
 * ({@code history.jsonl}) and session index ({@code session_index.jsonl}).
 *
 * <h2>What counts</h2>
 * Codex writes {@code event_msg}/{@code token_count} events whose {@code info.total_token_usage} is the session's
 * cumulative total. It re-emits the same total (after each {@code turn_context}, when rate limits refresh), writes
 * {@code info: null} for rate-limit-only events, and at compaction writes a phantom {@code last_token_usage} of
 * zeros with a huge {@code total_tokens}. Summing {@code last_token_usage} over every event therefore roughly
 * doubles real usage. This source emits <b>one record per positive delta of the cumulative total</b>, per file:
 * <ul>
 *   <li>An unchanged total (a re-emit, the compaction phantom) and {@code info: null} create nothing.
 *   <li>A total that moves backwards and equals its own {@code last_token_usage} is a restarted counter (a new
 *       process resumed the session, after an {@code info: null} event): that step is a real call and counts, and
 *       its total is the new baseline (INFO {@code codex.usage.restarted}).
 *   <li>Any other total that moves backwards in any counter (Codex resets it when the context window overflows)
 *       creates nothing; it becomes the new baseline, and the previous total is kept as a high-water mark: if the
 *       very next total is at or above that mark, the lower one was a stale snapshot and counting resumes from the
 *       mark, so no step is counted twice.
 *   <li>Between {@code entered_review_mode} and {@code exited_review_mode}, a parent rollout mirrors the token
 *       counts of its {@code /review} sub-agent, whose own rollout ({@code source: {"subagent": "review"}}) holds
 *       the same cumulative totals under the review's model; afterwards the parent's counter resumes at its
 *       earlier value. The mirrored steps leave the parent's baseline alone and are copies one dedup tier below
 *       the review's own steps (both keyed by the project and the review's cumulative total): they count once, in
 *       the review's rollout, and in the parent only when the review's rollout is gone.
 *   <li>{@code last_token_usage} is used only where an event has no cumulative total (older or foreign shapes).
 *   <li>When a file's first total is larger than its own {@code last_token_usage}, the file starts in the middle
 *       of a counter whose earlier steps were recorded elsewhere: only that last step counts.
 *   <li>{@code codex exec --json} output ({@code turn.completed} with {@code usage}) reports the thread's
 *       cumulative total too, and is counted the same way.
 * </ul>
 *
 * <h2>Forks and subagents</h2>
 * A file whose first {@code session_meta} names a parent ({@code forked_from_id}, {@code parent_thread_id} or
 * {@code source.subagent.thread_spawn.parent_thread_id}) begins with a replay of the parent's history, often after
 * a copy of the parent's {@code session_meta}, with timestamps either kept or rewritten to the fork time. Replayed
 * token counts never count, but their totals become the baseline the child's own totals continue from. The replay
 * ends at the first turn ({@code turn_context} or {@code task_started}) whose {@code turn_id}, a version-7 UUID,
 * was minted at or after the child thread (the child's id, also v7, or its {@code session_meta} timestamp):
 * the parent's turns were all minted before the child existed, whatever timestamps their lines carry. In files
 * without v7 turn ids, a row dated before the child thread existed is the parent's, and of the later rows the
 * replay is those stamped in the second the child's {@code session_meta} was written (ccusage's "same second as
 * the fork" rule). Later copies of
 * other sessions' {@code session_meta} are ignored; the first one is the file's own. A child's steps carry its
 * parent's lineage in their {@link io.github.cream.api.DedupKey} one tier below the parent's own steps, so a
 * replayed step that escaped the gate still collapses into the parent's original when the parent's file is
 * scanned, while sibling children whose own steps happen to reach equal totals stay apart.
 *
 * <h2>Tokens, model, provider</h2>
 * Input excludes the cached part: {@code input = input_tokens - cached_input_tokens - cache_write_input_tokens};
 * cache read = {@code cached_input_tokens}; cache write ({@code cache_write_input_tokens}, reported by newer builds)
 * counts as a 5-minute write; output = {@code output_tokens}, which includes {@code reasoning_output_tokens} (kept,
 * informational). The model is the event's own ({@code payload.model}, {@code info.model}, {@code info.model_name},
 * {@code info.metadata.model}), else the latest {@code turn_context}'s; else the provider's default
 * ({@link #defaultModel}), flagged {@link io.github.cream.api.RecordFlag#FALLBACK_MODEL}. The provider is the
 * session's {@code model_provider}, {@value #DEFAULT_PROVIDER} by default.
 *
 * <h2>Session facts</h2>
 * Session id (from {@code session_meta}, else the uuid in the file name), working directory, originator, source
 * ({@code cli}, {@code vscode}, {@code exec}, {@code mcp}, {@code subagent}), parent session, git branch, CLI version
 * and the latest rate-limit snapshot (primary, secondary and individual windows with used percent, length and
 * reset time, and the plan). Pre-envelope rollouts (mid 2025, no usage at all) give a session without calls.
 *
 * <h2>Messages</h2>
 * The message parser ({@link #openMessageParser}) reads a session's conversation from its {@code response_item}
 * lines, in file order, one message per item:
 * <ul>
 *   <li>{@code message}: role {@code user} becomes {@link io.github.cream.api.MessageRole#USER},
 *       {@code assistant} {@code ASSISTANT}, {@code developer} and {@code system} {@code SYSTEM}. A user message
 *       that Codex injected itself rather than the person typed (one whose text starts with
 *       {@code <environment_context>}, {@code # AGENTS.md instructions}, {@code <user_instructions>},
 *       {@code <skill>}, {@code <turn_aborted>} and Codex's other context tags) is {@code SYSTEM}. Parts
 *       {@code input_text} and {@code output_text} are text, {@code refusal} is text, {@code input_image} an
 *       attachment named by its media type, any other part an attachment named by its type.
 *   <li>{@code reasoning}: an {@code ASSISTANT} message of thinking blocks, one per summary text (and per
 *       {@code reasoning_text} where the log keeps the raw reasoning); one empty thinking block when the reasoning
 *       is kept encrypted only.
 *   <li>{@code function_call}, {@code custom_tool_call}, {@code local_shell_call} (tool {@code local_shell}),
 *       {@code web_search_call} (tool {@code web_search}) and any other {@code *_call}: an {@code ASSISTANT}
 *       message with one tool call (the call id, the tool's name, the arguments or input as logged, JSON for
 *       an action object).
 *   <li>{@code function_call_output}, {@code custom_tool_call_output} (and any other {@code *_output} or
 *       {@code *_result}): a {@code TOOL_RESULT} message with one tool result (the call id; the output's text; an
 *       error when the output says {@code success: false}); Codex does not log the tool's name with the output, so
 *       the call id is the link. Images in an output follow as attachments.
 *   <li>{@code agent_message} items (a message another agent sent this one): {@code USER}, as the parent or peer
 *       agent stands in for the person.
 *   <li>{@code compacted} lines and {@code compaction} items: a {@code SYSTEM} message holding the summary text
 *       Codex logged (none for a remote compaction, whose summary is encrypted); the replacement history a
 *       compaction carries repeats earlier messages and is not shown again. {@code ghost_snapshot} items (undo
 *       checkpoints) are no message.
 *   <li>{@code session_meta}, {@code turn_context}, {@code world_state} and other envelopes that are not
 *       response items hold no message.
 *   <li>{@code event_msg} lines are not messages. The ones Codex persists either repeat a response item
 *       ({@code user_message}, {@code agent_message}, {@code agent_reasoning}, {@code agent_reasoning_raw_content},
 *       {@code context_compacted}) or mark the UI's progress; showing them would show the conversation twice.
 *       Response items are the ones kept because they are what the model saw, with tool calls and images.
 *   <li>{@code codex exec --json} output: each {@code item.completed} item ({@code agent_message},
 *       {@code reasoning}, {@code command_execution}, {@code file_change}, {@code mcp_tool_call},
 *       {@code web_search}, {@code todo_list}, {@code error}); a finished tool item gives its call and its result
 *       as two messages read from the one line.
 *   <li>Rollouts written before the envelope (mid 2025) hold the same items unwrapped, read the same way.
 * </ul>
 * Assistant messages carry the model of the current {@code turn_context}. A fork's or subagent's file begins with
 * the parent's history; those messages are shown too (they are the context the child started from, in its file)
 * but never carry usage.
 *
 * <p><b>Usage.</b> Codex bills per model step, not per message, and logs a step's tokens only after the step's
 * output items, in a {@code token_count} event. Each record the usage parser emits is therefore attached to a
 * <em>step message</em> emitted at that event's line: role {@code SYSTEM}, no content, the record's model and time,
 * and as usage the very record (same tokens, origin and {@link io.github.cream.api.DedupKey}). The step's output
 * is the messages just before it in file order, back to the previous step message. A step message cannot be
 * merged into the step's last assistant message: that message is read before its usage exists, and holding it back
 * would put its content into the resume state. Since every record is carried by exactly one step message, and a
 * re-emitted total, the compaction phantom or a replayed token count emits no record (so no step message), the
 * usage of a session's messages sums to the session's totals.
 *
 * <p>Content blocks longer than 1 MiB (1,048,576 characters) are cut there and end with
 * the marker {@code "\n[cream: <n> more characters not shown]"}; a message keeps at most
 * 4,096 blocks. Content never reaches a diagnostic.
 *
 * <p>Problems (hostile numbers, invalid timestamps, totals that go backwards) become diagnostics with codes
 * prefixed {@code codex.}; none quotes the log.
 */
public final class CodexSource implements Source, MessageReader {

  /** The source id. */
  public static final String ID = "codex";
  /** The provider of sessions that name none. */
  public static final String DEFAULT_PROVIDER = "openai";
  /** The folder of a Codex home that holds live rollouts. */
  static final String SESSIONS = "sessions";
  /** The folder of a Codex home that {@code /archive} and {@code codex archive} move rollouts to. */
  static final String ARCHIVED = "archived_sessions";

  private static final Set<String> NOT_TRANSCRIPTS = Set.of("history.jsonl", "session_index.jsonl");

  /** Creates the source; does no work. */
  public CodexSource() {}

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
   * @return {@code Codex CLI}
   */
  @Override
  public String displayName() {
    return "Codex CLI";
  }

  /**
   * {@code $CODEX_HOME} (comma-separated homes allowed), else {@code ~/.codex}.
   *
   * @param environment the environment
   * @return the Codex homes
   */
  @Override
  public List<Path> defaultRoots(Environment environment) {
    List<Path> homes = environment.pathList("CODEX_HOME");
    return homes.isEmpty() ? List.of(environment.home().resolve(".codex")) : homes;
  }

  /**
   * The rollouts of one Codex home: {@code sessions/**} and {@code archived_sessions/**}; or, for a folder with
   * neither, every {@code *.jsonl} below it.
   *
   * @param root a Codex home or a folder of JSONL files
   * @param context the engine's directory walk
   * @return the files
   */
  @Override
  public List<Path> discover(Path root, DiscoveryContext context) {
    Path sessions = root.resolve(SESSIONS);
    Path archived = root.resolve(ARCHIVED);
    boolean home = Files.isDirectory(sessions) || Files.isDirectory(archived);
    if (!home) {
      return context.files(root, f -> DiscoveryContext.isJsonl(f) && !NOT_TRANSCRIPTS.contains(name(f)));
    }
    List<Path> out = new ArrayList<>(context.files(sessions, DiscoveryContext::isJsonl));
    out.addAll(context.files(archived, DiscoveryContext::isJsonl));
    return out;
  }

  private static String name(Path f) {
    Path n = f.getFileName();
    return n == null ? "" : n.toString();
  }

  /**
   * A parser for one rollout.
   *
   * @param file the file and its root
   * @param resume the initial state or one this source's parser saved
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} is not a state this source wrote
   */
  @Override
  public LineParser openParser(FileContext file, ResumeState resume) {
    State state = resume.isInitial() ? new State() : State.decode(resume.bytes());
    return new CodexLineParser(file, state, false);
  }

  /**
   * A parser that emits the rollout's messages as well as its records (see "Messages" above). Its states are the
   * usage parser's: messages need no state of their own.
   *
   * @param file the file and its root
   * @param resume the initial state or one this source's parsers saved
   * @return the parser
   * @throws IllegalArgumentException if {@code resume} is not a state this source wrote
   */
  @Override
  public LineParser openMessageParser(FileContext file, ResumeState resume) {
    State state = resume.isInitial() ? new State() : State.decode(resume.bytes());
    return new CodexLineParser(file, state, true);
  }

  /**
   * Usage, messages, cache state (cache reads and writes per call), project scoping (every session names its
   * working directory) and watching (rollouts are appended to as Codex runs).
   *
   * @return the capabilities
   */
  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.USAGE, Capability.MESSAGES, Capability.CACHE_STATE, Capability.PROJECT_SCOPING,
        Capability.WATCH);
  }

  /**
   * Codex files a rollout by the day it started ({@code sessions/YYYY/MM/DD/}), never by project, and
   * {@code /archive} moves it to {@code archived_sessions/}: a new session of any project can appear anywhere under
   * a home, so a watcher must watch the whole home.
   *
   * @return {@link WatchScope#GLOBAL}
   */
  @Override
  public WatchScope watchScope() {
    return WatchScope.GLOBAL;
  }

  /**
   * The model assumed when a session never names one, as Codex builds of September 2025 wrote token counts without
   * a {@code turn_context}: {@code gpt-oss:20b} (Codex's {@code --oss} default) for the local providers
   * {@code oss}, {@code ollama} and {@code lmstudio}; {@code gpt-5} (Codex's default then, and ccusage's
   * assumption) for every other provider.
   *
   * @param provider the session's provider id
   * @return the model id
   */
  public static String defaultModel(String provider) {
    return switch (provider) {
      case "oss", "ollama", "lmstudio" -> "gpt-oss:20b";
      default -> "gpt-5";
    };
  }
}
