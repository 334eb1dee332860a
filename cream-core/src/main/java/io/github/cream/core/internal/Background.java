package io.github.cream.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Short work started on a daemon thread and joined later (the price table's parse, the index's prefetch, combining
 * records while the index is saved). Joining never gives up on an interrupt: the work is short and cannot block, so
 * the caller finishes waiting and the thread's interrupt flag is restored afterwards.
 */
final class Background {

  private Background() {}

  /**
   * Starts work on a daemon thread.
   *
   * @param name the thread's name
   * @param work the work
   * @param <T> its result
   * @return the task to join
   */
  static <T> FutureTask<T> start(String name, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /**
   * Runs work on this thread and on {@code threads - 1} daemon threads at once, and waits for them all: the work
   * shares itself out among its runs (each takes the next item by an index). A helper's unchecked failure is thrown
   * here once every run is done, as {@link #join} throws it.
   *
   * @param name the helper threads' name
   * @param threads how many runs at once, this thread's among them
   * @param work the work
   * @param whileWaiting run on this thread, once, if it is interrupted while it waits (to have the other runs stop
   *     early): the wait goes on, and the interrupt flag is restored afterwards
   */
  static void together(String name, int threads, Runnable work, Runnable whileWaiting) {
    List<FutureTask<Void>> helpers = new ArrayList<>(Math.max(0, threads - 1));
    for (int t = 1; t < threads; t++) {
      helpers.add(start(name, () -> {
        work.run();
        return null;
      }));
    }
    work.run();
    boolean interrupted = false;
    Throwable failure = null;
    for (FutureTask<Void> helper : helpers) {
      while (true) {
        try {
          helper.get();
          break;
        } catch (InterruptedException e) {
          if (!interrupted) {
            interrupted = true;
            whileWaiting.run();
          }
        } catch (ExecutionException e) {
          failure = failure != null ? failure : e.getCause();
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof RuntimeException r) {
      throw r;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new IllegalStateException(name + " failed", failure);
    }
  }

  /**
   * Items from which {@link #eachIndex} shares a loop: a thread more per this many items, up to the parallelism
   * asked for. On 50,000 files a loop of one step per file took 25-55 ms on one core while the other waited.
   */
  static final int ITEMS_PER_THREAD = 4096;

  /** How many indexes a run of {@link #eachIndex} takes at a time. */
  private static final int INDEXES_PER_TURN = 1024;

  /**
   * Runs a step for every index below {@code n}: on this thread alone below {@link #ITEMS_PER_THREAD} items, else
   * also on helpers ({@link #together}), each run taking the next {@value #INDEXES_PER_TURN} indexes. A step may read
   * what the others read and write only its own index's slot; every write is seen by the caller when this returns.
   *
   * @param name the helper threads' name
   * @param n how many indexes
   * @param parallelism the most threads to use, this one among them
   * @param step what to do for index {@code i}
   */
  static void eachIndex(String name, int n, int parallelism, IntConsumer step) {
    int threads = Math.max(1, Math.min(parallelism, n / ITEMS_PER_THREAD + (n >= ITEMS_PER_THREAD ? 1 : 0)));
    if (threads == 1) {
      for (int i = 0; i < n; i++) {
        step.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    together(name, threads, () -> {
      for (int from = next.getAndAdd(INDEXES_PER_TURN); from < n; from = next.getAndAdd(INDEXES_PER_TURN)) {
        int to = Math.min(n, from + INDEXES_PER_TURN);
        for (int i = from; i < to; i++) {
          step.accept(i);
        }
      }
    }, () -> {}); // interrupted: the steps are short, the wait goes on
  }

  /**
   * Waits for a task and returns its result, rethrowing its unchecked failure as it was.
   *
   * @param task the task
   * @param what what the task does, for the message of a checked failure
   * @param <T> its result
   * @return the result
   */
  static <T> T join(FutureTask<T> task, String what) {
    try {
      return waitFor(task);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(what + " failed", cause);
    }
  }

  /**
   * Waits for a task, ignoring how it ended (its caller meets any problem again and reports it).
   *
   * @param task the task
   */
  static void settle(FutureTask<?> task) {
    try {
      waitFor(task);
    } catch (ExecutionException e) {
      // ignored on purpose, see above
    }
  }

  private static <T> T waitFor(FutureTask<T> task) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true; // short work that cannot block: finish waiting, then restore the flag
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
