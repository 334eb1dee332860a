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
 * Collections whose size is known at once and whose elements are made when first asked for: what a scan that found
 * nothing changed hands on (its files' entries, decoded only if a view needs them).
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
   * @param size its size (until it is made: then the size of what was made)
   * @param make makes it (once)
   * @return the map
   */
  static <K, V> Map<K, V> map(int size, Supplier<Map<K, V>> make) {
    return new DeferredMap<>(size, Lazy.of(make));
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
    public int size() {
      return whole.isDone() ? whole.get().size() : size;
    }
  }
}
