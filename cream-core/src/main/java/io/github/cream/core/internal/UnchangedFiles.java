package io.github.cream.core.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of a scan that found exactly what the index's last save found: the same files, each with the identity
 * its entry holds, under the same roots (its {@link IndexState.Census} says so). No file changed, no entry moved
 * between found and retained, and the saved answer is the scan's; the entries are decoded only when a view asks
 * for them (a session's files, single calls), never for a report of the saved answer.
 */
final class UnchangedFiles {

  private final List<Engine.Task> tasks;
  private final IndexState state;
  private final Map<String, List<Path>> rootsBySource;
  private final int retainedCount;
  private final Lazy<Resolved> resolved = Lazy.of(this::resolve);

  private record Resolved(
      List<Engine.Done> done, List<IndexEntry> current, List<IndexEntry> retained,
      Map<IndexEntry.Key, IndexEntry> used) {}

  /**
   * The files of a scan whose census is the state's.
   *
   * @param tasks the files found, each one the state has an entry of
   * @param state the index's state
   * @param rootsBySource the roots the files were looked for under
   */
  UnchangedFiles(List<Engine.Task> tasks, IndexState state, Map<String, List<Path>> rootsBySource) {
    this.tasks = List.copyOf(tasks);
    this.state = state;
    this.rootsBySource = Map.copyOf(rootsBySource);
    this.retainedCount = state.census().usedCount() - state.census().foundCount();
  }

  /**
   * Each file with its entry, nothing read.
   *
   * @return one per file found, in their order
   */
  List<Engine.Done> done() {
    return Deferred.list(tasks.size(), () -> resolved.get().done());
  }

  /**
   * The entries of the files found.
   *
   * @return in the files' order
   */
  List<IndexEntry> current() {
    return Deferred.list(tasks.size(), () -> resolved.get().current());
  }

  /**
   * The entries of files that no longer exist.
   *
   * @return the entries
   */
  List<IndexEntry> retained() {
    return Deferred.list(retainedCount, () -> resolved.get().retained());
  }

  /**
   * Every entry the answer counts: found and retained.
   *
   * @return by key
   */
  Map<IndexEntry.Key, IndexEntry> used() {
    return Deferred.map(tasks.size() + retainedCount, () -> resolved.get().used());
  }

  /** What the scan would have made of the entries, made now (as {@link Engine#scan} makes it). */
  private Resolved resolve() {
    Map<IndexEntry.Key, IndexEntry> all = state.entryMap();
    String problem = state.problem();
    if (problem != null) {
      // decoded only now, for a view of single calls or a session's files, and they could not be
      throw new IllegalStateException(state.tooLarge()
          ? "the scan index's entries (" + problem + ") do not fit this process's memory, which a view of single"
              + " calls or of a session's files needs: give the JVM more memory (-Xmx)"
          : "the scan index is damaged (" + problem + "): a view of single calls or of a session's files needs its"
              + " entries; the next scan after a log changes rebuilds it");
    }
    List<Engine.Done> done = new ArrayList<>(tasks.size());
    List<IndexEntry> current = new ArrayList<>(tasks.size());
    for (Engine.Task t : tasks) {
      IndexEntry e = all.get(t.key()); // absent only if the census vouched for a file the index does not hold
      done.add(new Engine.Done(t, e, e, null, 0));
      if (e != null) {
        current.add(e);
      }
    }
    List<IndexEntry> retained = current.size() == all.size() ? List.of()
        : Engine.retained(all.values(), tasks, rootsBySource);
    Map<IndexEntry.Key, IndexEntry> used = Engine.used(all, true, current, retained);
    return new Resolved(List.copyOf(done), List.copyOf(current), List.copyOf(retained), used);
  }
}
