package io.github.cream.source.pi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.cream.api.SessionCategory;
import io.github.cream.spi.EntryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Reads OpenClaw's SQLite transcript store, {@code agents/<id>/agent/openclaw-agent.sqlite}, read-only, through any
 * JDBC driver for SQLite present at run time (the optional dependency {@value #ARTIFACT}).
 *
 * <p>Schema, as OpenClaw's {@code src/state/openclaw-agent-schema.sql} declares it: {@code transcript_events
 * (session_id, seq, event_json, created_at, PRIMARY KEY (session_id, seq))}, where {@code event_json} is exactly one
 * line of the session's JSONL transcript (its header is the first event), and {@code session_windows} /
 * {@code session_nodes} with the session key, channel, chat type, label and fork facts. Only
 * {@code transcript_events.session_id} and {@code event_json} are required; every other table and column is used
 * when present.
 *
 * <p>Positions: {@code seq} is per session, so the store's own ascending number is the table's {@code rowid}. Each
 * row is handed to the parser at position {@code 2 * rowid + 1}, wrapped with its session's id, working directory
 * and fork time; the first time a read meets a session, a session row at {@code 2 * rowid} carries its metadata
 * (header, first prompt, session tables) so that the parser can emit its facts without carrying state between rows.
 * Rows are read in pages, each its own short read transaction, so the store is never held for long; the connection
 * is opened read-only ({@code mode=ro}), so nothing is ever written or created.
 */
final class SqliteStore {

  /** The artifact to add for this store to be read. */
  static final String ARTIFACT = "org.xerial:sqlite-jdbc";

  /** The store's file name. */
  static final String FILE_NAME = "openclaw-agent.sqlite";

  private static final String URL_PREFIX = "jdbc:sqlite:";
  private static final int PAGE = 2000;

  /** Finds a JDBC driver for SQLite; replaceable so that a test can take the driver away. */
  @FunctionalInterface
  interface DriverFinder {
    /**
     * A driver that accepts {@code jdbc:sqlite:} URLs.
     *
     * @return the driver, if one is present
     */
    Optional<Driver> find();
  }

  /** Looks in {@link DriverManager}, then with {@link ServiceLoader} in the context and this module's loaders. */
  static final DriverFinder DEFAULT_FINDER =
      () -> {
        try {
          return Optional.of(DriverManager.getDriver(URL_PREFIX));
        } catch (SQLException | RuntimeException | LinkageError e) {
          // not registered with DriverManager; try the service loaders below
        }
        for (ClassLoader loader :
            new ClassLoader[] {Thread.currentThread().getContextClassLoader(), SqliteStore.class.getClassLoader()}) {
          try {
            Iterator<Driver> it = ServiceLoader.load(Driver.class, loader).iterator();
            while (it.hasNext()) {
              Driver d;
              try {
                d = it.next();
              } catch (ServiceConfigurationError e) {
                continue;
              }
              if (d.acceptsURL(URL_PREFIX)) {
                return Optional.of(d);
              }
            }
          } catch (SQLException | RuntimeException | LinkageError | ServiceConfigurationError e) {
            // this loader has none
          }
        }
        return Optional.empty();
      };

  /** What is wrong with a store before reading it. */
  enum Problem {
    NO_DRIVER,
    NO_TRANSCRIPT_TABLE,
    UNREADABLE
  }

  private final DriverFinder finder;

  SqliteStore(DriverFinder finder) {
    this.finder = finder;
  }

  /**
   * Whether a store can be read: a driver is present, the file opens read-only, and it has a
   * {@code transcript_events} table with {@code session_id} and {@code event_json}.
   *
   * @param file the store
   * @return the problem, or empty when it can be read
   */
  Optional<Problem> probe(Path file) {
    Optional<Driver> driver = safeFind();
    if (driver.isEmpty()) {
      return Optional.of(Problem.NO_DRIVER);
    }
    try (Connection c = open(driver.get(), file)) {
      return Schema.of(c).readable() ? Optional.empty() : Optional.of(Problem.NO_TRANSCRIPT_TABLE);
    } catch (SQLException | RuntimeException e) {
      return Optional.of(Problem.UNREADABLE);
    }
  }

  private Optional<Driver> safeFind() {
    try {
      Optional<Driver> d = finder.find();
      return d == null ? Optional.empty() : d;
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  static Connection open(Driver driver, Path file) throws SQLException {
    Properties props = new Properties();
    // SQLITE_OPEN_READONLY | SQLITE_OPEN_URI: never create, never write
    props.setProperty("open_mode", "65");
    Connection c = driver.connect(URL_PREFIX + file.toAbsolutePath().toUri() + "?mode=ro", props);
    if (c == null) {
      throw new SQLException("the driver does not accept SQLite URLs");
    }
    try {
      c.setReadOnly(true);
    } catch (SQLException e) {
      // some drivers only accept this before the connection is opened; mode=ro already holds
    }
    return c;
  }

  /** Which of the tables and columns this reader uses the store has. */
  private record Schema(Set<String> events, Set<String> windows, Set<String> nodes) {

    static Schema of(Connection c) throws SQLException {
      return new Schema(columns(c, "transcript_events"), columns(c, "session_windows"), columns(c, "session_nodes"));
    }

    boolean readable() {
      return events.contains("session_id") && events.contains("event_json");
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
      Set<String> out = new HashSet<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("PRAGMA table_info(\"" + table + "\")")) {
        while (rs.next()) {
          out.add(rs.getString("name"));
        }
      }
      return out;
    }
  }

  /** What a read knows of one session, for the rows that follow. */
  private record SessionRows(byte[] eventPrefix) {}

  /**
   * Streams the store's rows after a position, as {@link EntryStore#read} describes.
   *
   * @param file the store
   * @param after the last position read, or -1
   * @param entries where the rows go
   * @throws IOException if the store cannot be read
   */
  void read(Path file, long after, EntryStore.EntryConsumer entries) throws IOException {
    Driver driver = safeFind().orElseThrow(() -> new IOException("no SQLite JDBC driver; add " + ARTIFACT));
    try (Connection c = open(driver, file)) {
      Schema schema = Schema.of(c);
      if (!schema.readable()) {
        throw new IOException("the store has no transcript_events table with session_id and event_json");
      }
      Map<String, SessionRows> sessions = new HashMap<>();
      long rowid = after < 0 ? Long.MIN_VALUE : after / 2 - 1;
      while (true) {
        int n = 0;
        try (PreparedStatement q =
            c.prepareStatement(
                "SELECT rowid, session_id, event_json FROM transcript_events WHERE rowid > ? ORDER BY rowid LIMIT "
                    + PAGE)) {
          q.setLong(1, rowid);
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              n++;
              rowid = rs.getLong(1);
              String sessionId = rs.getString(2);
              String event = rs.getString(3);
              if (rowid < 0 || rowid >= Long.MAX_VALUE / 2 || sessionId == null || event == null) {
                continue;
              }
              long sessionPos = rowid * 2;
              long eventPos = sessionPos + 1;
              SessionRows rows = sessions.get(sessionId);
              if (rows == null) {
                byte[] meta = sessionRow(c, schema, sessionId);
                rows = new SessionRows(eventPrefix(sessionId, meta));
                sessions.put(sessionId, rows);
                if (sessionPos > after) {
                  entries.entry(sessionPos, meta, 0, meta.length);
                }
              }
              if (eventPos > after) {
                byte[] line = wrap(rows.eventPrefix(), event);
                entries.entry(eventPos, line, 0, line.length);
              }
            }
          }
        }
        if (n < PAGE) {
          return;
        }
      }
    } catch (SQLException e) {
      throw new IOException("the store could not be read", e);
    }
  }

  private static byte[] wrap(byte[] prefix, String event) {
    byte[] body = event.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[prefix.length + body.length + 1];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    out[out.length - 1] = '}';
    return out;
  }

  /** The store session row: header, first prompt and the session tables' facts, as one JSON object. */
  private static byte[] sessionRow(Connection c, Schema schema, String sessionId) throws SQLException, IOException {
    String order = schema.events().contains("seq") ? "seq" : "rowid";
    String header = firstEvent(c, sessionId, "", order);
    String firstUser = firstEvent(c, sessionId, " AND event_json LIKE '%\"role\":\"user\"%'", order);
    Map<String, String> meta = new HashMap<>();
    if (schema.windows().contains("session_id")) {
      List<String> cols =
          List.of("session_key", "channel", "chat_type", "previous_session_id", "reason", "spawned_by");
      StringBuilder sql = new StringBuilder("SELECT ");
      int k = 0;
      for (String col : cols) {
        if (schema.windows().contains(col)) {
          sql.append(k++ == 0 ? "" : ", ").append(col);
        }
      }
      if (k > 0) {
        sql.append(" FROM session_windows WHERE session_id = ?");
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
          q.setString(1, sessionId);
          try (ResultSet rs = q.executeQuery()) {
            if (rs.next()) {
              for (String col : cols) {
                if (schema.windows().contains(col)) {
                  meta.put(col, rs.getString(col));
                }
              }
            }
          }
        }
      }
    }
    String key = meta.get("session_key");
    if (key != null && schema.nodes().contains("session_key")) {
      for (String col : List.of("label", "created_via")) {
        if (schema.nodes().contains(col)) {
          try (PreparedStatement q = c.prepareStatement("SELECT " + col + " FROM session_nodes WHERE session_key = ?")) {
            q.setString(1, key);
            try (ResultSet rs = q.executeQuery()) {
              if (rs.next()) {
                meta.put(col, rs.getString(1));
              }
            }
          }
        }
      }
    }
    String parent = null;
    if ("fork".equals(meta.get("reason"))) {
      parent = meta.get("previous_session_id");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", PiParser.STORE_SESSION);
      g.writeStringField("sessionId", sessionId);
      if (isObject(header)) {
        g.writeFieldName("header");
        g.writeRawValue(header);
      }
      if (isObject(firstUser)) {
        g.writeFieldName("firstUser");
        g.writeRawValue(firstUser);
      }
      g.writeObjectFieldStart("meta");
      writeIfPresent(g, "key", key);
      writeIfPresent(g, "label", meta.get("label"));
      writeIfPresent(g, "channel", meta.get("channel"));
      writeIfPresent(g, "chatType", meta.get("chat_type"));
      writeIfPresent(g, "spawnedBy", meta.get("spawned_by"));
      writeIfPresent(g, "createdVia", meta.get("created_via"));
      writeIfPresent(g, "parent", parent);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void writeIfPresent(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static String firstEvent(Connection c, String sessionId, String where, String order) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT event_json FROM transcript_events WHERE session_id = ?" + where + " ORDER BY " + order
                + " LIMIT 1")) {
      q.setString(1, sessionId);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Whether a text is one whole JSON object (so that it can be embedded as a raw value). */
  private static boolean isObject(String json) {
    if (json == null) {
      return false;
    }
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The bytes every event row of a session starts with: {@code {"type":"cream.store-event","sessionId":...,
   * "cwd":...,"forkedAt":...,"subagent":...,"event":}}; the event and a closing brace follow.
   */
  private static byte[] eventPrefix(String sessionId, byte[] sessionRow) throws IOException {
    String cwd = null;
    long forkedAt = Long.MIN_VALUE;
    boolean subagent = false;
    String parentRef = null;
    String headerTime = null;
    String key = null;
    String label = null;
    String spawnedBy = null;
    String createdVia = null;
    String parent = null;
    try (JsonParser p = Json.FACTORY.createParser(sessionRow)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("header") && t == JsonToken.START_OBJECT) {
          PiParser.Entry h = PiParser.readEntry(p, false);
          cwd = h.cwd;
          headerTime = h.timestamp;
          parentRef = h.parentSession != null ? h.parentSession : h.branchedFrom;
        } else if (name.equals("meta") && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String m = p.currentName();
            p.nextToken();
            String v = Json.text(p);
            switch (m) {
              case "key" -> key = v;
              case "label" -> label = v;
              case "spawnedBy" -> spawnedBy = v;
              case "createdVia" -> createdVia = v;
              case "parent" -> parent = v;
              default -> { }
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    Instant h = Json.instant(headerTime);
    if (h != null && (parentRef != null || parent != null)) {
      forkedAt = h.toEpochMilli();
    }
    SessionMeta m =
        Classifier.fromIndex(
            new Classifier.IndexFields(key, label, null, null, null, null, null, spawnedBy, createdVia, null));
    subagent = m.category() == SessionCategory.SUBAGENT;
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("type", PiParser.STORE_EVENT);
      g.writeStringField("sessionId", sessionId);
      if (cwd != null) {
        g.writeStringField("cwd", cwd);
      }
      if (forkedAt != Long.MIN_VALUE) {
        g.writeNumberField("forkedAt", forkedAt);
      }
      if (subagent) {
        g.writeBooleanField("subagent", true);
      }
      g.writeEndObject();
    }
    byte[] closed = out.toByteArray(); // {...}
    byte[] tail = ",\"event\":".getBytes(StandardCharsets.US_ASCII);
    byte[] prefix = new byte[closed.length - 1 + tail.length];
    System.arraycopy(closed, 0, prefix, 0, closed.length - 1);
    System.arraycopy(tail, 0, prefix, closed.length - 1, tail.length);
    return prefix;
  }
}
