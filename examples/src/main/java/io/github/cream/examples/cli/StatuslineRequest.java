package io.github.cream.examples.cli;

import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code cream statusline} run, as the launcher's client hands it to the statusline server: what the command
 * would have seen had it run in a process of its own.
 *
 * <p>The request file holds NUL-terminated fields, then the standard input's bytes to the end of the file:
 *
 * <pre>
 * cream-statusline-request 1 NUL
 * client launcher directory NUL
 * working directory NUL
 * argument count NUL, then each argument NUL
 * each environment variable as NAME=VALUE NUL, then an empty field NUL
 * "+" when standard input follows, "-" when the command does not read it NUL
 * standard input
 * </pre>
 *
 * @param launcher the directory of the launcher that sent it (its {@code cream.jar} must be the server's)
 * @param cwd the client's working directory
 * @param args the command line, {@code statusline} first
 * @param env the client's environment
 * @param stdin the client's standard input, empty when the command does not read it
 */
record StatuslineRequest(Path launcher, Path cwd, List<String> args, Map<String, String> env, Optional<byte[]> stdin) {

  /** The first field of every request. */
  static final String MAGIC = "cream-statusline-request 1";

  /** The most arguments and variables a request may hold. */
  private static final int MAX_FIELDS = 4096;

  /** A request that cannot be read: why, in a few words (never its content). */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String why) {
      super(why);
    }
  }

  /**
   * Reads a request.
   *
   * @param bytes the request file's content
   * @param charset how the JVM decodes command lines, variables and paths here ({@code sun.jnu.encoding}), so that
   *     the command sees what it would have seen in a process of its own
   * @return the request
   * @throws Malformed when it is not a request this server understands
   */
  static StatuslineRequest parse(byte[] bytes, Charset charset) throws Malformed {
    Reader r = new Reader(bytes, charset);
    if (!MAGIC.equals(r.field())) {
      throw new Malformed("not a statusline request of this version");
    }
    Path launcher = absolute(r.field(), "launcher directory");
    Path cwd = absolute(r.field(), "working directory");
    int argc;
    try {
      argc = Integer.parseInt(r.field());
    } catch (NumberFormatException e) {
      throw new Malformed("bad argument count");
    }
    if (argc < 1 || argc > MAX_FIELDS) {
      throw new Malformed("bad argument count");
    }
    List<String> args = new ArrayList<>(argc);
    for (int i = 0; i < argc; i++) {
      args.add(r.field());
    }
    Map<String, String> env = new LinkedHashMap<>();
    for (String v = r.field(); !v.isEmpty(); v = r.field()) {
      int eq = v.indexOf('=');
      if (eq <= 0 || env.size() >= MAX_FIELDS) {
        throw new Malformed("bad environment variable");
      }
      env.put(v.substring(0, eq), v.substring(eq + 1));
    }
    String flag = r.field();
    Optional<byte[]> stdin;
    if (flag.equals("+")) {
      stdin = Optional.of(Arrays.copyOfRange(bytes, r.at, bytes.length));
    } else if (flag.equals("-") && r.at == bytes.length) {
      stdin = Optional.empty();
    } else {
      throw new Malformed("bad standard input flag");
    }
    return new StatuslineRequest(launcher, cwd, List.copyOf(args), Map.copyOf(env), stdin);
  }

  private static Path absolute(String s, String what) throws Malformed {
    try {
      Path p = Path.of(s);
      if (!p.isAbsolute()) {
        throw new Malformed(what + " is not absolute");
      }
      return p.normalize();
    } catch (InvalidPathException e) {
      throw new Malformed("bad " + what);
    }
  }

  /** Reads NUL-terminated UTF-8 fields. */
  private static final class Reader {
    private final byte[] bytes;
    private final Charset charset;
    private int at;

    Reader(byte[] bytes, Charset charset) {
      this.bytes = bytes;
      this.charset = charset;
    }

    String field() throws Malformed {
      for (int i = at; i < bytes.length; i++) {
        if (bytes[i] == 0) {
          String s = new String(bytes, at, i - at, charset);
          at = i + 1;
          return s;
        }
      }
      throw new Malformed("truncated request");
    }
  }
}
