/**
 * Contract tests for {@link io.github.cream.spi.Source} authors.
 *
 * <p>Add {@code io.github.cream:cream-testkit} with test scope and extend
 * {@link io.github.cream.testkit.SourceContractTest} once per source: say how to create the source and give a few
 * sample transcripts ({@link io.github.cream.testkit.SampleFile}) in the agent's real format. The inherited tests
 * check what the SPI asks of every source and what a source's own tests rarely try: a stable lowercase id and a
 * cheap no-argument constructor; registration in both {@code META-INF/services} and {@code module-info}, found by
 * {@link java.util.ServiceLoader} on the class path and the module path; roots derived from the environment's
 * home and the agent's variables; parsing that never throws on garbage (random bytes, truncated lines, wrong JSON
 * types, deep nesting, huge numbers, hostile strings), fed to the parser directly so an exception surfaces; the
 * same records and facts when a file is resumed at any line boundary; and no log content in any diagnostic.
 *
 * <p>For a source's own tests: {@link io.github.cream.testkit.ParserHarness} runs its parser over a file as the
 * engine frames it, whole or in pieces; {@link io.github.cream.testkit.SharedFixtures} reads real logs kept outside
 * the repository, skipping when they are absent.
 *
 * <pre>{@code
 * class AcmeSourceContractTest extends SourceContractTest {
 *   protected Source createSource() { return new AcmeSource(); }
 *   protected List<SampleFile> sampleFiles() {
 *     Path root = SampleFile.resourceDirectory(AcmeSourceContractTest.class, "/acme/sessions");
 *     return List.of(SampleFile.of(root, "2026/03/a.jsonl"));
 *   }
 * }
 * }</pre>
 */
package io.github.cream.testkit;
