package io.github.cream.core.internal;

import java.util.Map;

/**
 * Where a scan finds the previous {@link IndexState} and leaves the next one. A scan {@linkplain #begin begins} a
 * lease, reads the state, scans, {@linkplain Lease#commit commits} the new state if anything changed, and closes
 * the lease. Leases of one index are exclusive (see {@link DiskIndex} for processes).
 */
public interface ScanIndex {

  /**
   * Starts a scan.
   *
   * @param diagnostics where problems with the index go
   * @return the lease; close it when the scan is done
   */
  Lease begin(Diagnostics diagnostics);

  /**
   * Starts reading the last saved state in the background, so that a {@link #begin} soon after finds it ready:
   * a scan lists its files meanwhile. Only a hint; the default does nothing.
   */
  default void prefetch() {}

  /**
   * What the walks of the last scan listed, so that the next walks list again only the directories that changed
   * ({@link DirectoryListings}). Read without the lock; missing or damaged listings are none.
   *
   * @return the listings, none by default
   */
  default DirectoryListings listings() {
    return DirectoryListings.NONE;
  }

  /**
   * The directory the index lives in, for a long-running engine to watch (see {@link QuietRescans}).
   *
   * @return the directory, or null when the index has none
   */
  default java.nio.file.Path directory() {
    return null;
  }

  /** One scan's hold on the index. */
  interface Lease extends AutoCloseable {

    /**
     * The state left by the last scan.
     *
     * @return the state; {@link IndexState#EMPTY} when there is none or it could not be trusted
     */
    IndexState state();

    /**
     * Whether {@link #commit} will keep the state.
     *
     * @return false when the state cannot be saved (no index, another process holds it, read-only directory)
     */
    boolean writable();

    /**
     * Keeps a new state, if this lease may.
     *
     * @param next the new state
     * @param diagnostics where a failure to save goes
     * @return whether the state was kept
     */
    boolean commit(IndexState next, Diagnostics diagnostics);

    /**
     * Says what the commit will likely be of, once the scan has read its files: the lease may encode it meanwhile
     * (while the scan deduplicates and prices), and the commit then uses what was encoded if it is still exactly
     * what is committed. Nothing is written before the commit.
     *
     * @param entries the entries the next state will likely have (read now; the caller may change its map later)
     * @param hints the source hints it will likely have
     */
    default void prepare(Map<IndexEntry.Key, IndexEntry> entries, Map<String, String> hints) {}

    /**
     * Keeps what this scan's walks listed for the next scan's. A cache: when it cannot be kept, the next walks list
     * every directory. Nothing is kept by default, nor by a lease that cannot write.
     *
     * @param listings the listings to keep
     */
    default void keepListings(DirectoryListings listings) {}

    /**
     * A new data file of the index to put records in while the scan reads its files, which the commit then keeps as
     * the index's (see {@link SpillFile}).
     *
     * @return the spill file, the same for every call of a lease; null when the index keeps no data file (no index, one
     *     in memory, one this lease may not write) or it could not be created
     */
    default SpillFile spill() {
      return null;
    }

    /**
     * A writer that puts the sections of the files the scan reads in the {@linkplain #spill spill file} while the
     * scan goes on, their records kept in memory, so that the commit only writes the head. The commit waits for it
     * to finish, and closing the lease stops it first.
     *
     * @return the writer, the same for every call of a lease; null when there is no spill file
     */
    default SectionWriter sections() {
      return null;
    }

    /** Ends the lease and releases any lock. */
    @Override
    void close();
  }

  /**
   * No index: every scan starts from nothing and nothing is kept. Reads and writes no file.
   *
   * @return the index
   */
  static ScanIndex none() {
    return d -> new Lease() {
      @Override
      public IndexState state() {
        return IndexState.EMPTY;
      }

      @Override
      public boolean writable() {
        return false;
      }

      @Override
      public boolean commit(IndexState next, Diagnostics diagnostics) {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * An index kept in memory only, for a long-running watch without a disk index.
   *
   * @return a new, empty index
   */
  static ScanIndex memory() {
    return new ScanIndex() {
      private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
      private volatile IndexState state = IndexState.EMPTY;
      private volatile DirectoryListings listings = DirectoryListings.NONE;

      @Override
      public DirectoryListings listings() {
        return listings;
      }

      @Override
      public Lease begin(Diagnostics diagnostics) {
        lock.lock();
        return new Lease() {
          private boolean open = true;

          @Override
          public IndexState state() {
            return state;
          }

          @Override
          public boolean writable() {
            return true;
          }

          @Override
          public boolean commit(IndexState next, Diagnostics d) {
            state = next;
            return true;
          }

          @Override
          public void keepListings(DirectoryListings next) {
            listings = next;
          }

          @Override
          public void close() {
            if (open) {
              open = false;
              lock.unlock();
            }
          }
        };
      }
    };
  }
}
