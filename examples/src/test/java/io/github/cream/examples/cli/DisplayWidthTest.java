package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DisplayWidth}: CJK, fullwidth and emoji take two columns, combining marks none; truncation keeps whole code
 * points and never passes the width; a {@link Table} of such text stays aligned.
 */
class DisplayWidthTest {

  @Test
  void widthsCountTerminalColumns() {
    assertEquals(0, DisplayWidth.of(""));
    assertEquals(5, DisplayWidth.of("cream"));
    assertEquals(4, DisplayWidth.of("中文"));
    assertEquals(6, DisplayWidth.of("한국어"));
    assertEquals(8, DisplayWidth.of("ｃｒｅａｍ".substring(0, 4)));
    assertEquals(6, DisplayWidth.of("カタカナ".substring(0, 3)));
    assertEquals(1, DisplayWidth.of("e\u0301"), "a combining acute accent takes no column");
    assertEquals(4, DisplayWidth.of("cafe\u0301"));
    assertEquals(2, DisplayWidth.of("😀"), "an emoji outside the BMP: two chars, two columns");
    assertEquals(0, DisplayWidth.of("\ufe0f"), "a variation selector takes none");
    assertEquals(0, DisplayWidth.of("\u200d"), "the zero-width joiner");
    assertEquals(1, DisplayWidth.of("\u00e9"));
    assertEquals(3, DisplayWidth.of("a中"));
  }

  @Test
  void truncationKeepsWholeCodePointsAndNeverPassesTheWidth() {
    List<String> texts = List.of("修复结账总额的舍入错误并添加测试", "ab😀cd😀😀ef中文g", "😀😀😀😀😀😀",
        "ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ", "cafe\u0301 cre\u0300me bru\u0302le\u0301e", "/home/用户/项目/网店/子目录");
    for (String s : texts) {
      int full = DisplayWidth.of(s);
      for (int w = DisplayWidth.ELLIPSIS.length(); w <= full + 2; w++) {
        for (String t : List.of(DisplayWidth.truncate(s, w), DisplayWidth.truncateStart(s, w))) {
          assertTrue(DisplayWidth.of(t) <= w, s + " at " + w + ": " + t);
          assertTrue(DisplayWidth.of(t) >= Math.min(w, full) - 1, "at most a column is lost to a wide character: " + t);
          assertTrue(TerminalText.isSafe(t), "no lone surrogate: " + t);
          assertEquals(w >= full, t.equals(s), s + " at " + w + ": " + t);
        }
      }
    }
    assertEquals("修复结...", DisplayWidth.truncate("修复结账总额", 9));
    assertEquals("修复...", DisplayWidth.truncate("修复结账总额", 8), "a wide character that does not fit whole");
    assertEquals(".../网店", DisplayWidth.truncateStart("/home/用户/项目/网店", 8));
    assertEquals("ab...", DisplayWidth.truncate("ab😀cd", 5));
    assertEquals("ab😀...", DisplayWidth.truncate("ab😀cd😀", 7));
  }

  @Test
  void prefixesNeverEndInsideASurrogatePair() {
    assertEquals("ab", DisplayWidth.prefix("ab😀", 3));
    assertEquals("ab😀", DisplayWidth.prefix("ab😀c", 4));
    assertEquals("ab", DisplayWidth.prefix("ab", 8));
  }

  @Test
  void aTableOfWideTextStaysAligned() {
    Table t = new Table(new String[] {"Title", "Project", "Cost"},
        new Table.Align[] {Table.Align.LEFT, Table.Align.LEFT, Table.Align.RIGHT});
    t.row("修复结账总额的舍入错误并添加测试", "~/项目/网店", "$1.25");
    t.row("Fix the checkout total", "~/w/shop", "$0.50");
    t.row("😀 emoji title 😀", "~/p/ｆｕｌｌ", "$10.00");
    t.row("cafe\u0301 cre\u0300me", "~/x", "$0.01");
    t.flexible(0).flexiblePath(1);
    for (int width : new int[] {40, 50, 80, 200}) {
      String out = t.render(new Terminal(width, false));
      List<String> lines = out.lines().toList();
      int rule = DisplayWidth.of(lines.get(1));
      for (String l : lines) {
        assertEquals(rule, DisplayWidth.of(l), "every line ends at the right-aligned cost's column: " + width + "\n"
            + out);
        assertTrue(DisplayWidth.of(l) <= width, out);
      }
      TerminalLayoutTest.assertAligned(out);
    }
    assertFalse(t.render(new Terminal(40, false)).contains("修复结账总额的舍入错误并添加测试"), "truncated at 40");
  }
}
