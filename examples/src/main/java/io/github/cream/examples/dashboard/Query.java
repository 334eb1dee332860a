package io.github.cream.examples.dashboard;

import io.github.cream.core.Filter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's query parameters, and the report filter they ask for: {@code zone} (an IANA time zone),
 * {@code since} and {@code until} (YYYY-MM-DD), {@code source} (ids separated by commas) and {@code project} (an
 * absolute directory). Only ever compared with what the scan found; nothing is read from a path.
 */
final class Query {

  /** The longest query string accepted. */
  static final int MAX_LENGTH = 4096;

  private final Map<String, String> params;

  private Query(Map<String, String> params) {
    this.params = params;
  }

  /**
   * Parses a raw query string (the last value of a repeated name wins).
   *
   * @param raw the raw query, or null
   * @return the parameters
   * @throws BadRequest if the query is too long or not valid percent-encoding
   */
  static Query parse(String raw) throws BadRequest {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return new Query(params);
    }
    if (raw.length() > MAX_LENGTH) {
      throw new BadRequest("the query is too long");
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new BadRequest("the query is not valid percent-encoding");
      }
    }
    return new Query(params);
  }

  /**
   * A parameter, when present and not blank.
   *
   * @param name the name
   * @return the value
   */
  Optional<String> get(String name) {
    return Optional.ofNullable(params.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  /**
   * The time zone asked for, else the default.
   *
   * @param fallback the default zone
   * @return the zone
   * @throws BadRequest if the zone is not known
   */
  ZoneId zone(ZoneId fallback) throws BadRequest {
    Optional<String> z = get("zone");
    if (z.isEmpty()) {
      return fallback;
    }
    try {
      return ZoneId.of(z.get());
    } catch (DateTimeException e) {
      throw new BadRequest("zone: not a time zone");
    }
  }

  /**
   * The filter the parameters ask for, with dates in a zone.
   *
   * @param zone the zone dates are in
   * @return the filter
   * @throws BadRequest if a date or the project is not valid, or since is after until
   */
  Filter filter(ZoneId zone) throws BadRequest {
    Set<String> sources = new LinkedHashSet<>();
    get("source").ifPresent(s -> {
      for (String id : s.split(",")) {
        if (!id.isBlank()) {
          sources.add(id.strip());
        }
      }
    });
    Path project = null;
    Optional<String> p = get("project");
    if (p.isPresent()) {
      try {
        project = Path.of(p.get());
      } catch (InvalidPathException e) {
        throw new BadRequest("project: not a path");
      }
      if (!project.isAbsolute()) {
        throw new BadRequest("project: not an absolute path");
      }
    }
    try {
      return Filter.builder().zone(zone).since(date("since")).until(date("until")).sources(sources)
          .project(project).build();
    } catch (IllegalArgumentException e) {
      throw new BadRequest("since is after until");
    }
  }

  private LocalDate date(String name) throws BadRequest {
    Optional<String> d = get(name);
    if (d.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(d.get());
    } catch (DateTimeException e) {
      throw new BadRequest(name + ": not a date (YYYY-MM-DD)");
    }
  }

  /** A request the server refuses with status 400; the message names the parameter, never echoes its value. */
  static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }
}
