package io.github.cream.core;

/**
 * Receives what a {@link Cream#watch(WatchListener) watch} sees as agents write their logs.
 *
 * <p>Called on the watch's own thread, one update at a time, in order; the first update is the whole current state
 * ({@link WatchUpdate#initial()}). Keep the callback short (hand heavy work to another thread): while it runs,
 * changes accumulate and arrive in the next update, none is lost. An exception thrown by the callback is logged and
 * otherwise ignored; the watch goes on.
 *
 * <pre>{@code
 * try (Watch watch = cream.watch(update -> {
 *   update.added().forEach(p -> System.out.println(p.record().model() + " " + p.cost().amount()));
 *   update.cacheChanges().forEach(c -> System.out.println(c.session().sessionId() + " " + c.verdict().state()));
 * })) {
 *   Thread.sleep(Duration.ofHours(1));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WatchListener {

  /**
   * One update: new records, cache-state changes and problems since the previous update.
   *
   * @param update what changed, with the snapshot it led to
   */
  void onUpdate(WatchUpdate update);
}
