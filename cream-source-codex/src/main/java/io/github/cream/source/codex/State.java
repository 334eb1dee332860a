package io.github.cream.source.codex;

import io.github.cream.api.RateLimitWindow;
import io.github.cream.api.RateLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything a {@link CodexLineParser} knows at a line boundary, so that a later scan resumes exactly where this
 * one stopped: the cumulative baseline, the replay gate, the current model and the session's facts. Encoded
 * compactly with {@link DataOutputStream}; strings are bounded by {@link Entry#MAX_TEXT}, so a state stays far below
 * the engine's 64 KiB limit.
 */
final class State {

  private static final int MAGIC = 0x43445833; // "CDX3"
  private static final long NONE = Long.MIN_VALUE;

  // identity and session facts
  String sessionId;
  boolean metaSeen;
  String cwd;
  String originator;
  String cliVersion;
  String provider;
  String sourceKind;
  String subagentKind;
  String threadSource;
  String gitBranch;
  String parentId;
  boolean forked;
  boolean subagent;
  Instant firstSeen;
  Instant lastSeen;
  RateLimits limits;
  Instant threadStart;
  String title;

  // replay of a parent's history at the head of a fork or subagent file
  boolean replaying;
  long childMillis = -1;
  boolean idMarkerSeen;
  long replaySecond = NONE;

  // the cumulative counters
  boolean hasBase;
  Counters base = Counters.ZERO;
  Counters high;
  int epoch;

  // a /review sub-agent's token counts mirrored into this (the parent's) rollout, and their own cumulative total
  boolean review;
  Counters reviewBase;

  // the model of the current turn, the service tier the thread runs at, and the last valid timestamp in file order
  String turnModel;
  String serviceTier;
  Instant lastTimestamp;

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

  boolean hasReplaySecond() {
    return replaySecond != NONE;
  }

  void clearReplaySecond() {
    replaySecond = NONE;
  }

  // ---- encoding

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      str(out, sessionId);
      out.writeBoolean(metaSeen);
      str(out, cwd);
      str(out, originator);
      str(out, cliVersion);
      str(out, provider);
      str(out, sourceKind);
      str(out, subagentKind);
      str(out, threadSource);
      str(out, gitBranch);
      str(out, parentId);
      out.writeBoolean(forked);
      out.writeBoolean(subagent);
      instant(out, firstSeen);
      instant(out, lastSeen);
      instant(out, threadStart);
      out.writeBoolean(limits != null);
      if (limits != null) {
        instant(out, limits.observedAt());
        str(out, limits.plan().orElse(null));
        out.writeByte(limits.windows().size());
        for (RateLimitWindow w : limits.windows()) {
          str(out, w.name());
          out.writeDouble(w.usedPercent());
          out.writeLong(w.windowMinutes().orElse(NONE));
          instant(out, w.resetsAt().orElse(null));
        }
      }
      out.writeBoolean(replaying);
      out.writeLong(childMillis);
      out.writeBoolean(idMarkerSeen);
      out.writeLong(replaySecond);
      out.writeBoolean(hasBase);
      counters(out, base);
      out.writeBoolean(high != null);
      if (high != null) {
        counters(out, high);
      }
      out.writeInt(epoch);
      out.writeBoolean(review);
      out.writeBoolean(reviewBase != null);
      if (reviewBase != null) {
        counters(out, reviewBase);
      }
      str(out, turnModel);
      str(out, serviceTier);
      instant(out, lastTimestamp);
      str(out, title); // last: a state saved before titles were read simply ends here
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
  static State decode(byte[] bytes) {
    State s = new State();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new IllegalArgumentException("not a codex parser state");
      }
      s.sessionId = str(in);
      s.metaSeen = in.readBoolean();
      s.cwd = str(in);
      s.originator = str(in);
      s.cliVersion = str(in);
      s.provider = str(in);
      s.sourceKind = str(in);
      s.subagentKind = str(in);
      s.threadSource = str(in);
      s.gitBranch = str(in);
      s.parentId = str(in);
      s.forked = in.readBoolean();
      s.subagent = in.readBoolean();
      s.firstSeen = instant(in);
      s.lastSeen = instant(in);
      s.threadStart = instant(in);
      if (in.readBoolean()) {
        Instant observed = instant(in);
        String plan = str(in);
        int n = in.readUnsignedByte();
        List<RateLimitWindow> windows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String name = str(in);
          double used = in.readDouble();
          long minutes = in.readLong();
          Instant resets = instant(in);
          windows.add(new RateLimitWindow(name == null ? "" : name, used,
              minutes == NONE ? OptionalLong.empty() : OptionalLong.of(minutes), Optional.ofNullable(resets)));
        }
        if (observed == null) {
          throw new IllegalArgumentException("rate limits without an instant");
        }
        s.limits = new RateLimits(observed, windows, Optional.ofNullable(plan));
      }
      s.replaying = in.readBoolean();
      s.childMillis = in.readLong();
      s.idMarkerSeen = in.readBoolean();
      s.replaySecond = in.readLong();
      s.hasBase = in.readBoolean();
      s.base = counters(in);
      s.high = in.readBoolean() ? counters(in) : null;
      s.epoch = in.readInt();
      s.review = in.readBoolean();
      s.reviewBase = in.readBoolean() ? counters(in) : null;
      s.turnModel = str(in);
      s.serviceTier = str(in);
      s.lastTimestamp = instant(in);
      in.mark(1);
      if (in.read() != -1) {
        in.reset();
        s.title = str(in);
      }
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes in a codex parser state");
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a codex parser state", e);
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

  private static void instant(DataOutputStream out, Instant i) throws IOException {
    out.writeBoolean(i != null);
    if (i != null) {
      out.writeLong(i.getEpochSecond());
      out.writeInt(i.getNano());
    }
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  private static void counters(DataOutputStream out, Counters c) throws IOException {
    out.writeLong(c.input());
    out.writeLong(c.cached());
    out.writeLong(c.output());
    out.writeLong(c.reasoning());
    out.writeLong(c.cacheWrite());
  }

  private static Counters counters(DataInputStream in) throws IOException {
    long[] v = new long[5];
    for (int i = 0; i < 5; i++) {
      v[i] = in.readLong();
      if (v[i] < 0) {
        throw new IllegalArgumentException("negative counter in a codex parser state");
      }
    }
    return new Counters(v[0], v[1], v[2], v[3], v[4]);
  }
}
