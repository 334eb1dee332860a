package io.github.cream.core.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed when first asked for, once, by whichever thread asks first; the others wait for it.
 *
 * @param <T> the value's type
 */
public final class Lazy<T> implements Supplier<T> {

  private Supplier<? extends T> compute;
  private volatile T value;

  private Lazy(Supplier<? extends T> compute, T value) {
    this.compute = compute;
    this.value = value;
  }

  /**
   * A value computed when first asked for.
   *
   * @param <T> its type
   * @param compute how to compute it; never returns null
   * @return the lazy value
   */
  public static <T> Lazy<T> of(Supplier<? extends T> compute) {
    return new Lazy<>(Objects.requireNonNull(compute, "compute"), null);
  }

  /**
   * A value known already.
   *
   * @param <T> its type
   * @param value the value
   * @return the lazy value, computed
   */
  public static <T> Lazy<T> done(T value) {
    return new Lazy<>(null, Objects.requireNonNull(value, "value"));
  }

  /**
   * Whether the value was computed.
   *
   * @return true once computed
   */
  public boolean isDone() {
    return value != null;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = Objects.requireNonNull(compute.get(), "a lazy value computed null");
          value = v;
          compute = null;
        }
      }
    }
    return v;
  }
}
