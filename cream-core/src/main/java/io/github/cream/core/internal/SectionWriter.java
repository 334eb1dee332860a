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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the sections of the files a scan reads into a data file of the index (a {@link SpillFile}) while the scan
 * goes on: {@linkplain #hold held} while files are read by several threads (reading never waits for writing), then
 * {@linkplain #release released} to as many threads, beside the deduplication, pricing and rollup that follow on the
 * scan's own thread; a scan that reads on its own thread has the writes done on one of the writer's. The records
 * stay in memory (each file's {@linkplain RecordSection#pending pending} section holds them) and a section is
 * {@linkplain RecordSection#placed placed} once written, so the save that ends the scan leaves it where it is and
 * writes only the index's head. A section that could not be written stays pending, and the save encodes it as it
 * would have without this writer.
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
  private List<Write> held; // the writes submitted while the writer is held, in order

  /** How many sections a released thread writes at once. */
  static final int BATCH = 64;

  /** One file's section to write. */
  private record Write(RecordSection section, List<UsageRecord> records, String sourceId, Path file)
      implements SpillFile.Placement {}

  /**
   * A writer.
   *
   * @param file where the sections go
   */
  SectionWriter(SpillFile file) {
    this.file = file;
  }

  private synchronized void runOn(ExecutorService pool) {
    executor = pool;
    executors.add(pool);
  }

  /** Keeps the writes submitted from now on until {@link #release}: the scan's threads are all reading. */
  synchronized void hold() {
    if (held == null) {
      held = new ArrayList<>();
    }
  }

  /**
   * Starts the writes held, on {@code threads} threads of a pool of their own, each taking the next {@value #BATCH}
   * in order and appending them with one write (a task per thread, not per section; a lock and a system call per
   * batch); writes submitted later go to the same pool. The writer shuts the pool down when it {@linkplain #finish
   * finishes}.
   *
   * @param threads how many threads may write at once
   */
  void release(int threads) {
    List<Write> writes;
    ExecutorService pool;
    int n;
    synchronized (this) {
      writes = held;
      held = null;
      if (writes == null || writes.isEmpty() || stopped) {
        return;
      }
      n = Math.max(1, Math.min(threads, writes.size()));
      pool = Executors.newFixedThreadPool(n, r -> {
        Thread t = new Thread(r, "cream-index-sections");
        t.setDaemon(true);
        return t;
      });
      runOn(pool);
    }
    AtomicInteger next = new AtomicInteger();
    for (int t = 0; t < n; t++) {
      try {
        pool.execute(() -> {
          for (int i = next.getAndAdd(BATCH); i < writes.size(); i = next.getAndAdd(BATCH)) {
            write(writes.subList(i, Math.min(writes.size(), i + BATCH)));
          }
        });
      } catch (RejectedExecutionException e) {
        return; // stopped meanwhile: the sections not written stay pending
      }
    }
  }

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
    Write w = new Write(s, records, sourceId, entryFile);
    synchronized (this) {
      if (held != null) {
        held.add(w);
        return s;
      }
    }
    try {
      executor().execute(() -> write(List.of(w)));
    } catch (RejectedExecutionException e) {
      // finished or stopped already: the section stays pending
    }
    return s;
  }

  private void write(List<Write> writes) {
    writing.readLock().lock();
    try {
      if (stopped) {
        return;
      }
      file.placeAll(writes);
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
