package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/** The walk's order from the end of a shared prefix is the order of the whole texts. */
class WalkerOrderProperties {

  @Property(tries = 2000)
  void comparingFromASharedPrefixIsComparingTheWholeTexts(
      @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'd') String prefix,
      @ForAll @StringLength(max = 6) @CharRange(from = '-', to = 'c') String a,
      @ForAll @StringLength(max = 6) @CharRange(from = '-', to = 'c') String b) {
    String x = prefix + a;
    String y = prefix + b;
    assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(Walker.compareFrom(x, y, prefix.length())));
  }
}
