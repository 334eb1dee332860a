package io.github.cream.source.claude;

import io.github.cream.api.SessionFacts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link ClaudeParser} carries from one line to the next: the session of the last line that named one, and
 * for each session seen in the file its current facts (title and how the title was found, working directory,
 * activity range, version, branch, entry point). Parsing resumes from an {@link #encode() encoded} copy, so the
 * facts a resumed parser emits are the same whole view a parser that read every line would emit.
 *
 * <p>Bounded: at most {@value #MAX_SESSIONS} sessions per file (the least recently touched one is forgotten first;
 * a real transcript names one or two), and every stored string has a length cap, so an encoded state always stays
 * far below {@link io.github.cream.spi.ResumeState#MAX_BYTES}.
 */
final class ParserState {

  static final int FORMAT = 2;
  static final int MAX_SESSIONS = 12;
  static final int MAX_ID_CHARS = 200;
  static final int MAX_PATH_CHARS = 1024;
  static final int MAX_ATTRIBUTE_CHARS = 200;

  /** No title yet. */
  static final int NO_TITLE = 0;
  /** The first real user prompt. */
  static final int PROMPT_TITLE = 1;
  /** A {@code summary} line (older versions). */
  static final int SUMMARY_TITLE = 2;
  /** An {@code ai-title} line: the title Claude Code generated. */
  static final int AI_TITLE = 3;
  /** A {@code custom-title} line: the title the user chose. */
  static final int CUSTOM_TITLE = 4;

  /** The session of the last line that named one (or fell back to the layout); null before the first. */
  String current;

  /** The sessions of the file, least recently touched first. */
  private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();
  /** The session {@link #touch} last returned, the most recently touched; null before the first touch. */
  private Session latest;

  /** One session's facts as far as this file has shown them. */
  static final class Session {
    final String id;
    int titleRank;
    String title;
    String cwd;
    String version;
    String gitBranch;
    String entrypoint;
    Instant first;
    Instant last;
    /**
     * Whether this file has shown the session to be its own or to have calls here; until then its facts are not
     * reported (see {@link FileLayout#copiedFrom}).
     */
    boolean reported;

    Session(String id) {
      this.id = id;
    }

    /** Takes a title if it outranks the one known: a prompt never replaces a title, later explicit titles do. */
    boolean title(int rank, String text) {
      if (text == null || text.isEmpty()) {
        return false;
      }
      boolean take = rank == PROMPT_TITLE ? titleRank == NO_TITLE : rank >= titleRank;
      if (!take || (rank == titleRank && text.equals(title))) {
        return false;
      }
      titleRank = rank;
      title = text;
      built = null;
      return true;
    }

    boolean seen(Instant t) {
      boolean changed = false;
      if (first == null || t.isBefore(first)) {
        first = t;
        changed = true;
      }
      if (last == null || t.isAfter(last)) {
        last = t;
        changed = true;
      }
      return changed;
    }

    boolean cwd(String value) {
      String v = bounded(value, MAX_PATH_CHARS);
      if (v == null || v.equals(cwd)) {
        return false;
      }
      cwd = v;
      built = null;
      return true;
    }

    boolean version(String value) {
      String v = bounded(value, MAX_ATTRIBUTE_CHARS);
      if (v == null || v.equals(version)) {
        return false;
      }
      version = v;
      built = null;
      return true;
    }

    boolean gitBranch(String value) {
      String v = bounded(value, MAX_ATTRIBUTE_CHARS);
      if (v == null || v.equals(gitBranch)) {
        return false;
      }
      gitBranch = v;
      built = null;
      return true;
    }

    boolean entrypoint(String value) {
      String v = bounded(value, MAX_ATTRIBUTE_CHARS);
      if (v == null || v.equals(entrypoint)) {
        return false;
      }
      entrypoint = v;
      built = null;
      return true;
    }

    /**
     * The facts last built, with the layout they were built for: while only the activity range changes (most lines
     * of a transcript), the next facts are the same but for it, and are made from these.
     */
    private SessionFacts built;
    private FileLayout builtFor;

    SessionFacts facts(FileLayout layout) {
      SessionFacts b = built;
      if (b != null && builtFor == layout) {
        // exactly what the builder below gives when only first and last changed (first <= last, both or neither)
        return built = new SessionFacts(b.source(), b.sessionId(), b.priority(), b.title(), b.project(),
            b.category(), b.channel(), b.cronJob(), b.parentSessionId(), seen(b.firstSeen(), first),
            seen(b.lastSeen(), last), b.rateLimits(), b.attributes());
      }
      built = build(layout);
      builtFor = layout;
      return built;
    }

    /** The instant as an optional: the one before if it holds this instant (the first one seldom moves). */
    private static Optional<Instant> seen(Optional<Instant> before, Instant t) {
      return before.orElse(null) == t ? before : Optional.ofNullable(t);
    }

    SessionFacts build(FileLayout layout) {
      return SessionFacts.builder(ClaudeSource.ID, id)
          .priority(layout.priority())
          .category(layout.category())
          .title(title)
          .project(cwd)
          .channel(entrypoint)
          .seen(first)
          .seen(last)
          .attribute("version", version)
          .attribute("gitBranch", gitBranch)
          .attribute("entrypoint", entrypoint)
          .build();
    }
  }

  /** A value if it is present, not blank and within the cap; else null (a value too long to keep is not kept). */
  static String bounded(String value, int maxChars) {
    if (value == null || value.isBlank() || value.length() > maxChars) {
      return null;
    }
    return value;
  }

  /**
   * The session with this id, created if new, and marked as the most recently touched.
   *
   * @param id a session id, already bounded
   * @return its state
   */
  Session touch(String id) {
    Session l = latest;
    if (l != null && l.id.equals(id)) {
      return l; // already the most recently touched (most lines name the session of the line before): no new entry
    }
    Session s = sessions.remove(id);
    if (s == null) {
      s = new Session(id);
      if (sessions.size() >= MAX_SESSIONS) {
        Iterator<Map.Entry<String, Session>> it = sessions.entrySet().iterator();
        it.next();
        it.remove();
      }
    }
    sessions.put(id, s);
    latest = s;
    return s;
  }

  /** Whether the session already has a title of any kind (then its prompts no longer matter). */
  boolean titled(String id) {
    Session s = id == null ? null : sessions.get(id);
    return s != null && s.titleRank != NO_TITLE;
  }

  int size() {
    return sessions.size();
  }

  /**
   * The state as bytes.
   *
   * @return the encoding
   */
  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 256 * sessions.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      writeString(out, current);
      out.writeByte(sessions.size());
      for (Session s : sessions.values()) {
        out.writeUTF(s.id);
        out.writeByte(s.titleRank);
        writeString(out, s.title);
        writeString(out, s.cwd);
        writeString(out, s.version);
        writeString(out, s.gitBranch);
        writeString(out, s.entrypoint);
        writeInstant(out, s.first);
        writeInstant(out, s.last);
        out.writeBoolean(s.reported);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a state {@link #encode()} wrote.
   *
   * @param bytes the encoding
   * @return the state
   * @throws IllegalArgumentException if the bytes are not such a state
   */
  static ParserState decode(byte[] bytes) {
    ParserState state = new ParserState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readUnsignedByte() != FORMAT) {
        throw new IllegalArgumentException("not a claude parser state of format " + FORMAT);
      }
      state.current = readString(in);
      int n = in.readUnsignedByte();
      if (n > MAX_SESSIONS) {
        throw new IllegalArgumentException("claude parser state holds too many sessions");
      }
      for (int i = 0; i < n; i++) {
        String id = in.readUTF();
        if (id.isBlank() || state.sessions.containsKey(id)) {
          throw new IllegalArgumentException("claude parser state holds an invalid session");
        }
        Session s = new Session(id);
        s.titleRank = in.readUnsignedByte();
        s.title = readString(in);
        s.cwd = readString(in);
        s.version = readString(in);
        s.gitBranch = readString(in);
        s.entrypoint = readString(in);
        s.first = readInstant(in);
        s.last = readInstant(in);
        s.reported = in.readBoolean();
        if (s.titleRank > CUSTOM_TITLE || (s.titleRank == NO_TITLE) != (s.title == null)) {
          throw new IllegalArgumentException("claude parser state holds an invalid title");
        }
        state.sessions.put(id, s);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("claude parser state has trailing bytes");
      }
    } catch (IOException | DateTimeException e) {
      throw new IllegalArgumentException("not a claude parser state", e);
    }
    return state;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    long seconds = in.readLong();
    int nanos = in.readInt();
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
