package io.github.cream.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Optional capability of a {@link Source} whose transcripts are not (only) line files: a database that holds one
 * log entry per row, such as OpenClaw's SQLite transcript store. The engine still owns the iteration: it asks the
 * store for the entries after a position and hands each to the source's {@link LineParser} exactly as if it were a
 * line of a file, so parsers, resume states and diagnostics work unchanged.
 *
 * <p>A source implements this interface alongside {@link Source}; the engine checks with {@code instanceof}.
 * Positions are the store's own ascending numbers (a row sequence, say); the engine reports them as the
 * {@linkplain LineView#byteOffset() byte offset} of each entry and resumes after the last one it saw.
 *
 * <pre>{@code
 * public final class MyAgentSource implements Source, EntryStore {
 *   public boolean isStore(Path file) { return file.getFileName().toString().endsWith(".sqlite"); }
 *   public void read(FileContext file, long after, EntryConsumer entries) throws IOException {
 *     // SELECT seq, event_json FROM transcript_events WHERE seq > ? ORDER BY seq
 *     //   for each row: entries.entry(seq, bytes, 0, bytes.length);
 *   }
 *   ...
 * }
 * }</pre>
 */
public interface EntryStore {

  /**
   * Whether a discovered file is a store to be read with {@link #read} rather than framed into lines.
   *
   * @param file a file the source discovered
   * @return true for a store
   */
  boolean isStore(Path file);

  /**
   * Streams a store's entries with positions greater than {@code after}, in ascending position order.
   *
   * @param file the store and its root
   * @param after the last position already read; {@code -1} to read from the start
   * @param entries receives each entry; the bytes are only valid during the call
   * @throws IOException if the store cannot be read (the engine turns this into a diagnostic)
   */
  void read(FileContext file, long after, EntryConsumer entries) throws IOException;

  /** Receives the entries of a store. */
  @FunctionalInterface
  interface EntryConsumer {

    /**
     * One entry.
     *
     * @param position the entry's position in the store, ascending, non-negative
     * @param bytes a buffer holding the entry, UTF-8 JSON like a log line
     * @param start where the entry starts in {@code bytes}
     * @param length its length
     */
    void entry(long position, byte[] bytes, int start, int length);
  }
}
