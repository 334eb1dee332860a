package io.github.cream.core.internal;

import io.github.cream.api.RateLimits;
import io.github.cream.api.SessionFacts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Merges what several files say about one session, as {@link SessionFacts} documents: each field from the most
 * authoritative file that knows it (highest priority, then first file by path), the widest activity range, the
 * latest rate limits. Independent of the order files were scanned in.
 */
public final class FactsMerger {

  private FactsMerger() {}

  /** One file's facts about one session. */
  public record FileFacts(Path file, SessionFacts facts) {}

  private static final Comparator<FileFacts> AUTHORITY =
      Comparator.comparingInt((FileFacts f) -> f.facts().priority()).reversed()
          .thenComparing(f -> f.file().toString());

  /**
   * Merges facts per session.
   *
   * @param all every file's facts
   * @return the merged facts per session
   */
  public static Map<SessionRef, SessionFacts> merge(List<FileFacts> all) {
    Map<SessionRef, List<FileFacts>> bySession = new HashMap<>();
    for (FileFacts f : all) {
      bySession
          .computeIfAbsent(new SessionRef(f.facts().source(), f.facts().sessionId()), k -> new ArrayList<>())
          .add(f);
    }
    Map<SessionRef, SessionFacts> out = new HashMap<>();
    bySession.forEach((ref, list) -> out.put(ref, mergeOne(list)));
    return out;
  }

  private static SessionFacts mergeOne(List<FileFacts> list) {
    list.sort(AUTHORITY);
    SessionFacts top = list.get(0).facts();
    SessionFacts.Builder b = SessionFacts.builder(top.source(), top.sessionId()).priority(top.priority());
    first(list, SessionFacts::title).ifPresent(b::title);
    first(list, SessionFacts::project).ifPresent(b::project);
    first(list, SessionFacts::category).ifPresent(b::category);
    first(list, SessionFacts::channel).ifPresent(b::channel);
    first(list, SessionFacts::cronJob).ifPresent(b::cronJob);
    first(list, SessionFacts::parentSessionId).ifPresent(b::parentSessionId);
    Instant firstSeen = null;
    Instant lastSeen = null;
    RateLimits limits = null;
    Map<String, String> attributes = new LinkedHashMap<>();
    for (FileFacts ff : list) {
      SessionFacts f = ff.facts();
      if (f.firstSeen().isPresent() && (firstSeen == null || f.firstSeen().get().isBefore(firstSeen))) {
        firstSeen = f.firstSeen().get();
      }
      if (f.lastSeen().isPresent() && (lastSeen == null || f.lastSeen().get().isAfter(lastSeen))) {
        lastSeen = f.lastSeen().get();
      }
      if (f.rateLimits().isPresent()
          && (limits == null || f.rateLimits().get().observedAt().isAfter(limits.observedAt()))) {
        limits = f.rateLimits().get();
      }
      f.attributes().forEach(attributes::putIfAbsent);
    }
    b.seen(firstSeen).seen(lastSeen).rateLimits(limits);
    attributes.forEach(b::attribute);
    return b.build();
  }

  private static <T> Optional<T> first(List<FileFacts> list, Function<SessionFacts, Optional<T>> field) {
    for (FileFacts f : list) {
      Optional<T> v = field.apply(f.facts());
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }
}
