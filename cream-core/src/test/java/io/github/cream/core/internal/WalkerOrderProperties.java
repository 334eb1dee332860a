package io.github.cream.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cream.api.Environment;
import io.github.cream.core.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The walk's order from the end of a shared prefix is the order of the whole texts, and a walk of a real tree lists
 * its files in the order of their paths whether it sorted them (names that are not plain ASCII) or met them in that
 * order (a relative walk of plain ASCII names).
 */
class WalkerOrderProperties {

  @Property(tries = 2000)
  void comparingFromASharedPrefixIsComparingTheWholeTexts(
      @ForAll @StringLength(max = 12) @CharRange(from = 'a', to = 'd') String prefix,
      @ForAll @StringLength(max = 6) @CharRange(from = '-', to = 'c') String a,
      @ForAll @StringLength(max = 6) @CharRange(from = '-', to = 'c') String b) {
    String x = prefix + a;
    String y = prefix + b;
    assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(TextOrder.compareFrom(x, y, prefix.length())));
  }

  /** Files a walk of {@code /r/<root>} could list: names that share long prefixes, nested folders, short names. */
  @Provide
  Arbitrary<List<String>> files() {
    // mostly ASCII (sorted by key and text); now and then a name that is not (then the set is sorted by path)
    Arbitrary<String> name = Arbitraries.frequencyOf(
        Tuple.of(10, Arbitraries.strings().withChars("ab.-_").ofMinLength(1).ofMaxLength(3)),
        Tuple.of(10, Arbitraries.strings().withChars("ab").ofMinLength(1).ofMaxLength(14)),
        Tuple.of(10, Arbitraries.strings().withChars("ab").ofMaxLength(3).map(s -> "aaaaaaaa" + s)),
        Tuple.of(10, Arbitraries.strings().withChars("ab.-").ofMinLength(1).ofMaxLength(3)
            .map(s -> "-home-dev-project-" + s)),
        Tuple.of(10, Arbitraries.strings().withChars("0123456789abcdef").ofLength(12).map(s -> s + ".jsonl")),
        Tuple.of(1, Arbitraries.strings().withChars("\u00e9a\u4e2d").ofMinLength(1).ofMaxLength(2)));
    return name.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("/", l)).list().ofMaxSize(40);
  }

  @Property(tries = 1000)
  void filesAreSortedAsTheirPaths(
      @ForAll @StringLength(min = 1, max = 20) @CharRange(from = 'a', to = 'c') String root,
      @ForAll("files") List<String> files) {
    Path dir = Path.of("/r", root);
    String prefix = dir.toString();
    Walker.Listed[] listed = new Walker.Listed[files.size()];
    List<Path> expected = new ArrayList<>();
    for (int i = 0; i < listed.length; i++) {
      Path p = dir.resolve(files.get(i));
      listed[i] = new Walker.Listed(p, new FileIdentity(0, 0, null), prefix);
      expected.add(p);
    }
    expected.sort(null);
    Walker.sortByPath(listed, prefix.length());
    assertEquals(expected, Arrays.stream(listed).map(l -> l.path).toList());
  }

  @Property(tries = 120)
  void aWalkListsTheFilesOfATreeSortedAsTheirPaths(@ForAll("files") List<String> files) throws IOException {
    Path dir = Files.createTempDirectory("cream-walk-order").toRealPath();
    try {
      List<Path> expected = new ArrayList<>();
      for (String f : files) {
        Path p = dir.resolve(f);
        if (!p.equals(p.normalize()) || Files.exists(p) || !parentIsDirectory(dir, p)) {
          continue; // "." or "..", the name of a file already made, or below one: not a tree
        }
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
        expected.add(p);
      }
      expected.sort(null);
      for (int threads : new int[] {1, 3}) {
        Walker walker = new Walker(Environment.system(), "test", new Diagnostics(), dir, threads);
        assertEquals(expected, walker.files(dir, p -> true), threads + " threads");
      }
    } finally {
      TestFiles.deleteTree(dir);
    }
  }

  @org.junit.jupiter.api.Test
  void theListsOfTwoWalksJoinedAreTheirWalksAndAnyOtherListIsNot() throws IOException {
    Path dir = Files.createTempDirectory("cream-walk-joined").toRealPath();
    try {
      for (String f : List.of("sessions/2026/a.jsonl", "sessions/2026/b.jsonl", "archived/c.jsonl", "other/d.jsonl")) {
        Files.createDirectories(dir.resolve(f).getParent());
        Files.writeString(dir.resolve(f), "");
      }
      Walker walker = new Walker(Environment.system(), "test", new Diagnostics(), dir, 1);
      List<Path> sessions = walker.files(dir.resolve("sessions"), p -> true);
      List<Path> archived = walker.files(dir.resolve("archived"), p -> true);
      List<Path> joined = new ArrayList<>(sessions);
      joined.addAll(archived); // what a source that walks two folders hands back
      Walker.Walk w = walker.aligned(joined);
      assertEquals(joined, Arrays.asList(w.paths()));
      assertEquals(List.of(dir.resolve("sessions/2026/a.jsonl").toString(), dir.resolve("sessions/2026/b.jsonl")
          .toString(), dir.resolve("archived/c.jsonl").toString()), Arrays.asList(w.texts()));
      for (int i = 0; i < joined.size(); i++) {
        assertEquals(walker.identity(joined.get(i)), w.ids()[i]);
      }
      assertEquals(sessions, Arrays.asList(walker.aligned(sessions).paths()), "one walk's own list");
      org.junit.jupiter.api.Assertions.assertNull(walker.aligned(List.of(archived.get(0), sessions.get(0))),
          "a part that is not a whole walk's list");
      org.junit.jupiter.api.Assertions.assertNull(walker.aligned(List.of(dir.resolve("archived/c.jsonl"))),
          "a path that is not the walk's own instance");
      List<Path> filtered = new ArrayList<>(sessions.subList(1, 2));
      filtered.addAll(archived);
      org.junit.jupiter.api.Assertions.assertNull(walker.aligned(filtered), "a walk's list with a file left out");
    } finally {
      TestFiles.deleteTree(dir);
    }
  }

  private static boolean parentIsDirectory(Path dir, Path p) {
    for (Path q = p.getParent(); q != null && q.startsWith(dir); q = q.getParent()) {
      if (Files.exists(q) && !Files.isDirectory(q)) {
        return false;
      }
    }
    return true;
  }
}
