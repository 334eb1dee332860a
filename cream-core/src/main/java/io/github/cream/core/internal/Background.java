package io.github.cream.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

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
