package io.github.cream.source.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The transcript filter on a path's text decides as the one on its names does, for any root and file. */
class TranscriptFilterProperties {

  @Property(tries = 2000)
  void textAndNamesAgree(@ForAll("paths") String root, @ForAll("paths") String file) {
    Path r = Path.of(root);
    for (Path f : List.of(Path.of(file), r.resolve(file.substring(1)), Path.of(root + file))) {
      assertEquals(ClaudeSource.isTranscriptByNames(r, f), ClaudeSource.isTranscript(r, f), r + " / " + f);
    }
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> name = Arbitraries.of(
        "p", "s", "subagents", "tool-results", "journal.jsonl", "a.jsonl", ".jsonl", "x.jsonl.bak", "r", "r-x",
        "subagents.jsonl", "tool-results.jsonl", "é.jsonl", "workflows");
    return name.list().ofMinSize(0).ofMaxSize(6).map(l -> "/" + String.join("/", l));
  }
}
