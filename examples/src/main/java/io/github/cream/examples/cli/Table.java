package io.github.cream.examples.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text table with aligned columns: a header, a rule under it, rows, and rules between groups of rows. Columns
 * are separated by two spaces; trailing spaces are trimmed.
 */
final class Table {

  /** How a column's cells are aligned. */
  enum Align { LEFT, RIGHT }

  private static final String[] RULE = new String[0];

  private final String[] headers;
  private final Align[] aligns;
  private final List<String[]> rows = new ArrayList<>();

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

  boolean isEmpty() {
    return rows.stream().noneMatch(r -> r != RULE);
  }

  /**
   * The table's text, one line per row, each ending in a newline.
   *
   * @return the text
   */
  String render() {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers, width);
    rule(sb, width);
    for (String[] r : rows) {
      if (r == RULE) {
        rule(sb, width);
      } else {
        line(sb, r, width);
      }
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, String[] cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        l.append("  ");
      }
      String c = cells[i];
      String pad = " ".repeat(width[i] - c.length());
      l.append(aligns[i] == Align.RIGHT ? pad + c : c + pad);
    }
    sb.append(l.toString().stripTrailing()).append('\n');
  }

  private static void rule(StringBuilder sb, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      if (i > 0) {
        l.append("  ");
      }
      l.append("-".repeat(width[i]));
    }
    sb.append(l).append('\n');
  }
}
