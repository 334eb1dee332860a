package io.github.cream.core.internal;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collections whose elements are made when first asked for, most with a size known at once: what a scan that found
 * nothing changed hands on (its files' entries, decoded only if a view needs them), and a scan's merged session facts.
 * Unmodifiable; thread-safe.
 */
final class Deferred {

  private Deferred() {}

  /**
   * A list of a known size, made when an element is first asked for.
   *
   * @param size its size (until it is made: then the size of what was made)
   * @param make makes it (once)
   * @return the list
   */
  static <T> List<T> list(int size, Supplier<List<T>> make) {
    return new DeferredList<>(size, Lazy.of(make));
  }

  /**
   * A map of a known size, made when an entry is first asked for.
   *
   * @param size its size (until it is made: then the size of what was made), or -1 when it is not known
   * @param make makes it (once)
   * @return the map
   */
  static <K, V> Map<K, V> map(int size, Supplier<Map<K, V>> make) {
    return new DeferredMap<>(size, Lazy.of(make));
  }

  /**
   * A map made when it is first looked at, its size included (the merged session facts of a scan: a report that names
   * no session never merges them).
   *
   * @param make makes it (once)
   * @return the map
   */
  static <K, V> Map<K, V> map(Supplier<Map<K, V>> make) {
    return new DeferredMap<>(-1, Lazy.of(make));
  }

  /**
   * Whether a map is one made when first looked at (made yet or not): it need not be copied to be kept.
   *
   * @param map a map
   * @return true for a map of {@link #map}
   */
  static boolean isDeferred(Map<?, ?> map) {
    return map instanceof DeferredMap<?, ?>;
  }

  /**
   * Whether a list is one made when first asked for and not made yet.
   *
   * @param list a list
   * @return true when asking for an element would make it
   */
  static boolean pending(List<?> list) {
    return list instanceof DeferredList<?> d && !d.whole.isDone();
  }

  /**
   * A list's elements as they are now, for later: a deferred list's when it is made, any other's copied now.
   *
   * @param list the list
   * @return its elements
   */
  static <T> Supplier<List<T>> later(List<T> list) {
    if (list instanceof DeferredList<T> d) {
      return d.whole;
    }
    List<T> copy = new ArrayList<>(list);
    return () -> copy;
  }

  private static final class DeferredList<T> extends AbstractList<T> implements RandomAccess {
    private final int size;
    private final Lazy<List<T>> whole;

    DeferredList(int size, Lazy<List<T>> whole) {
      this.size = size;
      this.whole = whole;
    }

    @Override
    public T get(int index) {
      return whole.get().get(index);
    }

    @Override
    public int size() {
      return whole.isDone() ? whole.get().size() : size; // the size made, should it differ from the one foretold
    }
  }

  private static final class DeferredMap<K, V> extends AbstractMap<K, V> {
    private final int size;
    private final Lazy<Map<K, V>> whole;

    DeferredMap(int size, Lazy<Map<K, V>> whole) {
      this.size = size;
      this.whole = whole;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return whole.get().entrySet();
    }

    @Override
    public V get(Object key) {
      return whole.get().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return whole.get().containsKey(key);
    }

    @Override
    public Set<K> keySet() {
      return whole.get().keySet();
    }

    @Override
    public java.util.Collection<V> values() {
      return whole.get().values();
    }

    @Override
    public int size() {
      return whole.isDone() || size < 0 ? whole.get().size() : size;
    }
  }
}
