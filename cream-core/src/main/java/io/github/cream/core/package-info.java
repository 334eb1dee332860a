/**
 * The engine's public face: {@link io.github.cream.core.Cream} scans, {@link io.github.cream.core.UsageSnapshot}
 * holds the result and answers reports. Everything under {@code io.github.cream.core.internal} is private to the
 * engine and may change in any release.
 */
package io.github.cream.core;
