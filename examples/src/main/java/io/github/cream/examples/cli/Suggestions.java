package io.github.cream.examples.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the names closest to a mistyped one, by edit distance (a swap of two letters counts one). */
final class Suggestions {

  private Suggestions() {}

  /**
   * The names within a small edit distance of the typed one (a third of its length, at least 1, at most 3), or
   * that start with it; closest first.
   *
   * @param typed what was typed
   * @param names the names that exist
   * @return the close names, at most three
   */
  static List<String> closest(String typed, Collection<String> names) {
    String t = typed.toLowerCase(Locale.ROOT);
    String bare = t.replaceFirst("^-+", "");
    int limit = Math.max(1, Math.min(3, bare.length() / 3));
    List<String> out = new ArrayList<>();
    for (int d = 0; d <= limit && out.size() < 3; d++) {
      for (String n : names) {
        String name = n.toLowerCase(Locale.ROOT);
        int dist = distance(t, name);
        boolean prefix = bare.length() >= 3 && name.replaceFirst("^-+", "").startsWith(bare);
        if ((dist == d || (prefix && d == limit)) && !out.contains(n) && out.size() < 3) {
          out.add(n);
        }
      }
    }
    return out;
  }

  /** The optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
