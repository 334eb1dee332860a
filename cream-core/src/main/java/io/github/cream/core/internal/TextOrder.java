package io.github.cream.core.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Sorting by text in {@link String#compareTo} order, quickly for many texts that share a long prefix (the paths of
 * one history: {@code /home/dev/.claude/projects/-home-dev-project-...}). Each text gets a key of the characters after
 * the prefix they all share, eight of them when these are all below U+0100, else four; texts are sorted by their keys
 * as one number, and each run of equal keys again by a key after the prefix its texts share, until runs are small.
 * Comparing whole texts goes through the shared prefixes again, character by character, for every pair compared.
 */
final class TextOrder {

  private TextOrder() {}

  private static final class Keyed<T> {
    final T item;
    final String text;
    long key;

    Keyed(T item, String text) {
      this.item = item;
      this.text = text;
    }
  }

  /** Runs of at most this many texts with equal keys are sorted by comparing their texts. */
  private static final int SMALL_RUN = 12;

  /**
   * Sorts items by their texts, as {@link String#compareTo} orders them; items with equal texts by {@code ties}.
   *
   * @param items what to sort, in place
   * @param textOf an item's text
   * @param shared how many first characters every text is known to share (0 when nothing is known)
   * @param ties the order of items whose texts are equal
   * @param <T> the items' type
   */
  static <T> void sort(T[] items, Function<? super T, String> textOf, int shared, Comparator<? super T> ties) {
    int n = items.length;
    if (n < 2) {
      return;
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Keyed<T>[] keyed = new Keyed[n];
    for (int i = 0; i < n; i++) {
      keyed[i] = new Keyed<>(items[i], textOf.apply(items[i]));
    }
    sortRun(keyed, 0, n, shared, ties);
    for (int i = 0; i < n; i++) {
      items[i] = keyed[i].item;
    }
  }

  /**
   * Sorts {@code keyed[lo, hi)}, whose texts all agree on their first {@code from} characters (a text that ends
   * before {@code from} having only U+0000 after its end there): by a key of the characters after the prefix the run
   * shares, then each run of equal keys the same way from past its key. A history's paths share prefixes at several
   * depths (the home, a source's root, a project's folder): one key would leave all but the first to comparisons of
   * character after character, for every pair the sort compares.
   */
  private static <T> void sortRun(Keyed<T>[] keyed, int lo, int hi, int from, Comparator<? super T> ties) {
    int shortest = Integer.MAX_VALUE;
    for (int i = lo; i < hi; i++) {
      shortest = Math.min(shortest, keyed[i].text.length());
    }
    if (hi - lo <= SMALL_RUN || shortest <= from) {
      Arrays.sort(keyed, lo, hi, (a, b) -> {
        int c = compareFrom(a.text, b.text, from);
        return c != 0 ? c : ties.compare(a.item, b.item);
      });
      return;
    }
    String first = keyed[lo].text;
    int common = shortest;
    for (int i = lo + 1; i < hi && common > from; i++) {
      common = agreeing(first, keyed[i].text, from, common); // a call per text: compiled, not interpreted
    }
    boolean narrow = true;
    for (int i = lo; i < hi && narrow; i++) {
      narrow = narrow(keyed[i].text, common);
    }
    for (int i = lo; i < hi; i++) {
      keyed[i].key = narrow ? key8(keyed[i].text, common) : key4(keyed[i].text, common);
    }
    Arrays.sort(keyed, lo, hi, (a, b) -> Long.compareUnsigned(a.key, b.key));
    int rest = common + (narrow ? 8 : 4);
    for (int i = lo; i < hi; ) {
      int j = i + 1;
      while (j < hi && keyed[j].key == keyed[i].key) {
        j++;
      }
      if (j - i > 1) {
        sortRun(keyed, i, j, rest, ties);
      }
      i = j;
    }
  }

  /** How many first characters two texts share, at most {@code limit}, knowing that the first {@code from} are. */
  static int agreeing(String a, String b, int from, int limit) {
    int n = Math.min(limit, b.length());
    for (int i = from; i < n; i++) {
      if (a.charAt(i) != b.charAt(i)) {
        return i;
      }
    }
    return n;
  }

  /**
   * {@code a.compareTo(b)} in sign for two texts whose first {@code from} characters are equal, or of which one ends
   * before {@code from} and the other has only U+0000 from there to {@code from}.
   */
  static int compareFrom(String a, String b, int from) {
    int n = Math.min(a.length(), b.length());
    for (int i = from; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** Whether a text's eight characters from {@code from} (those it has) are all below U+0100. */
  private static boolean narrow(String t, int from) {
    int end = Math.min(t.length(), from + 8);
    for (int i = from; i < end; i++) {
      if (t.charAt(i) > 0xff) {
        return false;
      }
    }
    return true;
  }

  /**
   * Eight characters from {@code from}, one byte each, big-endian, U+0000 past the end: compared unsigned, keys are in
   * the order of the texts' characters there. A text that ends inside its key has only U+0000 after its end in the
   * key; where two keys are equal and one text ended, it is a prefix of the other, which the comparison of the rest
   * finds by their lengths.
   */
  private static long key8(String t, int from) {
    long k = 0;
    for (int i = from; i < from + 8; i++) {
      k = k << 8 | (i < t.length() ? t.charAt(i) : 0);
    }
    return k;
  }

  /** Four characters from {@code from}, sixteen bits each, as {@link #key8}. */
  private static long key4(String t, int from) {
    long k = 0;
    for (int i = from; i < from + 4; i++) {
      k = k << 16 | (i < t.length() ? t.charAt(i) : 0);
    }
    return k;
  }
}
