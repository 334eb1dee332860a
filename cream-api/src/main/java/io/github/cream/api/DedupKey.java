package io.github.cream.api;

import java.util.Objects;

/**
 * Says which records are copies of the same billed call, so that the engine counts each call once across every
 * file of a scan.
 *
 * <p>The rule, applied by the engine over all records of all files, in any scan order:
 * <ol>
 *   <li>Records with the same {@code group} describe the same billed work (copies in resumed or forked files,
 *       streamed versions of one response, archived duplicates).
 *   <li>Within a group only the records with the lowest {@code tier} count. A replay that must never count when
 *       the original is present gets a higher tier than the original (a subagent's replay of its parent's
 *       message, say).
 *   <li>Within a group and tier, one record survives per {@code variant}: the one with the most tokens (the final
 *       line of a streamed response); ties go to the earliest timestamp (a call copied into a resumed session is
 *       re-stamped there: the original keeps the call, and its session with it), then to the earliest
 *       {@link Origin}. It keeps the earliest timestamp of the records it replaced, so a response is dated when
 *       it started.
 * </ol>
 * Records without a key are always counted.
 *
 * <pre>{@code
 * // Claude Code: one call = (message id, request id); a subagent's copy of a main-session message ranks below it
 * new DedupKey("msg_01ABC", "req_01XYZ", sidechain ? 1 : 0);
 * }</pre>
 *
 * @param group what the copies share; non-empty
 * @param variant what tells distinct calls within the group apart; may be empty
 * @param tier lower tiers win; 0 is the original
 */
public record DedupKey(String group, String variant, int tier) {

  /**
   * Validates the components.
   *
   * @param group what the copies share
   * @param variant what tells calls apart within the group
   * @param tier lower wins
   */
  public DedupKey {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(variant, "variant");
    if (group.isEmpty()) {
      throw new IllegalArgumentException("group must not be empty");
    }
    if (tier < 0) {
      throw new IllegalArgumentException("tier must not be negative, was " + tier);
    }
  }

  /**
   * Whether {@code o} is a key with equal components: a record's own equality, written out (the one a record is
   * given makes method handles and classes at run time on its first use, which every new process pays for).
   *
   * @param o another object
   * @return whether group, variant and tier are equal
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof DedupKey k && tier == k.tier && group.equals(k.group) && variant.equals(k.variant);
  }

  /**
   * The components' hash codes combined in declaration order, {@code h = 31 * h + c}, as a record's own.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return (31 * group.hashCode() + variant.hashCode()) * 31 + tier;
  }

  /**
   * A key whose group alone identifies the call.
   *
   * @param group the call's identity
   * @return the key
   */
  public static DedupKey of(String group) {
    return new DedupKey(group, "", 0);
  }
}
