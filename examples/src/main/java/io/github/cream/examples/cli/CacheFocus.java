package io.github.cream.examples.cli;

import io.github.cream.api.CacheState;
import io.github.cream.api.CacheVerdict;
import io.github.cream.core.ReportJson;
import io.github.cream.core.SessionCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The rows {@code cache --active}, {@code --last N} and {@code --order} keep, in the order they ask for. */
final class CacheFocus {

  /** How long after expiring a cache still counts as active: one can still decide whether to resume. */
  static final Duration RECENTLY_EXPIRED = Duration.ofHours(1);

  private CacheFocus() {}

  /**
   * The sessions the options keep: most recently active first (oldest first with {@code --order asc}), only the
   * active ones with {@code --active}, the N most recently active with {@code --last N}.
   *
   * @param caches every session's verdict
   * @param focus the options
   * @param now the instant the verdicts were given at
   * @return the rows to show
   */
  static List<SessionCache> apply(List<SessionCache> caches, Options.Focus focus, Instant now) {
    List<SessionCache> out = new ArrayList<>();
    for (SessionCache c : caches) {
      if (!focus.active() || active(c.verdict(), c.verdict().lastActivity().or(() -> c.session().lastActivity()).orElse(null), now)) {
        out.add(c);
      }
    }
    out.sort(ReportJson.CACHE_ORDER);
    if (focus.last() > 0 && out.size() > focus.last()) {
      out = new ArrayList<>(out.subList(0, focus.last()));
    }
    if (focus.ascending()) {
      Collections.reverse(out);
    }
    return out;
  }

  /**
   * Whether a cache is worth a glance now: warm, or expired within the last hour; for a verdict without an expiry
   * (unknown), a session active within the last hour.
   */
  static boolean active(CacheVerdict v, Instant lastActivity, Instant now) {
    if (lastActivity != null && lastActivity.isAfter(now)) {
      return false; // asked about the past (--now): a session active only later is not active then
    }
    if (v.state() == CacheState.WARM) {
      return true;
    }
    Instant since = now.minus(RECENTLY_EXPIRED);
    if (v.expiresAt().isPresent()) {
      return !v.expiresAt().get().isBefore(since);
    }
    return lastActivity != null && !lastActivity.isBefore(since);
  }
}
