package io.github.cream.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text table with aligned columns: a header, a rule under it, rows, and rules between groups of rows. Columns
 * are separated by two spaces; trailing spaces are trimmed.
 *
 * <p>To fit a terminal's width, flexible columns (titles, models, paths) are truncated with an ellipsis down to a
 * few characters, then optional columns are left out in the order given; as a last resort lines are cut. Colours
 * are added after the layout, so that they take no width. Widths are terminal columns ({@link DisplayWidth}): a
 * CJK character or an emoji takes two, a combining mark none.
 */
final class Table {

  /** How a column's cells are aligned. */
  enum Align { LEFT, RIGHT }

  private static final String[] RULE = new String[0];

  private final String[] headers;
  private final Align[] aligns;
  private final List<String[]> rows = new ArrayList<>();
  private final java.util.Map<Integer, Boolean> flexible = new java.util.HashMap<>(); // column -> keep the end
  private final List<Integer> optional = new ArrayList<>();
  private final java.util.Map<Integer, java.util.function.Function<String, String>> colours =
      new java.util.HashMap<>();

  /** The narrowest a flexible column gets. */
  static final int MIN_FLEXIBLE = 8;

  /** The width flexible columns are narrowed to before optional columns are left out. */
  static final int COMFORTABLE = 20;

  Table(String[] headers, Align[] aligns) {
    if (headers.length != aligns.length) {
      throw new IllegalArgumentException("one alignment per column");
    }
    this.headers = headers.clone();
    this.aligns = aligns.clone();
  }

  /**
   * Adds a row; missing cells are blank.
   *
   * @param cells the cells, null meaning blank
   * @return this table
   */
  Table row(String... cells) {
    String[] r = Arrays.copyOf(cells, headers.length);
    for (int i = 0; i < r.length; i++) {
      if (r[i] == null) {
        r[i] = "";
      }
    }
    rows.add(r);
    return this;
  }

  /**
   * Adds a rule across every column.
   *
   * @return this table
   */
  Table rule() {
    rows.add(RULE);
    return this;
  }

  /**
   * Marks columns whose cells may be truncated to fit: their start is kept.
   *
   * @param columns the columns
   * @return this table
   */
  Table flexible(int... columns) {
    for (int c : columns) {
      flexible.put(c, false);
    }
    return this;
  }

  /**
   * Marks a column of paths whose cells may be truncated to fit: their end is kept.
   *
   * @param column the column
   * @return this table
   */
  Table flexiblePath(int column) {
    flexible.put(column, true);
    return this;
  }

  /**
   * Columns that may be left out to fit, the first given first.
   *
   * @param columns the columns
   * @return this table
   */
  Table optional(int... columns) {
    for (int c : columns) {
      optional.add(c);
    }
    return this;
  }

  /**
   * A colour for a column's cells (not the header, which is bold).
   *
   * @param column the column
   * @param sgr the SGR code for a cell's text, or null for none
   * @return this table
   */
  Table colour(int column, java.util.function.Function<String, String> sgr) {
    colours.put(column, sgr);
    return this;
  }

  boolean isEmpty() {
    return rows.stream().noneMatch(r -> r != RULE);
  }

  /**
   * The table's text, one line per row, each ending in a newline.
   *
   * @return the text
   */
  String render() {
    return render(Terminal.PLAIN);
  }

  /**
   * The table's text fitted to a terminal: no line wider than its width.
   *
   * @param term the terminal
   * @return the text
   */
  String render(Terminal term) {
    java.util.Set<Integer> dropped = new java.util.HashSet<>();
    int[] width = widths(dropped);
    // flexible columns down to a readable width first, then optional columns out, then flexible columns narrower
    for (int next = 0; total(width, dropped) > term.width(); next++) {
      shrink(width, dropped, total(width, dropped) - term.width(), COMFORTABLE);
      if (total(width, dropped) <= term.width()) {
        break;
      }
      if (next >= optional.size()) {
        shrink(width, dropped, total(width, dropped) - term.width(), MIN_FLEXIBLE);
        break;
      }
      if (optional.get(next) >= 0) {
        dropped.add(optional.get(next));
      }
      width = widths(dropped);
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width, dropped, term, true);
    rule(sb, width, dropped);
    for (String[] r : rows) {
      if (r == RULE) {
        rule(sb, width, dropped);
      } else {
        line(sb, r, width, dropped, term, false);
      }
    }
    if (total(width, dropped) <= term.width()) {
      return sb.toString();
    }
    StringBuilder cut = new StringBuilder();
    for (String l : sb.toString().split("\n")) {
      cut.append(Terminal.visible(l) <= term.width() ? l : plainCut(l, term.width())).append('\n');
    }
    return cut.toString();
  }

  private static String plainCut(String line, int width) {
    return DisplayWidth.truncate(line.replaceAll("\u001b\\[[0-9;]*m", ""), width);
  }

  private int[] widths(java.util.Set<Integer> dropped) {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = DisplayWidth.of(headers[i]);
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], DisplayWidth.of(r[i]));
      }
    }
    return width;
  }

  private static int total(int[] width, java.util.Set<Integer> dropped) {
    int t = 0;
    int n = 0;
    for (int i = 0; i < width.length; i++) {
      if (!dropped.contains(i)) {
        t += width[i];
        n++;
      }
    }
    return t + 2 * Math.max(0, n - 1);
  }

  /** Narrows the flexible columns, the widest first, by up to {@code excess} characters in all. */
  private void shrink(int[] width, java.util.Set<Integer> dropped, int excess, int floor) {
    for (int left = excess; left > 0; left--) {
      int widest = -1;
      for (int c : flexible.keySet()) {
        int min = Math.max(floor, MIN_FLEXIBLE);
        if (!dropped.contains(c) && width[c] > min && (widest < 0 || width[c] > width[widest])) {
          widest = c;
        }
      }
      if (widest < 0) {
        return;
      }
      width[widest]--;
    }
  }

  private String fit(String cell, int column, int width) {
    return Boolean.TRUE.equals(flexible.get(column))
        ? DisplayWidth.truncateStart(cell, width)
        : DisplayWidth.truncate(cell, width);
  }

  private void line(
      StringBuilder sb, String[] cells, int[] width, java.util.Set<Integer> dropped, Terminal term, boolean header) {
    StringBuilder l = new StringBuilder();
    boolean first = true;
    for (int i = 0; i < cells.length; i++) {
      if (dropped.contains(i)) {
        continue;
      }
      if (!first) {
        l.append("  ");
      }
      first = false;
      String c = fit(cells[i], i, width[i]);
      String pad = " ".repeat(Math.max(0, width[i] - DisplayWidth.of(c)));
      String painted = header ? term.paint(c, Terminal.BOLD)
          : colours.containsKey(i) ? term.paint(c, colours.get(i).apply(c)) : c;
      l.append(aligns[i] == Align.RIGHT ? pad + painted : painted + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private static void rule(StringBuilder sb, int[] width, java.util.Set<Integer> dropped) {
    StringBuilder l = new StringBuilder();
    boolean first = true;
    for (int i = 0; i < width.length; i++) {
      if (dropped.contains(i)) {
        continue;
      }
      if (!first) {
        l.append("  ");
      }
      first = false;
      l.append("-".repeat(width[i]));
    }
    sb.append(l).append('\n');
  }
}
