package io.github.cream.core.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file's path as the index stores it ({@link StoredPath#text}), made a {@link Path} when first asked for: a no-change
 * scan looks its files up by the stored text and never needs most of the directory's paths, and making one takes a
 * pass through the platform's file-name encoding.
 */
final class LazyPath {

  /** Where any ASCII text without NUL is a path (on Windows, some characters are not allowed in a name). */
  private static final boolean DEFERRABLE = java.io.File.separatorChar == '/';

  private String text; // racy but idempotent, as the path: a table's string is always the same
  private Path path; // racy but idempotent: a path is an immutable value
  private final java.util.function.IntFunction<String> table; // where the text is, until it is asked for
  private final int index;

  private LazyPath(String text, Path path) {
    this.text = text;
    this.path = path;
    this.table = null;
    this.index = -1;
  }

  private LazyPath(java.util.function.IntFunction<String> table, int index) {
    this.table = table;
    this.index = index;
  }

  /**
   * A path known already.
   *
   * @param path an absolute, normalized path
   * @return it
   */
  static LazyPath of(Path path) {
    return new LazyPath(null, Objects.requireNonNull(path, "path"));
  }

  /**
   * A path from its stored form. Only a form that cannot fail to make a path (plain ASCII with no NUL, not a URI) is
   * deferred; any other is made now, so that a form that names no path here fails while the index is read (a damaged
   * index), not when the path is first used.
   *
   * @param text what {@link StoredPath#text} gave, or an earlier index's path text
   * @return the path to be
   * @throws java.nio.file.InvalidPathException if a form made now names no path here
   */
  static LazyPath stored(String text) {
    if (!DEFERRABLE || text.isEmpty() || text.startsWith("file:") || text.indexOf('\0') >= 0
        || !StoredPath.isAscii(text)) {
      return new LazyPath(text, StoredPath.of(text));
    }
    return new LazyPath(text, null);
  }

  /**
   * A path from its stored form in a string table, its text decoded when first asked for (a report of the saved
   * answer names tens of thousands of files it never asks about). Only for a form that {@link #stored} would defer:
   * the caller checked that it is plain ASCII without NUL, not empty and not a URI.
   *
   * @param table the table's strings
   * @param index the form's index in it
   * @return the path to be
   */
  static LazyPath inTable(java.util.function.IntFunction<String> table, int index) {
    return DEFERRABLE ? new LazyPath(Objects.requireNonNull(table, "table"), index) : stored(table.apply(index));
  }

  /**
   * The path.
   *
   * @return the absolute, normalized path
   */
  Path get() {
    Path p = path;
    if (p == null) {
      p = StoredPath.of(text());
      path = p;
    }
    return p;
  }

  /**
   * The stored form, without making the path when it was read from one.
   *
   * @return {@link StoredPath#text} of the path
   */
  String text() {
    String t = text;
    if (t == null) {
      if (table == null) {
        return StoredPath.text(path);
      }
      t = table.apply(index);
      text = t;
    }
    return t;
  }

  @Override
  public String toString() {
    return text != null || table != null ? text() : path.toString();
  }
}
