package io.github.cream.core;

import io.github.cream.api.DedupKey;
import io.github.cream.api.Diagnostic;
import io.github.cream.api.Message;
import io.github.cream.api.Origin;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.core.internal.Diagnostics;
import io.github.cream.core.internal.FileResult;
import io.github.cream.core.internal.FileScanner;
import io.github.cream.core.internal.IndexEntry;
import io.github.cream.core.internal.ScannedFiles.ScannedFile;
import io.github.cream.core.internal.SessionRef;
import io.github.cream.core.internal.SnapshotData;
import io.github.cream.spi.Capability;
import io.github.cream.spi.ResumeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows one session's messages: the first {@link #read()} returns them all, each later read only the messages
 * appended since, parsing only the bytes appended to the session's files. Get one from
 * {@link Cream#openMessages(String, String)}; keep it while the session is on screen.
 *
 * <pre>{@code
 * MessageCursor cursor = cream.openMessages("claude", sessionId);
 * SessionMessages first = cursor.read();                 // every message so far
 * show(first.messages());
 * Watch watch = cream.watch(update -> {
 *   SessionMessages more = cursor.read(update.snapshot()); // only what was appended, no scan of its own
 *   append(more.messages());
 *   more.usageChanges().forEach(this::updateUsage);       // a streamed response's usage moved to its last line
 * });
 * }</pre>
 *
 * <h2>Which files, how far</h2>
 * A session's files are those whose records or session facts, as the scan saw them, name the session: its main
 * transcript, its subagents' files, and other sessions' files that copied some of its lines. Session ids are only
 * ever compared with what discovery found, never turned into paths, so no id can make the cursor read a file outside
 * the sources' roots (a file not below the root it was discovered under is skipped). Each file is read up to where
 * the snapshot's scan stopped, so the messages and the snapshot's usage always agree; the next read goes on from
 * there with the message parser's saved state. A file that was replaced, or shrank, is read again from its start.
 *
 * <h2>Usage</h2>
 * Each call the snapshot counts for the session is attached to the one message that carries the copy deduplication
 * kept (compared by origin, dedup key, model and tokens); see {@link PricedMessage}. When a later read changes
 * which message that is (the final line of a streamed response arrived), the earlier message's change is in
 * {@link SessionMessages#usageChanges()}.
 *
 * <h2>Copies</h2>
 * Messages of the session with the same id are copies of one message (a resumed session's file repeats the history
 * it continued): one is returned, the copy that carries the counted call if one does, else the first in file order;
 * a copy in another file that arrives on a later read is not returned again, and if it carries the counted call, the
 * call is attached to the message returned before (a usage change). A call counted for the session whose copy lies in
 * a file that does not name the session (a file that rewrote session ids) stays with the session it was counted
 * for: its message here has no usage.
 *
 * <h2>Memory</h2>
 * The cursor keeps no content. Per file it keeps an offset and the message parser's state (at most
 * {@link ResumeState#MAX_BYTES}); per message that reported a call, the call's origin and key (about what the scan
 * index keeps per call); and the ids of the messages returned, up to {@value #MAX_REMEMBERED_IDS} (beyond that,
 * copies arriving on later reads are no longer recognized).
 *
 * <p>Reads are serialized (the methods are synchronized); the messages returned are immutable values.
 */
public final class MessageCursor {

  /** The most message ids a cursor remembers to recognize copies on later reads. */
  public static final int MAX_REMEMBERED_IDS = 200_000;

  private final String source;
  private final String sessionId;
  private final Supplier<UsageSnapshot> scan;
  private final int maxLineBytes;
  private final Map<Path, FileCursor> files = new HashMap<>();
  private final Map<CallKey, MessageRef> carriers = new HashMap<>();
  private final Map<String, MessageRef> deliveredIds = new HashMap<>();
  private Map<MessageRef, PricedRecord> attached = new HashMap<>();

  MessageCursor(String source, String sessionId, Supplier<UsageSnapshot> scan, int maxLineBytes) {
    this.source = Objects.requireNonNull(source, "source");
    this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    this.scan = Objects.requireNonNull(scan, "scan");
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The source this cursor reads.
   *
   * @return the source id
   */
  public String source() {
    return source;
  }

  /**
   * The session this cursor reads.
   *
   * @return the session id
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Scans (incrementally, through the scan index) and returns the messages appended since the last read: all of
   * them on the first.
   *
   * @return the new messages and the changes to earlier ones
   */
  public synchronized SessionMessages read() {
    return read(scan.get());
  }

  /**
   * Returns the messages appended since the last read, as far as a snapshot's scan read the session's files: all of
   * them on the first. Use the snapshots of a {@link Watch} to follow a session without scanning twice.
   *
   * @param snapshot a snapshot of the same {@link Cream} (filters do not matter: usage is matched against all of
   *     the scan's calls)
   * @return the new messages and the changes to earlier ones
   */
  public synchronized SessionMessages read(UsageSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    SnapshotData data = snapshot.data();
    Diagnostics diagnostics = new Diagnostics();
    Optional<SourceStatus> status =
        data.sources().stream().filter(s -> s.provider().id().equals(source)).findFirst();
    if (status.isEmpty()) {
      diagnostics.add(Diagnostic.of(Severity.WARNING, SessionMessages.UNKNOWN_SOURCE,
          "no source of this instance has that id"));
      return empty(diagnostics);
    }
    if (!status.get().capabilities().has(Capability.MESSAGES)) {
      diagnostics.add(Diagnostic.of(Severity.INFO, SessionMessages.NO_MESSAGES,
              "this source cannot show a session's messages; its usage is in the reports")
          .withSource(source));
      return empty(diagnostics);
    }
    SessionRef ref = new SessionRef(source, sessionId);
    List<ScannedFile> sessionFiles = data.files().of(ref);
    List<PricedRecord> counted = new ArrayList<>();
    for (PricedRecord p : data.groupOf(ref)) {
      if (p.record().sessionId().equals(sessionId) && p.record().source().equals(source)) {
        counted.add(p);
      }
    }
    if (sessionFiles.isEmpty() && counted.isEmpty() && !data.facts().containsKey(ref)) {
      diagnostics.add(Diagnostic.of(Severity.WARNING, SessionMessages.UNKNOWN_SESSION,
              "the source has no session with that id")
          .withSource(source));
      return empty(diagnostics);
    }
    Map<CallKey, PricedRecord> countedByKey = new HashMap<>();
    for (PricedRecord p : counted) {
      countedByKey.put(CallKey.of(p.record()), p);
    }

    // read what was appended to each of the session's files
    List<Raw> fresh = new ArrayList<>();
    Set<Path> present = new HashSet<>();
    long filesRead = 0;
    long bytesRead = 0;
    FileScanner scanner = new FileScanner(maxLineBytes);
    for (int order = 0; order < sessionFiles.size(); order++) {
      ScannedFile f = sessionFiles.get(order);
      Path path = f.context().file();
      if (!path.normalize().startsWith(f.context().root())) {
        diagnostics.add(Diagnostic.of(Severity.WARNING, "cream.messages.outside-root",
                "a file is not below the root it was found under; it was not read")
            .withSource(source).at(path));
        continue;
      }
      present.add(path);
      FileCursor c = files.get(path);
      if (c == null || c.replacedBy(f.entry())) {
        c = new FileCursor(f.entry());
        files.put(path, c);
      }
      long limit = f.entry().store() ? Long.MAX_VALUE : f.entry().consumedOffset();
      if (!f.entry().store() && c.offset >= limit) {
        continue; // nothing new as far as this snapshot's scan read
      }
      FileResult r;
      FileCursor fc = c;
      int fileOrder = order;
      List<Raw> got = new ArrayList<>();
      Consumer<Message> each = m -> {
        Raw raw = fc.accept(m, fileOrder);
        if (m.sessionId().equals(sessionId)) {
          got.add(raw); // messages of other sessions in the same file are dropped at once
        }
      };
      try {
        r = scanner.scanMessages(f.source(), f.context(), c.offset, c.line, c.state, limit, each);
      } catch (IllegalArgumentException e) {
        c.restart();
        got.clear();
        r = scanner.scanMessages(f.source(), f.context(), 0, 0, ResumeState.initial(), limit, each);
      }
      diagnostics.addAll(r.diagnostics());
      if (!r.readable()) {
        continue;
      }
      filesRead++;
      bytesRead += r.bytesRead();
      c.advance(r, f.entry());
      fresh.addAll(got);
    }
    files.keySet().retainAll(present);

    // one message per id: the copy that carries the counted call, else the first
    List<Raw> shown = new ArrayList<>(fresh.size());
    Map<String, Integer> firstById = new LinkedHashMap<>();
    for (Raw raw : fresh) {
      Optional<String> id = raw.message().id();
      MessageRef earlier = id.map(deliveredIds::get).orElse(null);
      if (earlier != null) {
        raw.usage().ifPresent(u -> carriers.put(CallKey.of(u), earlier));
        continue;
      }
      if (id.isEmpty()) {
        shown.add(raw);
        continue;
      }
      Integer at = firstById.get(id.get());
      if (at == null) {
        firstById.put(id.get(), shown.size());
        shown.add(raw);
        continue;
      }
      Raw kept = shown.get(at);
      if (!kept.countsFor(countedByKey) && raw.countsFor(countedByKey)) {
        shown.set(at, raw);
        kept.usage().ifPresent(u -> carriers.put(CallKey.of(u), raw.ref()));
      } else {
        raw.usage().ifPresent(u -> carriers.put(CallKey.of(u), kept.ref()));
      }
    }
    for (Raw raw : shown) {
      raw.usage().ifPresent(u -> carriers.put(CallKey.of(u), raw.ref()));
      raw.message().id().ifPresent(id -> {
        if (deliveredIds.size() < MAX_REMEMBERED_IDS) {
          deliveredIds.put(id, raw.ref());
        }
      });
    }

    // attach every counted call to the message carrying it
    Set<Path> existing = new HashSet<>();
    data.files().all().forEach(f -> existing.add(f.context().file()));
    Map<MessageRef, PricedRecord> now = new HashMap<>();
    long missing = 0;
    long unmatched = 0;
    for (PricedRecord p : counted) {
      MessageRef carrier = carriers.get(CallKey.of(p.record()));
      if (carrier == null || now.containsKey(carrier)) {
        if (existing.contains(p.record().origin().file())) {
          unmatched++;
        } else {
          missing++;
        }
        continue;
      }
      now.put(carrier, p);
    }
    if (missing > 0) {
      diagnostics.add(Diagnostic.of(Severity.INFO, SessionMessages.MISSING_FILES,
              missing + (missing == 1 ? " call" : " calls") + " of the session come from transcripts that no longer"
                  + " exist (kept by the scan index); their messages cannot be shown")
          .withSource(source).withCount(missing));
    }
    if (unmatched > 0) {
      diagnostics.add(Diagnostic.of(Severity.WARNING, SessionMessages.UNMATCHED,
              unmatched + (unmatched == 1 ? " call" : " calls") + " the scan counted for the session are on no"
                  + " message read; the messages' usage falls short of the session's totals")
          .withSource(source).withCount(unmatched));
    }

    Set<MessageRef> newRefs = new HashSet<>();
    List<PricedMessage> out = new ArrayList<>(shown.size());
    shown.sort(Raw.ORDER);
    for (Raw raw : shown) {
      newRefs.add(raw.ref());
      PricedRecord p = now.get(raw.ref());
      Optional<String> call = raw.usage().map(MessageCursor::callOf);
      out.add(p == null
          ? new PricedMessage(raw.message().withUsage(Optional.empty()), raw.part(), Optional.empty(), call)
          : new PricedMessage(raw.message().withUsage(Optional.of(p.record())), raw.part(), Optional.of(p.cost()),
              call, p.enrichment()));
    }
    List<MessageUsageChange> changes = new ArrayList<>();
    Set<MessageRef> touched = new HashSet<>(attached.keySet());
    touched.addAll(now.keySet());
    for (MessageRef m : touched) {
      if (newRefs.contains(m)) {
        continue;
      }
      PricedRecord before = attached.get(m);
      PricedRecord after = now.get(m);
      if (!Objects.equals(before, after)) {
        changes.add(new MessageUsageChange(m.origin(), m.part(),
            Optional.ofNullable(after).map(PricedRecord::record), Optional.ofNullable(after).map(PricedRecord::cost)));
      }
    }
    changes.sort(Comparator.comparing(MessageUsageChange::origin).thenComparingInt(MessageUsageChange::part));
    attached = now;
    return new SessionMessages(source, sessionId, out, changes, diagnostics.toList(), filesRead, bytesRead);
  }

  /** The key of the call a record reports: its dedup group and variant, or, without a key, its line. */
  private static String callOf(UsageRecord r) {
    return r.dedupKey().map(k -> k.group() + "|" + k.variant())
        .orElseGet(() -> r.origin().file() + "|" + r.origin().byteOffset() + "|" + r.model());
  }

  private SessionMessages empty(Diagnostics diagnostics) {
    return new SessionMessages(source, sessionId, List.of(), List.of(), diagnostics.toList(), 0, 0);
  }

  /** Which message: its line and its place among the line's messages. */
  private record MessageRef(Origin origin, int part) {}

  /** What identifies one copy of a call: where it was read, its dedup key, model and tokens. */
  private record CallKey(Origin origin, DedupKey key, String model, TokenCounts tokens) {
    static CallKey of(UsageRecord r) {
      return new CallKey(r.origin(), r.dedupKey().orElse(null), r.model(), r.tokens());
    }
  }

  /** A message as its parser gave it, with where it sorts. */
  private record Raw(Message message, int part, Instant time, int fileOrder) {
    static final Comparator<Raw> ORDER =
        Comparator.comparing(Raw::time)
            .thenComparingInt(Raw::fileOrder)
            .thenComparing(r -> r.message().origin())
            .thenComparingInt(Raw::part);

    MessageRef ref() {
      return new MessageRef(message.origin(), part);
    }

    Optional<UsageRecord> usage() {
      return message.usage();
    }

    boolean countsFor(Map<CallKey, PricedRecord> counted) {
      return message.usage().map(u -> counted.containsKey(CallKey.of(u))).orElse(false);
    }
  }

  /** How far one file has been read, and the message parser's state there. */
  private static final class FileCursor {
    long offset;
    long line;
    ResumeState state = ResumeState.initial();
    String fileKey;
    Instant lastTime = Instant.MIN;
    Origin lastOrigin;
    int part;

    FileCursor(IndexEntry entry) {
      this.fileKey = entry.identity().fileKey();
    }

    /** Whether the file was replaced or shrank since it was last read: then it is read again from its start. */
    boolean replacedBy(IndexEntry entry) {
      String key = entry.identity().fileKey();
      if (key != null && fileKey != null && !key.equals(fileKey)) {
        return true;
      }
      if (entry.store() || entry.consumedOffset() >= offset) {
        return false;
      }
      try {
        return Files.size(entry.file()) < offset; // else an older snapshot: nothing new to read
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    void restart() {
      offset = 0;
      line = 0;
      state = ResumeState.initial();
      lastTime = Instant.MIN;
      lastOrigin = null;
      part = 0;
    }

    Raw accept(Message m, int fileOrder) {
      if (m.origin().equals(lastOrigin)) {
        part++;
      } else {
        lastOrigin = m.origin();
        part = 0;
      }
      if (m.timestamp().isPresent()) {
        lastTime = m.timestamp().get();
      }
      return new Raw(m, part, lastTime, fileOrder);
    }

    void advance(FileResult r, IndexEntry entry) {
      fileKey = entry.identity().fileKey();
      boolean saved = r.diagnostics().stream().noneMatch(d -> d.code().equals(FileScanner.SNAPSHOT_FAILED));
      if (!saved) {
        restart(); // the parser could not save its state: the next read starts over (copies are not returned again)
        return;
      }
      offset = r.consumedOffset();
      line = r.linesEnd();
      state = r.endState();
    }
  }
}
