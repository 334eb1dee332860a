package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cache --active}, {@code --last N}, {@code --order}, and footnotes once per distinct sentence, on the demo. */
class FocusedCacheTest {

  @TempDir Path home;

  private String cache(String... args) {
    List<String> all = new ArrayList<>(List.of("cache", "--demo", "--timezone", "UTC"));
    all.addAll(List.of(args));
    CliHarness.Result r = new CliHarness(home).run(all.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    return r.out();
  }

  /** The session rows of a cache table: the lines between the two rules. */
  private static List<String> rows(String table) {
    List<String> out = new ArrayList<>();
    boolean in = false;
    for (String line : table.split("\n")) {
      if (line.startsWith("------")) {
        in = true;
        continue;
      }
      if (in && line.isBlank()) {
        break;
      }
      if (in) {
        // column widths follow the rows kept, and footnote numbers the order of the rows
        out.add(line.replaceAll(" [0-9,]+$", "").replaceAll(" +", " "));
      }
    }
    return out;
  }

  @Test
  void activeKeepsWarmAndRecentlyExpiredCaches() {
    List<String> all = rows(cache());
    List<String> active = rows(cache("--active"));
    assertTrue(active.size() < all.size(), active + " of " + all);
    assertFalse(active.isEmpty());
    for (String row : active) {
      // warm, expired within the hour, or unknown for a session active within the hour
      assertTrue(row.contains(" warm ") || row.contains(" unknown ")
          || row.matches(".*expired (\\d+m)?( ?\\d+s)? ago.*"), row);
    }
  }

  @Test
  void lastAndOrder() {
    List<String> all = rows(cache());
    assertEquals(all.subList(0, 2), rows(cache("--last", "2")));
    List<String> asc = rows(cache("--order", "asc"));
    List<String> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    assertEquals(reversed, asc);
    assertEquals(List.of(all.get(1), all.get(0)), rows(cache("--last=2", "--order=asc")));
  }

  @Test
  void eachDistinctNoteOnce() {
    String out = cache();
    String notes = out.substring(out.indexOf("Notes:"));
    assertFalse(notes.contains("The session has been idle for"), notes);
    List<String> lines = List.of(notes.split("\n"));
    for (String l : lines) {
      if (l.matches("\\s*\\d+\\. .*")) {
        String text = l.replaceFirst("\\s*\\d+\\. ", "");
        assertEquals(1, lines.stream().filter(x -> x.endsWith(". " + text) || x.endsWith(" " + text)).count(), text);
      }
    }
  }

  @Test
  void focusOptionsAreChecked() {
    CliHarness cli = new CliHarness(home);
    assertEquals(2, cli.run("cache", "--last", "0").status());
    assertEquals(2, cli.run("cache", "--order", "sideways").status());
    assertEquals(2, cli.run("session", "--last", "3").status());
  }
}
