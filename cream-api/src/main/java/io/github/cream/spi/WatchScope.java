package io.github.cream.spi;

/** Where a {@link Source}'s new sessions can appear, so a watcher knows what to watch. */
public enum WatchScope {
  /** Anywhere under the source's roots: watch them all (Codex's dated folders, OpenClaw's agents). */
  GLOBAL,
  /** In a folder per project: a tool showing one project may watch that project's folder alone. */
  PROJECT
}
