package io.github.cream.core.internal;

/**
 * A session's identity across the engine: its source and id.
 *
 * @param source the source id
 * @param sessionId the session id
 */
public record SessionRef(String source, String sessionId) implements Comparable<SessionRef> {
  @Override
  public int compareTo(SessionRef o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : sessionId.compareTo(o.sessionId);
  }
}
