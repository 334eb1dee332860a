/**
 * An example plug-in: the {@code gemini} source, reading the append-only JSONL chat files Google's Gemini CLI
 * writes under {@code ~/.gemini/tmp}. It depends on {@code cream-api} and {@code jackson-core} only, exports
 * nothing, and is found with {@link java.util.ServiceLoader} on the module path (this declaration) and on the class
 * path ({@code META-INF/services/io.github.cream.spi.Source}). See
 * {@link io.github.cream.examples.gemini.GeminiCliSource}.
 */
module io.github.cream.examples.gemini {
  requires io.github.cream.api;
  requires com.fasterxml.jackson.core;

  provides io.github.cream.spi.Source with
      io.github.cream.examples.gemini.GeminiCliSource;
}
