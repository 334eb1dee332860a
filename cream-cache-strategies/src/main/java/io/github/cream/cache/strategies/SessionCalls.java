package io.github.cream.cache.strategies;

import io.github.cream.api.RecordFlag;
import io.github.cream.api.UsageRecord;
import io.github.cream.spi.CacheHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Picks, from a session's calls, the ones that share the cache a resume would hit.
 *
 * <ul>
 *   <li>The cache belongs to one provider and one model: calls of other models neither refresh nor end it. The
 *       anchor is the session's latest call of {@link CacheHistory#provider()} and {@link CacheHistory#model()}
 *       (or, if the history names a model none of its calls has, the latest call).
 *   <li>A resume continues the main conversation. Subagent calls ({@link RecordFlag#SUBAGENT}) send their own
 *       prompts and so hold their own cache entries; they are left out whenever the session has main-conversation
 *       calls of the same model, and used only when it has none.
 *   <li>Calls are ordered by timestamp (stable, so equal timestamps keep the history's order).
 * </ul>
 */
final class SessionCalls {

  private SessionCalls() {}

  /**
   * The calls of the session's current cache, oldest first.
   *
   * @param history the session
   * @return the calls, possibly empty
   */
  static List<UsageRecord> cacheCalls(CacheHistory history) {
    List<UsageRecord> all = ordered(history.calls());
    if (all.isEmpty()) {
      return List.of();
    }
    String provider = history.provider();
    String model = history.model();
    UsageRecord anchor = null;
    for (int i = all.size() - 1; i >= 0 && anchor == null; i--) {
      UsageRecord c = all.get(i);
      if (c.model().equals(model) && c.provider().equals(provider)) {
        anchor = c;
      }
    }
    if (anchor == null) {
      anchor = all.get(all.size() - 1);
    }
    List<UsageRecord> same = new ArrayList<>();
    List<UsageRecord> main = new ArrayList<>();
    for (UsageRecord c : all) {
      if (c.model().equals(anchor.model()) && c.provider().equals(anchor.provider())) {
        same.add(c);
        if (!c.has(RecordFlag.SUBAGENT)) {
          main.add(c);
        }
      }
    }
    return main.isEmpty() ? same : main;
  }

  /**
   * The session's calls without nulls, ordered by timestamp.
   *
   * @param calls the calls as given, possibly null
   * @return a new list
   */
  static List<UsageRecord> ordered(List<UsageRecord> calls) {
    if (calls == null) {
      return List.of();
    }
    List<UsageRecord> out = new ArrayList<>(calls.size());
    for (UsageRecord c : calls) {
      if (c != null) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparing(UsageRecord::timestamp));
    return out;
  }

  /**
   * Whether any of the calls wrote to the cache: the provider reports (and so bills) cache writes.
   *
   * @param calls the calls
   * @return true if one of them wrote
   */
  static boolean anyWrite(List<UsageRecord> calls) {
    return calls.stream().filter(Objects::nonNull).anyMatch(c -> c.tokens().cacheWrite() > 0);
  }
}
