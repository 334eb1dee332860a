package io.github.cream.core;

import io.github.cream.core.internal.IndexOnlyScan;
import io.github.cream.core.internal.Lazy;
import io.github.cream.core.internal.SnapshotData;
import java.util.Objects;

/**
 * What {@link Cream#scanFromIndex(java.util.Collection)} answered: the whole usage, taken from the scan index's saved
 * answer with what the named files appended since, and the calls of the named files alone.
 *
 * <p>Immutable and thread-safe; the snapshot of the named files is computed on first use.
 */
public final class IndexedScan {

  private final UsageSnapshot snapshot;
  private final Lazy<SnapshotData> files;
  private final boolean fromIndex;
  private volatile UsageSnapshot filesSnapshot;

  IndexedScan(IndexOnlyScan.Result result) {
    Objects.requireNonNull(result, "result");
    this.snapshot = new UsageSnapshot(result.data(), Filter.all());
    this.files = result.files();
    this.fromIndex = result.fromIndex();
  }

  /**
   * Every source's usage, as a {@link Cream#scan()} would answer it if only the named files had changed since the
   * index was last saved. Its {@link UsageSnapshot#stats()} count the files this scan looked at (the named ones,
   * unless it fell back to a normal scan).
   *
   * @return the snapshot
   */
  public UsageSnapshot snapshot() {
    return snapshot;
  }

  /**
   * The calls of the named files only (deduplicated among themselves, priced like the whole): what views about
   * them need, such as the prompt-cache verdict of the session a transcript holds, without decoding every other
   * call of the history. The cache strategies see only these calls as their evidence.
   *
   * @return the snapshot of the named files
   */
  public UsageSnapshot files() {
    UsageSnapshot s = filesSnapshot;
    if (s == null) {
      s = new UsageSnapshot(files.get(), Filter.all());
      filesSnapshot = s;
    }
    return s;
  }

  /**
   * Whether the answer came from the index. False when the index could not give it (no saved answer for this
   * configuration, a named file the index does not know or that was rewritten, a source whose code changed, a call
   * appended that may copy one already counted) and a normal scan ran instead: the answer is then a full scan's.
   *
   * @return true when no other file was looked at
   */
  public boolean fromIndex() {
    return fromIndex;
  }
}
