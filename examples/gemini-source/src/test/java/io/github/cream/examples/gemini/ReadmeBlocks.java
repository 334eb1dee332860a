package io.github.cream.examples.gemini;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads code blocks out of README.md, to check them against the code that is compiled. */
final class ReadmeBlocks {

  private ReadmeBlocks() {}

  /** The lines of the first {@code ```java} block of a Markdown file that contains a line starting with a text. */
  static List<String> javaBlock(Path markdown, String containing) throws IOException {
    List<String> block = null;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (block == null) {
        if (line.strip().equals("```java")) {
          block = new ArrayList<>();
        }
      } else if (line.strip().equals("```")) {
        if (block.stream().anyMatch(l -> l.startsWith(containing))) {
          return block;
        }
        block = null;
      } else {
        block.add(line);
      }
    }
    throw new AssertionError("no java block with '" + containing + "' in " + markdown);
  }

  /** The lines strictly between two marker lines. */
  static List<String> between(List<String> lines, String begin, String end) {
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(begin)) {
        from = i + 1;
      } else if (lines.get(i).strip().equals(end) && from >= 0) {
        return lines.subList(from, i);
      }
    }
    throw new AssertionError("no " + begin + " ... " + end);
  }

  /** Lines without their indentation and trailing blanks, blank lines dropped. */
  static List<String> normalize(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
