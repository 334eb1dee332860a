package io.github.cream.core;

import io.github.cream.api.Cost;
import io.github.cream.api.Enrichment;
import io.github.cream.api.Message;
import io.github.cream.api.TokenCounts;
import io.github.cream.api.UsageRecord;
import io.github.cream.api.UsageTotals;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session's message as {@link Cream#messages} gives it: the message, and — when it is the message whose call the
 * scan counts — that call's usage and cost.
 *
 * <p>A billed call is attached to exactly one message: the one whose log line holds the copy of the call that
 * deduplication kept (for a response Claude Code streamed over several lines, the line with the final counts). Its
 * {@link Message#usage()} is then the counted record (the one in {@link UsageSnapshot#records()}) and {@link #cost()}
 * the cost the snapshot gave it ({@link CostMode} respected). Every other message has neither, so the usage of a
 * session's messages sums to the session's totals.
 *
 * @param message the message; its usage is the counted call, or empty
 * @param part which message of its log line this is: 0 for the first, 1 and up for further messages the same line
 *     gave (a line can report several calls, each on a message of its own); with {@link Message#origin()} it
 *     identifies the message within a read
 * @param cost the call's cost, when the message carries one
 * @param call which billed call the message's line reports, whether or not it is counted on this message: an
 *     opaque key, the same for every line of one streamed response (so a view can show them as one step), empty
 *     for a message that reports no call
 * @param enrichment what an enricher fetched about the call the message carries, if anything (see
 *     {@link PricedRecord#enrichment()})
 */
public record PricedMessage(
    Message message, int part, Optional<Cost> cost, Optional<String> call, Optional<Enrichment> enrichment) {

  /**
   * Validates the components.
   *
   * @param message the message
   * @param part its index within its line
   * @param cost its call's cost
   * @param call the call its line reports
   * @param enrichment what an enricher fetched about its call
   */
  public PricedMessage {
    Objects.requireNonNull(message, "message");
    if (part < 0) {
      throw new IllegalArgumentException("part must not be negative, was " + part);
    }
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(call, "call");
    if (cost.isPresent() != message.usage().isPresent()) {
      throw new IllegalArgumentException("a message has a cost exactly when it has a usage");
    }
    Objects.requireNonNull(enrichment, "enrichment");
    if (enrichment.isPresent() && message.usage().isEmpty()) {
      throw new IllegalArgumentException("only a message with a usage can have an enrichment");
    }
  }

  /**
   * A message whose call, if any, was not enriched.
   *
   * @param message the message
   * @param part its index within its line
   * @param cost its call's cost
   * @param call the call its line reports
   */
  public PricedMessage(Message message, int part, Optional<Cost> cost, Optional<String> call) {
    this(message, part, cost, call, Optional.empty());
  }

  /**
   * The counted call this message reports.
   *
   * @return the call, or empty
   */
  public Optional<UsageRecord> usage() {
    return message.usage();
  }

  /**
   * The tokens of the call this message reports.
   *
   * @return the tokens, {@link TokenCounts#ZERO} without a call
   */
  public TokenCounts tokens() {
    return message.usage().map(UsageRecord::tokens).orElse(TokenCounts.ZERO);
  }

  /**
   * Whether the call read from the prompt cache.
   *
   * @return true when it read at least one cached token
   */
  public boolean readsCache() {
    return tokens().cacheRead() > 0;
  }

  /**
   * Whether the call wrote to the prompt cache.
   *
   * @return true when it wrote at least one token to the cache
   */
  public boolean writesCache() {
    return tokens().cacheWrite() > 0;
  }

  /**
   * The totals of the calls some messages carry (each call is on exactly one message).
   *
   * @param messages the messages
   * @return the totals
   */
  public static UsageTotals totals(List<PricedMessage> messages) {
    UsageTotals t = UsageTotals.ZERO;
    for (PricedMessage m : messages) {
      if (m.usage().isPresent() && m.cost().isPresent()) {
        t = t.plus(UsageTotals.of(m.usage().get().tokens(), m.cost().get()));
      }
    }
    return t;
  }
}
