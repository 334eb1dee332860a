package io.github.cream.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A path as the scan index stores it, the same whatever the locale of the process that wrote or reads it.
 *
 * <p>A Java path's text depends on the locale ({@code sun.jnu.encoding}): without {@code LANG} (cron, systemd,
 * {@code env -i}) a file name's non-ASCII bytes read as U+FFFD, and a name written in a UTF-8 locale cannot be
 * turned back into a path at all. So a path whose text is pure ASCII is stored as that text; any other is stored as
 * its {@code file:} URI, whose percent-escapes carry the file name's bytes exactly, and read back from it. An
 * absolute path never starts with {@code file:} on any platform, so the two forms cannot be confused.
 */
final class StoredPath {

  private static final String URI_PREFIX = "file:";

  private StoredPath() {}

  /**
   * The stored form of a path.
   *
   * @param p an absolute path
   * @return its text if pure ASCII, else its URI
   */
  static String text(Path p) {
    String s = p.toString();
    return isAscii(s) ? s : p.toUri().toString();
  }

  /**
   * Whether a path's text is pure ASCII (then it is its stored form).
   *
   * @param s the text
   * @return true when no character is above U+007F
   */
  static boolean isAscii(String s) {
    return isAscii(s, 0);
  }

  /**
   * Whether a text is pure ASCII from a position on.
   *
   * @param s the text
   * @param from the first character to look at
   * @return true when no character from there on is above U+007F
   */
  static boolean isAscii(String s, int from) {
    for (int i = from, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * The path of a stored form.
   *
   * @param s what {@link #text} gave, or an earlier index's path text
   * @return the path
   * @throws InvalidPathException if it names no path here
   */
  static Path of(String s) {
    if (s.startsWith(URI_PREFIX)) {
      try {
        return Path.of(new URI(s));
      } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        throw new InvalidPathException(s, "not a file URI");
      }
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      // text written by a process in a UTF-8 locale, read in another: its UTF-8 bytes are the file name's
      try {
        return Path.of(URI.create(new URI("file", null, s, null).toASCIIString()));
      } catch (URISyntaxException | IllegalArgumentException e2) {
        throw e;
      }
    }
  }
}
