/**
 * The bundled offline price table and its lookup: {@link io.github.cream.core.internal.pricing.PriceTable} loads
 * {@code prices.json} (US dollars per million tokens, exact decimal strings), resolves the model ids agents write to
 * its entries without substring matching, and applies a user's override file with diagnostics instead of exceptions.
 * Internal to the engine; not exported.
 */
package io.github.cream.core.internal.pricing;
