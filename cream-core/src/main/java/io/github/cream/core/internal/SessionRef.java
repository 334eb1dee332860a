package io.github.cream.core.internal;

import java.util.Objects;

/**
 * A session's identity across the engine: its source and id.
 *
 * @param source the source id
 * @param sessionId the session id
 */
public record SessionRef(String source, String sessionId) implements Comparable<SessionRef> {

  // equals and hashCode written out: see IndexEntry.Key

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionRef r && Objects.equals(sessionId, r.sessionId) && Objects.equals(source, r.source);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(source) + Objects.hashCode(sessionId);
  }

  @Override
  public int compareTo(SessionRef o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : sessionId.compareTo(o.sessionId);
  }
}
