package io.github.cream.core.internal;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.file.Path;
import java.util.List;

/**
 * An engine's rescans while nothing changes: from its second scan that found nothing changed, a {@link QuietFence}
 * watches what a scan reads, and while it stays quiet the last such scan's answer is given again, without listing or
 * looking at a single file. A process that scans once (the command line) never sets a fence up.
 *
 * <p>A scan takes a ticket before it lists files and, when it found nothing changed, leaves its answer with that
 * ticket. The answer is kept only if no check saw a change since the ticket was taken (so a change met by another
 * thread's check while this scan ran is never hidden) and the fence was already watching when the scan began.
 *
 * @param <R> what a scan leaves to be given again
 */
final class QuietRescans<R> {

  /** A scan's start: the answer to give again, if any, else the state to leave an answer with. */
  record Ticket<R>(R replay, long epoch, boolean fenced) {}

  /** Closes the watch service of an engine no longer used (its thread and its kernel watches). */
  private static final class Cleaning {
    static final Cleaner CLEANER = Cleaner.create();
  }

  /** What an engine no longer used must let go of: its fence, and the marker its fences touch. */
  private static final class Held implements Runnable {
    volatile QuietFence fence;
    final Path marker;

    Held(Path marker) {
      this.marker = marker;
    }

    @Override
    public void run() {
      QuietFence f = fence;
      if (f != null) {
        f.close();
      }
      QuietFence.deleteMarker(marker);
    }
  }

  private final Object lock = new Object();
  private QuietFence fence;
  private Held held; // made with the first fence
  private boolean refused;
  private int unchangedScans;
  private long epoch;
  private Object replayIndex;
  private R replay;
  private long replays;

  /**
   * Starts a scan.
   *
   * @param index the index the scan uses; an answer left with another index is not given
   * @return the ticket, whose {@link Ticket#replay} is the answer when nothing changed
   */
  Ticket<R> begin(Object index) {
    synchronized (lock) {
      if (fence == null) {
        return new Ticket<>(null, epoch, false);
      }
      QuietFence.Check c = fence.check();
      if (c != QuietFence.Check.QUIET) {
        epoch++;
        replay = null;
        if (c == QuietFence.Check.ENDED) {
          fence = null;
          held.fence = null;
        }
        return new Ticket<>(null, epoch, fence != null);
      }
      if (replay != null && replayIndex == index) {
        replays++;
        return new Ticket<>(replay, epoch, true);
      }
      return new Ticket<>(null, epoch, true);
    }
  }

  /**
   * Ends a scan that found nothing changed: its answer is kept to be given again, or a fence is set up.
   *
   * @param ticket the scan's ticket
   * @param index its index
   * @param answer its answer
   * @param roots the roots it discovered files below
   * @param indexDirectory the index's directory, or null when it has none (then nothing is kept)
   */
  void unchanged(Ticket<R> ticket, Object index, R answer, List<Path> roots, Path indexDirectory) {
    if (indexDirectory == null) {
      return;
    }
    synchronized (lock) {
      if (fence == null) {
        if (refused || ++unchangedScans < 2 || !QuietFence.possible() || QuietFence.atLimit()) {
          return; // at the limit: tried again at a later unchanged scan
        }
        if (held == null) {
          try {
            held = new Held(QuietFence.marker(indexDirectory));
          } catch (IOException | RuntimeException e) {
            refused = true;
            return;
          }
          Cleaning.CLEANER.register(this, held);
        }
        fence = QuietFence.arm(roots, indexDirectory, held.marker);
        held.fence = fence;
        refused = fence == null && !QuietFence.atLimit();
        epoch++;
        return;
      }
      if (ticket.fenced() && ticket.epoch() == epoch) {
        replayIndex = index;
        replay = answer;
      }
    }
  }

  /**
   * How many scans were answered again.
   *
   * @return the count
   */
  long replays() {
    synchronized (lock) {
      return replays;
    }
  }
}
