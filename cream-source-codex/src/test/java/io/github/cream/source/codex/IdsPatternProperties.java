package io.github.cream.source.codex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The written-out id tests of {@link Ids} against the regular expressions they replace. */
class IdsPatternProperties {

  private static final Pattern UUID_AT_END =
      Pattern.compile("([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\.jsonl$");
  private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern TIER = Pattern.compile("[a-z0-9_-]+");

  private static final String UUID = "0192f0a1-7b2c-7d3e-8f40-5a6b7c8d9e0F";
  /** Characters at the classes' bounds, line terminators, and look-alike digits and letters. */
  private static final String EDGES = "09afAFgG/:@`[{-_.j s o n l\r\n\u0085\u2028\u2029\u0660\uff10\uff21";

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> mutated = Arbitraries.of("rollout-2026-02-23T12-40-23-" + UUID + ".jsonl", UUID + ".jsonl",
            UUID + ".jsonl\r\n", UUID + ".jsonl\n", UUID + ".jsonl\u2028", "x" + UUID + ".jsonl.jsonl")
        .flatMap(d -> Arbitraries.integers().between(0, d.length()).flatMap(at ->
            Arbitraries.strings().withChars(EDGES.toCharArray()).ofMaxLength(2)
                .map(s -> d.substring(0, at) + s + d.substring(Math.min(d.length(), at + (s.length() & 1))))));
    Arbitrary<String> edgy = Arbitraries.strings().withChars(EDGES.toCharArray()).ofMaxLength(12);
    return Arbitraries.oneOf(mutated, mutated, edgy, Arbitraries.strings().all().ofMaxLength(50));
  }

  @Property(tries = 4000)
  void uuidOfFileNameAsTheExpression(@ForAll("names") String name) {
    Matcher m = UUID_AT_END.matcher(name);
    assertEquals(m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null, Ids.uuidOfFileName(name), name);
  }

  @Property(tries = 3000)
  void providerAndTierAsTheExpressions(@ForAll("names") String s) {
    assertEquals(PROVIDER.matcher(s).matches(), Ids.isProviderId(s), s);
    if (!s.isEmpty()) {
      assertEquals(TIER.matcher(s).matches(), Ids.allIn(s, 0, "_-"), s);
    }
  }

  @Example
  void examples() {
    assertEquals(UUID.toLowerCase(Locale.ROOT), Ids.uuidOfFileName("rollout-2026-" + UUID + ".jsonl"));
    assertEquals(UUID.toLowerCase(Locale.ROOT), Ids.uuidOfFileName(UUID + ".jsonl\r\n"));
    assertEquals(null, Ids.uuidOfFileName(UUID + ".jsonl\n\n"));
    assertEquals(true, Ids.isProviderId("openai"));
    assertEquals(false, Ids.isProviderId("-openai"));
    assertEquals(true, Ids.allIn("flex_1-a", 0, "_-"));
  }
}
