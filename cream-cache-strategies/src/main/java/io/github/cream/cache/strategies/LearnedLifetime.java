package io.github.cream.cache.strategies;

import io.github.cream.spi.GapObservation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A cache lifetime learned from idle gaps: the longest idle gap after which calls still found their prefix cached,
 * and the shortest after which they no longer did.
 *
 * <h2>Which observations count</h2>
 * <ul>
 *   <li>A <em>hit</em> is a call that read at least half its prompt from the cache: the conversation's own prefix
 *       survived the gap. A call that read less (say the shared system prompt and tools, which other sessions keep
 *       warm, while the conversation was rewritten) counts as a <em>miss</em>: the prefix a resume needs was gone.
 *       {@link GapObservation#hit()}, any read at all, would make every long gap look like a hit for providers that
 *       cache shared prefixes across sessions.
 *   <li>Calls with an empty prompt say nothing and are dropped; so are misses whose prompt is smaller than the smallest
 *       prompt that ever hit, since the provider may simply not cache prompts that small.
 * </ul>
 *
 * <h2>How the lifetime is found</h2>
 * The observations are sorted by gap and split once, between two distinct gaps, into "short gaps, predicted hits"
 * and "long gaps, predicted misses". The split chosen is the one that contradicts the fewest observations (misses
 * left of it plus hits right of it; ties go to the shorter lifetime). This is a one-threshold classifier: it
 * tolerates the noise real logs have (a miss after a prompt rewrite at a short gap, a lucky hit after a long one),
 * where "the largest gap that ever hit" alone would be decided by a single outlier. The learned lifetime is then the
 * largest gap that hit left of the split: the cache demonstrably survived that long. The smallest gap that missed
 * right of it bounds it from above; between the two the history has no evidence either way.
 *
 * <h2>How many samples are enough</h2>
 * At least {@value #MIN_EACH_SIDE} hits left of the split and {@value #MIN_EACH_SIDE} misses right of it, and at most
 * {@value #MAX_CONTRADICTION_PERCENT}% of the observations contradicting the split. Reasoning: if gaps told nothing
 * about hits, the ten observations of a 5-hit, 5-miss sample would fall in hits-then-misses order by chance with
 * probability 1 / C(10, 5) = 1/252, under 0.5%; with 3 and 3 it is 1/20, too easy to get by luck, and a single
 * miss or hit on one side would also make the bound rest on one call. Requiring misses <em>after</em> the split (not
 * just misses anywhere) makes sure the history contains long idle gaps at all: a user who never paused cannot teach
 * a lifetime. Over {@value #MAX_CONTRADICTION_PERCENT}% contradictions means that idle time does not explain hits
 * and misses for this provider (routing, eviction under load, or prompt rewrites dominate), and no lifetime is
 * claimed.
 *
 * <h2>Confidence</h2>
 * MEDIUM ("enough of the user's own history") with at least {@value #STRONG_EACH_SIDE} observations on each side,
 * at most {@value #STRONG_CONTRADICTION_PERCENT}% contradictions and a tight bracket (the shortest miss at most twice
 * the longest hit); LOW otherwise. Never HIGH: nothing here is published.
 */
final class LearnedLifetime {

  // Why 5 and 20%: with 5 hits and 5 misses, an order that puts every hit before every miss arises by chance (gaps
  // unrelated to hits) once in C(10, 5) = 252 samples, so a clean split is real evidence; 3 and 3 would be luck one
  // time in 20. The 20% ceiling lets a few rewritten prompts (misses at short gaps) and shared-prefix reads (hits at
  // long gaps) through, but not data where idle time plainly does not decide hits. See the class comment.

  /** Hits left of the split and misses right of it needed before any lifetime is claimed. */
  static final int MIN_EACH_SIDE = 5;

  /** The most contradicting observations tolerated, in percent. */
  static final int MAX_CONTRADICTION_PERCENT = 20;

  /** Observations on each side for MEDIUM confidence. */
  static final int STRONG_EACH_SIDE = 20;

  /** The most contradicting observations for MEDIUM confidence, in percent. */
  static final int STRONG_CONTRADICTION_PERCENT = 5;

  private final int usable;
  private final int hits;
  private final int hitsBefore;
  private final int missesAfter;
  private final int contradictions;
  private final Duration longestHit;
  private final Duration shortestMiss;

  private LearnedLifetime(
      int usable,
      int hits,
      int hitsBefore,
      int missesAfter,
      int contradictions,
      Duration longestHit,
      Duration shortestMiss) {
    this.usable = usable;
    this.hits = hits;
    this.hitsBefore = hitsBefore;
    this.missesAfter = missesAfter;
    this.contradictions = contradictions;
    this.longestHit = longestHit;
    this.shortestMiss = shortestMiss;
  }

  /**
   * Whether an observation counts as a hit: at least half its prompt came from the cache.
   *
   * @param o the observation
   * @return true for a hit
   */
  static boolean isHit(GapObservation o) {
    return o.cacheReadTokens() > 0 && o.cacheReadTokens() >= o.promptTokens() - o.cacheReadTokens();
  }

  /**
   * Learns from observations.
   *
   * @param observations the observations, possibly null or holding nulls
   * @return what was learned; check {@link #enough()}
   */
  static LearnedLifetime learn(Collection<GapObservation> observations) {
    List<GapObservation> obs = new ArrayList<>();
    if (observations != null) {
      for (GapObservation o : observations) {
        if (o != null && o.promptTokens() > 0) {
          obs.add(o);
        }
      }
    }
    long smallestHitPrompt = Long.MAX_VALUE;
    for (GapObservation o : obs) {
      if (isHit(o)) {
        smallestHitPrompt = Math.min(smallestHitPrompt, o.promptTokens());
      }
    }
    final long floor = smallestHitPrompt;
    obs.removeIf(o -> !isHit(o) && o.promptTokens() < floor);
    obs.sort(Comparator.comparing(GapObservation::idleGap));

    int n = obs.size();
    int totalHits = 0;
    for (GapObservation o : obs) {
      totalHits += isHit(o) ? 1 : 0;
    }
    // split k: observations [0, k) are predicted hits, [k, n) predicted misses; k = 0 predicts all misses
    int bestK = 0;
    int bestErrors = totalHits;
    int missesLeft = 0;
    int hitsLeft = 0;
    for (int k = 1; k <= n; k++) {
      GapObservation prev = obs.get(k - 1);
      if (isHit(prev)) {
        hitsLeft++;
      } else {
        missesLeft++;
      }
      boolean boundary = k == n || obs.get(k).idleGap().compareTo(prev.idleGap()) > 0;
      if (!boundary) {
        continue;
      }
      int errors = missesLeft + (totalHits - hitsLeft);
      if (errors < bestErrors) {
        bestErrors = errors;
        bestK = k;
      }
    }
    int hitsBefore = 0;
    Duration longestHit = null;
    for (int i = 0; i < bestK; i++) {
      if (isHit(obs.get(i))) {
        hitsBefore++;
        longestHit = obs.get(i).idleGap();
      }
    }
    int missesAfter = 0;
    Duration shortestMiss = null;
    for (int i = bestK; i < n; i++) {
      if (!isHit(obs.get(i))) {
        missesAfter++;
        if (shortestMiss == null) {
          shortestMiss = obs.get(i).idleGap();
        }
      }
    }
    return new LearnedLifetime(n, totalHits, hitsBefore, missesAfter, bestErrors, longestHit, shortestMiss);
  }

  /**
   * Whether the evidence is enough to claim a lifetime.
   *
   * @return true when both sides have enough observations and few contradict the split
   */
  boolean enough() {
    return hitsBefore >= MIN_EACH_SIDE && missesAfter >= MIN_EACH_SIDE && !contradictory();
  }

  /**
   * Whether too many observations contradict the best split.
   *
   * @return true above {@value #MAX_CONTRADICTION_PERCENT}%
   */
  boolean contradictory() {
    return usable > 0 && contradictions * 100L > (long) MAX_CONTRADICTION_PERCENT * usable;
  }

  /**
   * Whether the evidence is strong enough for medium confidence.
   *
   * @return true with many observations, few contradictions and a tight bracket
   */
  boolean strong() {
    return enough()
        && hitsBefore >= STRONG_EACH_SIDE
        && missesAfter >= STRONG_EACH_SIDE
        && contradictions * 100L <= (long) STRONG_CONTRADICTION_PERCENT * usable
        && shortestMiss.compareTo(longestHit.multipliedBy(2)) <= 0;
  }

  /**
   * Observations left after dropping the uninformative ones.
   *
   * @return the count
   */
  int usable() {
    return usable;
  }

  /**
   * Usable observations that hit.
   *
   * @return the count
   */
  int hits() {
    return hits;
  }

  /**
   * Hits at gaps up to the split.
   *
   * @return the count
   */
  int hitsBefore() {
    return hitsBefore;
  }

  /**
   * Misses at gaps beyond the split.
   *
   * @return the count
   */
  int missesAfter() {
    return missesAfter;
  }

  /**
   * Observations on the wrong side of the split.
   *
   * @return the count
   */
  int contradictions() {
    return contradictions;
  }

  /**
   * The learned lifetime: the longest gap that still hit, left of the split.
   *
   * @return the gap; only meaningful when {@link #enough()}
   */
  Duration longestHit() {
    return Objects.requireNonNull(longestHit, "no hit before the split");
  }

  /**
   * The upper bound: the shortest gap that missed, right of the split.
   *
   * @return the gap; only meaningful when {@link #enough()}
   */
  Duration shortestMiss() {
    return Objects.requireNonNull(shortestMiss, "no miss after the split");
  }
}
