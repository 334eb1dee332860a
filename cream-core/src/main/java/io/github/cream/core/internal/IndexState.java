package io.github.cream.core.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The scan index's content: one {@link IndexEntry} per file ever read (files that disappeared included), and per
 * source a hint of the code that read them (a different hint means the source changed, so its files are read
 * again). Immutable.
 */
public final class IndexState {

  /** An index that knows nothing. */
  public static final IndexState EMPTY = new IndexState(Map.of(), Map.of());

  private final Map<IndexEntry.Key, IndexEntry> entries;
  private final Map<String, String> sourceHints;

  /**
   * A state.
   *
   * @param entries the entries by key
   * @param sourceHints the source hints by source id
   */
  public IndexState(Map<IndexEntry.Key, IndexEntry> entries, Map<String, String> sourceHints) {
    this.entries = Collections.unmodifiableMap(new HashMap<>(Objects.requireNonNull(entries, "entries")));
    this.sourceHints = Map.copyOf(sourceHints);
  }

  /**
   * One file's entry.
   *
   * @param key the source and path
   * @return the entry, or null
   */
  public IndexEntry get(IndexEntry.Key key) {
    return entries.get(key);
  }

  /**
   * Every entry.
   *
   * @return the entries
   */
  public Collection<IndexEntry> entries() {
    return entries.values();
  }

  /**
   * The entries by key.
   *
   * @return an unmodifiable map
   */
  public Map<IndexEntry.Key, IndexEntry> entryMap() {
    return entries;
  }

  /**
   * The hint of the code that last read a source's files.
   *
   * @return hints by source id
   */
  public Map<String, String> sourceHints() {
    return sourceHints;
  }

  /**
   * How many entries.
   *
   * @return the number of files known
   */
  public int size() {
    return entries.size();
  }
}
