package io.github.cream.core;

/** The length of a report row. */
public enum Period {
  /** Calendar days. */
  DAY,
  /** Weeks starting on a chosen day. */
  WEEK,
  /** Calendar months. */
  MONTH
}
