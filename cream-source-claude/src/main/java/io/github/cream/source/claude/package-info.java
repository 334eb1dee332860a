/**
 * The {@code claude} source: Claude Code session logs ({@code ~/.claude/projects/**&#47;*.jsonl}) read into one
 * usage record per billed API call, with session facts (title, working directory, activity). Not exported: the
 * engine loads {@link io.github.cream.source.claude.ClaudeSource} through {@link java.util.ServiceLoader}; the
 * parsing rules are described on {@code ClaudeParser}.
 */
package io.github.cream.source.claude;
