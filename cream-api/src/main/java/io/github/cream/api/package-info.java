/**
 * Immutable value types: one normalized {@link io.github.cream.api.UsageRecord} per billed model call, exact
 * {@link io.github.cream.api.Money}, mergeable {@link io.github.cream.api.UsageTotals}, session facts and summaries,
 * {@link io.github.cream.api.Diagnostic}s and the injected {@link io.github.cream.api.Environment}.
 *
 * <p>Every type here is immutable and thread-safe; no method accepts or returns {@code null} (absent values are
 * {@link java.util.Optional}s or empty collections).
 *
 * <h2>Token meaning</h2>
 * Token counts are <em>normalized</em> across agents: {@code input} never includes cache reads or writes (the
 * Anthropic meaning; sources whose logs include cached tokens in the input, like Codex, subtract them),
 * {@code output} includes reasoning, and {@code reasoning} is informational (already part of {@code output}). See
 * {@link io.github.cream.api.TokenCounts}.
 */
package io.github.cream.api;
