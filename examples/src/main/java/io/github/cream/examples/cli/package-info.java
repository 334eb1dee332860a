/**
 * cream's example command-line tool ({@code examples/target/cream.jar}): daily, weekly and monthly usage, sessions,
 * billing blocks and sources, as tables for people or as JSON for programs. Start at {@link
 * io.github.cream.examples.cli.Main}.
 */
package io.github.cream.examples.cli;
