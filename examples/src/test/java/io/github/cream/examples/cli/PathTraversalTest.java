package io.github.cream.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cream.api.Environment;
import io.github.cream.core.Filter;
import io.github.cream.core.UsageSnapshot;
import io.github.cream.spi.DiscoveryContext;
import io.github.cream.spi.FileContext;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session ids and paths given to the public API cannot make cream read outside the source roots.
 *
 * <ul>
 *   <li>{@code UsageSnapshot.session(source, id)} and {@code cacheState(source, id, now)} look ids up among the
 *       sessions a scan found; they never turn an id into a path, so {@code ../}, absolute paths, NUL bytes and
 *       very long ids simply find nothing;
 *   <li>{@code Filter.project(path)} compares normalized paths as text; it reads nothing;
 *   <li>{@code Cream.Builder.roots(id, paths)} names the roots themselves; {@code ..} in them is normalized, and the
 *       engine reads only files that the source lists below a root: a source (a plug-in, say) that lists
 *       {@code root/../x} or an absolute path elsewhere gets {@code cream.discovery.outside-root} and the file is not
 *       read;
 *   <li>a symbolic link inside a root is followed (agents' folders are often links, into a dotfiles repository or
 *       another disk), and what it leads to is read under its path inside the root: the user who made the link
 *       chose it.
 * </ul>
 */
class PathTraversalTest {

  @TempDir Path home;

  @Test
  void sessionIdsAreLookedUpNeverResolvedAsPaths() throws IOException {
    Agents.CLAUDE.transcript(1).good(1, 2).write(home);
    // a decoy transcript outside every root, named like the ids below
    Path outside = home.resolve("outside");
    Files.createDirectories(outside);
    Files.copy(Agents.CLAUDE.file(home, 1), outside.resolve("decoy.jsonl"));
    UsageSnapshot s = Scans.library(home, b -> b.noIndex());
    assertEquals(2, s.totals().calls());
    String real = Agents.CLAUDE.session(1);
    assertTrue(s.session("claude", real).isPresent());
    List<String> hostile = List.of("../outside/decoy", "../../outside/decoy.jsonl", outside.resolve("decoy").toString(),
        outside.resolve("decoy.jsonl").toString(), "/etc/passwd", real + "/../" + real, "./" + real, real + "\u0000",
        "\u0000", "x".repeat(1_000_000), "", "..", "-home-me-app/" + real, "%2e%2e%2foutside");
    for (String id : hostile) {
      assertTrue(s.session("claude", id).isEmpty(), id);
      assertTrue(s.cacheState("claude", id, Agents.NOW).isEmpty(), id);
      assertTrue(s.session(id, real).isEmpty(), id);
      assertTrue(s.cacheState(id, real, Agents.NOW).isEmpty(), id);
    }
  }

  @Test
  void aProjectFilterComparesPathsAndReadsNothing() throws IOException {
    Agents.CLAUDE.transcript(1).good(1, 2).write(home);
    UsageSnapshot s = Scans.library(home, b -> b.noIndex());
    assertEquals(2, s.filter(Filter.builder().project(Path.of("/home/me/app")).build()).totals().calls());
    for (String p : List.of("/home/me/app/../../../etc", "/home/me/other/../../me/app-x", "/home/me/ap",
        "/home/me/app/..x", "/home/me/app" + "/x".repeat(10_000), "/etc/passwd")) {
      assertEquals(0, s.filter(Filter.builder().project(Path.of(p)).build()).totals().calls(), p);
    }
    assertEquals(2, s.filter(Filter.builder().project(Path.of("/home/me/x/../app/.")).build()).totals().calls());
    // the CLI: a project outside everything is an empty report, status 0
    Scans.Run r = Scans.cli(home, "daily", "--json", "--no-index", "--project", "/home/me/app/../../../etc");
    assertEquals(0, r.status(), r.err());
    String calls = r.json().get("totals.calls");
    assertTrue(calls == null || calls.equals("0"), calls);
  }

  @Test
  void rootsAreNormalizedAndFilesListedOutsideThemAreNotRead() throws IOException {
    Path root = home.resolve("agent/logs");
    Files.createDirectories(root);
    Path inside = root.resolve("a.jsonl");
    Files.copy(Agents.CLAUDE.transcript(1).good(1, 2).write(home), inside);
    Path secret = home.resolve("secret.jsonl");
    Files.copy(Agents.CLAUDE.transcript(2).good(3).write(home), secret);
    Files.delete(Agents.CLAUDE.file(home, 1));
    Files.delete(Agents.CLAUDE.file(home, 2));
    Source lister = new Listing(List.of(root.resolve("a.jsonl"), root.resolve("../../secret.jsonl"), secret,
        Path.of("/etc/passwd"), root.resolve("sub/../a.jsonl")));
    UsageSnapshot s = Scans.library(home, b -> b.noIndex().discoverProviders(false).source(lister)
        .roots("claude", List.of(home.resolve("agent/x/../logs"))));
    assertEquals(2, s.totals().calls(), "only the file under the root, once");
    assertEquals(List.of("cream.discovery.outside-root@passwd:0", "cream.discovery.outside-root@secret.jsonl:0x2"),
        Scans.located(s.diagnostics()));
    assertEquals(List.of(root), s.sources().get(0).roots());
  }

  @Test
  void aSymbolicLinkInsideARootIsFollowedUnderItsOwnPath() throws IOException {
    Path elsewhere = home.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    Path target = elsewhere.resolve(Agents.CLAUDE.session(1) + ".jsonl");
    Files.move(Agents.CLAUDE.transcript(1).good(1, 2).write(home), target);
    Path dir = Agents.CLAUDE.folder(home);
    Files.createSymbolicLink(dir.resolve("linked.jsonl"), target);
    Files.createSymbolicLink(Agents.CLAUDE.root(home).resolve("-linked-project"), elsewhere);
    UsageSnapshot s = Scans.library(home, b -> b.noIndex());
    assertEquals(2, s.totals().calls(), "both links lead to the same file: read once");
    Path origin = s.records().get(0).record().origin().file();
    assertTrue(origin.startsWith(Agents.CLAUDE.root(home)), "reported under the root: " + origin);
  }

  /** A plug-in source that lists whatever it is told, inside its root or not. */
  private static final class Listing implements Source {
    private final List<Path> files;
    private final Source claude = HostileInputSuiteTest.builtIn("claude");

    Listing(List<Path> files) {
      this.files = files;
    }

    @Override
    public String id() {
      return "claude";
    }

    @Override
    public List<Path> defaultRoots(Environment environment) {
      return List.of();
    }

    @Override
    public List<Path> discover(Path root, DiscoveryContext context) {
      return new ArrayList<>(files);
    }

    @Override
    public LineParser openParser(FileContext file, ResumeState resume) {
      return claude.openParser(file, resume);
    }
  }
}
