package io.github.cream.examples.dashboard;

import io.github.cream.api.Durations;
import io.github.cream.core.Cream;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.core.Watch;
import io.github.cream.core.WatchUpdate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The latest state of the logs: the snapshot of a {@link Watch}'s most recent update. Listeners hear of each update
 * (new calls, a cache that expired, a new problem) after the snapshot has been replaced.
 */
final class LiveUsage implements AutoCloseable {

  private final Cream cream;
  private final Watch watch;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final List<Consumer<WatchUpdate>> listeners = new CopyOnWriteArrayList<>();
  private volatile UsageSnapshot snapshot;
  private volatile long version;

  private LiveUsage(Cream cream) {
    this.cream = cream;
    this.watch = cream.watch(this::update);
  }

  /**
   * Starts watching and waits for the first, complete state.
   *
   * @param cream the engine
   * @param timeout how long the first scan may take
   * @return the live state
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if the first scan did not finish in time
   */
  static LiveUsage start(Cream cream, Duration timeout) throws InterruptedException {
    LiveUsage live = new LiveUsage(Objects.requireNonNull(cream, "cream"));
    if (!live.ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      live.close();
      throw new IllegalStateException("the first scan of the logs took longer than " + Durations.span(timeout));
    }
    return live;
  }

  private void update(WatchUpdate u) {
    snapshot = u.snapshot();
    version++;
    ready.countDown();
    for (Consumer<WatchUpdate> l : listeners) {
      l.accept(u);
    }
  }

  /**
   * Tells a listener of every later update, on the watch's thread.
   *
   * @param listener the listener; it must return quickly
   */
  void onUpdate(Consumer<WatchUpdate> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The engine the state comes from.
   *
   * @return the engine
   */
  Cream cream() {
    return cream;
  }

  /**
   * The latest snapshot, unfiltered.
   *
   * @return the snapshot
   */
  UsageSnapshot snapshot() {
    return snapshot;
  }

  /**
   * How many updates there have been: changes whenever the snapshot does.
   *
   * @return the update count
   */
  long version() {
    return version;
  }

  /**
   * Whether changes are found by polling rather than file notifications.
   *
   * @return true when polling
   */
  boolean polling() {
    return watch.polling();
  }

  @Override
  public void close() {
    watch.close();
  }
}
