package io.github.cream.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One session as a report shows it: the facts its files gave, merged, and the totals of its calls.
 *
 * @param source id of the source
 * @param sessionId the session
 * @param project the working directory
 * @param title a short title
 * @param category interactive, subagent, cron or system, if known
 * @param channel where an interactive session came from, if known
 * @param cronJob the scheduled job's name, for cron sessions
 * @param parentSessionId the session this one was forked or spawned from
 * @param firstActivity the earliest activity (call or logged line)
 * @param lastActivity the latest activity (call or logged line)
 * @param providers the providers of its calls, most used first
 * @param models the models of its calls, most used first
 * @param totals the totals of its calls
 * @param rateLimits the latest rate-limit state the session logged
 * @param attributes further source-specific facts
 * @param upstreamProviders the providers that really served its routed calls, most used first, where an
 *     {@linkplain Enrichment enrichment} said (empty when nothing was routed or nothing was enriched)
 */
public record SessionSummary(
    String source,
    String sessionId,
    Optional<String> project,
    Optional<String> title,
    Optional<SessionCategory> category,
    Optional<String> channel,
    Optional<String> cronJob,
    Optional<String> parentSessionId,
    Optional<Instant> firstActivity,
    Optional<Instant> lastActivity,
    List<String> providers,
    List<String> models,
    UsageTotals totals,
    Optional<RateLimits> rateLimits,
    Map<String, String> attributes,
    List<String> upstreamProviders) {

  /**
   * Validates and copies the components.
   *
   * @param source source id
   * @param sessionId session id
   * @param project working directory
   * @param title title
   * @param category category
   * @param channel channel
   * @param cronJob cron job name
   * @param parentSessionId parent session
   * @param firstActivity earliest activity
   * @param lastActivity latest activity
   * @param providers providers
   * @param models models
   * @param totals totals
   * @param rateLimits rate-limit state
   * @param attributes further facts
   * @param upstreamProviders upstream providers of its routed calls
   */
  public SessionSummary {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(cronJob, "cronJob");
    Objects.requireNonNull(parentSessionId, "parentSessionId");
    Objects.requireNonNull(firstActivity, "firstActivity");
    Objects.requireNonNull(lastActivity, "lastActivity");
    providers = List.copyOf(providers);
    models = List.copyOf(models);
    Objects.requireNonNull(totals, "totals");
    Objects.requireNonNull(rateLimits, "rateLimits");
    attributes = Map.copyOf(attributes);
    upstreamProviders = List.copyOf(upstreamProviders);
  }

  /**
   * A summary without upstream providers.
   *
   * @param source source id
   * @param sessionId session id
   * @param project working directory
   * @param title title
   * @param category category
   * @param channel channel
   * @param cronJob cron job name
   * @param parentSessionId parent session
   * @param firstActivity earliest activity
   * @param lastActivity latest activity
   * @param providers providers
   * @param models models
   * @param totals totals
   * @param rateLimits rate-limit state
   * @param attributes further facts
   */
  public SessionSummary(
      String source,
      String sessionId,
      Optional<String> project,
      Optional<String> title,
      Optional<SessionCategory> category,
      Optional<String> channel,
      Optional<String> cronJob,
      Optional<String> parentSessionId,
      Optional<Instant> firstActivity,
      Optional<Instant> lastActivity,
      List<String> providers,
      List<String> models,
      UsageTotals totals,
      Optional<RateLimits> rateLimits,
      Map<String, String> attributes) {
    this(source, sessionId, project, title, category, channel, cronJob, parentSessionId, firstActivity, lastActivity,
        providers, models, totals, rateLimits, attributes, List.of());
  }

  /**
   * This summary with the upstream providers of its routed calls.
   *
   * @param value the upstream providers, most used first
   * @return a copy
   */
  public SessionSummary withUpstreamProviders(List<String> value) {
    return new SessionSummary(source, sessionId, project, title, category, channel, cronJob, parentSessionId,
        firstActivity, lastActivity, providers, models, totals, rateLimits, attributes, value);
  }

  /**
   * A summary from merged facts and the session's call totals.
   *
   * @param facts the merged facts of the session's files
   * @param firstActivity the earliest activity
   * @param lastActivity the latest activity
   * @param providers providers, most used first
   * @param models models, most used first
   * @param totals totals of the calls
   * @return the summary
   */
  public static SessionSummary of(
      SessionFacts facts,
      Optional<Instant> firstActivity,
      Optional<Instant> lastActivity,
      List<String> providers,
      List<String> models,
      UsageTotals totals) {
    return new SessionSummary(
        facts.source(), facts.sessionId(), facts.project(), facts.title(), facts.category(), facts.channel(),
        facts.cronJob(), facts.parentSessionId(), firstActivity, lastActivity, providers, models, totals,
        facts.rateLimits(), facts.attributes());
  }
}
