package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where text output goes: how wide it may be and whether it may use colours.
 *
 * <p>The width is {@code COLUMNS} when set, else the terminal's when standard output is one, else unlimited (a
 * file or a pipe gets whole lines). Colours are off with {@code NO_COLOR} (any value but empty), on with {@code FORCE_COLOR}
 * (any value but {@code 0} or {@code false}), and otherwise on only when standard output is a terminal (and
 * {@code TERM} is not {@code dumb}).
 *
 * @param width the widest a line may be; {@link Integer#MAX_VALUE} for no limit
 * @param colour whether ANSI colours may be used
 */
record Terminal(int width, boolean colour) {

  /** Below this width tables take their compact layout. */
  static final int COMPACT_BELOW = 100;

  /** The narrowest width honoured: below it, tables would be unreadable anyway. */
  static final int MIN_WIDTH = 40;

  /** Unlimited width, no colours: a file or a pipe. */
  static final Terminal PLAIN = new Terminal(Integer.MAX_VALUE, false);

  Terminal {
    width = Math.max(MIN_WIDTH, width);
  }

  /**
   * The terminal of a run.
   *
   * @param env the environment
   * @param tty whether standard output is an interactive terminal
   * @return the terminal
   */
  static Terminal of(Environment env, boolean tty) {
    boolean dumb = env.get("TERM").map(t -> t.equals("dumb")).orElse(false);
    boolean colour;
    if (env.get("NO_COLOR").filter(v -> !v.isEmpty()).isPresent()) {
      colour = false;
    } else if (env.get("FORCE_COLOR").map(v -> !v.equals("0") && !v.equalsIgnoreCase("false")).orElse(false)) {
      colour = true;
    } else {
      colour = tty && !dumb;
    }
    int width = columns(env).orElseGet(() -> tty ? ttyColumns().orElse(80) : Integer.MAX_VALUE);
    return new Terminal(width, colour);
  }

  /** Whether tables should take their compact layout. */
  boolean compact() {
    return width < COMPACT_BELOW;
  }

  private static Optional<Integer> columns(Environment env) {
    try {
      return env.get("COLUMNS").map(String::strip).map(Integer::parseInt).filter(n -> n > 0);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The terminal's columns from {@code stty size}, asked of the controlling terminal; empty if it cannot tell. */
  private static Optional<Integer> ttyColumns() {
    File tty = new File("/dev/tty");
    if (!tty.exists()) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String[] parts = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\\s+");
      return parts.length == 2 ? Optional.of(Integer.parseInt(parts[1])).filter(n -> n > 0) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  // --- colours

  static final String BOLD = "1";
  static final String RED = "31";
  static final String GREEN = "32";
  static final String YELLOW = "33";
  static final String BLUE = "34";
  static final String CYAN = "36";
  static final String DIM = "2";

  /**
   * Text in a colour, when colours are on.
   *
   * @param text the text (already terminal-safe)
   * @param sgr the SGR code, or null for none
   * @return the text, coloured or not
   */
  String paint(String text, String sgr) {
    return colour && sgr != null && !text.isEmpty() ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
  }

  /** The colour of a cache state word. */
  static String stateColour(String cell) {
    if (cell.startsWith("warm")) {
      return GREEN;
    }
    if (cell.startsWith("cold")) {
      return BLUE;
    }
    return cell.startsWith("unknown") ? DIM : null;
  }

  /** The colour of a diagnostic line for standard error. */
  String problem(String line) {
    if (line.startsWith("cream: error:")) {
      return paint(line, RED);
    }
    return line.startsWith("cream: warning:") ? paint(line, YELLOW) : line;
  }

  /**
   * Fits prose to the width: a line longer than it is wrapped at spaces (continuation lines indented by two).
   *
   * @param text lines ending in newlines
   * @return the text
   */
  String wrap(String text) {
    if (width == Integer.MAX_VALUE) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (String line : text.split("\n", -1)) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(wrapLine(line));
    }
    return sb.toString();
  }

  private String wrapLine(String line) {
    if (visible(line) <= width) {
      return line;
    }
    StringBuilder sb = new StringBuilder();
    String rest = line;
    String indent = "";
    while (indent.length() + DisplayWidth.of(rest) > width) {
      int room = DisplayWidth.fitting(rest, width - indent.length());
      int cut = rest.lastIndexOf(' ', room);
      if (cut <= 0) {
        // one word wider than the line: cut it, between code points
        cut = room > 0 ? room : rest.offsetByCodePoints(0, 1);
      }
      sb.append(indent).append(rest, 0, cut).append('\n');
      rest = rest.substring(cut).stripLeading();
      indent = "  ";
    }
    return sb.append(indent).append(rest).toString();
  }

  /** The columns a line takes on the screen, without its colour escapes ({@link DisplayWidth}). */
  static int visible(String line) {
    return DisplayWidth.of(line.replaceAll("\u001b\\[[0-9;]*m", ""));
  }
}
