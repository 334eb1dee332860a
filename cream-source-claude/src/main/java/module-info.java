/**
 * The {@code claude} source: reads the session logs Claude Code writes under {@code ~/.claude/projects} (and
 * {@code $XDG_CONFIG_HOME/claude/projects}, or wherever {@code CLAUDE_CONFIG_DIR} points) and turns them into one
 * usage record per billed API call. It exports nothing: the engine finds it through {@link java.util.ServiceLoader}.
 */
module io.github.cream.source.claude {
  requires io.github.cream.api;
  requires com.fasterxml.jackson.core;

  provides io.github.cream.spi.Source with
      io.github.cream.source.claude.ClaudeSource;
}
