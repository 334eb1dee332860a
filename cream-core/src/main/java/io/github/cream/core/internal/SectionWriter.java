package io.github.cream.core.internal;

import io.github.cream.api.UsageRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the sections of the files a scan reads into a data file of the index (a {@link SpillFile}) while the scan
 * goes on: on the scan's pool once no file is left to read (the pool's queue is in order, so reading never waits
 * for writing), and then beside the deduplication, pricing and rollup that follow on the scan's own thread; a scan
 * that reads on its own thread has the writes done on one of the writer's. The records stay in memory (each file's
 * {@linkplain RecordSection#pending pending} section holds them) and a section is {@linkplain RecordSection#placed
 * placed} once written, so the save that ends the scan leaves it where it is and writes only the index's head. A
 * section that could not be written stays pending, and the save encodes it as it would have without this writer.
 *
 * <p>Sections written before the save are harmless when the process dies or the scan fails: the head never refers
 * to them (an unreferenced tail of the data file, or a data file no generation names, removed later). The writer
 * is {@linkplain #finish finished} or {@linkplain #stop stopped} before the lease on the index ends, so nothing is
 * written after the lock is released.
 */
final class SectionWriter {

  private static final Logger LOG = LoggerFactory.getLogger(SectionWriter.class);

  private final SpillFile file;
  private final List<ExecutorService> executors = new ArrayList<>(2);
  private ExecutorService executor;
  /** Held (shared) while a section is written; {@link #stop} takes it exclusively. */
  private final ReentrantReadWriteLock writing = new ReentrantReadWriteLock();
  private volatile boolean stopped;

  /**
   * A writer.
   *
   * @param file where the sections go
   */
  SectionWriter(SpillFile file) {
    this.file = file;
  }

  /**
   * Runs the writes queued from now on on a pool: the scan's own, whose threads take them once no file is left to
   * read (the pool's queue is in order), and go on with them while the scan deduplicates and prices on its own
   * thread. The writer shuts the pool down when it {@linkplain #finish finishes}.
   *
   * @param pool the pool
   */
  synchronized void runOn(ExecutorService pool) {
    executor = pool;
    executors.add(pool);
  }

  /** The pool of the writes: the one given, else a thread of the writer's own. */
  private synchronized ExecutorService executor() {
    if (executor == null) {
      runOn(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cream-index-sections");
        t.setDaemon(true);
        return t;
      }));
    }
    return executor;
  }

  /**
   * Queues the section of one file's records.
   *
   * @param records the records, in file order
   * @param sourceId the entry's source
   * @param entryFile the entry's file
   * @return the section, pending until it is written
   */
  RecordSection submit(List<UsageRecord> records, String sourceId, Path entryFile) {
    RecordSection s = RecordSection.pending(records, sourceId, entryFile);
    if (stopped) {
      return s;
    }
    try {
      executor().execute(() -> write(s, records, sourceId, entryFile));
    } catch (RejectedExecutionException e) {
      // finished or stopped already: the section stays pending
    }
    return s;
  }

  private void write(RecordSection s, List<UsageRecord> records, String sourceId, Path entryFile) {
    writing.readLock().lock();
    try {
      if (stopped) {
        return;
      }
      file.place(s, records, sourceId, entryFile);
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // the section stays pending: the save encodes it (and meets any lasting problem again, and reports it)
      LOG.debug("could not write a section ahead of the save: {}", e.toString());
    } finally {
      writing.readLock().unlock();
    }
  }

  /**
   * Waits until every section queued is written (or failed), and for the pools to end. No section is placed after
   * this returns. An interrupt does not cut the wait short (the work left is bounded and cannot block); the flag is
   * restored afterwards.
   */
  void finish() {
    List<ExecutorService> pools;
    synchronized (this) {
      pools = new ArrayList<>(executors);
    }
    boolean interrupted = false;
    for (ExecutorService pool : pools) {
      pool.shutdown();
      while (true) {
        try {
          if (pool.awaitTermination(1, TimeUnit.DAYS)) {
            break;
          }
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Gives up the sections not begun (they stay pending) and waits for those being written, if any: none is written
   * once this returns. The pools are shut down, without waiting for work of theirs that writes nothing here (a file
   * still being read when a scan failed).
   */
  void stop() {
    writing.writeLock().lock();
    try {
      stopped = true;
    } finally {
      writing.writeLock().unlock();
    }
    List<ExecutorService> pools;
    synchronized (this) {
      pools = new ArrayList<>(executors);
    }
    for (ExecutorService pool : pools) {
      pool.shutdown();
    }
  }

  /** Gives up the sections not begun (they stay pending), without waiting. */
  void abandon() {
    stopped = true;
  }
}
