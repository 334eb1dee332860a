package io.github.cream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.cream.api.Diagnostic;
import io.github.cream.api.Environment;
import io.github.cream.api.Message;
import io.github.cream.api.Origin;
import io.github.cream.api.SessionFacts;
import io.github.cream.api.Severity;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.Capability;
import io.github.cream.spi.LineParser;
import io.github.cream.spi.MessageReader;
import io.github.cream.spi.ResumeState;
import io.github.cream.spi.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Source} keeps, as tests: extend this class once per source, say how to create the
 * source and give a few sample transcripts in the agent's real format, and the tests below check the rules of the
 * SPI that a source's own tests rarely think of.
 *
 * <pre>{@code
 * class AcmeSourceContractTest extends SourceContractTest {
 *   protected Source createSource() { return new AcmeSource(); }
 *
 *   protected List<SampleFile> sampleFiles() {
 *     Path root = SampleFile.resourceDirectory(AcmeSourceContractTest.class, "/acme/sessions");
 *     return List.of(SampleFile.of(root, "a.jsonl"), SampleFile.of(root, "b.jsonl"));
 *   }
 *
 *   protected Set<String> rootVariables() { return Set.of("ACME_HOME"); }   // optional
 * }
 * }</pre>
 *
 * <p>The tests, by group:
 * <ul>
 *   <li><b>Identity</b>: {@link #idIsAStableLowercaseId}, {@link #displayNameIsNotBlank},
 *       {@link #constructorIsPublicNoArgumentAndCheap}, {@link #describesItsCapabilities}.
 *   <li><b>Registration</b>: {@link #registeredInTheServicesFile}, {@link #registeredInTheModuleDescriptor},
 *       {@link #serviceLoaderFindsItOnTheClassPath}, {@link #serviceLoaderFindsItOnTheModulePath}.
 *   <li><b>Roots</b>: {@link #defaultRootsFollowHome}, {@link #defaultRootsHonourTheAgentsVariables},
 *       {@link #discoverListsEverySample}.
 *   <li><b>Parsing the samples</b>: {@link #samplesProduceRecords}, {@link #parsingIsDeterministic},
 *       {@link #parsesOnlyTheLineItIsGiven}, {@link #wantsNeverChangesTheState}.
 *   <li><b>Resuming</b>: {@link #resumableAtEveryLineBoundary}, {@link #resumableAfterAnySingleLine},
 *       {@link #foreignResumeStatesAreRejectedCleanly}.
 *   <li><b>Hostile input</b>, fed to the parser directly so that an exception surfaces instead of being caught by
 *       the engine: {@link #neverThrowsOnRandomBytes}, {@link #neverThrowsOnTruncatedLines},
 *       {@link #neverThrowsOnWrongJsonTypes}, {@link #neverThrowsOnDeepNesting}, {@link #neverThrowsOnHugeNumbers},
 *       {@link #neverThrowsOnHostileStrings}, {@link #invalidLinesNeverCostARecord}.
 *   <li><b>Privacy</b>: {@link #diagnosticsNeverQuoteContent}.
 *   <li><b>Messages</b>, for a source that is a {@link MessageReader} (skipped otherwise):
 *       {@link #declaresMessagesExactlyWhenItReadsThem}, {@link #messageParserEmitsTheUsageParsersOutput},
 *       {@link #everyRecordIsOnOneMessageOfItsLine}, {@link #messageIdsAreUniqueWithinASessionOfAFile},
 *       {@link #messagesResumableAtEveryLineBoundary}.
 * </ul>
 * Every line fed directly is also checked for what it emits: records and facts of the source's own id, problems
 * with a code prefixed by the id ({@code acme.usage.invalid}) and a fixed, non-blank message.
 *
 * <p>Inputs are deterministic (seeded), so a failure repeats. A test that cannot apply to a source (an agent that
 * writes below a fixed system directory, say) is switched off by overriding it without {@code @Test}, with a
 * comment saying why.
 */
public abstract class SourceContractTest {

  /** The instant of the default environment's clock. */
  public static final Instant NOW = Instant.parse("2026-11-21T19:00:00Z");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final String SERVICE = Source.class.getName();
  private static final String SERVICES_FILE = "META-INF/services/" + SERVICE;
  /** Text that never occurs in a fixed sentence; injected into every text field to catch quoted content. */
  static final String MARKER = "Zq9Xk3Wm";
  /** At most this many insertion points per sample file, and spans mutated per line. */
  private static final int MAX_POSITIONS = 40;
  private static final int MAX_SPANS = 300;

  private Path temp;
  private List<SampleFile> samples;

  /** Creates the test; JUnit creates one instance per test method. */
  protected SourceContractTest() {}

  // ---- what a source author provides

  /**
   * A new instance of the source under test, created the way {@link ServiceLoader} creates it.
   *
   * @return the source
   */
  protected abstract Source createSource();

  /**
   * A few transcripts in the agent's real format, each with the root it is found under: enough lines to reach every
   * kind of line the parser handles (a header, a prompt, calls with usage). At least one must give a record.
   *
   * @return the samples
   * @throws Exception if they cannot be located
   */
  protected abstract List<SampleFile> sampleFiles() throws Exception;

  /**
   * The environment the samples are parsed in. By default {@code HOME} alone, and a clock fixed at {@link #NOW}.
   *
   * @param home a fresh, empty directory
   * @return the environment
   */
  protected Environment environment(Path home) {
    return Environment.of(Map.of("HOME", home.toString()), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /**
   * The agent's own variables that move its logs (for example {@code ACME_HOME}); each is set in turn to a fresh
   * directory, and some root must then lie below it. None by default.
   *
   * @return the variable names
   */
  protected Set<String> rootVariables() {
    return Set.of();
  }

  // ---- lifecycle

  /**
   * Creates the test's temporary directory.
   *
   * @throws IOException if it cannot be created
   */
  @BeforeEach
  public void createTemporaryDirectory() throws IOException {
    temp = Files.createTempDirectory("cream-contract");
  }

  /**
   * Deletes the test's temporary directory.
   *
   * @throws IOException if it cannot be deleted
   */
  @AfterEach
  public void deleteTemporaryDirectory() throws IOException {
    if (temp == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(temp)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  // ---- identity

  /** The id is lowercase letters, digits, dots and dashes, and the same for every instance. */
  @Test
  public void idIsAStableLowercaseId() {
    String id = createSource().id();
    assertNotNull(id, "id() returned null");
    assertTrue(ID.matcher(id).matches(), "id() must be lowercase letters, digits, dots and dashes: '" + id + "'");
    assertEquals(id, createSource().id(), "id() differs between two instances");
    Source one = createSource();
    assertEquals(one.id(), one.id(), "id() differs between two calls");
  }

  /** The display name is there for people and stable. */
  @Test
  public void displayNameIsNotBlank() {
    String name = createSource().displayName();
    assertNotNull(name, "displayName() returned null");
    assertFalse(name.isBlank(), "displayName() is blank");
    assertEquals(name, createSource().displayName(), "displayName() differs between two instances");
  }

  /**
   * {@link ServiceLoader} needs a public class with a public no-argument constructor, and calls it for every engine
   * that is built: it must do no work (no file system, no network).
   *
   * @throws ReflectiveOperationException if the constructor cannot be called
   */
  @Test
  public void constructorIsPublicNoArgumentAndCheap() throws ReflectiveOperationException {
    Class<? extends Source> type = createSource().getClass();
    assertTrue(Modifier.isPublic(type.getModifiers()), type.getName() + " must be public");
    assertFalse(Modifier.isAbstract(type.getModifiers()), type.getName() + " must not be abstract");
    assertTrue(type.getEnclosingClass() == null || Modifier.isStatic(type.getModifiers()),
        type.getName() + " must be a top-level or static nested class");
    Constructor<? extends Source> c;
    try {
      c = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(type.getName() + " must have a public no-argument constructor", e);
    }
    c.newInstance(); // class initialization is not measured
    long start = System.nanoTime();
    int n = 50;
    for (int i = 0; i < n; i++) {
      c.newInstance();
    }
    long perInstanceMicros = (System.nanoTime() - start) / 1000 / n;
    assertTrue(perInstanceMicros < 20_000,
        "the no-argument constructor takes " + perInstanceMicros + " µs; it must do no work (defer it to scans)");
  }

  /** Every source reports usage and says where its sessions appear. */
  @Test
  public void describesItsCapabilities() {
    Source s = createSource();
    Set<Capability> caps = s.capabilities();
    assertNotNull(caps, "capabilities() returned null");
    assertTrue(caps.contains(Capability.USAGE), "every source has Capability.USAGE: " + caps);
    assertNotNull(s.watchScope(), "watchScope() returned null");
  }

  // ---- registration

  /**
   * {@code META-INF/services/io.github.cream.spi.Source}, in the jar or directory the source's class comes from,
   * names the class: that is how the class path finds it.
   */
  @Test
  public void registeredInTheServicesFile() {
    Class<?> type = createSource().getClass();
    byte[] file = readFromCodeSource(type, SERVICES_FILE);
    assertNotNull(file, SERVICES_FILE + " is missing from " + codeSource(type));
    List<String> names = new String(file, StandardCharsets.UTF_8).lines()
        .map(l -> l.replaceAll("#.*", "").strip())
        .filter(l -> !l.isEmpty())
        .toList();
    assertTrue(names.contains(type.getName()), SERVICES_FILE + " does not name " + type.getName() + ": " + names);
  }

  /**
   * {@code module-info.class}, in the jar or directory the source's class comes from, {@code provides
   * io.github.cream.spi.Source with} the class: that is how the module path finds it. When the source runs in a
   * named module, its runtime descriptor says the same.
   *
   * @throws IOException if the descriptor cannot be read
   */
  @Test
  public void registeredInTheModuleDescriptor() throws IOException {
    Class<?> type = createSource().getClass();
    byte[] bytes = readFromCodeSource(type, "module-info.class");
    assertNotNull(bytes, "module-info.class is missing from " + codeSource(type)
        + ": add module-info.java with 'provides io.github.cream.spi.Source with " + type.getName() + "'");
    ModuleDescriptor d;
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      d = ModuleDescriptor.read(in);
    }
    assertProvides(d, type);
    Module m = type.getModule();
    if (m.isNamed()) {
      assertProvides(m.getDescriptor(), type);
    }
  }

  private static void assertProvides(ModuleDescriptor d, Class<?> type) {
    List<String> providers = d.provides().stream()
        .filter(p -> p.service().equals(SERVICE))
        .flatMap(p -> p.providers().stream())
        .toList();
    assertTrue(providers.contains(type.getName()),
        "module " + d.name() + " does not declare 'provides " + SERVICE + " with " + type.getName() + "': "
            + providers);
  }

  /**
   * A {@link ServiceLoader} over a plain class path (everything this test runs with, loaded again by a new class
   * loader, so no module is involved) finds and creates the source.
   *
   * @throws Exception if the class loader cannot be built
   */
  @Test
  public void serviceLoaderFindsItOnTheClassPath() throws Exception {
    Source expected = createSource();
    String className = expected.getClass().getName();
    Set<URL> urls = new LinkedHashSet<>();
    urls.add(location(expected.getClass()));
    urls.add(location(Source.class));
    for (String property : List.of("java.class.path", "jdk.module.path")) {
      String value = System.getProperty(property, "");
      for (String entry : value.split(Pattern.quote(File.pathSeparator))) {
        if (!entry.isBlank() && Files.exists(Path.of(entry))) {
          urls.add(Path.of(entry).toUri().toURL());
        }
      }
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), new JdkOnly())) {
      Class<?> service = Class.forName(SERVICE, false, loader);
      SourceContractTest.class.getModule().addUses(service);
      Object found = null;
      List<String> seen = new ArrayList<>();
      Iterator<? extends ServiceLoader.Provider<?>> it = ServiceLoader.load(service, loader).stream().iterator();
      while (true) {
        ServiceLoader.Provider<?> p;
        try {
          if (!it.hasNext()) {
            break;
          }
          p = it.next();
          seen.add(p.type().getName());
          if (p.type().getName().equals(className)) {
            found = p.get();
            break;
          }
        } catch (ServiceConfigurationError e) {
          seen.add("(broken: " + e.getMessage() + ")");
        }
      }
      assertNotNull(found, "ServiceLoader on the class path did not find " + className + "; found " + seen);
      assertEquals(loader, found.getClass().getClassLoader(), "loaded by another class loader");
      assertFalse(found.getClass().getModule().isNamed(), "expected the class path, got a named module");
      assertEquals(expected.id(), service.getMethod("id").invoke(found), "a different id on the class path");
    }
  }

  /**
   * The parent of the class-path test's loader: the JDK's own modules (java.sql and the like) and nothing else. The
   * platform loader itself will not do: it hands the packages of the boot layer's named modules (the source's own,
   * when the tests run on the module path) to the application loader, and {@link ServiceLoader} skips class-path
   * entries that resolve to a named module.
   */
  private static final class JdkOnly extends ClassLoader {
    private static final Set<String> PACKAGES = jdkPackages();

    JdkOnly() {
      super(null);
    }

    private static Set<String> jdkPackages() {
      ClassLoader platform = ClassLoader.getPlatformClassLoader();
      Set<String> out = new HashSet<>();
      for (Module m : ModuleLayer.boot().modules()) {
        if (m.getClassLoader() == null || m.getClassLoader() == platform) {
          out.addAll(m.getPackages());
        }
      }
      return out;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      int dot = name.lastIndexOf('.');
      if (dot > 0 && PACKAGES.contains(name.substring(0, dot))) {
        return ClassLoader.getPlatformClassLoader().loadClass(name);
      }
      throw new ClassNotFoundException(name);
    }
  }

  /**
   * When the tests run on the module path, a {@link ServiceLoader} over the boot layer finds the source in its
   * module. Skipped on the class path.
   */
  @Test
  public void serviceLoaderFindsItOnTheModulePath() {
    Class<?> type = createSource().getClass();
    assumeTrue(type.getModule().isNamed(), "the source is not in a named module in this run (class path)");
    SourceContractTest.class.getModule().addUses(Source.class);
    List<String> found = new ArrayList<>();
    Iterator<ServiceLoader.Provider<Source>> it = ServiceLoader.load(ModuleLayer.boot(), Source.class).stream()
        .iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next().type().getName());
      } catch (ServiceConfigurationError e) {
        found.add("(broken: " + e.getMessage() + ")");
      }
    }
    assertTrue(found.contains(type.getName()),
        "ServiceLoader on the module path did not find " + type.getName() + "; found " + found);
  }

  // ---- roots

  /**
   * Roots derive from the environment's home, never from {@code user.home} or the process environment: with only
   * {@code HOME} set, every root is absolute and lies below it, and another {@code HOME} gives other roots.
   *
   * @throws IOException if the homes cannot be created
   */
  @Test
  public void defaultRootsFollowHome() throws IOException {
    Path a = Files.createDirectories(temp.resolve("home-a"));
    Path b = Files.createDirectories(temp.resolve("home-b"));
    List<Path> ra = roots(Map.of("HOME", a.toString()));
    List<Path> rb = roots(Map.of("HOME", b.toString()));
    assertFalse(ra.isEmpty(), "defaultRoots() is empty");
    for (Path r : ra) {
      assertTrue(r.isAbsolute(), "a root is not absolute: " + r);
      assertTrue(r.normalize().startsWith(a), "with only HOME set, root " + r + " is not below HOME " + a);
    }
    assertNotEquals(ra, rb, "changing HOME did not change the roots");
    Path userHome = Path.of(System.getProperty("user.home")).toAbsolutePath();
    if (!a.startsWith(userHome)) {
      for (Path r : ra) {
        assertFalse(r.startsWith(userHome), "root " + r + " lies below user.home; read Environment.home()");
      }
    }
  }

  /**
   * Each of the agent's own variables ({@link #rootVariables()}) moves the roots: set to a directory, some root
   * lies below it. Skipped when the source names none.
   *
   * @throws IOException if the directories cannot be created
   */
  @Test
  public void defaultRootsHonourTheAgentsVariables() throws IOException {
    Set<String> vars = rootVariables();
    assumeTrue(!vars.isEmpty(), "the source names no root variables");
    Path home = Files.createDirectories(temp.resolve("home"));
    List<Path> plain = roots(Map.of("HOME", home.toString()));
    for (String var : vars) {
      Path dir = Files.createDirectories(temp.resolve("var-" + var.toLowerCase(Locale.ROOT)));
      List<Path> moved = roots(Map.of("HOME", home.toString(), var, dir.toString()));
      assertNotEquals(plain, moved, "setting " + var + " did not change the roots");
      assertTrue(moved.stream().anyMatch(r -> r.normalize().startsWith(dir)),
          "with " + var + "=" + dir + " no root lies below it: " + moved);
    }
  }

  private List<Path> roots(Map<String, String> variables) {
    Environment env = Environment.of(variables, Clock.fixed(NOW, ZoneOffset.UTC));
    List<Path> roots = DirectParse.call(() -> createSource().defaultRoots(env), "defaultRoots()");
    assertNotNull(roots, "defaultRoots() returned null");
    return roots;
  }

  /**
   * {@link Source#discover} lists every sample below its root, and reports problems with codes of its own.
   */
  @Test
  public void discoverListsEverySample() {
    Source s = createSource();
    for (SampleFile sample : samples()) {
      KitDiscovery ctx = new KitDiscovery(environment(temp));
      List<Path> found = DirectParse.call(() -> s.discover(sample.root(), ctx), "discover() of " + sample.root());
      assertNotNull(found, "discover() returned null");
      assertTrue(found.contains(sample.file()), "discover() of " + sample.root() + " does not list " + sample);
      for (String p : ctx.problems) {
        assertTrue(p.split(" ")[1].startsWith(s.id() + "."), "a discovery problem's code is not prefixed: " + p);
      }
    }
  }

  // ---- parsing the samples

  /** Together the samples give at least one record, and the engine meets no failure of the parser. */
  @Test
  public void samplesProduceRecords() {
    long records = 0;
    for (SampleFile sample : samples()) {
      ParserHarness.Result r = harness(sample);
      records += r.records().size();
      for (Diagnostic d : r.diagnostics()) {
        assertFalse(d.code().startsWith("cream.parser.") || d.code().startsWith("cream.source."),
            "the engine caught a failure of the parser in " + sample + ": " + d);
        assertNotEquals(Severity.ERROR, d.severity(), "an ERROR parsing " + sample + ": " + d);
      }
    }
    assertTrue(records > 0, "the samples give no record at all; add a sample with a billed call");
  }

  /** Two fresh sources parse the same file to the same records and facts. */
  @Test
  public void parsingIsDeterministic() {
    for (SampleFile sample : samples()) {
      ParserHarness.Result one = harness(sample);
      ParserHarness.Result two = harness(sample);
      assertEquals(one.records(), two.records(), "records differ between two parses of " + sample);
      assertEquals(factsById(one.facts()), factsById(two.facts()), "facts differ between two parses of " + sample);
    }
  }

  /**
   * Fed line by line directly (each line inside a larger buffer of other bytes), the parser emits what it emits
   * under the engine: it reads only {@code buffer()[start(), start() + length())}.
   */
  @Test
  public void parsesOnlyTheLineItIsGiven() {
    for (SampleFile sample : samples()) {
      DirectParse d = direct(sample);
      d.lines(lines(sample), "sample " + sample + " line");
      ParserHarness.Result engine = harness(sample);
      assertEquals(engine.records(), d.records, "records differ from the engine's for " + sample);
      assertEquals(factsById(engine.facts()), d.facts, "facts differ from the engine's for " + sample);
    }
  }

  /** {@code wants()} is a question: asking it (any number of times) never changes the parser's state. */
  @Test
  public void wantsNeverChangesTheState() {
    for (SampleFile sample : samples()) {
      DirectParse d = direct(sample);
      List<byte[]> lines = lines(sample);
      for (int i = 0; i < lines.size(); i++) {
        LineParser p = d.parser();
        TestLine view = new TestLine(DirectParse.content(lines.get(i)), i + 1, 0, sample.file());
        ResumeState before = DirectParse.call(p::snapshot, "snapshot()");
        boolean first = DirectParse.call(() -> p.wants(view), "wants()");
        boolean second = DirectParse.call(() -> p.wants(view), "wants()");
        assertEquals(first, second, "wants() answered differently twice for line " + (i + 1) + " of " + sample);
        assertEquals(before, DirectParse.call(p::snapshot, "snapshot()"),
            "wants() changed the state at line " + (i + 1) + " of " + sample);
        d.line(lines.get(i), "sample " + sample + " line " + (i + 1));
      }
    }
  }

  // ---- resuming

  /**
   * Parsed one line at a time, each line by a new parser resumed from the previous one's snapshot, a file gives the
   * records and facts it gives parsed whole.
   */
  @Test
  public void resumableAtEveryLineBoundary() {
    for (SampleFile sample : samples()) {
      List<Long> boundaries = boundaries(sample);
      assertResumable(sample, boundaries, "resumed after every line");
    }
  }

  /** Parsed in two pieces, split after any one line, a file gives what it gives parsed whole. */
  @Test
  public void resumableAfterAnySingleLine() {
    for (SampleFile sample : samples()) {
      for (long b : boundaries(sample)) {
        assertResumable(sample, List.of(b), "resumed at byte " + b);
      }
    }
  }

  private void assertResumable(SampleFile sample, List<Long> stops, String how) {
    ParserHarness.Result whole = harness(sample);
    ParserHarness.Result pieces =
        ParserHarness.parseInPieces(createSource(), sample.root(), sample.file(), environment(temp), stops);
    assertEquals(whole.records(), pieces.records(), "records of " + sample + " differ when " + how);
    assertEquals(factsById(whole.facts()), factsById(pieces.facts()), "facts of " + sample + " differ when " + how);
    assertEquals(whole.consumedOffset(), pieces.consumedOffset(), "consumed offset of " + sample + " when " + how);
  }

  /**
   * A state the source did not write (garbage, another version's, a cut-off one) either opens a parser that then
   * parses without throwing, or is refused with {@link IllegalArgumentException}, as {@link Source#openParser}
   * documents; the engine then reads the file again from the start.
   */
  @Test
  public void foreignResumeStatesAreRejectedCleanly() {
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      DirectParse d = direct(sample);
      d.lines(lines.subList(0, lines.size() / 2), "sample " + sample + " line");
      byte[] real = DirectParse.call(() -> d.parser().snapshot(), "snapshot()").bytes();
      List<byte[]> states = new ArrayList<>(List.of(
          "not a state".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, new byte[] {-1, -1, -1, -1},
          new byte[1024]));
      for (int cut = 1; cut < real.length; cut = cut < 16 ? cut + 1 : cut * 2) {
        states.add(Arrays.copyOf(real, cut));
      }
      byte[] flipped = real.clone();
      for (int i = 0; i < flipped.length; i += 3) {
        flipped[i] ^= (byte) 0x5a;
      }
      states.add(flipped);
      for (byte[] state : states) {
        LineParser p;
        try {
          p = createSource().openParser(d.context(), ResumeState.of(state));
        } catch (IllegalArgumentException e) {
          continue;
        } catch (RuntimeException | Error e) {
          throw new AssertionError("openParser threw " + e.getClass().getName() + " on a foreign state of "
              + state.length + " bytes; only IllegalArgumentException is allowed", e);
        }
        assertNotNull(p, "openParser returned null for a foreign state");
        DirectParse rest = direct(sample);
        rest.useParser(p);
        rest.lines(lines.subList(lines.size() / 2, lines.size()), "sample line after a foreign state");
      }
    }
  }

  // ---- hostile input

  /** Lines of random bytes, raw and JSON-looking, anywhere in a sample, never make the parser throw. */
  @Test
  public void neverThrowsOnRandomBytes() {
    Random random = new Random(0xC0FFEE);
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      for (int at : positions(lines.size())) {
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          garbage.add(randomLine(random, lines));
        }
        feedAround(sample, lines, at, at, garbage, "random bytes");
      }
    }
  }

  /** Every prefix of every sample line (a write cut short, a crash) never makes the parser throw. */
  @Test
  public void neverThrowsOnTruncatedLines() {
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      for (int i : positions(lines.size() - 1)) {
        byte[] line = lines.get(i);
        List<byte[]> cuts = new ArrayList<>();
        int step = Math.max(1, line.length / 400);
        for (int n = 0; n < line.length; n += step) {
          cuts.add(Arrays.copyOf(line, n));
        }
        feedAround(sample, lines, i, i + 1, cuts, "line " + (i + 1) + " truncated");
      }
    }
  }

  /** Any value of a sample line replaced by a value of another JSON type never makes the parser throw. */
  @Test
  public void neverThrowsOnWrongJsonTypes() {
    List<String> others = List.of("null", "true", "false", "0", "-1", "1.5", "\"\"", "\"x\"", "[]", "{}", "[null]",
        "{\"a\":null}", "[[1],{\"b\":[]}]");
    mutateValues(span -> !span.key(), others, "a value replaced by another type");
  }

  /** Nesting far beyond any real line, alone or in place of a sample's values, never makes the parser throw. */
  @Test
  public void neverThrowsOnDeepNesting() {
    String arrays = "[".repeat(2000) + "]".repeat(2000);
    String objects = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
    mutateValues(span -> !span.key() && (span.kind() == JsonSpans.Kind.OBJECT || span.kind() == JsonSpans.Kind.ARRAY
        || span.kind() == JsonSpans.Kind.STRING), List.of(arrays, objects), "a value nested 2000 deep");
    List<byte[]> alone = new ArrayList<>();
    for (String s : List.of("[".repeat(100_000), "{\"a\":".repeat(50_000), arrays, objects,
        "{\"type\":" + arrays + "}", "{" + "\"a\":[".repeat(5000))) {
      alone.add(s.getBytes(StandardCharsets.US_ASCII));
    }
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      for (int at : positions(lines.size())) {
        feedAround(sample, lines, at, at, alone, "deeply nested lines");
      }
    }
  }

  /** Numbers beyond any count (huge, negative, fractional, out of double range, thousands of digits). */
  @Test
  public void neverThrowsOnHugeNumbers() {
    List<String> huge = List.of("1e400", "-1e400", "1e-400", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999999999999999999999", "1.7976931348623157E308",
        "4.9E-324", "-0", "-0.0", "0.000000001", "1" + "0".repeat(2000), "1" + "0".repeat(300) + ".5",
        "NaN", "Infinity", "-Infinity", "0x10", "1_000");
    mutateValues(span -> !span.key() && span.kind() != JsonSpans.Kind.OBJECT && span.kind() != JsonSpans.Kind.ARRAY,
        huge, "a value replaced by an extreme number");
  }

  /**
   * Strings of every awkward kind in place of a sample's strings and keys: empty, a megabyte long, control and NUL
   * characters, lone surrogates, invalid UTF-8, path and template tricks.
   */
  @Test
  public void neverThrowsOnHostileStrings() {
    List<String> hostile = List.of("\"\"", "\"" + "x".repeat(1 << 20) + "\"", "\"\\u0000\\u0001\\u001f\"",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\u00c3\u0028\"", "\"\\\\\"", "\"a\\nb\\r\\nc\"",
        "\"\u202e\u0645\u0631\u062d\u0628\u0627\"", "\"\ud83d\ude00\"", "\"../../../../etc/passwd\"",
        "\"${jndi:ldap://x/a}\"", "\"%s%n%d\"", "\"" + "/a".repeat(5000) + "\"", "\"2026-13-45T99:99:99Z\"",
        "\"-0001-01-01T00:00:00Z\"", "\"+999999999-12-31T23:59:59Z\"");
    mutateValues(span -> span.kind() == JsonSpans.Kind.STRING, hostile, "a string replaced by a hostile one");
    // invalid UTF-8 as raw bytes, which no Java string literal above can hold
    List<byte[]> raw = List.of(
        new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
        new byte[] {'"', (byte) 0xc3, '"'},
        new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'},
        new byte[] {'{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'});
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      for (int at : positions(lines.size())) {
        feedAround(sample, lines, at, at, raw, "invalid UTF-8");
      }
    }
  }

  /**
   * Lines that are not valid JSON (random text, cut-off copies of the sample's lines) inserted anywhere after the
   * first line change nothing: the same records (but for their line numbers) and the same facts.
   */
  @Test
  public void invalidLinesNeverCostARecord() {
    Random random = new Random(0xBAD5EED);
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      DirectParse clean = direct(sample);
      clean.lines(lines, "sample " + sample + " line");
      DirectParse dirty = direct(sample);
      for (int i = 0; i < lines.size(); i++) {
        dirty.line(lines.get(i), "sample " + sample + " line " + (i + 1));
        if (i == 0) {
          continue;
        }
        byte[] text = new byte[random.nextInt(120)];
        for (int k = 0; k < text.length; k++) {
          text[k] = (byte) (' ' + random.nextInt(95));
          if (text[k] == '{' || text[k] == '[') {
            text[k] = '.';
          }
        }
        dirty.line(text, "random text");
        byte[] next = i + 1 < lines.size() ? lines.get(i + 1) : lines.get(i);
        if (next.length > 1) {
          dirty.line(Arrays.copyOf(next, 1 + random.nextInt(next.length - 1)), "a cut-off copy of a line");
        }
      }
      assertEquals(withoutOrigin(clean.records), withoutOrigin(dirty.records),
          "invalid lines changed the records of " + sample);
      assertEquals(clean.facts, dirty.facts, "invalid lines changed the facts of " + sample);
    }
  }

  // ---- privacy

  /**
   * No problem a parser reports quotes the log: a marker injected at the start and at the end of every string
   * (keys included), in place of every number and literal, and in garbage lines never appears in a problem's code
   * or message.
   */
  @Test
  public void diagnosticsNeverQuoteContent() {
    byte[] quoted = ("\"" + MARKER + "\"").getBytes(StandardCharsets.US_ASCII);
    List<byte[]> garbage = List.of(
        MARKER.getBytes(StandardCharsets.US_ASCII), quoted,
        ("{\"" + MARKER + "\":\"" + MARKER + "\"}").getBytes(StandardCharsets.US_ASCII),
        ("{\"type\":\"" + MARKER + "\",\"" + MARKER + "\":[").getBytes(StandardCharsets.US_ASCII),
        ("[\"" + MARKER + "\"," + MARKER + "]").getBytes(StandardCharsets.US_ASCII));
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      for (int i : positions(lines.size() - 1)) {
        byte[] line = lines.get(i);
        List<byte[]> variants = new ArrayList<>(garbage);
        for (JsonSpans.Span span : limit(JsonSpans.of(line))) {
          switch (span.kind()) {
            case STRING -> {
              variants.add(JsonSpans.insertIntoString(line, span, MARKER, true));
              variants.add(JsonSpans.insertIntoString(line, span, MARKER, false));
            }
            case NUMBER, LITERAL -> variants.add(JsonSpans.replace(line, span, quoted));
            default -> { }
          }
        }
        variants.add((new String(line, StandardCharsets.UTF_8) + MARKER).getBytes(StandardCharsets.UTF_8));
        variants.add(Arrays.copyOf(line, line.length / 2));
        DirectParse d = feedAround(sample, lines, i, i + 1, variants, "line " + (i + 1) + " with a marker");
        for (DirectParse.Problem p : d.problems) {
          String text = (p.code() + " " + p.message()).toLowerCase(Locale.ROOT);
          for (String piece : List.of(MARKER, MARKER.substring(0, 5), MARKER.substring(3))) {
            assertFalse(text.contains(piece.toLowerCase(Locale.ROOT)),
                "problem " + p.code() + " quotes the log: '" + p.message() + "'");
          }
        }
      }
    }
  }

  // ---- messages

  /** A source declares {@link Capability#MESSAGES} exactly when it is a {@link MessageReader}. */
  @Test
  public void declaresMessagesExactlyWhenItReadsThem() {
    Source s = createSource();
    assertEquals(s instanceof MessageReader, s.capabilities().contains(Capability.MESSAGES),
        "Capability.MESSAGES is declared exactly by sources that implement MessageReader");
  }

  /**
   * A message parser emits the records, facts and problems the usage parser emits for the same lines: the engine
   * matches a message's usage with the records of the scan.
   */
  @Test
  public void messageParserEmitsTheUsageParsersOutput() {
    assumeTrue(createSource() instanceof MessageReader, "the source does not read messages");
    for (SampleFile sample : samples()) {
      ParserHarness.Result usage = harness(sample);
      ParserHarness.Messages messages = messages(sample);
      assertEquals(usage.records(), messages.usage().records(), "records of the message parser, " + sample);
      assertEquals(factsById(usage.facts()), factsById(messages.usage().facts()), "facts of the message parser, "
          + sample);
    }
  }

  /**
   * Every record the usage parser emits is the usage of exactly one message, emitted for the same line, of the
   * record's session and source, in the same order: the usage of a session's messages then sums to its totals.
   */
  @Test
  public void everyRecordIsOnOneMessageOfItsLine() {
    assumeTrue(createSource() instanceof MessageReader, "the source does not read messages");
    String id = createSource().id();
    for (SampleFile sample : samples()) {
      List<UsageRecord> records = harness(sample).records();
      List<Message> messages = messages(sample).messages();
      List<UsageRecord> onMessages = new ArrayList<>();
      for (Message m : messages) {
        assertEquals(id, m.source(), "a message of another source, " + sample);
        if (m.usage().isPresent()) {
          UsageRecord r = m.usage().get();
          onMessages.add(r);
          assertEquals(m.origin(), r.origin(), "a message carries the record of its own line, " + sample);
          assertEquals(m.sessionId(), r.sessionId(), "a message and its record name one session, " + sample);
        }
      }
      assertEquals(records, onMessages, "each record on exactly one message, in order, " + sample);
    }
  }

  /**
   * Within one file, no two messages of a session share an id: the engine takes messages of one session with one
   * id, in different files, for copies (a resumed session's repeated history) and shows one of them.
   */
  @Test
  public void messageIdsAreUniqueWithinASessionOfAFile() {
    assumeTrue(createSource() instanceof MessageReader, "the source does not read messages");
    for (SampleFile sample : samples()) {
      Set<String> seen = new HashSet<>();
      for (Message m : messages(sample).messages()) {
        if (m.id().isPresent()) {
          assertTrue(seen.add(m.sessionId() + "\u0000" + m.id().get()),
              "two messages of one session share the id " + m.id().get() + " in " + sample);
        }
      }
    }
  }

  /** Read one line at a time, each by a message parser resumed from the last one's snapshot, a file gives the same
   * messages. */
  @Test
  public void messagesResumableAtEveryLineBoundary() {
    assumeTrue(createSource() instanceof MessageReader, "the source does not read messages");
    for (SampleFile sample : samples()) {
      ParserHarness.Messages pieces =
          ParserHarness.messagesInPieces(createSource(), sample.root(), sample.file(), environment(temp),
              boundaries(sample));
      assertEquals(messages(sample).messages(), pieces.messages(), "messages of " + sample + " resumed at every line");
      assertEquals(harness(sample).records(), pieces.usage().records(), "records of " + sample + " resumed");
    }
  }

  private ParserHarness.Messages messages(SampleFile sample) {
    return ParserHarness.messages(createSource(), sample.root(), sample.file(), environment(temp));
  }

  // ---- helpers

  /** The samples, located once per test. */
  private List<SampleFile> samples() {
    if (samples == null) {
      try {
        samples = List.copyOf(sampleFiles());
      } catch (Exception e) {
        throw new AssertionError("sampleFiles() failed", e);
      }
      assertFalse(samples.isEmpty(), "sampleFiles() is empty");
      for (SampleFile s : samples) {
        assertTrue(Files.isRegularFile(s.file()), "sample " + s.file() + " does not exist");
        assertTrue(s.file().startsWith(s.root()), "sample " + s.file() + " is not below its root " + s.root());
      }
    }
    return samples;
  }

  private ParserHarness.Result harness(SampleFile sample) {
    return ParserHarness.parse(createSource(), sample.root(), sample.file(), environment(temp));
  }

  private DirectParse direct(SampleFile sample) {
    return new DirectParse(createSource(), sample, environment(temp));
  }

  /**
   * Feeds a sample's lines before {@code from}, then the extra lines, resumes (snapshot and a new parser), feeds the
   * sample's lines from {@code to} on and resumes again.
   */
  private DirectParse feedAround(SampleFile sample, List<byte[]> lines, int from, int to, List<byte[]> extra,
      String what) {
    DirectParse d = direct(sample);
    d.lines(lines.subList(0, from), "sample " + sample + " line");
    d.lines(extra, what + " in " + sample);
    d.resume(what);
    d.lines(lines.subList(to, lines.size()), "sample " + sample + " line after " + what);
    d.resume("the end of " + sample);
    return d;
  }

  /** For every sample line, its spans that match replaced by each replacement, fed where the line was. */
  private void mutateValues(Predicate<JsonSpans.Span> which, List<String> replacements,
      String what) {
    List<byte[]> with = replacements.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    for (SampleFile sample : samples()) {
      List<byte[]> lines = lines(sample);
      for (int i : positions(lines.size() - 1)) {
        byte[] line = lines.get(i);
        List<byte[]> variants = new ArrayList<>();
        for (JsonSpans.Span span : limit(JsonSpans.of(line))) {
          if (which.test(span)) {
            for (byte[] w : with) {
              variants.add(JsonSpans.replace(line, span, w));
            }
          }
        }
        if (!variants.isEmpty()) {
          feedAround(sample, lines, i, i + 1, variants, what + " on line " + (i + 1));
        }
      }
    }
  }

  private static List<JsonSpans.Span> limit(List<JsonSpans.Span> spans) {
    if (spans.size() <= MAX_SPANS) {
      return spans;
    }
    List<JsonSpans.Span> out = new ArrayList<>();
    for (int i = 0; i < MAX_SPANS; i++) {
      out.add(spans.get((int) ((long) i * spans.size() / MAX_SPANS)));
    }
    return out;
  }

  /** Indexes 0..last, or at most {@link #MAX_POSITIONS} of them spread evenly. */
  private static List<Integer> positions(int last) {
    List<Integer> out = new ArrayList<>();
    if (last < 0) {
      return out;
    }
    if (last + 1 <= MAX_POSITIONS) {
      for (int i = 0; i <= last; i++) {
        out.add(i);
      }
    } else {
      for (int i = 0; i < MAX_POSITIONS; i++) {
        out.add((int) ((long) i * last / (MAX_POSITIONS - 1)));
      }
    }
    return out.stream().distinct().toList();
  }

  private static byte[] randomLine(Random random, List<byte[]> lines) {
    int kind = random.nextInt(3);
    if (kind == 0 || lines.isEmpty()) {
      byte[] b = new byte[random.nextInt(300)];
      random.nextBytes(b);
      return noNewlines(b);
    }
    if (kind == 1) {
      byte[] tail = new byte[random.nextInt(200)];
      random.nextBytes(tail);
      byte[] b = new byte[tail.length + 2];
      b[0] = '{';
      b[1] = '"';
      System.arraycopy(tail, 0, b, 2, tail.length);
      return noNewlines(b);
    }
    // a sample line with some bytes overwritten
    byte[] b = lines.get(random.nextInt(lines.size())).clone();
    for (int i = 0; i < 1 + b.length / 50 && b.length > 0; i++) {
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return noNewlines(b);
  }

  private static byte[] noNewlines(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        b[i] = ' ';
      }
    }
    return b;
  }

  /** The complete lines of a file (each ended by a newline), without the newline (a {@code \r} before it stays). */
  static List<byte[]> lines(SampleFile sample) {
    byte[] bytes = read(sample.file());
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    return out;
  }

  /** The offsets just after every newline of a file. */
  private static List<Long> boundaries(SampleFile sample) {
    byte[] bytes = read(sample.file());
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add((long) i + 1);
      }
    }
    return out;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, SessionFacts> factsById(List<SessionFacts> facts) {
    Map<String, SessionFacts> out = new LinkedHashMap<>();
    for (SessionFacts f : facts) {
      out.put(f.sessionId(), f);
    }
    return out;
  }

  private static List<UsageRecord> withoutOrigin(List<UsageRecord> records) {
    Origin none = new Origin(Path.of("-"), 1, 0);
    return records.stream().map(r -> r.toBuilder().origin(none).build()).toList();
  }

  private static String codeSource(Class<?> type) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    return cs == null || cs.getLocation() == null ? "(unknown location)" : cs.getLocation().toString();
  }

  private static URL location(Class<?> type) throws URISyntaxException, MalformedURLException {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    assertNotNull(cs, "no code source for " + type.getName());
    return Path.of(cs.getLocation().toURI()).toUri().toURL();
  }

  /** A file of the jar or directory a class was loaded from, or null if it has none. */
  private static byte[] readFromCodeSource(Class<?> type, String name) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    assertNotNull(cs, "no code source for " + type.getName());
    Path where;
    try {
      where = Path.of(cs.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError("code source " + cs.getLocation() + " is not a file", e);
    }
    try {
      if (Files.isDirectory(where)) {
        Path f = where.resolve(name);
        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
      }
      try (JarFile jar = new JarFile(where.toFile())) {
        ZipEntry e = jar.getEntry(name);
        if (e == null) {
          return null;
        }
        try (InputStream in = jar.getInputStream(e)) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          in.transferTo(out);
          return out.toByteArray();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
