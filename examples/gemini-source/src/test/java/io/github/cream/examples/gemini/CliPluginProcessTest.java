package io.github.cream.examples.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plug-in as a user runs it: the CLI's jar ({@code examples/target/cream.jar}, built by the reactor before this
 * module) and a jar of this module's classes on a plain class path, in a separate JVM:
 * {@code java -cp cream.jar:gemini.jar io.github.cream.examples.cli.Main sources --json}. Skipped when the CLI jar
 * has not been built.
 */
class CliPluginProcessTest {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String MAIN = "io.github.cream.examples.cli.Main";

  @TempDir Path temp;
  private Path cli;
  private Path home;
  private Path plugin;

  @BeforeEach
  void setUp() throws IOException, URISyntaxException {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    cli = base.resolve("..").resolve("target").resolve("cream.jar").normalize();
    assumeTrue(Files.isRegularFile(cli), "the CLI jar is not built: " + cli);
    home = temp.resolve("home");
    Support.copyTree(Support.fixtureHome(), home);
    Path classes = Path.of(GeminiCliSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    plugin = jarOfDirectory(classes, temp.resolve("cream-example-gemini-source.jar"));
  }

  @Test
  void theCliFindsThePluginOnTheClassPathAndCountsItsUsage() throws Exception {
    Run sources = run(List.of(cli, plugin), "sources", "--json", "--no-index");
    assertEquals(0, sources.status, sources.err);
    assertEquals("", sources.err);
    Map<String, String> s = flatten(sources.out);
    assertEquals("cream.sources/1", s.get("schema"));
    int g = indexOf(s, "sources", "id", "gemini");
    assertEquals("Gemini CLI", s.get("sources[" + g + "].displayName"));
    assertEquals(plugin.toString(), s.get("sources[" + g + "].origin"), "loaded from the plug-in's own jar");
    assertEquals(GeminiCliSource.class.getName(), s.get("sources[" + g + "].className"));
    assertEquals(home.resolve(".gemini/tmp").toString(), s.get("sources[" + g + "].roots[0]"));
    assertEquals("true", s.get("sources[" + g + "].found"));
    assertEquals("3", s.get("sources[" + g + "].files"));
    int codex = indexOf(s, "sources", "id", "codex");
    assertEquals(cli.toString(), s.get("sources[" + codex + "].origin"), "built-in sources come from cream.jar");
    assertTrue(!s.containsKey("diagnostics.messages[0].code"), sources.out);

    Run daily = run(List.of(cli, plugin), "daily", "--json", "--no-index", "--timezone", "UTC");
    assertEquals(0, daily.status, daily.err);
    Map<String, String> d = flatten(daily.out);
    assertEquals("2026-06-10", d.get("daily[0].date"));
    assertEquals("2026-06-11", d.get("daily[1].date"));
    assertEquals("7", d.get("totals.calls"));
    assertEquals("33748", d.get("totals.inputTokens"));
    assertEquals("39328", d.get("totals.cacheReadTokens"));
    assertEquals("2593", d.get("totals.outputTokens"));
    assertEquals("1922", d.get("totals.reasoningTokens"));
    assertEquals("gemini", d.get("daily[0].breakdown[0].source"));
    assertEquals("calculated", d.get("totals.costProvenance"));

    Run table = run(List.of(cli, plugin), "sources", "--no-index");
    assertEquals(0, table.status, table.err);
    assertTrue(table.out.lines().anyMatch(l -> l.startsWith("gemini ") && l.contains("Gemini CLI")
        && l.endsWith(plugin.toString())), table.out);
    assertEquals("", table.err);
  }

  @Test
  void aBrokenPluginIsOneClearLineAndTheOthersStillWork() throws Exception {
    Path broken = temp.resolve("broken-plugin.jar");
    try (InputStream in = BrokenSource.class.getResourceAsStream("BrokenSource.class")) {
      assertTrue(in != null, "BrokenSource.class");
      writeJar(broken, Map.of(
          "io/github/cream/examples/gemini/BrokenSource.class", in.readAllBytes(),
          "META-INF/services/io.github.cream.spi.Source",
          (BrokenSource.class.getName() + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    List<Path> path = List.of(cli, plugin, broken);

    Run table = run(path, "sources", "--no-index");
    assertEquals(0, table.status, table.err);
    List<String> errLines = table.err.lines().toList();
    assertEquals(1, errLines.size(), table.err);
    assertEquals("cream: error: The source provider " + BrokenSource.class.getName() + " could not be loaded "
        + "(IllegalStateException); the other providers still run. [cream.source.load-failed]", errLines.get(0));
    assertTrue(table.out.lines().anyMatch(l -> l.startsWith("gemini ")), table.out);
    assertTrue(table.out.lines().anyMatch(l -> l.startsWith("codex ")), table.out);

    Run json = run(path, "sources", "--json", "--no-index");
    assertEquals(0, json.status, json.err);
    assertEquals("", json.err, "JSON output carries the problem in its document");
    Map<String, String> s = flatten(json.out);
    assertEquals("ERROR", s.get("diagnostics.messages[0].severity"));
    assertEquals("cream.source.load-failed", s.get("diagnostics.messages[0].code"));
    assertTrue(s.get("diagnostics.messages[0].message").contains(BrokenSource.class.getName()));
    indexOf(s, "sources", "id", "gemini");

    Run daily = run(path, "daily", "--json", "--no-index");
    assertEquals(0, daily.status, daily.err);
    Map<String, String> d = flatten(daily.out);
    assertEquals("7", d.get("totals.calls"), "the working plug-in is still counted");
    assertTrue(d.containsValue("cream.source.load-failed"), daily.out);

    Run dailyTable = run(path, "daily", "--no-index");
    assertEquals(0, dailyTable.status, dailyTable.err);
    assertTrue(dailyTable.out.contains("2026-06-10"), dailyTable.out);
    assertTrue(dailyTable.err.lines().noneMatch(l -> l.contains("Exception") && !l.contains("(IllegalState")),
        "no stack trace: " + dailyTable.err);
  }

  @Test
  void aServicesFileNamingAMissingClassIsOneLineToo() throws Exception {
    Path missing = temp.resolve("missing-class.jar");
    writeJar(missing, Map.of("META-INF/services/io.github.cream.spi.Source",
        "io.github.cream.examples.gemini.NoSuchSource\n".getBytes(StandardCharsets.UTF_8)));
    Run table = run(List.of(cli, plugin, missing), "sources", "--no-index");
    assertEquals(0, table.status, table.err);
    List<String> errLines = table.err.lines().toList();
    assertEquals(1, errLines.size(), table.err);
    assertTrue(errLines.get(0).startsWith("cream: error: The source provider ")
        && errLines.get(0).contains("could not be loaded"), errLines.get(0));
    assertTrue(table.out.lines().anyMatch(l -> l.startsWith("gemini ")), table.out);
  }

  // ---- plug-ins without -cp: the plug-in folder and CREAM_CLASSPATH

  @Test
  void javaDashJarFindsAJarInThePluginFolder() throws Exception {
    Path config = temp.resolve("config");
    Path installed = Files.createDirectories(config.resolve("cream/plugins")).resolve("gemini.jar");
    Files.copy(plugin, installed);
    Run r = run(javaJar(), Map.of("XDG_CONFIG_HOME", config.toString()), "sources", "--json", "--no-index");
    assertPluginLoadedFrom(installed, r);
  }

  @Test
  void javaDashJarFindsTheJarsCreamClasspathNames() throws Exception {
    Path other = Files.createDirectories(temp.resolve("elsewhere"));
    Run r = run(javaJar(), Map.of("CREAM_CLASSPATH", other + File.pathSeparator + plugin), "sources", "--json",
        "--no-index");
    assertPluginLoadedFrom(plugin, r);
  }

  @Test
  void theLauncherFindsAJarInTheDefaultPluginFolder() throws Exception {
    Path launcher = cli.resolveSibling("cream");
    assumeTrue(Files.isRegularFile(launcher) && Files.isExecutable(Path.of("/bin/sh")), "no launcher or no sh");
    Path installed = Files.createDirectories(home.resolve(".config/cream/plugins")).resolve("gemini.jar");
    Files.copy(plugin, installed);
    Run r = run(List.of("/bin/sh", launcher.toString()), Map.of("JAVA_HOME", System.getProperty("java.home")),
        "sources", "--json", "--no-index");
    assertPluginLoadedFrom(installed, r);
  }

  @Test
  void withoutPluginsJavaDashJarHasOnlyTheBuiltInSources() throws Exception {
    Run r = run(javaJar(), Map.of(), "sources", "--json", "--no-index");
    assertEquals(0, r.status, r.err);
    assertTrue(!r.out.contains("\"gemini\""), r.out);
  }

  private List<String> javaJar() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", cli.toString());
  }

  private void assertPluginLoadedFrom(Path jar, Run r) throws IOException {
    assertEquals(0, r.status, r.err);
    assertEquals("", r.err);
    Map<String, String> s = flatten(r.out);
    int g = indexOf(s, "sources", "id", "gemini");
    assertEquals(jar.toString(), s.get("sources[" + g + "].origin"));
    assertEquals("true", s.get("sources[" + g + "].found"));
    assertEquals(cli.toString(), s.get("sources[" + indexOf(s, "sources", "id", "codex") + "].origin"));
  }

  // ---- running the CLI

  private record Run(int status, String out, String err) {}

  private Run run(List<Path> classPath, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    cmd.add(MAIN);
    return run(cmd, Map.of(), args);
  }

  private Run run(List<String> command, Map<String, String> vars, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(command);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // a user's shell, reduced to a home holding the Gemini fixtures: no other agent's variables leak in
    pb.environment().clear();
    pb.environment().put("HOME", home.toString());
    pb.environment().putAll(vars);
    Path out = temp.resolve("stdout.txt");
    Path err = temp.resolve("stderr.txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the CLI did not finish: " + cmd);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  // ---- jars

  /** A jar of a class directory (classes, module-info and the services file), as the jar plugin would build it. */
  private static Path jarOfDirectory(Path dir, Path jar) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        entries.put(dir.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
      }
    }
    assertTrue(entries.containsKey("META-INF/services/io.github.cream.spi.Source"), entries.keySet().toString());
    writeJar(jar, entries);
    return jar;
  }

  private static void writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new JarEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
  }

  // ---- JSON

  /** The index of the element of an array whose field has a value; fails when there is none. */
  private static int indexOf(Map<String, String> doc, String array, String field, String value) {
    for (int i = 0; doc.containsKey(array + "[" + i + "]." + field); i++) {
      if (value.equals(doc.get(array + "[" + i + "]." + field))) {
        return i;
      }
    }
    throw new AssertionError("no " + array + " element with " + field + " = " + value + " in " + doc);
  }

  /** A JSON document as {@code path -> text}, paths like {@code daily[0].breakdown[1].model}. */
  private static Map<String, String> flatten(String json) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken(), json);
      object(p, "", out);
      assertEquals(null, p.nextToken(), "one JSON document on stdout");
    }
    return out;
  }

  private static void object(JsonParser p, String prefix, Map<String, String> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      value(p, prefix.isEmpty() ? name : prefix + "." + name, out);
    }
  }

  private static void value(JsonParser p, String path, Map<String, String> out) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> object(p, path, out);
      case START_ARRAY -> {
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          value(p, path + "[" + i++ + "]", out);
        }
      }
      default -> out.put(path, p.getText());
    }
  }
}
