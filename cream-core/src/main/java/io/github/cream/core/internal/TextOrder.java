package io.github.cream.core.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;

/**
 * Sorting by text in {@link String#compareTo} order, quickly for many texts that share a long prefix (the paths of
 * one history: {@code /home/dev/.claude/projects/-home-dev-project-...}). Each text gets a key of the characters after
 * the prefix they all share, eight of them when these are all below U+0100, else four; two texts are compared by
 * their keys as one number, and only where keys are equal by the rest of the texts. Comparing whole texts goes
 * through the shared prefix again, character by character, for every pair the sort compares.
 */
final class TextOrder {

  private TextOrder() {}

  private static final class Keyed<T> {
    final T item;
    final String text;
    final long key;

    Keyed(T item, String text, long key) {
      this.item = item;
      this.text = text;
      this.key = key;
    }
  }

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
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      texts[i] = textOf.apply(items[i]);
    }
    String first = texts[0];
    int common = first.length();
    for (String t : texts) {
      common = agreeing(first, t, Math.min(shared, common), common); // a call per text: compiled, not interpreted
    }
    boolean narrow = true;
    for (String t : texts) {
      narrow = narrow && narrow(t, common);
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Keyed<T>[] keyed = new Keyed[n];
    for (int i = 0; i < n; i++) {
      keyed[i] = new Keyed<>(items[i], texts[i], narrow ? key8(texts[i], common) : key4(texts[i], common));
    }
    int rest = common + (narrow ? 8 : 4);
    Arrays.sort(keyed, (a, b) -> {
      if (a.key != b.key) {
        return Long.compareUnsigned(a.key, b.key);
      }
      int c = compareFrom(a.text, b.text, rest);
      return c != 0 ? c : ties.compare(a.item, b.item);
    });
    for (int i = 0; i < n; i++) {
      items[i] = keyed[i].item;
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
