package io.github.cream.core;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which calls a report covers: a date range in a time zone, some sources, a project.
 *
 * <pre>{@code
 * Filter f = Filter.builder()
 *     .zone(ZoneId.of("Europe/Helsinki"))
 *     .since(LocalDate.parse("2026-11-01")).until(LocalDate.parse("2026-11-21"))
 *     .sources(Set.of("claude", "codex"))
 *     .project(Path.of("/home/me/work/app"))
 *     .build();
 * UsageSnapshot november = snapshot.filter(f);
 * }</pre>
 */
public final class Filter {

  private static final Filter ALL = new Builder().build();

  private final ZoneId zone;
  private final LocalDate since;
  private final LocalDate until;
  private final Set<String> sources;
  private final String project;

  private Filter(Builder b) {
    this.zone = b.zone;
    this.since = b.since;
    this.until = b.until;
    this.sources = Set.copyOf(b.sources);
    this.project = b.project;
    if (since != null && until != null && since.isAfter(until)) {
      throw new IllegalArgumentException("since " + since + " is after until " + until);
    }
  }

  /**
   * A filter that keeps everything.
   *
   * @return the filter
   */
  public static Filter all() {
    return ALL;
  }

  /** Whether this filter keeps every call: no source, day or project is asked for (the zone then changes nothing). */
  boolean keepsEverything() {
    return sources.isEmpty() && since == null && until == null && project == null;
  }

  /**
   * A builder.
   *
   * @return an empty builder (keeps everything, UTC)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The zone the dates are in.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * The first day kept.
   *
   * @return the day, if bounded
   */
  public Optional<LocalDate> since() {
    return Optional.ofNullable(since);
  }

  /**
   * The last day kept.
   *
   * @return the day, if bounded
   */
  public Optional<LocalDate> until() {
    return Optional.ofNullable(until);
  }

  /**
   * The sources kept; empty means all.
   *
   * @return source ids
   */
  public Set<String> sources() {
    return sources;
  }

  /**
   * The project kept: sessions whose working directory is this path or below it.
   *
   * @return the path, as text with {@code /} separators and no trailing separator
   */
  public Optional<String> project() {
    return Optional.ofNullable(project);
  }

  /**
   * Whether a working directory is the filter's project or below it. Both are compared as text with {@code /}
   * separators, so Windows paths logged on another machine match too.
   *
   * @param directory a working directory from a log
   * @return true when it is inside the project (always true without a project filter)
   */
  public boolean inProject(String directory) {
    if (project == null) {
      return true;
    }
    if (directory == null) {
      return false;
    }
    String d = normalize(directory);
    return d.equals(project) || d.startsWith(project.endsWith("/") ? project : project + "/");
  }

  static String normalize(String path) {
    String p = path.replace('\\', '/');
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /**
   * Whether a date is inside the range.
   *
   * @param date a local date in {@link #zone()}
   * @return true when kept
   */
  public boolean inRange(LocalDate date) {
    return (since == null || !date.isBefore(since)) && (until == null || !date.isAfter(until));
  }

  /** Builds a {@link Filter}; not thread-safe. */
  public static final class Builder {
    private ZoneId zone = ZoneId.of("UTC");
    private LocalDate since;
    private LocalDate until;
    private Set<String> sources = Set.of();
    private String project;

    private Builder() {}

    /**
     * Sets the zone dates are computed in.
     *
     * @param value the zone
     * @return this builder
     */
    public Builder zone(ZoneId value) {
      this.zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /**
     * Keeps calls on or after a day.
     *
     * @param value the first day, or null for no bound
     * @return this builder
     */
    public Builder since(LocalDate value) {
      this.since = value;
      return this;
    }

    /**
     * Keeps calls on or before a day.
     *
     * @param value the last day, or null for no bound
     * @return this builder
     */
    public Builder until(LocalDate value) {
      this.until = value;
      return this;
    }

    /**
     * Keeps only some sources.
     *
     * @param value source ids; empty keeps all
     * @return this builder
     */
    public Builder sources(Set<String> value) {
      this.sources = Set.copyOf(value);
      return this;
    }

    /**
     * Keeps only sessions in a project directory or below it.
     *
     * @param value the directory, or null for all
     * @return this builder
     */
    public Builder project(Path value) {
      // "." and ".." are resolved first (lexically: nothing is read), so that "/home/me/app/.." means "/home/me"
      this.project = value == null ? null : normalize(value.normalize().toString());
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException if since is after until
     */
    public Filter build() {
      return new Filter(this);
    }
  }
}
