package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A session's facts made from the last ones (only the activity range changed) equal facts built afresh. */
class SessionFactsReuseProperties {

  private static final FileLayout[] LAYOUTS = {
    new FileLayout(FileLayout.Kind.MAIN, "s"), new FileLayout(FileLayout.Kind.SUBAGENT, "p"),
    new FileLayout(FileLayout.Kind.AGENT, "agent-1")
  };

  @Property(tries = 300)
  void reusedFactsEqualFreshlyBuiltOnes(@ForAll long seed) {
    Random r = new Random(seed);
    ParserState.Session s = new ParserState.Session("s1");
    FileLayout layout = LAYOUTS[r.nextInt(LAYOUTS.length)];
    for (int step = 0; step < 40; step++) {
      switch (r.nextInt(8)) {
        case 0 -> s.cwd(r.nextBoolean() ? "/p/" + r.nextInt(3) : null);
        case 1 -> s.version("2.1." + r.nextInt(3));
        case 2 -> s.gitBranch(r.nextBoolean() ? "main" : " ");
        case 3 -> s.entrypoint("cli");
        case 4 -> s.title(1 + r.nextInt(4), "title " + r.nextInt(3));
        case 5 -> layout = LAYOUTS[r.nextInt(LAYOUTS.length)];
        default -> s.seen(Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000), r.nextInt(3)));
      }
      if (r.nextInt(3) > 0) {
        assertEquals(s.build(layout), s.facts(layout));
      }
    }
  }
}
