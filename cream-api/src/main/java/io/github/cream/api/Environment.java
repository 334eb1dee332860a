package io.github.cream.api;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What cream may know of the machine it runs on: environment variables, the home directory and a clock.
 *
 * <p>Everything that depends on the machine reads it from here, never from {@link System#getenv()},
 * {@code user.home} or the system clock directly, so that tests and embedders can run cream against any home
 * directory and any instant. The home directory is {@code $HOME} when set (like the agents themselves, and unlike
 * {@code user.home}, which ignores {@code $HOME}); {@code user.home} only when {@code $HOME} is unset.
 *
 * <pre>{@code
 * Environment env = Environment.of(
 *     Map.of("HOME", "/tmp/home", "CLAUDE_CONFIG_DIR", "/a,/b"),
 *     Clock.fixed(Instant.parse("2026-11-21T19:00:00Z"), ZoneOffset.UTC));
 * env.home();                          // /tmp/home
 * env.pathList("CLAUDE_CONFIG_DIR");   // [/a, /b]
 * }</pre>
 */
public final class Environment {

  private final Map<String, String> variables;
  private final Clock clock;
  private final Path home;

  private Environment(Map<String, String> variables, Clock clock, String fallbackHome) {
    this.variables = Map.copyOf(variables);
    this.clock = Objects.requireNonNull(clock, "clock");
    String h = variables.get("HOME");
    if (h == null || h.isBlank()) {
      h = fallbackHome;
    }
    this.home = Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
  }

  /**
   * The real machine: the process environment, {@code $HOME} and the system clock.
   *
   * @return the system environment
   */
  public static Environment system() {
    return new Environment(System.getenv(), Clock.systemUTC(), System.getProperty("user.home"));
  }

  /**
   * A given environment. {@code HOME} must be among the variables; without it the home is the current directory.
   *
   * @param variables environment variables
   * @param clock the clock
   * @return the environment
   */
  public static Environment of(Map<String, String> variables, Clock clock) {
    Objects.requireNonNull(variables, "variables");
    return new Environment(variables, clock, null);
  }

  /**
   * A variable's value; unset and blank values are both absent.
   *
   * @param name the variable
   * @return its value, if set and not blank
   */
  public Optional<String> get(String name) {
    String v = variables.get(Objects.requireNonNull(name, "name"));
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /**
   * All variables.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> variables() {
    return variables;
  }

  /**
   * The home directory: {@code $HOME}, else {@code user.home}.
   *
   * @return the absolute home directory
   */
  public Path home() {
    return home;
  }

  /**
   * The clock.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The current instant of {@link #clock()}.
   *
   * @return now
   */
  public Instant now() {
    return clock.instant();
  }

  /**
   * {@code $XDG_CONFIG_HOME}, else {@code ~/.config}.
   *
   * @return the user's configuration directory
   */
  public Path configHome() {
    return get("XDG_CONFIG_HOME").map(this::expand).orElse(home.resolve(".config"));
  }

  /**
   * {@code $XDG_CACHE_HOME}, else {@code ~/.cache}.
   *
   * @return the user's cache directory
   */
  public Path cacheHome() {
    return get("XDG_CACHE_HOME").map(this::expand).orElse(home.resolve(".cache"));
  }

  /**
   * A path with a leading {@code ~} or {@code ~/} replaced by the home directory; relative paths are resolved
   * against the home directory too, since agents' path variables are meant to be absolute.
   *
   * @param path a path as a user wrote it
   * @return the absolute, normalized path
   */
  public Path expand(String path) {
    String p = Objects.requireNonNull(path, "path").strip();
    if (p.equals("~")) {
      return home;
    }
    if (p.startsWith("~/") || p.startsWith("~\\")) {
      return home.resolve(p.substring(2)).normalize();
    }
    return home.resolve(p).normalize();
  }

  /**
   * A variable holding a comma-separated list of paths, each expanded with {@link #expand}; empty entries are
   * dropped.
   *
   * @param name the variable
   * @return the paths, empty if the variable is unset
   */
  public List<Path> pathList(String name) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    for (String part : v.get().split(",")) {
      if (!part.isBlank()) {
        out.add(expand(part));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "Environment[home=" + home + ", variables=" + variables.size() + ", clock=" + clock + "]";
  }
}
