package io.github.cream.source.pi;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenClaw's session index, {@code agents/<id>/sessions/sessions.json}: a map from session key to an entry naming
 * the current session id of that key, with its label, channel, origin and spawn facts. It is metadata, not a
 * transcript: this class reads it into "session id to {@link SessionMeta}" for the parsers of the transcripts
 * beside it.
 *
 * <p>The file can be megabytes (each entry carries a snapshot of the skills prompt); it is streamed with
 * {@code skipChildren()} over everything but the few fields used, and the result is cached per file, keyed by
 * size and modification time, so a scan of a thousand transcripts parses each index once. The cache is bounded
 * and thread-safe; a changed file is read again. Parsers look up their session once, when they open, so a parser's
 * output depends only on its lines and the index as it was at that moment.
 */
final class SessionIndex {

  /** The index's file name. */
  static final String FILE_NAME = "sessions.json";

  private static final int MAX_CACHED = 64;

  private record Cached(long size, long modified, Map<String, SessionMeta> bySession) {}

  private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

  /**
   * The metadata the index beside a transcript holds for a session.
   *
   * @param transcript the transcript file
   * @param sessionId the session
   * @return the metadata, or null when there is no index or it does not name the session
   */
  SessionMeta lookup(Path transcript, String sessionId) {
    if (sessionId == null) {
      return null;
    }
    Path dir = transcript.getParent();
    if (dir == null) {
      return null;
    }
    return entries(dir.resolve(FILE_NAME)).get(sessionId);
  }

  /**
   * Every session the index names, by session id.
   *
   * @param file the index file
   * @return the metadata by session id; empty if the file is missing or unreadable
   */
  Map<String, SessionMeta> entries(Path file) {
    long size;
    long modified;
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return Map.of();
      }
      size = a.size();
      modified = a.lastModifiedTime().toMillis();
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    Cached c = cache.get(file);
    if (c != null && c.size() == size && c.modified() == modified) {
      return c.bySession();
    }
    Map<String, SessionMeta> parsed;
    try (InputStream in = Files.newInputStream(file)) {
      parsed = parse(in);
    } catch (IOException | RuntimeException e) {
      parsed = Map.of();
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(file, new Cached(size, modified, parsed));
    return parsed;
  }

  /**
   * Parses an index.
   *
   * @param in the index's bytes
   * @return metadata by session id; when several keys name one session, the first key's facts win field by field
   * @throws IOException if the stream fails or is not JSON
   */
  static Map<String, SessionMeta> parse(InputStream in) throws IOException {
    Map<String, SessionMeta> out = new HashMap<>();
    try (JsonParser p = Json.FACTORY.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Map.of();
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        Entry e = readEntry(p);
        if (e.sessionId == null || e.sessionId.isBlank()) {
          continue;
        }
        SessionMeta m =
            Classifier.fromIndex(
                new Classifier.IndexFields(
                    key, e.label, e.channel, e.originSurface, e.deliveryChannel, e.lastChannel, e.chatType,
                    e.spawnedBy, null, null));
        out.merge(e.sessionId, m, SessionMeta::or);
      }
    }
    return Map.copyOf(out);
  }

  private static final class Entry {
    String sessionId;
    String label;
    String channel;
    String originSurface;
    String deliveryChannel;
    String lastChannel;
    String chatType;
    String spawnedBy;
  }

  private static Entry readEntry(JsonParser p) throws IOException {
    Entry e = new Entry();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "sessionId" -> e.sessionId = Json.text(p);
        case "label" -> e.label = Json.text(p);
        case "channel" -> e.channel = Json.text(p);
        case "lastChannel" -> e.lastChannel = Json.text(p);
        case "chatType" -> e.chatType = Json.text(p);
        case "spawnedBy", "subagentRole" -> {
          String v = Json.text(p);
          if (v != null) {
            e.spawnedBy = v;
          }
        }
        case "origin" -> e.originSurface = field(p, "surface", e.originSurface);
        case "deliveryContext" -> e.deliveryChannel = field(p, "channel", e.deliveryChannel);
        default -> p.skipChildren();
      }
    }
    return e;
  }

  /** One string field of a nested object; the rest of the object is skipped. */
  private static String field(JsonParser p, String wanted, String otherwise) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return otherwise;
    }
    String found = otherwise;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      if (name.equals(wanted)) {
        String v = Json.text(p);
        if (v != null) {
          found = v;
        }
      } else {
        p.skipChildren();
      }
    }
    return found;
  }
}
