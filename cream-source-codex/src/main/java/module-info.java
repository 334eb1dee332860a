/**
 * Source {@code codex}: reads the rollout logs OpenAI's Codex CLI (and Codex Desktop, the IDE extension and
 * {@code codex exec}) writes under {@code $CODEX_HOME}, and turns their cumulative token counters into one usage
 * record per billed model step. See {@link io.github.cream.source.codex.CodexSource} for the rules.
 */
module io.github.cream.source.codex {
  requires io.github.cream.api;
  requires com.fasterxml.jackson.core;

  provides io.github.cream.spi.Source with
      io.github.cream.source.codex.CodexSource;
}
