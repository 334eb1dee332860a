package io.github.cream.spi;

/** What a {@link Source} can do beyond the usage every source reports. */
public enum Capability {
  /** Reports billed calls (every source). */
  USAGE,
  /** Can list a session's messages with their content, on request. */
  MESSAGES,
  /** Its logs carry the cost the agent computed. */
  RECORDED_COST,
  /** Its files can be watched for appended calls. */
  WATCH,
  /** Its calls carry enough cache evidence for a cache verdict. */
  CACHE_STATE,
  /** Its sessions carry a working directory, so reports can be scoped to a project. */
  PROJECT_SCOPING
}
