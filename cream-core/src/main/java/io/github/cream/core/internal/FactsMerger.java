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
    // most sessions are told of by one file: those are kept as they are, without a list per session
    Map<SessionRef, Object> bySession = new HashMap<>(Math.max(16, all.size() * 4 / 3 + 1));
    for (FileFacts f : all) {
      SessionRef ref = new SessionRef(f.facts().source(), f.facts().sessionId());
      Object before = bySession.putIfAbsent(ref, f);
      if (before instanceof FileFacts one) {
        List<FileFacts> list = new ArrayList<>(2);
        list.add(one);
        list.add(f);
        bySession.put(ref, list);
      } else if (before != null) {
        @SuppressWarnings("unchecked")
        List<FileFacts> list = (List<FileFacts>) before;
        list.add(f);
      }
    }
    Map<SessionRef, SessionFacts> out = new HashMap<>(Math.max(16, bySession.size() * 4 / 3 + 1));
    for (Map.Entry<SessionRef, Object> e : bySession.entrySet()) {
      Object v = e.getValue();
      SessionFacts merged;
      if (v instanceof FileFacts one) {
        merged = asMerged(one.facts()) ? one.facts() : mergeOne(new ArrayList<>(List.of(one)));
      } else {
        @SuppressWarnings("unchecked")
        List<FileFacts> list = (List<FileFacts>) v;
        merged = mergeOne(list);
      }
      out.put(e.getKey(), merged);
    }
    return out;
  }

  /**
   * Whether merging the facts of a single file gives them back as they are: no blank text, an activity range that
   * is whole and in order, no blank attribute.
   */
  private static boolean asMerged(SessionFacts f) {
    if (blank(f.title()) || blank(f.project()) || blank(f.channel()) || blank(f.cronJob())
        || blank(f.parentSessionId())) {
      return false;
    }
    if (f.firstSeen().isPresent() != f.lastSeen().isPresent()
        || (f.firstSeen().isPresent() && f.lastSeen().get().isBefore(f.firstSeen().get()))) {
      return false;
    }
    for (String value : f.attributes().values()) {
      if (value == null || value.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static boolean blank(Optional<String> text) {
    return text.isPresent() && text.get().isBlank();
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
