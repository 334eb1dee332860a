/**
 * The engine's private machinery: provider discovery, file walking and line framing, deduplication, pricing and
 * aggregation. Not exported; may change in any release.
 */
package io.github.cream.core.internal;
