package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Environment;
import io.github.cream.spi.FileContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The order files are read in: most bytes to read first (an append's bytes past what was read), then by path. */
class LargestWorkFirstProperties {

  private static final Environment ENV = Environment.of(Map.of("HOME", "/h"), Clock.systemUTC());

  @Property(tries = 300)
  void mostWorkFirstThenByPath(@ForAll @Size(max = 80) List<@IntRange(min = 0, max = 5) Integer> sizes,
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 9) Integer> names) {
    List<Engine.Planned> work = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      Path file = Path.of("/h/logs", "f" + (i < names.size() ? names.get(i) : i) + "-" + i + ".jsonl");
      // size 5 stands for a file of 1 PiB: too large for the sort by numbers, which then sorts as it did before
      long size = sizes.get(i) == 5 ? 1L << 50 : sizes.get(i) * 10L;
      FileIdentity id = sizes.get(i) == 0 ? null : new FileIdentity(size, 1, null);
      Engine.Task t = new Engine.Task(null, new FileContext("claude", Path.of("/h/logs"), file, ENV), id, null);
      work.add(new Engine.Planned(t, null, Engine.Mode.FULL));
    }
    List<Engine.Planned> expected = new ArrayList<>(work);
    expected.sort(Comparator.<Engine.Planned>comparingLong(
            p -> p.task().identity() == null ? 0 : p.task().identity().size()).reversed()
        .thenComparing(p -> p.task().context().file()));
    Engine.largestWorkFirst(work);
    assertEquals(expected, work);
  }
}
