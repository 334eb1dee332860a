package io.github.cream.examples.gemini;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a {@link GeminiLineParser} knows at a line boundary: the session's identity and facts, the last model and
 * timestamp seen. No set of message ids: copies of a message are folded by the engine through their
 * {@link io.github.cream.api.DedupKey}, so the state stays a few hundred bytes however long the session.
 */
final class ParserState {

  private static final int MAGIC = 0x47454d31; // "GEM1"
  /** The longest string kept (ids, models, paths, the title). */
  static final int MAX_TEXT = 1024;

  String sessionId;
  boolean headerSeen;
  boolean subagent;
  String headerProject;
  String title;
  String lastModel;
  Instant lastTimestamp;
  Instant firstSeen;
  Instant lastSeen;

  /** Widens the session's activity range; true if it changed. */
  boolean seen(Instant t) {
    if (t == null) {
      return false;
    }
    boolean changed = false;
    if (firstSeen == null || t.isBefore(firstSeen)) {
      firstSeen = t;
      changed = true;
    }
    if (lastSeen == null || t.isAfter(lastSeen)) {
      lastSeen = t;
      changed = true;
    }
    return changed;
  }

  /** A string cut to {@link #MAX_TEXT} characters, so the encoded state stays small. */
  static String cap(String s) {
    if (s == null || s.length() <= MAX_TEXT) {
      return s;
    }
    int end = MAX_TEXT;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      str(out, sessionId);
      out.writeBoolean(headerSeen);
      out.writeBoolean(subagent);
      str(out, headerProject);
      str(out, title);
      str(out, lastModel);
      instant(out, lastTimestamp);
      instant(out, firstSeen);
      instant(out, lastSeen);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with an in-memory stream
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a state this class encoded.
   *
   * @throws IllegalArgumentException if the bytes are not such a state
   */
  static ParserState decode(byte[] bytes) {
    ParserState s = new ParserState();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a gemini parser state");
      }
      s.sessionId = str(in);
      s.headerSeen = in.readBoolean();
      s.subagent = in.readBoolean();
      s.headerProject = str(in);
      s.title = str(in);
      s.lastModel = str(in);
      s.lastTimestamp = instant(in);
      s.firstSeen = instant(in);
      s.lastSeen = instant(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException("not a gemini parser state");
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a gemini parser state", e);
    }
    return s;
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String str(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }
}
