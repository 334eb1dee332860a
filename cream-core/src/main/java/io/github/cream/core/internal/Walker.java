package io.github.cream.core.internal;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Severity;
import io.github.cream.spi.DiscoveryContext;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The engine's {@link DiscoveryContext}: a loop-safe recursive walk that turns every problem into a diagnostic.
 */
final class Walker implements DiscoveryContext {

  private final Environment environment;
  private final String sourceId;
  private final Diagnostics diagnostics;
  private final Path root;
  private final int threads;
  private final DirectoryListings.Use listings;
  private final List<Walk> walks = new ArrayList<>(1);
  private Map<Path, FileIdentity> identities;

  /**
   * Sorts files by path. Pure ASCII texts sort as the paths' bytes do, so such files are sorted by text
   * ({@link TextOrder}: by the characters after the prefix all of them share, most pairs told apart by one comparison
   * of two numbers). Any other set is sorted by path.
   *
   * @param shared how many first characters every file's text is known to share
   */
  static void sortByPath(Listed[] files, int shared) {
    for (Listed f : files) {
      if (!f.ascii) {
        Arrays.sort(files);
        return;
      }
    }
    TextOrder.sort(files, f -> f.text, shared, (a, b) -> 0); // no two files of a walk have the same path
  }

  /** A file the walk accepted, sorted by path. */
  static final class Listed implements Comparable<Listed> {
    final Path path;
    final FileIdentity id;
    final String text;
    final boolean ascii;
    final boolean prefixed; // the text starts with the prefix it was listed with

    /**
     * A file listed.
     *
     * @param prefix a text known to be ASCII that most files' texts start with (the walked directory's), or null
     */
    Listed(Path path, FileIdentity id, String prefix) {
      this.path = path;
      this.id = id;
      this.text = path.toString();
      this.prefixed = prefix != null && text.startsWith(prefix);
      this.ascii = prefixed ? StoredPath.isAscii(text, prefix.length()) : StoredPath.isAscii(text);
      // the text is the file's key in the scan index, hashed by the scan after the walk (its census, or a lookup):
      // hashed here, on the walk's thread, the string keeps its hash for then
      text.hashCode();
    }

    @Override
    public int compareTo(Listed o) {
      return path.compareTo(o.path);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Listed l && path.equals(l.path);
    }

    @Override
    public int hashCode() {
      return path.hashCode();
    }
  }

  /**
   * What one call of {@link #files} listed.
   *
   * @param out the list handed to the source
   * @param paths its paths as listed
   * @param ids their identities, from the walk's own {@code stat}
   * @param texts their text when it is pure ASCII (then it is their stored form, {@link StoredPath#text}), else null
   * @param trusted whether the walk started at an absolute, normalized directory under the root: every path it
   *     listed is then absolute, normalized and under the root too
   */
  record Walk(List<Path> out, Path[] paths, FileIdentity[] ids, String[] texts, boolean trusted) {}

  /**
   * A walker.
   *
   * @param environment the environment
   * @param sourceId the source it lists files for
   * @param diagnostics where problems go
   * @param root the root the source discovers below (absolute, normalized)
   * @param threads how many threads may walk a directory's sub-directories at once (at least 1)
   */
  Walker(Environment environment, String sourceId, Diagnostics diagnostics, Path root, int threads) {
    this(environment, sourceId, diagnostics, root, threads, null);
  }

  /**
   * A walker that lists again only the directories that changed since earlier walks listed them.
   *
   * @param listings what earlier walks listed, and where this one's listings go; or null to list every directory
   */
  Walker(Environment environment, String sourceId, Diagnostics diagnostics, Path root, int threads,
      DirectoryListings.Use listings) {
    this.environment = environment;
    this.sourceId = sourceId;
    this.diagnostics = diagnostics;
    this.root = root;
    this.threads = threads;
    this.listings = listings;
  }

  /**
   * The most threads a walk uses. A walk is mostly {@code stat} calls and the objects the JDK makes for each entry;
   * on 2 cores, two threads took a warm report of 50,000 files from 0.87 to 0.79 s.
   */
  static final int MAX_THREADS = 4;

  /**
   * The identities of what a source listed, when it handed back unchanged the list a trusted walk gave it, or the
   * lists of several, one after the other (a source that walks two folders): the common cases, in which no per-file
   * normalizing, checking or lookup is needed.
   *
   * @param found what the source listed
   * @return a walk whose paths are the list's, in order, or null when the list is not exactly trusted walks' lists
   */
  Walk aligned(List<Path> found) {
    for (Walk w : walks) {
      if (w.out() == found) {
        return w.trusted() && same(found, 0, w) ? w : null;
      }
    }
    // the lists of several walks joined: each part starts with the first path of a walk, the same instance
    Map<Path, Walk> byFirst = new java.util.IdentityHashMap<>();
    for (Walk w : walks) {
      if (w.paths().length > 0) {
        byFirst.putIfAbsent(w.paths()[0], w);
      }
    }
    List<Walk> parts = new ArrayList<>();
    int n = 0;
    while (n < found.size()) {
      Walk w = byFirst.get(found.get(n));
      if (w == null || !w.trusted() || !same(found, n, w)) {
        return null;
      }
      parts.add(w);
      n += w.paths().length;
    }
    if (parts.size() == 1 && parts.get(0).paths().length == found.size()) {
      return parts.get(0);
    }
    Path[] paths = new Path[n];
    FileIdentity[] ids = new FileIdentity[n];
    String[] texts = new String[n];
    int at = 0;
    for (Walk w : parts) {
      int k = w.paths().length;
      System.arraycopy(w.paths(), 0, paths, at, k);
      System.arraycopy(w.ids(), 0, ids, at, k);
      System.arraycopy(w.texts(), 0, texts, at, k);
      at += k;
    }
    return new Walk(found, paths, ids, texts, true);
  }

  /** Whether a walk's paths are the list's from a position on, each the same instance. */
  private static boolean same(List<Path> found, int from, Walk w) {
    Path[] paths = w.paths();
    if (found.size() - from < paths.length) {
      return false;
    }
    for (int i = 0; i < paths.length; i++) {
      if (found.get(from + i) != paths[i]) {
        return false; // the source changed the list it was given
      }
    }
    return true;
  }

  /**
   * The identity the walk read for a file.
   *
   * @param file an absolute, normalized path
   * @return its identity, or null when no walk listed it
   */
  FileIdentity identity(Path file) {
    if (identities == null) {
      identities = new HashMap<>();
      for (Walk w : walks) {
        for (int i = 0; i < w.paths().length; i++) {
          Path p = w.paths()[i];
          identities.put(w.trusted() ? p : p.toAbsolutePath().normalize(), w.ids()[i]);
        }
      }
    }
    return identities.get(file);
  }

  @Override
  public Environment environment() {
    return environment;
  }

  @Override
  public List<Path> files(Path directory, Predicate<Path> accept) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(accept, "accept");
    List<Path> out = new ArrayList<>();
    if (!Files.exists(directory)) {
      return out;
    }
    List<Listed> listed = new ArrayList<>();
    boolean trusted = directory.isAbsolute() && directory.startsWith(root) && directory.equals(directory.normalize());
    String dirText = directory.toString();
    String prefix = StoredPath.isAscii(dirText) ? dirText : null;
    if (Files.isRegularFile(directory)) {
      if (accept.test(directory)) {
        out.add(directory);
      }
      walks.add(new Walk(out, new Path[0], new FileIdentity[0], new String[0], false)); // identity read by the engine
      identities = null;
      return out;
    }
    boolean[] plain = {true}; // every file listed has a plain ASCII text starting with the directory's
    RelativeWalk.Visitor visitor = new RelativeWalk.Visitor() {
      @Override
      public void visitFile(Path file, BasicFileAttributes attrs) {
        visitFile(file, attrs, prepare(file, attrs));
      }

      @Override
      public Object prepare(Path file, BasicFileAttributes attrs) {
        // on the walking threads: the path's text, its identity; the source's test is made on this thread, in order
        return attrs.isRegularFile() ? new Listed(file, FileIdentity.of(attrs), prefix) : null;
      }

      @Override
      public void visitFile(Path file, BasicFileAttributes attrs, Object prepared) {
        if (prepared != null && accept.test(file)) {
          Listed l = (Listed) prepared;
          listed.add(l);
          plain[0] &= l.ascii && l.prefixed;
        }
      }

      @Override
      public void visitFileFailed(Path file, IOException e) {
        report(file, e);
      }

      @Override
      public void postVisitDirectory(Path dir, IOException e) {
        if (e != null) {
          report(dir, e);
        }
      }
    };
    boolean relative = false;
    try {
      relative = RelativeWalk.walk(directory, visitor, threads, listings);
      if (!relative) {
        RelativeWalk.walkFileTree(directory, visitor);
      }
    } catch (IOException | RuntimeException e) {
      problem(Severity.WARNING, "cream.discovery.failed", "a directory could not be listed", directory);
    }
    Listed[] sorted = listed.toArray(new Listed[0]);
    if (!relative || !plain[0]) {
      // a relative walk met plain ASCII paths in the order of their texts already (RelativeWalk#compareNames)
      int shared = prefix != null ? prefix.length() : 0;
      for (Listed l : sorted) {
        if (!l.prefixed) {
          shared = 0; // never for a walk's own paths; then the whole texts are compared
          break;
        }
      }
      sortByPath(sorted, shared);
    }
    int n = sorted.length;
    Path[] sortedPaths = new Path[n];
    FileIdentity[] sortedIds = new FileIdentity[n];
    String[] texts = new String[n];
    for (int i = 0; i < n; i++) {
      take(sorted[i], i, sortedPaths, sortedIds, texts); // a call per file: compiled, where a loop body is interpreted
    }
    out.addAll(Arrays.asList(sortedPaths));
    walks.add(new Walk(out, sortedPaths, sortedIds, texts, trusted));
    identities = null;
    return out;
  }

  private static void take(Listed l, int i, Path[] paths, FileIdentity[] ids, String[] texts) {
    paths[i] = l.path;
    ids[i] = l.id;
    texts[i] = l.ascii ? l.text : null;
  }

  private void report(Path path, IOException e) {
    if (e instanceof FileSystemLoopException) {
      problem(Severity.WARNING, "cream.discovery.symlink-loop", "a symbolic link loops back; not followed again", path);
    } else if (e instanceof AccessDeniedException) {
      problem(Severity.WARNING, "cream.discovery.permission-denied", "a directory or file could not be read", path);
    } else if (e instanceof NoSuchFileException) {
      problem(Severity.INFO, "cream.discovery.vanished", "a file or directory vanished while it was listed", path);
    } else {
      problem(Severity.WARNING, "cream.discovery.unreadable", "a directory or file could not be read", path);
    }
  }

  @Override
  public void problem(Severity severity, String code, String message, Path path) {
    diagnostics.add(Diagnostic.of(severity, code, message).withSource(sourceId).at(path));
  }
}
