/**
 * cream's contract tests for source authors: {@link io.github.cream.testkit.SourceContractTest}, an abstract JUnit 5
 * class a {@link io.github.cream.spi.Source} passes by extending it. A test library: add it with test scope.
 */
module io.github.cream.testkit {
  requires transitive io.github.cream.api;
  requires transitive io.github.cream.core;
  requires transitive org.junit.jupiter.api;

  exports io.github.cream.testkit;
  // JUnit reaches the kit's test methods reflectively
  opens io.github.cream.testkit;
}
