package io.github.cream.core.internal;

import io.github.cream.api.SessionFacts;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The merged session facts of a scan, merged when first looked at: a report that names no session (daily, monthly,
 * blocks) never merges them. Unmodifiable; thread-safe.
 */
final class MergedFacts extends AbstractMap<SessionRef, SessionFacts> {

  private final Lazy<Map<SessionRef, SessionFacts>> merged;

  /**
   * Facts to merge when asked.
   *
   * @param merge merges them
   */
  MergedFacts(Supplier<Map<SessionRef, SessionFacts>> merge) {
    this.merged = Lazy.of(() -> Map.copyOf(merge.get()));
  }

  @Override
  public Set<Map.Entry<SessionRef, SessionFacts>> entrySet() {
    return merged.get().entrySet();
  }

  @Override
  public SessionFacts get(Object key) {
    return merged.get().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return merged.get().containsKey(key);
  }

  @Override
  public int size() {
    return merged.get().size();
  }

  @Override
  public Set<SessionRef> keySet() {
    return merged.get().keySet();
  }

  @Override
  public java.util.Collection<SessionFacts> values() {
    return merged.get().values();
  }
}
