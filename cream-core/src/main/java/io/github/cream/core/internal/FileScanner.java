package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Message;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Bytes;
import io.github.cream.spi.EntryStore;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.LineView;
import io.github.cream.spi.ParseSink;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads one file and frames it into complete lines for a {@link LineParser}. One instance per worker thread: it
 * keeps its read buffer between files.
 *
 * <p>Framing rules: lines end at {@code \n}; a {@code \r} before it is dropped; empty lines are skipped; a final
 * line without {@code \n} is never passed on or consumed (the agent may be in the middle of writing it); a line
 * longer than the limit is skipped whole, with a diagnostic, without holding it in memory; a line that is binary
 * data (a NUL byte, which JSON text never holds raw, as its first byte or anywhere in a file's first line: a binary
 * file named {@code .jsonl}, or a zero-filled block left by a crash) is skipped with a diagnostic. A file that
 * shrinks while it is read is read up to where it now ends, with a diagnostic.
 */
public final class FileScanner {

  /** The default longest line handed to a parser. Real transcripts have single lines of tens of megabytes. */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

  /** The code of the diagnostic given when a parser cannot snapshot its state; the file is not resumed. */
  public static final String SNAPSHOT_FAILED = "cream.parser.snapshot-failed";

  /** The code of the diagnostic given for a line of binary data. */
  public static final String BINARY_LINE = "cream.line.binary";

  /** The code of the diagnostic given when a file got shorter while it was read. */
  public static final String FILE_SHRANK = "cream.file.shrank";

  private static final int INITIAL_BUFFER = 1 << 20;
  private static final int MIN_BUFFER = 8 * 1024;

  private final int maxLineBytes;
  private byte[] buffer = new byte[0];

  /**
   * A scanner.
   *
   * @param maxLineBytes the longest line passed to parsers
   */
  public FileScanner(int maxLineBytes) {
    if (maxLineBytes < MIN_BUFFER) {
      throw new IllegalArgumentException("maxLineBytes must be at least " + MIN_BUFFER + ", was " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  private Windows windows;

  /**
   * Empty fingerprint windows for a file read from its start: one instance per scanner, emptied for each file (the
   * caller takes the fingerprints before it scans the next file).
   *
   * @return the scanner's windows, emptied
   */
  Windows freshWindows() {
    if (windows == null) {
      windows = new Windows();
    }
    return windows.reset();
  }

  /**
   * Scans a file from an offset with a parser state.
   *
   * @param source the source
   * @param context the file and its root
   * @param startOffset where to start reading, at a line boundary
   * @param startLine the number of the last line before {@code startOffset}
   * @param state the parser state at {@code startOffset}
   * @return what the file produced
   */
  public FileResult scan(Source source, FileContext context, long startOffset, long startLine, ResumeState state) {
    return scan(source, context, startOffset, startLine, state, Long.MAX_VALUE);
  }

  /**
   * Scans a file from an offset with a parser state, reading no further than a limit: a line that does not end
   * before the limit is left for later, as if the file ended there.
   *
   * @param source the source
   * @param context the file and its root
   * @param startOffset where to start reading, at a line boundary
   * @param startLine the number of the last line before {@code startOffset}
   * @param state the parser state at {@code startOffset}
   * @param limit the offset to stop reading at
   * @return what the file produced
   */
  public FileResult scan(
      Source source, FileContext context, long startOffset, long startLine, ResumeState state, long limit) {
    return scan(source, context, startOffset, startLine, state, limit, null);
  }

  /**
   * Scans a file from an offset with a parser state up to a limit, feeding the bytes it frames to the scan index's
   * fingerprint windows.
   *
   * @param source the source
   * @param context the file and its root
   * @param startOffset where to start reading, at a line boundary
   * @param startLine the number of the last line before {@code startOffset}
   * @param state the parser state at {@code startOffset}
   * @param limit the offset to stop reading at
   * @param windows the fingerprint windows as they were at {@code startOffset}, or null
   * @return what the file produced
   * @throws IllegalArgumentException if the source rejects a non-initial {@code state}: the caller reads the file
   *     again from the start
   */
  public FileResult scan(
      Source source,
      FileContext context,
      long startOffset,
      long startLine,
      ResumeState state,
      long limit,
      Windows windows) {
    return scan(source, context, startOffset, startLine, state, limit, windows, null);
  }

  /**
   * Reads a file with the source's message parser, handing every message to a consumer as it is parsed; records,
   * facts and problems are returned as by a usage scan. Nothing is kept: the messages exist only in the consumer.
   *
   * @param source the source; must be a {@link MessageReader}
   * @param context the file and its root
   * @param startOffset where to start reading, at a line boundary
   * @param startLine the number of the last line before {@code startOffset}
   * @param state the message parser's state at {@code startOffset}
   * @param limit the offset to stop reading at
   * @param messages receives the messages, in file order
   * @return what the file produced besides the messages
   * @throws IllegalArgumentException if the source rejects a non-initial {@code state}
   */
  public FileResult scanMessages(
      Source source,
      FileContext context,
      long startOffset,
      long startLine,
      ResumeState state,
      long limit,
      Consumer<Message> messages) {
    return scan(source, context, startOffset, startLine, state, limit, null, Objects.requireNonNull(messages));
  }

  private FileResult scan(
      Source source,
      FileContext context,
      long startOffset,
      long startLine,
      ResumeState state,
      long limit,
      Windows windows,
      Consumer<Message> messages) {
    String sourceId = source.id();
    Path file = context.file();
    Sink sink = new Sink(sourceId, file, messages);
    LineParser parser;
    try {
      if (messages != null && !(source instanceof MessageReader)) {
        return failed(context, sourceId, startOffset, startLine, sink, "cream.source.no-messages",
            "the source cannot read messages");
      }
      parser =
          messages != null
              ? ((MessageReader) source).openMessageParser(context, state)
              : source.openParser(context, state);
    } catch (IllegalArgumentException e) {
      if (state.isInitial()) {
        return failed(context, sourceId, startOffset, startLine, sink, "cream.source.failed",
            "the source could not open a parser for this file (" + e.getClass().getSimpleName() + ")");
      }
      throw e; // an incompatible resume state: the caller reads the file again from the start
    } catch (RuntimeException | LinkageError e) {
      return failed(context, sourceId, startOffset, startLine, sink, "cream.source.failed",
          "the source could not open a parser for this file (" + e.getClass().getSimpleName() + ")");
    }
    if (parser == null) {
      return failed(context, sourceId, startOffset, startLine, sink, "cream.source.failed",
          "the source returned no parser for this file");
    }
    Framer framer = new Framer(parser, sink, file, messages == null);
    if (source instanceof EntryStore store && isStore(store, file)) {
      return readStore(store, source, context, startOffset, startLine, parser, framer, sink);
    }
    long consumed = startOffset;
    long bytesRead = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long sizeAtOpen = ch.size();
      long remaining = Math.max(0, sizeAtOpen - startOffset);
      byte[] buf = bufferFor(remaining);
      if (startOffset > 0) {
        ch.position(startOffset);
      }
      int len = 0;
      int start = 0;
      int scan = 0;
      long base = startOffset;
      long lineNo = startLine;
      boolean skipping = false;
      boolean skippedForMemory = false;
      boolean skippedUnwanted = false;
      byte[] bigger;
      boolean droppedLineEnded = false;
      long skipLine = 0;
      long skipOffset = 0;
      boolean atEnd = false;
      while (true) {
        for (int i = indexOfNewline(buf, scan, len); i >= 0; i = indexOfNewline(buf, i + 1, len)) {
          lineNo++;
          int end = i;
          if (end > start && buf[end - 1] == '\r') {
            end--;
          }
          if (skipping && skippedUnwanted) {
            // a line the parser ruled out from its head: a line like any other, unless it was too long anyway
            if (base + end - skipOffset > maxLineBytes) {
              framer.tooLong(skipLine, skipOffset, maxLineBytes);
            } else {
              framer.unwanted();
            }
            droppedLineEnded = true;
            skipping = false;
          } else if (skipping && skippedForMemory) {
            framer.tooLongForMemory(skipLine, skipOffset, buf.length);
            droppedLineEnded = true;
            skipping = false;
          } else if (skipping || end - start > maxLineBytes) {
            framer.tooLong(skipping ? skipLine : lineNo, skipping ? skipOffset : base + start, maxLineBytes);
            droppedLineEnded |= skipping;
            skipping = false;
          } else {
            framer.line(buf, start, end - start, lineNo, base + start);
          }
          start = i + 1;
          consumed = base + start;
        }
        scan = len;
        if (start > 0) {
          if (windows != null) {
            if (droppedLineEnded) {
              windows.droppedLineEnded();
            }
            windows.consumed(buf, 0, start);
          }
          droppedLineEnded = false;
          System.arraycopy(buf, start, buf, 0, len - start);
          base += start;
          len -= start;
          scan -= start;
          start = 0;
        }
        if (len == buf.length) {
          if (skipping) {
            if (windows != null) {
              windows.dropped(buf, 0, len);
            }
            base += len;
            len = 0;
            scan = 0;
          } else if (framer.skipsHead(buf, len, lineNo + 1, base)) {
            // the parser has ruled the line out from its first bytes: skip to its end without holding it
            skipping = true;
            skippedUnwanted = true;
            skippedForMemory = false;
            skipLine = lineNo + 1;
            skipOffset = base;
            if (windows != null) {
              windows.dropped(buf, 0, len);
            }
            base += len;
            len = 0;
            scan = 0;
          } else if (buf.length < maxLineBytes && (bigger = grow(buf, len)) != null) {
            buf = bigger;
          } else {
            skipping = true;
            skippedUnwanted = false;
            skippedForMemory = buf.length < maxLineBytes;
            skipLine = lineNo + 1;
            skipOffset = base;
            if (windows != null) {
              windows.dropped(buf, 0, len);
            }
            base += len;
            len = 0;
            scan = 0;
          }
        }
        long left = limit - (base + len);
        if (left <= 0 || atEnd) {
          break;
        }
        int want = (int) Math.min(buf.length - len, left);
        int n = ch.read(ByteBuffer.wrap(buf, len, want));
        if (n < 0) {
          if (base + len < Math.min(sizeAtOpen, limit)) {
            // truncated under us (the agent rewrote it, or it is being replaced): what is left counts; the index
            // sees the new size and the next scan goes on from the last complete line, or starts again
            sink.at(lineNo + 1, consumed);
            sink.problem(Severity.INFO, FILE_SHRANK,
                "the file shrank while it was read; it was read up to where it now ends");
          }
          break;
        }
        if (windows != null) {
          windows.read(base + len, buf, len, n);
        }
        bytesRead += n;
        len += n;
        // a short read of a regular file is its end: with all it held when opened read, the read that would only
        // say so is not made (one system call per file; a file that grew since is read on by the next scan)
        atEnd = n < want && base + len >= sizeAtOpen;
      }
      keep(buf);
      ResumeState end;
      try {
        end = parser.snapshot();
        if (end == null) {
          end = ResumeState.initial();
        }
      } catch (RuntimeException | LinkageError e) {
        sink.at(0, 0);
        sink.fileProblem(Severity.ERROR, SNAPSHOT_FAILED,
            "the parser could not save its state; the file will be read again from the start next time");
        end = null;
      }
      // lineNo counts complete lines only: a trailing partial line never increments it
      long lastLine = lineNo;
      return new FileResult(
          sourceId, context.root(), file, startOffset, consumed, lastLine, framer.linesRead, framer.linesParsed,
          framer.malformed, bytesRead, sink.records, List.copyOf(sink.facts.values()), sink.diagnostics.toList(),
          end == null ? ResumeState.initial() : end, true);
    } catch (NoSuchFileException e) {
      return failed(context, sourceId, startOffset, startLine, sink, Severity.INFO, "cream.file.vanished",
          "the file vanished before it could be read");
    } catch (AccessDeniedException e) {
      return failed(context, sourceId, startOffset, startLine, sink, "cream.file.permission-denied",
          "the file could not be read: permission denied");
    } catch (IOException e) {
      return failed(context, sourceId, startOffset, startLine, sink, "cream.file.unreadable",
          "the file could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean isStore(EntryStore store, Path file) {
    try {
      return store.isStore(file);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Reads a store's entries after the last position seen. Offsets in results are positions plus one, so that a
   * fresh read (offset 0) asks for every position from 0.
   */
  private FileResult readStore(
      EntryStore store,
      Source source,
      FileContext context,
      long startOffset,
      long startLine,
      LineParser parser,
      Framer framer,
      Sink sink) {
    long[] last = {startOffset - 1};
    long[] lineNo = {startLine};
    long[] bytes = {0};
    try {
      store.read(
          context,
          startOffset - 1,
          (position, b, start, length) -> {
            if (position <= last[0] || start < 0 || length < 0 || start + length > b.length) {
              return; // out of order or out of bounds: the store broke its contract; skip the entry
            }
            lineNo[0]++;
            last[0] = position;
            bytes[0] += length;
            if (length > maxLineBytes) {
              framer.tooLong(lineNo[0], position, maxLineBytes);
            } else {
              framer.line(b, start, length, lineNo[0], position);
            }
          });
    } catch (IOException | RuntimeException | LinkageError e) {
      sink.fileProblem(Severity.WARNING, "cream.store.unreadable",
          "the transcript store could not be read (" + e.getClass().getSimpleName() + ")");
    }
    ResumeState end;
    try {
      end = parser.snapshot();
    } catch (RuntimeException | LinkageError e) {
      end = ResumeState.initial();
    }
    return new FileResult(
        source.id(), context.root(), context.file(), startOffset, last[0] + 1, lineNo[0], framer.linesRead,
        framer.linesParsed, framer.malformed, bytes[0], sink.records, List.copyOf(sink.facts.values()),
        sink.diagnostics.toList(), end == null ? ResumeState.initial() : end, true);
  }

  private FileResult failed(
      FileContext context, String sourceId, long startOffset, long startLine, Sink sink, String code, String msg) {
    return failed(context, sourceId, startOffset, startLine, sink, Severity.WARNING, code, msg);
  }

  private FileResult failed(
      FileContext context,
      String sourceId,
      long startOffset,
      long startLine,
      Sink sink,
      Severity severity,
      String code,
      String msg) {
    sink.fileProblem(severity, code, msg);
    return new FileResult(
        sourceId, context.root(), context.file(), startOffset, startOffset, startLine, 0, 0, 0, 0, List.of(),
        List.of(), sink.diagnostics.toList(), ResumeState.initial(), false);
  }

  private byte[] bufferFor(long remaining) {
    int want = (int) Math.max(MIN_BUFFER, Math.min(Math.min(INITIAL_BUFFER, maxLineBytes), remaining + 1));
    if (buffer.length >= want && buffer.length <= INITIAL_BUFFER) {
      return buffer;
    }
    return new byte[want];
  }

  private void keep(byte[] buf) {
    // keep an ordinary buffer for the next file; let an oversized one go
    if (buf.length <= INITIAL_BUFFER && buf.length > buffer.length) {
      buffer = buf;
    }
  }

  /**
   * A buffer twice as big (at most the line limit) that holds the first {@code len} bytes of {@code buf}, or null
   * when the heap cannot spare it: then only this line is skipped (with a diagnostic) and the scan goes on, instead
   * of one huge line failing the whole scan in a small heap.
   */
  private byte[] grow(byte[] buf, int len) {
    byte[] bigger;
    try {
      bigger = new byte[(int) Math.min((long) buf.length * 2, maxLineBytes)];
    } catch (OutOfMemoryError e) {
      return null; // nothing else was allocated or changed: the failed allocation is the whole story
    }
    System.arraycopy(buf, 0, bigger, 0, len);
    return bigger;
  }

  private static int indexOf(byte[] buf, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The first {@code \n} in {@code buf[from, to)}, or -1: every byte of every file goes through this search. */
  static int indexOfNewline(byte[] buf, int from, int to) {
    return Bytes.indexOf(buf, from, to, (byte) '\n');
  }

  /** Hands complete lines to the parser, isolating every failure to its line. */
  private static final class Framer implements LineView {
    private final LineParser parser;
    /** Whether the parser may rule out long lines from their heads: usage scans only; message scans see all. */
    private final boolean headsDecide;
    private final Sink sink;
    private final Path file;
    private byte[] buf;
    private int start;
    private int length;
    private long number;
    private long offset;
    long linesRead;
    long linesParsed;
    long malformed;

    Framer(LineParser parser, Sink sink, Path file, boolean headsDecide) {
      this.parser = parser;
      this.headsDecide = headsDecide;
      this.sink = sink;
      this.file = file;
    }

    void tooLong(long lineNo, long fileOffset, int limit) {
      linesRead++;
      malformed++;
      sink.at(lineNo, fileOffset);
      sink.problem(Severity.WARNING, "cream.line.too-long", "a line longer than " + limit + " bytes was skipped");
    }

    void tooLongForMemory(long lineNo, long fileOffset, int held) {
      linesRead++;
      malformed++;
      sink.at(lineNo, fileOffset);
      sink.problem(Severity.WARNING, "cream.line.too-long-for-memory",
          "a line longer than " + held + " bytes was skipped: the heap had no room for it");
    }

    /** A line skipped because {@link #skipsHead} ruled it out: counted, like a line {@code wants} refused. */
    void unwanted() {
      linesRead++;
    }

    /**
     * Whether the parser rules out, from its first bytes, a line too long for the buffer. Never for a line of the
     * file's first bytes or one starting with NUL (the binary checks of {@link #line} need the whole line), and
     * never when the parser fails: then the line is held and handled as usual.
     */
    boolean skipsHead(byte[] b, int len, long lineNo, long fileOffset) {
      if (!headsDecide || fileOffset == 0 || len == 0 || b[0] == 0) {
        return false;
      }
      this.buf = b;
      this.start = 0;
      this.length = len;
      this.number = lineNo;
      this.offset = fileOffset;
      try {
        return parser.skipsLineStartingWith(this);
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        return false;
      }
    }

    void line(byte[] b, int s, int len, long lineNo, long fileOffset) {
      linesRead++;
      if (len == 0) {
        return;
      }
      if (b[s] == 0 || (fileOffset == 0 && indexOf(b, s, s + len, (byte) 0) >= 0)) {
        // JSON text never holds a raw NUL: binary data, whatever the parser would make of it
        malformed++;
        sink.at(lineNo, fileOffset);
        sink.problem(Severity.WARNING, BINARY_LINE, "a line of binary data (a NUL byte) was skipped");
        return;
      }
      this.buf = b;
      this.start = s;
      this.length = len;
      this.number = lineNo;
      this.offset = fileOffset;
      sink.at(lineNo, fileOffset);
      boolean wanted;
      try {
        wanted = parser.wants(this);
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        sink.problem(Severity.ERROR, "cream.parser.failed",
            "the parser failed on this line (" + e.getClass().getSimpleName() + ")");
        malformed++;
        return;
      }
      if (!wanted) {
        return;
      }
      linesParsed++;
      try {
        parser.accept(this, sink);
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        sink.problem(Severity.ERROR, "cream.parser.failed",
            "the parser failed on this line (" + e.getClass().getSimpleName() + ")");
      }
      if (sink.problemOnLine) {
        malformed++;
      }
    }

    @Override
    public byte[] buffer() {
      return buf;
    }

    @Override
    public int start() {
      return start;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public long number() {
      return number;
    }

    @Override
    public long byteOffset() {
      return offset;
    }

    @Override
    public Path file() {
      return file;
    }
  }

  /** Collects one file's output and attaches the current line to every problem. */
  private static final class Sink implements ParseSink {
    private final String sourceId;
    private final Path file;
    final List<UsageRecord> records = new ArrayList<>();
    final Map<String, SessionFacts> facts = new LinkedHashMap<>();
    /** The session of the facts emitted last (the last entry of {@link #facts}); null before the first. */
    private String lastSession;
    final Diagnostics diagnostics = new Diagnostics();
    private final Consumer<Message> messages;
    private long line;
    private long offset;
    boolean problemOnLine;

    Sink(String sourceId, Path file, Consumer<Message> messages) {
      this.sourceId = sourceId;
      this.file = file;
      this.messages = messages;
    }

    @Override
    public void message(Message message) {
      if (messages == null) {
        return; // a usage scan: messages are not wanted
      }
      if (message == null || !message.source().equals(sourceId)) {
        problem(Severity.ERROR, "cream.source.wrong-id", "the parser emitted a message of another source");
      } else {
        messages.accept(message);
      }
    }

    void at(long lineNo, long fileOffset) {
      this.line = lineNo;
      this.offset = fileOffset;
      this.problemOnLine = false;
    }

    @Override
    public void record(UsageRecord record) {
      if (record == null) {
        problem(Severity.ERROR, "cream.source.null-record", "the parser emitted a null record");
      } else if (!record.source().equals(sourceId)) {
        problem(Severity.ERROR, "cream.source.wrong-id", "the parser emitted a record of another source");
      } else {
        records.add(record);
      }
    }

    @Override
    public void session(SessionFacts f) {
      if (f == null) {
        problem(Severity.ERROR, "cream.source.null-facts", "the parser emitted null session facts");
      } else if (!f.source().equals(sourceId)) {
        problem(Severity.ERROR, "cream.source.wrong-id", "the parser emitted session facts of another source");
      } else {
        String id = f.sessionId();
        if (id.equals(lastSession)) {
          facts.put(id, f); // already the last entry: replaced in place, no new entry
        } else {
          facts.remove(id);
          facts.put(id, f);
          lastSession = id;
        }
      }
    }

    @Override
    public void problem(Severity severity, String code, String message) {
      Diagnostic d;
      try {
        d = Diagnostic.of(severity == null ? Severity.WARNING : severity, code, message == null ? "" : message);
      } catch (RuntimeException e) {
        d = Diagnostic.of(Severity.ERROR, "cream.parser.invalid-problem", "the parser reported an invalid problem");
      }
      diagnostics.add(line > 0 ? d.withSource(sourceId).at(file, line, offset) : d.withSource(sourceId).at(file));
      if (d.severity() != Severity.INFO) {
        problemOnLine = true;
      }
    }

    void fileProblem(Severity severity, String code, String message) {
      diagnostics.add(Diagnostic.of(severity, code, message).withSource(sourceId).at(file));
    }
  }
}
