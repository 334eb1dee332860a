package io.github.cream.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Money;
import io.github.cream.api.Severity;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageTotals;
import io.github.cream.core.internal.Diagnostics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The report's orders, written out by hand, order as the comparator chains they replaced. */
class ReportOrderProperties {

  private static final String[] WORDS = {"a", "b", "", "claude", "codex"};

  private static String word(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  private static UsageTotals totals(Random r) {
    return new UsageTotals(TokenCounts.ZERO, Money.ofNanos(r.nextInt(4) * 1_000L), r.nextInt(3), 0, 0);
  }

  @Property(tries = 300)
  void breakdownsAsTheChain(@ForAll long seed) {
    List<Breakdown> items = some(seed, r -> new Breakdown(word(r), word(r), word(r), word(r), totals(r),
        r.nextBoolean() ? Optional.empty() : Optional.of(word(r))));
    Comparator<Breakdown> chain = Comparator.comparing((Breakdown b) -> b.totals().cost()).reversed()
        .thenComparing(Breakdown::source)
        .thenComparing(Breakdown::provider)
        .thenComparing(Breakdown::model)
        .thenComparing(Breakdown::serviceTier)
        .thenComparing(b -> b.upstreamProvider().orElse(""));
    assertSameOrder(items, chain, UsageSnapshot.BREAKDOWN_ORDER);
  }

  @Property(tries = 300)
  void groupsAsTheChain(@ForAll long seed) {
    List<Group> items = some(seed, r -> new Group(word(r), totals(r)));
    Comparator<Group> chain = Comparator.comparing((Group g) -> g.totals().cost()).reversed()
        .thenComparing(Comparator.comparingLong((Group g) -> g.totals().calls()).reversed())
        .thenComparing(Group::key);
    assertSameOrder(items, chain, UsageSnapshot.BY_COST);
  }

  @Property(tries = 300)
  void diagnosticsAsTheChain(@ForAll long seed) {
    List<Diagnostic> items = some(seed, r -> {
      Diagnostic d = Diagnostic.of(Severity.values()[r.nextInt(Severity.values().length)], "c.x" + word(r), "m");
      if (r.nextBoolean()) {
        d = d.withSource("s" + word(r));
      }
      int at = r.nextInt(3);
      return at == 0 ? d : at == 1 ? d.at(Path.of("/f", word(r))) : d.at(Path.of("/f", word(r)), 1 + r.nextInt(3), 0);
    });
    Comparator<Diagnostic> chain = Comparator.comparing((Diagnostic d) -> d.severity()).reversed()
        .thenComparing(Diagnostic::code)
        .thenComparing(d -> d.sourceId().orElse(""))
        .thenComparing(d -> d.file().map(Path::toString).orElse(""))
        .thenComparingLong(d -> d.line().orElse(0));
    assertSameOrder(items, chain, Diagnostics.ORDER);
  }

  /** Up to 39 items made one after the other from the same random source, seeded. */
  private static <T> List<T> some(long seed, Function<Random, T> one) {
    Random r = new Random(seed);
    List<T> items = new ArrayList<>();
    for (int i = r.nextInt(40); i > 0; i--) {
      items.add(one.apply(r));
    }
    return items;
  }

  /** Every pair of items compares the same way (its sign) by both orders. */
  private static <T> void assertSameOrder(List<T> items, Comparator<T> expected, Comparator<T> actual) {
    for (T a : items) {
      for (T b : items) {
        assertEquals(Integer.signum(expected.compare(a, b)), Integer.signum(actual.compare(a, b)), a + " vs " + b);
      }
    }
  }
}
