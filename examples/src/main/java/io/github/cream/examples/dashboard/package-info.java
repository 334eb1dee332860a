/**
 * {@code cream dashboard}: a local web page of usage and live prompt-cache state, built on the library's public API
 * only ({@code Cream}, {@code UsageSnapshot}, its reports, sessions, cache states and timelines, {@code Watch}).
 *
 * <p>{@link io.github.cream.examples.dashboard.DashboardCommand} is the command; {@code DashboardServer} serves the
 * page and its JSON documents with the JDK's built-in HTTP server, on the loopback interface only, behind a random
 * token and a Host check; {@code LiveUsage} keeps the latest snapshot from a {@code Watch} and
 * {@code EventStream} pushes each change to open pages as server-sent events. The page draws with Chart.js, shipped
 * inside the jar with its licence.
 */
package io.github.cream.examples.dashboard;
