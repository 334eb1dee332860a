package io.github.cream.source.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The title classifier's written-out expressions against the regular expressions they replace. */
class ClassifierPatternProperties {

  private static final Pattern WEEKDAY_AND_DATE = Pattern.compile("[A-Z][a-z]{2} \\d{4}-\\d{2}-\\d{2}.*");

  /** Characters near every edge of the two expressions: classes' bounds, all whitespace and line terminators. */
  private static final String EDGES = "AZaz@[`{09/:-_ .\t\n\u000B\f\r\u0085\u2028\u2029\u00a0\u1680\u3000\u0660\uff10"
      + "\uff21\ud83d\ude00\ud800x";

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> edgy = Arbitraries.strings().withChars(EDGES.toCharArray()).ofMaxLength(40);
    Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(30);
    Arbitrary<String> dated = Arbitraries.of("Sun 2026-03-08 22:03 GMT+9", "Mon 2025-12-31", "Tue 2026-01-01 x")
        .flatMap(d -> Arbitraries.integers().between(0, d.length()).flatMap(cut ->
            Arbitraries.strings().withChars(EDGES.toCharArray()).ofMaxLength(3)
                .map(s -> d.substring(0, cut) + s + d.substring(Math.min(d.length(), cut + s.length())))));
    return Arbitraries.oneOf(edgy, any, dated);
  }

  @Property(tries = 3000)
  void whitespaceCollapsedAsTheExpression(@ForAll("texts") String s) {
    assertEquals(s.replaceAll("\\s+", " "), Classifier.collapseWhitespace(s));
  }

  @Property(tries = 3000)
  void weekdayAndDateAsTheExpression(@ForAll("texts") String s) {
    assertEquals(WEEKDAY_AND_DATE.matcher(s).matches(), Classifier.weekdayAndDate(s), s);
  }

  @Example
  void examples() {
    assertEquals(true, Classifier.weekdayAndDate("Sun 2026-03-08 22:03 GMT+9"));
    assertEquals(false, Classifier.weekdayAndDate("Sun 2026-03-08 22:03\nGMT+9"));
    assertEquals(false, Classifier.weekdayAndDate("sun 2026-03-08"));
    assertEquals(" a b ", Classifier.collapseWhitespace("\t a\r\n\u000Bb\f"));
    assertEquals("a\u00a0b", Classifier.collapseWhitespace("a\u00a0b"));
  }
}
