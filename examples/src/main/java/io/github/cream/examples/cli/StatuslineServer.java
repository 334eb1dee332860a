package io.github.cream.examples.cli;

import io.github.cream.api.Environment;
import io.github.cream.core.Cream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The statusline server: one long-lived JVM per user that answers {@code cream statusline} runs for the launcher, so
 * that a refresh of an agent's status bar costs a few milliseconds of compiled code instead of a new JVM's start.
 *
 * <p>A status line is drawn by a new process on every refresh. A JVM needs 0.1 s to start and several hundred
 * milliseconds more before cream's code is compiled and the scan index decoded; the server pays that once, keeps
 * the engines and their decoded index in memory ({@link EngineCache}) and reads on each refresh only what the
 * agent's transcript appended. Each answer is exactly what the same command would print in a process of its own:
 * the server runs the very same command, with the client's arguments, environment, working directory and standard
 * input.
 *
 * <p>It lives in a directory only its user can open ({@code $XDG_CACHE_HOME/cream/statusline/}, mode 0700; any
 * other owner or mode and it refuses to start). The launcher's client ({@code cream-statusline}, a bash script)
 * writes a request file {@code q.ID} ({@link StatuslineRequest}) and a named pipe {@code r.ID} for the answer there,
 * then writes {@code ID} and a newline to the named pipe {@code requests}. The answer is the exit status, standard
 * output and standard error, each ended by a NUL; {@code F} instead of a status asks the client to run the command
 * itself (this server cannot answer it exactly: another cream, other plug-ins, another locale).
 *
 * <p>It stops by itself after {@link #IDLE} without a request, when its jar is replaced, and when its directory or
 * named pipe is removed ({@code rm -r ~/.cache/cream/statusline} stops it). Only one runs per directory (a lock).
 * What it logs ({@code server.log} in its directory) never holds log content.
 */
public final class StatuslineServer {

  /** The named pipe requests arrive on. */
  static final String REQUESTS = "requests";

  /** The file that holds the server's process id while it runs. */
  static final String PID = "pid";

  /** The lock only one server can hold. */
  static final String LOCK = "server.lock";

  /** The request the client that started the server leaves for it to warm up on. */
  static final String WARMUP = "warmup";

  /** Left by a server that found its directory unsafe: the client then answers every run itself. */
  static final String REFUSED = "refused";

  /** What the server logs: when it started, stopped and why, requests it could not read. */
  static final String LOG = "server.log";

  /** How long the server waits for a request before it stops. */
  static final Duration IDLE = Duration.ofMinutes(30);

  /** The largest request file read (the statusline's own input is at most 1 MiB). */
  static final int MAX_REQUEST = 2 << 20;

  /** The largest answer sent through the client's pipe (a pipe holds 64 KiB). */
  static final int MAX_ANSWER = 60_000;

  /** The variables that configure the JVM itself: the server answers only clients that share its values. */
  static final List<String> JVM_VARIABLES = List.of(
      "CREAM_CLASSPATH", "CREAM_JAVA_OPTS", "JAVA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "TZ", "LANG",
      "LC_ALL", "LC_CTYPE");

  private static final Pattern ID = Pattern.compile("[0-9]{1,10}\\.[0-9]{1,10}");

  private final Path dir;
  private final Map<String, String> startEnv;
  private final Consumer<Cream.Builder> customizer;
  private final Clock clock;
  private final EngineCache engines = new EngineCache();
  private final Charset charset;
  private final Charset jnu;
  private final Optional<Path> jar;
  private final String jarIdentity;
  private final List<String> plugins;
  private volatile Instant lastRequest;
  private volatile Object fifoKey;
  private volatile boolean stopped;
  private FileChannel lockChannel;
  private FileLock lock;

  /**
   * A server in a directory.
   *
   * @param dir its directory
   * @param startEnv the environment it was started with: clients must share its JVM variables
   * @param customizer applied to every engine's builder (tests register their sources this way)
   * @param clock when requests arrive, for the idle stop
   */
  StatuslineServer(Path dir, Map<String, String> startEnv, Consumer<Cream.Builder> customizer, Clock clock) {
    this(dir, startEnv, customizer, clock, ownJar());
  }

  /**
   * A server in a directory, for tests: the jar it answers for given.
   *
   * @param dir its directory
   * @param startEnv the environment it was started with: clients must share its JVM variables
   * @param customizer applied to every engine's builder (tests register their sources this way)
   * @param clock when requests arrive and the clock of the commands it runs
   * @param jar the {@code cream.jar} whose clients it answers
   */
  StatuslineServer(Path dir, Map<String, String> startEnv, Consumer<Cream.Builder> customizer, Clock clock,
      Optional<Path> jar) {
    this.dir = dir.toAbsolutePath().normalize();
    this.startEnv = Map.copyOf(startEnv);
    this.customizer = Objects.requireNonNull(customizer, "customizer");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.charset = Charset.defaultCharset();
    String enc = System.getProperty("sun.jnu.encoding");
    this.jnu = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : charset;
    this.jar = jar.map(p -> p.toAbsolutePath().normalize());
    this.jarIdentity = jar.map(StatuslineServer::identity).orElse("");
    this.plugins = plugins(Environment.of(startEnv, clock));
    this.lastRequest = clock.instant();
  }

  /**
   * Runs a server until it stops.
   *
   * @param args its directory
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: StatuslineServer DIRECTORY");
      System.exit(2);
    }
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    Environment env = Environment.system();
    Thread.currentThread().setContextClassLoader(PluginPath.loader(env, StatuslineServer.class.getClassLoader()));
    StatuslineServer server = new StatuslineServer(Path.of(args[0]), env.variables(), b -> {}, Clock.systemUTC());
    int status;
    try {
      status = server.run() ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      server.log("stopped: " + e.getClass().getSimpleName());
      status = 1;
    }
    System.exit(status);
  }

  /**
   * Prepares, warms up and serves until it stops.
   *
   * @return false when it could not start (another server runs, or the directory is not safe)
   * @throws IOException when its directory cannot be used
   */
  boolean run() throws IOException {
    if (!prepare()) {
      return false;
    }
    warmUp(Duration.ofSeconds(8));
    open();
    Thread watchdog = new Thread(this::watch, "cream-statusline-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    serve();
    return true;
  }

  /**
   * Makes the directory (0700) and takes the lock.
   *
   * @return false when another server holds the lock or the directory is not this user's alone
   * @throws IOException when the directory cannot be made
   */
  boolean prepare() throws IOException {
    if (!Files.isDirectory(dir.getParent())) {
      Files.createDirectories(dir.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // checked below
    }
    String unsafe = unsafe(dir);
    if (unsafe != null) {
      System.err.println("cream: statusline server: " + unsafe);
      if (Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
        try {
          // tells the launcher's client not to start a server again (it cannot read modes)
          Files.writeString(dir.resolve(REFUSED), unsafe + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE);
        } catch (IOException e) {
          // the client tries again
        }
      }
      return false;
    }
    lockChannel = FileChannel.open(dir.resolve(LOCK), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      lock = lockChannel.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      lock = null; // held in this very process
    }
    if (lock == null) {
      lockChannel.close();
      return false; // another server runs
    }
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "{q,r}.*")) {
      for (Path p : old) {
        Files.deleteIfExists(p); // what clients of a server that died left
      }
    }
    Files.deleteIfExists(dir.resolve(REQUESTS));
    Files.writeString(dir.resolve(LOG), "started " + clock.instant() + "\n", StandardCharsets.UTF_8);
    writePid();
    return true;
  }

  /** Why a directory is not safe for the server, or null. */
  static String unsafe(Path dir) throws IOException {
    PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isDirectory()) {
      return dir + " is not a directory";
    }
    String me = System.getProperty("user.name");
    if (me != null && !a.owner().getName().equals(me)) {
      return dir + " belongs to another user";
    }
    Set<PosixFilePermission> p = a.permissions();
    if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)
        || p.contains(PosixFilePermission.GROUP_READ) || p.contains(PosixFilePermission.OTHERS_READ)
        || p.contains(PosixFilePermission.GROUP_EXECUTE) || p.contains(PosixFilePermission.OTHERS_EXECUTE)) {
      return dir + " may be opened by other users (chmod 700 it)";
    }
    return null;
  }

  private void writePid() throws IOException {
    Path tmp = dir.resolve(PID + ".tmp");
    Files.deleteIfExists(tmp);
    Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    Files.move(tmp, dir.resolve(PID), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Runs the request the starting client left ({@value #WARMUP}) a few times, answering no one, so that the first
   * client served finds cream's code compiled and the index decoded.
   *
   * @param budget the longest it warms up
   */
  void warmUp(Duration budget) {
    Path file = dir.resolve(WARMUP);
    byte[] bytes;
    try {
      bytes = readRequest(file);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      return;
    }
    if (bytes == null) {
      return;
    }
    long end = System.nanoTime() + budget.toNanos();
    int fast = 0;
    for (int i = 0; i < 40 && fast < 5 && System.nanoTime() < end; i++) {
      long t0 = System.nanoTime();
      answer(bytes);
      fast = System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(40) ? fast + 1 : 0;
    }
  }

  /**
   * Makes the named pipe clients write to.
   *
   * @throws IOException when it cannot be made ({@code mkfifo} missing, say)
   */
  void open() throws IOException {
    Path fifo = dir.resolve(REQUESTS);
    Path tmp = dir.resolve(REQUESTS + ".tmp");
    Files.deleteIfExists(tmp);
    mkfifo(tmp);
    Files.move(tmp, fifo, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    fifoKey = Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
  }

  /**
   * Makes a named pipe only its owner can open.
   *
   * @param path where
   * @throws IOException when {@code mkfifo} fails
   */
  static void mkfifo(Path path) throws IOException {
    Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("mkfifo failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Reads request ids from the named pipe and answers each on a worker, until stopped. The pipe is opened for
   * reading and writing, so that it never reaches its end when clients come and go.
   *
   * @throws IOException when the pipe cannot be read
   */
  void serve() throws IOException {
    ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "cream-statusline-server");
      t.setDaemon(true);
      t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
      return t;
    });
    try (RandomAccessFile pipe = new RandomAccessFile(dir.resolve(REQUESTS).toFile(), "rw");
        BufferedReader ids = new BufferedReader(
            new InputStreamReader(new FileInputStream(pipe.getFD()), StandardCharsets.US_ASCII), 256)) {
      for (String id = ids.readLine(); id != null && !stopped; id = ids.readLine()) {
        lastRequest = clock.instant();
        if (!ID.matcher(id).matches()) {
          log("ignored a request id that is not one");
          continue;
        }
        String request = id;
        workers.execute(() -> handle(request));
      }
    } finally {
      workers.shutdownNow();
    }
  }

  /** Answers one request: reads {@code q.ID}, writes the answer into {@code r.ID}, removes both. */
  void handle(String id) {
    Path q = dir.resolve("q." + id);
    Path r = dir.resolve("r." + id);
    try {
      byte[] request = readRequest(q);
      Files.deleteIfExists(q);
      if (request == null) {
        log("a request file that is not a regular file of this user");
        return;
      }
      PosixFileAttributes a = Files.readAttributes(r, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isOther() || !a.owner().equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
        log("an answer pipe that is not a named pipe of this user");
        return;
      }
      byte[] answer = answer(request);
      try (RandomAccessFile pipe = new RandomAccessFile(r.toFile(), "rw")) {
        pipe.write(answer); // opened for writing and reading: never blocks on a client that went away
      }
      engines.saveDue(EngineCache.SAVE_INTERVAL); // what the engines read is saved after the answer, never while a client waits
    } catch (NoSuchFileException e) {
      // the client gave up and removed its files
    } catch (IOException | RuntimeException e) {
      log("a request failed: " + e.getClass().getSimpleName());
    } finally {
      try {
        Files.deleteIfExists(r);
      } catch (IOException e) {
        // the next start removes it
      }
    }
  }

  /** A request file's bytes, or null when it is not a regular file (a link, a pipe) or too long. */
  private static byte[] readRequest(Path q) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(q, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!a.isRegularFile() || a.size() > MAX_REQUEST) {
      return null;
    }
    try (InputStream in = Files.newInputStream(q, LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = in.readNBytes(MAX_REQUEST + 1);
      return b.length > MAX_REQUEST ? null : b;
    }
  }

  /**
   * The answer to a request: the command run as in a process of its own, or {@code F} when this server cannot run
   * it exactly.
   *
   * @param bytes the request file's content
   * @return the answer's bytes
   */
  byte[] answer(byte[] bytes) {
    StatuslineRequest request;
    try {
      request = StatuslineRequest.parse(bytes, jnu);
    } catch (StatuslineRequest.Malformed e) {
      log("an unreadable request: " + e.getMessage());
      return refuse();
    }
    String why = incompatible(request);
    if (why != null) {
      log("a request it cannot answer exactly: " + why);
      return refuse();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    ByteArrayOutputStream err = new ByteArrayOutputStream(0);
    int status;
    try (PrintStream o = StandardOutput.over(out, charset); PrintStream e = new PrintStream(err, true, charset)) {
      Main main = new Main(customizer)
          .stdin(new ByteArrayInputStream(request.stdin().orElse(new byte[0])))
          .cwd(realPath(request.cwd()))
          .engines(engines);
      status = main.execute(request.args().toArray(String[]::new), o, e, Environment.of(request.env(), clock));
      o.flush();
    }
    byte[] printed = out.toByteArray();
    byte[] told = err.toByteArray();
    if (printed.length + told.length > MAX_ANSWER || hasNul(printed) || hasNul(told)) {
      return refuse();
    }
    ByteArrayOutputStream answer = new ByteArrayOutputStream(printed.length + told.length + 8);
    answer.writeBytes(Integer.toString(status).getBytes(StandardCharsets.US_ASCII));
    answer.write(0);
    answer.writeBytes(printed);
    answer.write(0);
    answer.writeBytes(told);
    answer.write(0);
    return answer.toByteArray();
  }

  /** A directory's path with links resolved, as a process started in it sees its working directory. */
  private static Path realPath(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException | RuntimeException e) {
      return dir;
    }
  }

  private static byte[] refuse() {
    return new byte[] {'F', 0, 0, 0};
  }

  private static boolean hasNul(byte[] b) {
    for (byte x : b) {
      if (x == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why this server cannot run a request exactly as its own process would, or null: the request is for another
   * command, from another cream, or for a JVM set up otherwise (plug-ins, options, locale, zone).
   */
  String incompatible(StatuslineRequest r) {
    if (r.args().isEmpty() || !r.args().get(0).equals("statusline")) {
      return "not a statusline command";
    }
    if (jar.isEmpty() || !r.launcher().resolve("cream.jar").equals(jar.get())) {
      return "another cream";
    }
    if (!identity(jar.get()).equals(jarIdentity)) {
      stopped = true;
      return "its jar was replaced";
    }
    for (String name : JVM_VARIABLES) {
      if (!Objects.equals(r.env().get(name), startEnv.get(name))) {
        return "another " + name;
      }
    }
    if (!plugins(Environment.of(r.env(), clock)).equals(plugins)) {
      return "other plug-ins";
    }
    return null;
  }

  /** The plug-in jars an environment loads, each with its identity. */
  private static List<String> plugins(Environment env) {
    List<String> out = new ArrayList<>();
    for (Path p : PluginPath.jars(env)) {
      out.add(p + "\u0000" + identity(p));
    }
    return out;
  }

  /** A file's size, modification time and file key, or "" when it cannot be read. */
  static String identity(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + ":" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + a.fileKey();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static Optional<Path> ownJar() {
    try {
      Path p = Path.of(StatuslineServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Checks once a second whether to stop: idle too long, jar replaced, directory or pipe removed. */
  private void watch() {
    while (!stopped) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      String why = stopReason();
      if (why != null) {
        stop(why);
        Runtime.getRuntime().halt(0); // the reading thread waits on the pipe; nothing is left to finish
      }
    }
  }

  /** Why the server should stop now, or null. */
  String stopReason() {
    if (stopped) {
      return "its jar was replaced";
    }
    if (Duration.between(lastRequest, clock.instant()).compareTo(IDLE) > 0) {
      return "idle for " + IDLE.toMinutes() + " minutes";
    }
    if (jar.isPresent() && !identity(jar.get()).equals(jarIdentity)) {
      return "its jar was replaced";
    }
    try {
      Object key = Files.readAttributes(dir.resolve(REQUESTS), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
      if (!Objects.equals(key, fifoKey)) {
        return "its pipe was replaced";
      }
    } catch (IOException e) {
      return "its pipe was removed";
    }
    return null;
  }

  /**
   * Stops: removes the pipe and the process id (when they are still this server's) and releases the lock.
   *
   * @param why the reason, for the log
   */
  void stop(String why) {
    stopped = true;
    log("stopped: " + why);
    try {
      Path fifo = dir.resolve(REQUESTS);
      Object key = Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
      if (Objects.equals(key, fifoKey)) {
        Files.deleteIfExists(fifo);
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (Files.readString(dir.resolve(PID), StandardCharsets.US_ASCII).strip()
          .equals(Long.toString(ProcessHandle.current().pid()))) {
        Files.deleteIfExists(dir.resolve(PID));
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (lock != null) {
        lock.release();
        lockChannel.close();
      }
    } catch (IOException e) {
      // the process ends
    }
  }

  /** The engines the server keeps between requests. */
  EngineCache engines() {
    return engines;
  }

  /** Appends a line to the server's log (never log content: reasons in a few words); it starts over past 64 KiB. */
  void log(String line) {
    try {
      Path log = dir.resolve(LOG);
      if (Files.size(log) > 64 * 1024) {
        Files.delete(log);
      }
    } catch (IOException e) {
      // there is none yet
    }
    try {
      Files.writeString(dir.resolve(LOG), clock.instant() + " " + line + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      // nowhere to say it
    }
  }
}
