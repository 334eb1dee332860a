package io.github.cream.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The directory an index state's entries were decoded from, kept so that the next save copies the bytes of every
 * entry that did not change instead of encoding it again: a scan that finds one appended log among 50,000 saves one
 * entry's worth of encoding, not 50,000 (that took 0.6 s of CPU beside the scan and most of its wait for the save).
 *
 * <p>An entry's bytes name strings by their place in the table, so a save that copies them keeps the table as it was
 * and appends the strings it adds ({@link IndexCodec.Strings#extending}). Strings that nothing names any more stay
 * until a save encodes everything again: when the strings added since the last such save exceed
 * {@link #MAX_GROWTH} of the table, when the data file is not the one the entries' sections lie in, or when fewer
 * than half the entries are kept as they were.
 */
final class EncodedDirectory {

  /** How much of a table the strings added by copying saves may be before a save encodes everything again. */
  static final double MAX_GROWTH = 0.125;

  /** Below this many added strings, a table is never encoded again for its growth alone. */
  static final int MIN_GROWTH = 4096;

  final byte[] b;
  final IndexCodec.StringTable strings;
  final String dataName;
  private final int[] starts;
  private final int[] ends;
  private final IndexEntry[] decoded;
  final int grown;

  /**
   * A directory's parts.
   *
   * @param b the directory's bytes
   * @param strings its string table
   * @param dataName the name of the data file its entries' sections lie in
   * @param starts where each entry's bytes start, in the directory's order
   * @param ends where each ends
   * @param decoded each entry as decoded, in the same order
   * @param grown how many strings the saves that copied entries added since the table was last encoded whole
   */
  EncodedDirectory(byte[] b, IndexCodec.StringTable strings, String dataName, int[] starts, int[] ends,
      IndexEntry[] decoded, int grown) {
    this.b = b;
    this.strings = strings;
    this.dataName = dataName;
    this.starts = starts;
    this.ends = ends;
    this.decoded = decoded;
    this.grown = grown;
  }

  /** One entry of a save that copies: the bytes of a kept entry ({@code at} its place here), or an entry to encode. */
  record Part(IndexEntry entry, int at) {

    boolean copied() {
      return at >= 0;
    }
  }

  /**
   * The entries of a save in the order it writes them (by path, then source), each copied from here when it is the
   * instance decoded from here and its section still lies where it was; null when the save should encode everything
   * (another data file, a table grown too much, most entries changed).
   *
   * @param entries the save's entries
   * @param dataFile the data file the save keeps
   * @param keeps whether a section lies in that data file
   * @return the parts, or null
   */
  List<Part> plan(IndexEntry[] entries, String dataFile, Predicate<RecordSection> keeps) {
    if (!dataName.equals(dataFile) || grown > Math.max(MIN_GROWTH, strings.size() * MAX_GROWTH)) {
      return null;
    }
    // each entry decoded from here knows its place: no map of the entries is made
    boolean[] copied = new boolean[decoded.length];
    List<IndexEntry> others = new ArrayList<>();
    int kept = 0;
    for (IndexEntry e : entries) {
      int at = e.placeIn(this);
      if (at >= 0 && !copied[at] && IndexCodec.keptSection(e, keeps)) {
        copied[at] = true;
        kept++;
      } else {
        others.add(e);
      }
    }
    if (kept < entries.length / 2) {
      return null; // most entries changed: the table is made anew
    }
    IndexEntry[] fresh = others.toArray(new IndexEntry[0]); // the entries not kept as they were, then sorted
    IndexCodec.sortEntries(fresh);
    List<Part> out = new ArrayList<>(kept + fresh.length);
    int j = 0;
    for (int i = 0; i < decoded.length; i++) {
      if (!copied[i]) {
        continue;
      }
      while (j < fresh.length && IndexCodec.compareEntries(fresh[j], decoded[i]) < 0) {
        out.add(new Part(fresh[j++], -1));
      }
      out.add(new Part(decoded[i], i));
    }
    while (j < fresh.length) {
      out.add(new Part(fresh[j++], -1));
    }
    return out;
  }

  /**
   * Appends entry {@code i}'s bytes as the directory lists it: its length, then the bytes.
   *
   * @param meta where they go
   * @param i the entry's place
   */
  void copy(IndexCodec.Out meta, int i) {
    meta.varint(ends[i] - starts[i]);
    meta.bytes(b, starts[i], ends[i] - starts[i]);
  }
}
