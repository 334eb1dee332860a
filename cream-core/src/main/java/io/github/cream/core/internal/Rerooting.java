package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Origin;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adopts the index of a moved home: entries recorded under another home ({@code /home/a} renamed {@code /home/b},
 * a new machine with the cache copied) are re-rooted by their path under the agent's root, so the history of logs
 * deleted since keeps counting and the logs still there are checked (by their fingerprints) instead of read whole.
 *
 * <p>An entry is moved when its source's root lies under the home, at a relative path ({@code .claude/projects})
 * that the entry's path also contains, the entry is under none of the source's roots, and no entry has the new path
 * yet. Its records' origins move with it.
 */
final class Rerooting {

  private Rerooting() {}

  /**
   * The state with moved homes' entries re-rooted.
   *
   * @param state the index's state
   * @param rootsBySource the roots of this scan's sources
   * @param home this process's home
   * @param diagnostics where an INFO says how many files were adopted
   * @return the same instance when nothing moved, else a new state
   */
  static IndexState apply(IndexState state, Map<String, List<Path>> rootsBySource, Path home,
      Diagnostics diagnostics) {
    if (home == null || state.size() == 0) {
      return state;
    }
    Map<IndexEntry.Key, IndexEntry> next = null;
    Map<String, Integer> adopted = new HashMap<>();
    for (IndexEntry e : state.entries()) {
      List<Path> roots = rootsBySource.get(e.sourceId());
      if (roots == null || Engine.under(e, roots)) {
        continue;
      }
      for (Path root : roots) {
        Path moved = moved(e.file(), root, home);
        if (moved == null) {
          continue;
        }
        IndexEntry.Key key = IndexEntry.Key.of(e.sourceId(), moved);
        if (state.get(key) != null || (next != null && next.containsKey(key))) {
          break; // the new home has its own entry: the old one stays as it is
        }
        if (next == null) {
          next = new HashMap<>(state.entryMap());
        }
        next.remove(e.key());
        next.put(key, moveTo(e, moved));
        adopted.merge(e.sourceId(), 1, Integer::sum);
        break;
      }
    }
    if (next == null) {
      return state;
    }
    adopted.forEach((source, n) -> diagnostics.add(
        Diagnostic.of(Severity.INFO, "cream.index.rerooted",
                n + (n == 1 ? " file" : " files") + " indexed under another home directory were adopted under "
                    + "this one (matched by their path under the agent's directory)")
            .withSource(source)
            .withCount(n)));
    return new IndexState(next, state.sourceHints());
  }

  /** Where a file indexed under another home is under this root, or null if its path does not say. */
  static Path moved(Path file, Path root, Path home) {
    Path h = home.toAbsolutePath().normalize();
    if (!root.startsWith(h) || root.equals(h)) {
      return null;
    }
    Path rel = h.relativize(root); // .claude/projects
    int k = rel.getNameCount();
    int n = file.getNameCount();
    for (int i = n - k - 1; i >= 0; i--) { // the last match: the agent's directory nearest the file
      if (file.subpath(i, i + k).equals(rel)) {
        return i + k < n ? root.resolve(file.subpath(i + k, n)) : null;
      }
    }
    return null;
  }

  private static IndexEntry moveTo(IndexEntry e, Path moved) {
    List<UsageRecord> records = new ArrayList<>(e.records().size());
    for (UsageRecord r : e.records()) {
      Origin o = r.origin();
      Path f = o.file().equals(e.file()) ? moved : o.file();
      records.add(f == o.file() ? r : r.toBuilder().origin(new Origin(f, o.line(), o.byteOffset())).build());
    }
    return new IndexEntry(e.sourceId(), moved, e.identity(), e.store(), e.consumedOffset(), e.linesEnd(),
        e.headHash(), e.tailHash(), e.tailKnown(), e.state(), e.malformedLines(), records, e.facts(),
        e.diagnostics());
  }
}
