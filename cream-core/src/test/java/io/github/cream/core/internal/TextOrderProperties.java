package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** {@link TextOrder} sorts as {@link String#compareTo}, ties by the comparator given, whatever the characters. */
class TextOrderProperties {

  /** A text and a number that tells apart items with equal texts. */
  record Item(String text, int tie) {}

  /**
   * Texts that share long prefixes and end inside or just past a key: ASCII, Latin-1, CJK, surrogates, U+0000 (which a
   * key cannot tell from a text's end) and U+FFFF (which fills a key's bits).
   */
  @Provide
  Arbitrary<List<String>> texts() {
    Arbitrary<String> tail = Arbitraries.strings()
        .withChars("ab-/\u0000\u00e9\u00ff\u0100\u4e2d\ud83d\ude00\uffff").ofMaxLength(11);
    Arbitrary<String> prefix =
        Arbitraries.of("", "/home/dev/.claude/projects/-home-dev-project-", "/r/\u00e9", "\u4e2d");
    Arbitrary<String> text = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.strings().withChars("ab").ofMaxLength(10)
            .map(s -> "/home/dev/.claude/projects/-x-" + s)),
        Tuple.of(3, prefix.flatMap(p -> tail.map(t -> p + t))),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(6)));
    // one list in three: texts that all share a prefix and differ only from there, in and just past the keys
    Arbitrary<String> rest = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().withChars("ab").ofMaxLength(12)),
        Tuple.of(1, Arbitraries.strings().withChars("a\u0000\u00ff").ofMaxLength(12)));
    Arbitrary<List<String>> sharing = prefix.flatMap(p -> rest.map(t -> p + t).list().ofMaxSize(60));
    return Arbitraries.frequencyOf(Tuple.of(2, text.list().ofMaxSize(60)), Tuple.of(1, sharing));
  }

  @Property(tries = 2000)
  void sortsAsCompareToThenTies(@ForAll("texts") List<String> texts) {
    Item[] items = new Item[texts.size()];
    for (int i = 0; i < items.length; i++) {
      items[i] = new Item(texts.get(i), (i * 7919) % 31); // equal texts with ties in no particular order
    }
    Comparator<Item> byTie = Comparator.comparingInt(Item::tie);
    List<Item> expected = new ArrayList<>(Arrays.asList(items));
    expected.sort(Comparator.comparing(Item::text).thenComparing(byTie));
    // a prefix every text has, as a caller may know it, or none
    String first = texts.isEmpty() ? "" : texts.get(0);
    int shared = first.length();
    for (String t : texts) {
      shared = TextOrder.agreeing(first, t, 0, shared);
    }
    for (int known : new int[] {0, shared}) {
      Item[] sorted = items.clone();
      TextOrder.sort(sorted, Item::text, known, byTie);
      assertEquals(expected, Arrays.asList(sorted));
    }
  }

  /**
   * Paths as a history has them, sharing prefixes at several depths (a home, a source's root, a project, a session's
   * folder), many enough that runs of equal keys are sorted again from past their keys, several levels deep.
   */
  @Provide
  Arbitrary<List<String>> paths() {
    Arbitrary<String> part = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.strings().withChars("ab-").ofMinLength(0).ofMaxLength(3)),
        Tuple.of(1, Arbitraries.strings().withChars("a\u0000\u00ff\u0100\u4e2d\ud83d").ofMaxLength(3)));
    Arbitrary<String> path = Arbitraries.of("/h/.claude/projects/-h-project-", "/h/.codex/sessions/2026/", "/h/.pi/")
        .flatMap(root -> Arbitraries.of("", "alpha-long-project-name/", "alpha-long-project-other/", "b/")
            .flatMap(project -> part.list().ofMaxSize(4).map(parts -> root + project + String.join("/", parts))));
    return path.list().ofMinSize(0).ofMaxSize(300);
  }

  @Property(tries = 400)
  void sortsManyPathsAsCompareToThenTies(@ForAll("paths") List<String> texts) {
    sortsAsCompareToThenTies(texts);
  }

  @Property(tries = 2000)
  void comparingFromWhereTextsAgreeIsComparingTheWholeTexts(@ForAll("texts") List<String> texts) {
    for (int i = 0; i + 1 < texts.size(); i += 2) {
      String x = texts.get(i);
      String y = texts.get(i + 1);
      int from = TextOrder.agreeing(x, y, 0, Math.min(x.length(), y.length()));
      assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(TextOrder.compareFrom(x, y, from)));
    }
  }
}
