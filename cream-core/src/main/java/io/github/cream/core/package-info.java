/**
 * The engine's public face: {@link io.github.cream.core.Cream} scans, {@link io.github.cream.core.UsageSnapshot}
 * holds the result and answers reports; a session browser lists {@link io.github.cream.core.SessionView}s and
 * opens one with a {@link io.github.cream.core.MessageCursor} (its messages, each call's usage and cost on the
 * message that carries it) or as a {@link io.github.cream.core.SessionTimeline}. Everything under {@code io.github.cream.core.internal} is private to the
 * engine and may change in any release.
 */
package io.github.cream.core;
