package io.github.cream.core.internal;

/**
 * Places (0 and up) filed by a 32-bit hash in an open-addressed table sized for a known count: how texts kept in
 * bytes (the directory listings, a copied string table) are looked up without a map of strings. Several places may
 * share a hash; the caller tells which is the one it looks for.
 *
 * <pre>
 * for (int s = slots.first(h); s &gt;= 0; s = slots.next(s, h)) {
 *   if (matches(slots.place(s))) ...
 * }
 * </pre>
 */
final class HashSlots {
  private final int[] hashes;
  private final int[] slots; // place + 1 per slot, 0 when empty
  private final int mask;

  /**
   * A table for at most {@code count} places.
   *
   * @param count how many places will be filed
   */
  HashSlots(int count) {
    int capacity = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
    this.hashes = new int[capacity];
    this.slots = new int[capacity];
    this.mask = capacity - 1;
  }

  /**
   * Files a place under its hash.
   *
   * @param hash the hash
   * @param place the place
   */
  void put(int hash, int place) {
    int s = start(hash);
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    hashes[s] = hash;
    slots[s] = place + 1;
  }

  /** The first slot holding a place of this hash, or -1. */
  int first(int hash) {
    return scan(start(hash), hash);
  }

  /** The next slot after {@code slot} holding a place of this hash, or -1. */
  int next(int slot, int hash) {
    return scan((slot + 1) & mask, hash);
  }

  /** The place a slot holds. */
  int place(int slot) {
    return slots[slot] - 1;
  }

  private int start(int hash) {
    return (int) DedupGroups.mixed(hash) & mask;
  }

  private int scan(int from, int hash) {
    for (int s = from; slots[s] != 0; s = (s + 1) & mask) {
      if (hashes[s] == hash) {
        return s;
      }
    }
    return -1;
  }
}
